"""Writing audit events, in the same transaction as the change they record.

An event says who did what to which object, when, from where and why. It
never holds the sensitive content itself (panel text, concerns, names).
"""

from __future__ import annotations

import json
from sqlalchemy.orm import Session

from ..store.models import AuditEvent
from ..store.types import utcnow
from .identity import Actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_ref: str | None = None,
    *,
    justification: str | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent:
    """Add one audit event to ``session``; it commits with the change."""
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.username,
        agency_id=actor.agency_id,
        workstation_id=actor.workstation_id,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        justification=justification,
        detail=json.dumps(detail, sort_keys=True, default=str) if detail else None,
    )
    session.add(event)
    return event
