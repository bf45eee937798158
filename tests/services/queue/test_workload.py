"""Per-officer workload: open cases, overdue, by RAG."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.codes import Outcome, Rag
from mash_desktop.services.case import allocation, casework
from mash_desktop.services.admin import users
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.queue.workload import agency_workload
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

# The example referral arrives on Friday 20 November 2026 at 14:05 (GMT).
SATURDAY_NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)


def _allocate(db, lead, reference, username):
    allocation.allocate_case(db, lead, reference, username, allocation.allocation_state(db, reference).version)


@pytest.fixture
def busy(sup_hub):
    """Red (overdue by Saturday), amber, green (decided) and blue (closed) cases,
    and one not rated yet."""
    db = sup_hub.db
    signed_lead = sup_hub.sign_in("csc.lead")
    lead, decider = signed_lead.actor, sup_hub.sign_in("csc.decision").actor
    refs = [REF] + [add_referral(db, lead, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
                    for _ in range(4)]
    for reference, rag in zip(refs, (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)):
        casework.run_step(db, lead, reference, casework.set_rag, rag, "Screened")
    for reference, username in zip(refs, ("csc.officer", "csc.officer", "csc.officer", "csc.new", "csc.deputy")):
        _allocate(db, signed_lead, reference, username)
    for reference, outcome, level in ((refs[2], Outcome.INFORMATION_ADVICE, 1),
                                      (refs[3], Outcome.NO_FURTHER_ACTION, 1)):
        casework.run_step(db, lead, reference, casework.submit_for_decision)
        casework.run_step(db, decider, reference, casework.decide, outcome=outcome, level=level, rationale="Low")
    casework.run_step(db, lead, refs[3], casework.close)
    return sup_hub


def test_each_officer_s_open_and_overdue_cases_by_rating(busy):
    loads = {load.username: load for load in agency_workload(busy.db, "csc", now=SATURDAY_NOON)}
    # Decision makers take no cases; everyone who can is listed, by name.
    assert list(loads) == ["csc.deputy", "csc.lead", "csc.new", "csc.officer"]
    officer = loads["csc.officer"]
    assert (officer.name, officer.open_cases, officer.overdue) == ("CSC Officer", 3, 1)
    assert [officer.count(r) for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, None)] == [1, 1, 1, 0, 0]
    assert (loads["csc.new"].open_cases, loads["csc.new"].overdue) == (0, 0)  # closed cases do not count
    deputy = loads["csc.deputy"]
    assert (deputy.open_cases, deputy.count(None)) == (1, 1)
    assert loads["csc.lead"].open_cases == 0


def test_nothing_is_overdue_before_its_due_time(busy):
    friday = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.timezone.utc)
    assert sum(load.overdue for load in agency_workload(busy.db, "CSC", now=friday)) == 0


def test_disabled_staff_are_not_offered(busy):
    users.disable_account(busy.db, busy.sign_in("csc.lead"), "csc.new")
    assert "csc.new" not in {load.username for load in agency_workload(busy.db, "CSC")}
