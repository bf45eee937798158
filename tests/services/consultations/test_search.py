"""Searching the consultations, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.codes import AgencyKind, Role
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.consultations.search import search_consultations
from mash_desktop.services.consultations.records import (
    contact_payload,
    convert_to_contact,
    get_consultation,
    record_consultation,
)
from mash_desktop.services.admin.users import create_user

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)


def _call(minute: int, name: str, organisation: str, agency: str | None, question: str) -> dict:
    return {"received_at": f"2026-11-20T10:{minute:02d}:00Z",
            "caller": {"name": name, "organisation": organisation, "agency": agency, "phone": "0115 496 0732"},
            "question": question, "advice": "Advice given on the phone."}


@pytest.fixture
def calls(db):
    with db.write() as s:
        csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 5)
        create_agency(s, LOCAL_ADMIN, "EDU", "Education", AgencyKind.EDUCATION, 2)
        officer = Actor.of(create_user(s, LOCAL_ADMIN, "cscoff", "Sam Adviser", csc, [Role.OFFICER]))
        auditor = Actor.of(create_user(s, LOCAL_ADMIN, "audit", "Aud", csc, [Role.AUDITOR]))
    ids = [record_consultation(db, officer, _call(m, n, o, a, q), now=NOW) for m, n, o, a, q in (
        (5, "Harriet Okonjo", "Hillside Primary", "EDU", "Pupil 100% sure of neglect at home?"),
        (10, "Dev Patel", "Riverside Surgery", None, "Threshold for early help for a toddler"),
        (15, "Harriet Okonjo", "Hillside Primary", "EDU", "Sibling missing school"),
    )]
    payload = contact_payload(get_consultation(db, officer, ids[1])) | {
        "source": "health",
        "subjects": [{"given_name": "Ruby", "family_name": "Calder", "date_of_birth": "2023-06-14"}],
        "concerns": {"categories": ["neglect"], "details": "Toddler often hungry."},
        "parents_aware": True, "consent": {"obtained": True, "from_whom": "Kerry Calder (mother)"}}
    reference = convert_to_contact(db, officer, ids[1], payload, now=NOW)
    return officer, auditor, ids, reference


def _ids(page) -> list[int]:
    return [r.id for r in page.records]


def test_newest_first_and_every_word_must_match(db, calls):
    officer, _, ids, reference = calls
    assert _ids(search_consultations(db, officer)) == ids[::-1]
    assert _ids(search_consultations(db, officer, "harriet")) == [ids[2], ids[0]]
    assert _ids(search_consultations(db, officer, "HILLSIDE missing")) == [ids[2]]
    assert _ids(search_consultations(db, officer, "edu")) == [ids[2], ids[0]]
    assert _ids(search_consultations(db, officer, reference[-6:])) == [ids[1]]
    assert _ids(search_consultations(db, officer, "100%")) == [ids[0]]
    assert _ids(search_consultations(db, officer, "10_%")) == []  # wildcards are taken as typed
    page = search_consultations(db, officer, "okonjo")
    assert page.total == 2 and not page.more


def test_not_converted(db, calls):
    officer, _, ids, reference = calls
    page = search_consultations(db, officer, unconverted_only=True)
    assert _ids(page) == [ids[2], ids[0]] and page.total == 2
    assert search_consultations(db, officer, "patel").records[0].converted_reference == reference
    assert search_consultations(db, officer, "patel", unconverted_only=True).total == 0


def test_pages(db, calls):
    officer, _, ids, _ = calls
    first = search_consultations(db, officer, limit=2)
    second = search_consultations(db, officer, offset=2, limit=2)
    assert first.more and not second.more and (first.total, second.total) == (3, 3)
    assert _ids(first) + _ids(second) == ids[::-1]


def test_only_advisers_search(db, calls):
    _, auditor, _, _ = calls
    with pytest.raises(NotPermitted):
        search_consultations(db, auditor)
