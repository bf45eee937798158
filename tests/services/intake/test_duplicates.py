"""The duplicate check on both databases: spelling variants found, strangers not."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.codes import Status
from mash_desktop.domain.errors import FieldError
from mash_desktop.domain.intake import Address, PersonDetails
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.intake.duplicates import find_matches, find_matches_for
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.store.models import AuditEvent, Person, ReferralPerson

EXAMPLE = json.loads((Path(__file__).parents[3] / "resources" / "examples" / "referral.json").read_text())
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _payload(given: str, family: str, born: str, postcode: str | None = None) -> dict:
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    subject = payload["subjects"][0]
    subject.update(given_name=given, family_name=family, date_of_birth=born, school=None, gp=None)
    subject["address"] = None if postcode is None else {"line1": "1 High Street", "line2": None,
                                                        "town": None, "postcode": postcode}
    return payload


def _person(given: str, family: str, born: dt.date | None, postcode: str | None = None) -> PersonDetails:
    address = None if postcode is None else Address(line1="9 Other Road", postcode=postcode)
    return PersonDetails(given_name=given, family_name=family, date_of_birth=born, address=address)


@pytest.fixture
def known(db):
    """People already known to the hub, each in one referral."""
    people = [("John", "Smith", "2015-03-02", "NG1 5AB"), ("Muhammad", "Rahman", "2012-09-30", None),
              ("Katy", "O'Brien", "2019-01-11", None), ("Shivaun", "Byrne", "2010-04-06", None),
              ("Ruby", "Calder", "2017-06-14", "NG5 9QT")]
    refs = {}
    for given, family, born, postcode in people:
        refs[given] = add_referral(db, LOCAL_ADMIN, _payload(given, family, born, postcode), now=NOW)
    return refs


def _ids(db, given: str) -> int:
    with db.read() as s:
        return s.scalar(select(Person.id).where(Person.given_name == given))


@pytest.mark.parametrize("given, family, born, expected, reason", [
    ("Jon", "Smith", dt.date(2015, 3, 2), "John", "given name sounds alike"),
    ("Mohammed", "Rahman", dt.date(2012, 9, 30), "Muhammad", "given name sounds alike"),
    ("Katie", "O'Brien", dt.date(2019, 1, 11), "Katy", "given name sounds alike"),
    ("Siobhan", "Byrne", dt.date(2010, 4, 6), "Shivaun", "same date of birth"),
    ("Ruby", "Kalder", dt.date(2017, 6, 14), "Ruby", "family name sounds alike"),
    ("Katy", "OBrien", dt.date(2019, 1, 11), "Katy", "same family name"),
    ("Shivaun", "Byrne", dt.date(2010, 6, 4), "Shivaun", "date of birth with day and month swapped"),
    ("John", "Smith", dt.date(2015, 3, 3), "John", "date of birth one digit different"),
    ("Smith", "John", dt.date(2015, 3, 2), "John", "given and family names swapped"),
])
def test_spelling_variants_are_found(db, known, given, family, born, expected, reason):
    matches = find_matches(db, _person(given, family, born), now=NOW)
    assert matches, f"{given} {family} found nobody"
    best = matches[0]
    assert best.person_id == _ids(db, expected)
    assert reason in best.reasons
    assert 55 <= best.score <= 100


def test_a_match_lists_open_cases(db, known):
    [match] = find_matches(db, _person("Jon", "Smith", dt.date(2015, 3, 2)), now=NOW)
    [case] = match.cases
    assert case.reference == known["John"] and case.status is Status.NEW and case.is_open
    assert case.rag is None and case.closed_at is None
    assert (match.full_name, match.date_of_birth, match.postcode) == ("John Smith", dt.date(2015, 3, 2), "NG1 5AB")


def test_same_postcode_adds_a_reason(db, known):
    [match] = find_matches(db, _person("Rubi", "Calder", dt.date(2017, 6, 14), "ng5 9qt".upper()), now=NOW)
    assert match.reasons[:1] == ("same date of birth",) and "same postcode" in match.reasons


@pytest.mark.parametrize("given, family, born, postcode", [
    ("Grace", "Adeyemi", dt.date(2015, 3, 2), None),  # same birthday, nobody alike
    ("John", "Smith", dt.date(1980, 7, 19), None),  # same name, another person
    ("Tom", "Baker", dt.date(2001, 2, 2), "NG1 5AB"),  # a neighbour
    ("Ruby", "Calder", dt.date(2017, 6, 14), None),  # ...is found, as a control
])
def test_strangers_are_not_matched(db, known, given, family, born, postcode):
    matches = find_matches(db, _person(given, family, born, postcode), now=NOW)
    assert bool(matches) == (given == "Ruby")


def test_closed_cases_shown_for_a_year(db, known):
    with db.write() as s:
        referral = referral_by_reference(s, known["Ruby"])
        referral.status, referral.closed_at = Status.CLOSED, NOW
    ruby = _person("Ruby", "Calder", dt.date(2017, 6, 14))

    [case] = find_matches(db, ruby, now=NOW + dt.timedelta(days=300))[0].cases
    assert case.status is Status.CLOSED and not case.is_open and case.closed_at is not None
    assert find_matches(db, ruby, now=NOW + dt.timedelta(days=400))[0].cases == ()


def test_search_is_audited_without_names(db, known):
    found = find_matches_for(db, [_person("Jon", "Smith", dt.date(2015, 3, 2)),
                                  _person("Nobody", "Known", dt.date(2000, 1, 1))], actor=LOCAL_ADMIN, now=NOW)
    assert [len(m) for m in found] == [1, 0]
    with db.read() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "person.search" and json.loads(event.detail) == {"looked_for": 2, "matches": 1}
    assert "Smith" not in event.detail and "Jon" not in event.detail


def test_linking_a_subject_creates_no_person(db, known):
    john = _ids(db, "John")
    with db.read() as s:
        before = s.scalar(select(func.count(Person.id)))
    payload = _payload("Jon", "Smith", "2015-03-02", "NG7 1AA")
    payload["subjects"][0]["person_id"] = john
    reference = add_referral(db, LOCAL_ADMIN, payload, now=NOW)
    with db.read() as s:
        assert s.scalar(select(func.count(Person.id))) == before
        person = s.get(Person, john)
        rows = s.scalars(select(ReferralPerson).where(ReferralPerson.person_id == john)).all()
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (person.given_name, person.postcode) == ("John", "NG7 1AA")  # name kept, address updated
    assert len(rows) == 2
    assert json.loads(event.detail)["linked_people"] == [john]
    [match] = find_matches(db, _person("John", "Smith", dt.date(2015, 3, 2)), now=NOW)
    assert {c.reference for c in match.cases} == {known["John"], reference}


def test_linking_to_an_unknown_person_is_refused(db, known):
    payload = _payload("Jon", "Smith", "2015-03-02")
    payload["subjects"][0]["person_id"] = 999_999
    with pytest.raises(FieldError, match=r"subjects\[0\]\.person_id"):
        add_referral(db, LOCAL_ADMIN, payload, now=NOW)
    payload["subjects"][0]["person_id"] = "12"
    with pytest.raises(FieldError, match="must be the id"):
        add_referral(db, LOCAL_ADMIN, payload, now=NOW)


def test_new_people_get_name_keys(db, known):
    with db.read() as s:
        keys = s.execute(select(Person.given_key, Person.family_key).where(Person.given_name == "Katy")).one()
    assert tuple(keys) == ("KT", "OBRN")
