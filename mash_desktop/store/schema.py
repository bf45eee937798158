"""Creating and upgrading the schema with alembic, from code.

Both backends run the same migration scripts. ``upgrade`` is idempotent: on a
database already at head it does nothing.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .database import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db._guard(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to head; return (revision before, revision after)."""
    before = current_revision(db)
    with db._guard(), db.engine.begin() as conn:
        if db.is_sqlite:
            # Serialise concurrent first-time initialisation of one file.
            conn.exec_driver_sql("SELECT 1")
        command.upgrade(alembic_config(conn), "head")
    return before, current_revision(db)


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()
