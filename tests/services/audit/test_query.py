"""The auditor's search of the audit trail, on both databases."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind, Role
from mash_desktop.domain.errors import FieldError, NotPermitted, UserError
from mash_desktop.security import audit
from mash_desktop.security.accounts import SignedIn
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.audit.query import (
    AuditFilter,
    action_names,
    count_events,
    detail_summary,
    export_to_file,
    find_events,
    period_of_days,
)
from mash_desktop.services.audit.trail import COLUMNS
from mash_desktop.services.admin.users import create_user
from mash_desktop.store.models import AuditEvent

UTC = dt.timezone.utc
REF, OTHER = "MASH-2026-000001", "MASH-2026-000002"
#: (day in November 2026, who, action, object type, object, detail)
TRAIL = [
    (2, "officer", "case.view", "referral", REF, {"involved": True}),
    (2, "officer", "panel.write", "panel", f"{REF}/CSC", {"characters": 120}),
    (3, "police", "case.view", "referral", OTHER, None),
    (3, "police", "disclosure.make", "disclosure", "7", {"referral": REF, "to": "hub"}),
    (4, "officer", "document.produce", "document", "tok", {"referral": OTHER}),
    (5, "police", "panel.read", "panel", f"{OTHER}/POL", None),
    (5, "officer", "consultation.record", "consultation", "3", None),
]


@pytest.fixture
def trail(db, monkeypatch):
    """Staff of two agencies, an auditor, and the events of TRAIL at 10:00 UTC of their days."""
    with db.write() as s:
        csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 5)
        pol = create_agency(s, LOCAL_ADMIN, "POL", "Police", AgencyKind.POLICE, 5)
        people = {"officer": Actor.of(create_user(s, LOCAL_ADMIN, "csc.officer", "Sam", csc, [Role.OFFICER])),
                  "police": Actor.of(create_user(s, LOCAL_ADMIN, "pol.officer", "Pat", pol, [Role.OFFICER])),
                  "auditor": Actor.of(create_user(s, LOCAL_ADMIN, "hub.auditor", "Ann", csc, [Role.AUDITOR]))}
    with db.read() as s:
        before = s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    for day, who, action, kind, ref, detail in TRAIL:
        monkeypatch.setattr(audit, "utcnow", lambda day=day: dt.datetime(2026, 11, day, 10, tzinfo=UTC))
        with db.write() as s:
            audit.record(s, people[who], action, kind, ref, detail=detail)
    monkeypatch.undo()
    return people, before


def _actions(page) -> list[str]:
    return [row.action for row in page.rows]


def test_newest_first_with_who_and_agency(db, trail):
    people, before = trail
    page = find_events(db, people["auditor"])
    assert [r.id for r in page.rows] == sorted((r.id for r in page.rows), reverse=True)
    newest = page.rows[0]
    assert (newest.user, newest.agency, newest.action, newest.target) == (
        "csc.officer", "CSC", "consultation.record", "consultation 3")
    assert newest.at == dt.datetime(2026, 11, 5, 10, tzinfo=UTC)
    assert count_events(db, people["auditor"]) == before + len(TRAIL) == len(page.rows)


@pytest.mark.parametrize("where, expected", [
    (AuditFilter(username="POL.Officer "), ["panel.read", "disclosure.make", "case.view"]),
    (AuditFilter(reference=REF.lower()), ["disclosure.make", "panel.write", "case.view"]),
    (AuditFilter(reference=OTHER, username="pol.officer"), ["panel.read", "case.view"]),
    (AuditFilter(action="case.view"), ["case.view", "case.view"]),
    (AuditFilter(action="panel."), ["panel.read", "panel.write"]),
    (AuditFilter(reference="MASH-2026-00000"), []),  # a reference is matched whole
])
def test_filters_narrow(db, trail, where, expected):
    people, _ = trail
    page = find_events(db, people["auditor"], where)
    assert _actions(page) == expected
    assert count_events(db, people["auditor"], where) == len(expected)


def test_a_period_of_hub_days(db, trail):
    people, _ = trail
    start, end = period_of_days(dt.date(2026, 11, 3), dt.date(2026, 11, 4))
    assert start == dt.datetime(2026, 11, 3, 0, tzinfo=UTC) and end == dt.datetime(2026, 11, 5, 0, tzinfo=UTC)
    page = find_events(db, people["auditor"], AuditFilter(start=start, end=end))
    assert _actions(page) == ["document.produce", "disclosure.make", "case.view"]
    summer = period_of_days(dt.date(2026, 7, 1), None)[0]
    assert summer == dt.datetime(2026, 6, 30, 23, tzinfo=UTC)  # British Summer Time


def test_pages_follow_each_other_without_gaps(db, trail):
    people, _ = trail
    everything = [r.id for r in find_events(db, people["auditor"]).rows]
    first = find_events(db, people["auditor"], limit=4)
    second = find_events(db, people["auditor"], before=first.rows[-1].id, limit=4)
    assert first.more and [r.id for r in first.rows + second.rows] == everything[:8]
    last = find_events(db, people["auditor"], before=everything[-2], limit=4)
    assert [r.id for r in last.rows] == everything[-1:] and not last.more


def test_only_auditors_search(db, trail):
    people, _ = trail
    for call in (lambda: find_events(db, people["officer"]), lambda: count_events(db, people["police"]),
                 lambda: action_names(db, people["officer"])):
        with pytest.raises(NotPermitted, match="auditor"):
            call()
    assert {"case.view", "panel.read", "panel.write"} <= set(action_names(db, people["auditor"]))


def test_a_backwards_period_is_refused(db, trail):
    people, _ = trail
    start, end = period_of_days(dt.date(2026, 11, 5), dt.date(2026, 11, 1))
    with pytest.raises(FieldError, match="ends before it starts"):
        find_events(db, people["auditor"], AuditFilter(start=start, end=end))


def test_summary_in_words():
    assert detail_summary("Strategy  discussion\nprep", json.dumps({"involved": False, "ids": [1, 2]})) == (
        "Reason: Strategy discussion prep · involved: no · ids: 1, 2")
    assert detail_summary(None, json.dumps({"to": None, "key_version": 2})) == "to: — · key version: 2"
    assert detail_summary(None, None) == ""
    long = detail_summary("x" * 400, None)
    assert len(long) == 160 and long.endswith("…")


def _signed(actor: Actor) -> SignedIn:
    return SignedIn(actor, actor.username, keychain=None, workstation_secret=b"")


def test_export_a_period_to_a_file(db, trail, tmp_path):
    people, _ = trail
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "s62.csv"
    start, end = period_of_days(dt.date(2026, 11, 2), dt.date(2026, 11, 3))
    assert export_to_file(db, _signed(people["auditor"]), start, end, out) == 4
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS and [r[5] for r in rows[1:]] == [
        "case.view", "panel.write", "case.view", "disclosure.make"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["s62.csv"]
    newest = find_events(db, people["auditor"], limit=1).rows[0]
    assert newest.action == "audit.export" and json.loads(newest.detail)["events"] == 4


def test_export_refusals(db, trail, tmp_path):
    people, _ = trail
    with pytest.raises(NotPermitted):
        export_to_file(db, _signed(people["officer"]), None, None, tmp_path / "x.csv")
    with pytest.raises(UserError, match="no folder"):
        export_to_file(db, _signed(people["auditor"]), None, None, tmp_path / "none" / "x.csv")
    assert count_events(db, people["auditor"], AuditFilter(action="audit.export")) == 0
