"""Signatures on strategy discussions and on their actions marked done.

As for decisions (services/case/signed_state.py): whoever recorded the
discussion signs what was shared, the s47 decision and its reasons, the ICPC
due date, and every attendee and action as agreed, bound to the case's
reference; whoever marks an action done signs that, and whoever records when
the initial child protection conference was held signs that. A reader shows a record
whose signature does not verify as altered outside the hub.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from ...security import crypto
from ...security.account_state import held_user
from ...security.account_state import message as _message
from ...security.account_state import verify_cached
from ...security.crypto import Ed25519PrivateKey
from ...security.trust import Trust, TrustFailure
from ...store.strategy_models import StrategyAction, StrategyDiscussion


def _when(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds") if moment else None


def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def discussion_message(d: StrategyDiscussion, reference: str) -> bytes:
    attendees = [[a.position, a.name, a.agency_id, a.role, bool(a.present)] for a in d.attendees]
    actions = [[a.position, _digest(a.text), a.owner_user_id, a.owner_agency_id, _day(a.due_on)] for a in d.actions]
    return _message("mash strategy discussion v1", reference, _when(d.convened_at), _when(d.recorded_at),
                    d.recorded_by_id, _digest(d.shared), d.decision.value, _digest(d.reasons),
                    _day(d.icpc_due_on), attendees, actions)


def action_done_message(a: StrategyAction) -> bytes:
    return _message("mash strategy action done v1", a.id, a.discussion_id, _digest(a.text), _when(a.done_at),
                    a.done_by_id)


def _key(session: Session, trust: Trust, user_id: int | None) -> bytes | None:
    user = held_user(session, user_id)
    if user is None:
        return None
    try:
        return trust.user_signing_key(session, user)
    except TrustFailure:
        return None


def sign_discussion(d: StrategyDiscussion, reference: str, signer: Ed25519PrivateKey | None) -> None:
    d.signature = crypto.sign(signer, discussion_message(d, reference)) if signer is not None else None


def discussion_verified(session: Session, trust: Trust, d: StrategyDiscussion, reference: str) -> bool:
    key = _key(session, trust, d.recorded_by_id)
    return key is not None and verify_cached(key, d.signature, discussion_message(d, reference))


def sign_action_done(a: StrategyAction, signer: Ed25519PrivateKey | None) -> None:
    a.done_signature = crypto.sign(signer, action_done_message(a)) if signer is not None else None


def action_done_verified(session: Session, trust: Trust, a: StrategyAction) -> bool:
    """An action not done needs no signature; one marked done needs that of who marked it."""
    if a.done_at is None and a.done_by_id is None:
        return a.done_signature is None
    key = _key(session, trust, a.done_by_id)
    return key is not None and verify_cached(key, a.done_signature, action_done_message(a))


def icpc_message(d: StrategyDiscussion, reference: str) -> bytes:
    return _message("mash strategy icpc v1", reference, d.id, _day(d.icpc_due_on), _day(d.icpc_held_on),
                    d.icpc_by_id)


def sign_icpc(d: StrategyDiscussion, reference: str, signer: Ed25519PrivateKey | None) -> None:
    d.icpc_signature = crypto.sign(signer, icpc_message(d, reference)) if signer is not None else None


def icpc_verified(session: Session, trust: Trust, d: StrategyDiscussion, reference: str) -> bool:
    """No ICPC recorded needs no signature; one recorded needs that of who recorded it."""
    if d.icpc_held_on is None and d.icpc_by_id is None:
        return d.icpc_signature is None
    key = _key(session, trust, d.icpc_by_id)
    return key is not None and verify_cached(key, d.icpc_signature, icpc_message(d, reference))
