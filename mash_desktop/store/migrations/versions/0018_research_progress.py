"""research progress kept on each referral, for the queue's research order

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

- referrals.research_done: the share of the referral's research requests
  that have come back (returned or nothing known); NULL when none was asked.
  Filled here for the referrals already stored.
- Triggers on research_requests (after insert, after a change of status or
  referral, after delete) set it again for the referral concerned, so every
  way of writing research keeps it without the application's help.
  On PostgreSQL the trigger function runs as its owner (the schema owner),
  so the agency roles need no right to update the column.
- ix_referrals_research_order and ix_referrals_research_order_desc: the
  queue's research order (``research_done IS NULL, research_done, id``, and
  with research_done and id descending) read from an index, on either
  database (an index on (research_done, id) serves neither planner).
- On a PostgreSQL hub whose roles are set up, the commit-time check that a
  changed case is signed by the writing agency (pg_guards.py) is replaced by
  the one that lets a change of research progress alone through.
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

S = "public"
_FUNCTION = f"{S}.mash_research_done()"
_PATH = f"SET search_path = pg_catalog, {S}, pg_temp"
_INDEXES = (("ix_referrals_research_order", ""), ("ix_referrals_research_order_desc", " DESC"))
_TRIGGERS = (  # (name, SQLite event, PostgreSQL event)
    ("mash_research_done_insert", "AFTER INSERT", "AFTER INSERT"),
    ("mash_research_done_update", "AFTER UPDATE OF status, referral_id", "AFTER UPDATE OF status, referral_id"),
    ("mash_research_done_delete", "AFTER DELETE", "AFTER DELETE"),
)


def _share(referral_id: str, schema: str = "") -> str:
    """SQL for the share of research come back for the referral ``referral_id`` names (NULL: none asked)."""
    return (f"(SELECT CAST(sum(CASE WHEN q.status IN ('returned', 'nothing_known') THEN 1 ELSE 0 END) "
            f"AS DOUBLE PRECISION) / NULLIF(count(*), 0) FROM {schema}research_requests q "
            f"WHERE q.referral_id = {referral_id})")


def _sqlite_triggers() -> list[str]:
    def refresh(rid: str, when: str = "") -> str:
        return f"UPDATE referrals SET research_done = {_share(rid)} WHERE id = {rid}{when};"

    bodies = {
        "mash_research_done_insert": refresh("NEW.referral_id"),
        "mash_research_done_update": refresh("NEW.referral_id") + " "
                                     + refresh("OLD.referral_id", " AND OLD.referral_id <> NEW.referral_id"),
        "mash_research_done_delete": refresh("OLD.referral_id"),
    }
    return [f"CREATE TRIGGER {name} {event} ON research_requests FOR EACH ROW BEGIN {bodies[name]} END"
            for name, event, _ in _TRIGGERS]


# The referral's row is locked before its research is counted: under READ
# COMMITTED the count then sees every request committed by a writer it
# waited for, so two agencies returning research at once leave it right.
_PG_BODY = f"""
    DECLARE
        rid integer;
    BEGIN
        FOREACH rid IN ARRAY (CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.referral_id]
                                         WHEN 'DELETE' THEN ARRAY[OLD.referral_id]
                                         ELSE ARRAY[NEW.referral_id, OLD.referral_id] END) LOOP
            PERFORM 1 FROM {S}.referrals r WHERE r.id = rid FOR NO KEY UPDATE;
            UPDATE {S}.referrals r SET research_done = d.done FROM (SELECT {_share('rid', S + '.')} AS done) d
                WHERE r.id = rid AND r.research_done IS DISTINCT FROM d.done;
        END LOOP;
        RETURN NULL;
    END"""


def _pg_statements() -> list[str]:
    out = [f"CREATE OR REPLACE FUNCTION {_FUNCTION} RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {_PATH} "
           f"AS $fn${_PG_BODY}$fn$",
           # A trigger function is not called by anyone; firing it needs no right to execute it.
           f"REVOKE ALL ON FUNCTION {_FUNCTION} FROM PUBLIC"]
    out += [f"CREATE TRIGGER {name} {event} ON {S}.research_requests FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}"
            for name, _, event in _TRIGGERS]
    return out


def _refresh_signed_check() -> None:
    """On a hub whose roles are set up, the commit-time check that a changed case is signed by the
    writing agency lets through a change of research progress alone (pg_guards.py)."""
    if op.get_bind().scalar(sa.text(f"SELECT to_regproc('{S}.mash_referral_signed')")) is not None:
        from mash_desktop.store import pg_guards

        op.execute(pg_guards.trigger_function("mash_referral_signed"))


def upgrade() -> None:
    # Plain ADD COLUMN: on SQLite a batch (copy-and-move) would drop
    # ``referrals``, which rows of other tables refer to.
    op.add_column('referrals', sa.Column('research_done', sa.Float(), nullable=True))
    op.execute(f"UPDATE referrals SET research_done = {_share('referrals.id')} "
               "WHERE EXISTS (SELECT 1 FROM research_requests q WHERE q.referral_id = referrals.id)")
    for name, way in _INDEXES:
        op.execute(f"CREATE INDEX {name} ON referrals ((research_done IS NULL), research_done{way}, id{way})")
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in _sqlite_triggers() if sqlite else _pg_statements():
        op.execute(statement)
    if not sqlite:
        _refresh_signed_check()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for name, _, _ in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if sqlite else f" ON {S}.research_requests"))
    if not sqlite:
        op.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}")
    for name, _ in _INDEXES:
        op.execute(f"DROP INDEX {name}")
    op.execute("ALTER TABLE referrals DROP COLUMN research_done")
