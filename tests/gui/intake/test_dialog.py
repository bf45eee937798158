"""The intake form: checked as one types, duplicates offered, linking or a new person."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.errors import Conflict
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.gui.intake.fields import DateField
from mash_desktop.store.models import Person, Referral, ReferralPerson

from ..intake_helpers import click, fill_referrer, fill_subject, fill_the_rest, ready

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def signed(hub):
    return hub.sign_in("csc.officer")


@pytest.fixture
def dialog(qtbot, hub, signed, settled):
    dialog = IntakeDialog(None, hub.db, signed)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _people(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(Person.id)))


def _subject_of(db, reference: str) -> Person:
    with db.read() as s:
        return s.scalars(select(Person).join(ReferralPerson).join(Referral)
                         .where(Referral.reference == reference, ReferralPerson.is_subject.is_(True))).one()


def test_an_empty_form_says_what_is_needed(dialog):
    assert not dialog.submit.isEnabled()
    needed = dialog.needed.text()
    for line in ("Contact source: required", "Subject 1, given name: required",
                 "Subject 1, date of birth: give a date of birth", "Concerns, categories: must list at least 1",
                 "Parents or carers aware: required"):
        assert line in needed
    assert not any(w.property("invalid") for w in dialog.form.fields().values())


def test_fields_are_checked_as_one_types(qtbot, dialog):
    row = dialog.form.subjects.rows[0]
    qtbot.keyClicks(row.address["postcode"], "NG5 9Q")
    qtbot.waitUntil(lambda: bool(row.address["postcode"].property("invalid")))
    assert row.address["postcode"].toolTip() == "must be a UK postcode like NG1 5AB"
    assert "Subject 1, postcode: must be a UK postcode" in dialog.needed.text()
    assert "Subject 1, address: required" in dialog.needed.text()
    qtbot.keyClicks(row.address["postcode"], "T")
    qtbot.waitUntil(lambda: not row.address["postcode"].property("invalid"))

    qtbot.keyClicks(row.born, "31/02/2017")
    qtbot.waitUntil(lambda: bool(row.born.property("invalid")))
    assert row.born.toolTip() == DateField.PROBLEM
    row.born.clear()
    qtbot.keyClicks(row.born, "14/06/2017")
    qtbot.waitUntil(lambda: not row.born.property("invalid"))

    qtbot.keyClicks(dialog.form.referrer.name, "H")
    qtbot.waitUntil(lambda: "Referrer, name" not in dialog.needed.text())
    dialog.form.referrer.name.clear()  # typed, then emptied: now it is marked
    qtbot.waitUntil(lambda: dialog.form.referrer.name.toolTip() == "required")


def test_household_rows_come_and_go(qtbot, dialog):
    household = dialog.form.household
    click(qtbot, household.add)
    click(qtbot, household.add)
    assert [r.title.text() for r in household.rows] == ["Household member 1", "Household member 2"]
    qtbot.waitUntil(lambda: "Household member 2, given name: required" in dialog.needed.text())
    click(qtbot, household.rows[0].remove)
    assert [r.title.text() for r in household.rows] == ["Household member 1"]
    member = household.rows[0]
    qtbot.keyClicks(member.given, "Kerry")
    qtbot.keyClicks(member.family, "Calder")
    qtbot.keyClicks(member.relationship, "mother")
    fill_subject(qtbot, dialog, "Ruby", "Calder", "14/06/2017", "NG5 9QT")
    click(qtbot, member.same_address)
    [payload] = dialog.form.payload()["household"]
    assert payload["address"] == {"line1": "14 Larch Close", "line2": "", "town": "", "postcode": "NG5 9QT"}
    qtbot.waitUntil(lambda: "Household" not in dialog.needed.text())


def test_a_near_match_is_offered_and_linking_creates_no_person(qtbot, dialog, hub):
    ruby = _subject_of(hub.db, "MASH-2026-000001")
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Rubi", "Calder", "14/06/2017", "ng59qt")
    fill_the_rest(qtbot, dialog)
    ready(qtbot, dialog)
    before = _people(hub.db)

    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    group = dialog.matches.groups[0]
    [card] = group.cards
    texts = [label.text() for label in card.findChildren(type(dialog.needed))]
    assert any(t.startswith("Ruby Calder, born 14 Jun 2017") for t in texts)
    assert any("given name sounds alike" in t and "same date of birth" in t for t in texts)
    assert any(t.startswith("Open: MASH-2026-000001") for t in texts)
    assert dialog.choose.isVisible() and dialog.back.isVisible() and not dialog.submit.isVisible()

    click(qtbot, card.link)
    qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    assert dialog.done_note.text() == f"Contact recorded as {dialog.reference}."
    assert _people(hub.db) == before
    assert _subject_of(hub.db, dialog.reference).id == ruby.id


def test_none_of_these_creates_a_new_person(qtbot, dialog, hub):
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Rubi", "Calder", "14/06/2017")  # Ruby exactly would be linked in any case
    fill_the_rest(qtbot, dialog)
    ready(qtbot, dialog)
    before = _people(hub.db)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    click(qtbot, dialog.matches.groups[0].create_new)
    qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    assert _people(hub.db) == before + 1


def test_someone_new_is_created_without_asking(qtbot, dialog, hub):
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Zainab", "Okafor", "02/03/2015", "NG7 1AA")
    fill_the_rest(qtbot, dialog)
    ready(qtbot, dialog)
    before = _people(hub.db)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    assert dialog.pages.currentIndex() == 0 and dialog.reference == "MASH-2026-000002"
    assert _people(hub.db) == before + 1
    subject = _subject_of(hub.db, dialog.reference)
    assert (subject.given_name, subject.postcode, subject.given_key) == ("Zainab", "NG7 1AA", "SNB")
    assert dialog.cancel.text() == "Close" and not dialog.submit.isVisible()


def test_a_refusal_is_shown_in_the_form(qtbot, hub, signed, settled):
    def refuse(payload):
        raise Conflict("The hub is not taking contacts just now.")

    dialog = IntakeDialog(None, hub.db, signed, submit=refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Zainab", "Okafor", "02/03/2015")
    fill_the_rest(qtbot, dialog)
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert dialog.message.text() == "The hub is not taking contacts just now."
    assert dialog.reference is None and dialog.submit.isEnabled()
