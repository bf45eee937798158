"""The audit chain: every event signed, and any change, deletion, swap, truncation or re-hash detected."""

import time

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import NotPermitted
from mash_desktop.security import audit
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.security.trust import workstation_signing_key
from mash_desktop.services.audit import trail as audit_trail
from mash_desktop.store.models import AuditCheckpoint, AuditEvent, User
from tests.security.audit_hub import audit_hub, audit_hub_templates, head_id, rechain_from, sql, verify  # noqa: F401


def _append(hub, n, actor=None):
    actor = actor or hub.sign_in("csc.officer").actor
    with hub.db.write() as s:
        for i in range(n):
            audit.record(s, actor, "test.event", "thing", str(i), justification=f"reason {i}")


def test_every_event_of_a_working_hub_is_signed_and_verifies(audit_hub):
    with pytest.raises(NotPermitted):
        audit_hub.sign_in("csc.officer", "not the password")
    with audit_hub.db.read() as s:
        events = [(e.action, e.signer) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert all(signer for _, signer in events)
    # before anyone signed in (mash-admin init, a refused sign-in): the workstation key; then the person's own
    assert events[:4] == [("agency.add", "station"), ("user.add", "station"), ("workstation.enrol", "user"),
                          ("auth.sign_in", "user")]
    assert events[-1] == ("auth.sign_in_refused", "station")
    verdict = verify(audit_hub)
    assert verdict.ok, verdict


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_thousands_of_events_verify_quickly(audit_hub):
    _append(audit_hub, 5000)
    started = time.perf_counter()
    verdict = verify(audit_hub)
    assert verdict.ok and verdict.events > 5000, verdict
    assert time.perf_counter() - started < 10  # one signature check per event, each key through trust once


@pytest.mark.parametrize("case,statement,bad", [
    ("byte changed", "UPDATE audit_events SET justification = 'reason X' WHERE id = :at", 0),
    ("actor changed", "UPDATE audit_events SET actor_name = 'someone' WHERE id = :at", 0),
    ("deleted", "DELETE FROM audit_events WHERE id = :at", 0),
    ("truncated", "DELETE FROM audit_events WHERE id > :at", 1),
])
def test_tampering_is_detected(audit_hub, case, statement, bad):
    _append(audit_hub, 10)
    at = head_id(audit_hub.db) - 5
    sql(audit_hub.db, statement, at=at)
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == at + bad, (case, verdict)


def test_swapped_events_are_detected(audit_hub):
    _append(audit_hub, 10)
    at = head_id(audit_hub.db) - 5
    with audit_hub.db.write() as s:
        a, b = s.get(AuditEvent, at), s.get(AuditEvent, at + 1)
        fields = ("at", "action", "object_ref", "justification", "detail", "prev_hash", "hash", "signature")
        va, vb = ({f: getattr(e, f) for f in fields} for e in (a, b))
        for f in fields:
            setattr(a, f, vb[f])
            setattr(b, f, va[f])
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == at


def test_a_rehash_keeping_the_old_signatures_is_caught_at_the_first_rewritten_event(audit_hub):
    _append(audit_hub, 10)
    at = head_id(audit_hub.db) - 6
    rechain_from(audit_hub.db, at)
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == at and "signature" in verdict.problem


def test_an_unsigned_event_fails_and_is_named(audit_hub):
    _append(audit_hub, 3, LOCAL_ADMIN)  # the local administrator with no workstation key
    at = head_id(audit_hub.db) - 2
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == at and verdict.problem == "it is not signed"


def test_a_workstation_key_may_not_act_in_a_persons_name(audit_hub):
    officer = audit_hub.sign_in("csc.officer").actor
    station = Actor(username=officer.username, user_id=officer.user_id, agency_id=officer.agency_id,
                    station_signer=workstation_signing_key(audit_hub.kits["CSC"].workstation_secret))
    with audit_hub.db.write() as s:
        audit.record(s, station, "auth.sign_in_refused", "user", officer.username)  # allowed: before sign-in
        event = audit.record(s, station, "referral.allocate", "referral", "MASH-2026-000001")
    assert event.signer == "station"
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == event.id and "workstation key" in verdict.problem


def test_a_checkpoint_rests_on_its_signers_seal_and_a_forged_one_is_caught(audit_hub, tmp_path):
    auditor = audit_hub.sign_in("hub.auditor")
    checkpoint = audit_trail.seal(audit_hub.db, auditor, tmp_path / "witness.jsonl")
    _append(audit_hub, 5)
    assert verify(audit_hub).ok
    with audit_hub.db.write() as s:  # the same head, signed by someone else with their own key
        officer = audit_hub.sign_in("csc.officer")
        s.add(AuditCheckpoint(event_id=checkpoint.event_id, head_hash=checkpoint.head_hash,
                              signed_by_id=officer.actor.user_id,
                              signer_public_key=s.get(User, officer.actor.user_id).signing_public_key,
                              signature=officer.keychain.keys.signing.sign(
                                  audit.checkpoint_message(checkpoint.event_id, checkpoint.head_hash))))
    verdict = verify(audit_hub)
    assert not verdict.ok and "own audit.seal" in verdict.problem


def test_events_appended_while_verifying_are_not_taken_for_foreign_rows(audit_hub, monkeypatch):
    from mash_desktop.security import audit_verify

    read = audit_verify._read

    def read_after_a_write(session, keys):
        _append(audit_hub, 3)  # another workstation, after the head was read
        return read(session, keys)

    monkeypatch.setattr(audit_verify, "_read", read_after_a_write)
    verdict = verify(audit_hub)
    assert verdict.ok, verdict
    monkeypatch.undo()
    assert verify(audit_hub).events == verdict.events + 3 + 1  # the three and the writer's sign-in
