"""Setting up a hub from nothing with mash-admin: first admin, agencies, workstations."""

import json
import re
from pathlib import Path

from keyring.backends import fail

from mash_desktop.admin import signin
from mash_desktop.security import crypto
from mash_desktop.security.credentials import CredentialStore
from mash_desktop.store.database import Database

from .conftest import NEW_PASSWORD, PASSWORD

EXAMPLE = str(Path(__file__).parents[2] / "resources" / "examples" / "referral.json")


def _referral() -> str:
    data = json.loads(Path(EXAMPLE).read_text())
    data["referrer"]["agency"] = None
    return json.dumps(data)


def _keys(out: str) -> tuple[str, str]:
    recovery = re.search(r"Recovery key:\s+(\S+)", out).group(1)
    enrolment = re.search(r"Enrolment key:\s+(\S+)", out).group(1)
    return recovery, enrolment


def _start(bare):
    """A new hub: its administrator, then CSC with its lead; returns CSC's enrolment key."""
    run = bare("init", "--admin", "hub.admin", "--name", "Hub Admin", stdin=[PASSWORD])
    assert run.rc == 0, run.err
    assert "created" in run.out and "keep them offline" in run.out
    recovery, enrolment = _keys(run.out)
    assert len(crypto.decode_secret(recovery)) == len(crypto.decode_secret(enrolment)) == 32
    run = bare("agency", "add", "CSC", "Children's Social Care", "--kind", "childrens_social_care",
               "--seats", "5", "--lead", "csc.lead", "--lead-name", "Cass Lead", "--as", "hub.admin",
               stdin=[PASSWORD, NEW_PASSWORD])
    assert run.rc == 0, run.err
    assert "Added agency CSC" in run.out
    return _keys(run.out)[1]


def test_a_hub_from_nothing(bare):
    key = _start(bare)
    creds = bare.station(None).load()
    assert (creds.agency_code, creds.database_url) == ("HUB", bare.url)
    run = bare("workstation", "enrol", "--agency", "csc", "--name", "ws-csc-1", "--as", "csc.lead",
               stdin=[NEW_PASSWORD, key.lower()], at="csc")
    assert run.rc == 0, run.err
    assert "enrolled to CSC" in run.out
    assert bare.station("csc").load().workstation_name == "ws-csc-1"
    run = bare("user", "add", "csc.officer", "--agency", "CSC", "--role", "officer", "--name", "Orla Officer",
               "--as", "csc.lead", stdin=[NEW_PASSWORD, PASSWORD], at="csc")
    assert run.rc == 0, run.err
    assert "user confirm csc.officer" in run.out
    run = bare("user", "list", "--agency", "CSC")
    assert re.search(r"csc\.officer\s+Orla Officer\s+CSC\s+officer\s+active\s+no", run.out)
    run = bare("user", "confirm", "csc.officer", "--as", "csc.lead", stdin=[NEW_PASSWORD], at="csc")
    assert run.rc == 0 and "keys shared" in run.out
    assert re.search(r"csc\.officer .* active\s+yes", bare("user", "list").out)
    # Without --db the enrolled database is used; the JSON follows the password line.
    run = bare("referral", "add", "--json", "-", "--as", "csc.officer", stdin=f"{PASSWORD}\n{_referral()}",
               at="csc", db=False)
    assert (run.rc, run.out.strip()) == (0, "MASH-2026-000001"), run.err
    run = bare("workstation", "status", at="csc")
    assert "CSC as workstation ws-csc-1" in run.out and PASSWORD not in run.out


def test_once_accounts_exist_changes_need_a_signed_in_user(bare):
    _start(bare)
    for args, who in [(("agency", "add", "EDU", "Education"), "administrator"),
                      (("referral", "add", "--json", EXAMPLE), "officer or supervisor"),
                      (("closure", "add", "2026-12-29", "Training"), "administrator")]:
        run = bare(*args)
        assert run.rc == 1 and "--as USERNAME" in run.err and who in run.err, run.err
    run = bare("agency", "add", "EDU", "Education", "--as", "hub.admin", stdin=[PASSWORD])
    assert run.rc == 2 and "--lead" in run.err
    run = bare("agency", "add", "EDU", "Education", "--lead", "edu.lead", stdin=[PASSWORD])
    assert run.rc == 2 and "--as" in run.err
    run = bare("closure", "add", "2026-12-29", "Training", "--as", "hub.admin", stdin=[PASSWORD])
    assert run.rc == 0, run.err
    run = bare("referral", "add", "--json", "-", "--as", "hub.admin", stdin=PASSWORD + "\n{}")
    assert run.rc == 1 and "officer or supervisor" in run.err


def test_init_checks_the_keyring_before_touching_the_database(bare, monkeypatch):
    monkeypatch.setattr(signin, "credential_store", lambda: CredentialStore(fail.Keyring()))
    run = bare("init", "--admin", "hub.admin", stdin=[PASSWORD])
    assert run.rc == 1 and "no safe place" in run.err
    db = Database(bare.url)
    assert not db.has_schema()
    db.dispose()


def test_init_refusals(bare):
    run = bare("init", "--admin", "hub.admin", stdin=[])
    assert run.rc == 2 and "password" in run.err and "line 1" in run.err
    run = bare("init", "--admin", "hub.admin", stdin=["password"])
    assert run.rc == 2 and "password:" in run.err
    run = bare("init", "--name", "Nobody")
    assert run.rc == 2 and "--admin" in run.err
    assert bare("init", "--admin", "hub.admin", stdin=[PASSWORD]).rc == 0
    run = bare("init", "--admin", "another.admin", stdin=[PASSWORD])
    assert run.rc == 1 and "already has accounts" in run.err
    run = bare("init")
    assert run.rc == 0 and "nothing to do" in run.out


def test_enrolment_refusals(bare):
    key = _start(bare)
    run = bare("user", "unlock", "csc.lead", "--as", "hub.admin", stdin=[PASSWORD], at="nowhere")
    assert run.rc == 1 and "not enrolled" in run.err and "workstation enrol" in run.err
    other = crypto.encode_secret(crypto.random_key())
    for stdin, code, message in [
        ([NEW_PASSWORD, other], 1, "not the enrolment key of CSC"),
        ([NEW_PASSWORD, "ABCD-EFGH"], 2, "not a valid key"),
        ([NEW_PASSWORD], 2, "enrolment key of CSC on line 2"),
        (["Wrong-Password-123", key], 1, "not right"),
    ]:
        run = bare("workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as", "csc.lead",
                   stdin=stdin, at="csc")
        assert run.rc == code and message in run.err, run.err
        assert bare.station("csc").load() is None
    run = bare("workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as", "hub.admin",
               stdin=[PASSWORD, key], at="csc")
    assert run.rc == 1 and "belongs to CSC" in run.err
    assert bare("workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as", "csc.lead",
                stdin=[NEW_PASSWORD, key], at="csc").rc == 0
    run = bare("workstation", "forget", at="csc")
    assert run.rc == 0 and "deleted" in run.out
    assert bare("workstation", "forget", at="csc").out.startswith("This workstation was not enrolled")
    assert bare("workstation", "status", at="csc").rc == 1
