"""The tour's screens of the front door beyond the first eight (see tour.py).

The queue showing new contacts, most urgent first; the Screen dialog of a new
contact with the people its subjects may be; the further details of a person
on the intake form. Nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ...domain.codes import Status
from ...services.demo.content import referral_payload
from ..intake.dialog import IntakeDialog
from ..shell.main_window import MainWindow
from ..steps.screening import ScreeningDialog
from .tour_kit import Hub, TourFailed, form_dialog, save, show, wait


def new_contacts(window: MainWindow, out: Path, name: str) -> Path:
    """The queue of ``window`` showing only new contacts, the most urgent at the top, selected."""
    status = window.filters.status
    index = next((i for i in range(status.count()) if status.itemText(i) == Status.NEW.label), None)
    if index is None:
        raise TourFailed("the queue cannot show new contacts on their own")
    status.setCurrentIndex(index)
    wait(lambda: not window.loading and window.model.rowCount() > 0 and window.reference_at(0) is not None,
         "the queue of new contacts")
    window.table.selectRow(0)
    try:
        return save(window, out, name)
    finally:
        status.setCurrentIndex(0)
        wait(lambda: not window.loading, "the whole queue")


def screening(hub: Hub, out: Path, name: str) -> Path:
    """A supervisor's Screen dialog on the oldest new contact, with the case's essentials beside it."""
    reference = hub.reference("new contact", Status.NEW)
    dialog = form_dialog(ScreeningDialog(None, hub.db, hub.signed("csc.supervisor"), reference),
                         f"the Screen dialog of {reference}")
    try:
        wait(lambda: dialog.brief.case is not None, f"the essentials of {reference}")
        return save(dialog, out, name)
    finally:
        dialog.done(0)
        dialog.deleteLater()


def _adult_contact() -> dict[str, object]:
    """The first generated contact about an adult whose every further detail has a value."""
    today, now = dt.date.today(), dt.datetime.now(dt.timezone.utc)
    for seed in range(1, 500):
        payload = referral_payload(random.Random(seed), today=today, received_at=now)
        subject = payload["subjects"][0]
        if subject.get("care_and_support_needs") and subject.get("ethnicity") not in (None, "", "Not stated") \
                and subject.get("first_language"):
            return payload
    raise TourFailed("no generated contact is about an adult with care and support needs")


def further_details(hub: Hub, out: Path, name: str) -> Path:
    """The intake form scrolled to the first subject's further details, opened and filled in."""
    intake = IntakeDialog(None, hub.db, hub.signed("csc.supervisor"), prefill=_adult_contact())
    try:
        show(intake)
        row = intake.form.subjects.rows[0]
        row.more.open()
        wait(lambda: row.more.body.isVisible(), "the further details of the subject")
        top = row.mapTo(intake.form.widget(), row.rect().topLeft()).y()
        intake.form.verticalScrollBar().setValue(top - 8)
        wait(lambda: True, "the intake form")
        return save(intake, out, name)
    finally:
        intake.done(0)
        intake.deleteLater()
