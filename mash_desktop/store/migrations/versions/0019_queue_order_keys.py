"""the first concern's rank kept on each referral, and research requests by agency

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04

- referrals.concern_rank: the rank of the referral's first concern in
  ConcernCategory's order (domain/codes.py), NULL when it has none, for the
  queue's concerns order. Filled here for the referrals already stored.
- Triggers on referral_concerns (after insert, after a change of category or
  referral, after delete) set it again for the referral concerned, on both
  databases. On PostgreSQL the trigger function runs as its owner (the schema
  owner), so the agency roles need no right to update the column. Concerns
  are written with a new referral (services/intake/referrals.py), whose
  state the writing agency signs, so the commit-time signed-case check
  (pg_guards.py) needs no change for it.
- ix_referrals_concern_order and ix_referrals_concern_order_desc: the
  queue's concerns order (``concern_rank IS NULL, concern_rank, id``, and
  with concern_rank and id descending) read from an index, as migration 0018
  does for research progress.
- ix_research_requests_agency_referral: which agencies were asked for
  research (the queue's agency list) and an agency's requests, read from an
  index instead of a scan of every request.
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

S = "public"
#: ConcernCategory's codes in its order when this was written; a rank is the
#: index here (tests/store/test_queue_order_keys.py checks the enum still agrees).
CONCERN_ORDER = ("neglect", "physical", "sexual", "emotional", "domestic_abuse", "exploitation", "missing",
                 "radicalisation", "mental_health", "other")
_FUNCTION = f"{S}.mash_concern_rank()"
_PATH = f"SET search_path = pg_catalog, {S}, pg_temp"
_INDEXES = (("ix_referrals_concern_order", ""), ("ix_referrals_concern_order_desc", " DESC"))
_AGENCY_INDEX = "ix_research_requests_agency_referral"
_TRIGGERS = (  # (name, event)
    ("mash_concern_rank_insert", "AFTER INSERT"),
    ("mash_concern_rank_update", "AFTER UPDATE OF category, referral_id"),
    ("mash_concern_rank_delete", "AFTER DELETE"),
)


def _rank(referral_id: str, schema: str = "") -> str:
    """SQL for the rank of the first concern of the referral ``referral_id`` names (NULL: none)."""
    whens = " ".join(f"WHEN '{code}' THEN {n}" for n, code in enumerate(CONCERN_ORDER))
    return (f"(SELECT min(CASE c.category {whens} END) FROM {schema}referral_concerns c "
            f"WHERE c.referral_id = {referral_id})")


def _sqlite_triggers() -> list[str]:
    def refresh(rid: str, when: str = "") -> str:
        return f"UPDATE referrals SET concern_rank = {_rank(rid)} WHERE id = {rid}{when};"

    bodies = {
        "mash_concern_rank_insert": refresh("NEW.referral_id"),
        "mash_concern_rank_update": refresh("NEW.referral_id") + " "
                                    + refresh("OLD.referral_id", " AND OLD.referral_id <> NEW.referral_id"),
        "mash_concern_rank_delete": refresh("OLD.referral_id"),
    }
    return [f"CREATE TRIGGER {name} {event} ON referral_concerns FOR EACH ROW BEGIN {bodies[name]} END"
            for name, event in _TRIGGERS]


# As for research progress (0018): the referral's row is locked before its
# concerns are ranked, so concurrent writers leave it right; an unchanged
# rank is not written again.
_PG_BODY = f"""
    DECLARE
        rid integer;
    BEGIN
        FOREACH rid IN ARRAY (CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.referral_id]
                                         WHEN 'DELETE' THEN ARRAY[OLD.referral_id]
                                         ELSE ARRAY[NEW.referral_id, OLD.referral_id] END) LOOP
            PERFORM 1 FROM {S}.referrals r WHERE r.id = rid FOR NO KEY UPDATE;
            UPDATE {S}.referrals r SET concern_rank = k.rank FROM (SELECT {_rank('rid', S + '.')} AS rank) k
                WHERE r.id = rid AND r.concern_rank IS DISTINCT FROM k.rank;
        END LOOP;
        RETURN NULL;
    END"""


def _pg_statements() -> list[str]:
    out = [f"CREATE OR REPLACE FUNCTION {_FUNCTION} RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {_PATH} "
           f"AS $fn${_PG_BODY}$fn$",
           # A trigger function is not called by anyone; firing it needs no right to execute it.
           f"REVOKE ALL ON FUNCTION {_FUNCTION} FROM PUBLIC"]
    out += [f"CREATE TRIGGER {name} {event} ON {S}.referral_concerns FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}"
            for name, event in _TRIGGERS]
    return out


def upgrade() -> None:
    # Plain ADD COLUMN: on SQLite a batch (copy-and-move) would drop
    # ``referrals``, which rows of other tables refer to.
    op.add_column('referrals', sa.Column('concern_rank', sa.Integer(), nullable=True))
    op.execute(f"UPDATE referrals SET concern_rank = {_rank('referrals.id')} "
               "WHERE EXISTS (SELECT 1 FROM referral_concerns c WHERE c.referral_id = referrals.id)")
    for name, way in _INDEXES:
        op.execute(f"CREATE INDEX {name} ON referrals ((concern_rank IS NULL), concern_rank{way}, id{way})")
    op.create_index(_AGENCY_INDEX, 'research_requests', ['agency_id', 'referral_id'])
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in _sqlite_triggers() if sqlite else _pg_statements():
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for name, _ in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if sqlite else f" ON {S}.referral_concerns"))
    if not sqlite:
        op.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}")
    op.drop_index(_AGENCY_INDEX, table_name='research_requests')
    for name, _ in _INDEXES:
        op.execute(f"DROP INDEX {name}")
    op.execute("ALTER TABLE referrals DROP COLUMN concern_rank")
