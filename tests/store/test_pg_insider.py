"""An insider holding their agency's database role, on PostgreSQL.

Each agency's password sits in its workstations' keyrings, so anyone there
can connect as ``mash_pol``, ``mash_csc`` or ``mash_hub`` and type SQL. Here
they do: every write across agencies is refused (permission denied, a
row-level security violation, or no row touched), while the client's own
work through the real services still succeeds as the same roles.
Database roles exist only on PostgreSQL: without a server these tests skip.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from mash_desktop.domain.codes import (
    AgencyKind, ConsentPosition, HandlingCode, LawfulBasis, Outcome, Rag, ResearchStatus, Role, Status,
)
from mash_desktop.domain.errors import Conflict, NotPermitted
from mash_desktop.security.accounts import sign_in
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.case import allocation
from mash_desktop.services import calendar
from mash_desktop.services.case import casework
from mash_desktop.services.consultations import records as consultations
from mash_desktop.services.case import decision, disclosures, documents
from mash_desktop.services.enrolment import hub_setup
from mash_desktop.services.case import panels
from mash_desktop.services.admin import partners
from mash_desktop.services.intake import referrals, screening
from mash_desktop.services.admin import users
from mash_desktop.services.queue.query import QueueQuery, queue_ids
from mash_desktop.store import name_search, pg_roles
from mash_desktop.store.database import Database
from mash_desktop.store.models import Agency, DataKey, KeySeal, Referral, User
from tests import hub_factory
from tests.pg_roles_support import (
    changes_nothing, connect, drop_roles, existing_roles, refused, refused_at_commit, role_url,
)

#: Creates the agencies' database roles and works through each of them.
pytestmark = pytest.mark.slow

REF = "MASH-2026-000001"
CODES = ("CSC", "HLT", "HUB", "POL")
ROLES = [pg_roles.role_name(c) for c in CODES]


@dataclass
class Built:
    template: str
    roles: dict[str, tuple[str, str]]
    kits: dict


@pytest.fixture(scope="module")
def built(pg_server, templates):
    """The hub of tests/hub_factory.py, built once as the owner, then given its roles."""
    drop_roles(pg_server.engine, ROLES)
    app_existed = bool(existing_roles(pg_server.engine, [pg_roles.APP_ROLE]))
    name = f"mash_insider_{os.getpid()}"
    db = Database(pg_server.create(name, templates("postgresql")))
    try:
        hub = hub_factory.build(db)
        lead = hub.sign_in("csc.lead")
        users.add_account(db, lead, "csc.decision", "CSC Decision", [Role.DECISION_MAKER], hub_factory.PASSWORD,
                          ASVS_MINIMUM)
        users.confirm_member(db, lead, "csc.decision")
        roles = {code: (role, password) for code, role, password in pg_roles.setup_roles(db)}
    finally:
        db.dispose()
    yield Built(name, roles, hub.kits)
    pg_server.drop(name)
    drop_roles(pg_server.engine, ROLES + ([] if app_existed else [pg_roles.APP_ROLE]))


class Hub:
    """A fresh copy of the built hub: the owner's view, and each agency's role."""

    def __init__(self, url: str, built: Built) -> None:
        self.url, self.built = url, built
        self.owner = Database(url)
        self._dbs: dict[str, Database] = {}

    def url_as(self, code: str) -> str:
        return role_url(self.url, *self.built.roles[code])

    def db_as(self, code: str) -> Database:
        if code not in self._dbs:
            self._dbs[code] = Database(self.url_as(code))
        return self._dbs[code]

    def sign_in(self, username: str, password: str = hub_factory.PASSWORD):
        """Sign in at the user's agency workstation, connected as that agency's role."""
        code = username.split(".")[0].upper()
        return sign_in(self.db_as(code), hub_factory.Hub(self.owner, self.built.kits).creds(code), username, password)

    def ids(self, sql: str, **params) -> list:
        with self.owner.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def user_id(self, username: str) -> int:
        return self.ids("SELECT id FROM users WHERE username = :u", u=username)[0][0]

    def agency_id(self, code: str) -> int:
        return self.ids("SELECT id FROM agencies WHERE code = :c", c=code)[0][0]

    def close(self) -> None:
        for db in [self.owner, *self._dbs.values()]:
            db.dispose()


@pytest.fixture
def hub(built, request, pg_server):
    name = f"mash_insider_{os.getpid()}_{request.node.name[:20].lower()}"
    url = pg_server.create(name, built.template)
    copy = Hub(url, built)
    yield copy
    copy.close()
    pg_server.drop(name)


def _seal_count(hub: Hub, code: str) -> int:
    return hub.ids("SELECT count(*) FROM key_seals s JOIN data_keys k ON k.id = s.data_key_id "
                   "WHERE k.agency_id = :a", a=hub.agency_id(code))[0][0]


def _agency_row(hub: Hub, code: str):
    return hub.ids("SELECT kind, code, db_role, recovery_public_key, workstation_secret_check, certificate, "
                   "root_mac, workstation_signing_key, rotation_needed, seats FROM agencies WHERE code = :c", c=code)


def _user_row(hub: Hub, username: str):
    return hub.ids("SELECT active, locked_at, failed_sign_ins, public_key, agency_id FROM users WHERE username = :u",
                   u=username)


# --- keys and staff of another agency --------------------------------------------------------------


@pytest.mark.parametrize("attacker, victim", [("POL", "CSC"), ("CSC", "POL")])
def test_agency_cannot_touch_another_agencys_keys_or_staff(hub, attacker, victim):
    seals, agency = _seal_count(hub, victim), _agency_row(hub, victim)
    officer = _user_row(hub, f"{victim.lower()}.officer")
    with hub.owner.engine.begin() as conn:
        conn.execute(text("UPDATE users SET locked_at = now(), failed_sign_ins = 10, active = false "
                          "WHERE username = :u"), {"u": f"{victim.lower()}.new"})
    params = {"a": hub.agency_id(victim), "u": f"{victim.lower()}.officer", "n": f"{victim.lower()}.new"}
    with connect(hub.url_as(attacker)) as conn:
        # Every seal of the victim's keys, the recovery copy included.
        changes_nothing(conn, "DELETE FROM key_seals WHERE data_key_id IN "
                              "(SELECT id FROM data_keys WHERE agency_id = :a)", params)
        changes_nothing(conn, "DELETE FROM key_seals WHERE recipient_user_id IS NULL")
        refused(conn, "UPDATE key_seals SET sealed = 'x'")
        refused(conn, "TRUNCATE key_seals")
        # Unlock or re-enable the victim's staff.
        changes_nothing(conn, "UPDATE users SET locked_at = NULL, failed_sign_ins = 0, active = true "
                              "WHERE username = :n", params)
        changes_nothing(conn, "UPDATE users SET public_key = 'x' WHERE username = :u", params)
        refused(conn, "UPDATE users SET agency_id = (SELECT mash_current_agency()) WHERE username = :u", params)
        refused(conn, "INSERT INTO users (username, display_name, agency_id, active, created_at, failed_sign_ins)"
                      " VALUES ('planted', 'Planted', :a, true, now(), 0)", params)
        refused(conn, "INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE username = :u",
                params)
        changes_nothing(conn, "DELETE FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE agency_id = :a)",
                        params)
        # The victim agency's workstation check, recovery key, rotation flag.
        for column, value in (("workstation_secret_check", "'x'"), ("recovery_public_key", "'x'"),
                              ("rotation_needed", "NOT rotation_needed"), ("seats", "0")):
            changes_nothing(conn, f"UPDATE agencies SET {column} = {value} WHERE id = :a", params)
        # A key or a seal of the victim agency.
        refused(conn, "INSERT INTO data_keys (scope, agency_id, version, public_key, created_at) "
                      "VALUES ('agency', :a, 99, 'k', now())", params)
        refused(conn, "INSERT INTO key_seals (data_key_id, recipient_user_id, sealed, created_at) "
                      "SELECT k.id, u.id, 's', now() FROM data_keys k, users u WHERE k.agency_id = :a "
                      "AND u.username = :n LIMIT 1", params)
        changes_nothing(conn, "UPDATE workstations SET retired_at = now() WHERE agency_id = :a", params)
        conn.rollback()
    assert (_seal_count(hub, victim), _agency_row(hub, victim)) == (seals, agency)
    assert _user_row(hub, f"{victim.lower()}.officer") == officer
    still = _user_row(hub, f"{victim.lower()}.new")[0]
    assert (still[0], still[1] is not None, still[2]) == (False, True, 10)


def test_agency_cannot_make_itself_the_hub(hub):
    before = _agency_row(hub, "POL")
    with connect(hub.url_as("POL")) as conn:
        own = {"a": hub.agency_id("POL")}
        for assignment in ("kind = 'hub'", "code = 'HUB2'", "db_role = 'postgres'", "name = 'Hub'",
                           "created_at = now()"):
            refused(conn, f"UPDATE agencies SET {assignment} WHERE id = :a", own)
        for column in ("workstation_secret_check", "recovery_public_key", "certificate", "root_mac",
                       "workstation_signing_key", "certified_by_id"):
            refused(conn, f"UPDATE agencies SET {column} = NULL WHERE id = :a", own)
        refused(conn, "UPDATE agencies SET seats = 50 WHERE id = :a", own)
        # Clearing its own rotation flag needs a new key version in the same transaction.
        conn.execute(text("UPDATE agencies SET rotation_needed = true WHERE id = :a"), own)
        refused(conn, "UPDATE agencies SET rotation_needed = false WHERE id = :a", own)
        refused(conn, "INSERT INTO agencies (code, name, kind, seats, active, created_at, rotation_needed) "
                      "VALUES ('EVIL', 'Evil', 'hub', 0, true, now(), false)")
        refused(conn, "INSERT INTO closure_days (day, reason) VALUES ('2030-01-02', 'x')")
        # Staff of another agency, by way of a role of its own.
        refused(conn, "INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users "
                      "WHERE username = 'hub.admin'")
        refused(conn, "ALTER TABLE agencies DISABLE ROW LEVEL SECURITY")
        refused(conn, "ALTER TABLE agencies DISABLE TRIGGER mash_guard")
        refused(conn, "SET session_replication_role = replica")
        conn.rollback()
    assert _agency_row(hub, "POL") == before


# --- cases ------------------------------------------------------------------------------------------


def test_agency_cannot_write_case_state_in_another_agencys_name(hub):
    csc_lead, csc_officer = hub.user_id("csc.lead"), hub.user_id("csc.officer")
    before = hub.ids("SELECT reference, status, rag, allocated_to_id, version FROM referrals")
    p = {"r": REF, "lead": csc_lead, "officer": csc_officer, "pol": hub.user_id("pol.officer")}
    with connect(hub.url_as("POL")) as conn:
        refused(conn, "UPDATE referrals SET reference = 'MASH-2026-999999' WHERE reference = :r", p)
        # Allocating to another agency's officer, even when signing as its own member.
        refused(conn, "UPDATE referrals SET allocated_to_id = :officer, state_signed_by_id = :pol "
                      "WHERE reference = :r", p)
        refused(conn, "INSERT INTO decisions (referral_id, outcome, threshold_level, rationale, decided_by_id, "
                      "decided_at) SELECT id, 'no_further_action', 1, 'forged', :lead, now() FROM referrals "
                      "WHERE reference = :r", p)
        refused(conn, "INSERT INTO referral_events (referral_id, at, kind, by_id) "
                      "SELECT id, now(), 'close', :lead FROM referrals WHERE reference = :r", p)
        refused(conn, "INSERT INTO research_requests (referral_id, agency_id, requested_at, requested_by_id, status)"
                      " SELECT id, 1, now(), :lead, 'requested' FROM referrals WHERE reference = :r", p)
        refused(conn, "INSERT INTO consultations (received_at, caller_name, topic, advice, given_by_id) "
                      "VALUES (now(), 'x', 'x', 'x', :lead)", p)
        refused(conn, "INSERT INTO referral_people (referral_id, person_id, position, is_subject) "
                      "SELECT r.id, p.id, 9, false FROM referrals r, people p WHERE r.reference = :r LIMIT 1", p)
        refused(conn, "UPDATE people SET family_name = 'Renamed'")
        refused(conn, "UPDATE referral_events SET reason = 'rewritten'")
        refused(conn, "DELETE FROM referrals WHERE reference = :r", p)
        refused(conn, "DELETE FROM people")
        refused(conn, "UPDATE reference_counters SET last = 0")
        conn.rollback()
        # Closing or re-rating, left signed by the other agency's member or by nobody.
        for change in ("status = 'closed', closed_at = now()", "rag = 'red', state_signed_by_id = :lead",
                       "state_signed_by_id = NULL"):
            refused_at_commit(conn, f"UPDATE referrals SET {change} WHERE reference = :r", p)
        # A new case in another agency's member's name.
        refused_at_commit(conn, "INSERT INTO referrals (reference, received_at, source, channel, concern_details, "
                                "parents_aware, consent_obtained, status, created_at, updated_at, version, "
                                "referrer_is_public, state_signed_by_id) VALUES ('MASH-2026-999998', now(), "
                                "'police', 'phone', 'x', true, true, 'new', now(), now(), 1, false, :lead)", p)
    assert hub.ids("SELECT reference, status, rag, allocated_to_id, version FROM referrals") == before


# --- the audit trail --------------------------------------------------------------------------------


def test_audit_head_moves_only_by_appending(hub):
    head = hub.ids("SELECT last_event_id, last_hash FROM audit_head")
    events = hub.ids("SELECT count(*), max(id) FROM audit_events")
    with connect(hub.url_as("POL")) as conn:
        refused(conn, "UPDATE audit_head SET last_event_id = last_event_id - 1")
        refused(conn, "UPDATE audit_head SET id = 2")
        refused(conn, "DELETE FROM audit_head")
        refused(conn, "INSERT INTO audit_head (id, last_event_id, last_hash) VALUES (2, 0, 'x')")
        refused(conn, "UPDATE audit_events SET action = 'nothing.happened'")
        refused(conn, "DELETE FROM audit_events")
        refused(conn, "TRUNCATE audit_events")
        refused(conn, "DELETE FROM audit_checkpoints")
        refused(conn, "UPDATE documents SET recipient = 'x'")
        refused(conn, "INSERT INTO audit_events (id, at, agency_id, actor_name, action, object_type, prev_hash, hash)"
                      " VALUES (:i, now(), :a, 'x', 'x', 'x', 'p', 'h')",
                {"i": events[0][1] + 1, "a": hub.agency_id("CSC")})
        conn.rollback()
        # Moving the head past events nobody appended is refused when it commits...
        refused_at_commit(conn, "UPDATE audit_head SET last_event_id = last_event_id + 1, last_hash = 'forged'")
        # ...and so is an event left beyond the head.
        refused_at_commit(conn, "INSERT INTO audit_events (id, at, agency_id, actor_name, action, object_type, "
                                "prev_hash, hash) VALUES (:i, now(), :a, 'x', 'x', 'x', 'p', 'h')",
                          {"i": events[0][1] + 100, "a": hub.agency_id("POL")})
    assert hub.ids("SELECT last_event_id, last_hash FROM audit_head") == head
    assert hub.ids("SELECT count(*), max(id) FROM audit_events") == events


# --- the hub's own role -----------------------------------------------------------------------------


def test_hub_role_cannot_change_an_existing_partner(hub):
    agency, seals, officer = _agency_row(hub, "POL"), _seal_count(hub, "POL"), _user_row(hub, "pol.officer")
    p = {"a": hub.agency_id("POL"), "u": "pol.officer"}
    with connect(hub.url_as("HUB")) as conn:
        for column in ("workstation_secret_check", "recovery_public_key", "certificate", "root_mac",
                       "workstation_signing_key"):
            refused(conn, f"UPDATE agencies SET {column} = 'x' WHERE id = :a", p)
        refused(conn, "UPDATE agencies SET rotation_needed = NOT rotation_needed WHERE id = :a", p)
        for assignment in ("kind = 'hub'", "code = 'POL2'", "db_role = NULL"):
            refused(conn, f"UPDATE agencies SET {assignment} WHERE id = :a", p)
        changes_nothing(conn, "UPDATE users SET locked_at = NULL, failed_sign_ins = 0, active = true "
                              "WHERE username = :u", p)
        changes_nothing(conn, "UPDATE users SET wrapped_private_key = 'x' WHERE agency_id = :a", p)
        changes_nothing(conn, "DELETE FROM key_seals WHERE data_key_id IN "
                              "(SELECT id FROM data_keys WHERE agency_id = :a)", p)
        changes_nothing(conn, "DELETE FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE agency_id = :a)",
                        p)
        refused(conn, "INSERT INTO data_keys (scope, agency_id, version, public_key, created_at) "
                      "VALUES ('agency', :a, 99, 'k', now())", p)
        refused(conn, "INSERT INTO users (username, display_name, agency_id, active, created_at, failed_sign_ins)"
                      " VALUES ('planted', 'Planted', :a, true, now(), 0)", p)
        refused(conn, "INSERT INTO agencies (code, name, kind, seats, active, created_at, rotation_needed, db_role)"
                      " VALUES ('EVIL', 'Evil', 'other', 0, true, now(), false, 'mash_evil')")
        refused(conn, "INSERT INTO agencies (code, name, kind, seats, active, created_at, rotation_needed) "
                      "VALUES ('HUB2', 'Second hub', 'hub', 0, true, now(), false)")
        # A retired partner stays retired.
        conn.execute(text("UPDATE agencies SET active = false, retired_at = now() WHERE id = :a"), p)
        refused(conn, "UPDATE agencies SET active = true WHERE id = :a", p)
        refused(conn, "UPDATE users SET wrapped_private_key = 'x' WHERE username = :u", p)
        refused(conn, "UPDATE users SET active = true WHERE username = :u", p)
        conn.rollback()
    assert (_agency_row(hub, "POL"), _seal_count(hub, "POL")) == (agency, seals)
    assert _user_row(hub, "pol.officer") == officer


# --- what the client itself does, as the same roles -------------------------------------------------


def test_casework_through_agency_roles(hub):
    """Screening, research, a panel, allocation, a decision and closing, each as its agency's role."""
    csc = hub.sign_in("csc.lead")
    screening.screen(hub.db_as("CSC"), csc, REF, rag=Rag.AMBER, reason="first look", research=["POL", "HLT"])
    police = hub.sign_in("pol.officer")
    panels.save_panel(hub.db_as("POL"), police, REF, "Known to police.", research=ResearchStatus.RETURNED)
    assert panels.read_panel(hub.db_as("POL"), police, REF, "POL").text == "Known to police."
    # A police supervisor re-rates: the health agency's request gets a new due time.
    due = hub.ids("SELECT due_at FROM research_requests WHERE agency_id = :a", a=hub.agency_id("HLT"))
    screening.screen(hub.db_as("POL"), hub.sign_in("pol.lead"), REF, rag=Rag.RED, reason="new information")
    assert hub.ids("SELECT due_at FROM research_requests WHERE agency_id = :a", a=hub.agency_id("HLT")) != due
    version = allocation.allocation_state(hub.db_as("CSC"), REF).version
    allocation.allocate_case(hub.db_as("CSC"), csc, REF, "csc.officer", version)
    casework.run_step(hub.db_as("CSC"), csc.actor, REF, casework.submit_for_decision)
    decider = hub.sign_in("csc.decision")
    decision.record_decision(hub.db_as("CSC"), decider, REF, decision.DecisionInput(
        Outcome.NO_FURTHER_ACTION, 1, "Rationale.",
        override_reason="Health did not answer in time."))
    casework.run_step(hub.db_as("CSC"), csc.actor, REF, casework.close)
    row = hub.ids("SELECT r.status, r.rag, u.username FROM referrals r JOIN users u ON u.id = r.state_signed_by_id "
                  "WHERE r.reference = :r", r=REF)
    assert row == [(Status.CLOSED.value, Rag.RED.value, "csc.lead")]
    assert hub.ids("SELECT count(*) FROM decisions")[0][0] == 1


def test_accounts_and_key_rotation_through_agency_roles(hub):
    """Confirming, a wrong password, disabling, role changes and the sign-in that rotates keys."""
    db = hub.db_as("CSC")
    lead = hub.sign_in("csc.lead")
    assert users.confirm_member(db, lead, "csc.new") >= 1
    with pytest.raises(NotPermitted):
        hub.sign_in("csc.officer", "Wrong-Password-123")
    assert _user_row(hub, "csc.officer")[0][2] == 1
    users.disable_account(db, lead, "csc.officer")
    users.change_roles(db, lead, "csc.new", [Role.ADMIN])
    assert hub.ids("SELECT rotation_needed FROM agencies WHERE code = 'CSC'") == [(True,)]
    hub_versions = hub.ids("SELECT max(version) FROM data_keys WHERE scope = 'hub'")[0][0]
    hub.sign_in("csc.lead")  # rotates the agency key, and the hub key a former holder kept
    assert hub.ids("SELECT rotation_needed FROM agencies WHERE code = 'CSC'") == [(False,)]
    assert hub.ids("SELECT max(version) FROM data_keys WHERE agency_id = :a", a=hub.agency_id("CSC")) == [(2,)]
    assert hub.ids("SELECT max(version) FROM data_keys WHERE scope = 'hub'")[0][0] == hub_versions + 1
    # The new hub key is sealed to the other agencies' members by the CSC lead's sign-in.
    sealed_to = {u for (u,) in hub.ids(
        "SELECT u.username FROM key_seals s JOIN data_keys k ON k.id = s.data_key_id JOIN users u "
        "ON u.id = s.recipient_user_id WHERE k.scope = 'hub' AND k.version = :v", v=hub_versions + 1)}
    assert {"pol.officer", "hlt.lead", "csc.lead"} <= sealed_to and "csc.officer" not in sealed_to
    panels.save_panel(db, hub.sign_in("csc.lead"), REF, "Written with the new key.")
    assert hub.ids("SELECT key_version FROM panels WHERE agency_id = :a", a=hub.agency_id("CSC")) == [(2,)]


def test_hub_administration_through_the_hub_role(hub):
    """Adding a partner with its lead and keys, changing seats, a closure day and retiring, as mash_hub."""
    db = hub.db_as("HUB")
    admin = hub.sign_in("hub.admin")
    kit = hub_setup.create_partner(db, admin, "EDU", "Education", AgencyKind.EDUCATION, 3, lead="edu.lead",
                                   lead_name="EDU Lead", lead_password=hub_factory.PASSWORD,
                                   agreement=hub_factory.agreement("EDU"), params=ASVS_MINIMUM)
    assert kit.agency_code == "EDU" and _seal_count(hub, "EDU") == 2  # the lead's and the recovery copy
    assert partners.change_seats(db, admin, "EDU", 7) == 3
    calendar.add_closure(db, admin.actor, dt.date(2030, 12, 24), "Training")
    retired = partners.retire_agency(db, admin, "EDU")
    assert retired.disabled_users == 1
    assert hub.ids("SELECT active, seats FROM agencies WHERE code = 'EDU'") == [(False, 7)]
    assert _user_row(hub, "edu.lead")[0][0] is False
    # Keys of a partner added in an earlier transaction stay out of reach.
    with connect(hub.url_as("HUB")) as conn:
        refused(conn, "UPDATE agencies SET workstation_secret_check = 'x' WHERE code = 'EDU'")
    # A partner's staff are its own: even through the client, the hub's role unlocks none of them.
    with hub.owner.engine.begin() as conn:
        conn.execute(text("UPDATE users SET locked_at = now() WHERE username = 'pol.officer'"))
    with pytest.raises((Conflict, NotPermitted)):
        users.unlock_account(db, admin, "pol.officer")
    assert _user_row(hub, "pol.officer")[0][1] is not None


def test_audit_chain_intact_after_work_as_agency_roles(hub):
    lead = hub.sign_in("pol.lead")
    users.add_account(hub.db_as("POL"), lead, "pol.second", "POL Second", [Role.OFFICER], hub_factory.PASSWORD,
                      ASVS_MINIMUM)
    users.confirm_member(hub.db_as("POL"), lead, "pol.second")
    hub.sign_in("pol.second")
    with hub.owner.read() as session:
        head = session.execute(text("SELECT last_event_id, last_hash FROM audit_head")).one()
        top = session.execute(text("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")).one()
        assert tuple(head) == tuple(top)
        assert session.scalar(select(User.active).where(User.username == "pol.second")) is True
        assert session.scalar(select(KeySeal.id).join(DataKey, DataKey.id == KeySeal.data_key_id).join(
            User, User.id == KeySeal.recipient_user_id).where(User.username == "pol.second",
                                                             DataKey.scope == "agency")) is not None
        assert session.scalar(select(Referral.reference)) == REF
        assert session.scalar(select(Agency.db_role).where(Agency.code == "HUB")) == "mash_hub"


def test_sharing_documents_intake_and_consultations_through_agency_roles(hub, tmp_path):
    """A disclosure and its authorisation, a document, an intake and a consultation made into a contact."""
    pol_db, csc_db = hub.db_as("POL"), hub.db_as("CSC")
    officer = hub.sign_in("pol.officer")
    panels.write_panel(pol_db, officer, REF, "Known to police.")
    made = disclosures.disclose(pol_db, officer, REF, disclosures.DisclosureRequest(
        "hub", LawfulBasis.DPA_PART3_S35_SCH8_4, ConsentPosition.REFUSED, "Mother refused", HandlingCode.C,
        "Risk outweighs refusal", "Known to police."))
    disclosures.authorise(pol_db, hub.sign_in("pol.lead"), made)
    assert hub.ids("SELECT u.username FROM disclosures d JOIN users u ON u.id = d.authorised_by_id") == [("pol.lead",)]
    social = hub.sign_in("csc.officer")
    documents.produce(csc_db, social, "sharing_record", REF, tmp_path / "record.pdf", recipient="Strategy meeting",
                      reason="Strategy meeting today")
    assert hub.ids("SELECT a.code FROM documents d JOIN agencies a ON a.id = d.agency_id") == [("CSC",)]
    reference = referrals.add_referral(pol_db, officer.actor, hub_factory.EXAMPLE | {
        "referrer": hub_factory.EXAMPLE["referrer"] | {"agency": "POL"}})
    call = {"caller": {"name": "Harriet Okonjo", "role": "Teacher", "organisation": "Hillside Primary",
                       "agency": None, "phone": "0115 496 0732", "email": None},
            "question": "Is this a referral?", "advice": "Make a referral."}
    cid = consultations.record_consultation(csc_db, social.actor, call)
    prefilled = consultations.contact_payload(consultations.get_consultation(csc_db, social.actor, cid))
    payload = hub_factory.EXAMPLE | {"referrer": prefilled["referrer"]}
    contact = consultations.convert_to_contact(csc_db, social.actor, cid, payload)
    signers = dict(hub.ids("SELECT r.reference, u.username FROM referrals r JOIN users u "
                           "ON u.id = r.state_signed_by_id WHERE r.reference IN (:a, :b)", a=reference, b=contact))
    assert signers == {reference: "pol.officer", contact: "csc.officer"}
    # The consultation stays with the contact it was made into.
    with connect(hub.url_as("CSC")) as conn:
        refused(conn, "UPDATE consultations SET converted_referral_id = NULL WHERE id = :i", {"i": cid})


def test_agency_cannot_drop_or_change_the_name_search_index_and_searches_through_it(hub):
    """The trigram index (store/name_search.py) is the owner's: an agency role can neither drop it nor the
    extension, nor make it stop matching; its own queue search finds what the owner's finds."""
    with connect(hub.url_as("POL")) as conn:
        refused(conn, f"DROP INDEX {name_search.PG_INDEX}")
        refused(conn, "DROP EXTENSION pg_trgm CASCADE")
        refused(conn, f"ALTER INDEX {name_search.PG_INDEX} RENAME TO x")
        refused(conn, f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '{name_search.PG_INDEX}'::regclass")
    [(key,)] = hub.ids("SELECT subject_key FROM referrals WHERE reference = :r", r=REF)
    part = key.split()[-1][:4]
    query = QueueQuery(search=part)
    with hub.owner.read() as session:
        expected = queue_ids(session, query, dt.datetime.now(dt.timezone.utc))
    assert expected
    with hub.db_as("POL").read() as session:
        assert queue_ids(session, query, dt.datetime.now(dt.timezone.utc)) == expected
