"""The referral portal's JSON: what is accepted, what is refused and where."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mash_desktop.domain.codes import Channel, ConcernCategory, ContactSource
from mash_desktop.domain.errors import FieldError, UserError
from mash_desktop.domain.intake import (
    Gender,
    ReferralIntake,
    normalise_postcode,
    parse_referral,
    validation_errors,
)

TODAY = date(2026, 11, 20)
EXAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "examples" / "referral.json"
EXAMPLE: dict[str, object] = json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))

DELETE = object()
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [key if key else int(index) for key, index in _STEP.findall(path)]


def mutated(changes: dict[str, object]) -> dict[str, object]:
    """A deep copy of the example with each path set to a value (or deleted)."""
    doc = copy.deepcopy(EXAMPLE)
    for path, value in changes.items():
        *parents, last = _steps(path)
        node: object = doc
        for step in parents:
            node = node[step]  # type: ignore[index]
        if value is DELETE:
            del node[last]  # type: ignore[attr-defined]
        else:
            node[last] = copy.deepcopy(value)  # type: ignore[index]
    return doc


def parse(doc: object) -> ReferralIntake:
    return parse_referral(doc, today=TODAY)


def first_error(doc: object) -> FieldError:
    with pytest.raises(FieldError) as caught:
        parse(doc)
    return caught.value


# --- the example --------------------------------------------------------------


def test_example_file_parses() -> None:
    intake = parse(EXAMPLE)
    assert intake.received_at == datetime(2026, 11, 20, 14, 5, tzinfo=timezone.utc)
    assert intake.source is ContactSource.SCHOOL
    assert intake.channel is Channel.PORTAL
    assert intake.referrer.agency == "EDU"
    (child,) = intake.subjects
    assert child.school and child.gp
    assert child.age_on(TODAY) == 9
    assert child.gender is Gender.FEMALE
    assert [m.relationship for m in intake.household] == ["mother", "mother's partner"]
    assert set(intake.concerns.categories) == {
        ConcernCategory.DOMESTIC_ABUSE,
        ConcernCategory.NEGLECT,
    }
    assert intake.consent.obtained and intake.consent.from_whom
    assert validation_errors(EXAMPLE, today=TODAY) == []


def test_example_is_in_canonical_form() -> None:
    assert parse(EXAMPLE).to_json_dict() == EXAMPLE


def test_field_error_is_a_user_error() -> None:
    assert isinstance(first_error([]), UserError)


# --- each rule, and the field it names -----------------------------------------

SUBJECT = EXAMPLE["subjects"][0]  # type: ignore[index]
MEMBER = EXAMPLE["household"][0]  # type: ignore[index]

REJECTED: list[tuple[str, dict[str, object], str]] = [
    ("root is a list", {}, "referral"),
    ("unexpected top-level key", {"priority": "high"}, "priority"),
    ("naive received_at", {"received_at": "2026-11-20T14:05:00"}, "received_at"),
    ("received_at two days ahead", {"received_at": "2026-11-22T00:30:00+00:00"}, "received_at"),
    ("received_at not a date", {"received_at": "yesterday"}, "received_at"),
    ("received_at a number", {"received_at": 1763647500}, "received_at"),
    ("received_at date only", {"received_at": "2026-11-20"}, "received_at"),
    ("source missing", {"source": DELETE}, "source"),
    ("source empty", {"source": "  "}, "source"),
    ("source unknown", {"source": "teacher"}, "source"),
    ("source a number", {"source": 3}, "source"),
    ("channel unknown", {"channel": "fax"}, "channel"),
    ("channel a list", {"channel": ["portal"]}, "channel"),
    ("referrer missing", {"referrer": DELETE}, "referrer"),
    ("referrer a list", {"referrer": []}, "referrer"),
    ("referrer a string", {"referrer": "Harriet"}, "referrer"),
    ("referrer name empty", {"referrer.name": ""}, "referrer.name"),
    ("referrer name null", {"referrer.name": None}, "referrer.name"),
    ("referrer name two lines", {"referrer.name": "Harriet\nOkonjo"}, "referrer.name"),
    ("referrer name too long", {"referrer.name": "H" * 101}, "referrer.name"),
    ("referrer role a number", {"referrer.role": 42}, "referrer.role"),
    ("referrer role with a tab", {"referrer.role": "DSL\tlead"}, "referrer.role"),
    ("agency one letter", {"referrer.agency": "E"}, "referrer.agency"),
    ("agency too long", {"referrer.agency": "ABCDEFGHIJK"}, "referrer.agency"),
    ("agency punctuation", {"referrer.agency": "ED-U"}, "referrer.agency"),
    ("agency non-ASCII", {"referrer.agency": "ÉDU"}, "referrer.agency"),
    ("phone words", {"referrer.phone": "ring the office"}, "referrer.phone"),
    ("phone too short", {"referrer.phone": "123 45"}, "referrer.phone"),
    ("phone too long", {"referrer.phone": "0" * 21}, "referrer.phone"),
    ("phone a number", {"referrer.phone": 1154960732}, "referrer.phone"),
    ("no phone or email", {"referrer.phone": None, "referrer.email": ""}, "referrer.phone"),
    ("email without domain", {"referrer.email": "harriet@"}, "referrer.email"),
    ("email without dot", {"referrer.email": "harriet@hillside"}, "referrer.email"),
    ("member_of_public a string", {"referrer.member_of_public": "no"}, "referrer.member_of_public"),
    ("member_of_public an int", {"referrer.member_of_public": 0}, "referrer.member_of_public"),
    ("identity_withheld a string", {"referrer.identity_withheld": "yes"}, "referrer.identity_withheld"),
    ("unexpected referrer key", {"referrer.pager": "123"}, "referrer.pager"),
    ("subjects missing", {"subjects": DELETE}, "subjects"),
    ("subjects empty", {"subjects": []}, "subjects"),
    ("subjects too many", {"subjects": [SUBJECT] * 21}, "subjects"),
    ("subjects an object", {"subjects": SUBJECT}, "subjects"),
    ("subject a string", {"subjects[0]": "Ruby Calder"}, "subjects[0]"),
    ("second subject null", {"subjects": [SUBJECT, None]}, "subjects[1]"),
    ("given name empty", {"subjects[0].given_name": " "}, "subjects[0].given_name"),
    ("given name missing", {"subjects[0].given_name": DELETE}, "subjects[0].given_name"),
    ("given name too long", {"subjects[0].given_name": "R" * 101}, "subjects[0].given_name"),
    ("given name with NUL", {"subjects[0].given_name": "Ru\x00by"}, "subjects[0].given_name"),
    ("given name a list", {"subjects[0].given_name": ["Ruby"]}, "subjects[0].given_name"),
    ("family name null", {"subjects[0].family_name": None}, "subjects[0].family_name"),
    ("family name with escape", {"subjects[0].family_name": "Cal\x1bder"}, "subjects[0].family_name"),
    ("dob tomorrow", {"subjects[0].date_of_birth": "2026-11-21"}, "subjects[0].date_of_birth"),
    ("dob before 1900", {"subjects[0].date_of_birth": "1899-12-31"}, "subjects[0].date_of_birth"),
    ("dob not a real day", {"subjects[0].date_of_birth": "2017-02-30"}, "subjects[0].date_of_birth"),
    ("dob UK order", {"subjects[0].date_of_birth": "14/06/2017"}, "subjects[0].date_of_birth"),
    ("dob true", {"subjects[0].date_of_birth": True}, "subjects[0].date_of_birth"),
    ("dob a number", {"subjects[0].date_of_birth": 20170614}, "subjects[0].date_of_birth"),
    ("neither dob nor due date", {"subjects[0].date_of_birth": None}, "subjects[0].date_of_birth"),
    (
        "both dob and due date",
        {"subjects[0].expected_due_date": "2027-02-01"},
        "subjects[0].expected_due_date",
    ),
    (
        "due date over a month ago",
        {"subjects[0].date_of_birth": None, "subjects[0].expected_due_date": "2026-10-19"},
        "subjects[0].expected_due_date",
    ),
    (
        "due date over ten months ahead",
        {"subjects[0].date_of_birth": None, "subjects[0].expected_due_date": "2027-09-21"},
        "subjects[0].expected_due_date",
    ),
    ("gender unknown code", {"subjects[0].gender": "girl"}, "subjects[0].gender"),
    ("gender a bool", {"subjects[0].gender": False}, "subjects[0].gender"),
    ("interpreter a string", {"subjects[0].interpreter_needed": "yes"}, "subjects[0].interpreter_needed"),
    ("interpreter an int", {"subjects[0].interpreter_needed": 1}, "subjects[0].interpreter_needed"),
    ("has_capacity a string", {"subjects[0].has_capacity": "true"}, "subjects[0].has_capacity"),
    ("ethnicity a number", {"subjects[0].ethnicity": 7}, "subjects[0].ethnicity"),
    ("school an object", {"subjects[0].school": {"name": "Hillside"}}, "subjects[0].school"),
    ("gp too long", {"subjects[0].gp": "G" * 201}, "subjects[0].gp"),
    (
        "care needs with a bell",
        {"subjects[0].care_and_support_needs": "needs\x07help"},
        "subjects[0].care_and_support_needs",
    ),
    ("unexpected subject key", {"subjects[0].dob": "2017-06-14"}, "subjects[0].dob"),
    ("subject relationship", {"subjects[0].relationship": "self"}, "subjects[0].relationship"),
    ("address a string", {"subjects[0].address": "14 Larch Close"}, "subjects[0].address"),
    ("address a list", {"subjects[0].address": ["14 Larch Close"]}, "subjects[0].address"),
    ("address without line1", {"subjects[0].address.line1": None}, "subjects[0].address.line1"),
    ("address without postcode", {"subjects[0].address.postcode": DELETE}, "subjects[0].address.postcode"),
    ("postcode digits", {"subjects[0].address.postcode": "12345"}, "subjects[0].address.postcode"),
    ("postcode bad inward", {"subjects[0].address.postcode": "NG5 9QC"}, "subjects[0].address.postcode"),
    ("postcode a number", {"subjects[0].address.postcode": 59}, "subjects[0].address.postcode"),
    ("town a bool", {"subjects[0].address.town": True}, "subjects[0].address.town"),
    ("unexpected address key", {"subjects[0].address.county": "Notts"}, "subjects[0].address.county"),
    ("household an object", {"household": MEMBER}, "household"),
    ("household too many", {"household": [MEMBER] * 31}, "household"),
    ("member a list", {"household[1]": ["Dean"]}, "household[1]"),
    ("member relationship empty", {"household[0].relationship": ""}, "household[0].relationship"),
    ("member relationship missing", {"household[1].relationship": DELETE}, "household[1].relationship"),
    ("member family name missing", {"household[1].family_name": None}, "household[1].family_name"),
    ("member dob in future", {"household[1].date_of_birth": "2030-01-01"}, "household[1].date_of_birth"),
    ("member gender", {"household[0].gender": "female"}, "household[0].gender"),
    ("member due date", {"household[0].expected_due_date": "2027-01-01"}, "household[0].expected_due_date"),
    ("member postcode", {"household[0].address.postcode": "N"}, "household[0].address.postcode"),
    ("concerns missing", {"concerns": DELETE}, "concerns"),
    ("concerns a list", {"concerns": ["neglect"]}, "concerns"),
    ("categories empty", {"concerns.categories": []}, "concerns.categories"),
    ("categories a string", {"concerns.categories": "neglect"}, "concerns.categories"),
    ("category unknown", {"concerns.categories": ["bullying"]}, "concerns.categories[0]"),
    ("category null", {"concerns.categories": ["neglect", None]}, "concerns.categories[1]"),
    ("category a number", {"concerns.categories": [1]}, "concerns.categories[0]"),
    ("category repeated", {"concerns.categories": ["neglect", "Neglect"]}, "concerns.categories[1]"),
    ("details empty", {"concerns.details": "\n  \t"}, "concerns.details"),
    ("details too long", {"concerns.details": "x" * 20_001}, "concerns.details"),
    ("details with NUL", {"concerns.details": "a\x00b"}, "concerns.details"),
    ("unexpected concerns key", {"concerns.rag": "red"}, "concerns.rag"),
    ("parents_aware missing", {"parents_aware": DELETE}, "parents_aware"),
    ("parents_aware a string", {"parents_aware": "false"}, "parents_aware"),
    ("parents_aware an int", {"parents_aware": 1}, "parents_aware"),
    ("not aware without reason", {"parents_aware": False}, "parents_not_aware_reason"),
    ("reason a bool", {"parents_not_aware_reason": True}, "parents_not_aware_reason"),
    ("consent missing", {"consent": DELETE}, "consent"),
    ("consent a bool", {"consent": True}, "consent"),
    ("consent obtained missing", {"consent.obtained": None}, "consent.obtained"),
    ("consent obtained a string", {"consent.obtained": "yes"}, "consent.obtained"),
    ("consent obtained from nobody", {"consent.from_whom": ""}, "consent.from_whom"),
    ("consent refused without reason", {"consent.obtained": False}, "consent.reason_not_obtained"),
    ("covering a list", {"consent.covering": ["Ruby"]}, "consent.covering"),
    ("unexpected consent key", {"consent.signed": True}, "consent.signed"),
]


@pytest.mark.parametrize(
    ("changes", "field"),
    [pytest.param(changes, field, id=name) for name, changes, field in REJECTED],
)
def test_rule_rejected_with_field_path(changes: dict[str, object], field: str) -> None:
    doc: object = [] if field == "referral" else mutated(changes)
    error = first_error(doc)
    assert error.field == field, error
    assert error.problem
    errors = validation_errors(doc, today=TODAY)
    assert errors and errors[0].field == field


def test_validation_errors_lists_every_problem_in_order() -> None:
    doc = mutated(
        {
            "source": "teacher",
            "referrer.email": "nope",
            "subjects[0].given_name": "",
            "concerns.categories": ["neglect", "neglect"],
            "consent.obtained": "yes",
        }
    )
    fields = [e.field for e in validation_errors(doc, today=TODAY)]
    assert fields == [
        "source",
        "referrer.email",
        "subjects[0].given_name",
        "concerns.categories[1]",
        "consent.obtained",
    ]
    assert first_error(doc).field == "source"


# --- what is accepted -----------------------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "family_name"),
    [
        ("Siân", "Llŷr"),  # Welsh
        ("Gwenllïan", "ap Rhys"),
        ("Łucja", "Wójcik-Szczęsny"),  # Polish
        ("Nguyễn Thị", "Phương"),  # Vietnamese
        ("محمد", "العلي"),  # Arabic
        ("Zoë", "Ó Briain"),
        ("Björn", "Þórsson"),
        ("Анна", "Кузнецова"),
        ("王", "小明"),
        ("Ngozi", "Adébáyọ̀"),
        ("Mary-Jane", "O'Neill"),
    ],
)
def test_names_in_many_scripts_are_accepted(given_name: str, family_name: str) -> None:
    intake = parse(
        mutated(
            {
                "subjects[0].given_name": f"  {given_name} ",
                "subjects[0].family_name": family_name,
                "household[0].given_name": given_name,
            }
        )
    )
    child = intake.subjects[0]
    assert child.given_name == unicodedata.normalize("NFC", given_name)
    assert child.family_name == unicodedata.normalize("NFC", family_name)


def test_names_are_put_in_composed_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Siân")
    assert len(decomposed) == 5
    assert parse(mutated({"subjects[0].given_name": decomposed})).subjects[0].given_name == "Siân"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ng5 9qt", "NG5 9QT"),
        ("  NG59QT ", "NG5 9QT"),
        ("sw1a  1aa", "SW1A 1AA"),
        ("CF10 1EP", "CF10 1EP"),
        ("m1 1ae", "M1 1AE"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_postcodes_are_normalised(typed: str, stored: str) -> None:
    assert normalise_postcode(typed) == stored
    intake = parse(mutated({"subjects[0].address.postcode": typed}))
    assert intake.subjects[0].address is not None
    assert intake.subjects[0].address.postcode == stored


def test_defaults_and_empty_optional_fields() -> None:
    doc = mutated(
        {
            "received_at": DELETE,
            "channel": DELETE,
            "household": DELETE,
            "subjects[0].gender": DELETE,
            "subjects[0].interpreter_needed": DELETE,
            "subjects[0].ethnicity": "",
            "subjects[0].address.line2": "   ",
            "referrer.member_of_public": None,
            "referrer.role": "",
        }
    )
    intake = parse(doc)
    assert intake.received_at is None
    assert intake.channel is Channel.PORTAL
    assert intake.household == ()
    child = intake.subjects[0]
    assert child.gender is Gender.UNKNOWN
    assert child.interpreter_needed is False
    assert child.ethnicity is None
    assert child.address is not None and child.address.line2 is None
    assert intake.referrer.member_of_public is False
    assert intake.referrer.role is None


def test_received_at_is_stored_in_utc() -> None:
    intake = parse(mutated({"received_at": "2026-11-21T09:30:00-05:00"}))
    assert intake.received_at == datetime(2026, 11, 21, 14, 30, tzinfo=timezone.utc)
    assert intake.received_at.utcoffset() is not None
    assert intake.received_at.tzinfo is timezone.utc
    assert parse(mutated({"received_at": "2026-11-20T14:05Z"})).received_at is not None


def test_written_confirmation_due_is_ignored() -> None:
    intake = parse(mutated({"written_confirmation_due": "2026-11-21T14:05:00+00:00"}))
    assert intake == parse(EXAMPLE)


def test_codes_are_read_leniently() -> None:
    intake = parse(
        mutated(
            {
                "source": "Social Care",
                "channel": "in-person",
                "concerns.categories": ["Domestic Abuse", "mental-health"],
                "referrer.agency": "edu",
            }
        )
    )
    assert intake.source is ContactSource.SOCIAL_CARE
    assert intake.channel is Channel.IN_PERSON
    assert intake.concerns.categories == (
        ConcernCategory.DOMESTIC_ABUSE,
        ConcernCategory.MENTAL_HEALTH,
    )
    assert intake.referrer.agency == "EDU"


def test_free_text_keeps_line_breaks_and_tabs() -> None:
    details = "First line\r\n\tindented\nlast"
    intake = parse(mutated({"concerns.details": f"  {details}\n"}))
    assert intake.concerns.details == details


def test_anonymous_contact_needs_no_referrer() -> None:
    intake = parse(mutated({"source": "anonymous", "referrer": None}))
    assert intake.referrer.name is None and intake.referrer.phone is None
    intake = parse(
        mutated(
            {
                "source": "anonymous",
                "referrer.name": "",
                "referrer.phone": None,
                "referrer.email": None,
            }
        )
    )
    assert intake.referrer.email is None


def test_unborn_child() -> None:
    intake = parse(
        mutated(
            {
                "subjects[0].date_of_birth": None,
                "subjects[0].expected_due_date": "2027-02-01",
                "subjects[0].school": None,
            }
        )
    )
    baby = intake.subjects[0]
    assert baby.is_unborn
    assert baby.age_on(TODAY) is None
    for edge in ("2026-10-20", "2027-09-20"):
        changes = {"subjects[0].date_of_birth": None, "subjects[0].expected_due_date": edge}
        assert parse(mutated(changes)).subjects[0].expected_due_date == date.fromisoformat(edge)


def test_adult_subject_with_care_needs() -> None:
    intake = parse(
        mutated(
            {
                "subjects[0].date_of_birth": "1942-03-05",
                "subjects[0].school": None,
                "subjects[0].care_and_support_needs": "Lives alone.\nDementia diagnosis 2024.",
                "subjects[0].has_capacity": False,
            }
        )
    )
    adult = intake.subjects[0]
    assert adult.age_on(TODAY) == 84
    assert adult.has_capacity is False
    assert adult.age_on(date(2027, 3, 4)) == 84
    assert adult.age_on(date(2027, 3, 5)) == 85


def test_not_aware_and_no_consent_with_reasons() -> None:
    intake = parse(
        mutated(
            {
                "parents_aware": False,
                "parents_not_aware_reason": "Telling mother may put Ruby at risk from Dean.",
                "consent": {
                    "obtained": False,
                    "from_whom": None,
                    "covering": None,
                    "reason_not_obtained": "Seeking consent may increase risk.",
                },
            }
        )
    )
    assert intake.parents_aware is False
    assert intake.consent.obtained is False


# --- round trip -----------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"received_at": "2026-11-21T01:02:03.456789+09:00"},
        {"received_at": None, "source": "anonymous", "referrer": None, "household": []},
        {"subjects[0].date_of_birth": None, "subjects[0].expected_due_date": "2027-02-01"},
        {"subjects[0].address": None, "household[0].address": None, "subjects[0].gender": "other"},
        {"subjects": [SUBJECT, {**SUBJECT, "given_name": "Jayden", "has_capacity": True}]},
        {"parents_aware": False, "parents_not_aware_reason": "Risk from partner."},
    ],
)
def test_round_trip(changes: dict[str, object]) -> None:
    intake = parse(mutated(changes))
    back = json.loads(json.dumps(intake.to_json_dict()))
    assert parse(back) == intake
    assert back == intake.to_json_dict()


# --- properties: nothing but FieldError escapes ----------------------------------

PLAUSIBLE_TEXT = st.sampled_from(
    [
        "",
        "  ",
        "2015-03-02",
        "2027-02-01",
        "2026-11-20T14:05:00+00:00",
        "2026-11-20T14:05:00",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "neglect",
        "female",
        "anonymous",
        "NG1 5AB",
        "EDU",
        "a@b.c",
        "0115 496 0732",
        "\x00",
        "\ud800",
        "line\nbreak",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | PLAUSIBLE_TEXT,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=12) | st.sampled_from(sorted(EXAMPLE)), inner, max_size=4),
    max_leaves=12,
)


def _all_paths(node: object, path: str = "") -> list[str]:
    paths = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            paths += _all_paths(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            paths += _all_paths(value, f"{path}[{index}]")
    return paths


EXAMPLE_PATHS = _all_paths(EXAMPLE)


def _check_outcome(doc: object) -> None:
    errors = validation_errors(doc, today=TODAY)
    assert all(isinstance(e, FieldError) for e in errors)
    try:
        intake = parse(doc)
    except FieldError as error:
        assert errors and errors[0].field == error.field
        return
    assert errors == []
    assert parse(json.loads(json.dumps(intake.to_json_dict()))) == intake


@settings(
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(JSON_VALUES)
def test_arbitrary_json_only_raises_field_error(value: object) -> None:
    _check_outcome(value)


@settings(
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_mutated_example_only_raises_field_error(data: st.DataObject) -> None:
    changes: dict[str, object] = {}
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(EXAMPLE_PATHS), label="path")
        if any(path.startswith(done) or done.startswith(path) for done in changes):
            continue
        changes[path] = data.draw(st.just(DELETE) | JSON_VALUES, label="value")
    try:
        doc = mutated(changes)
    except (KeyError, IndexError, TypeError):  # a parent path was replaced first
        return
    _check_outcome(doc)


def test_a_referrer_may_ask_not_to_be_identified() -> None:
    doc = copy.deepcopy(EXAMPLE)
    doc["referrer"]["identity_withheld"] = True  # type: ignore[index]
    intake = parse(doc)
    assert intake.referrer.identity_withheld and intake.to_json_dict()["referrer"]["identity_withheld"] is True
    del doc["referrer"]["identity_withheld"]  # type: ignore[index]
    assert parse(doc).referrer.identity_withheld is False
