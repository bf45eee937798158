"""The Staff tab: the people an administrator or supervisor looks after.

An agency's administrators and supervisors see their own agency's staff;
the hub's administrators see everyone's. Each button is shown only to the
roles whose work it is and enabled only for a member it applies to; the
services refuse anything else whatever the buttons show.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from ...domain import access
from ...security.accounts import SignedIn
from ...services.admin import users
from ...services.admin.fingerprints import member_fingerprint
from ...services.admin.staff import Staff, load_staff
from ...store.database import Database
from ..common import errors
from .staff_dialogs import AddUserDialog, ChangeRolesDialog, ResetPasswordDialog
from .tables import action_button, button_row, chosen_key, fill, key_table, plural
from ..common.background import Operation
from ..common.form_widgets import note_label

HEADERS = ("Username", "Name", "Agency", "Roles", "State", "Confirmed")
DISABLE = ("Disable {name} ({username})?\n\n"
           "They can no longer sign in, and their agency's key changes at the next sign-in of a member, so "
           "they cannot read anything written afterwards. Everything they recorded stays.")

CONFIRM = ("Confirm {name} ({username}) as a member of your agency?\n\n"
           "Their key fingerprint, as the hub holds it:\n\n{fingerprint}\n\n"
           "Ask them to read out the fingerprint under Session › My key fingerprint at their own "
           "workstation. Confirm only if every group matches: your agency's keys are then shared with them.")


def state_text(user: users.UserInfo) -> str:
    return "disabled" if not user.active else "locked" if user.locked else "active"


class StaffTab(QWidget):
    """Staff with their roles and state, and the actions on them."""

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.staff: Staff | None = None
        self.users: dict[str, users.UserInfo] = {}
        roles = signed.actor.roles
        self.table = key_table(HEADERS, "Staff")
        self.add_button = action_button("&Add user…", f"Add a member of staff to {signed.actor.agency_code}")
        self.confirm_button = action_button("C&onfirm", "Vouch for a new member and share the agency's keys")
        self.unlock_button = action_button("&Unlock", "Unlock an account locked after failed sign-ins")
        self.roles_button = action_button("Change &roles…", "Give the chosen member other roles")
        self.disable_button = action_button("&Disable…", "Stop the chosen member signing in")
        self.reset_button = action_button("Reset &password…", "Set a new password with the agency's recovery key")
        admin = access.may_act(roles, access.Step.ADMINISTER)
        shown = {self.add_button: admin, self.confirm_button: access.may_act(roles, access.Step.CONFIRM_MEMBER),
                 self.unlock_button: admin, self.roles_button: admin, self.disable_button: admin,
                 self.reset_button: access.may_act(roles, access.Step.KEEP_STAFF)}
        for button, visible in shown.items():
            button.setVisible(visible)
        self.done_note = note_label("done", "staffDone")
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(*shown))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.done_note)
        self.add_button.clicked.connect(self.add_user)
        self.confirm_button.clicked.connect(self.confirm)
        self.confirm_box: QMessageBox | None = None
        self.unlock_button.clicked.connect(lambda: self._act(users.unlock_account, lambda name, _: f"Unlocked {name}."))
        self.roles_button.clicked.connect(self.change_roles)
        self.disable_button.clicked.connect(self.disable)
        self.reset_button.clicked.connect(self.reset_password)
        self.table.itemSelectionChanged.connect(self._update)
        self._update()

    def reload(self) -> None:
        Operation(self, partial(load_staff, self.db, self.signed)).success(self._show) \
            .failure(lambda exc: errors.show_error(self, exc)).run()

    def _show(self, staff: Staff) -> None:
        self.staff = staff
        self.users = {u.username: u for u in staff.users}
        fill(self.table, [(u.username, (u.username, u.display_name, u.agency, ", ".join(r.label for r in u.roles),
                                        state_text(u), "yes" if u.confirmed else "no")) for u in staff.users],
             frozenset(u.username for u in staff.users if not u.active))
        self._update()

    def chosen(self) -> users.UserInfo | None:
        name = chosen_key(self.table)
        return self.users.get(name) if name else None

    def _update(self) -> None:
        user, me = self.chosen(), self.signed.actor
        own = user is not None and user.agency == me.agency_code
        self.confirm_button.setEnabled(own and user.active and not user.confirmed
                                       and access.holds(user.roles, access.CASEWORK_ROLES))
        # Accounts are changed by their own agency's administrators only.
        self.unlock_button.setEnabled(own and user.locked)
        self.disable_button.setEnabled(own and user.active and user.username != me.username)
        self.roles_button.setEnabled(own and user.active and user.username != me.username)
        self.reset_button.setEnabled(own and user.active)

    def _done(self, text: str) -> None:
        self.done_note.setText(text)
        self.done_note.setVisible(bool(text))

    def _act(self, service: Callable[[Database, SignedIn, str], Any], done: Callable[[str, Any], str]) -> None:
        """Run ``service`` on the chosen member in the background; say ``done(username, result)``."""
        user = self.chosen()
        if user is None:
            return
        db, signed, name = self.db, self.signed, user.username
        Operation(self, lambda: service(db, signed, name)).success(
            lambda result: self._acted(done(name, result))).run()

    def _acted(self, text: str) -> None:
        self._done(text)
        self.reload()

    # -- dialogs ----------------------------------------------------------------------

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self, self.db, self.signed)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        return dialog

    def _added(self, dialog: AddUserDialog) -> None:
        name = dialog.username.text().strip().lower()
        casework = access.holds(dialog.roles(), access.CASEWORK_ROLES)
        self._acted(f"Added {name}." + (" A supervisor of the agency confirms them before they read anything."
                                        if casework else ""))

    def change_roles(self) -> ChangeRolesDialog | None:
        user = self.chosen()
        if user is None:
            return None
        dialog = ChangeRolesDialog(self, self.db, self.signed, user)
        dialog.accepted.connect(lambda: self._acted(
            f"Changed the roles of {user.username} to {', '.join(r.label for r in dialog.roles())}."))
        dialog.open()
        return dialog

    def confirm(self) -> None:
        """Show the member's verified key fingerprint, then confirm on Yes."""
        user = self.chosen()
        if user is None:
            return
        db, signed, name = self.db, self.signed, user.username
        Operation(self, lambda: member_fingerprint(db, signed, name)).success(
            lambda fingerprint: self._ask_confirm(user, fingerprint)).run()

    def _ask_confirm(self, user: users.UserInfo, fingerprint: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Confirm a new member",
                          CONFIRM.format(name=user.display_name, username=user.username, fingerprint=fingerprint),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda result: result == QMessageBox.StandardButton.Yes and self._act(
            users.confirm_member, lambda name, shared: f"Confirmed {name}: {plural(shared, 'key')} shared."))
        self.confirm_box = box
        box.open()

    def disable(self) -> None:
        user = self.chosen()
        if user is None:
            return
        text = DISABLE.format(name=user.display_name, username=user.username)
        if QMessageBox.question(self, "Disable an account", text) == QMessageBox.StandardButton.Yes:
            self._act(users.disable_account, lambda name, _: f"Disabled {name}.")

    def reset_password(self) -> ResetPasswordDialog | None:
        user = self.chosen()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self, self.db, self.signed, user.username)
        dialog.accepted.connect(lambda: self._acted(f"New password set for {user.username}; the account is "
                                                    "unlocked."))
        dialog.open()
        return dialog
