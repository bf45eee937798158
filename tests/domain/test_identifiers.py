"""NHS numbers and unique pupil numbers: checked, kept, compared and shown."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from mash_desktop.domain.identifiers import (
    IdentifierError,
    Identifiers,
    clean_nhs_number,
    clean_upn,
    conflicting_identifiers,
    same_identifier,
    show_nhs_number,
)
from mash_desktop.domain.import_rows import COLUMN_OF, CSV_COLUMNS
from mash_desktop.domain.intake import parse_referral, validation_errors
from mash_desktop.domain.match_words import differences, why
from mash_desktop.domain.person_match import Identity, compare, exact_reason
from tests.hub_factory import EXAMPLE

TODAY = dt.date(2026, 11, 20)

#: Typed -> kept: the NHS's own published example and other numbers whose check digit holds.
GOOD_NHS = [
    ("943 476 5919", "9434765919"),
    ("9434765919", "9434765919"),
    ("943-476-5919", "9434765919"),
    (" 401 023 2137 ", "4010232137"),
    ("450 557 7104", "4505577104"),
    ("900 000 0009", "9000000009"),
]
#: Typed -> the one-line refusal.
BAD_NHS = [
    ("943 476 5918", "NHS number 943 476 5918 fails its check digit"),
    ("401 023 2138", "NHS number 401 023 2138 fails its check digit"),
    ("123 456 7130", "NHS number 123 456 7130 fails its check digit"),  # the check digit would be 10
    ("943 476 591", "NHS number 943 476 591 has 9 digits, not 10"),
    ("94347659190", "NHS number 94347659190 has 11 digits, not 10"),
    ("943 476 591X", "NHS number 943 476 591X must be 10 digits, like 943 476 5919"),
    ("NHS 9434765919", "NHS number NHS 9434765919 must be 10 digits, like 943 476 5919"),
    ("9" * 60, f"NHS number {'9' * 20}… has 60 digits, not 10"),
    ("\ud7fc", "NHS number \\ud7fc must be 10 digits, like 943 476 5919"),  # unassigned: escaped, not repeated
    ("94\x1b3", "NHS number 94\\x1b3 must be 10 digits, like 943 476 5919"),
]
GOOD_UPN = [
    ("B801200005001", "B801200005001"),
    ("b801200005001", "B801200005001"),
    ("B801 2000 05001", "B801200005001"),
    ("H801200001001", "H801200001001"),
    ("J916200010001", "J916200010001"),
]
BAD_UPN = [
    ("A801200005001", "UPN A801200005001 fails its check letter"),
    ("X80120000A001", "UPN X80120000A001 must be a letter, 11 digits and a letter or digit, like B801200005001"),
    ("E000200005001", "UPN E000200005001 does not start with a known local authority number"),
    ("B80120000500", "UPN B80120000500 has 12 characters, not 13"),
    ("B80\u2028", "UPN B80 has 3 characters, not 13"),
    ("B8\x7f01", "UPN B8\\x7f01 has 5 characters, not 13"),
]


@pytest.mark.parametrize(("typed", "kept"), GOOD_NHS)
def test_a_good_nhs_number_is_kept_as_its_digits(typed, kept):
    assert clean_nhs_number(typed) == kept
    assert show_nhs_number(kept) == f"{kept[:3]} {kept[3:6]} {kept[6:]}"


@pytest.mark.parametrize(("typed", "message"), BAD_NHS)
def test_a_bad_nhs_number_is_refused_in_one_line(typed, message):
    with pytest.raises(IdentifierError) as refused:
        clean_nhs_number(typed)
    assert str(refused.value) == message and "\n" not in message


@pytest.mark.parametrize(("typed", "kept"), GOOD_UPN)
def test_a_good_upn_is_kept_in_capitals(typed, kept):
    assert clean_upn(typed) == kept


@pytest.mark.parametrize(("typed", "message"), BAD_UPN)
def test_a_bad_upn_is_refused_in_one_line(typed, message):
    with pytest.raises(IdentifierError) as refused:
        clean_upn(typed)
    assert str(refused.value) == message


def _payload(**subject) -> dict:
    payload = copy.deepcopy(EXAMPLE)
    payload["subjects"][0] |= subject
    return payload


def test_a_referral_carries_identifiers_for_subjects_and_household():
    payload = _payload(nhs_number="943 476 5919", upn="b801200005001")
    payload["household"][0]["nhs_number"] = "401-023-2137"
    intake = parse_referral(payload, today=TODAY)
    subject, mother = intake.subjects[0], intake.household[0]
    assert (subject.nhs_number, subject.upn) == ("9434765919", "B801200005001")
    assert (mother.nhs_number, mother.upn) == ("4010232137", None)
    assert parse_referral(intake.to_json_dict(), today=TODAY) == intake  # the shape round-trips
    assert "nhs_number" not in intake.to_json_dict()["household"][1]  # none given, none written


def test_a_referral_without_identifiers_is_as_before():
    intake = parse_referral(_payload(nhs_number=None, upn=""), today=TODAY)
    assert (intake.subjects[0].nhs_number, intake.subjects[0].upn) == (None, None)


def test_every_bad_identifier_of_a_referral_is_named():
    payload = _payload(nhs_number="943 476 5918", upn="A801200005001")
    payload["household"][1]["nhs_number"] = 9434765919  # a number, not text
    assert [(e.field, e.problem) for e in validation_errors(payload, today=TODAY)] == [
        ("subjects[0].nhs_number", "NHS number 943 476 5918 fails its check digit"),
        ("subjects[0].upn", "UPN A801200005001 fails its check letter"),
        ("household[1].nhs_number", "must be text, not a number"),
    ]


def test_the_csv_import_has_a_column_for_each():
    assert CSV_COLUMNS["subject_nhs_number"] == ("subjects", 0, "nhs_number")
    assert CSV_COLUMNS["subject_upn"] == ("subjects", 0, "upn")
    assert COLUMN_OF["subjects[0].nhs_number"] == "subject_nhs_number"


def test_one_identifier_shared_or_differing():
    a = Identifiers("9434765919", None)
    assert same_identifier(a, Identifiers("9434765919", "B801200005001")) == "NHS number"
    assert same_identifier(Identifiers(None, "B801200005001"), Identifiers("4010232137", "B801200005001")) == "UPN"
    assert same_identifier(a, Identifiers()) is None
    assert conflicting_identifiers(a, Identifiers("4010232137", "B801200005001")) == ("NHS number",)
    assert conflicting_identifiers(a, Identifiers(None, "B801200005001")) == ()


RUBY = Identity(given_name="Ruby", family_name="Calder", date_of_birth=dt.date(2017, 6, 14), postcode="NG5 9QT")


def _with(identity: Identity, **changes) -> Identity:
    return Identity(**{**{f: getattr(identity, f) for f in identity.__dataclass_fields__}, **changes})


def test_the_same_nhs_number_is_exact_whatever_the_names():
    wanted = _with(RUBY, given_name="Rubi", family_name="Kalder", nhs_number="9434765919")
    known = _with(RUBY, nhs_number="9434765919")
    assert exact_reason(wanted, known) == "same NHS number"
    likeness = compare(wanted, known)
    assert likeness.likely and likeness.reasons[0] == "same NHS number"
    assert why(likeness.reasons).startswith("Same NHS number, ")


def test_a_different_nhs_number_is_never_exact_but_is_shown_with_what_differs():
    wanted, known = _with(RUBY, nhs_number="9434765919"), _with(RUBY, nhs_number="4010232137")
    assert exact_reason(wanted, known) is None
    assert exact_reason(_with(RUBY, nhs_number="9434765919"), RUBY) == "same names and date of birth"
    assert compare(wanted, known).likely  # still put to the supervisor
    assert compare(wanted, known).score < compare(wanted, RUBY).score
    assert differences(wanted, known) == (
        "NHS number differs — this contact: 943 476 5919; on record: 401 023 2137",)
    assert differences(_with(RUBY, upn="B801200005001"), RUBY) == (
        "UPN — this contact: B801200005001; on record: not recorded",)
