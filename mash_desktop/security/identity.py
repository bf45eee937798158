"""Who is acting: the identity every service call carries into the audit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..domain.codes import Role
from ..domain.errors import NotPermitted
from ..store.models import User


@dataclass(frozen=True)
class Actor:
    """The person (or local administrator) on whose behalf a service acts."""

    username: str
    user_id: int | None = None
    agency_id: int | None = None
    agency_code: str | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    workstation_id: int | None = None
    #: The signed-in user's Ed25519 key: their audit events are signed with it.
    signer: Ed25519PrivateKey | None = field(default=None, repr=False, compare=False)
    #: The agency's workstation key (derived from the workstation secret), for
    #: events before anyone signs in: refused sign-ins, the local
    #: administrator. Signs only when there is no ``signer``; the event's
    #: agency (``agency_id``) names whose workstation key it is.
    station_signer: Ed25519PrivateKey | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, user: User, workstation_id: int | None = None) -> "Actor":
        return cls(
            username=user.username,
            user_id=user.id,
            agency_id=user.agency_id,
            agency_code=user.agency.code,
            roles=user.roles,
            workstation_id=workstation_id,
        )

    def require(self, *roles: Role) -> None:
        """Refuse unless the actor holds one of ``roles``."""
        if not self.roles & set(roles):
            wanted = " or ".join(r.label.lower() for r in roles)
            raise NotPermitted(f"This needs the role of {wanted}.")


#: The machine's database administrator running mash-admin locally. Its
#: events are unsigned (and fail ``audit verify``) unless it acts through
#: :func:`local_admin` at an enrolled workstation.
LOCAL_ADMIN = Actor(username="mash-admin", roles=frozenset({Role.ADMIN}))


def at_station(actor: Actor, agency_id: int, station_key: Ed25519PrivateKey) -> Actor:
    """``actor`` whose events are signed by the workstation key of agency ``agency_id``."""
    return dataclasses.replace(actor, agency_id=agency_id, station_signer=station_key)


def local_admin(agency_id: int, station_key: Ed25519PrivateKey) -> Actor:
    """The local administrator at a workstation of agency ``agency_id``, signing with its key."""
    return at_station(LOCAL_ADMIN, agency_id, station_key)
