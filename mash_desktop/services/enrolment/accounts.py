"""Whether the hub has accounts yet, and enrolling a workstation to an agency.

Until the first administrator is created the hub has no accounts, and the
machine's database administrator may set it up without signing in. From then
on every change is made by a signed-in person.
"""

from __future__ import annotations

import hmac

from sqlalchemy import func, select

from ...domain.codes import Role
from ...domain.errors import Conflict, NotPermitted
from ...security import crypto, trust
from ...security.accounts import Credentials, SignedIn, workstation_agency
from ...security.identity import LOCAL_ADMIN, Actor, local_admin
from ...security.trust import workstation_signing_key
from ...store.database import Database
from ...store.models import Agency, User
from ..admin.agencies import agency_by_code
from .hub_setup import register_workstation


def has_accounts(db: Database) -> bool:
    """Whether any user has keys (and so can sign in)."""
    with db.read() as session:
        return bool(session.scalar(select(func.count(User.id)).where(User.wrapped_private_key.is_not(None))))


def station_admin(db: Database, creds: Credentials) -> Actor:
    """The local administrator at this enrolled workstation: what it records (a refused
    key, say) is signed with the agency's workstation key, so the audit chain still verifies."""
    with db.read() as session:
        agency_id = session.scalar(select(Agency.id).where(
            Agency.code == creds.agency_code, Agency.workstation_secret_check == crypto.fingerprint(creds.secret)))
    return LOCAL_ADMIN if agency_id is None else local_admin(agency_id, workstation_signing_key(creds.secret))


def check_enrolment_key(db: Database, creds: Credentials) -> trust.Roots:
    """Refuse unless ``creds.secret`` is the enrolment key of ``creds.agency_code``;
    return the trust roots it vouches for, for the workstation to pin."""
    with db.read() as session:
        agency = agency_by_code(session, creds.agency_code)
        if agency.workstation_secret_check is None:
            raise Conflict(f"{agency.code} has no keys: it was added before the hub had accounts.")
        if not hmac.compare_digest(agency.workstation_secret_check, crypto.fingerprint(creds.secret)):
            raise NotPermitted(f"That is not the enrolment key of {agency.code}; check for typing mistakes.")
        workstation_agency(session, creds)  # refuses a withdrawn workstation
        return trust.learn_roots(session, agency.code, creds.secret)


def enrol_workstation(db: Database, admin: SignedIn, name: str) -> None:
    """Record this workstation as one of the admin's agency (signed in with its key)."""
    admin.require(Role.ADMIN)
    with db.write() as session:
        agency = session.get(Agency, admin.actor.agency_id)
        register_workstation(session, admin.actor, agency, name, admin.workstation_secret)
