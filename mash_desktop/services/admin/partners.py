"""Partner agencies as the hub's administrators look after them: the list,
seats, retirement, and how the hub's costs are shared.

Adding a partner with its keys and lead is :func:`hub_setup.create_partner`.
Changing seats and retiring are for the hub's own administrators; any
administrator may see the partners and the cost share. Retiring keeps every
record of the agency (cases, panels, disclosures, documents, the audit
trail): its staff are disabled, its workstations withdrawn, and it is no
longer offered for research.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.codes import AgencyKind, Role
from ...domain.cost_share import Basis, CostShare, Costs, Partner, default_leads, share_costs
from ...domain.errors import Conflict, FieldError, NotPermitted
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import Agency, User, Workstation
from ...store.types import utcnow
from .agencies import MAX_SEATS, agency_by_code, require_hub_admin


@dataclass(frozen=True)
class PartnerRow:
    """One partner agency as the partners list shows it."""

    code: str
    name: str
    kind: AgencyKind
    seats: int
    active_users: int
    active: bool
    retired_at: dt.datetime | None


@dataclass(frozen=True)
class Partners:
    """The partner agencies, and whether the reader may add, change and retire them."""

    rows: tuple[PartnerRow, ...]
    can_manage: bool


@dataclass(frozen=True)
class Retired:
    """What retiring an agency did."""

    code: str
    disabled_users: int
    withdrawn_workstations: int


def is_hub_admin(session: Session, signed: SignedIn) -> bool:
    """Whether ``signed`` is an administrator of the hub itself (who manages partners)."""
    try:
        require_hub_admin(session, signed.actor)
    except NotPermitted:
        return False
    return True


def _rows(session: Session) -> list[PartnerRow]:
    users = (select(User.agency_id, func.count(User.id).label("n")).where(User.active.is_(True))
             .group_by(User.agency_id).subquery())
    query = (select(Agency, func.coalesce(users.c.n, 0)).outerjoin(users, users.c.agency_id == Agency.id)
             .where(Agency.kind != AgencyKind.HUB).order_by(Agency.code))
    return [PartnerRow(a.code, a.name, a.kind, a.seats, n, a.active, a.retired_at)
            for a, n in session.execute(query)]


def load_partners(db: Database, signed: SignedIn) -> Partners:
    """Every partner agency (retired ones too), for an administrator."""
    signed.require(Role.ADMIN)
    with db.read() as session:
        return Partners(tuple(_rows(session)), is_hub_admin(session, signed))


def _partner(session: Session, code: str) -> Agency:
    agency = agency_by_code(session, code)
    if agency.kind is AgencyKind.HUB:
        raise NotPermitted("The hub's own management agency is not a partner: it has no seats and is never retired.")
    if not agency.active:
        raise Conflict(f"{agency.code} has been retired.")
    return agency


def change_seats(db: Database, admin: SignedIn, code: str, seats: int) -> int:
    """Set a partner's seats; returns the number it had before."""
    admin.require(Role.ADMIN)
    if not 0 <= seats <= MAX_SEATS:
        raise FieldError("seats", f"seats must be between 0 and {MAX_SEATS}")
    with db.write() as session:
        require_hub_admin(session, admin.actor)
        agency = _partner(session, code)
        before = agency.seats
        if before != seats:
            agency.seats = seats
            record(session, admin.actor, "agency.seats", "agency", agency.code, detail={"from": before, "to": seats})
        return before


def retire_agency(db: Database, admin: SignedIn, code: str) -> Retired:
    """Retire a partner: its staff are disabled and its workstations withdrawn; nothing is deleted."""
    admin.require(Role.ADMIN)
    with db.write() as session:
        require_hub_admin(session, admin.actor)
        agency = _partner(session, code)
        now = utcnow()
        agency.active, agency.retired_at = False, now
        staff = list(session.scalars(select(User).where(User.agency_id == agency.id, User.active.is_(True))))
        for user in staff:
            user.active, user.disabled_at = False, now
        stations = list(session.scalars(select(Workstation).where(Workstation.agency_id == agency.id,
                                                                  Workstation.retired_at.is_(None))))
        for station in stations:
            station.retired_at = now
        record(session, admin.actor, "agency.retire", "agency", agency.code,
               detail={"seats": agency.seats, "disabled_users": len(staff), "withdrawn_workstations": len(stations)})
        return Retired(agency.code, len(staff), len(stations))


def cost_share(db: Database, signed: SignedIn, costs: Costs, basis: Basis,
               leads: Iterable[str] | None = None) -> CostShare:
    """Each active partner's share of the hub's costs; ``leads`` default to the two with most seats."""
    signed.require(Role.ADMIN)
    with db.read() as session:
        active = [r for r in _rows(session) if r.active]
    partners = [Partner(r.code, r.name, r.seats) for r in active]
    chosen = default_leads(partners) if leads is None else {c.strip().upper() for c in leads}
    unknown = chosen - {p.code for p in partners}
    if unknown:
        raise FieldError("lead partners", f"{', '.join(sorted(unknown))} is not an active partner")
    return share_costs([Partner(p.code, p.name, p.seats, p.code in chosen) for p in partners], costs, basis)
