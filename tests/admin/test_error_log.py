"""An internal error of mash-admin: one line with an incident id, and a log of where, never what."""

from __future__ import annotations

import re
import stat

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mash_desktop.admin import cli, commands
from mash_desktop.admin.cli import main
from mash_desktop.store.database import Database

SUBJECT = {"given": "Ruby", "family": "Calder", "line1": "4 Acacia Avenue", "postcode": "NG1 5AB"}
INCIDENT = re.compile(r"incident ([0-9A-F]{4}-[0-9A-F]{4})")


def _store_a_person_badly(db: Database, *_args) -> None:
    """A real statement that fails with the subject's name and address among its parameters."""
    with db.write() as session:
        session.execute(text("INSERT INTO people (given_name, family_name, address_line1, postcode) "
                             "VALUES (:given, :family, :line1, :postcode)"), SUBJECT)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _bug(db_url: str, capsys) -> str:
    """Run a command that meets the bug; return its incident id."""
    assert main(["--db", db_url, "agency", "list"]) == cli.INTERNAL_ERROR
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert not any(value in err for value in SUBJECT.values())
    return INCIDENT.search(err).group(1)


def test_the_log_holds_where_and_the_incident_never_the_parameters(db_url, capsys, monkeypatch, tmp_path):
    db = Database(db_url)
    try:
        with pytest.raises(IntegrityError) as caught:
            _store_a_person_badly(db)
    finally:
        db.dispose()
    assert "Calder" in str(caught.value) and "Acacia" in str(caught.value)  # what a plain traceback would log

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(commands.agencies, "list_agencies", _store_a_person_badly)
    first = _bug(db_url, capsys)
    log = cli.log_path()
    assert log.is_relative_to(tmp_path)
    report = log.read_text(encoding="utf-8")
    assert f"incident {first}" in report and "Time (UTC): 20" in report
    assert "Error type: sqlalchemy.exc.IntegrityError" in report
    assert "mash_desktop/admin/commands.py:" in report and "in _store_a_person_badly" in report
    for secret in (*SUBJECT.values(), "INSERT", "given_name", "NOT NULL", "not null"):
        assert secret not in report, secret
    assert (_mode(log), _mode(log.parent)) == (0o600, 0o700)

    log.chmod(0o644)  # left readable by others, say by an older version
    log.parent.chmod(0o755)
    second = _bug(db_url, capsys)
    assert second != first
    report = log.read_text(encoding="utf-8")
    assert f"incident {first}" in report and f"incident {second}" in report
    assert (_mode(log), _mode(log.parent)) == (0o600, 0o700)


def test_without_a_writable_log_the_line_still_gives_the_incident(db_url, capsys, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    monkeypatch.setattr(commands.agencies, "list_agencies", _store_a_person_badly)
    assert main(["--db", db_url, "agency", "list"]) == cli.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert INCIDENT.search(err) and "logged" not in err and err.count("\n") == 1
