"""Verifying the audit chain with keys that chain to the workstation's pinned roots.

The chain is what the head leads back to: from ``audit_head`` each event
names the hash of the one before it, down to the genesis hash. Every row of
``audit_events`` must lie on that chain, hash to what it says and carry a
good signature:

- ``signer`` "user": the actor's own key, verified through :class:`Trust`
  (never the bare key in ``users``), and the event names that person;
- ``signer`` "station": the workstation key of the event's agency, verified
  through the agency's certificate; it signs only what happens before
  anyone signs in, so it may name a person only on a refused sign-in or a
  refused key (``STATION_MAY_NAME``).

An unsigned or wrongly signed event, a row inserted outside the hub (also
one at the head's next id) or a rewritten copy fails, naming the event.
Each signer's key is checked through the trust once, so a long chain costs
one signature check per event. Checkpoints must match the chain, be signed
by a person whose key verifies, and sit on that person's own ``audit.seal``
event (the client records it only for an auditor; roles in ``users`` are
not signed, so they are not consulted here).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ..store.models import Agency, AuditCheckpoint, AuditEvent, AuditHead, User
from . import crypto
from .audit import GENESIS, STATION, USER, checkpoint_message, event_hash
from .trust import Trust, TrustFailure

#: Actions a workstation key may sign in a person's name: before they are signed in.
STATION_MAY_NAME = frozenset({"auth.sign_in_refused", "trust.refused"})
_BATCH = 2000
_ROWS = select(*AuditEvent.__table__.columns)
_FOREIGN = "it is not part of the chain (added outside the hub, altered, or a rewritten copy)"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    checkpoints: int
    problem: str | None = None
    first_bad_event: int | None = None
    #: The chain's newest event and its hash, when the chain was whole enough to say.
    head_event: int | None = None
    head_hash: bytes | None = None
    #: How many checkpoints of a witness file were found to match.
    witnessed: int = 0

    def __str__(self) -> str:
        if self.ok:
            also = f" {self.witnessed} witnessed checkpoints match." if self.witnessed else ""
            return f"Audit chain intact: {self.events} events, {self.checkpoints} signed checkpoints.{also}"
        where = f" (event {self.first_bad_event})" if self.first_bad_event is not None else ""
        return f"Audit chain broken{where}: {self.problem}"


@dataclass(frozen=True)
class _Link:
    prev: bytes
    hash: bytes
    whole: bool  # the row hashes to its own hash
    problem: str | None  # what is wrong with its signature, if anything
    sealed_by: int | None  # the actor of a person-signed audit.seal event


class _Keys:
    """Signing keys that verified through the trust: once per person, once per agency."""

    def __init__(self, session: Session, trust: Trust) -> None:
        self.session, self.trust = session, trust
        self._users: dict[int, tuple[bytes, str] | str] = {}
        self._stations: dict[int, bytes | str] = {}

    def user(self, user_id: int) -> tuple[bytes, str] | str:
        """(key, username), or why there is no key to trust."""
        if user_id not in self._users:
            user = self.session.get(User, user_id)
            try:
                self._users[user_id] = ((self.trust.user_signing_key(self.session, user), user.username)
                                        if user is not None else "it names no account of the hub")
            except TrustFailure as exc:
                self._users[user_id] = f"its signer's key does not chain to the hub's roots ({exc.problem})"
        return self._users[user_id]

    def station(self, agency_id: int) -> bytes | str:
        if agency_id not in self._stations:
            agency = self.session.get(Agency, agency_id)
            try:
                self._stations[agency_id] = (self.trust.workstation_key(self.session, agency)
                                             if agency is not None else "it names no agency of the hub")
            except TrustFailure as exc:
                self._stations[agency_id] = f"its agency's workstation key does not verify ({exc.problem})"
        return self._stations[agency_id]


def signature_problem(event: AuditEvent | Row, keys: _Keys) -> str | None:
    """What is wrong with ``event``'s signature, or None when it is good."""
    if not event.signature or event.signer not in (USER, STATION):
        return "it is not signed"
    if event.signer == USER:
        if event.actor_id is None:
            return "it claims a person's signature but names no person"
        found = keys.user(event.actor_id)
        if isinstance(found, str):
            return found
        key, username = found
        if event.actor_name != username:
            return f"it is signed by {username} but names {event.actor_name}"
    else:
        if event.actor_id is not None and event.action not in STATION_MAY_NAME:
            return "it is signed by a workstation key, which may not act in a person's name"
        if event.agency_id is None:
            return "it is signed by a workstation key but names no agency"
        key = keys.station(event.agency_id)
        if isinstance(key, str):
            return key
    if not crypto.verify(key, bytes(event.signature), bytes(event.hash)):
        return "its signature does not match (forged, altered or re-hashed)"
    return None


def _whole(event: AuditEvent | Row) -> bool:
    try:
        return event.prev_hash is not None and event.hash is not None and \
            event_hash(bytes(event.prev_hash), event) == bytes(event.hash)
    except (TypeError, ValueError, AttributeError):
        return False


def _events(session: Session) -> Iterator[tuple[int, Row | None]]:
    """Every row by id (plain rows, not ORM objects: faster), a page at a time;
    None for a row that cannot even be read."""
    last = None
    while True:
        query = select(AuditEvent.id).order_by(AuditEvent.id).limit(_BATCH)
        ids = list(session.scalars(query if last is None else query.where(AuditEvent.id > last)))
        if not ids:
            return
        try:
            rows = {r.id: r for r in session.execute(_ROWS.where(AuditEvent.id >= ids[0], AuditEvent.id <= ids[-1]))}
        except (TypeError, ValueError):
            rows = {}
            for event_id in ids:
                try:
                    rows[event_id] = session.execute(_ROWS.where(AuditEvent.id == event_id)).one()
                except (TypeError, ValueError):
                    continue
        for event_id in ids:
            yield event_id, rows.get(event_id)
        last = ids[-1]


def _read(session: Session, keys: _Keys) -> dict[int, _Link]:
    links: dict[int, _Link] = {}
    for event_id, event in _events(session):
        if event is None:
            links[event_id] = _Link(b"", b"", False, "it cannot be read", None)
            continue
        whole = _whole(event)
        problem = signature_problem(event, keys) if whole else None
        sealed_by = event.actor_id if event.action == "audit.seal" and event.signer == USER else None
        links[event_id] = _Link(bytes(event.prev_hash or b""), bytes(event.hash or b""), whole, problem, sealed_by)
    return links


def _walk_back(head: AuditHead | None, links: dict[int, _Link]) -> list[int] | None:
    """The chain's ids, newest first, from the head to genesis; None if it breaks."""
    if head is None or head.last_hash is None:
        return None
    by_hash: dict[bytes, int] = {}
    for event_id, link in links.items():
        if link.whole:
            by_hash.setdefault(link.hash, event_id)
    chain: list[int] = []
    current = bytes(head.last_hash)
    while current != GENESIS:
        event_id = by_hash.get(current)
        if event_id is None or (chain and event_id >= chain[-1]):
            return None
        chain.append(event_id)
        current = links[event_id].prev
    if head.last_event_id != (chain[0] if chain else 0):
        return None
    return chain


def _diagnose(links: dict[int, _Link]) -> tuple[int, str]:
    """Where a chain that does not lead back from its head first goes wrong."""
    running, expected = GENESIS, 1
    for event_id in sorted(links):
        link = links[event_id]
        if event_id != expected:
            return expected, f"event {expected} is missing"
        if link.prev != running:
            return event_id, "does not follow the event before it (deleted, moved or altered)"
        if not link.whole:
            return event_id, "its content was altered"
        running, expected = link.hash, expected + 1
    return expected, "the chain was cut short or extended behind the head's back"


def _checkpoint_problem(cp: AuditCheckpoint, links: dict[int, _Link], on_chain: set[int],
                        keys: _Keys) -> str | None:
    link = links.get(cp.event_id)
    if cp.event_id not in on_chain or link is None or link.hash != bytes(cp.head_hash):
        return f"signed checkpoint {cp.id} no longer matches the chain (re-hashed?)"
    found = keys.user(cp.signed_by_id)
    if isinstance(found, str):
        return f"checkpoint {cp.id}: {found}"
    if found[0] != bytes(cp.signer_public_key) or not crypto.verify(
            found[0], bytes(cp.signature), checkpoint_message(cp.event_id, bytes(cp.head_hash))):
        return f"checkpoint {cp.id} has a bad signature"
    if link.sealed_by != cp.signed_by_id:
        return f"checkpoint {cp.id} does not rest on its signer's own audit.seal event"
    return None


def verify_chain(session: Session, trust: Trust) -> Verdict:
    """Walk the whole chain, every signature and every checkpoint; name the first fault."""
    checkpoints = list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
    head = session.get(AuditHead, 1)
    keys = _Keys(session, trust)
    links = _read(session, keys)
    chain = _walk_back(head, links)
    if chain is None:
        bad, problem = _diagnose(links)
        return Verdict(False, bad - 1, len(checkpoints), problem, bad)
    on_chain = set(chain)
    faults = [(i, _FOREIGN) for i in links if i not in on_chain]
    faults += [(i, links[i].problem) for i in chain if links[i].problem]
    if faults:
        bad, problem = min(faults)
        return Verdict(False, sum(1 for i in chain if i < bad), len(checkpoints), problem, bad)
    for cp in checkpoints:
        problem = _checkpoint_problem(cp, links, on_chain, keys)
        if problem:
            return Verdict(False, len(chain), len(checkpoints), problem, cp.event_id)
    top = chain[0] if chain else 0
    return Verdict(True, len(chain), len(checkpoints), head_event=top,
                   head_hash=links[top].hash if chain else GENESIS)
