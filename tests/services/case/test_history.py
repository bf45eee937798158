"""A new contact about a known subject: linked to a case closed in the last 28 days; open cases named."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, update

from mash_desktop.domain.codes import Status
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.case.history import LINK_WITHIN, earlier_cases
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.store.models import AuditEvent, Referral, ReferralPerson

from ...hub_factory import EXAMPLE

NOW = dt.datetime(2024, 11, 12, 10, 30, tzinfo=dt.timezone.utc)
PAYLOAD = {k: v for k, v in EXAMPLE.items() if k != "received_at"} | {"referrer": EXAMPLE["referrer"] | {"agency": None}}


def _add(db, at: dt.datetime, person_id: int | None = None, given: str = "Ruby") -> str:
    subject = EXAMPLE["subjects"][0] | {"given_name": given} | ({"person_id": person_id} if person_id else {})
    return add_referral(db, LOCAL_ADMIN, PAYLOAD | {"subjects": [subject]}, now=at)


def _subject(db, reference: str) -> int:
    with db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
            Referral.reference == reference, ReferralPerson.is_subject.is_(True)))


def _close(db, reference: str, at: dt.datetime) -> None:
    with db.write() as s:
        s.execute(update(Referral).where(Referral.reference == reference).values(status=Status.CLOSED, closed_at=at))


def _intake_event(db, reference: str) -> dict:
    with db.read() as s:
        return json.loads(s.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "referral.add", AuditEvent.object_ref == reference)))


def test_a_contact_within_28_days_of_closure_is_linked_and_later_not(db):
    first = _add(db, NOW - dt.timedelta(days=60))
    person = _subject(db, first)
    closed_at = NOW - dt.timedelta(days=40)
    _close(db, first, closed_at)

    inside = _add(db, closed_at + LINK_WITHIN - dt.timedelta(minutes=1), person)
    outside = _add(db, closed_at + LINK_WITHIN + dt.timedelta(minutes=1), person)
    with db.read() as s:
        linked = {r: referral_by_reference(s, r).linked_referral_id for r in (inside, outside)}
        first_id = referral_by_reference(s, first).id
    assert linked == {inside: first_id, outside: None}
    assert _intake_event(db, inside)["linked_referral"] == first
    assert "linked_referral" not in _intake_event(db, outside)


def test_open_cases_about_the_subject_are_named_and_listed(db):
    first = _add(db, NOW - dt.timedelta(days=2))
    person = _subject(db, first)
    second = _add(db, NOW, person)
    stranger = _add(db, NOW, given="Amara")  # a new person: nothing earlier
    assert _intake_event(db, second)["open_cases"] == [first]
    assert "open_cases" not in _intake_event(db, stranger)
    with db.read() as s:
        earlier = earlier_cases(s, referral_by_reference(s, second))
        none = earlier_cases(s, referral_by_reference(s, stranger))
    assert [(e.reference, e.status, e.linked) for e in earlier] == [(first, Status.NEW, False)]
    assert none == ()
