"""A phone contact is confirmed in writing: due by the hub's setting, received when recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.confirmation import record_confirmation
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.settings import CONFIRMATION_HOURS, set_setting
from mash_desktop.store.models import AuditEvent, Referral, ReferralEvent
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

UTC = dt.timezone.utc
RECEIVED = dt.datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def _contact(hub, channel: str = "phone") -> str:
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "channel": channel,
                         "received_at": RECEIVED.isoformat()}
    return add_referral(hub.db, hub.sign_in("csc.officer").actor, payload, now=RECEIVED)


def _case(hub, reference: str, who: str = "csc.lead"):
    return open_case(hub.db, hub.sign_in(who), reference, WORKSPACE, "Checking the written confirmation.")


def test_a_phone_contact_is_due_its_written_confirmation_by_the_hub_setting(sup_hub):
    phoned, posted = _contact(sup_hub), _contact(sup_hub, "portal")
    case = _case(sup_hub, phoned)
    assert case.confirmation_due_at == RECEIVED + dt.timedelta(hours=CONFIRMATION_HOURS.default)
    assert case.confirmation_received_at is None and case.confirmation_overdue(RECEIVED + dt.timedelta(days=3))
    assert not case.confirmation_overdue(RECEIVED + dt.timedelta(hours=1))
    assert _case(sup_hub, posted).confirmation_due_at is None
    set_setting(sup_hub.db, sup_hub.sign_in("hub.admin").actor, CONFIRMATION_HOURS.name, 24)
    assert _case(sup_hub, _contact(sup_hub)).confirmation_due_at == RECEIVED + dt.timedelta(hours=24)


def test_recording_the_confirmation_is_audited_and_shown(sup_hub):
    reference = _contact(sup_hub)
    came = RECEIVED + dt.timedelta(hours=20, minutes=15, seconds=7, microseconds=9)
    when = record_confirmation(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, came)
    assert when == came.replace(microsecond=0)
    case = _case(sup_hub, reference)
    assert case.confirmation_received_at == when and case.confirmation_verified
    assert not case.confirmation_overdue(RECEIVED + dt.timedelta(days=30))
    assert "Written confirmation received" in [c.what for c in case.chronology]
    with sup_hub.db.read() as s:
        referral_id = s.scalar(select(Referral.id).where(Referral.reference == reference))
        assert s.scalar(select(ReferralEvent.kind).where(ReferralEvent.referral_id == referral_id)
                        .order_by(ReferralEvent.id.desc())) == "confirmation"
        event = s.scalars(select(AuditEvent).where(AuditEvent.object_ref == reference,
                                                   AuditEvent.action == "referral.confirmation")).one()
    assert event.detail == '{"received_at": "2026-11-21T06:45:07+00:00"}'
    with pytest.raises(Conflict, match="already recorded"):
        record_confirmation(sup_hub.db, sup_hub.sign_in("csc.lead"), reference)
    assert case.state_verified  # the case's signed state is untouched


def test_the_rules_of_recording(sup_hub):
    reference, posted = _contact(sup_hub), _contact(sup_hub, "email")
    officer = sup_hub.sign_in("csc.officer")
    with pytest.raises(Conflict, match="did not come in by phone"):
        record_confirmation(sup_hub.db, officer, posted)
    with pytest.raises(FieldError, match="before the contact"):
        record_confirmation(sup_hub.db, officer, reference, RECEIVED - dt.timedelta(minutes=1))
    with pytest.raises(FieldError, match="future"):
        record_confirmation(sup_hub.db, officer, reference, dt.datetime.now(UTC) + dt.timedelta(hours=1))
    with pytest.raises(FieldError, match="zone"):
        record_confirmation(sup_hub.db, officer, reference, dt.datetime(2026, 11, 21, 9, 0))
    for who in ("csc.decision", "hub.admin"):
        with pytest.raises(NotPermitted):
            record_confirmation(sup_hub.db, sup_hub.sign_in(who), reference)
    assert _case(sup_hub, reference).confirmation_received_at is None
    record_confirmation(sup_hub.db, officer, reference)  # now, by default
    assert _case(sup_hub, reference).confirmation_received_at is not None


def test_a_received_time_written_by_hand_does_not_verify(sup_hub):
    reference, other = _contact(sup_hub), _contact(sup_hub)
    record_confirmation(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, RECEIVED + dt.timedelta(hours=2))
    with sup_hub.db.write() as s:
        for ref, hours in ((reference, 1), (other, 3)):
            s.scalar(select(Referral).where(Referral.reference == ref)).confirmation_received_at = \
                RECEIVED + dt.timedelta(hours=hours)
    assert not _case(sup_hub, reference).confirmation_verified
    assert not _case(sup_hub, other).confirmation_verified  # no event recorded it at all


def test_the_case_summary_prints_the_written_confirmation(sup_hub, tmp_path):
    from mash_desktop.services.case import documents
    from tests.pdf_text import text

    reference = _contact(sup_hub)
    lead = sup_hub.sign_in("csc.lead")
    documents.produce(sup_hub.db, lead, "case_summary", reference, tmp_path / "due.pdf")
    assert "Written confirmation Overdue: was due 22 Nov 2026, 10:30 GMT, not received" in text(tmp_path / "due.pdf")
    record_confirmation(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, RECEIVED + dt.timedelta(hours=3))
    documents.produce(sup_hub.db, lead, "case_summary", reference, tmp_path / "came.pdf")
    assert "Written confirmation Received 20 Nov 2026, 13:30 GMT (due 22 Nov 2026, 10:30 GMT)" \
        in text(tmp_path / "came.pdf")
    documents.produce(sup_hub.db, lead, "case_summary", _contact(sup_hub, "portal"), tmp_path / "portal.pdf")
    assert "Written confirmation" not in text(tmp_path / "portal.pdf")
