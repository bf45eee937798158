"""Signatures over holds, disposal approvals and tombstones, checked on read.

Each message is a canonical JSON list with a versioned label (as in
security/account_state.py); reasons and references are covered by their
SHA-256. A row whose signature fails is shown as altered and never trusted
to allow anything: an altered hold still holds, an altered lift does not
lift it, an altered approval approves nothing, an altered cancellation still
cancels.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from ...security import crypto
from ...security.account_state import message, signed_by
from ...security.accounts import SignedIn
from ...store.retention_models import DisposalApproval, Disposal, RetentionHold


def _when(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds") if moment else None


def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def hold_message(h: RetentionHold) -> bytes:
    return message("mash retention hold v1", h.scope, h.referral_id, h.person_id, h.record_class,
                   _digest(h.reason), _digest(h.reference), h.placed_by_id, _when(h.placed_at))


def lift_message(h: RetentionHold) -> bytes:
    return message("mash retention hold lift v1", h.id, _digest(h.lift_reason), h.lifted_by_id, _when(h.lifted_at))


def approval_message(a: DisposalApproval) -> bytes:
    return message("mash disposal approval v1", a.referral_id, a.record_class, a.due_on.isoformat(),
                   a.approved_by_id, _when(a.approved_at), _when(a.dispose_after))


def cancel_message(a: DisposalApproval) -> bytes:
    return message("mash disposal cancel v1", a.id, _digest(a.cancel_reason), a.cancelled_by_id,
                   _when(a.cancelled_at))


def disposal_message(d: Disposal) -> bytes:
    return message("mash disposal v1", d.referral_id, d.reference, d.record_class, d.approval_id, d.certificate,
                   _when(d.disposed_at), d.disposed_by_id, d.counts)


def sign(signed: SignedIn, signed_bytes: bytes) -> bytes:
    return crypto.sign(signed.actor.signer, signed_bytes)


def verified(session: Session, signed: SignedIn, user_id: int | None, signature: bytes | None,
             signed_bytes: bytes) -> bool:
    return signed_by(session, signed.trust, user_id, signature, signed_bytes) is not None
