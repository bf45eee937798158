"""Adding a member of staff with roles, changing roles, and resetting a password with the recovery key.

An administrator adds staff to their own agency (the one this workstation
is enrolled to): the new member signs in at once and reads nothing until a
supervisor confirms them. A password reset needs the agency's recovery key,
typed in here and used once; the user's keys are wrapped again under the
new password and never shown.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from ...domain.access import CASEWORK_ROLES
from ...domain.codes import Role
from ...domain.errors import FieldError
from ...security.accounts import SignedIn
from ...services.admin import users
from ...services.admin.staff import load_staff
from ...store.database import Database
from . import passwords as admin_passwords
from .passwords import PasswordPair
from ..common.form_dialog import FormDialog

ROLE_TIPS = {
    Role.OFFICER: "Researches the agency's records and writes its panel",
    Role.SUPERVISOR: "Screens, rates, allocates, authorises disclosures and confirms new members",
    Role.DECISION_MAKER: "Records the hub's decision",
    Role.ADMIN: "Looks after staff and workstations; reads no panel",
    Role.AUDITOR: "Reads and verifies the audit trail; reads no panel",
    Role.DEPUTY_AUTHORISER: "Authorises, refuses or returns disclosures made without consent, as a supervisor "
                            "may; given with a casework role",
    Role.IG_OFFICER: "Keeps sharing agreements, retention, legal holds, disposal and subject access; reads no panel",
}


def role_boxes(form: QFormLayout, on_change, ticked=frozenset()) -> dict[Role, QCheckBox]:
    """A row of role boxes (each with what the role does as its tooltip)."""
    boxes: dict[Role, QCheckBox] = {}
    row = QHBoxLayout()
    for role in Role:
        box = QCheckBox(role.label)
        box.setToolTip(ROLE_TIPS[role])
        box.setChecked(role in ticked)
        boxes[role] = box
        row.addWidget(box)
        box.toggled.connect(on_change)
    form.addRow("Roles:", row)
    return boxes


class AddUserDialog(FormDialog):
    """A new member of the administrator's own agency."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn) -> None:
        agency = signed.actor.agency_code
        super().__init__(parent, db, signed, f"Add a member of staff to {agency}", "&Add user")
        self._taken: set[str] = set()
        form = QFormLayout(self.body)
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.username.setPlaceholderText("e.g. jo.bloggs")
        self.username.setAccessibleName("Username")
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(200)
        self.display_name.setAccessibleName("Full name")
        form.addRow("&Username:", self.username)
        form.addRow("&Full name:", self.display_name)
        self.role_boxes = role_boxes(form, self.revalidate)
        self.password = PasswordPair(form, "the new user's")
        for signal in (self.username.textChanged, self.display_name.textChanged, self.password.changed):
            signal.connect(self.revalidate)
        self.load(partial(load_staff, db, signed), self._show)

    def _show(self, staff) -> None:
        self._taken = {u.username for u in staff.users}

    def roles(self) -> list[Role]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def problem(self) -> str | None:
        name = self.username.text().strip().lower()
        checks = (
            (not name, "Give the new user a username."),
            (not users.USERNAME_RE.match(name),
             "A username is 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter."),
            (name in self._taken, f"There is already a user {name}."),
            (not self.display_name.text().strip(), "Give the new user's full name."),
            (not self.roles(), "Give the new user at least one role."),
        )
        return next((text for failed, text in checks if failed), None) or self.password.problem()

    def save(self) -> None:
        db, signed, roles = self.db, self.signed, self.roles()
        username, name, password = self.username.text(), self.display_name.text(), self.password.password()
        params = admin_passwords.KDF_PARAMS
        self.run_save(lambda: users.add_account(db, signed, username, name, roles, password, params), self._added)

    def _added(self, _info: users.UserInfo) -> None:
        self.password.clear()
        self.accept()


class ResetPasswordDialog(FormDialog):
    """A new password for a member of the lead's agency, with the agency's recovery key."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, username: str) -> None:
        super().__init__(parent, db, signed, f"New password for {username}", "&Set password")
        self.username = username
        form = QFormLayout(self.body)
        self.password = PasswordPair(form, f"{username}'s new")
        self.recovery = QLineEdit()
        self.recovery.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery.setAccessibleName(f"Recovery key of {signed.actor.agency_code}")
        form.addRow(f"&Recovery key of {signed.actor.agency_code}:", self.recovery)
        self.password.changed.connect(self.revalidate)
        self.recovery.textChanged.connect(self.revalidate)
        self.recovery.setPlaceholderText("As printed when the agency was added")
        self.setMinimumWidth(560)
        self.load(lambda: None, lambda _: None)

    def problem(self) -> str | None:
        if not self.recovery.text().strip():
            return self.password.problem() or "Type the agency's recovery key (the lead keeps it offline)."
        return self.password.problem()

    def save(self) -> None:
        try:
            recovery = users.read_recovery_key(self.recovery.text())
        except FieldError as exc:
            self.show_message(str(exc))
            return
        db, signed, username, password = self.db, self.signed, self.username, self.password.password()
        self.run_save(lambda: users.reset_password(db, signed, username, password, recovery), self._reset)

    def _reset(self, _none: None) -> None:
        self.password.clear()
        self.recovery.clear()
        self.accept()


class ChangeRolesDialog(FormDialog):
    """Other roles for a member; says when their agency keys go with the change."""

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, user: users.UserInfo) -> None:
        super().__init__(parent, db, signed, f"Roles of {user.display_name} ({user.username})", "&Change roles")
        self.user, self.before = user, frozenset(user.roles)
        form = QFormLayout(self.body)
        self.role_boxes = role_boxes(form, self._changed, self.before)
        self.keys_note = QLabel()
        self.keys_note.setWordWrap(True)
        form.addRow(self.keys_note)
        self._changed()
        self.load(lambda: None, lambda _: None)

    def roles(self) -> list[Role]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def _changed(self) -> None:
        after = frozenset(self.roles())
        if self.before & CASEWORK_ROLES and after and not after & CASEWORK_ROLES:
            note = (f"{self.user.username} will hold no casework role: their copies of the agency's keys are "
                    "withdrawn and the key changes, so they read nothing written afterwards.")
        elif after & CASEWORK_ROLES and not self.before & CASEWORK_ROLES:
            note = f"A supervisor confirms {self.user.username} before they read anything."
        else:
            note = ""
        self.keys_note.setText(note)
        self.keys_note.setVisible(bool(note))
        self.revalidate()

    def problem(self) -> str | None:
        after = frozenset(self.roles())
        if not after:
            return "Leave at least one role."
        return "Tick or untick a role to change it." if after == self.before else None

    def save(self) -> None:
        db, signed, username, roles = self.db, self.signed, self.user.username, self.roles()
        self.run_save(lambda: users.change_roles(db, signed, username, roles), lambda _info: self.accept())
