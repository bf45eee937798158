"""Acknowledgement and Operation Encompass timeliness for a period.

Reads references and times only, of contacts received in the period. A sent
or informed time counts only when it is the one the signed audit trail
recorded (services/intake/notice_trail.py): one written into the database
by hand counts as not done.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.notice_measures import NoticeMeasures, NoticeRow, measure_notices
from ...store.models import AuditEvent, Referral
from ..intake import acknowledgement, encompass
from ..intake.notice_trail import iso


def _recorded(session: Session, action: str, key: str, references: list[str]) -> dict[str, str | None]:
    """Per reference, the time the latest ``action`` event recorded."""
    found: dict[str, tuple[int, str | None]] = {}
    for start in range(0, len(references), 500):
        for ref, event_id, detail in session.execute(
                select(AuditEvent.object_ref, AuditEvent.id, AuditEvent.detail)
                .where(AuditEvent.object_type == "referral", AuditEvent.action == action,
                       AuditEvent.object_ref.in_(references[start:start + 500]))):
            if ref not in found or event_id > found[ref][0]:
                try:
                    value = json.loads(detail or "{}").get(key)
                except (ValueError, AttributeError):
                    value = None
                found[ref] = (event_id, value)
    return {ref: value for ref, (_, value) in found.items()}


def _rows(session: Session, due, done, action: str, key: str, start: dt.datetime,
          end: dt.datetime) -> list[NoticeRow]:
    rows = session.execute(select(Referral.reference, due, done).where(
        due.is_not(None), Referral.received_at >= start, Referral.received_at < end)).all()
    recorded = _recorded(session, action, key, [r for r, _, d in rows if d is not None])
    return [NoticeRow(ref, due_at, done_at if done_at is not None and recorded.get(ref) == iso(done_at) else None)
            for ref, due_at, done_at in rows]


def notice_measures(session: Session, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> NoticeMeasures:
    """The notices of contacts received from ``start`` until just before ``end``, as they stand at ``now``."""
    acks = _rows(session, Referral.acknowledgement_due_at, Referral.acknowledged_at, acknowledgement.ACTION,
                 "sent_at", start, end)
    told = _rows(session, Referral.encompass_due_at, Referral.school_informed_at, encompass.ACTION,
                 "informed_at", start, end)
    return measure_notices(acks, told, now)
