"""Grants and forced row-level security on every table of the hub (PostgreSQL).

What an agency role (a member of ``mash_app``) may do, table by table, is
written out in docs/grants.md; this module is its source. In short:

- every agency reads every row (panel and disclosure text is ciphertext);
- it writes only its own agency's users, roles, keys, seals, panels,
  disclosures, documents and workstations; the hub role (agency ``HUB``)
  also equips a partner it adds in the same transaction, and retires one;
- hub-wide case work (referrals, events, research, decisions,
  consultations) names a member of the writing agency as its actor;
- columns that bind encryption or identity (``referrals.reference``,
  ``agencies.code``, ``kind``, ``db_role``, ``users.username``,
  ``agency_id``) are never updatable;
- nothing is deleted, except an agency's own members' role rows and seals
  of its own agency keys, which role changes replace;
- the audit tables only grow; the head moves only forward, to an appended event.

The table owner keeps every right through its own policy; the functions and
triggers the policies use are in pg_guards.py.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from . import pg_guards

S = pg_guards.S
OWN = f"(SELECT {S}.mash_current_agency())"
HUB = f"(SELECT {S}.mash_is_hub())"


def _own_user(column: str) -> str:
    return f"{S}.mash_own_user({column})"


#: Privileges of mash_app per table; a table not named here may only be read.
GRANTS: dict[str, str] = {
    "agencies": "INSERT, UPDATE (seats, active, retired_at, rotation_needed, recovery_public_key, "
                "workstation_secret_check, certificate, certified_by_id, root_mac, workstation_signing_key)",
    "users": "INSERT, UPDATE (display_name, active, disabled_at, kdf_params, kdf_salt, public_key, "
             "signing_public_key, wrapped_private_key, recovery_sealed_private_key, failed_sign_ins, locked_at, "
             "last_sign_in_at, confirmed_at, confirmed_by_id, confirmation_signature, key_certificate, "
             "certified_by_id, state_signature, state_signed_by_id)",
    "user_roles": "INSERT, DELETE",
    "workstations": "INSERT, UPDATE (agency_id, enrolled_at, retired_at, secret_fingerprint)",
    "closure_days": "INSERT",
    "hub_settings": "INSERT, UPDATE (value, updated_at, updated_by_id)",
    "people": "INSERT, UPDATE (address_line1, address_line2, town, postcode, school, gp, ethnicity, "
              "first_language, interpreter_needed, nhs_number, upn)",
    "reference_counters": "INSERT, UPDATE (last)",
    "referrals": "INSERT, UPDATE (status, rag, decision_due_at, allocated_to_id, linked_referral_id, updated_at, "
                 "closed_at, confirmation_received_at, acknowledged_at, acknowledged_how, school_informed_at, version, "
                 "state_signature, state_signed_by_id)",
    "referral_people": "INSERT",
    "referral_concerns": "INSERT",
    "referral_events": "INSERT",
    "person_links": "INSERT",
    "research_requests": "INSERT, UPDATE (status, returned_at, due_at)",
    "panels": "INSERT, UPDATE (key_version, nonce, ciphertext, nothing_known, updated_at, updated_by_id, version)",
    "disclosures": "INSERT, UPDATE (authorised_by_id, authorised_at, recipient_key_id, recipient_seal, "
                   "authorisation_signature, outcome, outcome_reason, outcome_by_id, outcome_at, outcome_signature)",
    "decisions": "INSERT, UPDATE (signature)",
    "consultations": "INSERT, UPDATE (converted_referral_id)",
    "person_warnings": "INSERT",
    "strategy_discussions": "INSERT, UPDATE (icpc_held_on, icpc_by_id, icpc_signature)",
    "strategy_attendees": "INSERT",
    "strategy_actions": "INSERT, UPDATE (done_at, done_by_id, done_signature)",
    "data_keys": "INSERT",
    "key_seals": "INSERT, DELETE",
    "audit_events": "INSERT",
    "audit_checkpoints": "INSERT",
    "audit_head": "UPDATE (last_event_id, last_hash)",
    "documents": "INSERT",
    "chronology_entries": "INSERT",
    "chronology_finishes": "INSERT",
    "retention_holds": "INSERT, UPDATE (lifted_at, lifted_by_id, lift_reason, lift_signature)",
    "disposal_approvals": "INSERT, UPDATE (cancelled_at, cancelled_by_id, cancel_reason, cancel_signature)",
    "disposals": "UPDATE (signature)",
    "disposal_certificates": "INSERT",
    "sharing_agreements": "INSERT",
    "no_share_decisions": "INSERT",
    "subject_access_requests": "INSERT, UPDATE (id_verified_on, extended_months, extension_reason, due_on, status, "
                               "answered_on, refusal_reason, signed_by_id, signature)",
    "subject_access_redactions": "INSERT",
}

#: Row conditions per table: (policy, command, USING, WITH CHECK). Every
#: table also gets "read all" for mash_app and "owner" for its owner.
POLICIES: dict[str, tuple[tuple[str, str, str | None, str | None], ...]] = {
    "agencies": (
        ("mash_insert", "INSERT", None, f"{HUB} AND db_role IS NULL AND code <> 'HUB' AND kind <> 'hub'"),
        ("mash_update", "UPDATE", f"id = {OWN} OR {HUB}", f"id = {OWN} OR {HUB}"),
    ),
    "users": (
        ("mash_insert", "INSERT", None,
         f"{S}.mash_writable_agency(agency_id) "
         f"AND (state_signed_by_id IS NULL OR {S}.mash_writable_user(state_signed_by_id))"),
        ("mash_update", "UPDATE", f"{S}.mash_writable_agency(agency_id) OR {S}.mash_retired_agency(agency_id)",
         f"{S}.mash_writable_agency(agency_id) OR {S}.mash_retired_agency(agency_id)"),
    ),
    "user_roles": (
        ("mash_insert", "INSERT", None, f"{S}.mash_writable_user(user_id)"),
        ("mash_delete", "DELETE", f"{_own_user('user_id')}", None),
    ),
    "workstations": (
        ("mash_insert", "INSERT", None, f"agency_id = {OWN}"),
        ("mash_update", "UPDATE", f"agency_id = {OWN} OR retired_at IS NOT NULL OR {HUB}",
         f"agency_id = {OWN} OR {HUB}"),
    ),
    "closure_days": (("mash_insert", "INSERT", None, HUB),),
    "hub_settings": (("mash_insert", "INSERT", None, f"{HUB} AND {_own_user('updated_by_id')}"),
                     ("mash_update", "UPDATE", HUB, f"{HUB} AND {_own_user('updated_by_id')}")),
    "people": (("mash_insert", "INSERT", None, "true"), ("mash_update", "UPDATE", "true", "true")),
    "reference_counters": (("mash_insert", "INSERT", None, "last = 0"), ("mash_update", "UPDATE", "true", "true")),
    # Who signed a case made or changed is checked at commit (pg_guards: mash_signed).
    "referrals": (("mash_insert", "INSERT", None, "true"), ("mash_update", "UPDATE", "true", "true")),
    "referral_people": (("mash_insert", "INSERT", None, f"{S}.mash_new_referral(referral_id)"),),
    "referral_concerns": (("mash_insert", "INSERT", None, f"{S}.mash_new_referral(referral_id)"),),
    "referral_events": (("mash_insert", "INSERT", None, _own_user("by_id")),),
    "person_links": (("mash_insert", "INSERT", None, _own_user("by_id")),),
    "research_requests": (
        ("mash_insert", "INSERT", None, _own_user("requested_by_id")),
        ("mash_update", "UPDATE", "true", "true"),
    ),
    "panels": (
        ("mash_insert", "INSERT", None, f"agency_id = {OWN} AND {_own_user('updated_by_id')}"),
        ("mash_update", "UPDATE", f"agency_id = {OWN}", f"agency_id = {OWN} AND {_own_user('updated_by_id')}"),
    ),
    "disclosures": (
        ("mash_insert", "INSERT", None, f"from_agency_id = {OWN} AND {_own_user('disclosed_by_id')}"),
        ("mash_update", "UPDATE", f"from_agency_id = {OWN}",
         f"from_agency_id = {OWN} AND (authorised_by_id IS NULL OR {_own_user('authorised_by_id')})"
         f" AND (outcome_by_id IS NULL OR {_own_user('outcome_by_id')})"),
    ),
    "decisions": (
        ("mash_insert", "INSERT", None, _own_user("decided_by_id")),
        ("mash_update", "UPDATE", _own_user("decided_by_id"), _own_user("decided_by_id")),
    ),
    "consultations": (
        ("mash_insert", "INSERT", None, _own_user("given_by_id")),
        ("mash_update", "UPDATE", "true", "true"),
    ),
    "strategy_discussions": (
        ("mash_insert", "INSERT", None, f"icpc_by_id IS NULL AND {_own_user('recorded_by_id')}"),
        ("mash_update", "UPDATE", "icpc_by_id IS NULL", f"icpc_by_id IS NOT NULL AND {_own_user('icpc_by_id')}"),
    ),
    "strategy_attendees": (("mash_insert", "INSERT", None, _own_user("added_by_id")),),
    "strategy_actions": (
        ("mash_insert", "INSERT", None, f"done_by_id IS NULL AND {_own_user('added_by_id')}"),
        ("mash_update", "UPDATE", "done_by_id IS NULL", f"done_by_id IS NOT NULL AND {_own_user('done_by_id')}"),
    ),
    # Sealed under the own agency's key, or the hub key (worker safety).
    "person_warnings": (
        ("mash_insert", "INSERT", None,
         f"agency_id = {OWN} AND {_own_user('by_id')} AND ({S}.mash_own_agency_key(data_key_id) OR EXISTS "
         f"(SELECT 1 FROM {S}.data_keys k WHERE k.id = data_key_id AND k.scope = 'hub'))"),
    ),
    "data_keys": (
        ("mash_insert", "INSERT", None,
         f"((scope = 'agency' AND {S}.mash_writable_agency(agency_id)) OR (scope = 'hub' AND agency_id IS NULL)) "
         f"AND {S}.mash_writable_user(created_by_id)"),
    ),
    "key_seals": (
        ("mash_insert", "INSERT", None,
         f"{S}.mash_writable_key(data_key_id) AND {S}.mash_writable_user(created_by_id)"),
        ("mash_delete", "DELETE", f"recipient_user_id IS NOT NULL AND {_own_user('recipient_user_id')} "
                                  f"AND {S}.mash_own_agency_key(data_key_id)", None),
    ),
    "audit_events": (
        # A refused sign-in names whoever tried, of any agency, and is signed by
        # the workstation's key (signer 'station'); anything else by the actor.
        ("mash_insert", "INSERT", None, f"agency_id = {OWN} AND (actor_id IS NULL OR signer = 'station' "
                                        f"OR {_own_user('actor_id')})"),
    ),
    "audit_checkpoints": (("mash_insert", "INSERT", None, _own_user("signed_by_id")),),
    "audit_head": (("mash_update", "UPDATE", "id = 1", "id = 1"),),
    "documents": (
        ("mash_insert", "INSERT", None, f"agency_id = {OWN} AND {_own_user('produced_by_id')}"),
    ),
    "chronology_entries": (("mash_insert", "INSERT", None, _own_user("written_by_id")),),
    "chronology_finishes": (("mash_insert", "INSERT", None, _own_user("by_id")),),
    # Subject access is the hub's: its information-governance officers record and sign it.
    "subject_access_requests": (
        ("mash_insert", "INSERT", None, f"{HUB} AND {_own_user('recorded_by_id')} AND {_own_user('signed_by_id')}"),
        ("mash_update", "UPDATE", HUB, f"{HUB} AND {_own_user('signed_by_id')}"),
    ),
    "subject_access_redactions": (("mash_insert", "INSERT", None, f"{HUB} AND {_own_user('by_id')}"),),
    # Holds and disposal approvals are the hub's (its information-governance
    # officer's): placed or approved once, lifted or cancelled once. A
    # disposal's tombstone is written by mash_dispose_referral (pg_disposal.py);
    # only the member named in it signs it, once.
    "retention_holds": (
        ("mash_insert", "INSERT", None, f"{HUB} AND {_own_user('placed_by_id')} AND lifted_by_id IS NULL"),
        ("mash_update", "UPDATE", "lifted_by_id IS NULL", f"{HUB} AND {_own_user('lifted_by_id')}"),
    ),
    "disposal_approvals": (
        ("mash_insert", "INSERT", None,
         f"{HUB} AND {_own_user('approved_by_id')} AND cancelled_by_id IS NULL "
         "AND approved_at BETWEEN now() - interval '1 hour' AND now() + interval '1 hour' "
         "AND dispose_after >= approved_at + interval '1 day'"),
        ("mash_update", "UPDATE", "cancelled_by_id IS NULL", f"{HUB} AND {_own_user('cancelled_by_id')}"),
    ),
    "disposals": (("mash_update", "UPDATE", "signature IS NULL", _own_user("disposed_by_id")),),
    "disposal_certificates": (("mash_insert", "INSERT", None, f"{HUB} AND {_own_user('produced_by_id')}"),),
    # Hub management keeps the register; a partner never records its own agreement.
    "sharing_agreements": (("mash_insert", "INSERT", None, f"{HUB} AND {_own_user('recorded_by_id')}"),),
    "no_share_decisions": (
        ("mash_insert", "INSERT", None,
         f"agency_id = {OWN} AND {_own_user('decided_by_id')} AND {S}.mash_own_agency_key(data_key_id)"),
    ),
}


def _ident(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _run(conn: Connection, statement: str) -> None:
    conn.exec_driver_sql(statement)


def grant(conn: Connection, app_role: str, tables: list[str]) -> None:
    """Exactly the privileges of GRANTS for ``app_role``, and none for PUBLIC."""
    app = _ident(conn, app_role)
    schema = _ident(conn, S)
    _run(conn, f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    for what in ("TABLES", "SEQUENCES", "FUNCTIONS"):
        _run(conn, f"REVOKE ALL ON ALL {what} IN SCHEMA {schema} FROM PUBLIC")
    # Start from nothing, so a repeat run leaves exactly the grants below.
    _run(conn, f"REVOKE ALL ON SCHEMA {schema} FROM {app}")
    _run(conn, f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}")
    _run(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}")
    _run(conn, f"GRANT USAGE ON SCHEMA {schema} TO {app}")
    for table in tables:
        extra = GRANTS.get(table)
        _run(conn, f"GRANT SELECT{', ' + extra if extra else ''} ON {schema}.{_ident(conn, table)} TO {app}")
    _run(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}")
    database = conn.scalar(text("SELECT current_database()"))
    _run(conn, f"GRANT CONNECT ON DATABASE {_ident(conn, database)} TO {app}")


def guard(conn: Connection, app_role: str, tables: list[str]) -> None:
    """Helper functions, triggers and forced row-level security on every table."""
    app = _ident(conn, app_role)
    for statement in pg_guards.statements(app):
        _run(conn, statement)
    owners = dict(conn.execute(text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = :s"),
                               {"s": S}).all())
    for table in tables:
        target = f"{_ident(conn, S)}.{_ident(conn, table)}"
        _run(conn, f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY")
        _run(conn, f"ALTER TABLE {target} FORCE ROW LEVEL SECURITY")
        for (name,) in conn.execute(text("SELECT policyname FROM pg_policies WHERE schemaname = :s "
                                         "AND tablename = :t"), {"s": S, "t": table}).all():
            _run(conn, f"DROP POLICY {_ident(conn, name)} ON {target}")
        # Forced security binds the owner too: it keeps every right here.
        _run(conn, f"CREATE POLICY mash_owner ON {target} FOR ALL TO {_ident(conn, owners[table])} "
                   "USING (true) WITH CHECK (true)")
        _run(conn, f"CREATE POLICY mash_read_all ON {target} FOR SELECT TO {app} USING (true)")
        # No policy for a command means no row qualifies: without a DELETE
        # policy a delete removes nothing.
        for name, command, using, check in POLICIES.get(table, ()):
            clause = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            _run(conn, f"CREATE POLICY {name} ON {target} FOR {command} TO {app}{clause}")
