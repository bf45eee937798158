"""Name keys and person likeness: what counts as the same person, and why."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mash_desktop.domain.errors import FieldError
from mash_desktop.domain.intake import parse_referral
from mash_desktop.domain.names import fold, name_key
from mash_desktop.domain.person_match import LIKELY, Identity, NameAgreement, compare, name_agreement

EXAMPLE = json.loads((Path(__file__).parents[2] / "resources" / "examples" / "referral.json").read_text())
RUBY = Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 14),
                postcode="NG5 9QT", address_line1="14 Larch Close")


@pytest.mark.parametrize("a, b", [("Jon", "John"), ("Katie", "Katy"), ("Mohammed", "Muhammad"),
                                  ("Catherine", "Katherine"), ("Stephen", "Steven"), ("Calder", "Kalder"),
                                  ("Philip", "Filip"), ("Siobhán", "Siobhan"), ("Zoë", "Zoe")])
def test_spellings_share_a_key(a, b):
    assert name_key(a) == name_key(b) != ""


def test_fold_and_other_scripts():
    assert fold("  O'Neill-Burke ") == "oneill burke"
    assert fold("Łukasz Straße") == "lukasz strasse"
    assert name_key("محمد") == "محمد"
    assert name_key("...") == ""


@pytest.mark.parametrize("a, b, agreement", [
    ("Ruby", "ruby", NameAgreement.SAME),
    ("Jon", "John", NameAgreement.SOUNDS_ALIKE),
    ("Aisha", "Ayesha", NameAgreement.SIMILAR),
    ("Smith", "Smith-Jones", NameAgreement.PARTLY_SAME),
    ("Siobhan", "Shivaun", NameAgreement.SIMILAR),
    ("Ruby", "Grace", NameAgreement.DIFFERENT),
    ("", "Grace", NameAgreement.DIFFERENT),
])
def test_name_agreement(a, b, agreement):
    assert name_agreement(a, b) is agreement


@pytest.mark.parametrize("other, likely", [
    (Identity(given_name="Rubi", family_name="Calder", date_of_birth=dt.date(2017, 6, 14)), True),
    (Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 15)), True),
    (Identity(given_name="Calder", family_name="Ruby", date_of_birth=dt.date(2017, 6, 14)), True),
    (Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(1990, 2, 1)), False),
    (Identity(given_name="Tom", family_name="Smith", date_of_birth=dt.date(2017, 6, 14), postcode="NG59QT"), False),
    (Identity(given_name="Dean", family_name="Calder", date_of_birth=dt.date(2015, 1, 3), postcode="NG5 9QT"), False),
])
def test_likely_or_not(other, likely):
    assert compare(other, RUBY).likely is likely


def test_full_agreement_scores_100_with_reasons_strongest_first():
    likeness = compare(RUBY, RUBY)
    assert likeness.score == 100 and likeness.score >= LIKELY
    assert likeness.reasons == ("same date of birth", "same family name", "same given name", "same postcode",
                                "same address")


def test_a_subject_may_name_a_known_person():
    payload = json.loads(json.dumps(EXAMPLE))
    payload["subjects"][0]["person_id"] = 7
    intake = parse_referral(payload, today=dt.date(2026, 11, 20))
    assert intake.subjects[0].person_id == 7
    assert parse_referral(intake.to_json_dict(), today=dt.date(2026, 11, 20)) == intake
    for bad in (0, True, "7", 1.5):
        payload["subjects"][0]["person_id"] = bad
        with pytest.raises(FieldError, match=r"subjects\[0\]\.person_id"):
            parse_referral(payload, today=dt.date(2026, 11, 20))


def test_same_name_and_birth_is_the_exact_match():
    from mash_desktop.domain.person_match import same_name_and_birth
    assert same_name_and_birth(RUBY, Identity(given_name="RUBY", family_name="calder",
                                              date_of_birth=dt.date(2017, 6, 14)))
    assert not same_name_and_birth(RUBY, Identity(given_name="Rubi", family_name="Calder",
                                                  date_of_birth=dt.date(2017, 6, 14)))
    assert not same_name_and_birth(RUBY, Identity(given_name="Ruby", family_name="Calder",
                                                  date_of_birth=dt.date(2017, 6, 15)))
    nobody = Identity(given_name="", family_name="", date_of_birth=None)
    assert not same_name_and_birth(nobody, nobody)


@pytest.mark.parametrize("wanted, expected", [
    (Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 14)),
     "Same name and date of birth"),
    (Identity(given_name="Rubee", family_name="Kalder", date_of_birth=dt.date(2017, 6, 14)),
     "Names sound alike, same date of birth"),
    (Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 14), postcode="NG59QT",
              address_line1="14 LARCH CLOSE"),
     "Same name and date of birth, same address"),
    (Identity(given_name="Calder", family_name="Ruby", date_of_birth=dt.date(2017, 6, 14)),
     "Given and family names swapped, same date of birth"),
])
def test_why_a_match_is_said_in_words(wanted, expected):
    from mash_desktop.domain.match_words import why
    assert why(compare(wanted, RUBY).reasons) == expected


def test_day_and_month_swapped_in_words():
    from mash_desktop.domain.match_words import why
    born = Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 4, 6))
    swapped = Identity(given_name="Rubee", family_name="Kalder", date_of_birth=dt.date(2017, 6, 4))
    assert why(compare(swapped, born).reasons) == "Names sound alike, day and month of birth swapped"


def test_what_differs_is_said_in_words():
    from mash_desktop.domain.match_words import differences
    known = Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 14),
                     postcode="NG5 9QT", address_line1="14 Larch Close", school="Hillside Primary", gp=None)
    wanted = Identity(given_name="ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 14),
                      postcode="NG59QT", address_line1="2 Elm Road", school="Oak Lane Primary", gp="Meadowbank")
    assert differences(wanted, known) == (
        "Address differs — this contact: 2 Elm Road; on record: 14 Larch Close",
        "School differs — this contact: Oak Lane Primary; on record: Hillside Primary",
        "GP — this contact: Meadowbank; on record: not recorded",
    )
    assert differences(known, known) == ()
