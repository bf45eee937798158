"""The tour's screens of the front door beyond the first eight (see tour.py).

The queue showing new contacts, most urgent first; the Screen dialog of a new
contact with the people its subject may be; the further details of a person
on the intake form.

Only a contact is ever saved: the Screen dialog shows possible matches only
for a new contact about someone the hub may know, so when the demo hub has
none, the tour takes in one from the referrers' portal (as ``referral add``
does) about a known child, their given name mistyped. Every later tour finds
that contact and saves nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ...domain.codes import Status
from ...services.demo import tour_data
from ...services.demo.content import referral_payload
from ...services.intake.referrals import add_referral
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


def contact_about(person: tour_data.KnownChild, given_name: str | None = None) -> dict[str, object]:
    """A child-protection contact about ``person`` (called ``given_name`` if given), as a referrer
    would send it; the concern is told of them by that name."""
    today, now = dt.date.today(), dt.datetime.now(dt.timezone.utc)
    for seed in range(1, 200):  # the first generated contact about one school-age child
        payload = referral_payload(random.Random(seed), today=today, received_at=now)
        subjects = payload["subjects"]
        if len(subjects) == 1 and subjects[0].get("date_of_birth") and not subjects[0].get("expected_due_date"):
            break
    subject = dict(subjects[0])
    called = given_name or person.given_name
    concerns = dict(payload["concerns"])
    concerns["details"] = concerns["details"].replace(subject["given_name"], called)
    subject.update(given_name=called, family_name=person.family_name,
                   date_of_birth=person.date_of_birth.isoformat() if person.date_of_birth else None)
    payload["subjects"], payload["concerns"] = [subject], concerns
    return payload


def _mistyped(name: str) -> str:
    """``name`` as a hurried referrer types it: a doubled letter typed once, or else two letters swapped."""
    for i in range(1, len(name)):
        if name[i] == name[i - 1]:
            return name[:i] + name[i + 1:]
    return name[0] + name[2] + name[1] + name[3:] if len(name) > 3 else name + name[-1]


def contact_with_matches(hub: Hub) -> str:
    """A new contact whose subject may be someone known: the demo hub's oldest, or one the portal sends now."""
    supervisor = hub.signed("csc.supervisor")
    found = tour_data.new_contact_with_matches(hub.db, supervisor)
    if found is None:
        person = hub.known_child()
        add_referral(hub.db, hub.signed("csc.officer").actor, contact_about(person, _mistyped(person.given_name)))
        found = tour_data.new_contact_with_matches(hub.db, supervisor)
    if found is None:
        raise TourFailed("the demo hub has no new contact whose subject may be someone known")
    return found


def screening(hub: Hub, out: Path, name: str) -> Path:
    """A supervisor's Screen dialog on a new contact: who its subject may be, and the case's essentials."""
    reference = contact_with_matches(hub)
    dialog = form_dialog(ScreeningDialog(None, hub.db, hub.signed("csc.supervisor"), reference),
                         f"the Screen dialog of {reference}")
    try:
        wait(lambda: dialog.brief.case is not None and bool(dialog.checks.groups),
             f"the possible matches of {reference}")
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
