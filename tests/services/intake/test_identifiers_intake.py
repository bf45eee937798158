"""NHS numbers and UPNs at every door, in the person check and in the case;
on both databases."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from sqlalchemy import select

from mash_desktop.admin.cli import main
from mash_desktop.domain.errors import FieldError
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.consultations.records import convert_to_contact, record_consultation
from mash_desktop.services.intake.duplicates import find_matches
from mash_desktop.services.intake.referral_import import ImportRejected, import_referrals
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.services.intake.screening_matches import subjects_to_check
from mash_desktop.domain.intake import parse_referral
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, Person, PersonLink, Referral
from tests.hub_factory import EXAMPLE
from tests.services.intake.test_person_check import CALL
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

MIA_NHS, OTHER_NHS, BAD_NHS = "943 476 5919", "401 023 2137", "943 476 5918"
REFUSAL = "NHS number 943 476 5918 fails its check digit"
TODAY = dt.date(2026, 11, 20)


def _payload(given: str = "Mia", family: str = "Harlow", born: str = "2015-03-09", **subject) -> dict:
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0] |= {"given_name": given, "family_name": family, "date_of_birth": born,
                               "address": None, "school": None} | subject
    return payload


def _subject(db, reference: str) -> Person:
    with db.read() as s:
        person = referral_by_reference(s, reference).people[0].person
        s.expunge(person)
        return person


def _links(db, reference: str) -> list[tuple]:
    with db.read() as s:
        referral = referral_by_reference(s, reference)
        return [(k.kind, k.person_id, k.known_person_id)
                for k in s.scalars(select(PersonLink).where(PersonLink.referral_id == referral.id))]


def _counts(db) -> tuple[int, int]:
    with db.read() as s:
        return len(s.scalars(select(Referral.id)).all()), len(s.scalars(select(Person.id)).all())


def test_identifiers_are_stored_as_digits_and_shown_in_the_case(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    payload = _payload(nhs_number=MIA_NHS, upn="b801 2000 05001")
    payload["household"] = [{"given_name": "Lena", "family_name": "Harlow", "date_of_birth": "1990-01-02",
                             "relationship": "mother", "nhs_number": "401-023-2137"}]
    reference = add_referral(sup_hub.db, officer, payload)
    mia = _subject(sup_hub.db, reference)
    assert (mia.nhs_number, mia.upn) == ("9434765919", "B801200005001")
    case = open_case(sup_hub.db, sup_hub.sign_in("csc.lead"), reference, WORKSPACE)
    assert (case.subjects[0].nhs_number, case.subjects[0].upn) == ("9434765919", "B801200005001")
    assert (case.household[0].nhs_number, case.household[0].upn) == ("4010232137", None)


@pytest.mark.parametrize("door", ["portal", "json import", "csv import", "consultation"])
def test_each_door_refuses_a_bad_nhs_number_and_stores_nothing(sup_hub, door):
    officer = sup_hub.sign_in("csc.officer").actor
    before = _counts(sup_hub.db)
    payload = _payload(nhs_number=BAD_NHS)
    if door == "portal":
        with pytest.raises(FieldError) as refused:
            add_referral(sup_hub.db, officer, payload)
        assert str(refused.value) == f"subjects[0].nhs_number: {REFUSAL}"
    elif door == "consultation":
        cid = record_consultation(sup_hub.db, officer, CALL)
        before = _counts(sup_hub.db)
        with pytest.raises(FieldError, match="fails its check digit"):
            convert_to_contact(sup_hub.db, officer, cid, payload)
    else:
        if door == "json import":
            raw, name = json.dumps([payload]).encode(), "portal.json"
        else:
            raw, name = ("source,referrer_name,referrer_phone,subject_given_name,subject_family_name,subject_date_of_birth,subject_upn,"
                         "concern_categories,concern_details,parents_aware,consent_obtained,consent_from_whom\n"
                         "school,Priya Raman,0115 496 0118,Mia,Harlow,2015-03-09,A801200005001,neglect,Hungry,yes,yes,Lena Harlow\n"
                         ).encode(), "portal.csv"
        with pytest.raises(ImportRejected) as rejected:
            import_referrals(sup_hub.db, officer, raw, name)
        [rejection] = rejected.value.rejections
        if door == "json import":
            assert (rejection.row, rejection.field, rejection.reason) == (1, "subjects[0].nhs_number", REFUSAL)
        else:
            assert (rejection.row, rejection.field, rejection.reason) == (
                2, "subject_upn", "UPN A801200005001 fails its check letter")
    assert _counts(sup_hub.db) == before


def test_a_good_number_comes_in_by_csv(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    raw = ("source,referrer_name,referrer_phone,subject_given_name,subject_family_name,subject_date_of_birth,subject_nhs_number,subject_upn,"
           "concern_categories,concern_details,parents_aware,consent_obtained,consent_from_whom\n"
           "school,Priya Raman,0115 496 0118,Mia,Harlow,2015-03-09,943-476-5919,B801200005001,neglect,Hungry,yes,yes,Lena Harlow\n").encode()
    [reference] = import_referrals(sup_hub.db, officer, raw, "portal.csv")
    mia = _subject(sup_hub.db, reference)
    assert (mia.nhs_number, mia.upn) == ("9434765919", "B801200005001")


def test_mash_admin_referral_add_refuses_a_bad_number_in_one_line(db_url, capsys, tmp_path):
    path = tmp_path / "referral.json"
    path.write_text(json.dumps(_payload(nhs_number=BAD_NHS)))
    rc = main(["--db", db_url, "referral", "add", "--json", str(path)])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert f"subjects[0].nhs_number: {REFUSAL}" in err and err.count("\n") == 1
    path.write_text(json.dumps(_payload(nhs_number=MIA_NHS)))
    assert main(["--db", db_url, "referral", "add", "--json", str(path)]) == 0
    db = Database(db_url)
    try:
        with db.read() as s:
            assert s.scalars(select(Person.nhs_number)).all() == ["9434765919"]
    finally:
        db.dispose()


def test_the_same_nhs_number_links_the_subject_whatever_the_spelling(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    first = add_referral(sup_hub.db, officer, _payload(nhs_number=MIA_NHS))
    mia = _subject(sup_hub.db, first).id
    # Names misspelt and the birthday slipped: the NHS number says who it is.
    later = add_referral(sup_hub.db, officer, _payload("Miya", "Harlowe", "2015-09-03", nhs_number="9434765919"))
    assert _subject(sup_hub.db, later).id == mia
    assert _links(sup_hub.db, later) == [("exact", mia, mia)]
    # The intake form's look-up says why, and offers it as the exact match.
    wanted = parse_referral(_payload("Miya", "Harlowe", "2015-09-03", nhs_number=MIA_NHS), today=TODAY)
    [match] = find_matches(sup_hub.db, wanted.subjects[0])
    assert match.person_id == mia and match.exact and match.exact_why == "same NHS number"
    assert match.why.startswith("Same NHS number")


def test_the_same_upn_links_the_subject(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    first = add_referral(sup_hub.db, officer, _payload(upn="B801200005001"))
    mia = _subject(sup_hub.db, first).id
    later = add_referral(sup_hub.db, officer, _payload("Miya", upn="B801200005001"))
    assert _links(sup_hub.db, later) == [("exact", mia, mia)]


def test_a_different_nhs_number_is_not_linked_and_the_supervisor_sees_what_differs(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    first = add_referral(sup_hub.db, officer, _payload(nhs_number=MIA_NHS))
    mia = _subject(sup_hub.db, first).id
    later = add_referral(sup_hub.db, officer, _payload(nhs_number=OTHER_NHS))  # same names and birthday
    subject = _subject(sup_hub.db, later)
    assert subject.id != mia and subject.nhs_number == "4010232137"
    assert _links(sup_hub.db, later) == []
    [to_check] = subjects_to_check(sup_hub.db, sup_hub.sign_in("csc.lead"), later)
    [match] = to_check.matches
    assert match.person_id == mia and not match.exact
    assert "NHS number differs — this contact: 401 023 2137; on record: 943 476 5919" in match.differs


def test_a_subject_without_a_number_is_linked_by_name_and_fills_it_in_later(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    first = add_referral(sup_hub.db, officer, _payload())
    mia = _subject(sup_hub.db, first).id
    later = add_referral(sup_hub.db, officer, _payload(nhs_number=MIA_NHS))
    assert _links(sup_hub.db, later) == [("exact", mia, mia)]
    assert _subject(sup_hub.db, first).nhs_number == "9434765919"  # the one record gained it


def test_a_link_by_hand_to_someone_with_another_number_is_refused(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    first = add_referral(sup_hub.db, officer, _payload(nhs_number=MIA_NHS))
    mia = _subject(sup_hub.db, first).id
    before = _counts(sup_hub.db)
    with pytest.raises(FieldError) as refused:
        add_referral(sup_hub.db, officer, _payload(nhs_number=OTHER_NHS, person_id=mia))
    assert refused.value.field == "subjects[0].nhs_number"
    assert "401 023 2137 differs from the one recorded for the person linked (943 476 5919)" in str(refused.value)
    assert _counts(sup_hub.db) == before
    assert _subject(sup_hub.db, first).nhs_number == "9434765919"


def test_no_name_or_number_reaches_the_audit_trail(sup_hub):
    officer = sup_hub.sign_in("csc.officer").actor
    add_referral(sup_hub.db, officer, _payload(nhs_number=MIA_NHS))
    add_referral(sup_hub.db, officer, _payload("Miya", nhs_number=MIA_NHS))
    with sup_hub.db.read() as s:
        details = " ".join(d or "" for d in s.scalars(select(AuditEvent.detail)))
    assert "9434765919" not in details and "943 476 5919" not in details
