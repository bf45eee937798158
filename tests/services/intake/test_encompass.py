"""Operation Encompass: a police notification becomes a contact whose clock
ends at the start of the next school day, weekends and bank holidays included."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.services.intake.encompass import record_informed
from mash_desktop.services.settings import SCHOOL_START_HOUR, set_setting
from mash_desktop.store.models import AuditEvent, Referral
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

from .notice_contacts import UTC, case, contact, notification

FRIDAY_NIGHT = dt.datetime(2026, 11, 20, 23, 40, tzinfo=UTC)
BANK_HOLIDAY_WEEKEND = dt.datetime(2026, 8, 28, 21, 15, tzinfo=UTC)  # Friday; Monday 31 August is a bank holiday
TUESDAY_EARLY = dt.datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def test_the_clock_ends_at_the_next_school_days_start(sup_hub):
    friday = case(sup_hub, notification(sup_hub, FRIDAY_NIGHT)).encompass
    assert friday.due_at == dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 09:00 GMT
    assert friday.incident_at == FRIDAY_NIGHT - dt.timedelta(hours=2) and friday.school == "Hillside Primary"
    holiday = case(sup_hub, notification(sup_hub, BANK_HOLIDAY_WEEKEND)).encompass
    assert holiday.due_at == dt.datetime(2026, 9, 1, 8, 0, tzinfo=UTC)  # Tuesday 09:00 BST
    saturday = case(sup_hub, notification(sup_hub, dt.datetime(2026, 8, 29, 10, 0, tzinfo=UTC))).encompass
    assert saturday.due_at == holiday.due_at
    assert case(sup_hub, notification(sup_hub, TUESDAY_EARLY)).encompass.due_at == \
        dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # before school starts: that same morning
    assert holiday.overdue(holiday.due_at + dt.timedelta(minutes=1)) and not holiday.overdue(holiday.due_at)
    set_setting(sup_hub.db, sup_hub.sign_in("hub.admin").actor, SCHOOL_START_HOUR.name, 8.5)
    assert case(sup_hub, notification(sup_hub, FRIDAY_NIGHT)).encompass.due_at == \
        dt.datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


def test_only_the_police_notify_and_the_incident_time_is_checked(sup_hub):
    with pytest.raises(FieldError, match="comes from the police") as refused:
        contact(sup_hub, FRIDAY_NIGHT, encompass={"incident_at": FRIDAY_NIGHT.isoformat()})
    assert refused.value.field == "source"
    with pytest.raises(FieldError, match="required"):
        notification(sup_hub, FRIDAY_NIGHT, encompass={})
    with pytest.raises(FieldError, match="UTC offset"):
        notification(sup_hub, FRIDAY_NIGHT, encompass={"incident_at": "2026-11-20T21:00"})
    with pytest.raises(FieldError, match="after the police notification"):
        notification(sup_hub, FRIDAY_NIGHT, FRIDAY_NIGHT + dt.timedelta(hours=1))
    with pytest.raises(FieldError, match="encompass.narrative: unexpected field"):
        notification(sup_hub, FRIDAY_NIGHT, encompass={"incident_at": FRIDAY_NIGHT.isoformat(), "narrative": "x"})
    ordinary = contact(sup_hub, FRIDAY_NIGHT, source="police", encompass=False)
    assert case(sup_hub, ordinary).encompass is None


def test_recording_the_school_was_told(sup_hub):
    reference = notification(sup_hub, FRIDAY_NIGHT)
    told = dt.datetime(2026, 11, 23, 8, 10, 30, tzinfo=UTC)
    assert record_informed(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, told) == told
    shown = case(sup_hub, reference)
    assert (shown.encompass.informed_at, shown.encompass.verified, shown.encompass.in_time()) == (told, True, True)
    assert "School's key adult told (Operation Encompass)" in [c.what for c in shown.chronology]
    with sup_hub.db.read() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.object_ref == reference)).all()
    assert '{"informed_at": "2026-11-23T08:10:30+00:00"}' in details
    assert any('"encompass": true' in d for d in details)
    with pytest.raises(Conflict, match="already recorded"):
        record_informed(sup_hub.db, sup_hub.sign_in("csc.lead"), reference)


def test_the_rules_of_recording(sup_hub):
    reference, ordinary = notification(sup_hub, FRIDAY_NIGHT), contact(sup_hub, FRIDAY_NIGHT)
    officer = sup_hub.sign_in("csc.officer")
    with pytest.raises(Conflict, match="not an Operation Encompass"):
        record_informed(sup_hub.db, officer, ordinary)
    with pytest.raises(FieldError, match="before the police notification"):
        record_informed(sup_hub.db, officer, reference, FRIDAY_NIGHT - dt.timedelta(minutes=1))
    for who in ("csc.decision", "hub.admin"):
        with pytest.raises(NotPermitted):
            record_informed(sup_hub.db, sup_hub.sign_in(who), reference)
    unschooled = notification(sup_hub, FRIDAY_NIGHT, subjects=[
        {"given_name": "Alfie", "family_name": "Moss", "date_of_birth": "2019-01-05",
         "address": {"line1": "2 Elm Row", "postcode": "NG5 9QT"}}])
    with pytest.raises(Conflict, match="No school is recorded"):
        record_informed(sup_hub.db, officer, unschooled)
    record_informed(sup_hub.db, officer, reference)  # now: long after Monday's start
    assert case(sup_hub, reference).encompass.in_time() is False


def test_an_informed_time_written_by_hand_shows_altered(sup_hub):
    reference, other = notification(sup_hub, FRIDAY_NIGHT), notification(sup_hub, FRIDAY_NIGHT)
    record_informed(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    with sup_hub.db.write() as s:
        for ref in (reference, other):
            s.scalar(select(Referral).where(Referral.reference == ref)).school_informed_at = \
                dt.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert not case(sup_hub, reference).encompass.verified
    assert not case(sup_hub, other).encompass.verified


def test_the_bulk_import_rejects_a_notification_rather_than_lose_it(sup_hub):
    import json

    from mash_desktop.services.intake.referral_import import ImportRejected, import_referrals
    from tests.hub_factory import EXAMPLE

    row = EXAMPLE | {"source": "police", "referrer": EXAMPLE["referrer"] | {"agency": None},
                     "encompass": {"incident_at": "2026-11-20T12:00:00Z"}}
    with pytest.raises(ImportRejected) as rejected:
        import_referrals(sup_hub.db, sup_hub.sign_in("csc.officer").actor, json.dumps([row]).encode(), "rows.json")
    assert [(r.field, r.reason) for r in rejected.value.rejections] == [("encompass", "unexpected field")]
