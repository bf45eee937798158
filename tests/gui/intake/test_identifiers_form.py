"""NHS numbers and UPNs on the intake form: typed, checked as typed, prefilled,
stored, and used to find someone known; and shown in the case."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget
from sqlalchemy import select

from mash_desktop.gui.case.sections import summary_page
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.store.models import Person

from ... import hub_factory
from ..intake_helpers import click, fill_referrer, fill_subject, fill_the_rest, ready

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def backend():
    """The form does the same on every database (the services are tested on both)."""
    return "sqlite"


def _open(qtbot, hub, prefill=None) -> IntakeDialog:
    dialog = IntakeDialog(None, hub.db, hub.sign_in("csc.officer"), prefill)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _stored(hub, reference: str) -> list[tuple]:
    with hub.db.read() as s:
        referral = referral_by_reference(s, reference)
        return [(p.person.given_name, p.person.nhs_number, p.person.upn) for p in referral.people]


def _submitted(qtbot, dialog: IntakeDialog) -> str:
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.reference is not None or dialog.pages.currentIndex() == 1, timeout=10_000)
    if dialog.reference is None:
        for group in list(dialog.matches.groups.values()):
            click(qtbot, group.create_new)
        qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    return dialog.reference


def test_the_numbers_are_typed_by_keyboard_checked_and_stored(qtbot, hub, settled):
    dialog = _open(qtbot, hub)
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Mia", "Harlow", "09/03/2015")
    fill_the_rest(qtbot, dialog)
    row = dialog.form.subjects.rows[0]
    more = row.more
    more.toggle.setFocus()
    qtbot.keyClick(more.toggle, Qt.Key.Key_Space)  # "More about this person" opened from the keyboard
    assert more.identifiers.nhs.isVisible() and more.identifiers.upn.isVisible()
    dialog.activateWindow()
    dialog.windowHandle().requestActivate()  # mnemonics reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # N&HS number
    qtbot.waitUntil(lambda: QApplication.focusWidget() is more.identifiers.nhs)
    qtbot.keyClicks(more.identifiers.nhs, "943 476 5918")
    # Checked as typed: the field is marked, the list says what is wrong, nothing can be sent.
    qtbot.waitUntil(lambda: more.identifiers.nhs.property("invalid") is True)
    assert more.identifiers.nhs.toolTip() == "NHS number 943 476 5918 fails its check digit"
    assert "• Subject 1: NHS number 943 476 5918 fails its check digit" in dialog.needed.text()
    assert not dialog.submit.isEnabled()
    more.identifiers.nhs.setFocus()
    qtbot.keyClick(more.identifiers.nhs, Qt.Key.Key_Backspace)
    qtbot.keyClicks(more.identifiers.nhs, "9")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # &UPN
    qtbot.waitUntil(lambda: QApplication.focusWidget() is more.identifiers.upn)
    qtbot.keyClicks(more.identifiers.upn, "b801200005001")
    qtbot.waitUntil(lambda: not more.identifiers.nhs.property("invalid"))
    assert _stored(hub, _submitted(qtbot, dialog)) == [("Mia", "9434765919", "B801200005001")]


def test_a_prefill_with_numbers_opens_the_folds_and_loses_nothing(qtbot, hub, settled):
    payload = copy.deepcopy(hub_factory.EXAMPLE)
    payload["referrer"]["agency"] = None
    payload["subjects"][0] |= {"given_name": "Mia", "family_name": "Harlow", "date_of_birth": "2015-03-09",
                               "nhs_number": "9434765919", "upn": "B801200005001"}
    payload["household"][0]["nhs_number"] = "401 023 2137"
    dialog = _open(qtbot, hub, payload)
    subject, mother, partner = dialog.form.subjects.rows[0], *dialog.form.household.rows
    assert subject.more.body.isVisible() and subject.more.identifiers.nhs.text() == "9434765919"
    assert mother.further.body.isVisible() and mother.further.identifiers.nhs.text() == "401 023 2137"
    assert not partner.further.body.isVisible()  # nothing given for him: kept folded
    assert _stored(hub, _submitted(qtbot, dialog)) == [
        ("Mia", "9434765919", "B801200005001"), ("Kerry", "4010232137", None), ("Dean", None, None)]


def test_a_household_members_bad_number_is_marked_on_their_row(qtbot, hub, settled):
    dialog = _open(qtbot, hub)
    dialog.form.household.add_row()
    member = dialog.form.household.rows[0]
    click(qtbot, member.further.toggle)
    qtbot.keyClicks(member.further.identifiers.upn, "A801200005001")
    qtbot.waitUntil(lambda: member.further.identifiers.upn.property("invalid") is True)
    assert member.further.identifiers.upn.toolTip() == "UPN A801200005001 fails its check letter"
    assert "• Household member 1: UPN A801200005001 fails its check letter" in dialog.needed.text()


def test_the_same_nhs_number_is_found_and_said_in_the_match(qtbot, hub, settled):
    officer = hub.sign_in("csc.officer").actor
    known = copy.deepcopy(hub_factory.EXAMPLE) | {"household": []}
    known["referrer"]["agency"] = None
    known["subjects"][0] |= {"given_name": "Mia", "family_name": "Harlow", "date_of_birth": "2015-03-09",
                             "nhs_number": "9434765919", "address": None}
    add_referral(hub.db, officer, known)
    dialog = _open(qtbot, hub)
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Miya", "Harlowe", "03/09/2015")
    fill_the_rest(qtbot, dialog)
    row = dialog.form.subjects.rows[0]
    click(qtbot, row.more.toggle)
    qtbot.keyClicks(row.more.identifiers.nhs, "9434765919")
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    [group] = dialog.matches.groups.values()
    [card] = group.cards
    texts = [label.text() for label in group.findChildren(QLabel)]
    assert any(t.startswith("Why: Same NHS number") for t in texts)
    assert "Same NHS number as Mia Harlow, known to the hub: the contact is linked to them." in texts
    assert card.link.text() == "Link to this person (same NHS number)"
    assert not group.create_new.isEnabled()


def test_a_different_nhs_number_is_said_to_differ(qtbot, hub, settled):
    officer = hub.sign_in("csc.officer").actor
    known = copy.deepcopy(hub_factory.EXAMPLE) | {"household": []}
    known["referrer"]["agency"] = None
    known["subjects"][0] |= {"given_name": "Mia", "family_name": "Harlow", "date_of_birth": "2015-03-09",
                             "nhs_number": "9434765919", "address": None}
    add_referral(hub.db, officer, known)
    dialog = _open(qtbot, hub)
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "Mia", "Harlow", "09/03/2015")
    fill_the_rest(qtbot, dialog)
    row = dialog.form.subjects.rows[0]
    click(qtbot, row.more.toggle)
    qtbot.keyClicks(row.more.identifiers.nhs, "401 023 2137")
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    [group] = dialog.matches.groups.values()
    [card] = group.cards
    texts = [label.text() for label in group.findChildren(QLabel)]
    assert any("NHS number differs — this contact: 401 023 2137; on record: 943 476 5919" in t for t in texts)
    assert card.link.text() == "Link to this person" and group.create_new.isEnabled()  # not exact: a choice
    click(qtbot, group.create_new)
    qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    with hub.db.read() as s:
        assert len(s.scalars(select(Person.id).where(Person.given_name == "Mia")).all()) == 2


def test_the_case_shows_each_persons_numbers(qtbot, hub):
    payload = copy.deepcopy(hub_factory.EXAMPLE)
    payload["referrer"]["agency"] = None
    payload["subjects"][0] |= {"given_name": "Mia", "family_name": "Harlow", "nhs_number": "9434765919"}
    payload["household"][0] |= {"nhs_number": "4010232137", "upn": "B801200005001"}
    reference = add_referral(hub.db, hub.sign_in("csc.officer").actor, payload)
    case = open_case(hub.db, hub.sign_in("csc.lead"), reference, WORKSPACE)
    page = summary_page(case, dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc))
    qtbot.addWidget(page)
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert texts[texts.index("NHS number:") + 1] == "943 476 5919"
    assert texts[texts.index("UPN:") + 1] == "—"  # none recorded for Mia
    household = page.findChild(QTableWidget, "household")
    headers = [household.horizontalHeaderItem(c).text() for c in range(household.columnCount())]
    column = headers.index("NHS number / UPN")
    assert household.item(0, column).text() == "401 023 2137\nUPN B801200005001"
    assert household.item(1, column).text() == "—"  # none recorded for Dean
