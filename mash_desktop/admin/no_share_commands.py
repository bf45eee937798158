"""mash-admin sharing decline | declined: decisions not to share.

An officer or supervisor of an agency with a panel on the referral records
that it considered sharing something with the hub or one agency and decided
not to, saying what and why not (the ICO's data sharing code asks for this
record). What, with whom and why not are sealed to the agency: only its own
casework staff list them. Case text has file forms (inputs.py).
"""

from __future__ import annotations

import argparse

from ..domain.errors import FieldError
from ..reports.wording import local
from ..services.case import no_share
from . import signin
from .inputs import add_case_text, given, read_case_texts
from .output import as_json, print_json, table

ALTERED = "altered outside the hub: not shown"


def register(sub) -> None:
    """Add the ``sharing`` command and its actions."""
    group = sub.add_parser("sharing", help="decisions not to share: record one, list your agency's")
    actions = group.add_subparsers(dest="sharing_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    decline = actions.add_parser(
        "decline", help="record your agency's decision not to share something on a referral; prints its id",
        description="Only your agency's casework staff read the record; it is listed on your agency's "
                    "information-sharing record. It cannot be changed: record a new one if your view changes.")
    decline.add_argument("reference")
    decline.add_argument("--with", dest="to", required=True, metavar="CODE|hub",
                         help="with whom sharing was considered: an agency code, or hub for the whole hub")
    add_case_text(decline, "--considered", "what was considered for sharing", required=True)
    add_case_text(decline, "--why", "why it is not shared", required=True)
    signin.add_as(decline, "a confirmed officer or supervisor of an agency with a panel on the referral")
    decline.set_defaults(run=sharing_decline)
    declined = actions.add_parser("declined", help="list your agency's decisions not to share on a referral")
    declined.add_argument("reference")
    declined.add_argument("--json", action="store_true", help="print them as JSON")
    signin.add_as(declined, "a confirmed member of the agency (casework staff)")
    declined.set_defaults(run=sharing_declined)


def sharing_decline(args: argparse.Namespace) -> None:
    for dest, option, missing in (("considered", "--considered", "say what was considered for sharing"),
                                  ("why", "--why", "say why it is not shared")):
        if not given(args, dest):
            raise FieldError(option, missing)
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    print(no_share.decline(db, signed, args.reference, args.to, args.considered, args.why))


def sharing_declined(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    entries = no_share.list_decisions(db, signed, args.reference)
    if args.json:
        print_json(as_json(list(entries)))
        return
    if not entries:
        print(f"{signed.actor.agency_code} has recorded no decision not to share on "
              f"{args.reference.strip().upper()}.")
        return
    table([(str(e.id), local(e.decided_at), e.decided_by or "—", e.with_whom,
            ALTERED if e.altered else e.considered, ALTERED if e.altered else e.why_not) for e in entries],
          ("ID", "DECIDED", "BY", "WITH", "CONSIDERED", "WHY NOT"))
