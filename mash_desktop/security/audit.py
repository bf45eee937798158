"""The audit trail: one hash-chained, signed event per action, in the action's transaction.

An event says who did what to which object, when, from which workstation and
why; it never holds the content itself (panel text, concerns, names). Each
event's hash covers the previous event's hash and the event's own fields;
events are appended under a lock on the single ``audit_head`` row, so a
changed, deleted, swapped or truncated event breaks the chain. Every event is
signed: by the acting user's Ed25519 key, or for what happens before anyone
signs in by the agency's workstation key (``signer`` says which). Auditors
sign checkpoints of the head, also kept outside the database
(services/audit/witness.py). Verifying (security/audit_verify.py) checks
every signature with keys that chain to the workstation's pinned roots, so
re-hashing, stripping signatures or swapping a key in ``users`` is caught.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from ..domain.errors import EnvironmentFault
from ..store.models import AuditCheckpoint, AuditEvent, AuditHead
from ..store.types import utcnow
from . import crypto
from .identity import Actor

if TYPE_CHECKING:
    from .audit_verify import Verdict
    from .trust import Trust

#: PostgreSQL channel told the number of each event when it commits (no case data).
CHANGES_CHANNEL = "mash_changes"
GENESIS = hashlib.sha256(b"mash audit genesis v1").digest()
HASH_BYTES = len(GENESIS)
#: ``audit_events.signer``: the actor's own key, or their agency's workstation key.
USER, STATION = "user", "station"


def _canonical(e: AuditEvent) -> bytes:
    fields = [e.id, e.at.isoformat(), e.actor_id, e.actor_name, e.agency_id, e.workstation_id, e.action,
              e.object_type, e.object_ref, e.justification, e.detail]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(prev_hash: bytes, event: AuditEvent) -> bytes:
    return hashlib.sha256(prev_hash + _canonical(event)).digest()


def _locked_head(session: Session) -> tuple[AuditHead | None, bool]:
    """The head, locked, and whether an event already holds the id after it: one statement."""
    taken = select(AuditEvent.id).where(AuditEvent.id == AuditHead.last_event_id + 1).exists()
    row = session.execute(select(AuditHead, taken).where(AuditHead.id == 1).with_for_update(of=AuditHead)
                          .execution_options(populate_existing=True)).one_or_none()
    return (None, False) if row is None else (row[0], bool(row[1]))


def _next_position(session: Session, head: AuditHead, taken: bool) -> tuple[int, bytes]:
    """The id of the next event and the hash it chains from.

    Normally the head's id plus one and the head's hash (``taken``: whether
    an event already holds that id). A row someone put in
    the table by hand at that id (or beyond) is stepped over, so it never
    stops the hub: the event takes the first free id above the head and
    still chains from the head; verifying then names the foreign row. A
    malformed head (a hash of the wrong length, a negative id) chains from
    the event the head names, or the newest one, instead. The id never moves
    back (PostgreSQL's guard on the head refuses that), so a head left beyond
    a cut tail carries on from where it was, and verifying names the gap.
    """
    last_id = head.last_event_id
    last_hash = bytes(head.last_hash) if head.last_hash is not None and len(head.last_hash) == HASH_BYTES else None
    if isinstance(last_id, int) and last_id >= 0 and last_hash is not None and not taken:
        return last_id + 1, last_hash  # the usual case, with nothing more to read under the lock
    if not isinstance(last_id, int) or last_id < 0:
        last_id = session.scalar(select(func.max(AuditEvent.id))) or 0
    if last_hash is None or last_id != head.last_event_id:
        before = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == last_id)) if last_id else None
        last_hash = bytes(before) if before is not None and len(before) == HASH_BYTES else GENESIS
    wanted = last_id + 1
    if session.scalar(select(AuditEvent.id).where(AuditEvent.id == wanted)) is None:
        return wanted, last_hash
    after = aliased(AuditEvent)
    free = session.scalar(select(func.min(AuditEvent.id) + 1).where(
        AuditEvent.id >= wanted, ~select(after.id).where(after.id == AuditEvent.id + 1).exists()))
    return free, last_hash


def _append(session: Session, event: AuditEvent, head: AuditHead) -> None:
    """Insert ``event`` and move the head to it; on PostgreSQL also tell listeners, all in one statement.

    The head's lock is held from its read until the commit, and every
    writer of the hub waits for it: each round trip to the server under it
    is paid by all of them, so the insert, the head's move and the
    notification go together.
    """
    values = {c.key: getattr(event, c.key) for c in AuditEvent.__mapper__.column_attrs}
    appended = insert(AuditEvent).values(values)
    moved = update(AuditHead).where(AuditHead.id == 1).values(last_event_id=event.id, last_hash=event.hash)
    if session.get_bind().dialect.name == "postgresql":
        # Delivered on commit only, so other workstations see committed changes.
        session.execute(select(func.pg_notify(CHANGES_CHANNEL, str(event.id)))
                        .add_cte(appended.cte("appended")).add_cte(moved.cte("moved")))
    else:
        session.execute(appended)
        session.execute(moved)
    set_committed_value(head, "last_event_id", event.id)
    set_committed_value(head, "last_hash", event.hash)


#: ``Session.info`` key of the events a :func:`recorded_last` block has kept back, in order.
_KEPT = "audit.recorded_last"


@contextlib.contextmanager
def recorded_last(session: Session) -> Iterator[None]:
    """Append the events recorded inside the block when it ends, in the order they were recorded.

    The head's lock is held from the first event until the commit, and every
    writer of the hub waits for it. A read that records as it goes (opening
    a case records the view, the disclosures read and the panel opened)
    would hold it for all the reading after its first event; inside this
    block it holds it only for the appends at the end. Nothing is appended
    if the block raises: the transaction it is in must then not commit (a
    ``Database.write`` block rolls back on the exception), so nothing read
    inside is given out without its events. Blocks inside another append
    with the outer one.
    """
    if _KEPT in session.info:
        yield
        return
    kept: list[tuple[tuple, dict]] = []
    session.info[_KEPT] = kept
    try:
        yield
    finally:
        del session.info[_KEPT]
    for args, kwargs in kept:
        record(session, *args, **kwargs)


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_ref: str | None = None,
    *,
    justification: str | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent | None:
    """Append one event to the chain; it commits (or not) with the change.

    Signed by the actor's own key when they are signed in, else by their
    agency's workstation key (``Actor.station_signer``); with neither (the
    local administrator of a hub that has no keys yet) the event is left
    unsigned, and ``audit verify`` fails on it. Inside a :func:`recorded_last`
    block the event is kept back and appended when the block ends, and None
    is returned.
    """
    kept = session.info.get(_KEPT)
    if kept is not None:
        kept.append(((actor, action, object_type, object_ref),
                     {"justification": justification, "detail": dict(detail) if detail else None}))
        return None
    session.flush()  # the change itself first, before the hub-wide lock is taken
    head, taken = _locked_head(session)
    if head is None:
        raise EnvironmentFault("The hub database has lost its audit trail's head record; nothing can be saved "
                               "until it is restored. Tell the hub administrator.")
    event_id, prev_hash = _next_position(session, head, taken)
    event = AuditEvent(
        id=event_id,
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
        prev_hash=prev_hash,
        signature=None,
        signer=None,
    )
    event.hash = event_hash(prev_hash, event)
    if actor.signer is not None and actor.user_id is not None:
        event.signature, event.signer = crypto.sign(actor.signer, event.hash), USER
    elif actor.station_signer is not None and actor.agency_id is not None:
        event.signature, event.signer = crypto.sign(actor.station_signer, event.hash), STATION
    _append(session, event, head)
    return event


def verify_chain(session: Session, trust: Trust) -> Verdict:
    """Walk the whole chain and its checkpoints, checking every signature
    through ``trust``; see security/audit_verify.py."""
    from .audit_verify import verify_chain as verify

    return verify(session, trust)


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
