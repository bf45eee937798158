"""A contact is acknowledged to its referrer within one working day of receipt."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mash_desktop.domain.acknowledgement import AckMethod
from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.services.intake.acknowledgement import record_acknowledgement
from mash_desktop.services.settings import ACKNOWLEDGEMENT_HOURS, set_setting
from mash_desktop.store.models import AuditEvent, Referral
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

from .notice_contacts import UTC, case, contact

FRIDAY = dt.datetime(2026, 11, 20, 16, 30, tzinfo=UTC)  # 16:30 GMT, half an hour before closing
BEFORE_BANK_HOLIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=UTC)  # Friday 16:00 BST; Monday 31 August is one


def test_the_clock_runs_in_working_hours_over_a_weekend_and_a_bank_holiday(sup_hub):
    friday = case(sup_hub, contact(sup_hub, FRIDAY)).acknowledgement
    assert friday.due_at == dt.datetime(2026, 11, 23, 16, 30, tzinfo=UTC)  # Monday, 7.5 hours in
    holiday = case(sup_hub, contact(sup_hub, BEFORE_BANK_HOLIDAY)).acknowledgement
    assert holiday.due_at == dt.datetime(2026, 9, 1, 15, 0, tzinfo=UTC)  # Tuesday 16:00 BST
    assert holiday.overdue(holiday.due_at + dt.timedelta(seconds=1)) and not holiday.overdue(holiday.due_at)
    set_setting(sup_hub.db, sup_hub.sign_in("hub.admin").actor, ACKNOWLEDGEMENT_HOURS.name, 4)
    assert case(sup_hub, contact(sup_hub, FRIDAY)).acknowledgement.due_at == \
        dt.datetime(2026, 11, 23, 12, 30, tzinfo=UTC)


def test_only_a_referrer_who_can_be_reached_is_due_one(sup_hub):
    anonymous = contact(sup_hub, FRIDAY, source="anonymous", referrer={"member_of_public": True})
    assert case(sup_hub, anonymous).acknowledgement is None
    with pytest.raises(Conflict, match="no referrer to acknowledge"):
        record_acknowledgement(sup_hub.db, sup_hub.sign_in("csc.officer"), anonymous, "email")
    public = contact(sup_hub, FRIDAY, source="public", referrer=EXAMPLE["referrer"] | {
        "agency": None, "role": None, "organisation": None, "email": None, "member_of_public": True})
    assert case(sup_hub, public).acknowledgement is not None  # a phone number is a way to reach them


def test_recording_it_is_audited_with_codes_only_and_shown(sup_hub):
    reference = contact(sup_hub, FRIDAY)
    sent = FRIDAY + dt.timedelta(minutes=20, seconds=5, microseconds=7)
    assert record_acknowledgement(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, "email", sent) == \
        sent.replace(microsecond=0)
    shown = case(sup_hub, reference)
    ack = shown.acknowledgement
    assert (ack.sent_at, ack.how, ack.verified, ack.in_time()) == (sent.replace(microsecond=0), AckMethod.EMAIL,
                                                                   True, True)
    assert not ack.overdue(FRIDAY + dt.timedelta(days=30))
    assert [c.at for c in shown.chronology if c.what == "Acknowledged to the referrer"] == [sent.replace(microsecond=0)]
    assert shown.state_verified
    with sup_hub.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.object_ref == reference,
                                                   AuditEvent.action == "referral.acknowledged")).one()
    assert event.detail == '{"how": "email", "sent_at": "2026-11-20T16:50:05+00:00"}'
    with pytest.raises(Conflict, match="already recorded"):
        record_acknowledgement(sup_hub.db, sup_hub.sign_in("csc.lead"), reference, "letter")


def test_the_rules_of_recording(sup_hub):
    reference = contact(sup_hub, FRIDAY)
    officer = sup_hub.sign_in("csc.officer")
    with pytest.raises(FieldError, match="before the contact"):
        record_acknowledgement(sup_hub.db, officer, reference, "email", FRIDAY - dt.timedelta(minutes=1))
    with pytest.raises(FieldError, match="future"):
        record_acknowledgement(sup_hub.db, officer, reference, "email", dt.datetime.now(UTC) + dt.timedelta(hours=1))
    with pytest.raises(FieldError, match="zone"):
        record_acknowledgement(sup_hub.db, officer, reference, "email", dt.datetime(2026, 11, 21, 9, 0))
    with pytest.raises(FieldError, match="not one of"):
        record_acknowledgement(sup_hub.db, officer, reference, "pigeon")
    for who in ("csc.decision", "hub.admin"):
        with pytest.raises(NotPermitted):
            record_acknowledgement(sup_hub.db, sup_hub.sign_in(who), reference, "email")
    assert case(sup_hub, reference).acknowledgement.sent_at is None
    record_acknowledgement(sup_hub.db, officer, reference, AckMethod.PHONE)  # now, by default
    late = case(sup_hub, reference).acknowledgement
    assert late.sent_at is not None and late.in_time() is False


def test_a_sent_time_or_method_written_by_hand_shows_altered(sup_hub):
    reference, other, method = contact(sup_hub, FRIDAY), contact(sup_hub, FRIDAY), contact(sup_hub, FRIDAY)
    for ref in (reference, method):
        record_acknowledgement(sup_hub.db, sup_hub.sign_in("csc.officer"), ref, "letter", FRIDAY + dt.timedelta(hours=1))
    with sup_hub.db.write() as s:
        s.scalar(select(Referral).where(Referral.reference == reference)).acknowledged_at = FRIDAY
        s.scalar(select(Referral).where(Referral.reference == other)).acknowledged_at = FRIDAY
        s.scalar(select(Referral).where(Referral.reference == method)).acknowledged_how = "email"
    for ref in (reference, other, method):
        assert not case(sup_hub, ref).acknowledgement.verified


def test_recording_signs_the_case_again_but_never_over_an_altered_state(sup_hub):
    reference, altered = contact(sup_hub, FRIDAY), contact(sup_hub, FRIDAY)
    with sup_hub.db.write() as s:
        s.scalar(select(Referral).where(Referral.reference == altered)).rag = "red"
    officer = sup_hub.sign_in("csc.officer")
    for ref in (reference, altered):
        record_acknowledgement(sup_hub.db, officer, ref, "email", FRIDAY + dt.timedelta(hours=1))
    with sup_hub.db.read() as s:
        signer = s.scalar(select(Referral.state_signed_by_id).where(Referral.reference == reference))
    assert signer == officer.actor.user_id and case(sup_hub, reference).state_verified
    shown = case(sup_hub, altered)
    assert not shown.state_verified and shown.acknowledgement.verified
