"""Recording audit events: each chains from the head, is signed by the right
key (or visibly not at all), and a lost head stops writing rather than forking.

Verifying the chain, and what an insider does to it, are in
test_audit_verify.py and test_audit_insider.py.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text

from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.security import audit, crypto
from mash_desktop.security.identity import LOCAL_ADMIN, local_admin
from mash_desktop.security.trust import workstation_signing_key
from mash_desktop.store.models import AuditCheckpoint, AuditEvent, AuditHead, User
from tests.security.audit_hub import audit_hub, audit_hub_templates, verify  # noqa: F401


def _user(s, username: str) -> User:
    return s.scalar(select(User).where(User.username == username))


def test_an_event_chains_from_the_head_and_moves_it(audit_hub):
    actor = audit_hub.sign_in("csc.officer").actor
    with audit_hub.db.write() as s:
        head = s.get(AuditHead, 1)
        before_id, before_hash = head.last_event_id, bytes(head.last_hash)
        first = audit.record(s, actor, "test.event", "thing", "1", justification="why",
                             detail={"b": 2, "a": "x"})
        second = audit.record(s, actor, "test.event", "thing", "2")
        assert (first.id, first.prev_hash) == (before_id + 1, before_hash)
        assert first.hash == audit.event_hash(before_hash, first) and len(first.hash) == audit.HASH_BYTES
        assert (second.id, second.prev_hash) == (first.id + 1, first.hash)
        assert (head.last_event_id, head.last_hash) == (second.id, second.hash)
        assert first.detail == '{"a": "x", "b": 2}' and second.detail is None
    assert verify(audit_hub).ok


def test_events_recorded_last_are_appended_in_order_when_the_block_ends(audit_hub):
    """Inside ``recorded_last`` (and a block nested in it) nothing touches the head; on leaving, the
    events are appended in the order recorded, chained and signed as any other."""
    actor = audit_hub.sign_in("csc.officer").actor
    with audit_hub.db.write() as s:
        before = s.get(AuditHead, 1).last_event_id
        with audit.recorded_last(s):
            assert audit.record(s, actor, "test.first", "thing", "1", detail={"n": 1}) is None
            with audit.recorded_last(s):
                audit.record(s, actor, "test.second", "thing", "2", justification="why")
            assert s.scalar(select(AuditHead.last_event_id)) == before
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.id > before).order_by(AuditEvent.id)))
        assert [(e.action, e.object_ref, e.detail, e.justification) for e in events] == [
            ("test.first", "1", '{"n": 1}', None), ("test.second", "2", None, "why")]
        assert events[1].prev_hash == events[0].hash and events[0].signer == audit.USER
    assert verify(audit_hub).ok


def test_a_block_that_raises_records_nothing_from_inside_it(audit_hub):
    actor = audit_hub.sign_in("csc.officer").actor
    with audit_hub.db.write() as s:
        before = s.get(AuditHead, 1).last_event_id
        with pytest.raises(ValueError), audit.recorded_last(s):
            audit.record(s, actor, "test.kept_back", "thing", "1")
            raise ValueError("the read failed")
        audit.record(s, actor, "test.after", "thing", "2")
        assert list(s.scalars(select(AuditEvent.action).where(AuditEvent.id > before))) == ["test.after"]
    assert verify(audit_hub).ok


def test_the_hash_covers_every_field(audit_hub):
    actor = audit_hub.sign_in("csc.officer").actor
    with audit_hub.db.write() as s:
        event = audit.record(s, actor, "test.event", "thing", "1", justification="why", detail={"n": 1})
        original = audit.event_hash(event.prev_hash, event)
        assert audit.event_hash(audit.GENESIS, event) != original
        for name, value in [("actor_name", "someone"), ("actor_id", 999), ("agency_id", 999),
                            ("workstation_id", 999), ("action", "test.other"), ("object_type", "other"),
                            ("object_ref", "2"), ("justification", "why not"), ("detail", '{"n": 2}'),
                            ("at", event.at.replace(microsecond=(event.at.microsecond + 1) % 1_000_000)),
                            ("id", event.id + 1)]:
            kept = getattr(event, name)
            setattr(event, name, value)
            assert audit.event_hash(event.prev_hash, event) != original, name
            setattr(event, name, kept)
        assert audit.event_hash(event.prev_hash, event) == original
        s.rollback()


def test_each_event_is_signed_by_the_person_else_the_workstation_else_visibly_not(audit_hub):
    signed = audit_hub.sign_in("csc.officer")
    secret = audit_hub.creds("CSC").secret
    station = workstation_signing_key(secret)
    with audit_hub.db.write() as s:
        officer = _user(s, "csc.officer")
        own = audit.record(s, signed.actor, "test.event", "thing")
        assert own.signer == audit.USER
        assert crypto.verify(officer.signing_public_key, own.signature, own.hash)

        at_station = audit.record(s, local_admin(officer.agency_id, station), "test.event", "thing")
        assert at_station.signer == audit.STATION
        assert crypto.verify(officer.agency.workstation_signing_key, at_station.signature, at_station.hash)

        # A key with no person to name, or a workstation key with no agency, signs nothing.
        nameless = dataclasses.replace(signed.actor, user_id=None, station_signer=None)
        for actor in (LOCAL_ADMIN, nameless, dataclasses.replace(LOCAL_ADMIN, station_signer=station)):
            event = audit.record(s, actor, "test.event", "thing")
            assert (event.signature, event.signer) == (None, None)
        s.rollback()


def test_an_unsigned_event_of_the_local_administrator_fails_verification(audit_hub):
    with audit_hub.db.write() as s:
        event_id = audit.record(s, LOCAL_ADMIN, "test.event", "thing").id
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == event_id


def test_a_lost_head_stops_every_write(audit_hub):
    actor = audit_hub.sign_in("csc.officer").actor
    with audit_hub.db.write() as s:
        s.execute(text("DELETE FROM audit_head"))
        s.expire_all()
        with pytest.raises(EnvironmentFault, match="lost its audit trail's head"):
            audit.record(s, actor, "test.event", "thing")
        s.rollback()


def test_a_checkpoint_is_the_head_after_its_own_seal_event_signed_by_the_sealer(audit_hub):
    auditor = audit_hub.sign_in("hub.auditor")
    keys = auditor.keychain.keys
    with audit_hub.db.write() as s:
        cp = audit.seal_checkpoint(s, auditor.actor, keys.signing, keys.signing_public)
        seal = s.get(AuditEvent, cp.event_id)
        assert (seal.action, seal.actor_id) == ("audit.seal", auditor.actor.user_id)
        assert cp.head_hash == seal.hash == s.get(AuditHead, 1).last_hash
        assert crypto.verify(keys.signing_public, cp.signature, audit.checkpoint_message(cp.event_id, cp.head_hash))
        assert not crypto.verify(keys.signing_public, cp.signature,
                                 audit.checkpoint_message(cp.event_id - 1, cp.head_hash))
    with audit_hub.db.read() as s:
        assert s.scalar(select(AuditCheckpoint.id).where(AuditCheckpoint.event_id == cp.event_id)) is not None
    verdict = verify(audit_hub)
    assert verdict.ok and verdict.checkpoints >= 1, verdict

