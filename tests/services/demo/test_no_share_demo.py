"""The demo hub's decision not to share: the police read it on their case, nobody else does."""

from __future__ import annotations

from sqlalchemy import select

from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case import no_share
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.demo.no_share import CONSIDERED, WHY_NOT
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral
from mash_desktop.store.no_share_models import NoShareDecision


def _signed(db, username):
    return sign_in(db, demo.demo_credentials(username.split(".")[0].upper(), "demo"), username, demo.DEMO_PASSWORD)


def test_the_police_recorded_one_and_only_they_read_it(demo_db_url):
    db = Database(demo_db_url)
    try:
        with db.read() as s:
            [reference] = s.scalars(select(Referral.reference).join(NoShareDecision,
                                                                     NoShareDecision.referral_id == Referral.id))
        [entry] = no_share.list_decisions(db, _signed(db, "pol.supervisor"), reference)
        assert (entry.to, entry.considered, entry.why_not, entry.altered) == ("CSC", CONSIDERED, WHY_NOT, False)
        assert no_share.list_decisions(db, _signed(db, "csc.officer"), reference) == ()
    finally:
        db.dispose()
