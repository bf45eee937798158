"""mash-admin: set up and look after a hub database from a terminal.

Exit codes: 0 done, 1 refused (not permitted, conflict, database fault),
2 bad input or usage, 70 an internal error (a bug). Errors are one line on stderr. A bug gets an
incident id, shown in that line and written with the time, the exception's type and where in the
code it happened (never its message: that may quote SQL parameters, so names and addresses) to an
owner-only log file (faults.py).

Once the hub has accounts, commands that change data run as a signed-in
user, ``--as USERNAME``: the password is the first line of stdin, a new
password (where one is set) the next; secrets are never arguments. Lists of
people need ``--as`` always, and are audited. Case text has file forms
(inputs.py), numbers have bounds (output.whole).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_log_dir

from .. import __version__, faults
from ..domain.errors import MashError
from ..services.admin.agencies import MAX_SEATS
from ..store.database import ENV_VAR
from . import (account_commands, audit_commands, backup_commands, case_commands, commands, db_commands, hub_commands,
               import_commands, inputs, report_commands, sharing_commands, signin)
from . import warning_commands
from . import no_share_commands
from . import notice_commands
from . import chronology_commands
from . import household_commands
from . import agreement_commands
from . import strategy_commands
from . import sar_commands
from . import retention_commands
from .output import whole

PROG = "mash-admin"
INTERNAL_ERROR = 70
EPILOG = ("Once the hub has accounts, commands that change data need --as USERNAME, and so do lists of people "
          "(referral list, user list) at any time. Passwords and keys are read from stdin, one a line: the --as "
          "user's password first, then any new password, then any key the command asks for. At a terminal they "
          "are asked for without echo. Give case text as a file (--reason-file FILE, and so on; - for the rest "
          "of stdin): " + inputs.INLINE_WARNING + ".")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (try '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Set up and look after a MASH hub database.", epilog=EPILOG)
    p.add_argument("--db", metavar="URL",
                   help=f"database URL (default: ${ENV_VAR}, else, for --as, this workstation's enrolled "
                        "database, else the embedded SQLite file)")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    init = sub.add_parser(
        "init", help="create or upgrade the schema (safe to repeat); with --admin, the first hub administrator",
        description="With --admin (stdin: the new administrator's password) this also creates the hub "
                    "management agency HUB and its first administrator, enrols this workstation to HUB in the "
                    "system keyring, and prints HUB's recovery and enrolment keys once.")
    init.add_argument("--admin", metavar="USERNAME", help="create the hub's first administrator")
    init.add_argument("--name", help="the administrator's display name (default: the username)")
    init.set_defaults(run=hub_commands.init)

    agency = sub.add_parser("agency", help="partner agencies").add_subparsers(
        dest="agency_command", metavar="ACTION", required=True, parser_class=_Parser)
    add = agency.add_parser("add", help="add a partner agency")
    add.add_argument("code", help="short code, e.g. POL")
    add.add_argument("name", help="full name, e.g. 'County Police'")
    add.add_argument("--kind", default="other", help="police, health, education, ... (default: other)")
    add.add_argument("--seats", type=whole(0, MAX_SEATS), default=0, metavar="N",
                     help=f"seats paid for in the hub, 0 to {MAX_SEATS} (default: 0)")
    add.add_argument("--lead", metavar="USERNAME",
                     help="the agency lead (supervisor and administrator); stdin line 2 is their password. "
                          "Prints the agency's recovery and enrolment keys once")
    add.add_argument("--lead-name", metavar="NAME", help="the lead's display name (default: the username)")
    agreement_commands.add_terms(add)  # with --lead: the partner joins with its agreement
    signin.add_as(add, "a hub administrator; needed with --lead", required=False)
    add.set_defaults(run=hub_commands.agency_add)
    agency.add_parser("list", help="list agencies").set_defaults(run=commands.agency_list)

    referral = sub.add_parser("referral", help="referrals").add_subparsers(
        dest="referral_command", metavar="ACTION", required=True, parser_class=_Parser)
    radd = referral.add_parser("add", help="take in one referral from a portal JSON file")
    radd.add_argument("--json", dest="json_file", required=True, metavar="FILE",
                      help="JSON file, or - for stdin (after the password line with --as)")
    signin.add_as(radd, "an officer or supervisor; needed once the hub has accounts", required=False)
    radd.set_defaults(run=commands.referral_add)
    rlist = referral.add_parser(
        "list", help="list referrals, with their subjects' names (signed in; audited)",
        description="The list names each referral's subject and date of birth, so it needs --as and each "
                    "listing is audited (the filter and the number of rows, never the names).")
    rlist.add_argument("--status", help="only this status: new, screened, researching, awaiting_decision, decided, closed")
    rlist.add_argument("--json", action="store_true", help="print JSON instead of a table")
    signin.add_as(rlist, "any member of the hub")
    rlist.set_defaults(run=commands.referral_list)
    import_commands.register(referral)

    demo = sub.add_parser("demo", help="fill an empty database with a synthetic demo hub")
    demo.add_argument("--referrals", type=whole(0), default=60, metavar="N", help="how many referrals (default: 60)")
    demo.add_argument("--seed", type=whole(0), default=1, metavar="S", help="random seed (default: 1)")
    demo.set_defaults(run=commands.demo)

    closure = sub.add_parser("closure", help="days the hub is closed (beyond weekends and bank holidays)")
    closure_sub = closure.add_subparsers(dest="closure_command", metavar="ACTION", required=True,
                                         parser_class=_Parser)
    cadd = closure_sub.add_parser("add", help="add a closure day")
    cadd.add_argument("day", help="date, YYYY-MM-DD")
    cadd.add_argument("reason", help="why the hub is closed")
    signin.add_as(cadd, "an administrator; needed once the hub has accounts", required=False)
    cadd.set_defaults(run=commands.closure_add)
    closure_sub.add_parser("list", help="list closure days").set_defaults(run=commands.closure_list)

    user = sub.add_parser("user", help="hub staff").add_subparsers(
        dest="user_command", metavar="ACTION", required=True, parser_class=_Parser)
    ulist = user.add_parser(
        "list", help="list users (signed in; audited)",
        description="Staff of your own agency (every agency's for a hub administrator), as the client's staff "
                    "list shows them; each listing is audited (the filter and the number of rows).")
    ulist.add_argument("--agency", metavar="CODE", help="only this agency's users")
    signin.add_as(ulist, "an administrator or supervisor")
    ulist.set_defaults(run=commands.user_list)
    account_commands.register(user)

    case_commands.register(sub, referral)
    notice_commands.register(sub, referral)
    sharing_commands.register(sub)
    hub_commands.register(sub)
    audit_commands.register(sub)
    db_commands.register(sub)
    report_commands.register(sub)
    backup_commands.register(sub)
    strategy_commands.register(sub)
    warning_commands.register(sub)
    no_share_commands.register(sub)
    chronology_commands.register(sub)
    household_commands.register(sub)
    sar_commands.register(sub)
    agreement_commands.register(sub)
    retention_commands.register(sub)
    return p


def log_path() -> Path:
    """Where internal errors are logged: the user log directory (``$XDG_STATE_HOME/mash-desktop/log`` on Linux)."""
    return Path(user_log_dir("mash-desktop", appauthor=False)) / "mash-admin-errors.log"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2
    try:
        inputs.refuse_stdin_twice(args)
        args.run(args)
    except MashError as exc:
        print(f"{PROG}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing was half-written.", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: keep the traceback off the terminal
        incident = faults.incident_id()
        where = faults.append_to_log(log_path(), exc, incident, PROG)
        hint = f"; where it happened is logged in {where}" if where else ""
        print(f"{PROG}: unexpected internal error ({type(exc).__name__}), incident {incident}{hint}. "
              "Please tell your IT support the incident number.", file=sys.stderr)
        return INTERNAL_ERROR
    return 0
