"""The demo hub's warnings: each agency's staff see their own and the hub-wide one, nothing else."""

from __future__ import annotations

from sqlalchemy import select

from mash_desktop.domain.warnings import WarningKind
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.people.warnings import visible_warnings
from mash_desktop.store.database import Database
from mash_desktop.store.models import ReferralPerson


def _kinds(db: Database, code: str, username: str) -> list[WarningKind]:
    signed = sign_in(db, demo.demo_credentials(code, "demo"), username, demo.DEMO_PASSWORD)
    with db.read() as s:
        people = list(s.scalars(select(ReferralPerson.person_id).distinct()))
        seen = visible_warnings(s, signed, people)
    return sorted({w.kind for views in seen.values() for w in views}, key=list(WarningKind).index)


def test_the_demo_shows_who_sees_which(demo_db_url):
    db = Database(demo_db_url)
    try:
        assert _kinds(db, "CSC", "csc.officer") == [WarningKind.CP_PLAN, WarningKind.CHILD_IN_NEED,
                                                    WarningKind.WORKER_SAFETY]
        assert _kinds(db, "POL", "pol.officer") == [WarningKind.MARAC, WarningKind.WORKER_SAFETY]
        assert _kinds(db, "HLT", "hlt.officer") == [WarningKind.WORKER_SAFETY]
    finally:
        db.dispose()
