"""The embedded SQLite database is its owner's only: 0600 files in a 0700 folder."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.store import schema
from mash_desktop.store.database import Database, default_sqlite_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

COMPANIONS = ("-wal", "-shm")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _with_companions(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)]


@pytest.fixture
def wide_umask():
    """The common default: files 0644, folders 0755 unless the program says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def data_home(monkeypatch, tmp_path) -> Path:
    monkeypatch.delenv("MASH_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def test_a_fresh_embedded_database_is_owner_only(wide_umask, data_home):
    db = Database()
    try:
        schema.upgrade(db)
        with db.engine.connect() as conn:  # open: the -wal and -shm files exist
            conn.exec_driver_sql("SELECT 1")
            path = default_sqlite_path()
            assert path.is_relative_to(data_home)
            assert [_mode(p) for p in _with_companions(path)] == [0o600] * 3
            assert _mode(path.parent) == 0o700
    finally:
        db.dispose()


def _database_made_wide(path: Path) -> sqlite3.Connection:
    """A database written by something else with a 0644 file (and -wal, -shm), still open."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    for made in _with_companions(path):
        made.chmod(0o644)
    return conn


def test_an_existing_wider_database_is_narrowed_when_opened(wide_umask, tmp_path):
    folder = tmp_path / "chosen"
    folder.mkdir(mode=0o755)
    path = folder / "hub.db"
    other = _database_made_wide(path)
    try:
        assert [_mode(p) for p in _with_companions(path)] == [0o644] * 3
        db = Database(f"sqlite:///{path}")
        try:
            with db.read() as session:
                assert session.connection().exec_driver_sql("SELECT x FROM t").scalar() == 1
            assert [_mode(p) for p in _with_companions(path)] == [0o600] * 3
        finally:
            db.dispose()
    finally:
        other.close()
    assert _mode(folder) == 0o755  # a folder the person chose is theirs to set


def test_the_applications_own_folder_is_narrowed(wide_umask, data_home):
    default_sqlite_path().parent.mkdir(parents=True, mode=0o755)
    db = Database()
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    finally:
        db.dispose()
    assert _mode(default_sqlite_path().parent) == 0o700
    assert _mode(default_sqlite_path()) == 0o600


def test_a_missing_folder_is_made_owner_only(wide_umask, tmp_path):
    path = tmp_path / "new" / "hub.db"
    db = Database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    finally:
        db.dispose()
    assert (_mode(path.parent), _mode(path)) == (0o700, 0o600)


def test_a_database_in_memory_makes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = Database("sqlite:///:memory:")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        db.dispose()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_an_environment_fault(tmp_path):
    (tmp_path / "a-file").write_text("where the folder should be")
    with pytest.raises(EnvironmentFault, match="cannot be opened or created"):
        Database(f"sqlite:///{tmp_path / 'a-file' / 'hub.db'}")
