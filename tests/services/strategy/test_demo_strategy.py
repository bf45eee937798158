"""The demo hub holds a strategy discussion on its Red case in progress
(services/demo/strategy.py), with police and health invited, s47 enquiries
started and one action done, signed as recorded."""

from __future__ import annotations

from sqlalchemy import select

from mash_desktop.domain.strategy import S47Decision
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.demo.hub import demo_credentials
from mash_desktop.services.demo.keys import DEMO_PASSWORD
from mash_desktop.security.accounts import sign_in
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral
from mash_desktop.store.strategy_models import StrategyDiscussion


def test_the_demo_red_case_has_a_strategy_discussion(demo_db_url):
    db = Database(demo_db_url)
    try:
        with db.read() as s:
            reference = s.scalar(select(Referral.reference).join(
                StrategyDiscussion, StrategyDiscussion.referral_id == Referral.id))
        assert reference is not None
        lead = sign_in(db, demo_credentials("CSC", "demo"), "csc.supervisor", DEMO_PASSWORD)
        (found,) = open_case(db, lead, reference, WORKSPACE, "Demo check").strategy_discussions
        assert found.verified and found.decision is S47Decision.START_S47 and found.icpc_due_on is not None
        assert found.missing == () and [a.done_at is not None for a in found.actions] == [True, False]
        assert all(a.verified for a in found.actions)
    finally:
        db.dispose()
