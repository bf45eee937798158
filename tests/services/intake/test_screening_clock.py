"""Every door gives a new contact a screening clock from receipt, signed with the contact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind, Role
from mash_desktop.domain.timescales import screening_due
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.admin.users import create_user
from mash_desktop.services.calendar import hub_calendar
from mash_desktop.services.consultations.records import (
    contact_payload,
    convert_to_contact,
    get_consultation,
    record_consultation,
)
from mash_desktop.services.intake.referral_import import import_referrals
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.queue.query import fetch_rows
from mash_desktop.services.settings import SCREENING_HOURS, set_setting
from mash_desktop.store.models import HubSetting, Referral
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=UTC)  # a Friday
EXAMPLES = Path(__file__).parents[3] / "resources" / "examples"


def _clocks(db, references=None) -> list[tuple[str, dt.datetime, dt.datetime | None, dt.datetime]]:
    """(reference, received, due, expected due) of every contact not rated yet."""
    with db.read() as session:
        calendar = hub_calendar(session)
        hours = session.get(HubSetting, SCREENING_HOURS.name)
        hours = SCREENING_HOURS.default if hours is None else float(hours.value)
        query = select(Referral).where(Referral.rag.is_(None))
        if references is not None:
            query = query.where(Referral.reference.in_(references))
        return [(r.reference, r.received_at, r.decision_due_at, screening_due(r.received_at, calendar, hours))
                for r in session.scalars(query)]


def _all_set(clocks) -> None:
    assert clocks
    for reference, received, due, expected in clocks:
        assert due == expected and due > received, reference


def test_a_portal_referral_is_due_for_screening_one_working_day_after_receipt(sup_hub):
    officer = sup_hub.sign_in("csc.officer")
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "received_at": NOW.isoformat()}
    reference = add_referral(sup_hub.db, officer.actor, payload, now=NOW)
    [(_, _, due, _)] = _clocks(sup_hub.db, [reference])
    assert due == dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # Friday 10:30 + 8 working hours: Monday 10:30
    with sup_hub.db.read() as session:
        referral_id = session.scalar(select(Referral.id).where(Referral.reference == reference))
    assert fetch_rows(sup_hub.db, [referral_id], officer.trust)[referral_id].state_verified is True  # signed


def test_the_hub_setting_sets_the_clock_and_a_tampered_one_is_ignored(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "received_at": NOW.isoformat()}
    set_setting(sup_hub.db, sup_hub.sign_in("hub.admin").actor, SCREENING_HOURS.name, 4)
    reference = add_referral(sup_hub.db, officer, payload, now=NOW)
    assert _clocks(sup_hub.db, [reference])[0][2] == dt.datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    with sup_hub.db.write() as session:
        session.get(HubSetting, SCREENING_HOURS.name).value = "0"  # out of bounds: would stop the clock
    reference = add_referral(sup_hub.db, officer, payload, now=NOW)
    assert _clocks(sup_hub.db, [reference])[0][2] == dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # default


def test_an_import_sets_the_clock_of_every_contact(db):
    references = import_referrals(db, LOCAL_ADMIN, (EXAMPLES / "referrals.csv").read_bytes(), "referrals.csv",
                                  now=dt.datetime(2026, 12, 1, 10, 0, tzinfo=UTC))  # after the file's dates
    clocks = _clocks(db, references)
    assert len(clocks) == len(references)
    _all_set(clocks)


def test_a_consultation_made_a_contact_has_the_clock(db):
    with db.write() as s:
        csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 5)
        create_agency(s, LOCAL_ADMIN, "EDU", "Education", AgencyKind.EDUCATION, 2)
        officer = Actor.of(create_user(s, LOCAL_ADMIN, "cscoff", "Sam Adviser", csc, [Role.OFFICER]))
    call = {"received_at": "2026-11-20T10:15:00+00:00",
            "caller": {"name": "Harriet Okonjo", "role": "Designated safeguarding lead",
                       "organisation": "Hillside Primary", "agency": "edu", "phone": "0115 496 0732", "email": None},
            "question": "Is this a referral?", "advice": "Make a referral."}
    cid = record_consultation(db, officer, call, now=NOW)
    payload = contact_payload(get_consultation(db, officer, cid))
    payload["subjects"] = [{"given_name": "Mia", "family_name": "Calder", "date_of_birth": "2017-03-02",
                            "gender": "female"}]
    payload["concerns"] = payload["concerns"] | {"categories": ["domestic_abuse"]}
    payload |= {"parents_aware": True, "consent": {"obtained": True, "from_whom": "Kerry Calder (mother)"}}
    reference = convert_to_contact(db, officer, cid, payload, now=NOW)
    _all_set(_clocks(db, [reference]))


def test_every_unrated_demo_contact_has_the_clock(demo_db_url):
    from mash_desktop.store.database import Database

    db = Database(demo_db_url)
    try:
        _all_set(_clocks(db))
    finally:
        db.dispose()
