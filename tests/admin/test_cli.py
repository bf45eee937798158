"""mash-admin end to end, in-process, on SQLite and PostgreSQL."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mash_desktop.admin.cli import main
from mash_desktop.services.demo import disposal
from mash_desktop.services.intake.referrals import list_referrals
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, Person, Referral

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "referral.json"


@pytest.fixture
def cli(db_url, capsys, monkeypatch):
    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        rc = main(["--db", db_url, *args])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


@pytest.fixture
def hub(cli):
    assert cli("agency", "add", "EDU", "Education Safeguarding", "--kind", "education", "--seats", "3")[0] == 0
    return cli


def _counts(db_url: str) -> tuple[int, int]:
    db = Database(db_url)
    with db.read() as s:
        counts = (s.scalar(select(func.count(Referral.id))), s.scalar(select(func.count(Person.id))))
    db.dispose()
    return counts


def test_init_is_harmless_twice(empty_db_url, capsys):
    assert main(["--db", empty_db_url, "init"]) == 0
    assert "created" in capsys.readouterr().out
    assert main(["--db", empty_db_url, "init"]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_commands_on_an_empty_database_say_to_init(empty_db_url, capsys):
    assert main(["--db", empty_db_url, "agency", "list"]) == 1
    err = capsys.readouterr().err
    assert "mash-admin init" in err and err.count("\n") == 1


def test_agency_add_and_list(hub):
    rc, out, _ = hub("agency", "list")
    assert rc == 0 and re.search(r"EDU\s+Education Safeguarding\s+Education\s+3\s+active", out)


@pytest.mark.parametrize(
    "args,code,message",
    [
        (("agency", "add", "EDU", "Again"), 1, "already exists"),
        (("agency", "add", "e", "Bad code"), 2, "not an agency code"),
        (("agency", "add", "FIRE", "Fire", "--kind", "dragons"), 2, "--kind"),
        (("agency", "add", "FIRE", "Fire", "--seats", "-1"), 2, "seats"),
        (("agency", "add", "FIRE", "Fire", "--seats", "many"), 2, "--seats: must be a whole number"),
        (("referral", "list", "--status", "pending", "--as", "someone"), 2, "--status"),
        (("referral", "list"), 2, "--as"),
        (("user", "list", "--agency", "POL"), 2, "--as"),
        (("closure", "add", "2026-02-30", "Training"), 2, "not a date"),
    ],
)
def test_refusals_and_bad_input(hub, args, code, message):
    rc, out, err = hub(*args)
    assert rc == code
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def _listed(db_url: str) -> list:
    db = Database(db_url)
    try:
        return list_referrals(db)
    finally:
        db.dispose()


def test_referral_add(hub, db_url):
    rc, out, err = hub("referral", "add", "--json", str(EXAMPLE))
    assert (rc, err) == (0, "")
    assert out.strip() == "MASH-2026-000001"
    rc, out, _ = hub("referral", "add", "--json", "-", stdin=EXAMPLE.read_text())
    assert out.strip() == "MASH-2026-000002"
    rows = _listed(db_url)
    assert [r.reference for r in rows] == ["MASH-2026-000001", "MASH-2026-000002"]
    assert rows[0].subject == "Ruby Calder" and rows[0].status.value == "new"
    db = Database(db_url)
    with db.read() as s:
        actions = list(s.scalars(select(AuditEvent.action)))
    db.dispose()
    assert actions.count("referral.add") == 2


def _mutated(change) -> str:
    data = json.loads(EXAMPLE.read_text())
    change(data)
    return json.dumps(data)


BAD_REFERRALS = {
    "not json": ("{\"source\": ", "not valid JSON"),
    "not an object": ("[1, 2]", ""),
    "unknown agency": (_mutated(lambda d: d["referrer"].update(agency="ZZZ")), "referrer.agency"),
    "impossible date": (_mutated(lambda d: d["subjects"][0].update(date_of_birth="2019-02-30")),
                        "subjects[0].date_of_birth"),
    "future birth": (_mutated(lambda d: d["subjects"][0].update(date_of_birth="2099-01-01")),
                     "subjects[0].date_of_birth"),
    "wrong type": (_mutated(lambda d: d.update(parents_aware="yes")), "parents_aware"),
    "subjects not a list": (_mutated(lambda d: d.update(subjects="Ruby")), "subjects"),
    "missing concerns": (_mutated(lambda d: d.pop("concerns")), "concerns"),
    "bad household member": (_mutated(lambda d: d["household"][1].update(given_name=7)),
                             "household[1].given_name"),
}


@pytest.mark.parametrize("case", sorted(BAD_REFERRALS))
def test_bad_referral_is_refused_whole(hub, db_url, case):
    text, field = BAD_REFERRALS[case]
    rc, out, err = hub("referral", "add", "--json", "-", stdin=text)
    assert rc == 2, err
    assert field in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""
    assert _counts(db_url) == (0, 0)


def test_missing_file_is_bad_input(hub, tmp_path):
    rc, _, err = hub("referral", "add", "--json", str(tmp_path / "nope.json"))
    assert rc == 2 and "cannot read" in err


def test_oversized_file_is_refused(hub, tmp_path):
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"x": "a" * 1_100_000}))
    rc, _, err = hub("referral", "add", "--json", str(big))
    assert rc == 2 and "larger than" in err


@pytest.mark.slow
def test_demo_builds_every_state_then_refuses_a_second_time(cli, db_url):
    rc, out, err = cli("demo", "--referrals", "40", "--seed", "7")
    assert rc == 0, err
    assert "7 agencies" in out and f"{40 + len(disposal.AGES)} referrals" in out  # and the old ones for disposal
    statuses = {r.status.value for r in _listed(db_url)}
    assert statuses == {"new", "screened", "researching", "awaiting_decision", "decided", "closed"}
    rc, _, err = cli("demo")
    assert rc == 1 and "already holds a hub" in err


def test_module_entry_point_runs(empty_db_url):
    proc = subprocess.run([sys.executable, "-m", "mash_desktop.admin", "--db", empty_db_url, "init"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "revision" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "mash_desktop.admin", "frobnicate"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
