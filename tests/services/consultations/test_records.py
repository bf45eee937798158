"""Consultations recorded, listed and turned into contacts, on both databases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.codes import AgencyKind, Channel, ContactSource, Role
from mash_desktop.domain.errors import Conflict, FieldError, NotFound, NotPermitted
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.consultations.records import (
    contact_payload,
    convert_to_contact,
    get_consultation,
    list_consultations,
    record_consultation,
)
from mash_desktop.services.admin.users import create_user
from mash_desktop.store.models import AuditEvent, Referral

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
QUESTION = "A Year 4 pupil says her mum's partner shouts when drunk. Is this a referral?"
ADVICE = "Speak to the mother today, then make a referral if the partner stays over."
CALL = {
    "received_at": "2026-11-20T10:15:00+00:00",
    "caller": {"name": "Harriet Okonjo", "role": "Designated safeguarding lead",
               "organisation": "Hillside Primary", "agency": "edu", "phone": "0115 496 0732", "email": None},
    "question": QUESTION,
    "advice": ADVICE,
}


@pytest.fixture
def staff(db):
    with db.write() as s:
        csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 5)
        create_agency(s, LOCAL_ADMIN, "EDU", "Education", AgencyKind.EDUCATION, 2)
        officer = Actor.of(create_user(s, LOCAL_ADMIN, "cscoff", "Sam Adviser", csc, [Role.OFFICER]))
        auditor = Actor.of(create_user(s, LOCAL_ADMIN, "audit", "Aud", csc, [Role.AUDITOR]))
    return officer, auditor


def _last_event(db) -> AuditEvent:
    with db.read() as s:
        return s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_record_and_read_back(db, staff):
    officer, _ = staff
    cid = record_consultation(db, officer, CALL, now=NOW)
    got = get_consultation(db, officer, cid)
    assert (got.caller_name, got.caller_agency, got.caller_agency_kind) == ("Harriet Okonjo", "EDU",
                                                                            AgencyKind.EDUCATION)
    assert (got.question, got.advice, got.given_by) == (QUESTION, ADVICE, "Sam Adviser")
    assert got.received_at == dt.datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    assert got.converted_reference is None
    event = _last_event(db)
    assert (event.action, event.object_ref) == ("consultation.record", str(cid))
    assert "Year 4" not in (event.detail or "") and "Harriet" not in (event.detail or "")


def test_received_now_when_not_given(db, staff):
    cid = record_consultation(db, staff[0], CALL | {"received_at": None}, now=NOW)
    assert get_consultation(db, staff[0], cid).received_at == NOW


def test_list_newest_first(db, staff):
    officer, _ = staff
    first = record_consultation(db, officer, CALL, now=NOW)
    second = record_consultation(db, officer, CALL | {"received_at": "2026-11-20T10:20:00Z"}, now=NOW)
    assert [c.id for c in list_consultations(db, officer)] == [second, first]


@pytest.mark.parametrize("change, field", [
    ({"question": "  "}, "question"),
    ({"advice": None}, "advice"),
    ({"caller": CALL["caller"] | {"name": ""}}, "caller.name"),
    ({"caller": CALL["caller"] | {"phone": "call me"}}, "caller.phone"),
    ({"received_at": "2026-11-25T10:00:00Z"}, "received_at"),
])
def test_bad_input_names_the_field(db, staff, change, field):
    with pytest.raises(FieldError) as caught:
        record_consultation(db, staff[0], CALL | change, now=NOW)
    assert caught.value.field == field


def test_unknown_agency_is_refused(db, staff):
    with pytest.raises(NotFound, match="caller.agency"):
        record_consultation(db, staff[0], CALL | {"caller": CALL["caller"] | {"agency": "XYZ"}}, now=NOW)


def test_only_advisers_record(db, staff):
    with pytest.raises(NotPermitted):
        record_consultation(db, staff[1], CALL, now=NOW)
    with pytest.raises(NotPermitted):
        list_consultations(db, staff[1])


def test_prefill_from_a_consultation(db, staff):
    cid = record_consultation(db, staff[0], CALL, now=NOW)
    payload = contact_payload(get_consultation(db, staff[0], cid))
    assert payload["source"] == ContactSource.SCHOOL.value and payload["channel"] == Channel.PHONE.value
    assert payload["referrer"]["name"] == "Harriet Okonjo" and payload["referrer"]["agency"] == "EDU"
    assert payload["concerns"]["details"] == QUESTION and payload["subjects"] == []


def _completed(payload: dict) -> dict:
    return payload | {
        "subjects": [{"given_name": "Ruby", "family_name": "Calder", "date_of_birth": "2017-06-14"}],
        "concerns": payload["concerns"] | {"categories": ["domestic_abuse"]},
        "parents_aware": True,
        "consent": {"obtained": True, "from_whom": "Kerry Calder (mother)"},
    }


def test_convert_to_contact_once(db, staff):
    officer, _ = staff
    cid = record_consultation(db, officer, CALL, now=NOW)
    payload = _completed(contact_payload(get_consultation(db, officer, cid)))
    reference = convert_to_contact(db, officer, cid, payload, now=NOW)
    assert reference.startswith("MASH-2026-")
    assert get_consultation(db, officer, cid).converted_reference == reference
    assert list_consultations(db, officer, unconverted_only=True) == []
    event = _last_event(db)
    assert (event.action, json.loads(event.detail)) == ("consultation.convert", {"referral": reference})

    with pytest.raises(Conflict, match=reference):
        convert_to_contact(db, officer, cid, payload, now=NOW)
    with db.read() as s:
        assert s.scalar(select(func.count(Referral.id))) == 1


def test_a_bad_contact_leaves_the_consultation_unconverted(db, staff):
    officer, _ = staff
    cid = record_consultation(db, officer, CALL, now=NOW)
    with pytest.raises(FieldError):
        convert_to_contact(db, officer, cid, contact_payload(get_consultation(db, officer, cid)), now=NOW)
    assert get_consultation(db, officer, cid).converted_reference is None
    with pytest.raises(NotFound):
        convert_to_contact(db, officer, 9999, _completed(contact_payload(get_consultation(db, officer, cid))),
                           now=NOW)
