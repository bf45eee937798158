"""mash-admin backup and restore: one line each way, exit codes as everywhere else."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral

from .conftest import REF

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])


def _referrals(url: str) -> list[str]:
    db = Database(url)
    try:
        with db.read() as s:
            return list(s.scalars(select(Referral.reference).order_by(Referral.id)))
    finally:
        db.dispose()


@SQLITE_ONLY
def test_backup_then_restore_brings_the_hub_back(mash, tmp_path):
    copy = tmp_path / "nightly.db"
    run = mash("backup", str(copy), at="HUB")
    assert run.rc == 0 and run.out.startswith(f"Backed up to {copy}: ") and "audit chain intact" in run.out
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    live = Path(mash.url.removeprefix("sqlite:///"))
    db = Database(mash.url)
    with db.write() as s:  # a change after the backup, to be undone
        s.get(Referral, 1).reference = "MASH-2026-999999"
    db.dispose()
    run = mash("restore", str(copy), at="HUB")
    assert run.rc == 0 and "kept at" in run.out, run.err
    assert _referrals(mash.url) == [REF]
    [side] = live.parent.glob(f"{live.name}.before-restore-*")
    assert _referrals(f"sqlite:///{side}") == ["MASH-2026-999999"]
    assert mash("audit", "verify", at="HUB").rc == 0


@SQLITE_ONLY
def test_restore_of_something_else_is_refused_in_one_line(mash, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n")
    run = mash("restore", str(notes), at="HUB")
    assert run.rc == 1 and run.err == "mash-admin: notes.db is not a MASH hub database (not an SQLite database " \
                                      "file).\n"
    assert _referrals(mash.url) == [REF]
    run = mash("restore", str(tmp_path / "missing.db"), at="HUB")
    assert run.rc == 2 and "There is no file" in run.err


@SQLITE_ONLY
def test_backup_away_from_an_enrolled_workstation_is_refused(mash, tmp_path):
    run = mash("backup", str(tmp_path / "nightly.db"))
    assert run.rc == 2 and "enrolled workstation" in run.err
    assert not (tmp_path / "nightly.db").exists()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_on_postgresql_backup_and_restore_point_to_pg_dump(mash, tmp_path):
    for command in ("backup", "restore"):
        run = mash(command, str(tmp_path / "x.dump"))
        assert run.rc == 1 and "pg_dump -Fc" in run.err and "pg_restore" in run.err
    db = Database(mash.url)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Referral)) == 1
    db.dispose()
