"""Whether a referrer asked not to be identified to the family.

Intake stores the request on the referral and in the signed, chained
``referral.add`` audit event. The database is not trusted, so a referrer is
treated as withheld if either says so: clearing the column by hand does not
put their name back into the documents.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...store.models import AuditEvent, Referral


def referrer_withheld(session: Session, referral: Referral) -> bool:
    if referral.referrer_withheld:
        return True
    detail = session.scalar(select(AuditEvent.detail).where(
        AuditEvent.object_type == "referral", AuditEvent.object_ref == referral.reference,
        AuditEvent.action == "referral.add").order_by(AuditEvent.id).limit(1))
    try:
        return bool(json.loads(detail or "{}").get("referrer_withheld"))
    except (ValueError, AttributeError):
        return False
