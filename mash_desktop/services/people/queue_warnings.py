"""The queue's warning marker: the badges of the warnings the reader may see on each row's first subject."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.warnings import ENDED
from ...security.accounts import SignedIn
from ...store.models import ReferralPerson
from .warnings import visible_warnings

Row = TypeVar("Row")


def subject_badges(session: Session, reader: SignedIn, referral_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Per referral id, the badges (current and altered warnings) the reader may see on its first subject."""
    if not referral_ids:
        return {}
    first: dict[int, int] = {}
    for referral_id, person_id in session.execute(
            select(ReferralPerson.referral_id, ReferralPerson.person_id)
            .where(ReferralPerson.referral_id.in_(referral_ids), ReferralPerson.is_subject.is_(True))
            .order_by(ReferralPerson.referral_id, ReferralPerson.position.desc())):
        first[referral_id] = person_id  # the last written is the first by position
    seen = visible_warnings(session, reader, set(first.values()))
    return {rid: tuple(dict.fromkeys(w.badge for w in seen.get(pid, ()) if w.state != ENDED))
            for rid, pid in first.items()}


def with_warnings(session: Session, reader: SignedIn | None, rows: dict[int, Row]) -> dict[int, Row]:
    """``rows`` (queue rows by referral id) with their ``warnings`` filled in for ``reader``."""
    if reader is None or not rows:
        return rows
    badges = subject_badges(session, reader, list(rows))
    return {rid: replace(row, warnings=badges[rid]) if badges.get(rid) else row for rid, row in rows.items()}
