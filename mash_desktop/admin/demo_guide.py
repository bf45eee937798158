"""What ``mash-admin demo`` prints after building a demo hub: how to act as each role."""

from __future__ import annotations

import textwrap

from ..services.demo import guide
from ..store.database import Database, describe_url
from .output import table


def print_guide(db: Database) -> None:
    """The demo password, how to enrol a workstation to each agency, and every account with its roles."""
    desks = guide.desks(db)
    print()
    _say(f"Every demo account's password is {guide.DEMO_PASSWORD}. Staff sign in at a workstation of their "
          "own agency, so to act as someone, first enrol this workstation to their agency as its "
          "administrator (ENROL AS), giving on standard input the password, then the agency's enrolment key:")
    print(f"  mash-admin --db {describe_url(db.url)} workstation enrol --agency CODE --as ENROL-AS")
    _say("then run commands with --as USERNAME (the password on standard input). Enrolling again moves the "
          "workstation to another agency. On PostgreSQL, enrol with the agency's role address from "
          "'mash-admin db setup-roles' instead of the owner's. The client enrols the same way "
          "('mash-desktop --db URL --enrol'); 'mash-desktop --demo --demo-agency CODE' opens its own demo hub, "
          "with the same accounts, at that agency's workstation.")
    print()
    table([(d.code, d.name, d.enrol_as, d.enrolment_key) for d in desks],
          ("AGENCY", "NAME", "ENROL AS", "ENROLMENT KEY"))
    print()
    table([(username, d.code, guide.roles_text(roles)) for d in desks for username, roles in d.accounts],
          ("USERNAME", "AGENCY", "ROLES"))


def _say(text: str) -> None:
    print(textwrap.fill(text, width=100, break_on_hyphens=False, break_long_words=False))
