"""The Partners tab: every partner agency with its seats, staff and status.

Any administrator sees the list; the hub's own administrators also see Add
partner…, Change seats… and Retire…. Retiring asks first and keeps the
agency's history: it stays in the list, greyed, as retired.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from ...security.accounts import SignedIn
from ...services.admin.partners import PartnerRow, Partners, Retired, load_partners, retire_agency
from ...store.database import Database
from ..common import errors
from .keys import KeysDialog
from .partner_dialogs import AddPartnerDialog, SeatsDialog
from .tables import action_button, button_row, chosen_key, fill, hub_day, key_table, plural
from ..common.background import Operation
from ..common.form_widgets import note_label

HEADERS = ("Code", "Name", "Kind", "Seats", "Active users", "Status")
HUB_ONLY = "Partners are added, changed and retired by the hub's own administrators."
RETIRE = ("Retire {name} ({code})?\n\n"
          "Its {users} are disabled and its workstations withdrawn, so nobody can sign in "
          "for it, and it is no longer asked to research. Everything it recorded stays: its panels, "
          "disclosures, documents and audit trail. This cannot be undone from the client.")


def status_text(row: PartnerRow) -> str:
    if row.active:
        return "Active"
    return f"Retired {hub_day(row.retired_at)}".strip()


class PartnersTab(QWidget):
    """Partner agencies and, for the hub's administrators, what can be done to them."""

    #: A partner was added, changed or retired.
    changed = Signal()

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.rows: dict[str, PartnerRow] = {}
        self.table = key_table(HEADERS, "Partner agencies")
        self.add_button = action_button("&Add partner…", "Add a partner agency with its keys and its lead")
        self.seats_button = action_button("Change &seats…", "Change the seats of the chosen partner")
        self.retire_button = action_button("&Retire…", "Retire the chosen partner, keeping its history")
        self.only_hub = note_label("hint", "partnersOnlyHub")
        self.only_hub.setText(HUB_ONLY)
        self.done_note = note_label("done", "partnersDone")
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.add_button, self.seats_button, self.retire_button))
        layout.addWidget(self.only_hub)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.done_note)
        for button in (self.add_button, self.seats_button, self.retire_button):
            button.setVisible(False)  # until the load says whether this reader may manage partners
        self.add_button.clicked.connect(self.add_partner)
        self.seats_button.clicked.connect(self.change_seats)
        self.retire_button.clicked.connect(self.retire)
        self.table.itemSelectionChanged.connect(self._update)
        self.loading = False

    def reload(self) -> None:
        self.loading = True
        Operation(self, partial(load_partners, self.db, self.signed)).success(self._show) \
            .failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        errors.show_error(self, exc)

    def _show(self, partners: Partners) -> None:
        self.loading = False
        self.rows = {r.code: r for r in partners.rows}
        fill(self.table, [(r.code, (r.code, r.name, r.kind.label, r.seats, r.active_users, status_text(r)))
                          for r in partners.rows], frozenset(r.code for r in partners.rows if not r.active))
        for button in (self.add_button, self.seats_button, self.retire_button):
            button.setVisible(partners.can_manage)
        self.only_hub.setVisible(not partners.can_manage)
        self._update()

    def chosen(self) -> PartnerRow | None:
        code = chosen_key(self.table)
        return self.rows.get(code) if code else None

    def _update(self) -> None:
        row = self.chosen()
        for button in (self.seats_button, self.retire_button):
            button.setEnabled(row is not None and row.active)

    def _done(self, text: str) -> None:
        self.done_note.setText(text)
        self.done_note.setVisible(bool(text))

    # -- actions -------------------------------------------------------------------

    def add_partner(self) -> AddPartnerDialog:
        dialog = AddPartnerDialog(self, self.db, self.signed)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        return dialog

    def _added(self, dialog: AddPartnerDialog) -> None:
        kit, name = dialog.kit, dialog.name.text().strip()
        dialog.kit = None  # the keys live in the keys dialog only
        self._done(f"Added {name} ({kit.agency_code}) with its lead {dialog.lead.text().strip().lower()}.")
        self.keys_dialog = KeysDialog(kit, name, self)
        self.keys_dialog.finished.connect(lambda _result: setattr(self, "keys_dialog", None))
        self.keys_dialog.open()
        self.reload()
        self.changed.emit()

    def change_seats(self) -> SeatsDialog | None:
        row = self.chosen()
        if row is None:
            return None
        dialog = SeatsDialog(self, self.db, self.signed, row)
        dialog.accepted.connect(lambda: self._seats_changed(row, dialog.seats.value()))
        dialog.open()
        return dialog

    def _seats_changed(self, row: PartnerRow, seats: int) -> None:
        self._done(f"{row.code} now has {plural(seats, 'seat')} (it had {row.seats}).")
        self.reload()
        self.changed.emit()

    def retire(self) -> None:
        row = self.chosen()
        if row is None:
            return
        text = RETIRE.format(name=row.name, code=row.code, users=plural(row.active_users, "active account"))
        if QMessageBox.question(self, "Retire a partner", text) != QMessageBox.StandardButton.Yes:
            return
        db, signed = self.db, self.signed
        Operation(self, lambda: retire_agency(db, signed, row.code)).success(self._retired).run()

    def _retired(self, done: Retired) -> None:
        self._done(f"Retired {done.code}: {plural(done.disabled_users, 'account')} disabled, "
                   f"{plural(done.withdrawn_workstations, 'workstation')} withdrawn. Its history is kept.")
        self.reload()
        self.changed.emit()
