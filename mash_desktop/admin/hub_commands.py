"""mash-admin: the hub's first administrator, partner agencies with their keys,
and this workstation's enrolment.

The recovery and enrolment keys of a new agency are printed once and never
stored: the recovery key resets passwords, the enrolment key enrols the
agency's workstations. The workstation secret and the database address go
into the system keyring only; on PostgreSQL that address logs in as the
agency's own role (``mash_hub`` for the hub's workstations), never as the
owner of the schema.
"""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from ..domain.codes import AgencyKind, Role
from ..domain.errors import EnvironmentFault, FieldError
from ..security import crypto
from ..security.credentials import WorkstationCredentials
from ..security.passwords import check_password
from ..services.enrolment import accounts as enrolment, hub_setup, workstation_setup
from ..services.admin.agencies import normalise_code
from ..services.enrolment.workstation_setup import lasting_url
from ..store import pg_roles
from ..store.database import Database, describe_url
from . import agreement_commands, commands, db_commands, setting_commands, signin
from .inputs import read_line
from .output import parse_code


def register(sub) -> None:
    """Add the ``workstation`` and ``hub`` command groups to mash-admin's subcommands."""
    group = sub.add_parser("workstation", help="this workstation's enrolment to an agency")
    actions = group.add_subparsers(dest="workstation_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    enrol = actions.add_parser(
        "enrol", help="enrol this workstation to an agency (stdin: admin password, then the enrolment key)",
        description="Checks the agency's enrolment key, signs the administrator in with it, records the "
                    "workstation and keeps the key and the database address (--db, else $MASH_DATABASE_URL) "
                    "in the system keyring. On PostgreSQL give the agency's role address from "
                    "'mash-admin db setup-roles' with --db (the owner's address is refused).")
    enrol.add_argument("--agency", required=True, metavar="CODE", help="the agency this workstation serves")
    enrol.add_argument("--name", help="this workstation's name (default: the host name)")
    signin.add_as(enrol, "an administrator of that agency")
    enrol.set_defaults(run=enrol_workstation)
    actions.add_parser("forget", help="delete this workstation's credentials from the keyring"
                       ).set_defaults(run=forget_workstation)
    actions.add_parser("status", help="say which agency and database this workstation is enrolled to"
                       ).set_defaults(run=workstation_status)
    setting_commands.register(sub)


def _show_keys(kit: hub_setup.AgencyKit) -> None:
    code = kit.agency_code
    print(f"Keys of {code}, shown this once and stored nowhere. Print them or write them down, "
          "and keep them offline, locked away:")
    print(f"  Recovery key:   {kit.recovery_key}")
    print(f"  Enrolment key:  {kit.enrolment_key}")
    print(f"The recovery key resets passwords of {code} staff ('user reset-password'); the enrolment key "
          f"enrols {code} workstations ('workstation enrol --agency {code}').")


def _hub_url(db: Database) -> str:
    """The address this workstation keeps: on PostgreSQL the hub role's, never the owner's.

    Sets up the roles (as ``db setup-roles`` does) and takes the password of
    the hub's own role, ``mash_hub``, made this once.
    """
    if db.is_sqlite:
        return lasting_url(db)
    created = pg_roles.setup_roles(db)
    db_commands.show_roles(db.url, created)
    hub_role = next(((role, password) for code, role, password in created if code == hub_setup.HUB_CODE), None)
    if hub_role is None:
        raise EnvironmentFault(f"The hub's database role {pg_roles.role_name(hub_setup.HUB_CODE)} was not made. "
                               "Enrol this workstation with 'workstation enrol --agency HUB' and that role's address.")
    role, password = hub_role
    return make_url(db.url).set(username=role, password=password).render_as_string(hide_password=False)


def init(args: argparse.Namespace) -> None:
    """Create or upgrade the schema; with --admin, also the hub's first administrator."""
    if not args.admin:
        if args.name:
            raise FieldError("--name", "goes with --admin")
        commands.init(args)
        return
    store = signin.credential_store()
    store.load()  # refuses an unsafe keyring before anything is created
    password = read_line(f"the password for the new administrator {args.admin}", 1)
    check_password(password, args.admin)
    station = hub_setup.default_workstation_name()
    db = commands.init(args)
    if not db.is_sqlite and not enrolment.has_accounts(db):
        pg_roles.hub_role_ready(db)  # before anything is created
    kit = hub_setup.init_hub(db, args.admin, args.name or args.admin, password, workstation=station,
                             params=signin.KDF_PARAMS)
    print(f"Hub administrator {args.admin.strip().lower()} created.")
    _show_keys(kit)
    store.save(WorkstationCredentials(hub_setup.HUB_CODE, station, kit.workstation_secret, _hub_url(db),
                                      kit.roots))
    print(f"This workstation ({station}) is enrolled to {hub_setup.HUB_CODE}: "
          f"sign in with --as {args.admin.strip().lower()}.")


def agency_add(args: argparse.Namespace) -> None:
    """A partner agency with its keys and lead; without --lead, a bare agency before accounts exist."""
    if args.lead is None:
        if args.as_user:
            raise FieldError("--lead", "a new agency comes with its lead: give --lead USERNAME")
        if args.scope or args.agreement_ref:
            raise FieldError("--scope", "a partner's agreement goes with its lead: give --lead USERNAME")
        commands.agency_add(args)
        return
    signin.needs_as(args, "--lead")
    kind = parse_code(AgencyKind, args.kind, "--kind")
    agreement = agreement_commands.terms(args)
    db, admin = signin.signed_in(args, Role.ADMIN)
    password = read_line(f"the new password of {args.lead}", 2)
    kit = hub_setup.create_partner(db, admin, args.code, args.name, kind, args.seats, lead=args.lead,
                                   lead_name=args.lead_name or args.lead, lead_password=password,
                                   agreement=agreement, params=signin.KDF_PARAMS)
    print(f"Added agency {kit.agency_code}: {args.name.strip()}, led by {args.lead.strip().lower()} "
          "(supervisor and administrator).")
    print(f"Its information-sharing agreement {agreement.reference.strip()} is recorded, for review by "
          f"{agreement.review_due:%d %b %Y}.")
    _show_keys(kit)
    if not db.is_sqlite:
        print("Next, as the schema owner: 'mash-admin db setup-roles' gives the agency its database role.")


def enrol_workstation(args: argparse.Namespace) -> None:
    """The wizard's enrolment in one go (services/enrolment/workstation_setup.py), from the command line."""
    code = normalise_code(args.agency)
    store = signin.credential_store()
    previous = store.load()  # also refuses an unsafe keyring first
    password = read_line(f"the password of {args.as_user}", 1)
    key_text = read_line(f"the enrolment key of {code}", 2)
    try:
        crypto.decode_secret(key_text)  # a mistyped key is an input error, before the database
    except ValueError as exc:
        raise FieldError("enrolment key", str(exc)) from None
    name = (args.name or hub_setup.default_workstation_name()).strip()
    if not name:
        raise FieldError("--name", "a workstation needs a name")
    creds = workstation_setup.enrol(store, signin.database_url(args, previous), code, name, args.as_user,
                                    password, key_text)
    print(f"This workstation ({name}) is enrolled to {code}, database {describe_url(creds.database_url)}.")


def forget_workstation(args: argparse.Namespace) -> None:
    if signin.credential_store().delete():
        print("This workstation's credentials were deleted from the keyring; enrol it again to use it.")
    else:
        print("This workstation was not enrolled; nothing to delete.")


def workstation_status(args: argparse.Namespace) -> None:
    creds = signin.credential_store().load()
    if creds is None:
        raise EnvironmentFault(signin.NOT_ENROLLED)
    print(f"Enrolled to {creds.agency_code} as workstation {creds.workstation_name}; "
          f"database {describe_url(creds.database_url)}.")
