"""mash-admin db: database roles and row-level security on a PostgreSQL hub."""

from __future__ import annotations

import argparse

from ..services.enrolment.startup import check_schema
from ..store import pg_roles
from ..store.database import Database, describe_url
from .output import table


def register(sub) -> None:
    """Add the ``db`` command group to mash-admin's subcommands."""
    group = sub.add_parser("db", help="database roles and row-level security (PostgreSQL)")
    actions = group.add_subparsers(dest="db_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    setup = actions.add_parser(
        "setup-roles",
        help="create agency database roles, grants and row-level security (safe to repeat)",
        description="Run as the owner of the hub schema after adding agencies and after upgrades ('init "
                    "--admin' runs it on a new hub). New agency roles are listed with their passwords, shown "
                    "this once.",
    )
    setup.set_defaults(run=setup_roles)


def setup_roles(args: argparse.Namespace) -> None:
    db = Database(args.db)
    try:
        if not db.is_sqlite:
            check_schema(db)
        created = pg_roles.setup_roles(db)
    finally:
        db.dispose()
    show_roles(db.url, created)


def show_roles(url: str, created: list[tuple[str, str, str]]) -> None:
    """Say that roles are in place, and list new roles with their passwords (shown this once)."""
    print(f"Roles, grants and row-level security are in place in {describe_url(url)}.")
    if not created:
        print("No new agency roles.")
        return
    print("These passwords are shown once: enter each only in the enrolment of that agency's workstations.")
    table([(code, role, password) for code, role, password in created], ("CODE", "ROLE", "PASSWORD"))
