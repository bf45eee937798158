"""Intake takes everything: every field of the referral JSON can be typed, and a prefill loses nothing."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime, Qt
from PySide6.QtWidgets import QApplication

from mash_desktop.domain.zone import HUB_ZONE
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.gui.intake.fields import select_data

from ... import hub_factory
from ..intake_helpers import click, fill_referrer, fill_subject, fill_the_rest, ready
from .stored import differences, expected, stored

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def hub(db):
    """A hub whose partners include the school's agency (EDU) the example referral names."""
    return hub_factory.build(db, agencies=("CSC", "EDU"))


@pytest.fixture
def signed(hub):
    return hub.sign_in("csc.officer")


def _open(qtbot, hub, signed, prefill=None) -> IntakeDialog:
    dialog = IntakeDialog(None, hub.db, signed, prefill)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.form.referrer.agency.count() > 1, timeout=5_000)
    return dialog


def _submit(qtbot, dialog: IntakeDialog) -> str:
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.reference is not None or dialog.pages.currentIndex() == 1, timeout=10_000)
    if dialog.reference is None:  # someone like a subject is known: record a new person for each
        for group in list(dialog.matches.groups.values()):  # (one known exactly is linked in any case)
            exact = [card.link for card, match in zip(group.cards, group.matches) if match.exact]
            click(qtbot, group.create_new if group.create_new.isEnabled() else exact[0])
        qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    return dialog.reference


def _everything(today: dt.date) -> dict[str, object]:
    """The example referral with every optional field set, on a phone contact."""
    payload = copy.deepcopy(hub_factory.EXAMPLE)
    payload["channel"] = "phone"
    payload["received_at"] = "2026-11-20T09:41:00+00:00"
    payload["referrer"]["member_of_public"] = True
    payload["referrer"]["identity_withheld"] = True
    ruby = payload["subjects"][0]
    ruby |= {"ethnicity": "Roma (Romanian)", "first_language": "Romanian", "interpreter_needed": True}
    payload["subjects"].append({
        "given_name": "Kerry", "family_name": "Calder", "date_of_birth": "1991-02-09", "expected_due_date": None,
        "gender": "female", "ethnicity": "White: English, Welsh, Scottish, Northern Irish or British",
        "first_language": "English", "interpreter_needed": False, "address": ruby["address"], "school": None,
        "gp": "Meadowbank Medical Practice",
        "care_and_support_needs": "Has a learning disability.\nNeeds help to read letters.",
        "has_capacity": False})
    payload["subjects"].append({
        "given_name": "Baby", "family_name": "Calder", "date_of_birth": None,
        "expected_due_date": (today + dt.timedelta(days=120)).isoformat(), "gender": "unknown",
        "ethnicity": None, "first_language": None, "interpreter_needed": False, "address": None,
        "school": None, "gp": None, "care_and_support_needs": None, "has_capacity": None})
    payload["household"][1]["address"] = {"line1": "3 Mill Lane", "line2": None, "town": "Arnold",
                                          "postcode": "NG5 7AA"}
    payload["household"].append({"given_name": "Nan", "family_name": "Calder", "date_of_birth": None,
                                 "relationship": "grandmother", "address": None})
    payload["parents_aware"] = False
    payload["parents_not_aware_reason"] = "Mum asked us not to tell Dean.\nShe fears his reaction."
    payload["consent"] = {"obtained": False, "from_whom": "Kerry Calder (mother)", "covering": "Ruby Calder",
                          "reason_not_obtained": "Asking would put Kerry at risk."}
    return payload


@pytest.mark.parametrize("variant", ["example", "everything"])
def test_a_prefill_is_stored_as_given(qtbot, hub, signed, settled, variant):
    today = dt.datetime.now(HUB_ZONE).date()
    payload = copy.deepcopy(hub_factory.EXAMPLE) if variant == "example" else _everything(today)
    dialog = _open(qtbot, hub, signed, copy.deepcopy(payload))
    reference = _submit(qtbot, dialog)
    assert differences(expected(payload), stored(hub.db, hub.sign_in("csc.lead"), reference)) == []


def test_every_field_can_be_typed(qtbot, hub, signed, settled):
    dialog = _open(qtbot, hub, signed)
    form = dialog.form
    fill_referrer(qtbot, dialog)
    referrer = form.referrer
    assert referrer.received.isVisible()  # a phone contact, the default channel
    received = dt.datetime(2026, 7, 1, 8, 30, tzinfo=HUB_ZONE)  # British Summer Time: 07:30 UTC
    referrer.received.edit.setDateTime(QDateTime(QDate(2026, 7, 1), QTime(8, 30)))
    qtbot.keyClicks(referrer.organisation, "Hillside Primary")
    select_data(referrer.agency, "EDU")
    qtbot.keyClicks(referrer.email, "h.okonjo@hillside-primary.example.org")
    assert referrer.withheld.toolTip() and not referrer.withheld.isChecked()
    dialog.activateWindow()
    dialog.windowHandle().requestActivate()  # mnemonics reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # its mnemonic
    qtbot.waitUntil(referrer.withheld.isChecked)
    fill_subject(qtbot, dialog, "Kerry", "Calder", "09/02/1991", "NG5 9QT")
    row = form.subjects.rows[0]
    qtbot.keyClicks(row.address["line2"], "Bestwood")
    qtbot.keyClicks(row.address["town"], "Nottingham")
    select_data(row.gender, "female")
    qtbot.keyClicks(row.gp, "Meadowbank Medical Practice")
    more = row.more
    assert not more.body.isVisible()
    more.toggle.setFocus()
    qtbot.keyClick(more.toggle, Qt.Key.Key_Space)  # opened from the keyboard
    assert more.body.isVisible() and more.needs.isVisible() and more.capacity.isVisible()  # an adult
    qtbot.keyClicks(more.ethnicity, "White: Irish")
    qtbot.keyClicks(more.language, "Irish")
    click(qtbot, more.interpreter)
    qtbot.keyClicks(more.needs, "Uses a wheelchair.")
    select_data(more.capacity, True)
    click(qtbot, form.household.add)
    member = form.household.rows[0]
    qtbot.keyClicks(member.given, "Dean")
    qtbot.keyClicks(member.family, "Whitlock")
    qtbot.keyClicks(member.born, "23/10/1988")
    qtbot.keyClicks(member.relationship, "partner")
    click(qtbot, member.own.toggle)
    qtbot.keyClicks(member.own.address["line1"], "3 Mill Lane")
    qtbot.keyClicks(member.own.address["town"], "Arnold")
    qtbot.keyClicks(member.own.address["postcode"], "ng57aa")
    fill_the_rest(qtbot, dialog)
    qtbot.keyClicks(form.consent.covering, "Kerry Calder")
    reference = _submit(qtbot, dialog)

    got = stored(hub.db, hub.sign_in("csc.lead"), reference)
    assert got["received_at"] == received.astimezone(dt.timezone.utc).isoformat() == "2026-07-01T07:30:00+00:00"
    assert (got["channel"], got["referrer"]["organisation"], got["referrer"]["agency"], got["referrer"]["email"]) \
        == ("phone", "Hillside Primary", "EDU", "h.okonjo@hillside-primary.example.org")
    assert got["referrer"]["identity_withheld"] is True
    [kerry] = got["subjects"]
    assert kerry == {"given_name": "Kerry", "family_name": "Calder", "date_of_birth": "1991-02-09",
                     "expected_due_date": None, "gender": "female", "ethnicity": "White: Irish",
                     "first_language": "Irish", "interpreter_needed": True,
                     "address": "14 Larch Close, Bestwood, Nottingham, NG5 9QT", "school": None,
                     "gp": "Meadowbank Medical Practice", "care_and_support_needs": "Uses a wheelchair.",
                     "has_capacity": True}
    assert got["household"] == [{"given_name": "Dean", "family_name": "Whitlock", "date_of_birth": "1988-10-23",
                                 "relationship": "partner", "address": "3 Mill Lane, Arnold, NG5 7AA"}]
    assert got["consent"]["covering"] == "Kerry Calder"


def test_adults_questions_follow_the_date_of_birth(qtbot, hub, signed, settled):
    dialog = _open(qtbot, hub, signed)
    row = dialog.form.subjects.rows[0]
    row.more.open()
    qtbot.keyClicks(row.born, "14/06/2017")
    assert row.more.language.isVisible() and not row.more.needs.isVisible()
    assert row.payload(None)["care_and_support_needs"] == "" and row.payload(None)["has_capacity"] is None
    row.born.clear()
    eighteen = dt.datetime.now(HUB_ZONE).date().replace(year=dt.datetime.now(HUB_ZONE).year - 18)
    qtbot.keyClicks(row.born, eighteen.strftime("%d/%m/%Y"))
    assert row.more.needs.isVisible() and row.more.capacity.isVisible()


def test_a_received_time_in_the_future_is_refused(qtbot, hub, signed, settled):
    dialog = _open(qtbot, hub, signed)
    received = dialog.form.referrer.received
    later = dt.datetime.now(HUB_ZONE) + dt.timedelta(hours=2)
    received.edit.setDateTime(QDateTime(QDate(later.year, later.month, later.day), QTime(later.hour, later.minute)))
    qtbot.waitUntil(lambda: "Received at: is in the future" in dialog.needed.text())
    select_data(dialog.form.referrer.channel, "email")  # not asked for other channels: the hub stamps the time
    assert not received.isVisible()
    qtbot.waitUntil(lambda: "Received" not in dialog.needed.text())
    assert dialog.form.payload()["received_at"] is None
