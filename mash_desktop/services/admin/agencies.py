"""Partner agencies of the hub: adding and listing them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.codes import AgencyKind, Role
from ...domain.errors import Conflict, FieldError, NotFound, NotPermitted
from ...security.audit import record
from ...security.trust import HUB_CODE
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
MAX_SEATS = 1000


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    name: str
    kind: AgencyKind
    seats: int
    active: bool


def require_hub_admin(session: Session, actor: Actor) -> None:
    """Hub-wide settings (partners, closure days) are for the hub's own admins."""
    actor.require(Role.ADMIN)
    # Hub management is known by the agency code verified at sign-in (its
    # certificate chains to the pinned hub root), never by a kind read now.
    if actor.agency_id is not None and actor.agency_code != HUB_CODE:
        raise NotPermitted("Only an administrator of the hub itself can do this, not an agency's administrator.")


def _info(a: Agency) -> AgencyInfo:
    return AgencyInfo(a.code, a.name, a.kind, a.seats, a.active)


def normalise_code(code: str) -> str:
    cleaned = code.strip().upper()
    if not CODE_RE.match(cleaned):
        raise FieldError("code", f"'{code}' is not an agency code (2 to 10 letters or digits, starting with a letter)")
    return cleaned


def create_agency(
    session: Session, actor: Actor, code: str, name: str, kind: AgencyKind, seats: int
) -> Agency:
    """Add an agency inside an open write session."""
    actor.require(Role.ADMIN)
    code = normalise_code(code)
    name = name.strip()
    if not name or len(name) > 200:
        raise FieldError("name", "an agency needs a name of 1 to 200 characters")
    if not 0 <= seats <= MAX_SEATS:
        raise FieldError("seats", f"seats must be between 0 and {MAX_SEATS}")
    if session.scalar(select(Agency.id).where(Agency.code == code)) is not None:
        raise Conflict(f"Agency {code} already exists.")
    agency = Agency(code=code, name=name, kind=kind, seats=seats)
    session.add(agency)
    session.flush()
    record(session, actor, "agency.add", "agency", code, detail={"kind": kind.value, "seats": seats})
    return agency


def add_agency(
    db: Database, actor: Actor, code: str, name: str, kind: AgencyKind = AgencyKind.OTHER, seats: int = 0
) -> AgencyInfo:
    with db.write() as session:
        return _info(create_agency(session, actor, code, name, kind, seats))


def list_agencies(db: Database, include_retired: bool = True) -> list[AgencyInfo]:
    with db.read() as session:
        query = select(Agency).order_by(Agency.code)
        if not include_retired:
            query = query.where(Agency.active.is_(True))
        return [_info(a) for a in session.scalars(query)]


def agency_by_code(session: Session, code: str, field: str = "agency") -> Agency:
    agency = session.scalar(select(Agency).where(Agency.code == code.strip().upper()))
    if agency is None:
        raise NotFound(f"{field}: no agency with code '{code}'")
    return agency
