"""Absurd numbers on the command line or in a referral file: exit 2 in one line naming the field.

Never a traceback or exit 70: not for a 5,000-digit number (Python's int()
refuses over 4,300 digits with an error of its own), not for an id that a
PostgreSQL integer column cannot hold, not for a negative count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mash_desktop.admin.cli import main

from .conftest import REF, Mash

EXAMPLE = json.loads((Path(__file__).parents[2] / "resources" / "examples" / "referral.json").read_text())
HUGE = "9" * 5000
BEYOND_INT4 = str(2**31)
PLACEHOLDER = '"__NUMBER__"'


@pytest.fixture
def hub(db_url, capsys, monkeypatch) -> Mash:
    """mash-admin on a set-up database without accounts."""
    return Mash(db_url, capsys, monkeypatch)


def _refused(run, field: str) -> None:
    assert run.rc == 2, run.err
    assert field in run.err and run.out == ""
    assert len(run.err) < 400  # the number is not echoed back


@pytest.mark.parametrize("args,field", [
    (("agency", "add", "FIRE", "Fire", "--seats", HUGE), "--seats"),
    (("agency", "add", "FIRE", "Fire", "--seats", "-" + HUGE), "--seats"),
    (("agency", "add", "FIRE", "Fire", "--seats", "-1"), "--seats"),
    (("agency", "add", "FIRE", "Fire", "--seats", "1001"), "--seats"),
    (("agency", "add", "FIRE", "Fire", "--seats", "3.5"), "--seats"),
    (("demo", "--referrals", HUGE), "--referrals"),
    (("demo", "--referrals", BEYOND_INT4), "--referrals"),
    (("demo", "--seed", "-1"), "--seed"),
    (("disclosure", "authorise", HUGE, "--as", "someone"), "ID"),
    (("disclosure", "authorise", BEYOND_INT4, "--as", "someone"), "ID"),
    (("disclosure", "authorise", "0", "--as", "someone"), "ID"),
    (("decide", REF, "--outcome", "strategy_s47", "--level", HUGE, "--rationale-file", "-", "--as", "someone"),
     "--level"),
    (("decide", REF, "--outcome", "strategy_s47", "--level", "5", "--rationale-file", "-", "--as", "someone"),
     "--level"),
])
def test_absurd_numbers_on_the_command_line(hub, args, field):
    _refused(hub(*args), field)


def _referral_with_person_id(number: str) -> str:
    data = json.loads(json.dumps(EXAMPLE))
    data["referrer"]["agency"] = None
    data["subjects"][0]["person_id"] = "__NUMBER__"
    return json.dumps(data).replace(PLACEHOLDER, number)


@pytest.mark.parametrize("number", [HUGE, "-" + HUGE, BEYOND_INT4, str(10**20), "1e999", "-5", "0", "7.0"])
def test_absurd_person_ids_in_a_referral(hub, number):
    _refused(hub("referral", "add", "--json", "-", stdin=_referral_with_person_id(number)), "subjects[0].person_id")


def test_absurd_person_ids_in_an_import(hub, tmp_path):
    rows = [json.loads(_referral_with_person_id(n)) for n in (BEYOND_INT4, "-1")]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(rows))
    run = hub("referral", "import", str(path))
    assert run.rc == 2 and "2 of 2 referrals rejected" in run.err
    listed = [line.split()[:2] for line in run.out.splitlines()[1:]]
    assert listed == [["1", "subjects[0].person_id"], ["2", "subjects[0].person_id"]]
    path.write_text("[" + _referral_with_person_id(HUGE) + "]")
    _refused(hub("referral", "import", str(path)), "[0].subjects[0].person_id")


def test_in_a_real_process_too(db_url):
    for args, field in ((("agency", "add", "FIRE", "Fire", "--seats", HUGE), "--seats"),
                        (("referral", "add", "--json", "-"), "subjects[0].person_id")):
        proc = subprocess.run([sys.executable, "-m", "mash_desktop.admin", "--db", db_url, *args],
                              input=_referral_with_person_id(HUGE), capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert field in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
