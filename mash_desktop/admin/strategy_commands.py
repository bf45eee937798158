"""mash-admin strategy: strategy discussions on a case, through the same services as the client.

``strategy add REF --json FILE`` records one (a supervisor or decision maker;
the file holds the case text, so nothing of it shows in the process list);
``strategy list REF`` prints a case's discussions as you may see the case
(a case your agency is not involved in needs ``--reason-file``, kept in the
audit trail); ``strategy action-done ID`` marks an action done (its owner, or
a supervisor or decision maker); ``strategy icpc ID --held-on DAY`` records
when the initial child protection conference was held.
"""

from __future__ import annotations

import argparse
import datetime as dt

from ..domain import access
from ..domain.zone import HUB_ZONE
from ..reports.wording import day, local
from ..services.case import reader as case_reader
from ..services.strategy.discussions import complete_action, record_discussion, record_icpc
from ..services.strategy.payload import discussion_input
from . import signin
from .commands import _read_json
from .inputs import add_case_text, read_case_texts
from .output import as_json, parse_day, print_json, table, whole


def register(sub) -> None:
    """Add the ``strategy`` command group to mash-admin's subcommands."""
    group = sub.add_parser("strategy", help="strategy discussions on a case (s47 decision, ICPC, actions)")
    actions = group.add_subparsers(dest="strategy_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    add = actions.add_parser(
        "add", help="record a strategy discussion held on a case",
        description="The discussion is a JSON file (docs/mash-admin.md shows its fields): when it was held, "
                    "attendees (name, role, agency code, present), what was shared, the s47 decision "
                    "(start_s47, continue_s17, no_further_action) and reasons, and actions (text, "
                    "owner_agency or owner_username, due_on). It is signed by you.")
    add.add_argument("reference", help="e.g. MASH-2026-000001")
    add.add_argument("--json", dest="json_file", required=True, metavar="FILE",
                     help="the discussion as JSON, or - for the rest of stdin (after the password line)")
    signin.add_as(add, "a supervisor or decision maker")
    add.set_defaults(run=strategy_add)

    show = actions.add_parser("list", help="print a case's strategy discussions, their ICPC date and actions")
    show.add_argument("reference")
    add_case_text(show, "--reason", "why you open this case (recorded in the audit trail)")
    show.add_argument("--json", action="store_true", help="print JSON instead of text")
    signin.add_as(show, "casework staff (officer, supervisor or decision maker)")
    show.set_defaults(run=strategy_list)

    done = actions.add_parser("action-done", help="mark a strategy discussion's action done")
    done.add_argument("action", type=whole(), metavar="ID", help="the action's id (strategy list shows it)")
    signin.add_as(done, "the action's owner (or of its agency), a supervisor or a decision maker")
    done.set_defaults(run=strategy_action_done)

    icpc = actions.add_parser("icpc", help="record the day the initial child protection conference was held")
    icpc.add_argument("discussion", type=whole(), metavar="ID", help="the discussion's id (strategy list shows it)")
    icpc.add_argument("--held-on", required=True, metavar="YYYY-MM-DD", help="the day it was held")
    signin.add_as(icpc, "a supervisor or decision maker")
    icpc.set_defaults(run=strategy_icpc)


def strategy_add(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.STRATEGY))
    given = discussion_input(_read_json(args.json_file))
    made = record_discussion(db, signed.actor, args.reference, given)
    print(f"Strategy discussion {made} recorded on {args.reference.strip().upper()}.")


def strategy_list(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    case = case_reader.open_case(db, signed, args.reference, case_reader.COMMAND_LINE, args.reason)
    if args.json:
        print_json(as_json(case.strategy_discussions))
        return
    if not case.strategy_discussions:
        print(f"{case.reference}: no strategy discussion recorded.")
        return
    for d in case.strategy_discussions:
        altered = "" if d.verified else "  ALTERED OUTSIDE THE HUB: do not rely on it"
        print(f"Discussion {d.id}, held {local(d.convened_at)}, recorded by {d.convened_by}{altered}")
        print(f"  s47: {d.decision.label}" + (f"; ICPC due by {day(d.icpc_due_on)}" if d.icpc_due_on else "")
              + (f", held {day(d.icpc_held_on)}" if d.icpc_held_on else ""))
        if d.missing:
            print(f"  {', '.join(k.label for k in d.missing)} not invited")
        if d.actions:
            table([(str(a.id), a.text, a.owner, day(a.due_on),
                    "done" if a.done_at else ("overdue" if a.overdue(_today()) else "open")) for a in d.actions],
                  ("ID", "Action", "Owner", "Due", "State"))


def _today() -> dt.date:
    return dt.datetime.now(HUB_ZONE).date()


def strategy_action_done(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.STRATEGY_ACTION))
    reference = complete_action(db, signed.actor, args.action)
    print(f"Action {args.action} on {reference} marked done.")


def strategy_icpc(args: argparse.Namespace) -> None:
    held_on = parse_day(args.held_on, "--held-on")
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.STRATEGY))
    reference = record_icpc(db, signed.actor, args.discussion, held_on)
    print(f"ICPC of discussion {args.discussion} on {reference} recorded as held {held_on.isoformat()}.")
