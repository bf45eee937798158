"""What the screenshot tour looks up on the demo hub, on both databases."""

from __future__ import annotations

import datetime as dt

from mash_desktop.domain.codes import DisclosureOutcome, Status
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.admin.users import list_users
from mash_desktop.services.case.disclosures import decide
from mash_desktop.services.case.sharing import pending_disclosures
from mash_desktop.services.demo import tour_data
from mash_desktop.services.demo.hub import DEMO_PASSWORD, demo_credentials
from mash_desktop.services.intake.referrals import add_referral, list_referrals
from mash_desktop.services.intake.screening_matches import subjects_to_check
from mash_desktop.store.database import Database
from tests.hub_factory import EXAMPLE


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


def test_the_tour_finds_a_disclosure_waiting_and_then_the_one_refused(demo_db_url):
    db = Database(demo_db_url)
    try:
        found = tour_data.waiting_disclosure(db)
        assert found is not None and tour_data.refused_disclosure(db) is None
        supervisor = sign_in(db, demo_credentials(found.agency, db.url), f"{found.agency.lower()}.supervisor",
                             DEMO_PASSWORD)
        waiting = pending_disclosures(db, supervisor)
        assert waiting and (waiting[0].reference, waiting[0].view.disclosed_by) == (found.reference,
                                                                                   _name(db, found.disclosed_by))
        decide(db, supervisor, waiting[0].view.id, DisclosureOutcome.REFUSED, "Seek consent first")
        assert tour_data.refused_disclosure(db) == found
        assert tour_data.waiting_disclosure(db) != found
    finally:
        db.dispose()


def test_the_tour_finds_a_new_contact_whose_subject_may_be_someone_known(demo_db_url):
    db = Database(demo_db_url)
    try:
        supervisor = sign_in(db, demo_credentials("CSC", db.url), "csc.supervisor", DEMO_PASSWORD)
        officer = sign_in(db, demo_credentials("CSC", db.url), "csc.officer", DEMO_PASSWORD)
        before = tour_data.new_contact_with_matches(db, supervisor)
        assert before is None or subjects_to_check(db, supervisor, before)
        child = tour_data.known_child(db, dt.date.today() - dt.timedelta(days=16 * 365))
        payload = EXAMPLE | {"received_at": None, "referrer": EXAMPLE["referrer"] | {"agency": None}, "household": [],
                             "subjects": [EXAMPLE["subjects"][0] | {
                                 "given_name": child.given_name + child.given_name[-1],  # mistyped
                                 "family_name": child.family_name,
                                 "date_of_birth": child.date_of_birth.isoformat()}]}
        reference = add_referral(db, officer.actor, payload)
        found = tour_data.new_contact_with_matches(db, supervisor)
        assert found == (before or reference)
        [subject] = subjects_to_check(db, supervisor, reference)
        assert subject.matches and subject.family_name == child.family_name
    finally:
        db.dispose()


def _name(db: Database, username: str) -> str:
    return next(u.display_name for u in list_users(db) if u.username == username)
