"""Shared fixtures: isolated user directories and databases by URL.

Database tests run once on SQLite and once on PostgreSQL. PostgreSQL needs a
server: set MASH_TEST_PG_URL to a superuser URL (``.ci/run`` starts a
throwaway cluster and sets it); without it those cases are skipped, saying so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt or platformdirs: no screen, no real user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="mash-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = str(_HOME / var.lower())
os.environ.pop("MASH_DATABASE_URL", None)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from mash_desktop.store import schema  # noqa: E402
from mash_desktop.store.database import Database  # noqa: E402

PG_ENV = "MASH_TEST_PG_URL"
PG_SKIP = f"PostgreSQL tests need a server: set {PG_ENV} (bash .ci/run starts one)"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql"),
]
_counter = itertools.count()


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class PgServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.engine = create_engine(self.url, isolation_level="AUTOCOMMIT")

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            tpl = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{tpl}'))
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_server():
    url = pg_admin_url()
    if not url:
        pytest.skip(PG_SKIP)
    server = PgServer(url)
    yield server
    server.engine.dispose()


def _drop_template(made: dict[str, str]) -> None:
    if "postgresql" in made:
        # pg_server may be torn down already: drop through a new connection.
        server = PgServer(pg_admin_url())
        server.drop(made["postgresql"])
        server.engine.dispose()


@pytest.fixture(scope="session")
def templates(tmp_path_factory, request):
    """Migrated template databases, built once per run and backend."""
    made: dict[str, str] = {}

    def get(backend: str) -> str:
        if backend not in made:
            if backend == "sqlite":
                path = tmp_path_factory.mktemp("template") / "hub.db"
                db = Database(f"sqlite:///{path}")
                schema.upgrade(db)
                db.dispose()
                made[backend] = str(path)
            else:
                server = request.getfixturevalue("pg_server")
                name = f"mash_template_{os.getpid()}"
                db = Database(server.create(name))
                schema.upgrade(db)
                db.dispose()
                made[backend] = name
        return made[backend]

    yield get
    _drop_template(made)


#: Demo hubs for tests are built "now" at this moment, so due times are predictable.
DEMO_NOW = dt.datetime(2024, 11, 12, 10, 30, tzinfo=dt.timezone.utc)
DEMO_REFERRALS, DEMO_SEED = 30, 3


class BuiltTemplates:
    """Databases built once per run and backend (from the migrated template)
    for tests to copy: ``get(backend)`` gives (template, what ``build`` returned)."""

    def __init__(self, request, tmp_path_factory, templates, label: str, build) -> None:
        self.request, self.tmp_path_factory, self.templates = request, tmp_path_factory, templates
        self.label, self.build = label, build
        self.made: dict[str, tuple[str, object]] = {}

    def get(self, backend: str) -> tuple[str, object]:
        if backend not in self.made:
            if backend == "sqlite":
                path = self.tmp_path_factory.mktemp(self.label) / "hub.db"
                shutil.copyfile(self.templates(backend), path)
                url, ref = f"sqlite:///{path}", str(path)
            else:
                ref = f"mash_{self.label}_{os.getpid()}"
                url = self.request.getfixturevalue("pg_server").create(ref, self.templates(backend))
            db = Database(url)
            try:
                self.made[backend] = (ref, self.build(db))
            finally:
                db.dispose()
        return self.made[backend]

    def drop(self) -> None:
        _drop_template({b: ref for b, (ref, _) in self.made.items()})


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory, request, templates):
    """Demo hubs (built at DEMO_NOW), built once per run and backend."""
    from mash_desktop.services.demo.hub import build_demo

    built = BuiltTemplates(request, tmp_path_factory, templates, "demo",
                           lambda db: build_demo(db, referrals=DEMO_REFERRALS, seed=DEMO_SEED, now=DEMO_NOW))
    yield built.get
    built.drop()


def _fresh_url(backend: str, request, tmp_path: Path, template: str | None) -> str:
    if backend == "sqlite":
        path = tmp_path / f"hub-{next(_counter)}.db"
        if template:
            shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("pg_server")
    name = f"mash_test_{os.getpid()}_{next(_counter)}"
    url = server.create(name, template)
    request.addfinalizer(lambda: server.drop(name))
    return url


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_db_url(backend, request, tmp_path) -> str:
    """A URL of an empty database (no schema) on the backend under test."""
    return _fresh_url(backend, request, tmp_path, None)


@pytest.fixture
def db_url(backend, request, tmp_path, templates) -> str:
    """A URL of a fresh database at the current schema."""
    return _fresh_url(backend, request, tmp_path, templates(backend))


@pytest.fixture
def demo_db_url(backend, request, tmp_path, demo_templates) -> str:
    """A URL of a fresh copy of the demo hub (see DEMO_NOW) on the backend under test."""
    return _fresh_url(backend, request, tmp_path, demo_templates(backend)[0])


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    yield database
    database.dispose()
