"""The household around a contact (services/people/household.py), on both databases:
members across contacts, their open and recent contacts, and the queue's grouping."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from mash_desktop.domain.codes import Status
from mash_desktop.domain.household import RECENT_DAYS
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.services.people.household import household_for, household_groups
from mash_desktop.services.queue.query import QueueQuery, first_page, load_queue
from mash_desktop.store.models import Person, Referral, ReferralPerson

from ...hub_factory import EXAMPLE

NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone.utc)
PAYLOAD = {k: v for k, v in EXAMPLE.items() if k != "received_at"} | {"referrer": EXAMPLE["referrer"] | {"agency": None}}
RUBY = EXAMPLE["subjects"][0]
KERRY, DEAN = EXAMPLE["household"]
ELSEWHERE = {"line1": "2 Mill Lane", "line2": None, "town": "Nottingham", "postcode": "NG7 1AA"}


def _add(db, days_ago: int, subjects: list[dict], household: list[dict] = ()) -> str:
    return add_referral(db, LOCAL_ADMIN, PAYLOAD | {"subjects": subjects, "household": list(household)},
                        now=NOW - dt.timedelta(days=days_ago))


def _person_of(db, reference: str) -> int:
    with db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
            Referral.reference == reference, ReferralPerson.is_subject.is_(True)))


def _close(db, reference: str, days_ago: int) -> None:
    with db.write() as s:
        s.execute(update(Referral).where(Referral.reference == reference).values(
            status=Status.CLOSED, closed_at=NOW - dt.timedelta(days=days_ago)))


def _family(db):
    """Ruby's contact now; her earlier one closed long ago; her brother Jake's contacts (one closed
    recently) naming the same mother; a neighbour at the same address; a stranger elsewhere."""
    ruby = _add(db, 1, [RUBY], [KERRY, DEAN])
    old = _add(db, 800, [RUBY | {"person_id": _person_of(db, ruby)}])
    _close(db, old, 700)
    jake = RUBY | {"given_name": "Jake", "date_of_birth": "2019-03-02", "gender": "male", "address": ELSEWHERE}
    jakes = _add(db, 30, [jake], [KERRY | {"address": ELSEWHERE}])
    jakes_closed = _add(db, 200, [jake | {"person_id": _person_of(db, jakes)}])
    _close(db, jakes_closed, 180)
    lodger = RUBY | {"given_name": "Tomasz", "family_name": "Nowak", "date_of_birth": "1979-05-05",
                     "gender": "male"}
    neighbour = _add(db, 5, [lodger])
    stranger = _add(db, 2, [RUBY | {"given_name": "Amara", "family_name": "Osei", "address": ELSEWHERE | {
        "line1": "90 Station Road"}}])
    return {"ruby": ruby, "old": old, "jakes": jakes, "jakes_closed": jakes_closed, "neighbour": neighbour,
            "stranger": stranger}


def test_the_household_gathers_family_across_contacts_and_lists_open_and_recent_contacts(db):
    refs = _family(db)
    with db.read() as s:
        family = household_for(s, referral_by_reference(s, refs["ruby"]), NOW)
    members = {m.name: m for m in family.members}
    assert set(members) == {"Ruby Calder", "Kerry Calder", "Dean Whitlock", "Jake Calder", "Tomasz Nowak"}
    ruby, kerry, jake = members["Ruby Calder"], members["Kerry Calder"], members["Jake Calder"]
    assert family.members[0] is ruby and ruby.on_this_contact and not jake.on_this_contact
    # Ruby's contact closed 700 days ago is not listed, only counted.
    assert [c.reference for c in ruby.contacts] == [refs["ruby"]]
    assert family.older_closed == 1
    # Jake's contact closed 180 days ago (within RECENT_DAYS) is listed with the open one, newest first.
    assert 180 < RECENT_DAYS
    assert [(c.reference, c.status, c.subject) for c in jake.contacts] == [
        (refs["jakes"], Status.NEW, True), (refs["jakes_closed"], Status.CLOSED, True)]
    # Kerry, recorded once on each contact, is one member named on both.
    assert [c.reference for c in kerry.contacts] == [refs["ruby"], refs["jakes"]]
    assert kerry.relationships == ("mother of Ruby Calder", "mother of Jake Calder")
    assert members["Dean Whitlock"].relationships == ("mother's partner of Ruby Calder",)
    # The neighbour is there by the address alone.
    assert members["Tomasz Nowak"].same_address and not kerry.same_address
    assert family.siblings == ((ruby.key, jake.key),)
    assert {(family.member(t.a).name, family.member(t.b).name, t.label) for t in family.ties} >= {
        ("Kerry Calder", "Ruby Calder", "mother"), ("Kerry Calder", "Jake Calder", "mother")}


def test_a_contact_about_nobody_else_has_a_household_of_its_own_people(db):
    refs = _family(db)
    with db.read() as s:
        family = household_for(s, referral_by_reference(s, refs["stranger"]), NOW)
    assert [m.name for m in family.members] == ["Amara Osei"]
    assert family.siblings == () and family.ties == ()


def test_the_queue_brings_a_households_contacts_together_and_numbers_them(db):
    refs = _family(db)
    with db.read() as s:
        ids = {name: referral_by_reference(s, r).id for name, r in refs.items()}
        order = [ids[n] for n in ("stranger", "ruby", "neighbour", "jakes", "old")]
        grouped, marks = household_groups(s, order)
        alone, none = household_groups(s, [ids["stranger"]])
    assert grouped == [ids["stranger"], ids["ruby"], ids["neighbour"], ids["jakes"], ids["old"]]
    assert marks == {ids["ruby"]: 1, ids["neighbour"]: 1, ids["jakes"]: 1, ids["old"]: 1}
    assert (alone, none) == ([ids["stranger"]], {})
    with db.read() as s:
        apart, marks = household_groups(s, [ids["ruby"], ids["stranger"], ids["jakes"]])
    assert apart == [ids["ruby"], ids["jakes"], ids["stranger"]]
    assert marks == {ids["ruby"]: 1, ids["jakes"]: 1}


def test_the_queue_loads_grouped_by_household_page_and_whole_alike(db):
    refs = _family(db)
    query = QueueQuery(by_household=True)
    whole = load_queue(db, query, NOW)
    page = first_page(db, query, NOW, size=2)
    plain = load_queue(db, QueueQuery(), NOW)
    with db.read() as s:
        ids = {name: referral_by_reference(s, r).id for name, r in refs.items()}
    family = {ids[n] for n in ("ruby", "jakes", "neighbour")}  # the open ones: closed contacts are not queued
    assert set(whole.ids) == set(plain.ids) and page.ids == whole.ids[:2]
    where = [whole.ids.index(i) for i in family]
    assert max(where) - min(where) == len(family) - 1  # side by side
    assert {i: whole.households[i] for i in family} == dict.fromkeys(family, 1)
    assert ids["stranger"] not in whole.households and plain.households == {}
    assert page.households == {i: 1 for i in page.ids if i in family}


def test_a_hostel_address_does_not_pull_in_everyone_who_ever_lived_there(db, monkeypatch):
    """A step that would bring more than MAX_PEOPLE is left out, and the household says so."""
    from mash_desktop.services.people import household

    monkeypatch.setattr(household, "MAX_PEOPLE", 7)  # Ruby's family below is seven person records
    hostel = ELSEWHERE | {"line1": "St Anne's Hostel, 1 Quay Street"}
    residents = [_add(db, 10 + i, [RUBY | {"given_name": name, "family_name": "Resident", "address": hostel,
                                           "date_of_birth": f"200{i}-01-01"}])
                 for i, name in enumerate(("Ann", "Bea", "Cal", "Dev", "Eve", "Fay", "Gus", "Hal", "Ivy"))]
    ordinary = _family(db)["ruby"]
    with db.read() as s:
        family = household_for(s, referral_by_reference(s, residents[0]), NOW)
        ruby = household_for(s, referral_by_reference(s, ordinary), NOW)
    assert family.capped and [m.name for m in family.members] == ["Ann Resident"]
    assert not ruby.capped and len(ruby.members) == 5  # an ordinary family is followed whole


def test_the_same_address_written_differently_joins_and_a_neighbour_on_the_same_postcode_does_not(db):
    """The address step is narrowed in the database by the first line's numbers; what joins is still
    decided by the folded first line and postcode."""
    home = ELSEWHERE | {"line1": "14 Mill Lane"}
    first = _add(db, 3, [RUBY | {"given_name": "Ava", "family_name": "Stone", "date_of_birth": "2015-02-02",
                                 "address": home}])
    _add(db, 2, [RUBY | {"given_name": "Omar", "family_name": "Haddad", "date_of_birth": "1990-03-03",
                                "address": home | {"line1": "14, MILL  LANE."}}])
    for given, line in (("Nia", "114 Mill Lane"), ("Lev", "4 Mill Lane"), ("Kit", "14 Mill Lanes")):
        _add(db, 1, [RUBY | {"given_name": given, "family_name": "Ng", "date_of_birth": "1980-01-01",
                             "address": home | {"line1": line}}])
    with db.read() as s:
        family = household_for(s, referral_by_reference(s, first), NOW)
    assert sorted(m.name for m in family.members) == ["Ava Stone", "Omar Haddad"] and not family.capped


def test_namesakes_beyond_the_cap_stop_the_household(db, monkeypatch):
    """Records of eight people with the same names and date of birth (as an import or a merge of two
    hubs leaves them), against a cap of five: the step is left out, and the household says so."""
    from mash_desktop.services.people import household

    monkeypatch.setattr(household, "MAX_PEOPLE", 5)
    lily = _add(db, 1, [RUBY | {"given_name": "Lily", "family_name": "Marsh", "date_of_birth": "2016-06-06"}])
    rose = _add(db, 2, [RUBY | {"given_name": "Rose", "family_name": "Marsh", "date_of_birth": "2016-06-06",
                                "address": ELSEWHERE}], [KERRY | {"address": ELSEWHERE}])
    with db.write() as s:
        first = s.get(Person, _person_of(db, lily))
        s.add_all(Person(given_name=first.given_name, family_name=first.family_name, given_key=first.given_key,
                         family_key=first.family_key, date_of_birth=first.date_of_birth, gender="female",
                         address_line1=f"{n} Rope Walk", postcode="NG7 2BB") for n in range(7))
    with db.read() as s:
        many = household_for(s, referral_by_reference(s, lily), NOW)
        few = household_for(s, referral_by_reference(s, rose), NOW)
    assert many.capped and [m.name for m in many.members] == ["Lily Marsh"]
    assert not few.capped and sorted(m.name for m in few.members) == ["Kerry Calder", "Rose Marsh"]
