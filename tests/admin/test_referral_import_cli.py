"""mash-admin referral import, end to end on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from mash_desktop.services.intake.referrals import list_referrals
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent
from tests.services.intake.test_referral_import import GOOD_JSON, counts, csv_text, many_rows

from .conftest import PASSWORD, Mash

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"


@pytest.fixture
def hub(db_url, capsys, monkeypatch) -> Mash:
    """mash-admin on a set-up database that has no accounts yet."""
    return Mash(db_url, capsys, monkeypatch)


def _stored(url: str) -> tuple[int, int, int, int]:
    db = Database(url)
    try:
        return counts(db)
    finally:
        db.dispose()


def _actions(url: str) -> list[str]:
    db = Database(url)
    try:
        with db.read() as s:
            return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    finally:
        db.dispose()


def test_the_examples_import_and_print_their_references(hub):
    run = hub("referral", "import", str(EXAMPLES / "referrals.csv"))
    assert (run.rc, run.err) == (0, "")
    assert run.out.split() == [f"MASH-2026-00000{i}" for i in (1, 2, 3)]
    run = hub("referral", "import", "-", "--format", "json", stdin=(EXAMPLES / "referrals.json").read_text())
    assert run.out.split() == ["MASH-2026-000004", "MASH-2026-000005"], run.err
    db = Database(hub.url)
    try:
        listed = list_referrals(db)
    finally:
        db.dispose()
    assert [r.subject for r in listed][:3] == ["Tyler Brennan", "Maisie Lowe", "Leo Marsh"]
    assert _actions(hub.url) == ["referral.add"] * 3 + ["referral.import"] + ["referral.add"] * 2 + ["referral.import"]


def test_bad_rows_are_all_reported_and_nothing_is_imported(hub, tmp_path):
    rows = many_rows(4)
    rows[1]["consent_obtained"] = "maybe"
    rows[3].update(subject_date_of_birth="2019-02-30", concern_categories="")
    path = tmp_path / "export.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    report = tmp_path / "problems.csv"
    run = hub("referral", "import", str(path), "--report", str(report))
    assert run.rc == 2
    assert "2 of 4 referrals rejected (3 problems); nothing was imported" in run.err
    lines = run.out.splitlines()
    assert lines[0].split() == ["ROW", "FIELD", "PROBLEM"]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["3", "consent_obtained"], ["5", "subject_date_of_birth"], ["5", "concern_categories"]]
    with report.open(encoding="utf-8", newline="") as fh:
        assert list(csv.reader(fh))[1:] == [["3", "consent_obtained", "must be yes or no (or true or false)"],
                                            ["5", "subject_date_of_birth", "is not a real date"],
                                            ["5", "concern_categories", "required"]]
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o600
    assert _stored(hub.url)[:3] == (0, 0, 0)


def test_a_formula_in_a_file_never_reaches_the_report_as_a_formula(hub, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([GOOD_JSON[0] | {'=HYPERLINK("http://evil.example","Click")': 1}]))
    report = tmp_path / "problems.csv"
    run = hub("referral", "import", str(path), "--report", str(report))
    assert run.rc == 2
    with report.open(encoding="utf-8", newline="") as fh:
        (_, field, problem), = list(csv.reader(fh))[1:]
    assert field == '\'=HYPERLINK("http://evil.example","Click")' and problem == "unexpected field"


def test_a_terminal_escape_in_a_file_is_printed_harmlessly(hub, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([GOOD_JSON[0] | {"\x1b]0;owned\x07": 1}]))
    run = hub("referral", "import", str(path))
    assert run.rc == 2 and "\x1b" not in run.out and "\\x1b]0;owned\\x07" in run.out


@pytest.mark.parametrize("content,message", [
    (b"\x00\x01\x02binary", "control character"),
    (b"\xc3\x28 not utf-8", "not UTF-8"),
    (b"name,age\r\nKai,9\r\n", "unknown columns name, age"),
    (b'{"source": "school"}', "'referral add'"),
    (b"x" * 5_000_001, "larger than 5000 kB"),
])
def test_unusable_files_are_refused_in_one_line(hub, tmp_path, content, message):
    path = tmp_path / "export.dat"
    path.write_bytes(content)
    run = hub("referral", "import", str(path))
    assert run.rc == 2 and message in run.err and run.out == "", run.err


def test_usage_mistakes(hub, tmp_path):
    run = hub("referral", "import", str(tmp_path / "missing.csv"))
    assert run.rc == 2 and "cannot read" in run.err
    run = hub("referral", "import", str(EXAMPLES / "referrals.csv"), "--report", str(tmp_path / "no" / "r.csv"))
    assert run.rc == 2 and "folder does not exist" in run.err
    run = hub("referral", "import", str(EXAMPLES / "referrals.csv"), "--format", "xml")
    assert run.rc == 2 and "invalid choice" in run.err
    assert _stored(hub.url)[0] == 0


def test_signed_in_officer_imports_and_others_are_refused(mash):
    text = (EXAMPLES / "referrals.csv").read_text(encoding="utf-8")
    run = mash("referral", "import", "-", "--format", "csv", "--as", "csc.officer", stdin=f"{PASSWORD}\n{text}",
               at="CSC")
    assert (run.rc, run.out.split()) == (0, ["MASH-2026-000002", "MASH-2026-000003", "MASH-2026-000004"]), run.err
    run = mash("referral", "import", str(EXAMPLES / "referrals.json"), "--as", "hub.auditor", stdin=[PASSWORD],
               at="HUB")
    assert run.rc == 1 and "officer or supervisor" in run.err
    run = mash("referral", "import", str(EXAMPLES / "referrals.json"))
    assert run.rc == 1 and "--as USERNAME" in run.err
    assert _stored(mash.url)[0] == 4
    assert [a for a in _actions(mash.url) if a.startswith("referral.")][-4:] == ["referral.add"] * 3 + [
        "referral.import"]
