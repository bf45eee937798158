"""An insider with the database in hand tries to rewrite the audit trail quietly; every attempt is named.

Each test writes to the database directly, as the database owner (or an
agency role) could, then shows that ``audit verify`` (with the witness file
where the database alone cannot tell) catches it, and that the hub keeps
working afterwards.
"""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import insert, select

from mash_desktop.security import audit
from mash_desktop.security.audit_verify import _checkpoint_problem, _Keys, _read
from mash_desktop.security.crypto import KeyPair
from mash_desktop.services.audit import query as audit_query, trail as audit_trail, witness as audit_witness
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditCheckpoint, AuditEvent, AuditHead, User
from tests.hub_factory import EXAMPLE
from tests.security.audit_hub import audit_hub, audit_hub_templates, head_id, rechain_from, sql, verify  # noqa: F401

PAYLOAD = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}}


def _keeps_working(hub) -> None:
    """Sign-ins and saves go on as before (each appends to the chain)."""
    officer = hub.sign_in("csc.officer")
    assert add_referral(hub.db, officer.actor, PAYLOAD).startswith("MASH-")
    assert hub.sign_in("pol.lead").actor.username == "pol.lead"


def _seal(hub, witness):
    return audit_trail.seal(hub.db, hub.sign_in("hub.auditor"), witness)


def test_signatures_stripped_and_the_chain_rehashed_from_a_point(audit_hub):
    _keeps_working(audit_hub)
    at = head_id(audit_hub.db) - 4
    rechain_from(audit_hub.db, at, strip=True)
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == at and verdict.problem == "it is not signed", verdict
    _keeps_working(audit_hub)
    assert verify(audit_hub).first_bad_event == at


def test_rehashed_and_resigned_with_the_insiders_own_key(audit_hub):
    at = head_id(audit_hub.db) - 4
    insider = audit_hub.sign_in("pol.officer")
    rechain_from(audit_hub.db, at, sign_with=insider.keychain.keys.signing)
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == at and "signature does not match" in verdict.problem


def test_tail_cut_and_head_moved_back_is_caught_by_the_witness(audit_hub, tmp_path):
    witness = tmp_path / "witness.jsonl"
    cut = head_id(audit_hub.db)
    first = _seal(audit_hub, witness)
    _keeps_working(audit_hub)
    _seal(audit_hub, witness)
    entries = audit_witness.read(witness)
    assert verify(audit_hub, entries).witnessed == 2
    # The owner cuts everything after ``cut`` (checkpoints too) and points the head there.
    sql(audit_hub.db, "DELETE FROM audit_checkpoints")
    sql(audit_hub.db, "DELETE FROM audit_events WHERE id > :cut", cut=cut)
    sql(audit_hub.db, "UPDATE audit_head SET last_event_id = :cut, "
                      "last_hash = (SELECT hash FROM audit_events WHERE id = :cut)", cut=cut)
    assert verify(audit_hub).ok  # the database alone cannot tell
    verdict = verify(audit_hub, entries)
    assert not verdict.ok and verdict.first_bad_event == first.event_id
    assert f"ends at event {cut}" in verdict.problem and "line 1:" in verdict.problem
    _keeps_working(audit_hub)
    # Writing past the cut again does not fool the witness either: the hashes differ.
    verdict = verify(audit_hub, entries)
    assert not verdict.ok and verdict.first_bad_event == first.event_id and "rewritten" in verdict.problem


def test_the_auditors_key_replaced_and_the_checkpoint_resigned(audit_hub, tmp_path):
    checkpoint = _seal(audit_hub, tmp_path / "witness.jsonl")
    _keeps_working(audit_hub)
    forged = KeyPair.generate()
    with audit_hub.db.read() as s:
        auditor = s.scalar(select(User).where(User.username == "hub.auditor"))
        own_events = list(s.scalars(select(AuditEvent).where(AuditEvent.actor_id == auditor.id)))
    sql(audit_hub.db, "UPDATE users SET signing_public_key = :key WHERE id = :id",
        key=forged.signing_public, id=auditor.id)
    for event in own_events:  # every event of the auditor re-signed with the new key
        sql(audit_hub.db, "UPDATE audit_events SET signature = :sig WHERE id = :id",
            sig=forged.signing.sign(event.hash), id=event.id)
    message = audit.checkpoint_message(checkpoint.event_id, checkpoint.head_hash)
    sql(audit_hub.db, "UPDATE audit_checkpoints SET signer_public_key = :key, signature = :sig WHERE id = :id",
        key=forged.signing_public, sig=forged.signing.sign(message), id=checkpoint.id)
    verdict = verify(audit_hub)
    assert not verdict.ok and "does not chain to the hub's roots" in verdict.problem, verdict
    assert verdict.first_bad_event == min(e.id for e in own_events)
    with audit_hub.db.read() as s:  # the checkpoint itself is refused too, not only the events
        keys = _Keys(s, audit_trail.station_trust(audit_hub.db, audit_hub.creds("HUB")))
        links = _read(s, keys)
        problem = _checkpoint_problem(s.get(AuditCheckpoint, checkpoint.id), links, set(links), keys)
    assert problem and "does not chain" in problem


@pytest.mark.parametrize("claim", ["id", "name"])
def test_an_event_forged_in_another_users_name(audit_hub, claim):
    forger = audit_hub.sign_in("pol.officer")
    with audit_hub.db.read() as s:
        victim = s.scalar(select(User).where(User.username == "csc.lead"))
        victim_id, victim_agency = victim.id, victim.agency_id
    # A modified client: the victim's name (and id, or the forger's own id), the forger's key.
    actor = dataclasses.replace(forger.actor, username="csc.lead", agency_id=victim_agency,
                                user_id=victim_id if claim == "id" else forger.actor.user_id)
    with audit_hub.db.write() as s:
        event = audit.record(s, actor, "referral.allocate", "referral", "MASH-2026-000001")
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == event.id, verdict
    assert ("signature does not match" if claim == "id" else "signed by pol.officer but names csc.lead") \
        in verdict.problem
    _keeps_working(audit_hub)


def _foreign_row(hub, event_id: int, prev_hash: bytes, **fields) -> None:
    row = dict(id=event_id, at=dt.datetime.now(dt.timezone.utc), actor_name="nobody", action="junk",
               object_type="thing", prev_hash=prev_hash, hash=b"\x01" * 32) | fields
    with hub.db.engine.begin() as conn:
        conn.execute(insert(AuditEvent.__table__).values(**row))


@pytest.mark.parametrize("where", [1, 2, 50])
def test_a_row_inserted_ahead_of_the_head_never_stops_the_hub(audit_hub, where):
    head = head_id(audit_hub.db)
    _foreign_row(audit_hub, head + where, b"\x00" * 32)
    _keeps_working(audit_hub)
    with audit_hub.db.read() as s:
        ids = list(s.scalars(select(AuditEvent.id).where(AuditEvent.id > head).order_by(AuditEvent.id)))
    assert head + where in ids and len(ids) > 3
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == head + where and "not part of the chain" in \
        verdict.problem, verdict


def test_a_well_formed_signed_row_at_the_next_id_is_still_named(audit_hub):
    insider = audit_hub.sign_in("pol.officer")
    with audit_hub.db.read() as s:
        head = s.get(AuditHead, 1)
        event_id, prev = head.last_event_id + 1, bytes(head.last_hash)
    row = AuditEvent(id=event_id, at=dt.datetime.now(dt.timezone.utc), actor_id=insider.actor.user_id,
                     actor_name="pol.officer", agency_id=insider.actor.agency_id, action="case.view",
                     object_type="referral", object_ref="MASH-2026-000001", prev_hash=prev)
    row.hash = audit.event_hash(prev, row)
    _foreign_row(audit_hub, event_id, prev, actor_id=row.actor_id, actor_name=row.actor_name,
                 agency_id=row.agency_id, action=row.action, object_type=row.object_type,
                 object_ref=row.object_ref, at=row.at, hash=row.hash, signer="user",
                 signature=insider.keychain.keys.signing.sign(row.hash))
    _keeps_working(audit_hub)  # the hub's next event chains from the head, beside the row
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == event_id and "not part of the chain" in verdict.problem


@pytest.mark.parametrize("statement", [
    "UPDATE audit_head SET last_hash = :short",
    "UPDATE audit_head SET last_event_id = last_event_id + 1000",
    "UPDATE audit_head SET last_event_id = -5",
])
def test_a_malformed_head_never_stops_the_hub(audit_hub, statement):
    sql(audit_hub.db, statement, short=b"\x00\x01")
    verdict = verify(audit_hub)
    assert not verdict.ok and "cut short or extended" in verdict.problem
    _keeps_working(audit_hub)
    # The next event chained from the newest well-formed one: no event was lost or changed.
    assert verify(audit_hub).ok


def test_a_tail_deleted_behind_the_heads_back_never_stops_the_hub(audit_hub):
    cut = head_id(audit_hub.db) - 3
    sql(audit_hub.db, "DELETE FROM audit_events WHERE id > :cut", cut=cut)
    _keeps_working(audit_hub)  # the head moves on from where it was, never back
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == cut + 1 and verdict.problem == f"event {cut + 1} is missing"


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL refuses a time that is not one
def test_a_row_with_an_unreadable_time_is_named_and_the_trail_still_reads(audit_hub):
    bad = head_id(audit_hub.db) + 1
    sql(audit_hub.db, "INSERT INTO audit_events (id, at, actor_name, action, object_type, prev_hash, hash) "
                      "VALUES (:id, 'not a time', 'nobody', 'junk', 'thing', :h, :h)", id=bad, h=b"\x00" * 32)
    _keeps_working(audit_hub)
    verdict = verify(audit_hub)
    assert not verdict.ok and verdict.first_bad_event == bad and "not part of the chain" in verdict.problem
    auditor = audit_hub.sign_in("hub.auditor")
    shown = {row.id: row for row in audit_query.find_events(audit_hub.db, auditor.actor).rows}
    assert shown[bad].at == audit_trail.UNREADABLE_TIME and shown[bad].action == "junk"
    assert len(shown) > 20 and all(row.at > audit_trail.UNREADABLE_TIME for i, row in shown.items() if i != bad)
    exported = {row[0]: row for row in audit_trail.export(audit_hub.db, auditor, None, None)}
    assert exported[str(bad)][1] == "1970-01-01T00:00:00Z" and exported[str(bad)][5] == "junk"
