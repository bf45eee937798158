"""Earlier contacts about the same people, and the link to a recently closed case.

The same people are a contact's subjects and whoever they were recorded as
being (person_links: an exact match at intake, a link by the screening
supervisor), so a linked person's earlier contacts show too.

DOMAIN.md step 2: when a contact's subject is already known, the hub looks
for an open case (the contact belongs with it) and for a case closed in the
last 28 days (the new contact is linked to it rather than starting afresh).
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...domain.case_record import EarlierCase
from ...domain.codes import Status
from ...store.models import PersonLink, Referral, ReferralPerson

#: A contact about a subject whose case closed this recently is linked to that case.
LINK_WITHIN = dt.timedelta(days=28)


def same_people(session: Session, person_ids: Iterable[int]) -> set[int]:
    """``person_ids`` and every person recorded as the same (person_links,
    either way round; a few steps at most)."""
    found = set(person_ids)
    for _ in range(4):
        rows = session.execute(select(PersonLink.person_id, PersonLink.known_person_id).where(
            PersonLink.known_person_id.is_not(None),
            or_(PersonLink.person_id.in_(found), PersonLink.known_person_id.in_(found)))).all()
        more = {person for row in rows for person in row} - found
        if not more:
            break
        found |= more
    return found


def _others(session: Session, referral: Referral) -> list[Referral]:
    subjects = same_people(session, session.scalars(select(ReferralPerson.person_id).where(
        ReferralPerson.referral_id == referral.id, ReferralPerson.is_subject.is_(True))))
    return list(session.scalars(
        select(Referral).join(ReferralPerson, ReferralPerson.referral_id == Referral.id)
        .where(ReferralPerson.person_id.in_(subjects), ReferralPerson.is_subject.is_(True),
               Referral.id != referral.id)
        .distinct().order_by(Referral.received_at.desc(), Referral.id.desc())))


def link_recent_case(session: Session, referral: Referral) -> dict[str, object]:
    """Link a new referral to its subjects' case closed within 28 days, if any.

    Returns what the intake's audit event should say: the linked reference
    and any cases about the same subjects that are still open.
    """
    others = _others(session, referral)
    open_cases = [r.reference for r in others if r.status is not Status.CLOSED]
    closed = [r for r in others if r.status is Status.CLOSED and r.closed_at is not None
              and referral.received_at - LINK_WITHIN <= r.closed_at <= referral.received_at]
    detail: dict[str, object] = {}
    if closed:
        latest = max(closed, key=lambda r: r.closed_at)
        referral.linked_referral_id = latest.id
        detail["linked_referral"] = latest.reference
    if open_cases:
        detail["open_cases"] = open_cases
    return detail


def earlier_cases(session: Session, referral: Referral) -> tuple[EarlierCase, ...]:
    """Every other referral about this referral's subjects, newest first."""
    return tuple(EarlierCase(r.reference, r.status, r.received_at, r.closed_at, r.id == referral.linked_referral_id)
                 for r in _others(session, referral))
