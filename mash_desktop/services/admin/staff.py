"""Staff and workstations as an administrator or supervisor looks after them.

An agency's administrators and supervisors see their own agency's staff and
workstations; the hub's own administrators see every agency's. Adding,
confirming, unlocking, disabling and password resets are in services/admin/users.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ...domain import access
from ...domain.codes import Role
from ...domain.errors import Conflict, NotFound, NotPermitted
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import HUB_CODE
from ...store.database import Database
from ...store.models import Agency, User, Workstation
from ...store.types import utcnow
from .users import UserInfo, info


@dataclass(frozen=True)
class Staff:
    """The staff a reader may look after, and whether they see every agency's."""

    users: tuple[UserInfo, ...]
    all_agencies: bool
    own_agency: str


@dataclass(frozen=True)
class WorkstationRow:
    """One enrolled workstation (never its secret)."""

    name: str
    agency: str
    enrolled_at: dt.datetime
    enrolled_by: str | None
    withdrawn_at: dt.datetime | None
    here: bool = False  # the workstation the reader is signed in at


def _sees_all(session: Session, signed: SignedIn) -> bool:
    """The hub's own administrators see every agency's staff and workstations."""
    # By the agency code verified at sign-in, never by a kind read now.
    return Role.ADMIN in signed.actor.roles and signed.actor.agency_code == HUB_CODE


def load_staff(db: Database, signed: SignedIn) -> Staff:
    """Staff of the reader's agency (of every agency for a hub administrator)."""
    signed.require(*access.roles_for(access.Step.KEEP_STAFF))
    with db.read() as session:
        everyone = _sees_all(session, signed)
        query = select(User).join(Agency, Agency.id == User.agency_id).order_by(Agency.code, User.username)
        if not everyone:
            query = query.where(User.agency_id == signed.actor.agency_id)
        return Staff(tuple(info(u) for u in session.scalars(query)), everyone, signed.actor.agency_code or "")


def list_workstations(db: Database, admin: SignedIn) -> list[WorkstationRow]:
    """Workstations of the admin's agency (every agency's for a hub administrator), newest first."""
    admin.require(Role.ADMIN)
    with db.read() as session:
        by = aliased(User)
        query = (select(Workstation, Agency.code, by.username).join(Agency, Agency.id == Workstation.agency_id)
                 .outerjoin(by, by.id == Workstation.enrolled_by_id)
                 .order_by(Workstation.retired_at.is_not(None), Agency.code, Workstation.name))
        if not _sees_all(session, admin):
            query = query.where(Workstation.agency_id == admin.actor.agency_id)
        return [WorkstationRow(w.name, code, w.enrolled_at, who, w.retired_at, w.id == admin.actor.workstation_id)
                for w, code, who in session.execute(query)]


def withdraw_workstation(db: Database, admin: SignedIn, name: str) -> None:
    """Withdraw a workstation: nobody can sign in at it until it is enrolled again."""
    admin.require(Role.ADMIN)
    with db.write() as session:
        station = session.scalar(select(Workstation).where(Workstation.name == name))
        if station is None:
            raise NotFound(f"No workstation called '{name}'.")
        if station.agency_id != admin.actor.agency_id and not _sees_all(session, admin):
            raise NotPermitted(f"Workstation '{name}' belongs to another agency; ask that agency's administrator.")
        if station.retired_at is not None:
            raise Conflict(f"Workstation '{name}' has already been withdrawn.")
        if station.id == admin.actor.workstation_id:
            raise NotPermitted("You cannot withdraw the workstation you are signed in at.")
        station.retired_at = utcnow()
        agency = session.get(Agency, station.agency_id)
        record(session, admin.actor, "workstation.withdraw", "workstation", station.name,
               detail={"agency": agency.code})
