"""The intake form's Operation Encompass tick box: police only, the incident
time asked for, and the contact stored with its clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.store.models import Referral

from ..intake_helpers import click, fill_referrer, fill_subject, fill_the_rest, ready

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def dialog(qtbot, hub, settled):
    dialog = IntakeDialog(None, hub.db, hub.sign_in("csc.officer"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_notification_from_the_police_is_stored_with_its_clock(qtbot, dialog, hub):
    fill_referrer(qtbot, dialog)  # the source is a school
    fill_subject(qtbot, dialog, "Zainab", "Okafor", "02/03/2015", "NG7 1AA")
    fill_the_rest(qtbot, dialog)
    ready(qtbot, dialog)
    part = dialog.form.encompass
    assert not part.incident.isVisibleTo(part)
    click(qtbot, part.notice)
    qtbot.waitUntil(lambda: not dialog.submit.isEnabled())
    assert part.incident.isVisibleTo(part)
    assert "comes from the police" in dialog.needed.text()
    source = dialog.form.referrer.source
    source.setCurrentIndex(source.findData("police"))
    incident = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    part.incident.prefill(incident.isoformat())
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    with hub.db.read() as s:
        stored = s.scalar(select(Referral).where(Referral.reference == dialog.reference))
        assert stored.encompass_incident_at == incident and stored.encompass_due_at > stored.received_at
        assert stored.acknowledgement_due_at is not None
