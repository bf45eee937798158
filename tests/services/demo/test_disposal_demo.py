"""The demo hub holds contacts closed long ago: the disposal review lists them, a legal hold keeps one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import Status
from mash_desktop.domain.retention import DEFAULTS, RecordClass, due_on
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.audit import trail
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.demo.disposal import AGES, HOLD_REFERENCE
from mash_desktop.services.governance import disposal, retention
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral
from tests.conftest import DEMO_NOW


@pytest.fixture
def db(demo_db_url):
    database = Database(demo_db_url)
    yield database
    database.dispose()


def _ig(db):
    return sign_in(db, demo.demo_credentials("HUB", "demo"), "hub.ig", demo.DEMO_PASSWORD)


def _old_contacts(db) -> dict[str, Referral]:
    """The demo's cases received before the last six years, by reference."""
    cutoff = DEMO_NOW.replace(year=DEMO_NOW.year - 6)
    with db.read() as session:
        return {r.reference: r for r in session.scalars(select(Referral).where(Referral.received_at < cutoff))}


def test_the_review_lists_the_old_contacts_and_leaves_out_the_held_one(db):
    ig = _ig(db)
    old = _old_contacts(db)
    assert len(old) == len(AGES)
    assert all(r.status is Status.CLOSED and r.received_at <= r.closed_at for r in old.values())
    holds = retention.list_holds(db, ig)
    assert [(h.scope, h.reference, h.verified) for h in holds] == [("case", HOLD_REFERENCE, True)]
    held = holds[0].covers
    assert held in old

    due = {d.reference: d for d in disposal.review(db, ig, DEMO_NOW)}  # as Governance > Disposal review loads
    listed = set(old) - {held}
    assert listed <= set(due) and held not in due
    rule = DEFAULTS[RecordClass.CONTACT_NFA]
    assert due_on(rule, old[held].closed_at.date(), None) <= DEMO_NOW.date()  # only the hold keeps it
    for reference in listed:
        case = due[reference]
        assert case.record_class is RecordClass.CONTACT_NFA and case.verified and case.approval is None
        assert case.closed_on == old[reference].closed_at.date()
        assert case.due_since == due_on(rule, case.closed_on, None) <= DEMO_NOW.date()


def test_nothing_is_approved_or_disposed_of_and_the_trail_verifies(db):
    ig = _ig(db)
    assert disposal.list_approvals(db, ig) == [] and disposal.disposals(db, ig) == []
    assert trail.verify(db, ig.trust).ok
