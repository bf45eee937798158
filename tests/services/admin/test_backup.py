"""Backup and restore of the embedded database: consistent under writers, refused when unsound."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.errors import NotPermitted, Refused, UserError
from mash_desktop.services.audit import trail as audit_trail
from mash_desktop.services.admin import backup
from mash_desktop.services.demo.hub import demo_credentials
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, Referral, ReferralPerson

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
#: The enrolment of the workstation that backs up and restores (the demo hub's).
CREDS = demo_credentials("HUB", "demo")

WRITER = textwrap.dedent("""
    import sys
    from mash_desktop.security.accounts import sign_in
    from mash_desktop.services.demo.hub import DEMO_PASSWORD, demo_credentials
    from mash_desktop.services.intake.referrals import add_referral
    from mash_desktop.store.database import Database
    from tests.hub_factory import EXAMPLE
    db = Database(sys.argv[1])
    officer = sign_in(db, demo_credentials("CSC", sys.argv[1]), "csc.officer", DEMO_PASSWORD).actor
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}}
    while True:
        print(add_referral(db, officer, payload), flush=True)
""")


def _file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _counts(path_or_url: str | Path) -> tuple[int, int, int]:
    """(referrals, referrals without a subject, audit events) of a database."""
    url = path_or_url if isinstance(path_or_url, str) else f"sqlite:///{path_or_url}"
    db = Database(url)
    try:
        with db.read() as s:
            referrals = s.scalar(select(func.count()).select_from(Referral))
            orphans = s.scalar(select(func.count()).select_from(Referral).where(
                ~select(ReferralPerson.referral_id).where(ReferralPerson.referral_id == Referral.id).exists()))
            events = s.scalar(select(func.count()).select_from(AuditEvent))
        assert audit_trail.verify(db, audit_trail.station_trust(db, CREDS)).ok
        return referrals, orphans, events
    finally:
        db.dispose()


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def live(demo_db_url):
    db = Database(demo_db_url)
    yield db
    db.dispose()


@SQLITE_ONLY
@pytest.mark.slow
def test_a_backup_taken_while_another_process_writes_is_consistent_and_restorable(live, tmp_path):
    root = Path(__file__).parents[3]
    before = _counts(live.url)[0]
    writer = subprocess.Popen([sys.executable, "-c", WRITER, live.url], cwd=root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    copies = []
    try:
        assert writer.stdout.readline().startswith("MASH-"), writer.stderr.read()
        for n in range(3):
            copies.append(backup.backup(live, tmp_path / f"copy-{n}.db", creds=CREDS))
            time.sleep(0.2)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    after = _counts(live.url)[0]
    seen = []
    for checked in copies:
        assert not Path(f"{checked.path}-wal").exists()  # one self-contained file
        assert stat.S_IMODE(checked.path.stat().st_mode) == 0o600
        referrals, orphans, events = _counts(checked.path)
        assert orphans == 0 and events == checked.events and before <= referrals <= after
        seen.append(referrals)
    assert seen == sorted(seen) and seen[-1] > before and after > seen[0]  # taken mid-stream
    restored = backup.restore(live, copies[0].path, creds=CREDS)
    assert _counts(live.url)[0] == seen[0]
    assert _counts(restored.side_copy)[0] == after  # the database as it was, kept whole
    with live.read() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert last.action == "db.restore" and "copy-0.db" in last.detail


def _tampered_audit(good: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "tampered.db"
    bad.write_bytes(good.read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE audit_events SET actor_name = 'someone.else' WHERE id = 3")
    conn.commit()
    conn.close()
    return bad


def _wrong_revision(good: Path, tmp_path: Path) -> Path:
    old = tmp_path / "old.db"
    old.write_bytes(good.read_bytes())
    conn = sqlite3.connect(old)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.commit()
    conn.close()
    return old


def _damaged(good: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    page = 4096
    for start in range(3 * page, len(data) - page, 7 * page):  # scribble over several b-tree pages
        data[start:start + 200] = b"\xa5" * 200
    bad.write_bytes(bytes(data))
    return bad


def _not_a_hub(_good: Path, tmp_path: Path) -> Path:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    return other


def _text(_good: Path, tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("Not a database at all.\n" * 100)
    return path


def _truncated(good: Path, tmp_path: Path) -> Path:
    path = tmp_path / "truncated.db"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    return path


@SQLITE_ONLY
@pytest.mark.parametrize("make, why", [
    (_text, "not an SQLite database"), (_not_a_hub, "not a MASH hub database"), (_damaged, "damaged"),
    (_truncated, "damaged"), (_tampered_audit, "failed the audit check"), (_wrong_revision, "schema revision"),
])
def test_restore_refuses_an_unsound_file_and_leaves_the_database_untouched(live, tmp_path, make, why):
    good = backup.backup(live, tmp_path / "good.db", creds=CREDS).path
    bad = make(good, tmp_path)
    original = bad.read_bytes()
    path = _file(live.url)
    before = _dump(path)
    with pytest.raises(Refused, match=why):
        backup.restore(live, bad, creds=CREDS)
    assert _dump(path) == before and bad.read_bytes() == original
    assert not list(path.parent.glob("*before-restore*")) and not list(path.parent.glob(".*.part*"))


@SQLITE_ONLY
def test_a_backup_replaces_an_older_one_whole_and_never_the_database_itself(live, tmp_path):
    target = tmp_path / "hub-backup.db"
    target.write_text("yesterday's backup")
    checked = backup.backup(live, target, creds=CREDS)
    assert _counts(target)[2] == checked.events and checked.revision
    with pytest.raises(UserError, match="cannot replace the hub database"):
        backup.backup(live, _file(live.url), creds=CREDS)
    with pytest.raises(UserError, match="no folder"):
        backup.backup(live, tmp_path / "missing" / "x.db", creds=CREDS)
    with pytest.raises(UserError, match="is the hub database itself"):
        backup.restore(live, _file(live.url), creds=CREDS)


@SQLITE_ONLY
def test_only_the_owner_of_the_database_file_may_back_it_up_or_restore_it(live, tmp_path, monkeypatch):
    good = backup.backup(live, tmp_path / "good.db", creds=CREDS).path
    owner = _file(live.url).stat().st_uid
    monkeypatch.setattr(backup.os, "geteuid", lambda: owner + 1)
    with pytest.raises(NotPermitted, match="Only the owner"):
        backup.backup(live, tmp_path / "again.db", creds=CREDS)
    with pytest.raises(NotPermitted, match="Only the owner"):
        backup.restore(live, good, creds=CREDS)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_on_postgresql_both_point_to_pg_dump(db, tmp_path):
    with pytest.raises(Refused, match="pg_dump -Fc"):
        backup.backup(db, tmp_path / "x.db", creds=CREDS)
    with pytest.raises(Refused, match="pg_restore"):
        backup.restore(db, tmp_path / "x.db", creds=CREDS)
    assert not (tmp_path / "x.db").exists()


@SQLITE_ONLY
def test_a_copy_that_fails_its_checks_is_not_written(live, tmp_path):
    path = _file(live.url)
    with live.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_events SET action = 'case.view' WHERE id = 5")
    target = tmp_path / "backup.db"
    with pytest.raises(Refused, match=f"The copy of {path.name} failed the audit check"):
        backup.backup(live, target, creds=CREDS)
    assert not target.exists() and not list(tmp_path.glob(".*"))


@SQLITE_ONLY
def test_without_an_enrolment_there_is_nothing_to_check_the_signatures_with(live, tmp_path):
    with pytest.raises(UserError, match="enrolled workstation"):
        backup.backup(live, tmp_path / "x.db", creds=None)
    assert not (tmp_path / "x.db").exists()


@SQLITE_ONLY
def test_the_restore_event_is_signed_by_the_workstation_key(live, tmp_path):
    good = backup.backup(live, tmp_path / "good.db", creds=CREDS).path
    backup.restore(live, good, creds=CREDS)
    with live.read() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.action, last.signer, last.actor_id) == ("db.restore", "station", None)
    assert audit_trail.verify(live, audit_trail.station_trust(live, CREDS)).ok
