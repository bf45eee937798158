"""How to act as each demo role: every agency's workstation and its accounts.

A workstation serves one agency: staff sign in at a workstation of their
own agency. :func:`desks` lists, for each agency of a demo hub, who
enrols a workstation to it (its administrator), the enrolment key (public
for a demo hub: see :mod:`.keys`) and the accounts that sign in there, with
their roles. ``mash-admin demo`` prints it; the README's demo section says
the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.codes import Role
from ...security import crypto
from ...store.database import Database
from ..admin.agencies import list_agencies
from ..admin.users import list_users
from ..enrolment.hub_setup import HUB_CODE
from .keys import DEMO_PASSWORD, demo_secret

__all__ = ["DEMO_PASSWORD", "Desk", "desks"]


@dataclass(frozen=True)
class Desk:
    """One demo agency's workstation and the accounts that sign in at it."""

    code: str
    name: str
    #: The agency's administrator: the account a workstation is enrolled to it with.
    enrol_as: str
    enrolment_key: str
    #: (username, roles) of each active account of the agency.
    accounts: tuple[tuple[str, tuple[Role, ...]], ...]


def desks(db: Database) -> list[Desk]:
    """Every agency of the demo hub, the hub's own first, with its active accounts."""
    agencies = {a.code: a.name for a in list_agencies(db, include_retired=False)}
    staff: dict[str, list[tuple[str, tuple[Role, ...]]]] = {code: [] for code in agencies}
    for user in list_users(db):
        if user.active and user.agency in staff:
            staff[user.agency].append((user.username, user.roles))
    order = sorted(agencies, key=lambda code: (code != HUB_CODE, code))
    return [Desk(code, agencies[code], next((u for u, roles in staff[code] if Role.ADMIN in roles), "-"),
                 crypto.encode_secret(demo_secret(code)), tuple(staff[code])) for code in order]


def roles_text(roles: tuple[Role, ...]) -> str:
    """Roles as a reader would name them: "Supervisor, Administrator"."""
    order = list(Role)
    return ", ".join(r.label for r in sorted(roles, key=order.index))
