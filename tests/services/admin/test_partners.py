"""Partners, seats, retirement and cost share; staff and workstations in an administrator's scope."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import Rag
from mash_desktop.domain.cost_share import FOUNDING_COSTS, Basis
from mash_desktop.domain.errors import Conflict, EnvironmentFault, FieldError, NotPermitted
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.admin import partners, staff
from mash_desktop.services.enrolment.accounts import enrol_workstation
from mash_desktop.services.intake.screening import screen
from mash_desktop.store.models import AuditEvent, ResearchRequest
from tests import hub_factory
from tests.hub_factory import PASSWORD, Creds

REF = "MASH-2026-000001"


@pytest.fixture
def hub(db):
    return hub_factory.build(db, agencies=("CSC", "POL"))


def events(hub, action: str) -> list[AuditEvent]:
    with hub.db.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_partners_are_listed_for_admins_and_managed_only_by_the_hub(hub):
    listed = partners.load_partners(hub.db, hub.sign_in("hub.admin"))
    assert listed.can_manage
    assert [(r.code, r.seats, r.active_users, r.active) for r in listed.rows] == [("CSC", 5, 3, True),
                                                                                 ("POL", 5, 3, True)]
    lead = hub.sign_in("csc.lead")
    assert not partners.load_partners(hub.db, lead).can_manage
    with pytest.raises(NotPermitted, match="administrator of the hub"):
        partners.change_seats(hub.db, lead, "CSC", 9)
    with pytest.raises(NotPermitted, match="administrator"):
        partners.load_partners(hub.db, hub.sign_in("csc.officer"))


def test_changing_seats_is_audited_with_the_old_and_new_numbers(hub):
    admin = hub.sign_in("hub.admin")
    assert partners.change_seats(hub.db, admin, "pol", 22) == 5
    assert [r.seats for r in partners.load_partners(hub.db, admin).rows] == [5, 22]
    [event] = events(hub, "agency.seats")
    assert (event.object_ref, event.actor_name, json.loads(event.detail)) == ("POL", "hub.admin",
                                                                              {"from": 5, "to": 22})
    with pytest.raises(FieldError):
        partners.change_seats(hub.db, admin, "POL", -1)
    with pytest.raises(NotPermitted, match="not a partner"):
        partners.change_seats(hub.db, admin, "HUB", 3)


def test_retiring_keeps_the_history_and_closes_the_agency(hub):
    admin, lead = hub.sign_in("hub.admin"), hub.sign_in("csc.lead")
    enrol_workstation(hub.db, hub.sign_in("pol.lead"), "ws-pol")
    screen(hub.db, lead, REF, rag=Rag.AMBER, reason="Bruising", research=["POL"])
    done = partners.retire_agency(hub.db, admin, "POL")
    assert (done.code, done.disabled_users, done.withdrawn_workstations) == ("POL", 3, 1)
    row = next(r for r in partners.load_partners(hub.db, admin).rows if r.code == "POL")
    assert not row.active and row.retired_at is not None and row.active_users == 0 and row.seats == 5
    with hub.db.read() as session:  # its research request is still on the case
        assert session.scalar(select(ResearchRequest.id)) is not None
    with pytest.raises(EnvironmentFault, match="withdrawn"):
        sign_in(hub.db, hub.creds("POL"), "pol.lead", PASSWORD)
    with pytest.raises(NotPermitted, match="disabled"):
        sign_in(hub.db, Creds("POL", "ws-other", hub.kits["POL"].workstation_secret), "pol.officer", PASSWORD)
    with pytest.raises(Conflict, match="retired"):
        screen(hub.db, lead, REF, rag=None, research=["POL"])
    with pytest.raises(Conflict, match="retired"):
        partners.retire_agency(hub.db, admin, "POL")
    with pytest.raises(Conflict, match="retired"):
        partners.change_seats(hub.db, admin, "POL", 1)
    [event] = events(hub, "agency.retire")
    assert event.object_ref == "POL" and json.loads(event.detail) == {
        "seats": 5, "disabled_users": 3, "withdrawn_workstations": 1}
    with pytest.raises(NotPermitted):
        partners.retire_agency(hub.db, lead, "CSC")


def test_cost_share_covers_active_partners_with_the_two_largest_as_leads(hub):
    admin = hub.sign_in("hub.admin")
    partners.change_seats(hub.db, admin, "CSC", 22)
    partners.change_seats(hub.db, admin, "POL", 22)
    result = partners.cost_share(hub.db, admin, FOUNDING_COSTS, Basis.EQUAL_LEADS)
    # 44 seats, both leads: they halve 100,000 and 87,000.
    assert [(s.code, s.lead, s.revenue, s.capital) for s in result.shares] == [
        ("CSC", True, 50_000, 43_500), ("POL", True, 50_000, 43_500)]
    one_lead = partners.cost_share(hub.db, hub.sign_in("csc.lead"), FOUNDING_COSTS, Basis.EQUAL_LEADS, ["csc"])
    # POL pays 22 x 2,000 = 44,000 and 22 x 3,000 = 66,000; CSC the rest: 56,000 and 21,000.
    assert [(s.code, s.revenue, s.capital) for s in one_lead.shares] == [("CSC", 56_000, 21_000),
                                                                         ("POL", 44_000, 66_000)]
    partners.retire_agency(hub.db, admin, "POL")
    alone = partners.cost_share(hub.db, admin, FOUNDING_COSTS, Basis.SEATS)
    assert [(s.code, s.revenue) for s in alone.shares] == [("CSC", Decimal(100_000))]
    with pytest.raises(FieldError, match="POL is not an active partner"):
        partners.cost_share(hub.db, admin, FOUNDING_COSTS, Basis.EQUAL_LEADS, ["POL"])
    with pytest.raises(NotPermitted):
        partners.cost_share(hub.db, hub.sign_in("csc.officer"), FOUNDING_COSTS, Basis.SEATS)


def test_staff_are_listed_in_the_readers_scope(hub):
    everyone = staff.load_staff(hub.db, hub.sign_in("hub.admin"))
    assert everyone.all_agencies and {u.agency for u in everyone.users} == {"HUB", "CSC", "POL"}
    own = staff.load_staff(hub.db, hub.sign_in("csc.lead"))
    assert not own.all_agencies and [u.username for u in own.users] == ["csc.lead", "csc.new", "csc.officer"]
    assert [u.confirmed for u in own.users] == [True, False, True]
    with pytest.raises(NotPermitted):
        staff.load_staff(hub.db, hub.sign_in("csc.officer"))


def test_workstations_are_listed_and_withdrawn_in_scope_and_audited(hub):
    csc, pol, admin = hub.sign_in("csc.lead"), hub.sign_in("pol.lead"), hub.sign_in("hub.admin")
    enrol_workstation(hub.db, csc, "ws-csc")
    enrol_workstation(hub.db, pol, "ws-pol")
    assert [w.name for w in staff.list_workstations(hub.db, csc)] == ["ws-csc"]
    assert [(w.name, w.agency) for w in staff.list_workstations(hub.db, admin)] == [
        ("ws-csc", "CSC"), ("ws-hub", "HUB"), ("ws-pol", "POL")]
    with pytest.raises(NotPermitted, match="another agency"):
        staff.withdraw_workstation(hub.db, csc, "ws-pol")
    staff.withdraw_workstation(hub.db, admin, "ws-pol")
    listed = staff.list_workstations(hub.db, admin)
    assert listed[-1].name == "ws-pol" and listed[-1].withdrawn_at is not None and listed[0].enrolled_by == "csc.lead"
    with pytest.raises(Conflict, match="already"):
        staff.withdraw_workstation(hub.db, admin, "ws-pol")
    with pytest.raises(EnvironmentFault, match="withdrawn"):
        sign_in(hub.db, hub.creds("POL"), "pol.lead", PASSWORD)
    [event] = events(hub, "workstation.withdraw")
    assert (event.object_ref, event.actor_name) == ("ws-pol", "hub.admin")
    with pytest.raises(NotPermitted, match="administrator"):
        staff.list_workstations(hub.db, hub.sign_in("csc.officer"))
    with pytest.raises(NotPermitted, match="signed in at"):
        staff.withdraw_workstation(hub.db, admin, "ws-hub")
