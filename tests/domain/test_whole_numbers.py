"""Whole numbers with bounds: typed on a command line, or in a portal's JSON."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from mash_desktop.domain._fields import LARGEST_ID, Problems, read_whole, whole_number
from mash_desktop.domain.errors import FieldError, UserError
from mash_desktop.domain.import_rows import load_json
from mash_desktop.domain.intake import parse_referral, validation_errors

EXAMPLE = json.loads((Path(__file__).parents[2] / "resources" / "examples" / "referral.json").read_text())
TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize("text,value", [("1", 1), (" 42 ", 42), ("+7", 7), (str(LARGEST_ID), LARGEST_ID),
                                        ("000012", 12)])
def test_a_whole_number_in_range_is_read(text, value):
    assert whole_number(text, "--id") == value


@pytest.mark.parametrize("text", ["0", "-1", str(LARGEST_ID + 1), "9" * 5000, "-" + "9" * 5000, "1e3", "3.0", "",
                                  "twelve", "١٢", "1_000", "0x10", " ", "+", "9" * 16])
def test_anything_else_is_a_field_error_naming_the_field(text):
    with pytest.raises(FieldError) as caught:
        whole_number(text, "--id")
    assert caught.value.field == "--id"
    assert caught.value.problem == "must be a whole number from 1 to 2,147,483,647"


def test_bounds_are_the_callers():
    assert whole_number("0", "--seats", least=0, most=1000) == 0
    with pytest.raises(FieldError, match="from 0 to 1,000"):
        whole_number("1001", "--seats", least=0, most=1000)


@pytest.mark.parametrize("value", [0, -1, LARGEST_ID + 1, 10**20, True, False, 1.0, "7", [], {}])
def test_read_whole_refuses_what_no_id_can_be(value):
    problems = Problems()
    assert read_whole(value, "x", problems) is None
    assert [e.field for e in problems.errors] == ["x"]


def test_read_whole_takes_an_id_and_leaves_absence_alone():
    problems = Problems()
    assert read_whole(LARGEST_ID, "x", problems) == LARGEST_ID
    assert read_whole(None, "x", problems) is None
    assert problems.errors == []


@pytest.mark.parametrize("person_id", [LARGEST_ID + 1, 10**14, -3, 0])
def test_a_subjects_person_id_fits_the_database(person_id):
    payload = copy.deepcopy(EXAMPLE)
    payload["subjects"][0]["person_id"] = person_id
    with pytest.raises(FieldError) as caught:
        parse_referral(payload, today=TODAY)
    assert caught.value.field == "subjects[0].person_id"
    assert [e.field for e in validation_errors(payload, today=TODAY)] == ["subjects[0].person_id"]
    payload["subjects"][0]["person_id"] = LARGEST_ID
    assert parse_referral(payload, today=TODAY).subjects[0].person_id == LARGEST_ID


@pytest.mark.parametrize("text,message", [
    ('{"subjects": [{"person_id": ' + "9" * 5000 + "}]}", "x.json: subjects[0].person_id: a number has more than 15"),
    ('{"subjects": [{"person_id": -' + "9" * 5000 + "}]}", "x.json: subjects[0].person_id: a number has more than"),
    ('[{"a": 1}, {"b": [1, 2e999]}]', "x.json: [1].b[1]: a number is too large"),
    ("9" * 5000, "x.json: a number has more than 15 digits"),
])
def test_json_numbers_no_field_takes_are_refused_naming_where(text, message):
    with pytest.raises(UserError) as caught:
        load_json(text, "x.json")
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_json_numbers_that_fit_are_kept():
    assert load_json('{"a": [1, -2, 3.5, 123456789012345]}', "x.json") == {"a": [1, -2, 3.5, 123456789012345]}
