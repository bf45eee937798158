"""Functions and triggers behind the hub's row-level security (PostgreSQL).

The functions answer the questions every policy asks: which agency the
connected role belongs to, whether a user is one of its members, whether an
agency or referral was created in the current transaction. The triggers
check what a policy cannot: how a row changes (a key written once, a
counter that only grows, an audit head that moves only forward, to an
event appended with it).

Every trigger lets the schema owner (a role of no agency) through: only the
agency roles, members of ``mash_app``, are held to these rules. Everything
is schema-qualified and runs with a fixed search path, so a temporary table
or function of the connected role cannot stand in for ours.
"""

from __future__ import annotations

S = "public"
_PATH = f"SET search_path = pg_catalog, {S}, pg_temp"

#: (name, arguments, SQL body): policy helpers, all STABLE, run as the caller.
HELPERS: tuple[tuple[str, str, str], ...] = (
    ("mash_current_agency", "", f"SELECT a.id FROM {S}.agencies a WHERE a.db_role = current_user::text"),
    ("mash_is_hub", "", f"SELECT EXISTS (SELECT 1 FROM {S}.agencies a "
                        "WHERE a.db_role = current_user::text AND a.code = 'HUB')"),
    ("mash_own_user", "uid integer",
     f"SELECT EXISTS (SELECT 1 FROM {S}.users u JOIN {S}.agencies a ON a.id = u.agency_id "
     "WHERE u.id = uid AND a.db_role = current_user::text)"),
    # A partner the hub role added in this very transaction (created_at is
    # set to the transaction's start by the agencies trigger, and never
    # updatable): the hub equips it with keys and a lead, nothing older.
    ("mash_new_agency", "aid integer",
     f"SELECT {S}.mash_is_hub() AND EXISTS (SELECT 1 FROM {S}.agencies a "
     "WHERE a.id = aid AND a.code <> 'HUB' AND a.created_at = now())"),
    ("mash_writable_agency", "aid integer",
     f"SELECT aid = {S}.mash_current_agency() OR {S}.mash_new_agency(aid)"),
    ("mash_retired_agency", "aid integer",
     f"SELECT {S}.mash_is_hub() AND EXISTS (SELECT 1 FROM {S}.agencies a WHERE a.id = aid AND NOT a.active)"),
    ("mash_writable_user", "uid integer",
     f"SELECT EXISTS (SELECT 1 FROM {S}.users u WHERE u.id = uid AND {S}.mash_writable_agency(u.agency_id))"),
    ("mash_writable_key", "kid integer",
     f"SELECT EXISTS (SELECT 1 FROM {S}.data_keys k WHERE k.id = kid AND "
     f"(k.scope = 'hub' OR (k.scope = 'agency' AND {S}.mash_writable_agency(k.agency_id))))"),
    ("mash_own_agency_key", "kid integer",
     f"SELECT EXISTS (SELECT 1 FROM {S}.data_keys k WHERE k.id = kid AND k.scope = 'agency' "
     f"AND k.agency_id = {S}.mash_current_agency())"),
    # A referral created in this transaction (intake): by this role, whose
    # member must have signed it by the time the transaction commits.
    ("mash_new_referral", "rid integer",
     f"SELECT EXISTS (SELECT 1 FROM {S}.referrals r WHERE r.id = rid AND r.created_at = now())"),
)

_REFUSE = "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = "


def _trigger_function(name: str, body: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION {S}.{name}() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $fn$
        DECLARE me integer := {S}.mash_current_agency();
        BEGIN
            IF me IS NULL THEN RETURN NEW; END IF;
            {body}
        END $fn$"""


_AGENCY_KEYS = "recovery_public_key, workstation_secret_check, certificate, certified_by_id, root_mac, " \
               "workstation_signing_key"


def _cols(prefix: str, columns: str) -> str:
    return ", ".join(f"{prefix}.{c.strip()}" for c in columns.split(","))


def _changed(columns: str) -> str:
    return f"ROW({_cols('NEW', columns)}) IS DISTINCT FROM ROW({_cols('OLD', columns)})"


def _written_once(columns: str) -> str:
    return " OR ".join(f"(OLD.{c.strip()} IS NOT NULL AND NEW.{c.strip()} IS DISTINCT FROM OLD.{c.strip()})"
                       for c in columns.split(","))


_AGENCIES = f"""
    IF TG_OP = 'INSERT' THEN
        NEW.created_at := now();
        RETURN NEW;
    END IF;
    IF OLD.id = me THEN
        IF {_changed("name, seats, active, retired_at, " + _AGENCY_KEYS)} THEN
            {_REFUSE} 'an agency may change only whether its key must rotate';
        END IF;
    ELSIF {S}.mash_new_agency(OLD.id) THEN
        IF {_written_once(_AGENCY_KEYS)} THEN
            {_REFUSE} 'an agency''s keys are written once';
        END IF;
    ELSIF {_changed("rotation_needed, " + _AGENCY_KEYS)} OR (NEW.active AND NOT OLD.active)
            OR (OLD.retired_at IS NOT NULL AND NEW.retired_at IS DISTINCT FROM OLD.retired_at) THEN
        {_REFUSE} 'the hub may change only the seats of a partner, or retire it';
    END IF;
    IF OLD.rotation_needed AND NOT NEW.rotation_needed AND NOT EXISTS (
            SELECT 1 FROM {S}.data_keys k WHERE k.agency_id = OLD.id AND k.scope = 'agency'
            AND k.xmin = pg_current_xact_id()::xid) THEN
        {_REFUSE} 'the key must rotate before it is marked as rotated';
    END IF;
    RETURN NEW;"""

_USER_KEYS = "public_key, signing_public_key, key_certificate, recovery_sealed_private_key"
_USER_REST = ("display_name, kdf_params, kdf_salt, wrapped_private_key, failed_sign_ins, locked_at, "
              "last_sign_in_at, confirmed_at, confirmed_by_id, confirmation_signature, certified_by_id, "
              + _USER_KEYS)

_USERS = f"""
    IF {_written_once(_USER_KEYS)}
            OR (OLD.key_certificate IS NOT NULL AND NEW.certified_by_id IS DISTINCT FROM OLD.certified_by_id) THEN
        {_REFUSE} 'a member''s keys and their certificate are written once';
    END IF;
    IF NEW.state_signed_by_id IS DISTINCT FROM OLD.state_signed_by_id AND NEW.state_signed_by_id IS NOT NULL
            AND NOT {S}.mash_writable_user(NEW.state_signed_by_id) THEN
        {_REFUSE} 'an account''s state is signed by a member of the agency that changes it';
    END IF;
    IF NOT {S}.mash_writable_agency(OLD.agency_id)
            AND (NEW.active OR {_changed(_USER_REST)}) THEN
        {_REFUSE} 'retiring an agency only disables its staff';
    END IF;
    RETURN NEW;"""

_WORKSTATIONS = f"""
    IF OLD.agency_id <> me AND NOT (OLD.retired_at IS NOT NULL AND NEW.agency_id = me) AND NOT (
            {S}.mash_is_hub() AND OLD.retired_at IS NULL AND NEW.retired_at IS NOT NULL
            AND NOT {_changed("agency_id, enrolled_at, enrolled_by_id, secret_fingerprint")}) THEN
        {_REFUSE} 'another agency''s workstation may only be withdrawn by the hub';
    END IF;
    RETURN NEW;"""

_RESEARCH = f"""
    IF OLD.agency_id <> me AND ({_changed("status, returned_at")} OR NOT EXISTS (
            SELECT 1 FROM {S}.referrals r WHERE r.id = OLD.referral_id
            AND r.xmin = pg_current_xact_id()::xid)) THEN
        {_REFUSE} 'only the agency asked changes a research request; others only move its due time with the case';
    END IF;
    RETURN NEW;"""

_CONSULTATIONS = f"""
    IF OLD.converted_referral_id IS NOT NULL OR NOT {S}.mash_new_referral(NEW.converted_referral_id) THEN
        {_REFUSE} 'a consultation is made into a contact once, by the member who makes the contact';
    END IF;
    RETURN NEW;"""

_REFERRALS = f"""
    IF TG_OP = 'INSERT' THEN
        NEW.created_at := now();
    ELSIF NEW.allocated_to_id IS DISTINCT FROM OLD.allocated_to_id AND NEW.allocated_to_id IS NOT NULL
            AND NOT {S}.mash_own_user(NEW.allocated_to_id) THEN
        {_REFUSE} 'a case is allocated to someone of the allocating agency';
    END IF;
    RETURN NEW;"""

# Checked at commit: a case made or changed is signed by a member of the
# agency that wrote it (a service signs last, bound to the change's audit
# event, after the row has been flushed).
_REFERRAL_SIGNED = f"""
    IF EXISTS (SELECT 1 FROM {S}.disposals d WHERE d.referral_id = NEW.id
               AND d.xmin = pg_current_xact_id()::xid) THEN
        RETURN NEW;  -- cleared by its disposal (pg_disposal.py), in this transaction
    END IF;
    -- Only its research progress moved (kept by the research triggers of migration
    -- 0018), with no other agency's request written: returning one's own research.
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) -> 'research_done' IS DISTINCT FROM to_jsonb(OLD) -> 'research_done'
            AND to_jsonb(NEW) - 'research_done' = to_jsonb(OLD) - 'research_done'
            AND NOT EXISTS (SELECT 1 FROM {S}.research_requests q WHERE q.referral_id = NEW.id
                            AND q.xmin = pg_current_xact_id()::xid AND q.agency_id <> me) THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {S}.referrals r WHERE r.id = NEW.id AND {S}.mash_own_user(r.state_signed_by_id)) THEN
        {_REFUSE} 'a case''s state is signed by a member of the agency that changes it';
    END IF;
    RETURN NEW;"""

# A known person's NHS number or UPN is filled in by a later contact, never changed.
_PEOPLE = f"""
    IF {_written_once("nhs_number, upn")} THEN
        {_REFUSE} 'a person''s NHS number and UPN are written once';
    END IF;
    RETURN NEW;"""

_COUNTERS = f"""
    IF NEW.year <> OLD.year OR NEW.last <> OLD.last + 1 THEN
        {_REFUSE} 'reference numbers are issued one at a time';
    END IF;
    RETURN NEW;"""

# A bounded step: a head moved far ahead (to the largest id there is) would
# leave no number for the next event and stop every writer.
_AUDIT_HEAD = f"""
    IF NEW.id <> OLD.id OR NEW.last_event_id <= OLD.last_event_id
       OR NEW.last_event_id > OLD.last_event_id + 1000 THEN
        {_REFUSE} 'the audit head only moves forward, a step at a time, to an appended event';
    END IF;
    RETURN NEW;"""

# Checked at commit, when the event and the head have both been written.
_AUDIT_HEAD_APPENDED = f"""
    IF NOT EXISTS (SELECT 1 FROM {S}.audit_events e WHERE e.id = NEW.last_event_id
                   AND e.hash = NEW.last_hash) THEN
        {_REFUSE} 'the audit head names only the event appended after it';
    END IF;
    RETURN NEW;"""

_AUDIT_EVENT_CHAINED = f"""
    IF NOT EXISTS (SELECT 1 FROM {S}.audit_head h WHERE h.last_event_id >= NEW.id) THEN
        {_REFUSE} 'an audit event is appended with the head, in order';
    END IF;
    RETURN NEW;"""

#: (trigger name, table, timing and events, function name, body, deferred constraint trigger?)
TRIGGERS: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("mash_guard", "agencies", "BEFORE INSERT OR UPDATE", "mash_guard_agencies", _AGENCIES, False),
    ("mash_guard", "users", "BEFORE UPDATE", "mash_guard_users", _USERS, False),
    ("mash_guard", "workstations", "BEFORE UPDATE", "mash_guard_workstations", _WORKSTATIONS, False),
    ("mash_guard", "research_requests", "BEFORE UPDATE", "mash_guard_research", _RESEARCH, False),
    ("mash_guard", "consultations", "BEFORE UPDATE", "mash_guard_consultations", _CONSULTATIONS, False),
    ("mash_guard", "referrals", "BEFORE INSERT OR UPDATE", "mash_guard_referrals", _REFERRALS, False),
    ("mash_signed", "referrals", "AFTER INSERT OR UPDATE", "mash_referral_signed", _REFERRAL_SIGNED, True),
    ("mash_guard", "reference_counters", "BEFORE UPDATE", "mash_guard_counters", _COUNTERS, False),
    ("mash_guard", "people", "BEFORE UPDATE", "mash_guard_people", _PEOPLE, False),
    ("mash_guard", "audit_head", "BEFORE UPDATE", "mash_guard_audit_head", _AUDIT_HEAD, False),
    ("mash_appended", "audit_head", "AFTER UPDATE", "mash_audit_head_appended", _AUDIT_HEAD_APPENDED, True),
    ("mash_chained", "audit_events", "AFTER INSERT", "mash_audit_event_chained", _AUDIT_EVENT_CHAINED, True),
)


def trigger_function(name: str) -> str:
    """The CREATE OR REPLACE of one trigger function, for a migration whose change it must follow."""
    return _trigger_function(name, next(body for _, _, _, f, body, _ in TRIGGERS if f == name))


def statements(app_role: str) -> list[str]:
    """Create (or replace) the helper functions and triggers; ``app_role`` quoted."""
    out: list[str] = []
    for name, params, body in HELPERS:
        signature = f"{S}.{name}({params})"
        out.append(f"CREATE OR REPLACE FUNCTION {signature} RETURNS "
                   f"{'integer' if name == 'mash_current_agency' else 'boolean'} "
                   f"LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE {_PATH} AS $fn$ {body} $fn$")
        out.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {app_role}")
    for trigger, table, when, function, body, deferred in TRIGGERS:
        out.append(_trigger_function(function, body))
        out.append(f"REVOKE ALL ON FUNCTION {S}.{function}() FROM PUBLIC")
        out.append(f"DROP TRIGGER IF EXISTS {trigger} ON {S}.{table}")
        kind = "CONSTRAINT TRIGGER" if deferred else "TRIGGER"
        timing = " DEFERRABLE INITIALLY DEFERRED" if deferred else ""
        out.append(f"CREATE {kind} {trigger} {when} ON {S}.{table}{timing} "
                   f"FOR EACH ROW EXECUTE FUNCTION {S}.{function}()")
    from . import pg_disposal  # worked out from the models, so imported only when needed

    out.extend(pg_disposal.statements(app_role))
    return out
