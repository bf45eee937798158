"""The disposal review, holds, the cancel window and disposal, on both databases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import inspect, select, text

from mash_desktop.domain.codes import Outcome
from mash_desktop.domain.names import fold
from mash_desktop.domain.errors import Conflict, NotPermitted
from mash_desktop.domain.retention import RecordClass
from mash_desktop.services.audit import trail
from mash_desktop.services.governance import disposal, retention
from mash_desktop.store import name_search
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral

from .support import CONCERN, MOTHER, REFERRER, SUBJECT, closed_case, with_officer

NOW = dt.datetime.now(dt.timezone.utc)
DAY = dt.timedelta(days=1)


@pytest.fixture
def hub(db):
    return with_officer(db)


def _texts(db: Database) -> str:
    """Every text column of every table, as one string (PostgreSQL), or the SQLite file and its WAL."""
    if db.is_sqlite:
        path = db.engine.url.database
        parts = []
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as f:
                    parts.append(f.read().decode("latin-1"))
            except FileNotFoundError:
                pass
        return "\n".join(parts)
    found = []
    with db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            found.extend(str(row) for row in conn.execute(text(f'SELECT * FROM "{table}"')))
    return "\n".join(found)


def test_due_approve_wait_and_dispose_leaves_no_name_and_the_chain_verifies(hub):
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    due = disposal.review(db, ig, NOW)
    assert [(d.reference, d.record_class, d.closed_on, d.verified) for d in due] == [
        (reference, RecordClass.CONTACT_NFA, dt.date(2016, 3, 1), True)]
    assert due[0].due_since == dt.date(2022, 3, 1)

    approval = disposal.approve(db, ig, reference, NOW - 15 * DAY)
    assert approval.verified and approval.dispose_after == NOW + (14 - 15) * DAY
    with pytest.raises(Conflict, match="approved for disposal already"):
        disposal.approve(db, ig, reference, NOW)
    assert SUBJECT[1] in _texts(db) or db.is_sqlite  # (SQLite: perhaps in a page not yet written out)

    done = disposal.dispose_now(db, ig, NOW)
    assert [(d.reference, d.record_class) for d in done] == [(reference, RecordClass.CONTACT_NFA)]
    counts = done[0].counts
    assert counts["people"] == 2 and counts["panels"] == 1 and counts["decisions"] == 1
    assert counts["referral_people"] == 2 and counts["referrals"] == 1

    everything = _texts(db).casefold()
    for word in (*SUBJECT, *MOTHER, CONCERN, "Wystan", REFERRER, "fairweather"):
        assert word.casefold() not in everything, word
    assert trail.verify(db, ig.trust).ok
    stones = disposal.disposals(db, ig, done[0].certificate)
    assert [(s.reference, s.verified, s.approved_by, s.disposed_by) for s in stones] == [
        (reference, True, "Hub IG Officer", "Hub IG Officer")]
    with db.read() as session:
        erased = session.execute(text("SELECT detail FROM audit_events WHERE action = 'disposal.erase'")).scalar()
    assert json.loads(erased)["s62"] == "erasure"
    logged = trail.export(db, hub.sign_in("hub.auditor"), None, None)
    assert [(r[5], r[7], r[10]) for r in logged if r[10] == "erasure"] == [("disposal.erase", reference, "erasure")]
    # Gone from the review, and never disposed twice.
    assert disposal.review(db, ig, NOW) == [] and disposal.dispose_now(db, ig, NOW) == []


def test_the_cancel_window_is_respected_and_a_cancelled_approval_disposes_nothing(hub):
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    disposal.approve(db, ig, reference, NOW - 13 * DAY)  # a day of the window left
    assert disposal.ready(db, ig, NOW) == [] and disposal.dispose_now(db, ig, NOW) == []
    disposal.cancel(db, ig, reference, "A complaint has come in", NOW)
    later = NOW + 30 * DAY
    assert disposal.ready(db, ig, later) == []
    with pytest.raises(Conflict, match="no approval to cancel"):
        disposal.cancel(db, ig, reference, "again", NOW)
    [due] = disposal.review(db, ig, NOW)
    assert due.approval is None  # may be approved afresh


def test_a_hold_stops_disposal_until_lifted(hub):
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    disposal.approve(db, ig, reference, NOW - 20 * DAY)
    hold = retention.place_hold(db, ig, "class", "contact_nfa", "Inquiry moratorium", "IICSA-2026-7")
    assert disposal.review(db, ig, NOW) == []
    assert disposal.dispose_now(db, ig, NOW) == []
    assert SUBJECT[0] in _texts(db) or db.is_sqlite
    retention.lift_hold(db, ig, hold, "Moratorium ended")
    assert [d.reference for d in disposal.dispose_now(db, ig, NOW)] == [reference]


def test_a_person_hold_and_a_case_hold(hub):
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    with db.read() as session:
        person = session.execute(text("SELECT id FROM people WHERE given_name = :g"), {"g": SUBJECT[0]}).scalar()
    person_hold = retention.place_hold(db, ig, "person", person, "Claim pending", "CLAIM-1")
    case_hold = retention.place_hold(db, ig, "case", reference, "Complaint", "COMP-2")
    assert disposal.review(db, ig, NOW) == []
    retention.lift_hold(db, ig, person_hold, "Settled")
    assert disposal.review(db, ig, NOW) == []
    retention.lift_hold(db, ig, case_hold, "Closed")
    assert [d.reference for d in disposal.review(db, ig, NOW)] == [reference]
    assert [h.verified for h in retention.list_holds(db, ig, include_lifted=True)] == [True, True]


def test_an_altered_hold_still_holds_and_an_altered_approval_approves_nothing(hub):
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    disposal.approve(db, ig, reference, NOW - 20 * DAY)
    hold = retention.place_hold(db, ig, "case", reference, "Complaint", "COMP-2")
    retention.lift_hold(db, ig, hold, "Closed")
    with db.write() as session:  # someone lifts it "earlier" by hand
        session.execute(text("UPDATE retention_holds SET lift_reason = 'forged'"))
    [shown] = retention.list_holds(db, ig)
    assert not shown.verified and shown.active
    assert disposal.dispose_now(db, ig, NOW) == []
    with db.write() as session:
        session.execute(text("UPDATE retention_holds SET lift_reason = 'Closed'"))
        session.execute(text("UPDATE disposal_approvals SET record_class = 'early_help'"))
    assert disposal.ready(db, ig, NOW) == [] and disposal.dispose_now(db, ig, NOW) == []


def test_a_case_still_in_retention_is_not_due_and_roles_are_checked(hub):
    db = hub.db
    reference = closed_case(hub, Outcome.STRATEGY_S47)  # 40 years from closure
    ig = hub.sign_in("hub.ig")
    assert disposal.review(db, ig, NOW) == []
    with pytest.raises(Conflict, match="not due for disposal"):
        disposal.approve(db, ig, reference, NOW)
    retention.set_period(db, ig, "child_protection", 5)
    assert [d.record_class for d in disposal.review(db, ig, NOW)] == [RecordClass.CHILD_PROTECTION]
    for who in ("csc.lead", "hub.admin", "csc.decision"):
        signed = hub.sign_in(who)
        with pytest.raises(NotPermitted):
            disposal.review(db, signed, NOW)
        with pytest.raises(NotPermitted):
            disposal.dispose_now(db, signed, NOW)
        with pytest.raises(NotPermitted):
            retention.place_hold(db, signed, "case", reference, "x", "y")


def test_a_person_named_by_a_request_still_to_be_answered_is_kept(hub):
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    with db.write() as session:
        person = session.execute(text("SELECT id FROM people WHERE given_name = :g"), {"g": SUBJECT[0]}).scalar()
        session.execute(text(
            "INSERT INTO subject_access_requests (person_id, requester, received_on, extended_months, due_on, "
            "status, recorded_by_id, recorded_at, signed_by_id) SELECT :p, 'subject', :d, 0, :d, 'open', u.id, :t, "
            "u.id FROM users u WHERE u.username = 'hub.ig'"), {"p": person, "d": NOW.date(), "t": NOW})
    disposal.approve(db, ig, reference, NOW - 20 * DAY)
    [done] = disposal.dispose_now(db, ig, NOW)
    assert done.counts["people"] == 1  # the mother; the subject stays with the request about them
    with db.read() as session:
        assert session.execute(text("SELECT family_name FROM people WHERE id = :p"), {"p": person}).scalar() \
            == SUBJECT[1]
        assert session.execute(text("SELECT count(*) FROM referral_people rp JOIN referrals r ON r.id = "
                                    "rp.referral_id WHERE r.reference = :r"), {"r": reference}).scalar() == 0

    # Once answered, the request goes with its subject when a later case about them is disposed of.
    with db.write() as session:
        session.execute(text("UPDATE subject_access_requests SET status = 'answered'"))
    later = closed_case(hub)
    with db.write() as session:  # the later case names the same person
        session.execute(text("UPDATE referral_people SET person_id = :p WHERE is_subject AND referral_id = "
                             "(SELECT id FROM referrals WHERE reference = :r)"), {"p": person, "r": later})
    disposal.approve(db, ig, later, NOW - 20 * DAY)
    [done] = disposal.dispose_now(db, ig, NOW)
    assert done.counts["subject_access_requests"] == 1
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM people WHERE id = :p"), {"p": person}).scalar() == 0


def test_disposal_leaves_the_name_search_index_as_if_the_case_had_never_been(hub):
    """SQLite's name index (FTS5) only marks a deleted row deleted until it is rebuilt; disposal rebuilds it."""
    db = hub.db
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    disposal.approve(db, ig, reference, NOW - 15 * DAY)
    with db.read() as session:
        named = set(session.scalars(select(Referral.id).where(name_search.name_contains(fold(SUBJECT[1])))))
    assert named
    assert [d.reference for d in disposal.dispose_now(db, ig, NOW)] == [reference]
    with db.read() as session:
        assert not set(session.scalars(select(Referral.id).where(name_search.name_contains(fold(SUBJECT[1])))))
    if db.is_sqlite:  # (FTS5 writes its segments out at commit: each step in its own transaction)
        blocks = "SELECT id, block FROM referral_names_data ORDER BY id"
        with db.engine.begin() as conn:
            after = conn.exec_driver_sql(blocks).all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO referral_names (referral_names) VALUES ('rebuild')")
        with db.engine.begin() as conn:
            assert after == conn.exec_driver_sql(blocks).all()
