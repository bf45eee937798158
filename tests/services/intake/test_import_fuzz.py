"""Malformed import files by the thousand: each is accepted or refused with the import's own error.

Random bytes, random JSON, random CSV grids and good exports broken on
purpose (columns dropped, doubled or renamed, wrong types, truncation,
injected quotes, line breaks, NULs and control characters, oversize cells).
The pure checking stage takes most examples (10,100 in all); a sample goes
through the database on SQLite and PostgreSQL, which must not gain one
referral from a rejected file.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from mash_desktop.domain.errors import UserError
from mash_desktop.domain.import_rows import CSV_COLUMNS
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.intake.referral_import import CheckedFile, ImportRejected, check_file, import_referrals

from .test_referral_import import COLUMNS, GOOD_JSON, NOW, TODAY, counts, csv_text, many_rows

FUZZ = dict(deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
NAMES = st.sampled_from(["export.csv", "export.json", "export.txt", "export"])
FORMATS = st.sampled_from([None, None, "csv", "json"])
NASTY = st.sampled_from(['"', '""', "\n", "\r", "\r\n", ",", ";", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028",
                         "\ufeff", "=", "[", "{", "}", "]", "\\", "\\u0000", "\\ud800", "'", "💥", "é"])
JSON_LEAVES = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
               | st.text(max_size=30))


def _json_values(leaves: int) -> st.SearchStrategy:
    return st.recursive(JSON_LEAVES, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=leaves)


JSON_VALUES, SMALL_JSON = _json_values(20), _json_values(6)


def _judge(raw: bytes, name: str = "export.csv", fmt: str | None = None) -> CheckedFile | UserError:
    """Check a file; it must pass or fail with a one-line UserError whose rejections print safely."""
    try:
        checked = check_file(raw, name, fmt, today=TODAY)
    except UserError as exc:
        assert exc.message.startswith(name + ": ") and "\n" not in exc.message and "\r" not in exc.message
        if isinstance(exc, ImportRejected):
            assert exc.rejections
            for r in exc.rejections:
                assert r.row >= 1 and r.field.isprintable() and r.reason.isprintable(), r
        return exc
    assert checked.fmt in ("csv", "json") and checked.referrals
    return checked


@st.composite
def text_mutations(draw, text: str) -> str:
    """``text`` with a few characters injected, removed, doubled, or cut off."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["inject", "inject", "cut", "delete", "double", "blow up"]))
        if how == "inject":
            text = text[:at] + draw(NASTY | st.text(max_size=5)) + text[at:]
        elif how == "cut":
            text = text[:at]
        elif how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif how == "double":
            text = text[:at] + text[at:at + 40] * 2 + text[at + 40:]
        else:
            text = text[:at] + text[at:at + 1] * draw(st.sampled_from([200, 25_000, 140_000])) + text[at + 1:]
    return text


@st.composite
def broken_csv(draw) -> str:
    """A good CSV export with its columns, cells or rows broken, maybe its text too."""
    rows = many_rows(draw(st.integers(1, 4)))
    columns = list(COLUMNS)
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(["drop", "double", "rename", "cell", "cell", "cell", "ragged", "row"]))
        index = draw(st.integers(0, len(columns) - 1))
        row = draw(st.integers(0, len(rows) - 1))
        if how == "drop":
            columns.pop(index) if len(columns) > 1 else None
        elif how == "double":
            columns.insert(index, columns[index])
        elif how == "rename":
            columns[index] = draw(st.text(max_size=12) | st.sampled_from(list(CSV_COLUMNS)))
        elif how == "cell":
            rows[row] = rows[row] | {columns[index]: draw(st.text(max_size=20) | NASTY | st.sampled_from(
                ["yes", "no", "maybe", "1", "0", "2026-02-30", "9999-01-01", "x@y", "NG1 5AB", "neglect;;neglect"]))}
        elif how == "ragged":
            rows[row] = rows[row] | {"": "surplus"}
        else:
            rows.insert(row, copy.copy(rows[row]) if draw(st.booleans()) else {})
    text = csv_text(rows, columns)
    if any("" in r for r in rows):  # a ragged row: one more cell than the header
        text = text.replace("\r\n", ",surplus\r\n", 2).replace(",surplus", "", 1)
    return draw(text_mutations(text)) if draw(st.booleans()) else text


@st.composite
def broken_json(draw) -> str:
    """A good JSON export with values replaced, fields removed or added, maybe its text broken."""
    items = copy.deepcopy(GOOD_JSON[: draw(st.integers(1, 2))])
    for _ in range(draw(st.integers(0, 3))):
        target: object = draw(st.sampled_from(items))
        for _ in range(draw(st.integers(0, 3))):  # walk down a little
            children = list(target.values()) if isinstance(target, dict) else target if isinstance(target, list) else []
            nested = [c for c in children if isinstance(c, (dict, list)) and c]
            if not nested:
                break
            target = draw(st.sampled_from(nested))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            how = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
            if how == "replace":
                target[key] = draw(SMALL_JSON)
            elif how == "delete":
                del target[key]
            else:
                target[draw(st.text(max_size=10))] = draw(SMALL_JSON)
        elif isinstance(target, list) and target:
            target[draw(st.integers(0, len(target) - 1))] = draw(SMALL_JSON)
    wrap = draw(st.sampled_from(["list", "referrals", "other"]))
    data = items if wrap == "list" else {"referrals": items} if wrap == "referrals" else {"items": items}
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    return draw(text_mutations(text)) if draw(st.booleans()) else text


def _raw(text: str, bom: bool) -> bytes:
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass")


@pytest.mark.slow
@settings(max_examples=3_600, **FUZZ)
@given(raw=st.binary(max_size=3_000), name=NAMES, fmt=FORMATS)
def test_random_bytes(raw, name, fmt):
    assert isinstance(_judge(raw, name, fmt), UserError)


@pytest.mark.slow
@settings(max_examples=2_500, **FUZZ)
@given(text=broken_csv(), bom=st.booleans(), fmt=st.sampled_from([None, "csv"]))
@example(text=csv_text([many_rows(1)[0] | {"subject_nhs_number": "\ud7fc"}]), bom=False, fmt=None)  # an unassigned character
def test_broken_csv_exports(text, bom, fmt):
    _judge(_raw(text, bom), "export.csv", fmt)


@pytest.mark.slow
@settings(max_examples=2_200, **FUZZ)
@given(text=broken_json(), bom=st.booleans())
def test_broken_json_exports(text, bom):
    _judge(_raw(text, bom), "export.json")


@pytest.mark.slow
@settings(max_examples=1_000, **FUZZ)
@given(value=JSON_VALUES, wrap=st.booleans())
def test_random_json(value, wrap):
    result = _judge(json.dumps({"referrals": value} if wrap else value).encode(), "export.json")
    assert isinstance(result, UserError)  # no random value is a whole referral


@pytest.mark.slow
@settings(max_examples=800, **FUZZ)
@given(header=st.lists(st.sampled_from(COLUMNS) | st.text(max_size=8), min_size=1, max_size=40),
       cells=st.lists(st.lists(st.text(max_size=12), max_size=40), max_size=5))
def test_random_csv_grids(header, cells):
    lines = [header, *cells]
    text = "\r\n".join(",".join('"' + c.replace('"', '""') + '"' for c in line) for line in lines)
    assert isinstance(_judge(text.encode("utf-8", "surrogatepass"), "export.csv"), UserError)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, *FUZZ["suppress_health_check"]],
          deadline=None, database=None)
@given(text=st.one_of(broken_csv(), broken_json()))
def test_a_rejected_file_adds_nothing_to_the_database(db, text):
    before = counts(db)
    name = "export.json" if text.lstrip("\ufeff \r\n")[:1] in ("[", "{") else "export.csv"
    try:
        references = import_referrals(db, LOCAL_ADMIN, text.encode("utf-8", "surrogatepass"), name, now=NOW)
    except UserError:
        assert counts(db) == before
    else:
        after = counts(db)
        assert after[0] == before[0] + len(references) and after[3] == before[3] + len(references)
