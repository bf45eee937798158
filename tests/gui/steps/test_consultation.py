"""Recording a consultation in the client, and making it a contact."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from mash_desktop.gui.steps.consultation import ConsultationDialog
from mash_desktop.services.consultations.records import get_consultation
from mash_desktop.store.models import AuditEvent, Consultation

from ..intake_helpers import click, fill_subject, fill_the_rest, ready

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
QUESTION = "A Year 4 pupil says her mum's partner shouts when drunk. Is this a referral?"


@pytest.fixture
def signed(hub):
    return hub.sign_in("csc.officer")


@pytest.fixture
def dialog(qtbot, hub, signed, settled):
    dialog = ConsultationDialog(None, hub.db, signed)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_the_call(qtbot, dialog: ConsultationDialog) -> None:
    qtbot.keyClicks(dialog.name, "Harriet Okonjo")
    qtbot.keyClicks(dialog.role, "Designated safeguarding lead")
    qtbot.keyClicks(dialog.phone, "0115 496 0732")
    qtbot.keyClicks(dialog.question, QUESTION)
    qtbot.keyClicks(dialog.advice, "Speak to the mother today; refer if he stays over.")


def _save(qtbot, dialog: ConsultationDialog) -> None:
    qtbot.waitUntil(dialog.save.isEnabled)
    click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=10_000)


def test_save_waits_for_what_is_needed(qtbot, dialog):
    assert not dialog.save.isEnabled() and not dialog.convert.isEnabled()
    assert "Caller's name: required" in dialog.hint.text() and "Question: required" in dialog.hint.text()
    qtbot.keyClicks(dialog.phone, "call me")
    qtbot.waitUntil(lambda: bool(dialog.phone.property("invalid")))
    assert dialog.phone.toolTip().startswith("must be 7 to 20 digits")


def test_a_consultation_is_recorded_and_audited(qtbot, dialog, hub, signed):
    _type_the_call(qtbot, dialog)
    _save(qtbot, dialog)
    assert dialog.done_note.text() == "Consultation saved, advised by CSC Officer."
    assert dialog.convert.isEnabled() and dialog.question.isReadOnly() and dialog.close_button.text() == "Close"
    with hub.db.read() as s:
        row = s.scalars(select(Consultation)).one()
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "consultation.record")).one()
    assert (row.caller_name, row.topic, row.caller_phone) == ("Harriet Okonjo", QUESTION, "0115 496 0732")
    assert row.given_by_id == signed.actor.user_id
    assert event.object_ref == str(row.id) and "Year 4" not in (event.detail or "")


def test_convert_opens_the_intake_form_filled_in(qtbot, dialog, hub, signed):
    _type_the_call(qtbot, dialog)
    _save(qtbot, dialog)
    click(qtbot, dialog.convert)
    intake = dialog.intake
    assert intake is not None and intake.isVisible()
    referrer = intake.form.referrer
    assert (referrer.name.text(), referrer.phone.text()) == ("Harriet Okonjo", "0115 496 0732")
    assert intake.form.concerns.details.toPlainText() == QUESTION
    assert referrer.channel.currentData() == "phone"

    qtbot.keyClicks(referrer.source, "School")
    fill_subject(qtbot, intake, "Zainab", "Okafor", "02/03/2015")
    intake.form.concerns.details.clear()
    fill_the_rest(qtbot, intake)
    ready(qtbot, intake)
    click(qtbot, intake.submit)
    qtbot.waitUntil(lambda: intake.reference is not None, timeout=10_000)
    click(qtbot, intake.cancel)  # now "Close"
    qtbot.waitUntil(lambda: dialog.reference is not None)

    assert dialog.done_note.text() == f"Consultation saved and made into contact {dialog.reference}."
    assert not dialog.convert.isEnabled()
    assert get_consultation(hub.db, signed.actor, dialog.record.id).converted_reference == dialog.reference
    with hub.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "consultation.convert")).one()
    assert json.loads(event.detail) == {"referral": dialog.reference}
