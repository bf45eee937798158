"""Setting up a hub from nothing with mash-admin: first admin, agencies, workstations."""

import json
import re
from pathlib import Path

import pytest
from keyring.backends import fail
from sqlalchemy.engine import make_url

from mash_desktop.admin import signin
from mash_desktop.security import crypto
from mash_desktop.security.credentials import CredentialStore
from mash_desktop.security.vault import Keychain
from mash_desktop.store import pg_roles
from mash_desktop.store.database import Database
from tests.pg_roles_support import cleaned_roles, role_url

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


ROLES = [pg_roles.role_name(code) for code in ("HUB", "CSC", "EDU")]


@pytest.fixture(autouse=True)
def cluster_roles(backend, request):
    """On PostgreSQL 'init --admin' and 'db setup-roles' make roles for the whole server: drop them after."""
    yield from cleaned_roles(backend, request, ROLES)


def _start(bare):
    """A new hub: its administrator, then CSC with its lead (added at the hub's workstation, with the
    address it keeps); returns CSC's enrolment key."""
    run = bare("init", "--admin", "hub.admin", "--name", "Hub Admin", stdin=[PASSWORD])
    assert run.rc == 0, run.err
    assert "created" in run.out and "keep them offline" in run.out
    recovery, enrolment = _keys(run.out)
    assert len(crypto.decode_secret(recovery)) == len(crypto.decode_secret(enrolment)) == 32
    run = bare("agency", "add", "CSC", "Children's Social Care", "--kind", "childrens_social_care",
               "--seats", "5", "--lead", "csc.lead", "--lead-name", "Cass Lead", "--as", "hub.admin",
               "--scope", "Children's safeguarding information", "--agreement-ref", "ISA-CSC-1",
               stdin=[PASSWORD, NEW_PASSWORD], db=False)
    assert run.rc == 0, run.err
    assert "Added agency CSC" in run.out and "agreement ISA-CSC-1 is recorded" in run.out
    return _keys(run.out)[1]


def _agency_url(bare, code: str) -> str:
    """The address an agency's workstations keep: on PostgreSQL its own role's, from 'db setup-roles'."""
    if bare.url.startswith("sqlite"):
        return bare.url
    run = bare("db", "setup-roles")
    assert run.rc == 0, run.err
    role, password = next(line.split()[1:3] for line in run.out.splitlines() if line.startswith(code + " "))
    return role_url(bare.url, role, password)


def test_init_keeps_the_hub_roles_address_never_the_owners(bare):
    _start(bare)
    kept = bare.station(None).load().database_url
    if bare.url.startswith("sqlite"):
        assert kept == bare.url
        return
    owner, url = make_url(bare.url), make_url(kept)
    assert (url.username, url.host, url.port, url.database) == ("mash_hub", owner.host, owner.port, owner.database)
    assert url.password and url.password != owner.password
    with Database(kept).engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT current_user, mash_current_agency() IS NOT NULL").one() == (
            "mash_hub", True)


def test_a_hub_from_nothing(bare):
    key = _start(bare)
    creds = bare.station(None).load()
    assert creds.agency_code == "HUB"
    csc = _agency_url(bare, "CSC")
    run = bare("--db", csc, "workstation", "enrol", "--agency", "csc", "--name", "ws-csc-1", "--as", "csc.lead",
               stdin=[NEW_PASSWORD, key.lower()], at="csc", db=False)
    assert run.rc == 0, run.err
    assert "enrolled to CSC" in run.out
    assert bare.station("csc").load().workstation_name == "ws-csc-1"
    assert bare.station("csc").load().database_url == csc
    run = bare("user", "add", "csc.officer", "--agency", "CSC", "--role", "officer", "--name", "Orla Officer",
               "--as", "csc.lead", stdin=[NEW_PASSWORD, PASSWORD], at="csc", db=False)
    assert run.rc == 0, run.err
    assert "user confirm csc.officer" in run.out
    run = bare("user", "list", "--agency", "CSC", "--as", "csc.lead", stdin=[NEW_PASSWORD], at="csc", db=False)
    assert re.search(r"csc\.officer\s+Orla Officer\s+CSC\s+officer\s+active\s+no", run.out)
    run = bare("user", "confirm", "csc.officer", "--as", "csc.lead", stdin=[NEW_PASSWORD], at="csc", db=False)
    assert run.rc == 0 and "keys shared" in run.out
    run = bare("user", "list", "--as", "csc.lead", stdin=[NEW_PASSWORD], at="csc", db=False)
    assert re.search(r"csc\.officer .* active\s+yes", run.out)
    # Without --db the enrolled database is used; the JSON follows the password line.
    run = bare("referral", "add", "--json", "-", "--as", "csc.officer", stdin=f"{PASSWORD}\n{_referral()}",
               at="csc", db=False)
    assert (run.rc, run.out.strip()) == (0, "MASH-2026-000001"), run.err
    run = bare("referral", "list", "--as", "csc.officer", stdin=[PASSWORD], at="csc", db=False)
    assert run.rc == 0 and re.search(r"MASH-2026-000001\s+new\s+.*Ruby Calder", run.out), run.err
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
    csc = _agency_url(bare, "CSC")
    other = crypto.encode_secret(crypto.random_key())
    for stdin, code, message in [
        ([NEW_PASSWORD, other], 1, "not the enrolment key of CSC"),
        ([NEW_PASSWORD, "ABCD-EFGH"], 2, "not a valid key"),
        ([NEW_PASSWORD], 2, "enrolment key of CSC on line 2"),
        (["Wrong-Password-123", key], 1, "not right"),
    ]:
        run = bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as", "csc.lead",
                   stdin=stdin, at="csc", db=False)
        assert run.rc == code and message in run.err, run.err
        assert bare.station("csc").load() is None
    run = bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as", "hub.admin",
               stdin=[PASSWORD, key], at="csc", db=False)
    assert run.rc == 1 and "belongs to CSC" in run.err
    if not bare.url.startswith("sqlite"):
        # The owner's address (or another agency's role) never goes into a workstation's keyring.
        hub = bare.station(None).load().database_url
        for wrong in (bare.url, hub):
            run = bare("--db", wrong, "workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as",
                       "csc.lead", stdin=[NEW_PASSWORD, key], at="csc", db=False)
            assert run.rc == 1 and "mash_csc" in run.err, run.err
            assert bare.station("csc").load() is None
    assert bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", "ws-x", "--as", "csc.lead",
                stdin=[NEW_PASSWORD, key], at="csc", db=False).rc == 0
    run = bare("workstation", "forget", at="csc")
    assert run.rc == 0 and "deleted" in run.out
    assert bare("workstation", "forget", at="csc").out.startswith("This workstation was not enrolled")
    assert bare("workstation", "status", at="csc").rc == 1


@pytest.fixture
def forgotten(monkeypatch) -> list[int]:
    """The user ids whose keychain was forgotten (its opened keys and trusted roots cleared)."""
    calls: list[int] = []
    forget = Keychain.forget

    def spy(keychain: Keychain) -> None:
        calls.append(keychain.user_id)
        forget(keychain)

    monkeypatch.setattr(Keychain, "forget", spy)
    return calls


def _csc_officer(bare, key: str) -> str:
    """CSC's workstation enrolled, an officer added there; returns CSC's address."""
    csc = _agency_url(bare, "CSC")
    run = bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", "ws-csc-1", "--as", "csc.lead",
               stdin=[NEW_PASSWORD, key], at="csc", db=False)
    assert run.rc == 0, run.err
    run = bare("user", "add", "csc.officer", "--agency", "CSC", "--role", "officer", "--name", "Orla Officer",
               "--as", "csc.lead", stdin=[NEW_PASSWORD, PASSWORD], at="csc", db=False)
    assert run.rc == 0, run.err
    return csc


def test_enrolment_by_a_non_administrator_is_refused_and_keeps_nothing(bare, forgotten):
    key = _start(bare)
    csc = _csc_officer(bare, key)
    forgotten.clear()
    run = bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", "ws-csc-2", "--as", "csc.officer",
               stdin=[PASSWORD, key], at="csc-2", db=False)
    assert run.rc == 1 and "Only an administrator of CSC" in run.err and "csc.officer" in run.err, run.err
    assert bare.station("csc-2").load() is None
    assert len(forgotten) == 1  # the officer's keys, opened to sign in, are forgotten
    assert "ws-csc-2" not in bare("workstation", "status", at="csc-2").out


def test_a_failing_enrolment_keeps_nothing_and_forgets_the_keychain(bare, forgotten):
    key = _start(bare)
    csc = _agency_url(bare, "CSC")
    hub_station = bare.station(None).load().workstation_name
    # Signed in and checked, then refused by the hub: the name is the hub's own workstation's.
    run = bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", hub_station, "--as", "csc.lead",
               stdin=[NEW_PASSWORD, key], at="csc", db=False)
    assert run.rc == 1 and "enrolled to another agency" in run.err, run.err
    assert bare.station("csc").load() is None
    assert len(forgotten) == 1
    if not bare.url.startswith("sqlite"):
        # The wrong agency role: refused before anyone signs in, and nothing kept.
        run = bare("--db", bare.station(None).load().database_url, "workstation", "enrol", "--agency", "CSC",
                   "--name", "ws-x", "--as", "csc.lead", stdin=[NEW_PASSWORD, key], at="csc", db=False)
        assert run.rc == 1 and "mash_csc" in run.err, run.err
        assert bare.station("csc").load() is None
    # Enrolled to CSC, then a failing enrolment again: the enrolment that stands is kept as it was.
    assert bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", "ws-csc-1", "--as", "csc.lead",
                stdin=[NEW_PASSWORD, key], at="csc", db=False).rc == 0
    before = bare.station("csc").load()
    run = bare("--db", csc, "workstation", "enrol", "--agency", "CSC", "--name", hub_station, "--as", "csc.lead",
               stdin=[NEW_PASSWORD, key], at="csc", db=False)
    assert run.rc == 1 and bare.station("csc").load() == before
