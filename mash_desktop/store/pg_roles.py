"""PostgreSQL roles for the hub database, with their grants and row-level security.

Run by the database administrator, connected as the schema owner (a superuser
or the owning role with CREATEROLE): by ``mash-admin init --admin`` on a new
hub, then ``mash-admin db setup-roles`` after adding agencies and after
upgrading the schema. It is safe to repeat.

- ``mash_app`` is a group role that cannot log in. What it may read and
  write, row by row and column by column, is set by pg_policies.py (and
  written out in docs/grants.md): forced row-level security on every table,
  column grants, and triggers for what a policy cannot say.
- Each agency gets its own login role ``mash_<code>``, a member of
  ``mash_app``; the hub's own agency (HUB) gets ``mash_hub``, the role hub
  administrators' workstations connect as. A password is made here, shown
  once, and belongs only in the enrolment of that agency's workstations.
  No workstation connects as the owner.
- A retired agency gets no new role, and an existing role of a retired
  agency is set NOLOGIN on the next run.

Roles are shared by all databases of a PostgreSQL cluster, so keep one hub
per cluster.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ..domain.errors import Conflict, EnvironmentFault, Refused, UserError
from . import pg_policies
from .database import Database, describe_url

SCHEMA = pg_policies.S
APP_ROLE = "mash_app"
ROLE_PREFIX = "mash_"
#: The agency whose role administers the hub (partners, seats, retiring).
HUB_CODE = "HUB"

# Serialises concurrent runs against one database (any constant will do).
_LOCK_KEY = 0x6D617368_726F6C65 & 0x7FFF_FFFF_FFFF_FFFF


def role_name(agency_code: str) -> str:
    """The database role of an agency: ``mash_`` and its code in lower case."""
    return ROLE_PREFIX + agency_code.strip().lower()


def _ident(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(conn: Connection, value: str) -> str:
    from psycopg import sql

    return sql.Literal(value).as_string(conn.connection.driver_connection)


def _run(conn: Connection, statement: str) -> None:
    # exec_driver_sql: DDL takes no bind parameters, and ':' in a password
    # verifier must not be read as one.
    conn.exec_driver_sql(statement)


def _role_exists(conn: Connection, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def _password_verifier(conn: Connection, role: str, password: str) -> str:
    """The SCRAM verifier of ``password``, so the server never sees (or logs) it."""
    pgconn = conn.connection.driver_connection.pgconn
    return pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode("ascii")


def _safe_attributes(conn: Connection, role: str, login: bool) -> None:
    row = conn.execute(text(
        "SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolreplication, rolcanlogin "
        "FROM pg_roles WHERE rolname = :r"), {"r": role}).one()
    if any(row[:5]) or row[5] != login:
        _run(conn, f"ALTER ROLE {_ident(conn, role)} {'LOGIN' if login else 'NOLOGIN'} "
                   "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION")


def _ensure_app_role(conn: Connection) -> None:
    app = _ident(conn, APP_ROLE)
    if not _role_exists(conn, APP_ROLE):
        _run(conn, f"CREATE ROLE {app} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION")
    else:
        _safe_attributes(conn, APP_ROLE, login=False)


def _tables(conn: Connection) -> list[str]:
    return list(conn.scalars(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :s AND c.relkind IN ('r', 'p') ORDER BY c.relname"), {"s": SCHEMA}))


def _agency_roles(conn: Connection) -> list[tuple[str, str, str]]:
    """Create the missing agency roles; return (code, role, password) for each."""
    app = _ident(conn, APP_ROLE)
    created: list[tuple[str, str, str]] = []
    rows = conn.execute(text(
        "SELECT id, code, db_role, active FROM agencies ORDER BY code FOR UPDATE")).all()
    for agency_id, code, db_role, active in rows:
        if db_role is not None and db_role != role_name(code):
            # Never alter a role this tool did not name (it could be the owner's).
            raise Conflict(
                f"Agency {code} names the database role {db_role!r}, not {role_name(code)}. "
                "Correct agencies.db_role, then run this again."
            )
        if db_role is not None and _role_exists(conn, db_role):
            # Keep the password; a retired agency's role can no longer log in.
            _safe_attributes(conn, db_role, login=bool(active))
            _run(conn, f"GRANT {app} TO {_ident(conn, db_role)}")
            continue
        if not active:
            continue  # a retired agency gets no new login
        role = db_role or role_name(code)
        if db_role is None and _role_exists(conn, role):
            raise Conflict(
                f"A database role {role} already exists but agency {code} does not use it (it may belong to "
                f"another hub database on this server). Drop or rename that role, then run this again."
            )
        password = secrets.token_urlsafe(24)
        verifier = _literal(conn, _password_verifier(conn, role, password))
        _run(conn, f"CREATE ROLE {_ident(conn, role)} LOGIN INHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                   f"NOCREATEROLE NOREPLICATION PASSWORD {verifier} IN ROLE {app}")
        conn.execute(text("UPDATE agencies SET db_role = :r WHERE id = :i"), {"r": role, "i": agency_id})
        created.append((code, role, password))
    return created


def hub_role_ready(db: Database) -> None:
    """Refuse, before anything is created, a first hub set-up that could not
    give the hub its own role: the connection must be able to create roles,
    and no ``mash_hub`` may exist already (its password could not be shown)."""
    role = role_name(HUB_CODE)
    with db._guard(), db.engine.connect() as conn:
        may = conn.execute(text(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar()
        exists = _role_exists(conn, role)
    if not may:
        raise Refused(f"Setting up a PostgreSQL hub needs the owner of the hub schema with the CREATEROLE right, "
                      f"or a superuser ({describe_url(db.url)} has neither).")
    if exists:
        raise Conflict(f"A database role {role} already exists on this server, so its password cannot be shown. "
                       f"Keep one hub per server: drop that role (or use another server), then run this again.")


def require_agency_role(db: Database, agency_code: str) -> None:
    """Refuse a PostgreSQL connection that is not the agency's own role (the owner's, say)."""
    if db.is_sqlite:
        return
    role = role_name(agency_code)
    with db._guard(), db.engine.connect() as conn:
        connected = conn.execute(text("SELECT current_user")).scalar()
        expected = conn.execute(text("SELECT db_role FROM agencies WHERE code = :c"),
                                {"c": agency_code.strip().upper()}).scalar()
    if expected is None or connected != expected:
        raise Refused(f"On a PostgreSQL hub a workstation of {agency_code.strip().upper()} connects as its "
                      f"agency's own role {expected or role}, never as {connected}: use the address with that "
                      "role and its password (shown once by 'mash-admin db setup-roles').")


def setup_roles(db: Database) -> list[tuple[str, str, str]]:
    """Create roles, grants and row-level security; return the new agency roles.

    Each returned tuple is (agency code, role name, password). The password is
    not stored anywhere and cannot be shown again; roles that already existed
    keep theirs and are not returned.
    """
    if db.is_sqlite:
        raise UserError(
            "Database roles are for a PostgreSQL hub; an SQLite hub file is not shared and needs no roles."
        )
    try:
        with db._guard(), db.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            tables = _tables(conn)
            missing = {"agencies", "alembic_version", *pg_policies.POLICIES} - set(tables)
            if missing:
                raise EnvironmentFault(
                    f"The database at {describe_url(db.url)} has no hub schema yet. Run 'mash-admin init' first."
                )
            _ensure_app_role(conn)
            pg_policies.grant(conn, APP_ROLE, tables)
            pg_policies.guard(conn, APP_ROLE, tables)
            return _agency_roles(conn)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise Refused(
                f"Setting up roles needs the owner of the hub schema with the CREATEROLE right, or a superuser "
                f"({describe_url(db.url)} refused: {str(exc.orig).splitlines()[0]})."
            ) from None
        raise
