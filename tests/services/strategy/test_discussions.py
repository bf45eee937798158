"""Strategy discussions: recorded by a supervisor or decision maker, signed,
shown in the case with the ICPC due date and open actions, never copied into
the audit trail."""

import datetime as dt

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.codes import AgencyKind, Role
from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.domain.strategy import S47Decision, icpc_due
from mash_desktop.domain.timescales import HubCalendar
from mash_desktop.services.admin import users
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.strategy.discussions import (
    ActionInput,
    AttendeeInput,
    DiscussionInput,
    complete_action,
    record_discussion,
)
from mash_desktop.services.strategy.views import open_actions_by_case
from mash_desktop.store.models import AuditEvent, Referral
from mash_desktop.store.strategy_models import StrategyAction, StrategyDiscussion

from ... import hub_factory
from ...hub_factory import PASSWORD

REF = "MASH-2026-000001"
WHY = "Strategy discussion"
SHARED = "Police hold a 2024 report of an injury to the child's arm."
REASONS = "Reasonable cause to suspect significant harm: unexplained injury."
# Thursday 24 December 2026: Christmas Day, the Boxing Day substitute (Monday
# 28th) and New Year's Day fall in the 15 working days.
CHRISTMAS_EVE = dt.datetime(2026, 12, 24, 10, 0, tzinfo=dt.timezone.utc)
LATER = dt.datetime(2026, 12, 24, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def hub(db):
    hub = hub_factory.build(db)
    lead = hub.sign_in("csc.lead")
    users.add_account(db, lead, "csc.dm", "CSC Decider", [Role.DECISION_MAKER], PASSWORD)
    users.confirm_member(db, lead, "csc.dm")
    return hub


def _input(decision=S47Decision.START_S47, attendees=None, actions=None, when=CHRISTMAS_EVE):
    return DiscussionInput(
        convened_at=when,
        attendees=attendees if attendees is not None else (
            AttendeeInput("Sam Social", "Team manager", "CSC"), AttendeeInput("Pat Police", "DS", "POL"),
            AttendeeInput("Hal Health", "Named nurse", "HLT", present=False)),
        shared=SHARED, decision=decision, reasons=REASONS,
        actions=actions if actions is not None else (
            ActionInput("Arrange a child protection medical", dt.date(2026, 12, 29), owner_agency="HLT"),
            ActionInput("Joint visit", dt.date(2026, 12, 24), owner_username="csc.officer")))


def test_icpc_due_fifteen_working_days_on_across_bank_holidays():
    assert icpc_due(dt.date(2026, 12, 24), HubCalendar()) == dt.date(2027, 1, 19)
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April do not count.
    assert icpc_due(dt.date(2026, 4, 2), HubCalendar()) == dt.date(2026, 4, 27)
    assert icpc_due(dt.date(2026, 4, 2), HubCalendar(closures={dt.date(2026, 4, 7)})) == dt.date(2026, 4, 28)


def test_a_discussion_is_recorded_signed_and_shown_in_the_case(hub):
    dm = hub.sign_in("csc.dm")
    record_discussion(hub.db, dm.actor, REF, _input(), now=LATER)
    case = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY)
    (found,) = case.strategy_discussions
    assert found.verified and found.decision is S47Decision.START_S47
    assert found.icpc_due_on == dt.date(2027, 1, 19)
    assert found.shared == SHARED and found.reasons == REASONS and found.convened_by == "CSC Decider"
    assert [(a.name, a.agency, a.kind, a.present) for a in found.attendees] == [
        ("Sam Social", "CSC", AgencyKind.CHILDRENS_SOCIAL_CARE, True),
        ("Pat Police", "POL", AgencyKind.POLICE, True), ("Hal Health", "HLT", AgencyKind.HEALTH, False)]
    assert found.missing == ()
    assert [(a.owner, a.due_on) for a in found.open_actions()] == [
        ("HLT agency", dt.date(2026, 12, 29)), ("CSC Officer", dt.date(2026, 12, 24))]


def test_no_icpc_date_without_s47_and_missing_agencies_are_named(hub):
    record_discussion(hub.db, hub.sign_in("csc.lead").actor, REF, _input(
        S47Decision.CONTINUE_S17, attendees=(AttendeeInput("Sam Social", "Team manager", "CSC"),), actions=()),
        now=LATER)
    (found,) = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY).strategy_discussions
    assert found.icpc_due_on is None
    assert found.missing == (AgencyKind.POLICE, AgencyKind.HEALTH)


def test_case_text_stays_out_of_the_audit_trail(hub):
    record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(), now=LATER)
    with hub.db.read() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action.like("strategy.%"))))
    assert [e.action for e in events] == ["strategy.record"]
    text = repr([(e.detail, e.justification) for e in events])
    for secret in (SHARED, REASONS, "Sam Social", "Pat Police", "child protection medical"):
        assert secret not in text


@pytest.mark.parametrize("who", ["csc.officer", "hub.admin", "pol.officer"])
def test_only_supervisors_and_decision_makers_record(hub, who):
    with pytest.raises(NotPermitted):
        record_discussion(hub.db, hub.sign_in(who).actor, REF, _input(), now=LATER)


@pytest.mark.parametrize("change, field", [
    ({"shared": "  "}, "shared"), ({"reasons": ""}, "reasons"), ({"attendees": ()}, "attendees"),
    ({"convened_at": LATER + dt.timedelta(hours=3)}, "convened_at"),
    ({"actions": (ActionInput("Visit", dt.date(2026, 12, 23), owner_agency="CSC"),)}, "actions[0].due_on"),
    ({"actions": (ActionInput("Visit", dt.date(2026, 12, 28)),)}, "actions[0].owner"),
])
def test_an_incomplete_discussion_is_refused(hub, change, field):
    given = _input()
    given = type(given)(**{**given.__dict__, **change})
    with pytest.raises(FieldError) as raised:
        record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, given, now=LATER)
    assert raised.value.field == field


def test_actions_are_done_by_their_owner_or_a_convener_once(hub):
    record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(), now=LATER)
    with hub.db.read() as s:
        medical, visit = s.scalars(select(StrategyAction.id).order_by(StrategyAction.position))
        rid = s.scalar(select(Referral.id).where(Referral.reference == REF))
        assert open_actions_by_case(s, [rid], dt.date(2026, 12, 30))[rid].overdue == 2
    with pytest.raises(NotPermitted):
        complete_action(hub.db, hub.sign_in("pol.officer").actor, medical)
    with pytest.raises(NotPermitted):
        complete_action(hub.db, hub.sign_in("hlt.new").actor, visit)
    assert complete_action(hub.db, hub.sign_in("hlt.officer").actor, medical) == REF
    assert complete_action(hub.db, hub.sign_in("csc.officer").actor, visit) == REF
    with pytest.raises(Conflict):
        complete_action(hub.db, hub.sign_in("csc.lead").actor, visit)
    (found,) = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY).strategy_discussions
    assert found.open_actions() == () and all(a.verified for a in found.actions)
    assert [a.done_by for a in found.actions] == ["HLT Officer", "CSC Officer"]
    with hub.db.read() as s:
        assert open_actions_by_case(s, [rid], dt.date(2026, 12, 30)) == {}


@pytest.mark.parametrize("column, value", [
    ("decision", S47Decision.NO_FURTHER_ACTION), ("reasons", "Changed by hand"),
    ("icpc_due_on", dt.date(2027, 3, 1))])
def test_a_discussion_changed_by_hand_shows_altered(hub, column, value):
    record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(), now=LATER)
    with hub.db.write() as s:
        s.execute(update(StrategyDiscussion).values({column: value}))
    (found,) = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY).strategy_discussions
    assert not found.verified


def test_an_action_marked_done_by_hand_shows_altered(hub):
    record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(), now=LATER)
    with hub.db.write() as s:
        s.execute(update(StrategyAction).where(StrategyAction.position == 0).values(done_at=LATER))
    (found,) = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY).strategy_discussions
    assert [a.verified for a in found.actions] == [False, True]


def test_the_queue_flags_a_same_day_discussion_and_overdue_actions(hub):
    from mash_desktop.services.intake.referrals import add_referral
    from mash_desktop.services.queue.query import fetch_rows
    payload = hub_factory.EXAMPLE | {"referrer": hub_factory.EXAMPLE["referrer"] | {"agency": None},
                                     "concerns": hub_factory.EXAMPLE["concerns"] | {"categories": ["sexual"]}}
    urgent = add_referral(hub.db, hub.sign_in("csc.officer").actor, payload)
    with hub.db.read() as s:
        ids = dict(s.execute(select(Referral.reference, Referral.id)).all())
    rows = fetch_rows(hub.db, list(ids.values()))
    assert rows[ids[urgent]].strategy == "Strategy discussion today" and rows[ids[REF]].strategy is None
    record_discussion(hub.db, hub.sign_in("csc.dm").actor, urgent,
                      _input(actions=(), when=dt.datetime.now(dt.timezone.utc)))
    november = dt.datetime(2026, 11, 23, 10, tzinfo=dt.timezone.utc)
    overdue = tuple(ActionInput(text, dt.date(2026, 11, 24), owner_agency="CSC") for text in ("Visit", "Medical"))
    record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(actions=overdue, when=november),
                      now=november)
    rows = fetch_rows(hub.db, list(ids.values()))
    assert rows[ids[urgent]].strategy is None
    assert rows[ids[REF]].strategy == "2 strategy actions overdue"


def test_the_icpc_is_recorded_once_signed_and_a_change_by_hand_shows(hub):
    from mash_desktop.services.strategy.discussions import record_icpc
    made = record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(), now=LATER)
    nfa = record_discussion(hub.db, hub.sign_in("csc.dm").actor, REF, _input(S47Decision.NO_FURTHER_ACTION),
                            now=LATER)
    when = dt.datetime(2027, 1, 20, 12, tzinfo=dt.timezone.utc)
    with pytest.raises(NotPermitted):
        record_icpc(hub.db, hub.sign_in("csc.officer").actor, made, dt.date(2027, 1, 19), now=when)
    with pytest.raises(Conflict):
        record_icpc(hub.db, hub.sign_in("csc.lead").actor, nfa, dt.date(2027, 1, 19), now=when)
    with pytest.raises(FieldError):
        record_icpc(hub.db, hub.sign_in("csc.lead").actor, made, dt.date(2027, 1, 21), now=when)
    assert record_icpc(hub.db, hub.sign_in("csc.lead").actor, made, dt.date(2027, 1, 19), now=when) == REF
    with pytest.raises(Conflict):
        record_icpc(hub.db, hub.sign_in("csc.lead").actor, made, dt.date(2027, 1, 18), now=when)
    found = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY).strategy_discussions[0]
    assert found.icpc_held_on == dt.date(2027, 1, 19) and found.icpc_verified and found.icpc_in_time
    with hub.db.write() as s:
        s.execute(update(StrategyDiscussion).where(StrategyDiscussion.id == made)
                  .values(icpc_held_on=dt.date(2027, 1, 15)))
    found = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY).strategy_discussions[0]
    assert not found.icpc_verified
