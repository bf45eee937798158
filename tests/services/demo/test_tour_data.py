"""What the screenshot tour looks up on the demo hub, on both databases."""

from __future__ import annotations

import datetime as dt

from mash_desktop.domain.codes import Status
from mash_desktop.services.demo import tour_data
from mash_desktop.services.intake.referrals import list_referrals
from mash_desktop.store.database import Database


def test_the_tour_finds_cases_and_a_known_child(demo_db_url):
    db = Database(demo_db_url)
    try:
        every = list_referrals(db)
        allocated = tour_data.first_reference(db, (Status.RESEARCHING, Status.SCREENED, Status.AWAITING_DECISION),
                                              officer="csc.officer")
        assert allocated in {r.reference for r in every
                             if r.status in (Status.RESEARCHING, Status.SCREENED, Status.AWAITING_DECISION)}
        closed = {r.reference for r in every if r.status is Status.CLOSED}
        assert closed and tour_data.first_reference(db, (Status.CLOSED,)) in closed
        assert tour_data.first_reference(db, (Status.NEW,), officer="nobody.here") is None
        assert tour_data.first_reference(db, (Status.NEW,), panel_by="NOPE") is None
        born_after = dt.date.today() - dt.timedelta(days=16 * 365)
        child = tour_data.known_child(db, born_after)
        assert child is not None and child.given_name and child.family_name
        assert child.date_of_birth is not None and child.date_of_birth > born_after
        assert tour_data.known_child(db, dt.date.today()) is None
    finally:
        db.dispose()
