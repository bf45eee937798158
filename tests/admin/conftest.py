"""mash-admin as a signed-in user: a small hub with keys, one keyring per workstation.

The hub of tests/hub_factory.py (plus an auditor and a decision maker) is
built once per run and backend and copied for each test. Each agency's
workstation keeps its credentials in its own in-memory keyring; ``at=``
picks the workstation a command runs at.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import sys
from dataclasses import dataclass

import pytest

from mash_desktop.admin import signin
from mash_desktop.admin.cli import main
from mash_desktop.domain.codes import Role
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services import users
from mash_desktop.store.database import Database
from tests import hub_factory
from tests.conftest import PgServer, pg_admin_url

PASSWORD = hub_factory.PASSWORD
NEW_PASSWORD = "Heron-Quay-Lantern-77"
REF = "MASH-2026-000001"
_counter = itertools.count()


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
    made: dict[str, tuple[str, dict[str, Keys]]] = {}

    def get(backend: str) -> tuple[str, dict[str, Keys]]:
        if backend not in made:
            if backend == "sqlite":
                path = tmp_path_factory.mktemp("admin-hub") / "hub.db"
                shutil.copyfile(templates(backend), path)
                url, ref = f"sqlite:///{path}", str(path)
            else:
                ref = f"mash_admin_hub_{os.getpid()}"
                url = request.getfixturevalue("pg_server").create(ref, templates(backend))
            db = Database(url)
            made[backend] = (ref, _build(db))
            db.dispose()
        return made[backend]

    yield get
    if "postgresql" in made:
        server = PgServer(pg_admin_url())
        server.drop(made["postgresql"][0])
        server.engine.dispose()


@pytest.fixture
def hub_url(backend, request, tmp_path, hub_templates) -> str:
    template, _ = hub_templates(backend)
    if backend == "sqlite":
        path = tmp_path / f"hub-{next(_counter)}.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("pg_server")
    name = f"mash_admin_{os.getpid()}_{next(_counter)}"
    url = server.create(name, template)
    request.addfinalizer(lambda: server.drop(name))
    return url


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
