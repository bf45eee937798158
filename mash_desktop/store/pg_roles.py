"""PostgreSQL roles, grants and row-level security for the hub database.

Run by the database administrator, connected as the schema owner (a superuser
or the owning role with CREATEROLE), once after ``mash-admin init`` and again
after adding agencies or upgrading the schema. It is safe to repeat.

- ``mash_app`` is a group role that cannot log in. It may read and write the
  application tables, but never delete (except role and key-seal rows, which
  role changes and key rotations replace), never truncate, and only append to
  the audit tables.
- Each agency gets its own login role ``mash_<code>``, a member of
  ``mash_app``. Its password is made here, shown once, and belongs only in
  the enrolment of that agency's workstations.
- Row-level security, forced, on ``panels``, ``disclosures`` and
  ``documents``: every agency may see that a row exists (panel and
  disclosure content is ciphertext), but may insert and update only rows of
  its own agency, and nobody may delete them. Document records, like the
  audit tables, can only be added to.
- On ``agencies`` (not forced, so the owner is unaffected) an agency role may
  add rows but never name their ``db_role``, and column grants keep it from
  changing ``db_role`` or ``code``. A retired agency gets no new role, and an
  existing role of a retired agency is set NOLOGIN on the next run.

Roles are shared by all databases of a PostgreSQL cluster, so keep one hub
per cluster.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ..domain.errors import Conflict, EnvironmentFault, Refused, UserError
from .database import Database, describe_url

SCHEMA = "public"
APP_ROLE = "mash_app"
ROLE_PREFIX = "mash_"
FUNCTION = "mash_current_agency"

#: Tables an agency role may only read and append to.
APPEND_ONLY = frozenset({"audit_events", "audit_checkpoints", "documents"})
#: Tables where rows are replaced, so an agency role may delete.
DELETABLE = frozenset({"user_roles", "key_seals"})
#: Columns of ``agencies`` an agency role may set. Never ``db_role`` or ``code``.
AGENCY_UPDATABLE = ("name", "kind", "seats", "active", "retired_at", "recovery_public_key",
                    "workstation_secret_check", "rotation_needed")
#: Tables under row-level security, with the column naming the owning agency.
OWNED_ROWS = {"panels": "agency_id", "disclosures": "from_agency_id", "documents": "agency_id"}
POLICIES = ("mash_read_all", "mash_insert_own", "mash_update_own")
AGENCY_POLICIES = ("mash_read_all", "mash_insert_without_role", "mash_update_any")

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


def _grant(conn: Connection, tables: list[str]) -> None:
    app = _ident(conn, APP_ROLE)
    schema = _ident(conn, SCHEMA)
    _run(conn, f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    _run(conn, f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC")
    _run(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM PUBLIC")
    # Start from nothing, so a repeat run leaves exactly the grants below.
    _run(conn, f"REVOKE ALL ON SCHEMA {schema} FROM {app}")
    _run(conn, f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}")
    _run(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}")
    _run(conn, f"GRANT USAGE ON SCHEMA {schema} TO {app}")
    for table in tables:
        target = f"{schema}.{_ident(conn, table)}"
        if table == "alembic_version":
            privileges = "SELECT"
        elif table in APPEND_ONLY:
            privileges = "SELECT, INSERT"
        elif table == "audit_head":
            privileges = "SELECT, UPDATE"
        elif table == "agencies":
            # The ORM names every column in an INSERT, so INSERT is granted on
            # the table and a policy (below) keeps db_role empty in new rows.
            updatable = ", ".join(_ident(conn, c) for c in AGENCY_UPDATABLE)
            privileges = f"SELECT, INSERT, UPDATE ({updatable})"
        elif table in DELETABLE:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        else:
            privileges = "SELECT, INSERT, UPDATE"
        _run(conn, f"GRANT {privileges} ON {target} TO {app}")
    _run(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}")
    database = conn.scalar(text("SELECT current_database()"))
    _run(conn, f"GRANT CONNECT ON DATABASE {_ident(conn, database)} TO {app}")


def _current_agency_function(conn: Connection) -> None:
    schema = _ident(conn, SCHEMA)
    _run(conn, f"""
        CREATE OR REPLACE FUNCTION {schema}.{FUNCTION}() RETURNS integer
        LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE
        AS $$ SELECT a.id FROM {schema}.agencies a WHERE a.db_role = current_user::text $$
    """)
    _run(conn, f"REVOKE ALL ON FUNCTION {schema}.{FUNCTION}() FROM PUBLIC")
    _run(conn, f"GRANT EXECUTE ON FUNCTION {schema}.{FUNCTION}() TO {_ident(conn, APP_ROLE)}")


def _row_security(conn: Connection) -> None:
    app = _ident(conn, APP_ROLE)
    own_agency = f"(SELECT {_ident(conn, SCHEMA)}.{FUNCTION}())"
    for table, column in OWNED_ROWS.items():
        target = f"{_ident(conn, SCHEMA)}.{_ident(conn, table)}"
        own = f"{_ident(conn, column)} = {own_agency}"
        _run(conn, f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY")
        _run(conn, f"ALTER TABLE {target} FORCE ROW LEVEL SECURITY")
        for policy in POLICIES:
            _run(conn, f"DROP POLICY IF EXISTS {_ident(conn, policy)} ON {target}")
        # No DELETE policy: with row security on, a delete matches no rows.
        _run(conn, f"CREATE POLICY mash_read_all ON {target} FOR SELECT TO {app} USING (true)")
        _run(conn, f"CREATE POLICY mash_insert_own ON {target} FOR INSERT TO {app} WITH CHECK ({own})")
        _run(conn, f"CREATE POLICY mash_update_own ON {target} FOR UPDATE TO {app} "
                   f"USING ({own}) WITH CHECK ({own})")
    # agencies: an agency role may add agencies but never name their database
    # role (column grants already keep it from updating db_role). Not forced,
    # so the owner running mash-admin is unaffected.
    target = f"{_ident(conn, SCHEMA)}.agencies"
    _run(conn, f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY")
    for policy in AGENCY_POLICIES:
        _run(conn, f"DROP POLICY IF EXISTS {_ident(conn, policy)} ON {target}")
    _run(conn, f"CREATE POLICY mash_read_all ON {target} FOR SELECT TO {app} USING (true)")
    _run(conn, f"CREATE POLICY mash_insert_without_role ON {target} FOR INSERT TO {app} "
               "WITH CHECK (db_role IS NULL)")
    _run(conn, f"CREATE POLICY mash_update_any ON {target} FOR UPDATE TO {app} USING (true) WITH CHECK (true)")


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
            missing = {"agencies", "alembic_version", *OWNED_ROWS} - set(tables)
            if missing:
                raise EnvironmentFault(
                    f"The database at {describe_url(db.url)} has no hub schema yet. Run 'mash-admin init' first."
                )
            _ensure_app_role(conn)
            _grant(conn, tables)
            _current_agency_function(conn)
            _row_security(conn)
            return _agency_roles(conn)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise Refused(
                f"Setting up roles needs the owner of the hub schema with the CREATEROLE right, or a superuser "
                f"({describe_url(db.url)} refused: {str(exc.orig).splitlines()[0]})."
            ) from None
        raise
