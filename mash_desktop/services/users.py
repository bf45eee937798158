"""Hub staff accounts: creating and listing them.

Passwords and keys are set up by security/; this module keeps the record of
who belongs to which agency with which roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.codes import Role
from ..domain.errors import Conflict, FieldError, NotFound
from ..security.audit import record
from ..security.identity import Actor
from ..store.database import Database
from ..store.models import Agency, User, UserRole

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    agency: str
    roles: tuple[Role, ...]
    active: bool


def info(user: User) -> UserInfo:
    return UserInfo(user.username, user.display_name, user.agency.code,
                    tuple(sorted(user.roles, key=lambda r: r.value)), user.active)


def create_user(session: Session, actor: Actor, username: str, display_name: str, agency: Agency,
                roles: Iterable[Role]) -> User:
    actor.require(Role.ADMIN)
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise FieldError("username", "use 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter")
    role_set = frozenset(roles)
    if not role_set:
        raise FieldError("role", "give the user at least one role")
    if not display_name.strip():
        raise FieldError("display_name", "a user needs a name")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"User {username} already exists.")
    user = User(username=username, display_name=display_name.strip(), agency=agency,
                role_rows=[UserRole(role=r) for r in sorted(role_set, key=lambda r: r.value)])
    session.add(user)
    session.flush()
    record(session, actor, "user.add", "user", username,
           detail={"agency": agency.code, "roles": sorted(r.value for r in role_set)})
    return user


def user_by_username(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"No user called '{username}'.")
    return user


def list_users(db: Database, agency_code: str | None = None) -> list[UserInfo]:
    with db.read() as session:
        query = select(User).join(Agency, Agency.id == User.agency_id).order_by(Agency.code, User.username)
        if agency_code:
            query = query.where(Agency.code == agency_code.strip().upper())
        return [info(u) for u in session.scalars(query)]
