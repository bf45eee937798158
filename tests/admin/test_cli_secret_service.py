"""mash-admin end to end in real processes, against a real Secret Service.

Linux workstations keep their credentials in GNOME Keyring over D-Bus; CI
runs the suite inside ``.ci/with-keyring.sh`` (a private D-Bus session with a
throwaway, unlocked gnome-keyring-daemon). Elsewhere these tests skip,
saying why. Each test uses its own keyring service names, standing for
separate workstations, and removes them afterwards.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService

from mash_desktop.security.credentials import USERNAME
from mash_desktop.store import pg_roles
from tests.pg_roles_support import drop_roles, existing_roles, role_url

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "referral.json"
ADMIN_PW, LEAD_PW = "Larch-Close-Kettle-42", "Quartz-Meadow-Lantern-7"
FINDING = "Two domestic incidents at the address, DASH standard risk."


def _secret_service() -> SecretService.Keyring:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("no D-Bus session bus: run the suite inside .ci/with-keyring.sh")
    backend = SecretService.Keyring()
    try:
        backend.get_password("mash-desktop-probe", "probe")
    except Exception as exc:  # no daemon answering, or the collection is locked
        pytest.skip(f"no usable Secret Service on the session bus ({type(exc).__name__})")
    return backend


@pytest.fixture
def stations():
    """Keyring service names of two workstations (hub, CSC), cleaned up after."""
    backend = _secret_service()
    names = {code: f"mash-test-{code}-{uuid.uuid4().hex[:8]}" for code in ("hub", "csc")}
    yield backend, names
    for service in names.values():
        try:
            backend.delete_password(service, USERNAME)
        except keyring.errors.PasswordDeleteError:
            pass


@pytest.fixture
def cluster_roles(db_url):
    """On PostgreSQL, 'init --admin' and 'db setup-roles' make server-wide roles: dropped after."""
    if db_url.startswith("sqlite"):
        yield
        return
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    roles = [pg_roles.role_name(code) for code in ("HUB", "CSC")]
    app_existed = bool(existing_roles(engine, [pg_roles.APP_ROLE]))
    yield
    drop_roles(engine, roles + ([] if app_existed else [pg_roles.APP_ROLE]))
    engine.dispose()


def _run(db_url: str, station: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, MASH_KEYRING_SERVICE=station)
    return subprocess.run([sys.executable, "-m", "mash_desktop.admin", "--db", db_url, *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)


def _key(out: str, which: str) -> str:
    return re.search(rf"{which} key:\s+(\S+)", out).group(1)


def test_enrolment_sign_in_and_sealed_panels_through_gnome_keyring(db_url, stations, cluster_roles, tmp_path):
    backend, ws = stations
    hub = _run(db_url, ws["hub"], "init", "--admin", "hub.admin", stdin=f"{ADMIN_PW}\n")
    assert hub.returncode == 0, hub.stderr
    stored = backend.get_password(ws["hub"], USERNAME)
    assert stored and "HUB" in stored
    assert ADMIN_PW not in hub.stdout + hub.stderr

    csc = _run(db_url, ws["hub"], "agency", "add", "CSC", "Children's Social Care", "--lead", "csc.lead",
               "--scope", "Safeguarding", "--agreement-ref", "ISA-CSC-1", "--as", "hub.admin",
               stdin=f"{ADMIN_PW}\n{LEAD_PW}\n")
    assert csc.returncode == 0, csc.stderr
    enrolment = _key(csc.stdout, "Enrolment")

    # A second workstation, enrolled to CSC by its lead with the enrolment key.
    assert backend.get_password(ws["csc"], USERNAME) is None
    # On PostgreSQL the workstation keeps the CSC role's address, never the owner's.
    roles = _run(db_url, ws["hub"], "db", "setup-roles") if not db_url.startswith("sqlite") else None
    csc_url = role_url(db_url, *next(line.split()[1:3] for line in roles.stdout.splitlines()
                                     if line.startswith("CSC "))) if roles else db_url
    enrol = _run(csc_url, ws["csc"], "workstation", "enrol", "--agency", "CSC", "--name", "ws-csc",
                 "--as", "csc.lead", stdin=f"{LEAD_PW}\n{enrolment}\n")
    assert enrol.returncode == 0, enrol.stderr
    assert backend.get_password(ws["csc"], USERNAME) is not None

    example = json.loads(EXAMPLE.read_text())
    example["referrer"]["agency"] = None  # this hub has no EDU agency
    (tmp_path / "referral.json").write_text(json.dumps(example))
    added = _run(db_url, ws["csc"], "referral", "add", "--json", str(tmp_path / "referral.json"), "--as", "csc.lead",
                 stdin=f"{LEAD_PW}\n")
    assert added.returncode == 0, added.stderr
    reference = re.search(r"MASH-\d{4}-\d{6}", added.stdout).group(0)
    wrote = _run(db_url, ws["csc"], "panel", "write", reference, "--text-file", "-", "--as", "csc.lead",
                 stdin=f"{LEAD_PW}\n{FINDING}\n")
    assert wrote.returncode == 0, wrote.stderr
    shown = _run(db_url, ws["csc"], "panel", "show", reference, "--as", "csc.lead", stdin=f"{LEAD_PW}\n")
    assert shown.returncode == 0 and FINDING in shown.stdout

    # The lead's password does not open their keys at the hub's workstation.
    wrong_station = _run(db_url, ws["hub"], "panel", "show", reference, "--as", "csc.lead",
                         stdin=f"{LEAD_PW}\n")
    assert wrong_station.returncode == 1 and FINDING not in wrong_station.stdout
    # The hub's administrator holds no CSC key.
    refused = _run(db_url, ws["hub"], "panel", "show", reference, "--agency", "CSC", "--as", "hub.admin",
                   stdin=f"{ADMIN_PW}\n")
    assert refused.returncode == 1 and FINDING not in refused.stdout + refused.stderr

    verified = _run(db_url, ws["hub"], "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
