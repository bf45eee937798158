"""A case through its lifecycle via the services, on both databases."""

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind, Outcome, Rag, ResearchStatus, Role, Status
from mash_desktop.domain.errors import Conflict, FieldError, InvalidTransition, NotPermitted
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.case import casework
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.calendar import add_closure
from mash_desktop.services.intake.referrals import add_referral, list_referrals
from mash_desktop.services.admin.users import create_user
from mash_desktop.store.models import ReferralEvent, ResearchRequest, User

EXAMPLE = json.loads((Path(__file__).parents[3] / "resources" / "examples" / "referral.json").read_text())
UTC = dt.timezone.utc
# Tuesday 17 November 2026, 10:00 London (GMT).
RECEIVED = dt.datetime(2026, 11, 17, 10, 0, tzinfo=UTC)


@pytest.fixture
def hub(db):
    """Two agencies, a supervisor, a decision maker and officers; one referral."""
    staff = {}
    with db.write() as s:
        csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 10)
        pol = create_agency(s, LOCAL_ADMIN, "POL", "Police", AgencyKind.POLICE, 20)
        create_agency(s, LOCAL_ADMIN, "EDU", "Education", AgencyKind.EDUCATION, 2)
        for name, agency, roles in [("sup", csc, [Role.SUPERVISOR]), ("dmaker", csc, [Role.DECISION_MAKER]),
                                    ("cscoff", csc, [Role.OFFICER]), ("poloff", pol, [Role.OFFICER])]:
            staff[name] = Actor.of(create_user(s, LOCAL_ADMIN, name, name.title(), agency, roles))
    ref = add_referral(db, LOCAL_ADMIN, EXAMPLE | {"received_at": RECEIVED.isoformat()},
                       now=RECEIVED + dt.timedelta(minutes=5))
    return db, staff, ref


def step(db, actor, ref, action, *args, minutes=30, **kw):
    return casework.run_step(db, actor, ref, action, *args, now=RECEIVED + dt.timedelta(minutes=minutes), **kw)


def test_full_lifecycle(hub):
    db, staff, ref = hub
    step(db, staff["sup"], ref, casework.set_rag, Rag.AMBER, "Bruising seen, DA history")
    [row] = list_referrals(db)
    assert row.status is Status.SCREENED and row.rag is Rag.AMBER
    # 24 working hours from Tue 10:00 = Fri 10:00.
    assert row.decision_due_at == dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    step(db, staff["sup"], ref, casework.request_research, ["POL", "edu"], minutes=60)
    with db.read() as s:
        dues = {r.agency.code: r.due_at for r in s.scalars(select(ResearchRequest))}
    # 6 working hours from Tue 11:00 = Tue 17:00.
    assert dues == {"POL": dt.datetime(2026, 11, 17, 17, 0, tzinfo=UTC),
                    "EDU": dt.datetime(2026, 11, 17, 17, 0, tzinfo=UTC)}
    step(db, staff["poloff"], ref, casework.set_research_status, ResearchStatus.RETURNED, minutes=200)
    with pytest.raises(Conflict, match="outstanding from EDU"):
        step(db, staff["dmaker"], ref, casework.decide, outcome=Outcome.STRATEGY_S47, level=4, rationale="Risk")
    step(db, staff["sup"], ref, casework.submit_for_decision, minutes=300)
    step(db, staff["dmaker"], ref, casework.decide, outcome=Outcome.STRATEGY_S47, level=4, rationale="Risk of harm",
         override_reason="Education closed for half term; risk cannot wait", minutes=320)
    step(db, staff["sup"], ref, casework.close, minutes=400)
    [row] = list_referrals(db)
    assert row.status is Status.CLOSED
    with db.read() as s:
        kinds = [e.kind for e in s.scalars(select(ReferralEvent).order_by(ReferralEvent.id))]
    assert kinds == ["screen", "rag", "request_research", "submit_for_decision", "decide", "close"]
    step(db, staff["sup"], ref, casework.reopen, "Further incident reported", minutes=500)
    assert list_referrals(db)[0].status is Status.SCREENED


def test_rerating_recomputes_due_times(hub):
    db, staff, ref = hub
    step(db, staff["sup"], ref, casework.set_rag, Rag.GREEN, "Low level")
    step(db, staff["sup"], ref, casework.request_research, ["POL"], minutes=60)
    step(db, staff["sup"], ref, casework.set_rag, Rag.RED, "Police report new assault", minutes=90)
    [row] = list_referrals(db)
    assert row.decision_due_at == RECEIVED + dt.timedelta(hours=4)
    with db.read() as s:
        due = s.scalar(select(ResearchRequest.due_at))
    assert due == RECEIVED + dt.timedelta(minutes=60, hours=2)
    step(db, staff["sup"], ref, casework.set_rag, Rag.BLUE, "Allegation withdrawn and disproved", minutes=95)
    assert list_referrals(db)[0].decision_due_at is None


def test_closure_day_moves_the_due_time(hub):
    db, staff, ref = hub
    add_closure(db, LOCAL_ADMIN, dt.date(2026, 11, 19), "Hub training day")
    step(db, staff["sup"], ref, casework.set_rag, Rag.AMBER, "Reason")
    assert list_referrals(db)[0].decision_due_at == dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_rules_are_enforced_by_the_service(hub):
    db, staff, ref = hub
    with pytest.raises(NotPermitted):
        step(db, staff["cscoff"], ref, casework.set_rag, Rag.RED, "I think so")
    with pytest.raises(FieldError, match="reason"):
        step(db, staff["sup"], ref, casework.set_rag, Rag.RED, "  ")
    with pytest.raises(InvalidTransition, match="Allowed now"):
        step(db, staff["dmaker"], ref, casework.decide, outcome=Outcome.NO_FURTHER_ACTION, level=1, rationale="x")
    with pytest.raises(Conflict, match="Rate the case"):
        step(db, staff["sup"], ref, casework.request_research, ["POL"])
    step(db, staff["sup"], ref, casework.set_rag, Rag.GREEN, "Needs")
    step(db, staff["sup"], ref, casework.submit_for_decision)
    with pytest.raises(FieldError, match="named_service"):
        step(db, staff["dmaker"], ref, casework.decide, outcome=Outcome.EARLY_HELP, level=2, rationale="Support")
    with pytest.raises(FieldError, match="level"):
        step(db, staff["dmaker"], ref, casework.decide, outcome=Outcome.NO_FURTHER_ACTION, level=5, rationale="x")
    # Refused steps left nothing behind.
    assert list_referrals(db)[0].status is Status.AWAITING_DECISION


def test_allocation(hub):
    db, staff, ref = hub
    step(db, staff["sup"], ref, casework.set_rag, Rag.AMBER, "Reason")
    with db.read() as s:
        officer = s.get(User, staff["cscoff"].user_id)
    step(db, staff["sup"], ref, casework._allocate, officer)  # allocation.allocate_case's last step
    assert list_referrals(db)[0].allocated_to == "Cscoff"
    with pytest.raises(NotPermitted):
        step(db, staff["cscoff"], ref, casework._allocate, officer)
