"""Known people found at every door: exact matches linked at intake, possible
matches decided by the screening supervisor; on both databases."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import Rag, Status
from mash_desktop.domain.errors import Conflict, NotFound, NotPermitted
from mash_desktop.services.case import casework
from mash_desktop.services.case.history import earlier_cases
from mash_desktop.services.case.signed_state import referral_state_verified
from mash_desktop.services.consultations.records import convert_to_contact, record_consultation
from mash_desktop.services.intake.referral_import import import_referrals
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.services.intake.screening_matches import confirm_new, link_person, subjects_to_check
from mash_desktop.store.models import AuditEvent, Person, PersonLink, Referral
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

CALL = {"received_at": "2026-11-20T10:15:00+00:00",
        "caller": {"name": "Harriet Okonjo", "role": "Designated safeguarding lead",
                   "organisation": "Hillside Primary", "agency": None, "phone": "0115 496 0732", "email": None},
        "question": "Is this a referral?", "advice": "Make a referral."}


def _payload(given: str = "Ruby", family: str = "Calder", born: str = "2017-06-14", **subject) -> dict:
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0] |= {"given_name": given, "family_name": family, "date_of_birth": born} | subject
    return payload


def _ruby(db) -> int:
    with db.read() as s:
        return s.scalar(select(Person.id).where(Person.given_name == "Ruby").order_by(Person.id))


def _subject(db, reference: str) -> int:
    with db.read() as s:
        return referral_by_reference(s, reference).people[0].person_id


def _links(db, reference: str) -> list[tuple]:
    with db.read() as s:
        referral = referral_by_reference(s, reference)
        return [(k.kind, k.person_id, k.known_person_id, k.by_id)
                for k in s.scalars(select(PersonLink).where(PersonLink.referral_id == referral.id))]


def _exactly_linked(db, reference: str, by: int) -> None:
    ruby = _ruby(db)
    assert _subject(db, reference) == ruby
    assert _links(db, reference) == [("exact", ruby, ruby, by)]
    with db.read() as s:
        detail = json.loads(s.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "referral.add", AuditEvent.object_ref == reference)))
        assert detail["exact_people"] == [ruby] and REF in detail["open_cases"]
        assert "Ruby" not in json.dumps(detail) and "Calder" not in json.dumps(detail)
        assert [c.reference for c in earlier_cases(s, referral_by_reference(s, reference))] == [REF]


def test_an_exact_match_at_the_portal_door_is_linked(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    # Folded as names are: case, accents and hyphens do not matter.
    reference = add_referral(sup_hub.db, officer, _payload("RUBY", "calder"))
    _exactly_linked(sup_hub.db, reference, officer.user_id)


def test_an_exact_match_in_an_import_is_linked(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    raw = json.dumps({"referrals": [_payload(" ruby ", "Calder")]}).encode()
    [reference] = import_referrals(sup_hub.db, officer, raw, "portal.json")
    _exactly_linked(sup_hub.db, reference, officer.user_id)


def test_an_exact_match_in_a_consultation_made_a_contact_is_linked(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    cid = record_consultation(sup_hub.db, officer, CALL)
    reference = convert_to_contact(sup_hub.db, officer, cid, _payload())
    _exactly_linked(sup_hub.db, reference, officer.user_id)


def test_two_people_with_one_name_and_birthday_are_no_exact_match(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    # A second Ruby Calder born the same day, recorded as a new person at screening.
    second = add_referral(sup_hub.db, officer, _payload("Rubi"))
    lead = sup_hub.sign_in("csc.lead")
    confirm_new(sup_hub.db, lead, second, _subject(sup_hub.db, second))
    with sup_hub.db.write() as s:  # the typing corrected by hand: now two records are exact
        s.get(Person, _subject(sup_hub.db, second)).given_name = "Ruby"
    third = add_referral(sup_hub.db, officer, _payload())
    assert _links(sup_hub.db, third) == []
    assert _subject(sup_hub.db, third) not in (_ruby(sup_hub.db), _subject(sup_hub.db, second))


def test_a_subject_linked_on_the_form_is_recorded_and_not_asked_again(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    ruby = _ruby(sup_hub.db)
    reference = add_referral(sup_hub.db, officer, _payload("Rubi", person_id=ruby))
    assert _links(sup_hub.db, reference) == [("linked", ruby, ruby, officer.user_id)]
    assert subjects_to_check(sup_hub.db, sup_hub.sign_in("csc.lead"), reference) == ()


def test_a_near_match_is_not_linked_but_put_to_the_supervisor(sup_hub):
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor,
                             _payload("Rubi", school="Oak Lane Primary"))
    assert _links(sup_hub.db, reference) == [] and _subject(sup_hub.db, reference) != _ruby(sup_hub.db)
    [subject] = subjects_to_check(sup_hub.db, sup_hub.sign_in("csc.lead"), reference)
    assert (subject.person_id, subject.number) == (_subject(sup_hub.db, reference), 1)
    [match] = subject.matches
    assert match.person_id == _ruby(sup_hub.db) and not match.exact
    assert match.why == "Same family name, given name sounds alike, same date of birth, same address"
    assert match.differs == ("Given name differs — this contact: Rubi; on record: Ruby",
                             "School differs — this contact: Oak Lane Primary; on record: Hillside Primary")
    assert [(c.reference, c.status, c.is_open) for c in match.cases] == [(REF, Status.NEW, True)]
    assert match.contacts == 1  # never the contact being screened
    with sup_hub.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.search")
                          .order_by(AuditEvent.id.desc())).first()
        assert (event.object_ref, json.loads(event.detail)) == (reference, {"looked_for": 1, "matches": 1})


def test_the_supervisor_links_and_the_history_follows(sup_hub):
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, _payload("Rubi"))
    lead = sup_hub.sign_in("csc.lead")
    subject, ruby = _subject(sup_hub.db, reference), _ruby(sup_hub.db)
    with sup_hub.db.read() as s:
        assert earlier_cases(s, referral_by_reference(s, reference)) == ()
    link_person(sup_hub.db, lead, reference, subject, ruby)
    assert _links(sup_hub.db, reference) == [("linked", subject, ruby, lead.actor.user_id)]
    assert subjects_to_check(sup_hub.db, lead, reference) == ()  # decided: not asked again
    with sup_hub.db.read() as s:
        assert [c.reference for c in earlier_cases(s, referral_by_reference(s, reference))] == [REF]
        assert [c.reference for c in earlier_cases(s, referral_by_reference(s, REF))] == [reference]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.link")).one()
        assert json.loads(event.detail) == {"subject": subject, "known": ruby, "kind": "linked"}
    with pytest.raises(Conflict, match="already decided"):
        confirm_new(sup_hub.db, lead, reference, subject)
    # The next contact about either record is an exact match to one person.
    later = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, _payload())
    assert _links(sup_hub.db, later)[0][:3] == ("exact", ruby, ruby)


def test_the_supervisor_routes_the_contact_to_the_persons_case_signed(sup_hub):
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, _payload("Rubi"))
    lead = sup_hub.sign_in("csc.lead")
    subject, ruby = _subject(sup_hub.db, reference), _ruby(sup_hub.db)
    with pytest.raises(NotFound, match="MASH-2026-000099"):
        link_person(sup_hub.db, lead, reference, subject, ruby, route_to="MASH-2026-000099")
    assert _links(sup_hub.db, reference) == []  # a refused route links nobody either
    link_person(sup_hub.db, lead, reference, subject, ruby, route_to=REF.lower())
    with sup_hub.db.read() as s:
        referral = referral_by_reference(s, reference)
        assert referral.linked_referral_id == referral_by_reference(s, REF).id
        assert referral_state_verified(s, lead.trust, referral)
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "referral.screen")).one()
        assert json.loads(event.detail) == {"routed_to": REF, "was": None}
        assert [(c.reference, c.linked) for c in earlier_cases(s, referral)] == [(REF, True)]
    # Screening goes on as usual on the signed state.
    casework.run_step(sup_hub.db, lead.actor, reference, casework.set_rag, Rag.GREEN, "Known family")


def test_the_supervisor_confirms_a_new_person(sup_hub):
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, _payload("Rubi"))
    lead = sup_hub.sign_in("csc.lead")
    subject = _subject(sup_hub.db, reference)
    confirm_new(sup_hub.db, lead, reference, subject)
    assert _links(sup_hub.db, reference) == [("new", subject, None, lead.actor.user_id)]
    assert subjects_to_check(sup_hub.db, lead, reference) == ()
    with sup_hub.db.read() as s:
        assert earlier_cases(s, referral_by_reference(s, reference)) == ()


def test_only_the_screen_steps_roles_decide_and_only_among_the_matches(sup_hub):
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, _payload("Rubi"))
    subject, ruby = _subject(sup_hub.db, reference), _ruby(sup_hub.db)
    for username in ("csc.officer", "csc.decision"):
        someone = sup_hub.sign_in(username)
        with pytest.raises(NotPermitted):
            subjects_to_check(sup_hub.db, someone, reference)
        with pytest.raises(NotPermitted):
            link_person(sup_hub.db, someone, reference, subject, ruby)
        with pytest.raises(NotPermitted):
            confirm_new(sup_hub.db, someone, reference, subject)
    lead = sup_hub.sign_in("csc.lead")
    with sup_hub.db.read() as s:
        kerry = s.scalar(select(Person.id).where(Person.given_name == "Kerry"))
    with pytest.raises(NotFound, match="possible matches"):
        link_person(sup_hub.db, lead, reference, subject, kerry)
    with pytest.raises(NotFound, match="not a subject"):
        confirm_new(sup_hub.db, lead, reference, kerry)
    with pytest.raises(NotFound, match="not a subject"):
        link_person(sup_hub.db, lead, reference, ruby, subject)
    assert _links(sup_hub.db, reference) == []


def test_a_closed_case_is_reopened_before_its_subjects_are_decided(sup_hub):
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, _payload("Rubi"))
    with sup_hub.db.write() as s:  # closed by hand: the rule is the service's, whatever the state
        s.scalar(select(Referral).where(Referral.reference == reference)).status = Status.CLOSED
    with pytest.raises(Conflict, match="reopen"):
        confirm_new(sup_hub.db, sup_hub.sign_in("csc.lead"), reference, _subject(sup_hub.db, reference))


def test_a_second_subject_is_never_the_same_known_person_twice(sup_hub):
    payload = _payload()
    payload["subjects"].append(copy.deepcopy(payload["subjects"][0]))
    reference = add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, payload)
    links = _links(sup_hub.db, reference)
    assert [k[0] for k in links] == ["exact"]
    with sup_hub.db.read() as s:
        people = [p.person_id for p in referral_by_reference(s, reference).people]
    assert people[0] == _ruby(sup_hub.db) and people[1] != people[0]  # the second: the supervisor's to decide
