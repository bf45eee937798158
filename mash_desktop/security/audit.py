"""The audit trail: one hash-chained event per action, in the action's transaction.

An event says who did what to which object, when, from which workstation and
why; it never holds the content itself (panel text, concerns, names). Each
event's hash covers the previous event's hash and the event's own fields, and
events are numbered 1, 2, 3… under a lock on the single ``audit_head`` row, so
a changed, deleted, swapped or truncated event breaks the chain. Checkpoints
signed by a signed-in user are signed with that user's Ed25519 key, and
checkpoints of the head are signed with an auditor's key, so re-hashing the
chain from the middle without those keys is caught too; only a tail of
unsigned events (refused sign-ins) after the last signed event or checkpoint
could be rewritten unnoticed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..store.models import AuditCheckpoint, AuditEvent, AuditHead, User
from ..store.types import utcnow
from . import crypto
from .identity import Actor

#: PostgreSQL channel told the number of each event when it commits (no case data).
CHANGES_CHANNEL = "mash_changes"
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")
GENESIS = hashlib.sha256(b"mash audit genesis v1").digest()
_BATCH = 2000


def _canonical(e: AuditEvent) -> bytes:
    fields = [e.id, e.at.isoformat(), e.actor_id, e.actor_name, e.agency_id, e.workstation_id, e.action,
              e.object_type, e.object_ref, e.justification, e.detail]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(prev_hash: bytes, event: AuditEvent) -> bytes:
    return hashlib.sha256(prev_hash + _canonical(event)).digest()


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
    """Append one event to the chain; it commits (or not) with the change."""
    head = session.get(AuditHead, 1, with_for_update=True, populate_existing=True)
    if head is None:
        raise RuntimeError("audit_head row missing: the schema was not created by mash-admin init")
    event = AuditEvent(
        id=head.last_event_id + 1,
        at=utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.username,
        agency_id=actor.agency_id,
        workstation_id=actor.workstation_id,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        justification=justification,
        detail=json.dumps(detail, sort_keys=True, default=str, ensure_ascii=False) if detail else None,
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(head.last_hash, event)
    if actor.signer is not None:
        event.signature = crypto.sign(actor.signer, event.hash)
    head.last_event_id, head.last_hash = event.id, event.hash
    session.add(event)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Delivered on commit only, so other workstations see committed changes.
        session.execute(_NOTIFY, {"channel": CHANGES_CHANNEL, "payload": str(event.id)})
    return event


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    checkpoints: int
    problem: str | None = None
    first_bad_event: int | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"Audit chain intact: {self.events} events, {self.checkpoints} signed checkpoints."
        where = f" (event {self.first_bad_event})" if self.first_bad_event is not None else ""
        return f"Audit chain broken{where}: {self.problem}"


def _events(session: Session) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(session.scalars(
            select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(_BATCH)))
        if not batch:
            return
        yield from batch
        last = batch[-1].id
        session.expunge_all()


def verify_chain(session: Session) -> Verdict:
    """Walk the whole chain and the signed checkpoints; name the first fault."""
    checkpoints = list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
    cp_events = {c.event_id: c for c in checkpoints}
    signers = {u.id: u.signing_public_key for u in session.scalars(select(User))}
    head = session.get(AuditHead, 1)
    running, expected_id, seen_hashes = GENESIS, 1, {}
    for event in _events(session):
        if event.id != expected_id:
            return Verdict(False, expected_id - 1, len(checkpoints),
                           f"event {expected_id} is missing", expected_id)
        if event.prev_hash != running:
            return Verdict(False, expected_id - 1, len(checkpoints),
                           "does not follow the event before it (deleted, moved or altered)", event.id)
        if event.hash != event_hash(running, event):
            return Verdict(False, expected_id - 1, len(checkpoints), "its content was altered", event.id)
        if event.signature is not None and not crypto.verify(
                signers.get(event.actor_id) or b"", event.signature, event.hash):
            return Verdict(False, expected_id - 1, len(checkpoints),
                           "its author's signature does not match (re-hashed?)", event.id)
        running = event.hash
        if event.id in cp_events:
            seen_hashes[event.id] = event.hash
        expected_id += 1
    count = expected_id - 1
    if head is None or head.last_event_id != count or head.last_hash != running:
        return Verdict(False, count, len(checkpoints),
                       "the chain was cut short or extended behind the head's back", count + 1)
    for cp in checkpoints:
        message = checkpoint_message(cp.event_id, cp.head_hash)
        if cp.event_id > count or seen_hashes.get(cp.event_id) != cp.head_hash:
            return Verdict(False, count, len(checkpoints),
                           f"signed checkpoint {cp.id} no longer matches the chain (re-hashed?)", cp.event_id)
        if signers.get(cp.signed_by_id) != cp.signer_public_key or not crypto.verify(
                cp.signer_public_key, cp.signature, message):
            return Verdict(False, count, len(checkpoints), f"checkpoint {cp.id} has a bad signature", cp.event_id)
    return Verdict(True, count, len(checkpoints))


def checkpoint_message(event_id: int, head_hash: bytes) -> bytes:
    return b"mash audit checkpoint v1|" + str(event_id).encode() + b"|" + head_hash


def seal_checkpoint(session: Session, actor: Actor, signing_key: Ed25519PrivateKey,
                    signer_public_key: bytes) -> AuditCheckpoint:
    """Sign the current head; the signing itself is recorded first."""
    record(session, actor, "audit.seal", "audit_chain")
    head = session.get(AuditHead, 1, with_for_update=True, populate_existing=True)
    cp = AuditCheckpoint(event_id=head.last_event_id, head_hash=head.last_hash, at=utcnow(),
                         signed_by_id=actor.user_id, signer_public_key=signer_public_key,
                         signature=crypto.sign(signing_key, checkpoint_message(head.last_event_id, head.last_hash)))
    session.add(cp)
    session.flush()
    return cp
