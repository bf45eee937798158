"""mash-admin as a signed-in user: a small hub with keys, one keyring per workstation.

The hub of tests/hub_factory.py (plus an auditor and a decision maker) is
built once per run and backend and copied for each test. Each agency's
workstation keeps its credentials in its own in-memory keyring; ``at=``
picks the workstation a command runs at.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest

from mash_desktop.admin import signin
from mash_desktop.admin.cli import main
from mash_desktop.domain.codes import Role
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.store.database import Database
from tests import hub_factory
from tests.conftest import BuiltTemplates, _fresh_url

PASSWORD = hub_factory.PASSWORD
NEW_PASSWORD = "Heron-Quay-Lantern-77"
REF = "MASH-2026-000001"


@dataclass(frozen=True)
class Run:
    rc: int
    out: str
    err: str


@dataclass(frozen=True)
class Keys:
    """An agency's secrets, as printed once at its creation."""

    secret: bytes
    recovery: str
    enrolment: str


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    monkeypatch.setattr(signin, "KDF_PARAMS", ASVS_MINIMUM)


def _build(db: Database) -> dict[str, Keys]:
    hub = hub_factory.build(db)
    admin, lead = hub.sign_in("hub.admin"), hub.sign_in("csc.lead")
    users.add_account(db, admin, "hub.auditor", "Hub Auditor", [Role.AUDITOR], PASSWORD, ASVS_MINIMUM)
    users.add_account(db, lead, "csc.decision", "CSC Decision", [Role.DECISION_MAKER], PASSWORD, ASVS_MINIMUM)
    users.confirm_member(db, lead, "csc.decision")
    return {code: Keys(kit.workstation_secret, kit.recovery_key, kit.enrolment_key) for code, kit in hub.kits.items()}


@pytest.fixture(scope="session")
def hub_templates(tmp_path_factory, request, templates):
    """(template, keys) per backend: the hub built once."""
    built = BuiltTemplates(request, tmp_path_factory, templates, "admin_hub", _build)
    yield built.get
    built.drop()


@pytest.fixture
def hub_url(backend, request, tmp_path, hub_templates) -> str:
    template, _ = hub_templates(backend)
    return _fresh_url(backend, request, tmp_path, template)


@pytest.fixture
def hub_keys(backend, hub_templates) -> dict[str, Keys]:
    return hub_templates(backend)[1]


class Mash:
    """Runs mash-admin in-process at one of several workstations."""

    def __init__(self, url: str, capsys, monkeypatch) -> None:
        self.url, self._capsys, self._monkeypatch = url, capsys, monkeypatch
        self.stations: dict[str, CredentialStore] = {}
        self.at = None
        monkeypatch.setattr(signin, "credential_store", lambda: self.station(self.at))

    def station(self, name: str | None) -> CredentialStore:
        return self.stations.setdefault(name or "default", CredentialStore(MemoryKeyring()))

    def enrol(self, code: str, secret: bytes) -> None:
        self.station(code).save(WorkstationCredentials(code, f"ws-{code.lower()}", secret, self.url))

    def __call__(self, *args: str, stdin: str | list[str] = "", at: str | None = None, db: bool = True) -> Run:
        text = "".join(f"{line}\n" for line in stdin) if isinstance(stdin, list) else stdin
        self._monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        self.at = at
        rc = main([*(["--db", self.url] if db else []), *args])
        out, err = self._capsys.readouterr()
        for secret in (PASSWORD, NEW_PASSWORD):
            assert secret not in out and secret not in err, "a password was echoed"
        if rc:
            assert err.count("\n") == 1 and "Traceback" not in err, err
        return Run(rc, out, err)


@pytest.fixture
def mash(hub_url, hub_keys, capsys, monkeypatch) -> Mash:
    """mash-admin on the built hub, every agency's workstation enrolled."""
    runner = Mash(hub_url, capsys, monkeypatch)
    for code, keys in hub_keys.items():
        runner.enrol(code, keys.secret)
    return runner


@pytest.fixture
def bare(empty_db_url, capsys, monkeypatch) -> Mash:
    """mash-admin on an empty database, no workstation enrolled."""
    return Mash(empty_db_url, capsys, monkeypatch)
