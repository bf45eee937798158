"""Opening the hub database: embedded SQLite or the central PostgreSQL.

The URL comes from ``--db``, else ``MASH_DATABASE_URL``, else an SQLite file in
the user data directory. An SQLite file is its owner's only (0600, with its
``-wal`` and ``-shm`` companions, which SQLite creates with the database
file's mode); a folder made for it, and the application's own data folder,
are 0700.
Reads and writes go through :meth:`Database.read`
and :meth:`Database.write`; on SQLite a write transaction begins IMMEDIATE so
concurrent writers queue on the busy timeout instead of failing half-way.
Driver errors leave this module as the application's own exceptions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm import Session, sessionmaker

from .. import owner_only
from ..domain.errors import Conflict, EnvironmentFault, UserError

ENV_VAR = "MASH_DATABASE_URL"
SQLITE_BUSY_MS = 60_000


def default_sqlite_path() -> Path:
    return Path(user_data_dir("mash-desktop", appauthor=False)) / "mash.db"


def resolve_url(explicit: str | None = None) -> str:
    """The database URL to use, normalised to the drivers we ship."""
    url = explicit or os.environ.get(ENV_VAR) or f"sqlite:///{default_sqlite_path()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable database address)"


#: Files SQLite keeps beside a database: they hold its data too.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _prepare_sqlite_folder(path: Path) -> None:
    """Make the database's folder if missing, owner-only; the application's own folder is narrowed too."""
    try:
        owner_only.make_folder(path.parent, ours=path.parent == default_sqlite_path().parent)
    except OSError as exc:
        raise EnvironmentFault(f"The database file {path} cannot be opened or created: its folder cannot be made "
                               f"({exc.strerror}).") from None


def _sqlite_setup(engine: Engine, path: Path | None) -> None:
    if path is not None:
        @event.listens_for(engine, "do_connect")
        def _owner_only(*_args) -> None:
            # Before SQLite opens (and perhaps creates) the file: it is made 0600, or
            # narrowed to it, so the -wal and -shm files SQLite makes with its mode are too.
            try:
                owner_only.create_file(path)
                for suffix in SQLITE_COMPANIONS:
                    owner_only.narrow(path.with_name(path.name + suffix))
            except OSError:
                pass  # a folder or file we may not change: SQLite says what it can open, or why not

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        # The driver must not open transactions itself: we emit BEGIN below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        write = conn.get_execution_options().get("mash_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def translate(exc: DBAPIError, url: str) -> Exception:
    """Sort a driver error into a known environment fault, or leave it a bug."""
    text = str(exc.orig).lower()
    where = describe_url(url)
    if "deadlock detected" in text or "could not serialize" in text:
        return EnvironmentFault("The database was busy with someone else's change at the same moment, and "
                                "nothing was saved. Try again.")
    if "database is locked" in text or "busy" in text:
        return EnvironmentFault("The database is busy with other work. Try again in a moment.")
    if "disk" in text and ("full" in text or "space" in text):
        return EnvironmentFault("The disk holding the database is full.")
    if "connection failed" in text and ("read-only" in text or "hot standby" in text):
        # A multi-host address whose primary is down, before its standby is promoted.
        return EnvironmentFault(f"The hub database at {where} cannot be reached for changes: its main server is "
                                "down and its standby server has not taken over yet. Nothing was saved.")
    if "readonly" in text or "read-only" in text:
        return EnvironmentFault(f"The database at {where} can only be read, not written.")
    if "malformed" in text or "not a database" in text:
        return EnvironmentFault(f"The database file at {where} is damaged. Restore it from a backup.")
    if "unable to open" in text:
        return EnvironmentFault(f"The database file at {where} cannot be opened.")
    if exc.connection_invalidated or any(
        s in text for s in ("connection refused", "could not connect", "connection failed",
                            "server closed", "timeout expired", "name or service not known",
                            "terminating connection", "connection is closed", "connection timeout")
    ):
        return EnvironmentFault(f"The hub database at {where} cannot be reached.")
    if "password authentication failed" in text or "role" in text and "does not exist" in text:
        return EnvironmentFault(f"The hub database at {where} refused this workstation's credentials.")
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return EnvironmentFault(
            f"The database at {where} has no hub schema yet. Run 'mash-admin init' first."
        )
    return exc


class Database:
    """One hub database: an engine plus read and write sessions."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = resolve_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise UserError(f"'{self.url}' is not a database address (try sqlite:///FILE or postgresql://…).") from None
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise UserError(f"Unsupported database '{self.dialect}': use SQLite or PostgreSQL.")
        kwargs: dict = {"echo": echo}
        sqlite_file = None
        if self.dialect == "sqlite":
            name = parsed.database
            if name and name != ":memory:" and not name.startswith("file:"):
                sqlite_file = Path(name).expanduser()
                _prepare_sqlite_folder(sqlite_file)
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_MS / 1000, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5, "application_name": "mash-desktop"}
        try:
            self.engine = create_engine(parsed, **kwargs)
        except (NoSuchModuleError, ArgumentError) as exc:
            raise UserError(f"Cannot use database address {describe_url(self.url)}: {exc}") from None
        if self.dialect == "sqlite":
            _sqlite_setup(self.engine, sqlite_file)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(mash_write=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end."""
        with self._guard(), self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work commits together at the end, or not at all."""
        with self._guard(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except StaleDataError:
            raise Conflict("Someone else changed this case a moment ago. Reload it and try again.") from None
        except DBAPIError as exc:
            mapped = translate(exc, self.url)
            if mapped is exc:
                raise
            raise mapped from exc

    def has_schema(self) -> bool:
        with self._guard(), self.engine.connect() as conn:
            return inspect(conn).has_table("alembic_version")

    def dispose(self) -> None:
        self.engine.dispose()
