"""The audit chain detects any change, deletion, swap, truncation or re-hash."""

import pytest
from sqlalchemy import delete, select, text, update

from mash_desktop.security import audit
from mash_desktop.security.crypto import KeyPair
from mash_desktop.security.identity import Actor
from mash_desktop.store.models import AuditCheckpoint, AuditEvent, AuditHead, User

ACTOR = Actor(username="tester", user_id=None)


def _append(db, n):
    with db.write() as s:
        for i in range(n):
            audit.record(s, ACTOR, "test.event", "thing", str(i), justification=f"reason {i}")


def _verify(db):
    with db.read() as s:
        return audit.verify_chain(s)


@pytest.fixture
def chained(db):
    _append(db, 30)
    return db


def test_untouched_chain_verifies_after_thousands_of_events(db):
    _append(db, 3000)
    verdict = _verify(db)
    assert verdict.ok and verdict.events == 3000, verdict


def _tamper(db, sql, **params):
    # The owner can do anything; the chain must still tell.
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


@pytest.mark.parametrize("case,sql,bad", [
    ("byte changed", "UPDATE audit_events SET justification = 'reason X' WHERE id = 12", 12),
    ("actor changed", "UPDATE audit_events SET actor_name = 'someone' WHERE id = 5", 5),
    ("deleted", "DELETE FROM audit_events WHERE id = 17", 17),
    ("truncated", "DELETE FROM audit_events WHERE id > 25", 26),
])
def test_tampering_is_detected(chained, case, sql, bad):
    _tamper(chained, sql)
    verdict = _verify(chained)
    assert not verdict.ok and verdict.first_bad_event == bad, (case, verdict)


def test_swapped_events_are_detected(chained):
    with chained.write() as s:
        a, b = s.get(AuditEvent, 8), s.get(AuditEvent, 9)
        fields = ("at", "action", "object_ref", "justification", "detail", "prev_hash", "hash")
        va, vb = ({f: getattr(e, f) for f in fields} for e in (a, b))
        for f in fields:
            setattr(a, f, vb[f])
            setattr(b, f, va[f])
    verdict = _verify(chained)
    assert not verdict.ok and verdict.first_bad_event == 8


def _rehash_from(db, start):
    """What an attacker with the owner role can do: rewrite and re-chain."""
    with db.write() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == start).values(justification="rewritten"))
        prev = s.get(AuditEvent, start - 1).hash
        for e in s.scalars(select(AuditEvent).where(AuditEvent.id >= start).order_by(AuditEvent.id)):
            e.prev_hash = prev
            e.hash = audit.event_hash(prev, e)
            prev = e.hash
        head = s.get(AuditHead, 1)
        head.last_hash = prev


def test_rehash_without_the_auditor_key_is_caught_by_a_checkpoint(chained):
    keys = KeyPair.generate()
    with chained.write() as s:
        auditor = User(username="auditor1", display_name="Auditor", agency_id=_agency(s),
                       signing_public_key=keys.signing_public)
        s.add(auditor)
        s.flush()
        audit.seal_checkpoint(s, Actor(username="auditor1", user_id=auditor.id), keys.signing,
                              keys.signing_public)
    _append(chained, 5)
    assert _verify(chained).ok
    _rehash_from(chained, 10)
    verdict = _verify(chained)
    assert not verdict.ok and "checkpoint" in verdict.problem and verdict.first_bad_event == 31


def test_rehash_after_the_last_checkpoint_is_the_known_limit(chained):
    # Documented: events after the newest checkpoint are protected by the
    # chain only; sealing often narrows the window.
    _rehash_from(chained, 20)
    assert _verify(chained).ok


def test_forged_checkpoint_signature_is_caught(chained):
    keys, other = KeyPair.generate(), KeyPair.generate()
    with chained.write() as s:
        auditor = User(username="auditor1", display_name="Auditor", agency_id=_agency(s),
                       signing_public_key=keys.signing_public)
        s.add(auditor)
        s.flush()
        audit.seal_checkpoint(s, Actor(username="auditor1", user_id=auditor.id), other.signing,
                              keys.signing_public)
    assert "signature" in _verify(chained).problem


def _agency(s):
    from mash_desktop.domain.codes import AgencyKind
    from mash_desktop.store.models import Agency
    agency = Agency(code="HUB", name="Hub", kind=AgencyKind.HUB)
    s.add(agency)
    s.flush()
    return agency.id
