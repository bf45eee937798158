"""the first subject's name searched through an index on both databases

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04

The queue's search finds part of a name anywhere in the first subject's
folded name (``referrals.subject_key``, "%text%"), which no ordinary index
serves: every open referral was read. Now:

- SQLite: ``referral_names``, an FTS5 table with the trigram tokenizer over
  ``referrals.subject_key`` (external content: it holds only its index, the
  names stay in ``referrals``). Triggers on referrals keep it up to date on
  insert, on a change of subject_key and on delete. A LIKE on it with three
  letters or more in a row reads the index; a shorter one reads the table.
  Disposal rebuilds it (services/governance/disposal.py) so that no trace of
  a disposed name stays in its segments.
- PostgreSQL: ``ix_referrals_subject_trgm``, a GIN index with pg_trgm's
  trigram operator class on ``referrals.subject_key``, which the planner uses
  for the same LIKE. pg_trgm is a trusted extension (PostgreSQL 13 and
  later): the schema owner creates it if the server has it. A server without
  it gets no index, and the search reads every open referral as before.

Neither is in the models (store/name_search.py says why and queries them).
"""

from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

TABLE = "referral_names"
PG_INDEX = "ix_referrals_subject_trgm"
_TRIGGERS = {
    "mash_referral_names_insert": ("AFTER INSERT",
                                   f"INSERT INTO {TABLE} (rowid, subject_key) VALUES (NEW.id, NEW.subject_key);"),
    "mash_referral_names_update": ("AFTER UPDATE OF subject_key",
                                   f"INSERT INTO {TABLE} ({TABLE}, rowid, subject_key) "
                                   f"VALUES ('delete', OLD.id, OLD.subject_key); "
                                   f"INSERT INTO {TABLE} (rowid, subject_key) VALUES (NEW.id, NEW.subject_key);"),
    "mash_referral_names_delete": ("AFTER DELETE",
                                   f"INSERT INTO {TABLE} ({TABLE}, rowid, subject_key) "
                                   f"VALUES ('delete', OLD.id, OLD.subject_key);"),
}


def _pg_trgm_schema(bind) -> str | None:
    """The schema pg_trgm is installed in, installing it if the server offers it; None if it does not."""
    found = bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'").scalar()
    if found is not None:
        return found
    if bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").scalar() is None:
        return None
    bind.exec_driver_sql("CREATE EXTENSION pg_trgm SCHEMA public")
    return "public"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        op.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5(subject_key, content='referrals', content_rowid='id', "
                   "tokenize='trigram')")
        for name, (event, body) in _TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {event} ON referrals FOR EACH ROW BEGIN {body} END")
        op.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
        return
    schema = _pg_trgm_schema(bind)
    if schema is not None:
        op.execute(f'CREATE INDEX {PG_INDEX} ON referrals USING gin (subject_key "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {TABLE}")
        return
    op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")  # pg_trgm stays: other objects may use it
