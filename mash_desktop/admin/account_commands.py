"""mash-admin user …: accounts of hub staff, by a signed-in administrator or supervisor.

Every command signs in with ``--as``; the caller's password is stdin line 1
and a new password, where one is set, line 2.
"""

from __future__ import annotations

import argparse

from ..domain import access
from ..domain.access import CASEWORK_ROLES
from ..domain.codes import Role
from ..domain.errors import FieldError, NotPermitted, Refused
from ..security.vault import RecoveryKey
from ..services.admin import users
from ..services.admin.agencies import normalise_code
from ..services.admin.fingerprints import member_fingerprint, own_fingerprint
from . import signin
from .inputs import read_line
from .output import parse_code

ROLES = ", ".join(r.value for r in Role)


def register(actions) -> None:
    """Add the account actions to the ``user`` command group."""
    add = actions.add_parser("add", help="add a user to your agency (stdin: your password, then theirs)",
                             description="The new user can sign in at once but reads nothing until a "
                                         "supervisor of the agency confirms them ('user confirm').")
    add.add_argument("username", help="3 to 64 lower-case letters, digits, '.', '_' or '-'")
    add.add_argument("--agency", required=True, metavar="CODE",
                     help="the agency: your own (the one this workstation is enrolled to)")
    add.add_argument("--role", dest="roles", action="append", required=True, metavar="ROLE",
                     help=f"a role, repeatable: {ROLES}")
    add.add_argument("--name", help="display name (default: the username)")
    signin.add_as(add, "an administrator of that agency")
    add.set_defaults(run=user_add)

    for name, run, who, text in (
        ("confirm", user_confirm, "a confirmed supervisor of the same agency",
         "vouch for a new member of your agency and share the agency's keys with them"),
        ("unlock", user_unlock, "an administrator", "unlock an account locked after failed sign-ins"),
        ("disable", user_disable, "an administrator",
         "disable an account; the agency's key rotates so they read nothing written afterwards"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("username")
        if name == "confirm":
            action.add_argument("--fingerprint", metavar="GROUPS",
                                help="the key fingerprint the member read out from their own workstation "
                                     "('user fingerprint --as THEM'); nothing is confirmed unless it matches")
        signin.add_as(action, who)
        action.set_defaults(run=run)

    show = actions.add_parser("fingerprint", help="show a key fingerprint: your own, or a member's as the hub holds it",
                              description="A supervisor compares the fingerprint of a new member's keys with the "
                                          "one the member reads out before confirming them.")
    show.add_argument("username", nargs="?", help="a member of your agency (default: yourself)")
    signin.add_as(show, "anyone")
    show.set_defaults(run=user_fingerprint)

    roles = actions.add_parser(
        "roles", help="give a user other roles (all they should hold)",
        description="Taking away every casework role (officer, supervisor, decision maker) withdraws the "
                    "user's copies of the agency keys and rotates the key; giving casework roles back needs "
                    "a supervisor's confirmation ('user confirm').")
    roles.add_argument("username")
    roles.add_argument("--role", dest="roles", action="append", required=True, metavar="ROLE",
                       help=f"a role, repeatable: {ROLES}")
    signin.add_as(roles, "an administrator of the user's agency")
    roles.set_defaults(run=user_roles)

    reset = actions.add_parser(
        "reset-password", help="give a user of your agency a new password "
                               "(stdin: your password, the new password, the agency recovery key)")
    reset.add_argument("username")
    signin.add_as(reset, "the agency lead: an administrator or supervisor of the same agency")
    reset.set_defaults(run=user_reset_password)


def user_add(args: argparse.Namespace) -> None:
    roles = [parse_code(Role, r, "--role") for r in args.roles]
    code = normalise_code(args.agency)
    db, admin = signin.signed_in(args, Role.ADMIN)
    if code != admin.actor.agency_code:
        raise NotPermitted(f"You can add users only to your own agency, {admin.actor.agency_code}; "
                           f"an administrator of {code} adds theirs at a {code} workstation.")
    password = read_line(f"the new password of {args.username}", 2)
    user = users.add_account(db, admin, args.username, args.name or args.username.strip().lower(), roles,
                             password, signin.KDF_PARAMS)
    roles_text = ", ".join(r.value for r in user.roles)
    print(f"Added {user.username} to {user.agency} ({roles_text}).")
    if set(user.roles) & CASEWORK_ROLES:
        print(f"A supervisor of {user.agency} confirms them with 'mash-admin user confirm {user.username}'.")


def _groups(text: str) -> str:
    return "".join(text.split()).upper()


def user_confirm(args: argparse.Namespace) -> None:
    db, supervisor = signin.signed_in(args, *access.roles_for(access.Step.CONFIRM_MEMBER))
    fingerprint = member_fingerprint(db, supervisor, args.username)
    if args.fingerprint is not None and _groups(args.fingerprint) != _groups(fingerprint):
        raise Refused(f"The fingerprint given does not match the keys the hub holds for "
                      f"{args.username.strip().lower()} ({fingerprint}); nothing was confirmed.")
    shared = users.confirm_member(db, supervisor, args.username)
    print(f"Confirmed {args.username.strip().lower()} (key fingerprint {fingerprint}): "
          f"{shared} key{'s' if shared != 1 else ''} shared.")


def user_fingerprint(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    if args.username:
        print(member_fingerprint(db, signed, args.username))
    else:
        print(own_fingerprint(db, signed))


def user_unlock(args: argparse.Namespace) -> None:
    db, admin = signin.signed_in(args, Role.ADMIN)
    users.unlock_account(db, admin, args.username)
    print(f"Unlocked {args.username.strip().lower()}.")


def user_disable(args: argparse.Namespace) -> None:
    db, admin = signin.signed_in(args, Role.ADMIN)
    users.disable_account(db, admin, args.username)
    print(f"Disabled {args.username.strip().lower()}; their agency's key rotates at the next sign-in "
          "of a member.")


def user_roles(args: argparse.Namespace) -> None:
    roles = [parse_code(Role, r, "--role") for r in args.roles]
    db, admin = signin.signed_in(args, Role.ADMIN)
    user = users.change_roles(db, admin, args.username, roles)
    print(f"{user.username} now holds: {', '.join(r.value for r in user.roles)}."
          + ("" if user.confirmed or not set(user.roles) & CASEWORK_ROLES
             else " A supervisor confirms them before they read anything."))


def user_reset_password(args: argparse.Namespace) -> None:
    db, lead = signin.signed_in(args, *access.roles_for(access.Step.KEEP_STAFF))
    password = read_line(f"the new password of {args.username}", 2)
    key_text = read_line(f"the recovery key of {lead.actor.agency_code}", 3)
    try:
        recovery = RecoveryKey.from_text(key_text)
    except ValueError as exc:
        raise FieldError("recovery key", str(exc)) from None
    users.reset_password(db, lead, args.username, password, recovery)
    print(f"New password set for {args.username.strip().lower()}; the account is unlocked.")
