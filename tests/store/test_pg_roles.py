"""PostgreSQL roles and row-level security: proved by connecting as an agency."""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import random
import secrets
import string
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from mash_desktop.admin import cli, db_commands
from mash_desktop.domain.codes import AgencyKind, Channel, ConsentPosition, ContactSource, HandlingCode
from mash_desktop.domain.errors import Conflict, UserError
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.admin import agencies
from mash_desktop.services.enrolment.hub_setup import init_hub
from mash_desktop.store import pg_roles, schema
from mash_desktop.store.database import Database
from mash_desktop.store.models import Agency, DataKey, Disclosure, Panel, Referral, User
from mash_desktop.store.types import utcnow
from tests.pg_roles_support import INSUFFICIENT_PRIVILEGE, connect
from tests.pg_roles_support import drop_roles as _drop_roles
from tests.pg_roles_support import existing_roles as _roles_exist
from tests.pg_roles_support import refused as _refused



def _suffix() -> str:
    return "".join(random.choices(string.ascii_uppercase, k=4))


@pytest.fixture(params=[pytest.param("postgresql", id="postgresql")])
def backend(request) -> str:
    """Database roles exist only on PostgreSQL: no SQLite runs here."""
    return request.param


@pytest.fixture
def pg_db(db):
    return db


@pytest.fixture
def sqlite_db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    yield database
    database.dispose()


@pytest.fixture
def role_cleanup(pg_db):
    """Names of roles to drop at the end; mash_app too if this test made it."""
    made: list[str] = []
    app_existed = bool(_roles_exist(pg_db.engine, [pg_roles.APP_ROLE]))
    yield made
    names = list(made)
    if not app_existed:
        names.append(pg_roles.APP_ROLE)
    _drop_roles(pg_db.engine, names)


@dataclass
class Hub:
    db: object
    a: str
    b: str
    a_id: int
    b_id: int
    referral_id: int
    user_a: int
    user_b: int
    key_a: int
    key_b: int
    panel_a: int
    disclosure_a: int
    roles: dict[str, tuple[str, str]]  # code -> (role, password)

    def url_as(self, code: str) -> str:
        role, password = self.roles[code]
        return make_url(self.db.url).set(username=role, password=password).render_as_string(hide_password=False)


@pytest.fixture
def hub(pg_db, role_cleanup) -> Hub:
    db = pg_db
    suffix = _suffix()
    a, b = f"A{suffix}", f"B{suffix}"
    role_cleanup.extend([pg_roles.role_name(a), pg_roles.role_name(b)])
    agencies.add_agency(db, LOCAL_ADMIN, a, "Agency A", AgencyKind.POLICE)
    agencies.add_agency(db, LOCAL_ADMIN, b, "Agency B", AgencyKind.HEALTH)
    with db.write() as s:
        ag = {x.code: x.id for x in s.scalars(select(Agency))}
        referral = Referral(reference=f"MASH-2026-{random.randrange(10**6):06d}", received_at=utcnow(),
                            source=ContactSource.POLICE, channel=Channel.PHONE, concern_details="-",
                            parents_aware=True, consent_obtained=True)
        ua = User(username=f"ua{suffix.lower()}", display_name="User A", agency_id=ag[a])
        ub = User(username=f"ub{suffix.lower()}", display_name="User B", agency_id=ag[b])
        s.add_all([referral, ua, ub])
        s.flush()
        ka = DataKey(scope="agency", agency_id=ag[a], version=1, public_key=b"A" * 32)
        kb = DataKey(scope="agency", agency_id=ag[b], version=1, public_key=b"B" * 32)
        s.add_all([ka, kb])
        s.flush()
        panel = Panel(referral_id=referral.id, agency_id=ag[a], key_version=1, nonce=b"n" * 12,
                      ciphertext=b"A's ciphertext")
        disclosure = Disclosure(referral_id=referral.id, from_agency_id=ag[a], to_agency_id=None,
                                lawful_basis="public task", consent=ConsentPosition.NOT_SOUGHT,
                                handling_code=HandlingCode.P, justification="j", disclosed_by_id=ua.id,
                                nonce=b"n" * 12, ciphertext=b"A's disclosure", sender_key_id=ka.id,
                                sender_seal=b"seal")
        s.add_all([panel, disclosure])
        s.flush()
        ids = dict(a_id=ag[a], b_id=ag[b], referral_id=referral.id, user_a=ua.id, user_b=ub.id,
                   key_a=ka.id, key_b=kb.id, panel_a=panel.id, disclosure_a=disclosure.id)
    created = pg_roles.setup_roles(db)
    roles = {code: (role, password) for code, role, password in created}
    return Hub(db=db, a=a, b=b, roles=roles, **ids)


def connect_as(hub: Hub, code: str):
    return connect(hub.url_as(code))


def _panel(hub: Hub, panel_id: int):
    with hub.db.engine.connect() as conn:
        return conn.execute(text("SELECT agency_id, ciphertext, version FROM panels WHERE id = :i"),
                            {"i": panel_id}).one()


def _disclosure(hub: Hub, disclosure_id: int):
    with hub.db.engine.connect() as conn:
        return conn.execute(text("SELECT from_agency_id, ciphertext, justification FROM disclosures WHERE id = :i"),
                            {"i": disclosure_id}).one()


def _scram_matches(verifier: str, password: str) -> bool:
    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key, _server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return method == "SCRAM-SHA-256" and hashlib.sha256(client_key).digest() == base64.b64decode(stored_key)


# --- the roles ------------------------------------------------------------------------------------


def test_sqlite_needs_no_roles(sqlite_db):
    with pytest.raises(UserError, match="PostgreSQL"):
        pg_roles.setup_roles(sqlite_db)


def test_roles_are_created_with_safe_attributes(hub):
    assert set(hub.roles) == {hub.a, hub.b}
    with hub.db.engine.connect() as conn:
        for code, (role, password) in hub.roles.items():
            assert role == f"mash_{code.lower()}" and len(password) >= 32
            row = conn.execute(text(
                "SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolpassword, "
                "pg_has_role(rolname, 'mash_app', 'MEMBER') FROM pg_authid WHERE rolname = :r"),
                {"r": role}).one()
            assert row[0] and not any(row[1:5]) and row[6]
            assert _scram_matches(row[5], password), "the stored verifier is not of the returned password"
            assert conn.scalar(text("SELECT db_role FROM agencies WHERE code = :c"), {"c": code}) == role
        app = conn.execute(text(
            "SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles "
            "WHERE rolname = 'mash_app'")).one()
        assert not any(app)
    assert hub.roles[hub.a][1] != hub.roles[hub.b][1]


def _snapshot(db) -> tuple:
    with db.engine.connect() as conn:
        return (
            conn.execute(text("SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants "
                              "WHERE grantee = 'mash_app' ORDER BY 1, 2, 3")).all(),
            conn.execute(text("SELECT grantee, table_name, column_name, privilege_type "
                              "FROM information_schema.column_privileges WHERE grantee = 'mash_app' "
                              "ORDER BY 1, 2, 3, 4")).all(),
            conn.execute(text("SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check "
                              "FROM pg_policies ORDER BY 1, 2")).all(),
            conn.execute(text("SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                              "AND c.relkind = 'r' ORDER BY 1")).all(),
            conn.execute(text("SELECT tgrelid::regclass::text, tgname, tgdeferrable FROM pg_trigger "
                              "WHERE NOT tgisinternal ORDER BY 1, 2")).all(),
            conn.execute(text("SELECT code, db_role FROM agencies ORDER BY code")).all(),
            conn.execute(text("SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE 'mash\\_%' "
                              "ORDER BY 1")).all(),
        )


def test_second_run_returns_nothing_and_changes_nothing(hub):
    before = _snapshot(hub.db)
    assert pg_roles.setup_roles(hub.db) == []
    assert _snapshot(hub.db) == before
    grants, columns, policies, security, triggers, *_ = before
    assert len(security) > 20 and all(forced for _, _, forced in security), "row security forced on every table"
    assert {p[4] for p in policies if p[0] == "panels"} == {"ALL", "SELECT", "INSERT", "UPDATE"}
    assert not any(p[4] == "DELETE" for p in policies if p[0] not in ("user_roles", "key_seals"))
    assert not any(g[2] in ("TRUNCATE", "DELETE") for g in grants if g[1] not in ("user_roles", "key_seals"))
    assert not any(g[2] == "UPDATE" for g in grants), "updates are granted column by column"
    for table, column in (("agencies", "db_role"), ("agencies", "code"), ("agencies", "kind"),
                          ("referrals", "reference"), ("users", "agency_id"), ("users", "username")):
        assert ("mash_app", table, column, "UPDATE") not in columns
    assert ("audit_head", "mash_appended", True) in triggers


def test_new_agency_gets_a_role_on_the_next_run(hub, role_cleanup):
    code = f"C{_suffix()}"
    role_cleanup.append(pg_roles.role_name(code))
    agencies.add_agency(hub.db, LOCAL_ADMIN, code, "Agency C")
    created = pg_roles.setup_roles(hub.db)
    assert [(c, r) for c, r, _ in created] == [(code, pg_roles.role_name(code))]


# --- panels ---------------------------------------------------------------------------------------


def test_agency_cannot_write_another_agencys_panel(hub):
    before = _panel(hub, hub.panel_a)
    with connect_as(hub, hub.b) as conn:
        assert conn.scalar(text("SELECT current_user")) == hub.roles[hub.b][0]
        assert conn.scalar(text("SELECT mash_current_agency()")) == hub.b_id
        _refused(conn, "INSERT INTO panels (referral_id, agency_id, key_version, nonce, ciphertext, nothing_known,"
                       " updated_at, version) VALUES (:r, :a, 1, 'n', 'forged', false, now(), 1)",
                 {"r": hub.referral_id, "a": hub.a_id})
        with conn.begin_nested():
            changed = conn.execute(text("UPDATE panels SET ciphertext = 'overwritten', version = version + 1 "
                                        "WHERE id = :i"), {"i": hub.panel_a}).rowcount
        assert changed == 0
        _refused(conn, "DELETE FROM panels WHERE id = :i", {"i": hub.panel_a})
        _refused(conn, "TRUNCATE panels")
        conn.rollback()
    assert _panel(hub, hub.panel_a) == before


def test_agency_reads_others_ciphertext_and_writes_its_own_panel(hub):
    with connect_as(hub, hub.b) as conn:
        row = conn.execute(text("SELECT agency_id, ciphertext FROM panels WHERE id = :i"),
                           {"i": hub.panel_a}).one()
        assert row == (hub.a_id, b"A's ciphertext")
        own = conn.scalar(text(
            "INSERT INTO panels (referral_id, agency_id, key_version, nonce, ciphertext, nothing_known, updated_at,"
            " updated_by_id, version) VALUES (:r, :b, 1, 'n', 'B text', false, now(), :u, 1) RETURNING id"),
            {"r": hub.referral_id, "b": hub.b_id, "u": hub.user_b})
        assert conn.execute(text("UPDATE panels SET ciphertext = 'B text 2', version = 2 WHERE id = :i"),
                            {"i": own}).rowcount == 1
        # Handing its own row to another agency breaks the WITH CHECK, so does naming another's member.
        _refused(conn, "UPDATE panels SET agency_id = :a WHERE id = :i", {"a": hub.a_id, "i": own})
        _refused(conn, "UPDATE panels SET updated_by_id = :u WHERE id = :i", {"u": hub.user_a, "i": own})
        # Delete is not allowed even for its own rows.
        _refused(conn, "DELETE FROM panels WHERE id = :i", {"i": own})
        conn.commit()
    assert _panel(hub, own)[:2] == (hub.b_id, b"B text 2")


def test_row_security_cannot_be_switched_off(hub):
    before = _panel(hub, hub.panel_a)
    with connect_as(hub, hub.b) as conn:
        conn.execute(text("SET row_security = off"))
        _refused(conn, "SELECT * FROM panels")
        _refused(conn, "UPDATE panels SET ciphertext = 'x' WHERE id = :i", {"i": hub.panel_a})
        conn.execute(text("SET row_security = on"))
        _refused(conn, "ALTER TABLE panels DISABLE ROW LEVEL SECURITY")
        _refused(conn, "ALTER TABLE panels NO FORCE ROW LEVEL SECURITY")
        _refused(conn, "DROP POLICY mash_update ON panels")
        _refused(conn, "SET ROLE " + hub.roles[hub.a][0])
        _refused(conn, "CREATE TABLE public.sneaky (id int)")
        conn.rollback()
    assert _panel(hub, hub.panel_a) == before


# --- disclosures ----------------------------------------------------------------------------------


def test_agency_cannot_write_another_agencys_disclosure(hub):
    before = _disclosure(hub, hub.disclosure_a)
    insert = ("INSERT INTO disclosures (referral_id, from_agency_id, lawful_basis, consent, handling_code,"
              " justification, disclosed_by_id, disclosed_at, nonce, ciphertext, sender_key_id, sender_seal)"
              " VALUES (:r, :f, 'basis', 'not_sought', 'P', 'j', :u, now(), 'n', :c, :k, 's') RETURNING id")
    with connect_as(hub, hub.b) as conn:
        _refused(conn, insert, {"r": hub.referral_id, "f": hub.a_id, "u": hub.user_b, "c": b"forged",
                                "k": hub.key_b})
        _refused(conn, "UPDATE disclosures SET justification = 'rewritten' WHERE id = :i", {"i": hub.disclosure_a})
        with conn.begin_nested():
            changed = conn.execute(text("UPDATE disclosures SET recipient_seal = 'planted' WHERE id = :i"),
                                   {"i": hub.disclosure_a}).rowcount
        assert changed == 0
        _refused(conn, "DELETE FROM disclosures WHERE id = :i", {"i": hub.disclosure_a})
        _refused(conn, "TRUNCATE disclosures")
        assert conn.scalar(text("SELECT ciphertext FROM disclosures WHERE id = :i"),
                           {"i": hub.disclosure_a}) == b"A's disclosure"
        own = conn.scalar(text(insert), {"r": hub.referral_id, "f": hub.b_id, "u": hub.user_b, "c": b"B's",
                                         "k": hub.key_b})
        _refused(conn, "UPDATE disclosures SET justification = 'clarified' WHERE id = :i", {"i": own})
        _refused(conn, "UPDATE disclosures SET authorised_by_id = :u, authorised_at = now() WHERE id = :i",
                 {"u": hub.user_a, "i": own})
        assert conn.execute(text("UPDATE disclosures SET authorised_by_id = :u, authorised_at = now() "
                                 "WHERE id = :i"), {"u": hub.user_b, "i": own}).rowcount == 1
        _refused(conn, "UPDATE disclosures SET from_agency_id = :a WHERE id = :i", {"a": hub.a_id, "i": own})
        conn.commit()
    assert _disclosure(hub, hub.disclosure_a) == before
    assert _disclosure(hub, own) == (hub.b_id, b"B's", "j")


# --- audit and agencies ---------------------------------------------------------------------------


def _audit_rows(hub: Hub):
    with hub.db.engine.connect() as conn:
        return conn.execute(text("SELECT id, action, hash FROM audit_events ORDER BY id")).all()


def test_audit_trail_is_insert_only(hub):
    before = _audit_rows(hub)
    assert before, "adding agencies should have written audit events"
    with connect_as(hub, hub.b) as conn:
        _refused(conn, "UPDATE audit_events SET action = 'nothing.happened' WHERE id = :i", {"i": before[0][0]})
        _refused(conn, "DELETE FROM audit_events WHERE id = :i", {"i": before[0][0]})
        _refused(conn, "TRUNCATE audit_events")
        _refused(conn, "DELETE FROM audit_checkpoints")
        _refused(conn, "DELETE FROM audit_head")
        _refused(conn, "TRUNCATE audit_head")
        conn.rollback()
    assert _audit_rows(hub) == before


def test_only_the_hub_role_adds_agencies(hub):
    """An agency's role cannot add an agency (the hub's role does, see test_pg_insider.py), nor its event."""
    before = _audit_rows(hub)
    as_b = Database(hub.url_as(hub.b))
    try:
        with pytest.raises(DBAPIError) as caught:
            agencies.add_agency(as_b, LOCAL_ADMIN, f"D{_suffix()}", "Added by an agency role")
    finally:
        as_b.dispose()
    assert caught.value.orig.sqlstate == INSUFFICIENT_PRIVILEGE
    assert _audit_rows(hub) == before


def test_agency_cannot_change_db_role(hub):
    with connect_as(hub, hub.b) as conn:
        for target in (hub.b_id, hub.a_id):
            _refused(conn, "UPDATE agencies SET db_role = 'postgres' WHERE id = :i", {"i": target})
        _refused(conn, "UPDATE agencies SET code = 'ZZZ' WHERE id = :i", {"i": hub.a_id})
        _refused(conn, "INSERT INTO agencies (code, name, kind, seats, active, created_at, rotation_needed,"
                       " db_role) VALUES ('EVIL', 'x', 'other', 0, true, now(), false, 'mash_evil')")
        _refused(conn, "UPDATE agencies SET seats = 7 WHERE id = :i", {"i": hub.b_id})
        assert conn.execute(text("UPDATE agencies SET rotation_needed = true WHERE id = :i"),
                            {"i": hub.b_id}).rowcount == 1
        _refused(conn, "ALTER TABLE agencies DROP CONSTRAINT uq_agencies_db_role")
        conn.rollback()
    with hub.db.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT code, db_role FROM agencies WHERE db_role IS NOT NULL")).all()) == {
            hub.a: hub.roles[hub.a][0], hub.b: hub.roles[hub.b][0]}


# --- mash-admin db setup-roles --------------------------------------------------------------------


def _run_command(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    db_commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    args.run(args)


def test_db_setup_roles_command(pg_db, role_cleanup, capsys):
    code = f"E{_suffix()}"
    role_cleanup.append(pg_roles.role_name(code))
    agencies.add_agency(pg_db, LOCAL_ADMIN, code, "Agency E")
    _run_command(["--db", pg_db.url, "db", "setup-roles"])
    out = capsys.readouterr().out
    assert "CODE" in out and "ROLE" in out and "PASSWORD" in out and "once" in out
    line = next(l for l in out.splitlines() if l.startswith(code))
    assert line.split()[1] == pg_roles.role_name(code) and len(line.split()[2]) >= 32
    _run_command(["--db", pg_db.url, "db", "setup-roles"])
    assert "No new agency roles." in capsys.readouterr().out


def _cli_has_db_command() -> bool:
    try:
        cli.build_parser().parse_args(["db", "setup-roles"])
    except SystemExit:
        return False
    return True


def test_mash_admin_db_setup_roles(pg_db, role_cleanup, capsys):
    if not _cli_has_db_command():
        capsys.readouterr()
        pytest.skip("mash-admin has no 'db' command yet (db_commands.register is not wired into cli.py)")
    code = f"F{_suffix()}"
    role_cleanup.append(pg_roles.role_name(code))
    agencies.add_agency(pg_db, LOCAL_ADMIN, code, "Agency F")
    assert cli.main(["--db", pg_db.url, "db", "setup-roles"]) == 0
    assert pg_roles.role_name(code) in capsys.readouterr().out
    assert cli.main(["--db", pg_db.url, "db", "setup-roles"]) == 0
    assert "No new agency roles." in capsys.readouterr().out


def test_mash_admin_db_setup_roles_on_sqlite(sqlite_db, capsys):
    if not _cli_has_db_command():
        capsys.readouterr()
        pytest.skip("mash-admin has no 'db' command yet (db_commands.register is not wired into cli.py)")
    assert cli.main(["--db", sqlite_db.url, "db", "setup-roles"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


# --- documents ------------------------------------------------------------------------------------


def test_document_records_can_only_be_added_and_only_for_the_agencys_own(hub):
    insert = ("INSERT INTO documents (token, kind, referral_id, agency_id, produced_by_id, produced_at, recipient,"
              " pages, content_fingerprint, file_sha256, key_version, signing_public_key, signature)"
              " VALUES (:t, 'case_summary', :r, :a, :u, now(), 'file', 1, 'f', :h, 1, 'k', 's') RETURNING id")
    with connect_as(hub, hub.b) as conn:
        _refused(conn, insert, {"t": "forged", "r": hub.referral_id, "a": hub.a_id, "u": hub.user_b,
                                "h": b"A" * 32})
        own = conn.scalar(text(insert), {"t": "own", "r": hub.referral_id, "a": hub.b_id, "u": hub.user_b,
                                         "h": b"B" * 32})
        _refused(conn, "UPDATE documents SET recipient = 'someone else' WHERE id = :i", {"i": own})
        _refused(conn, "DELETE FROM documents WHERE id = :i", {"i": own})
        _refused(conn, "TRUNCATE documents")
        conn.commit()
    with hub.db.engine.connect() as conn:
        assert conn.execute(text("SELECT agency_id, recipient FROM documents")).all() == [(hub.b_id, "file")]


# --- an owner that is not a superuser --------------------------------------------------------------


@pytest.fixture
def plain_owner(pg_server):
    """A database owned by a login role with CREATEROLE but no superuser rights; that role's URL."""
    owner, password = f"hub_owner_{_suffix().lower()}", secrets.token_urlsafe(24)
    name = f"mash_plain_owner_{_suffix().lower()}"
    made_app = not _roles_exist(pg_server.engine, [pg_roles.APP_ROLE])
    with pg_server.engine.connect() as conn:
        verifier = conn.connection.driver_connection.pgconn.encrypt_password(
            password.encode(), owner.encode(), b"scram-sha-256").decode()
        conn.exec_driver_sql(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{verifier}'")
        conn.exec_driver_sql(f"CREATE DATABASE {name} OWNER {owner}")
    yield make_url(pg_server.url_for(name)).set(username=owner, password=password).render_as_string(
        hide_password=False)
    pg_server.drop(name)
    roles = [pg_roles.role_name("HUB"), pg_roles.role_name("EDU"), *([pg_roles.APP_ROLE] if made_app else [])]
    _drop_roles(pg_server.engine, [*roles, owner])


def test_an_owner_without_superuser_rights_sets_up_roles_and_keeps_every_right(plain_owner):
    db = Database(plain_owner)
    try:
        schema.upgrade(db)
        pg_roles.hub_role_ready(db)
        init_hub(db, "hub.admin", "Hub Admin", "Larch-Close-Kettle-42", workstation="ws-hub", params=ASVS_MINIMUM)
        assert [(c, r) for c, r, _ in pg_roles.setup_roles(db)] == [("HUB", "mash_hub")]
        # Forced row security binds the owner too; its own policy keeps every right.
        agencies.add_agency(db, LOCAL_ADMIN, "EDU", "Education")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM agencies")).scalar() == 2
            assert conn.execute(text("UPDATE agencies SET kind = 'other', seats = 3 "
                                     "WHERE code = 'EDU'")).rowcount == 1
            assert conn.execute(text("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'users'")).scalar()
        assert [(c, r) for c, r, _ in pg_roles.setup_roles(db)] == [("EDU", "mash_edu")]
        with pytest.raises(Conflict, match="mash_hub already exists"):
            pg_roles.hub_role_ready(db)
    finally:
        db.dispose()
