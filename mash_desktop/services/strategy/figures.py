"""Strategy discussion figures for a period (services/performance/figures.py).

Reads ids, codes and dates only, of discussions held in the period. A
discussion counts as the signed audit trail recorded it (its ``strategy.record``
event names it and its decision), and an ICPC as held only on the date its
``strategy.icpc`` event recorded: a row written into the database by hand
counts as not there.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.strategy import S47Decision
from ...domain.strategy_measures import StrategyMeasures, StrategyRow, measure_strategy
from ...store.models import AuditEvent, Referral
from ...store.strategy_models import StrategyDiscussion


def _recorded(session: Session, action: str, references: list[str]) -> dict[int, dict]:
    """Per discussion id, the detail of the latest ``action`` event about it."""
    found: dict[int, tuple[int, dict]] = {}
    for start in range(0, len(references), 500):
        for event_id, detail in session.execute(
                select(AuditEvent.id, AuditEvent.detail)
                .where(AuditEvent.object_type == "referral", AuditEvent.action == action,
                       AuditEvent.object_ref.in_(references[start:start + 500]))):
            try:
                data = json.loads(detail or "{}")
            except ValueError:
                continue
            key = data.get("discussion") if isinstance(data, dict) else None
            if isinstance(key, int) and (key not in found or event_id > found[key][0]):
                found[key] = (event_id, data)
    return {key: data for key, (_, data) in found.items()}


def strategy_measures(session: Session, start: dt.datetime, end: dt.datetime, today: dt.date) -> StrategyMeasures:
    """The discussions convened from ``start`` until just before ``end``, as they stand on ``today``."""
    rows = session.execute(
        select(Referral.reference, StrategyDiscussion.id, StrategyDiscussion.decision,
               StrategyDiscussion.icpc_due_on, StrategyDiscussion.icpc_held_on)
        .join(Referral, Referral.id == StrategyDiscussion.referral_id)
        .where(StrategyDiscussion.convened_at >= start, StrategyDiscussion.convened_at < end)).all()
    references = sorted({r[0] for r in rows})
    made = _recorded(session, "strategy.record", references)
    icpc = _recorded(session, "strategy.icpc", references)
    counted = []
    for reference, discussion, decision, due, held in rows:
        if made.get(discussion, {}).get("decision") != decision.value:
            continue  # not as the signed trail recorded it
        if held is not None and icpc.get(discussion, {}).get("held_on") != held.isoformat():
            held = None
        counted.append(StrategyRow(reference, discussion, decision is S47Decision.START_S47, due, held))
    return measure_strategy(counted, today)
