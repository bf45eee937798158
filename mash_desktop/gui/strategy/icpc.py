"""Record when the initial child protection conference was held.

Offered on a discussion that started s47 enquiries and has no conference
recorded ("Record ICPC held…" on the Decision page), to supervisors and
decision makers; services/strategy/discussions.py checks that again, once,
and signs the date as the person recording it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QWidget

from ...domain.strategy import DiscussionEntry
from ...domain.zone import HUB_ZONE
from ...reports.wording import day
from ...security.accounts import SignedIn
from ...services.strategy.discussions import record_icpc
from ...store.database import Database
from ..case.widgets import text_label
from ..common.form_dialog import FormDialog
from ..help import content as help_content


class IcpcDialog(FormDialog):
    """The day the initial child protection conference was held."""

    help_section = help_content.STRATEGY

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, entry: DiscussionEntry) -> None:
        super().__init__(parent, db, signed, "Initial child protection conference held", "&Record")
        self.entry = entry
        self.held = QDateEdit()
        self.held.setCalendarPopup(True)
        self.held.setDisplayFormat("dd/MM/yyyy")
        self.held.setAccessibleName("Day the conference was held")
        today = dt.datetime.now(HUB_ZONE).date()
        self.held.setDate(QDate(today.year, today.month, today.day))
        form = QFormLayout(self.body)
        form.addRow(text_label(f"The conference following the strategy discussion of "
                               f"{day(entry.convened_at.astimezone(HUB_ZONE).date())} was due by "
                               f"{day(entry.icpc_due_on)} (15 working days)."))
        form.addRow("&Held on:", self.held)
        self.held.dateChanged.connect(self.revalidate)
        self.load(lambda: entry.id, lambda _: self.held.setFocus())

    def held_on(self) -> dt.date:
        shown = self.held.date()
        return dt.date(shown.year(), shown.month(), shown.day())

    def problem(self) -> str | None:
        if self.held_on() > dt.datetime.now(HUB_ZONE).date():
            return "The day it was held is in the future."
        if self.held_on() < self.entry.convened_at.astimezone(HUB_ZONE).date():
            return "The conference cannot be before the strategy discussion."
        return None

    def save(self) -> None:
        held, number = self.held_on(), self.entry.id
        self.run_save(lambda: record_icpc(self.db, self.signed.actor, number, held))


def run_icpc(parent: QWidget | None, db: Database, signed: SignedIn, entry: DiscussionEntry) -> bool:
    dialog = IcpcDialog(parent, db, signed, entry)
    dialog.exec()
    return dialog.changed
