"""Creating and upgrading the schema with alembic, from code.

Both backends run the same migration scripts. ``upgrade`` is idempotent: on a
database already at head it does nothing. Alembic (and with it every
migration script) is loaded only to upgrade: telling whether a database is
current reads its version row, so a workstation starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from .database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

#: The newest migration's revision (tests/store/test_schema.py checks it is alembic's head).
HEAD = "0027"


def alembic_config(connection=None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return HEAD


def current_revision(db: Database) -> str | None:
    """The revision the database is at (alembic's version row); None for a database without one."""
    with db._guard(), db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.scalar(text("SELECT version_num FROM alembic_version"))


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to head; return (revision before, revision after)."""
    from alembic import command

    before = current_revision(db)
    with db._guard(), db.engine.begin() as conn:
        if db.is_sqlite:
            # Serialise concurrent first-time initialisation of one file.
            conn.exec_driver_sql("SELECT 1")
        command.upgrade(alembic_config(conn), "head")
    return before, current_revision(db)


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()
