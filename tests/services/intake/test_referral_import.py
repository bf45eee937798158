"""Importing portal exports: every row checked like one referral, then all stored together or none."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.codes import ConcernCategory, Role
from mash_desktop.domain.errors import NotPermitted, UserError
from mash_desktop.domain.import_rows import CSV_COLUMNS, MAX_ROWS, REQUIRED_COLUMNS
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.intake.referral_import import (
    MAX_PROBLEMS_PER_ROW,
    ImportRejected,
    Rejection,
    check_file,
    import_referrals,
    write_report,
)
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, Person, ReferenceCounter, Referral
from tests import hub_factory

EXAMPLES = Path(__file__).parents[3] / "resources" / "examples"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
COLUMNS = list(CSV_COLUMNS)
with (EXAMPLES / "referrals.csv").open(encoding="utf-8", newline="") as _fh:
    GOOD_ROWS: list[dict[str, str]] = list(csv.DictReader(_fh))
GOOD_JSON: list[dict] = json.loads((EXAMPLES / "referrals.json").read_text(encoding="utf-8"))["referrals"]


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    """A CSV import of ``rows`` under ``columns`` (all columns by default)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = columns or COLUMNS
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def many_rows(n: int) -> list[dict[str, str]]:
    """``n`` good CSV rows, the examples again and again with a numbered name."""
    return [GOOD_ROWS[i % len(GOOD_ROWS)] | {"subject_family_name": f"Example{i}"} for i in range(n)]


def counts(db: Database) -> tuple[int, int, int, int]:
    """Referrals, people, audit events and the reference counters' total."""
    with db.read() as s:
        return (s.scalar(select(func.count(Referral.id))), s.scalar(select(func.count(Person.id))),
                s.scalar(select(func.count(AuditEvent.id))),
                s.scalar(select(func.coalesce(func.sum(ReferenceCounter.last), 0))))


def _check(text: str | bytes, name: str = "in.csv", fmt: str | None = None):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return check_file(raw, name, fmt, today=TODAY)


def _rejections(text: str | bytes, name: str = "in.csv") -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as caught:
        _check(text, name)
    assert "nothing was imported" in caught.value.message
    return [(r.row, r.field, r.reason) for r in caught.value.rejections]


# --- the examples, stored -------------------------------------------------------------------------------------

def test_the_csv_example_is_stored_in_one_write_and_audited(db, monkeypatch):
    writes = []
    original = Database.write
    monkeypatch.setattr(Database, "write", lambda self: writes.append(1) or original(self))
    refs = import_referrals(db, LOCAL_ADMIN, (EXAMPLES / "referrals.csv").read_bytes(), "referrals.csv", now=NOW)
    assert refs == ["MASH-2026-000001", "MASH-2026-000002", "MASH-2026-000003"]
    assert len(writes) == 1
    with db.read() as s:
        first = referral_by_reference(s, refs[0])
        subject = first.people[0].person
        assert (subject.given_name, subject.family_name, subject.postcode) == ("Tyler", "Brennan", "NG7 2QX")
        assert {c.category for c in first.concerns} == {ConcernCategory.NEGLECT, ConcernCategory.EMOTIONAL}
        assert "\nHis attendance" in first.concern_details and first.consent_obtained is True
        second = referral_by_reference(s, refs[1])
        assert second.parents_aware is False and second.consent_obtained is False
        assert referral_by_reference(s, refs[2]).received_at == NOW  # a blank received_at: stamped now
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        imported = s.scalar(select(AuditEvent).where(AuditEvent.action == "referral.import"))
    assert actions == ["referral.add"] * 3 + ["referral.import"]
    assert json.loads(imported.detail) == {"format": "csv", "referrals": 3, "last": refs[-1]}


def test_the_json_example_is_stored(db):
    refs = import_referrals(db, LOCAL_ADMIN, (EXAMPLES / "referrals.json").read_bytes(), "referrals.json", now=NOW)
    assert len(refs) == 2
    with db.read() as s:
        people = [rp.person.given_name for rp in referral_by_reference(s, refs[0]).people]
    assert people == ["Leo", "Ava", "Nicole"]


def test_one_bad_row_among_many_imports_nothing(db):
    add_referral(db, LOCAL_ADMIN, GOOD_JSON[0], now=NOW)
    before = counts(db)
    rows = many_rows(60)
    rows[41]["subject_date_of_birth"] = "2031-01-01"
    with pytest.raises(ImportRejected) as caught:
        import_referrals(db, LOCAL_ADMIN, csv_text(rows).encode(), "many.csv", now=NOW)
    assert [(r.row, r.field) for r in caught.value.rejections] == [(43, "subject_date_of_birth")]
    assert "1 of 60 referrals rejected" in caught.value.message
    assert counts(db) == before


def test_an_unknown_agency_or_person_is_found_before_anything_is_written(db):
    add_referral(db, LOCAL_ADMIN, GOOD_JSON[1], now=NOW)
    before = counts(db)
    items = [copy.deepcopy(item) for item in GOOD_JSON * 3]
    items[2]["referrer"]["agency"] = "NOPE"
    items[4]["subjects"][0]["person_id"] = 987654
    items[5]["subjects"][0]["person_id"] = 10**14  # beyond the database's ids
    raw = json.dumps(items).encode()
    with pytest.raises(ImportRejected) as caught:
        import_referrals(db, LOCAL_ADMIN, raw, "items.json", now=NOW)
    assert [(r.row, r.field) for r in caught.value.rejections] == [
        (3, "referrer.agency"), (5, "subjects[0].person_id"), (6, "subjects[0].person_id")]
    assert "NOPE" in caught.value.rejections[0].reason
    assert counts(db) == before


def test_a_known_person_may_be_linked(db):
    add_referral(db, LOCAL_ADMIN, GOOD_JSON[1], now=NOW)
    with db.read() as s:
        known = s.scalar(select(Person.id))
    items = copy.deepcopy(GOOD_JSON[1:])
    items[0]["subjects"][0]["person_id"] = known
    import_referrals(db, LOCAL_ADMIN, json.dumps({"referrals": items}).encode(), "one.json", now=NOW)
    assert counts(db)[:2] == (2, 1)


def test_only_officers_and_supervisors_import():
    auditor = Actor(username="aud", user_id=7, roles=frozenset({Role.AUDITOR}))
    with pytest.raises(NotPermitted):
        import_referrals(None, auditor, b"", "x.csv")  # refused before the file or the database is read


def test_once_the_hub_has_accounts_only_a_signed_in_member_imports(db):
    hub = hub_factory.build(db, agencies=("CSC",))
    raw = (EXAMPLES / "referrals.csv").read_bytes()
    with pytest.raises(NotPermitted, match="sign in"):
        import_referrals(db, LOCAL_ADMIN, raw, "referrals.csv", now=NOW)
    assert counts(db)[0] == 1
    refs = import_referrals(db, hub.sign_in("csc.officer").actor, raw, "referrals.csv", now=NOW)
    assert len(refs) == 3
    with db.read() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "referral.import"))
        assert event.actor_name == "csc.officer" and event.signature is not None


# --- rows checked like single referrals -------------------------------------------------------------------

def test_csv_cells_become_the_referral_fields():
    row = GOOD_ROWS[0] | {"subject_interpreter_needed": "YES", "concern_categories": " Neglect ; ; physical;",
                          "referrer_member_of_public": "False", "subject_address_line2": ""}
    (number, intake), = _check("\ufeff" + csv_text([row]).replace("source", " Source ")).referrals
    assert number == 2
    assert intake.subjects[0].interpreter_needed is True and intake.referrer.member_of_public is False
    assert intake.concerns.categories == (ConcernCategory.NEGLECT, ConcernCategory.PHYSICAL)
    assert intake.subjects[0].address.line2 is None and intake.household == ()


def test_optional_columns_may_be_left_out():
    row = {"source": "anonymous", "subject_given_name": "Kai", "subject_family_name": "Moss",
           "subject_date_of_birth": "2016-02-02", "concern_categories": "neglect", "concern_details": "Seen alone.",
           "parents_aware": "no", "parents_not_aware_reason": "Anonymous caller", "consent_obtained": "no",
           "consent_reason_not_obtained": "Anonymous caller"}
    (_, intake), = _check(csv_text([row], list(row))).referrals
    assert intake.referrer.name is None and intake.subjects[0].address is None


def test_every_problem_of_every_row_is_reported_by_column():
    rows = many_rows(5)
    rows[0]["parents_aware"] = "perhaps"
    rows[1].update(subject_address_postcode="nowhere", concern_categories="neglect;NEGLECT", referrer_email="x")
    rows[4]["subject_given_name"] = "Line\nbreak"
    assert _rejections(csv_text(rows)) == [
        (2, "parents_aware", "must be yes or no (or true or false)"),
        (3, "referrer_email", "must be an email address like name@example.org"),
        (3, "subject_address_postcode", "must be a UK postcode like NG1 5AB"),
        (3, "concern_categories", "repeats neglect"),
        (6, "subject_given_name", "must be a single line"),
    ]


def test_json_problems_are_named_by_path_and_position():
    items = copy.deepcopy(GOOD_JSON)
    items[1]["subjects"][0]["gender"] = 3
    items[1]["surprise\x1b[2J"] = True
    items += ["not a referral", None]
    problems = _rejections(json.dumps(items), "in.json")
    assert problems[0] == (2, "surprise\\x1b[2J", "unexpected field")  # no escape sequence reaches a terminal
    assert problems[1] == (2, "subjects[0].gender", "must be one of female, male, other, unknown, not a number")
    assert problems[2:] == [(3, "referral", "must be an object, not text"), (4, "referral", "required")]


def test_a_row_with_too_many_problems_is_cut_short():
    items = [GOOD_JSON[0] | {f"extra{i}": i for i in range(50)}]
    problems = _rejections(json.dumps(items), "in.json")
    assert len(problems) == MAX_PROBLEMS_PER_ROW
    assert problems[-1] == (1, "row", f"and {50 - MAX_PROBLEMS_PER_ROW + 1} more problems")


def test_a_ragged_row_is_rejected_by_number():
    text = csv_text(many_rows(3))
    lines = text.split("\r\n")
    lines[2] += ",surplus"
    assert _rejections("\r\n".join(lines)) == [(3, "row", f"has {len(COLUMNS) + 1} cells; the header has "
                                                           f"{len(COLUMNS)}")]


def test_blank_rows_are_skipped_but_counted():
    text = csv_text(many_rows(2)).replace("\r\n", "\r\n\r\n,,,\r\n", 1)
    assert [n for n, _ in _check(text).referrals] == [4, 5]


# --- files refused as a whole ---------------------------------------------------------------------------

def _good() -> str:
    return csv_text(many_rows(2))


FILE_ERRORS = [
    (b"", "in.csv", "empty"),
    (b"\xff\xfe" + _good().encode("utf-16-le"), "in.csv", "UTF-16"),
    (_good().encode("latin-1").replace(b"Tyler", b"Ty\xe9ler"), "in.csv", "not UTF-8"),
    (_good().replace("Tyler", "Ty\x00ler").encode(), "in.csv", "control character"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "in.csv", "not UTF-8"),
    (b"x" * 5_000_001, "in.csv", "larger than 5 MB"),
    (",".join(COLUMNS).encode(), "in.csv", "no referrals"),
    (b"\r\n\r\n" + _good().encode(), "in.csv", "first row must be the header"),
    (_good().replace("channel", "chanel", 1).encode(), "in.csv", "unknown column chanel"),
    (_good().replace("channel", "source", 1).encode(), "in.csv", "names source more than once"),
    (_good().replace("channel", "", 1).encode(), "in.csv", "column 3 has no name"),
    (csv_text(many_rows(1), [c for c in COLUMNS if c != "parents_aware"]).encode(), "in.csv", "lacks the column"),
    (";".join(REQUIRED_COLUMNS).encode() + b"\r\n", "in.csv", "separated by commas"),
    (_good().replace("Tyler", 'Ty"ler"x', 1).replace(",Ty", ',"Ty', 1).encode(), "in.csv", "must be doubled"),
    ((_good() + '"Tyler,Brennan').encode(), "in.csv", "never closed"),
    (csv_text([GOOD_ROWS[0] | {"concern_details": '"' + "x" * 200_000}]).encode(), "in.csv", "far longer"),
    (csv_text(many_rows(MAX_ROWS + 1)).encode(), "in.csv", "more than 2,000"),
    (json.dumps(GOOD_JSON[0]).encode(), "in.json", "'referral add'"),
    (b'"text"', "in.json", "not a single value"),
    (b"[1, 2", "in.json", "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "in.json", "nested far too deeply"),
    (b'[{"a": [[[[[[[[1]]]]]]]]}]', "in.json", "nests deeper"),
    (b"[" + b"9" * 5000 + b"]", "in.json", "more than 15 digits"),
    (b"[1e999]", "in.json", "too large"),
    (b"[NaN]", "in.json", "NaN is not"),
    (b'[{"source": "a", "source": "b"}]', "in.json", "\"source\" appears twice"),
    (json.dumps([{}] * (MAX_ROWS + 1)).encode(), "in.json", "at most 2,000"),
    (b"[]", "in.json", "no referrals"),
    (b"[{}]", "in.txt", "unknown column"),  # by its first character this is JSON, but the caller said CSV
]


@pytest.mark.parametrize("raw,name,message", FILE_ERRORS, ids=[m for _, _, m in FILE_ERRORS])
def test_unusable_files_are_refused_in_one_line(raw, name, message):
    fmt = "csv" if name.endswith(".txt") else None
    with pytest.raises(UserError) as caught:
        _check(raw, name, fmt)
    assert not isinstance(caught.value, ImportRejected)
    assert message in caught.value.message and "\n" not in caught.value.message
    assert caught.value.message.startswith(name + ": ")


def test_the_format_is_told_by_name_or_first_character():
    text = json.dumps(GOOD_JSON)
    assert _check(text, "export.txt").fmt == "json"
    assert _check(_good(), "export").fmt == "csv"
    with pytest.raises(UserError, match="csv or json"):
        _check(_good(), "export", "xml")


# --- the rejection report as CSV ---------------------------------------------------------------------------

def test_the_report_csv_never_starts_a_formula():
    out = io.StringIO(newline="")
    write_report([Rejection(2, '=HYPERLINK("http://x.example")', "+1 problem"), Rejection(3, "-x", "@SUM(A1)"),
                  Rejection(4, "plain", "fine")], out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["row", "field", "problem"]
    assert rows[1] == ["2", '\'=HYPERLINK("http://x.example")', "'+1 problem"]
    assert rows[2][1:] == ["'-x", "'@SUM(A1)"] and rows[3] == ["4", "plain", "fine"]


def test_every_csv_writer_in_the_project_neutralises_formulas():
    package = Path(__file__).parents[3] / "mash_desktop"
    writers = [p for p in package.rglob("*.py")
               if any(w in p.read_text(encoding="utf-8") for w in ("csv.writer", "csv.DictWriter"))]
    assert {p.relative_to(package).as_posix() for p in writers} >= {
        "services/audit/trail.py", "services/intake/referral_import.py"}
    for path in writers:
        assert "neutralise(" in path.read_text(encoding="utf-8"), f"{path.name} writes CSV without neutralise"
