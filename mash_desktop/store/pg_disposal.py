"""Disposal on PostgreSQL: one function, run as the schema owner, that the hub's role calls.

No agency role may delete a row (pg_policies.py). Disposing of a case is
done by ``mash_dispose_referral``, a SECURITY DEFINER function owned by the
schema owner. It refuses unless, checked in SQL:

- the caller's login role is the hub's (a partner's role is refused), and
  the member named as disposing of it is one of the hub's;
- the case is closed and not disposed of already;
- an approval of its disposal exists, not cancelled, whose cancel window (at
  least a day from approval) has passed;
- no hold that is not lifted covers the case, any of its people, or its
  record class.

It then runs the plan of disposal_sql.py, writes the tombstone (signed
afterwards by the member, who alone may fill in its signature) and returns
the rows removed per table as JSON.
"""

from __future__ import annotations

from .disposal_sql import DOOMED_PEOPLE, plan

S = "public"
_PATH = f"SET search_path = pg_catalog, {S}, pg_temp"
_REFUSE = "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = "
SIGNATURE = f"{S}.mash_dispose_referral(p_rid integer, p_by integer, p_certificate text)"


def _body() -> str:
    steps = []
    for step in plan():
        steps.append(f"{step.render('p_rid', 'SELECT unnest(doomed)')};\n"
                     f"        GET DIAGNOSTICS n = ROW_COUNT;\n"
                     f"        counts := counts || jsonb_build_object('{step.table}', "
                     f"COALESCE((counts->>'{step.table}')::bigint, 0) + n);")
    removals = "\n        ".join(steps)
    return f"""
        DECLARE
            caller integer := (SELECT a.id FROM {S}.agencies a WHERE a.db_role = session_user::text);
            approval integer;
            cls text;
            ref text;
            doomed integer[];
            n bigint;
            counts jsonb := '{{}}'::jsonb;
        BEGIN
            IF caller IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {S}.agencies a WHERE a.id = caller
                                                  AND a.code = 'HUB') THEN
                {_REFUSE} 'only the hub disposes of a case';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM {S}.users u JOIN {S}.agencies a ON a.id = u.agency_id
                           WHERE u.id = p_by AND a.code = 'HUB' AND (caller IS NULL OR a.id = caller)) THEN
                {_REFUSE} 'a case is disposed of by a member of the hub';
            END IF;
            SELECT r.reference INTO ref FROM {S}.referrals r WHERE r.id = p_rid AND r.status = 'closed'
                AND r.closed_at IS NOT NULL;
            IF ref IS NULL THEN
                {_REFUSE} 'only a closed case is disposed of';
            END IF;
            IF EXISTS (SELECT 1 FROM {S}.disposals d WHERE d.referral_id = p_rid) THEN
                {_REFUSE} 'the case has been disposed of already';
            END IF;
            SELECT a.id, a.record_class INTO approval, cls FROM {S}.disposal_approvals a
                WHERE a.referral_id = p_rid AND a.cancelled_at IS NULL AND a.dispose_after <= now()
                AND a.dispose_after >= a.approved_at + interval '1 day'
                ORDER BY a.id DESC LIMIT 1;
            IF approval IS NULL THEN
                {_REFUSE} 'no approval of the case''s disposal has passed its cancel window';
            END IF;
            IF EXISTS (SELECT 1 FROM {S}.retention_holds h WHERE h.lifted_at IS NULL AND (
                    (h.scope = 'case' AND h.referral_id = p_rid)
                    OR (h.scope = 'class' AND h.record_class = cls)
                    OR (h.scope = 'person' AND h.person_id IN (
                        SELECT p.person_id FROM {S}.referral_people p WHERE p.referral_id = p_rid)))) THEN
                {_REFUSE} 'a legal hold covers the case';
            END IF;
            doomed := ARRAY({DOOMED_PEOPLE.replace('{rid}', 'p_rid')});
        {removals}
            INSERT INTO {S}.disposals (referral_id, reference, record_class, approval_id, certificate, disposed_at,
                                       disposed_by_id, counts)
                VALUES (p_rid, ref, cls, approval, p_certificate, now(), p_by, counts::text);
            RETURN counts::text;
        END"""


def statements(app_role: str) -> list[str]:
    """Create the function; only the agency roles may call it (and it refuses all but the hub's)."""
    return [
        f"CREATE OR REPLACE FUNCTION {SIGNATURE} RETURNS text LANGUAGE plpgsql SECURITY DEFINER {_PATH} "
        f"AS $fn${_body()}$fn$",
        f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {app_role}",
    ]
