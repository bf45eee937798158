"""Creating the hub's first administrator and its partner agencies, with keys.

Each agency gets a workstation secret (held in its workstations' keyrings and
printed once as the enrolment key) and a recovery key (printed once for the
agency lead to keep offline); neither is ever stored in the database.
"""

from __future__ import annotations

import dataclasses
import socket
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.access import AGENCY_LEAD_ROLES
from ...domain.agreements import AgreementTerms
from ...domain.codes import AgencyKind, Role
from ...domain.errors import Conflict
from ...security import crypto, trust, vault
from ...security.crypto import Ed25519PrivateKey
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.identity import Actor, local_admin
from ...security.passwords import check_password
from ...store.database import Database
from ...store.models import Agency, User, Workstation
from ...store.types import utcnow
from ..admin.agencies import create_agency, require_hub_admin
from ...security.account_state import sign_account
from ..admin import agreements
from ..admin.users import create_user

HUB_CODE = "HUB"


@dataclass(frozen=True)
class AgencyKit:
    """What is shown once when an agency is created, and never stored."""

    agency_code: str
    recovery_key: str
    enrolment_key: str
    workstation_secret: bytes
    #: What the agency's workstations pin (also learned at enrolment).
    roots: trust.Roots

    def __repr__(self) -> str:
        return f"AgencyKit({self.agency_code}, secrets hidden)"


def _equip(agency: Agency, secret: bytes | None = None, recovery: vault.RecoveryKey | None = None
           ) -> tuple[bytes, vault.RecoveryKey]:
    secret = secret or crypto.random_key()
    recovery = recovery or vault.RecoveryKey.generate()
    agency.recovery_public_key = recovery.public
    agency.workstation_secret_check = crypto.fingerprint(secret)
    return secret, recovery


def _kit(agency: Agency, secret: bytes, recovery: vault.RecoveryKey, hub_root: bytes) -> AgencyKit:
    return AgencyKit(agency.code, recovery.text, crypto.encode_secret(secret), secret,
                     trust.Roots(hub_root, recovery.public))


def default_workstation_name() -> str:
    return socket.gethostname()[:100] or "workstation"


def register_workstation(session: Session, actor: Actor, agency: Agency, name: str, secret: bytes) -> Workstation:
    station = session.scalar(select(Workstation).where(Workstation.name == name))
    if station is None:
        station = Workstation(name=name, agency_id=agency.id, enrolled_by_id=actor.user_id)
        session.add(station)
    elif station.agency_id != agency.id and station.retired_at is None:
        raise Conflict(f"Workstation '{name}' is enrolled to another agency; un-enrol it first.")
    station.agency_id, station.retired_at, station.enrolled_at = agency.id, None, utcnow()
    station.secret_fingerprint = crypto.fingerprint(secret)
    session.flush()
    record(session, actor, "workstation.enrol", "workstation", name, detail={"agency": agency.code})
    return station


def _hub_agency(session: Session, station_key: Ed25519PrivateKey) -> Agency:
    """The hub management agency, added by the local administrator at the hub's first workstation."""
    hub = Agency(code=HUB_CODE, name="Hub management", kind=AgencyKind.HUB, seats=0)
    session.add(hub)
    session.flush()
    record(session, local_admin(hub.id, station_key), "agency.add", "agency", HUB_CODE,
           detail={"kind": AgencyKind.HUB.value, "seats": 0})
    return hub


def init_hub(db: Database, username: str, display_name: str, password: str, *,
             workstation: str | None = None, params: crypto.KdfParams | None = None,
             secret: bytes | None = None, recovery: vault.RecoveryKey | None = None) -> AgencyKit:
    """Create the hub management agency and its first administrator."""
    check_password(password, username)
    with db.write() as session:
        if session.scalar(select(func.count(User.id)).where(User.wrapped_private_key.is_not(None))):
            raise Conflict("This hub already has accounts; add administrators with 'mash-admin user add'.")
        secret = secret or crypto.random_key()
        station_key = trust.workstation_signing_key(secret)  # signs what happens before the admin exists
        hub = session.scalar(select(Agency).where(Agency.code == HUB_CODE)) or _hub_agency(session, station_key)
        secret, recovery = _equip(hub, secret, recovery)
        hub_root = recovery.keys.signing_public
        # The hub's own certificate is signed by the hub root itself.
        trust.certify_agency(hub, secret, recovery.keys.signing, None, hub_root)
        admin = create_user(session, local_admin(hub.id, station_key), username, display_name, hub, [Role.ADMIN])
        admin_keys = vault.create_user_keys(admin, password, secret, params, recovery_public=recovery.public,
                                            certifier=recovery.keys.signing, certifier_id=None)
        sign_account(session, admin, recovery.keys.signing, None)  # the first account: by the hub root
        register_workstation(session, dataclasses.replace(Actor.of(admin), signer=admin_keys.signing), hub,
                             workstation or default_workstation_name(), secret)
        return _kit(hub, secret, recovery, hub_root)


def create_partner(db: Database, admin: SignedIn, code: str, name: str, kind: AgencyKind, seats: int, *,
                   lead: str, lead_name: str, lead_password: str, agreement: AgreementTerms,
                   params: crypto.KdfParams | None = None, secret: bytes | None = None,
                   recovery: vault.RecoveryKey | None = None) -> AgencyKit:
    """Add an agency with its information-sharing agreement, its keys and its
    lead (supervisor and admin of it).

    A partner joins with its agreement, recorded and signed by the hub
    administrator adding it (later reviews are the information governance
    officer's): without a current one it could be given no users. The lead
    is confirmed by the agency's recovery key; the agency's first data key is
    sealed to the lead and the recovery key. The very first agency with
    casework staff also starts the hub key.
    """
    admin.require(Role.ADMIN)
    check_password(lead_password, lead, "lead password")
    agreement = agreements.checked_terms(agreement)
    with db.write() as session:
        require_hub_admin(session, admin.actor)
        checked = admin.trust
        with trust.audited(db, admin.actor):
            checked.user(session, session.get(User, admin.actor.user_id))  # the certifier's own chain
        agency = create_agency(session, admin.actor, code, name, kind, seats)
        secret, recovery = _equip(agency, secret, recovery)
        trust.certify_agency(agency, secret, admin.keychain.keys.signing, admin.actor.user_id, checked.roots.hub)
        agreements.record_in(session, admin, agency, agreement)
        user = create_user(session, admin.actor, lead, lead_name, agency, list(AGENCY_LEAD_ROLES), trust=checked)
        lead_keys = vault.create_user_keys(user, lead_password, secret, params, recovery_public=recovery.public,
                                           certifier=recovery.keys.signing, certifier_id=None)
        user.confirmed_at = utcnow()
        vault.sign_confirmation(user, recovery.keys.signing)
        session.flush()
        vault.new_data_key(session, vault.AGENCY, agency, [user], user, lead_keys.signing, checked,
                           recovery_public=recovery.public)
        if vault.current_key(session, vault.HUB, None) is None:
            vault.new_data_key(session, vault.HUB, None, [user], user, lead_keys.signing, checked)
        record(session, admin.actor, "agency.keys_created", "agency", agency.code, detail={"lead": user.username})
        return _kit(agency, secret, recovery, checked.roots.hub)
