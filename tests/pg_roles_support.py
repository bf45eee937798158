"""Agency database roles in tests: connecting as one, refusals, and cleaning up.

Roles belong to the whole PostgreSQL cluster, not to one database, so a test
that makes them drops them again (after the databases that refer to them).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

INSUFFICIENT_PRIVILEGE = "42501"


def role_url(owner_url: str, role: str, password: str) -> str:
    """The address of the same database, logging in as ``role``."""
    return make_url(owner_url).set(username=role, password=password).render_as_string(hide_password=False)


def existing_roles(engine, names) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"), {"n": list(names)}))


def cleaned_roles(backend: str, request, names: list[str]):
    """A fixture body: on PostgreSQL, drop ``names`` (and the app role, unless it was there
    before) after the test, and any left by an interrupted run before it."""
    if backend != "postgresql":
        yield
        return
    from mash_desktop.store import pg_roles
    engine = create_engine(request.getfixturevalue("empty_db_url"))
    drop_roles(engine, names)  # left by an interrupted run
    app_existed = bool(existing_roles(engine, [pg_roles.APP_ROLE]))
    yield
    drop_roles(engine, names + ([] if app_existed else [pg_roles.APP_ROLE]))
    engine.dispose()


def drop_roles(engine, names) -> None:
    """Drop roles (and their grants in this database); one still used elsewhere stays."""
    for name in existing_roles(engine, names):
        quoted = engine.dialect.identifier_preparer.quote_identifier(name)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"DROP OWNED BY {quoted}")
                conn.exec_driver_sql(f"DROP ROLE {quoted}")
        except DBAPIError:
            pass


@contextmanager
def connect(url: str):
    """A connection as whoever ``url`` names; left uncommitted unless the test commits."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def refused(conn, sql: str, params: dict | None = None) -> DBAPIError:
    """``sql`` must fail with insufficient privilege (nothing of it stays); the error, to look at."""
    with pytest.raises(DBAPIError) as caught:
        with conn.begin_nested():
            conn.execute(text(sql), params or {})
    assert caught.value.orig.sqlstate == INSUFFICIENT_PRIVILEGE, caught.value.orig
    return caught.value


def changes_nothing(conn, sql: str, params: dict | None = None) -> None:
    """``sql`` runs but row-level security lets it touch no row."""
    with conn.begin_nested() as savepoint:
        assert conn.execute(text(sql), params or {}).rowcount == 0
        savepoint.rollback()


def refused_at_commit(conn, sql: str, params: dict | None = None) -> None:
    """``sql`` is accepted, but the transaction is refused when it commits."""
    conn.execute(text(sql), params or {})
    with pytest.raises(DBAPIError) as caught:
        conn.commit()
    conn.rollback()
    assert caught.value.orig.sqlstate == INSUFFICIENT_PRIVILEGE, caught.value.orig
