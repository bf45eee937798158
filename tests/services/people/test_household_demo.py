"""The demo hub shows a household across two open contacts (services/demo/household.py)."""

from __future__ import annotations

from mash_desktop.services.demo.household import join_a_family
from mash_desktop.services.intake.referrals import referral_by_reference
from mash_desktop.services.people.household import household_for
from mash_desktop.services.queue.query import QueueQuery, load_queue
from mash_desktop.store.database import Database

from ...conftest import DEMO_NOW


def test_the_demo_hub_has_one_family_across_two_open_contacts(demo_db_url):
    db = Database(demo_db_url)
    try:
        first, second = join_a_family(db)  # already done when the demo was built: doing it again changes nothing
        with db.read() as s:
            family = household_for(s, referral_by_reference(s, first), DEMO_NOW)
            ids = {r: referral_by_reference(s, r).id for r in (first, second)}
        references = {c.reference for m in family.members for c in m.contacts}
        assert {first, second} <= references
        assert family.siblings  # the children of both contacts share their mother
        grouped = load_queue(db, QueueQuery(by_household=True), DEMO_NOW)
        assert grouped.households[ids[first]] == grouped.households[ids[second]]
        at = sorted(grouped.ids.index(i) for i in ids.values())
        together = grouped.ids[at[0]:at[1] + 1]
        assert all(grouped.households.get(i) == grouped.households[ids[first]] for i in together)
    finally:
        db.dispose()
