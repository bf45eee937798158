"""mash-admin referral show/triage/…, decide: casework by a signed-in member.

Each step runs through services/case/casework.py as the signed-in user, so the
lifecycle's role rules and the audit apply exactly as in the client.
"""

from __future__ import annotations

import argparse
import datetime as dt

from ..domain.codes import Outcome, Rag
from ..domain.errors import FieldError
from ..domain.zone import HUB_ZONE
from ..services.case import allocation, reader as case_reader, casework
from ..services.intake import confirmation
from . import signin
from .inputs import add_case_text, read_case_texts
from .output import as_json, parse_code, print_json, whole

OUTCOMES = ", ".join(o.value for o in Outcome)


def register(sub, referral) -> None:
    """Add the casework actions to the ``referral`` group, and ``decide``."""
    show = referral.add_parser(
        "show", help="print one referral as JSON, with your agency's panel and the disclosures you may read",
        description="Opening a case not allocated to you or your agency (nor researched by it) needs "
                    "a reason (--reason-file); every look is audited, the reason as its justification.")
    show.add_argument("reference", help="e.g. MASH-2026-000001")
    add_case_text(show, "--reason", "why you open this case (recorded in the audit trail)")
    signin.add_as(show, "casework staff (officer, supervisor or decision maker)")
    show.set_defaults(run=referral_show)

    triage = referral.add_parser("triage", help="set or change the RAG rating (screens a new contact)")
    triage.add_argument("reference")
    triage.add_argument("--rag", required=True, help="red, amber, green or blue")
    add_case_text(triage, "--reason", "why this rating", required=True)
    signin.add_as(triage, "a supervisor")
    triage.set_defaults(run=referral_triage)

    research = referral.add_parser("request-research", help="ask agencies to research the case")
    research.add_argument("reference")
    research.add_argument("--agency", dest="agencies", nargs="+", required=True, metavar="CODE",
                          help="one or more agency codes")
    signin.add_as(research, "a supervisor")
    research.set_defaults(run=referral_request_research)

    allocate = referral.add_parser("allocate", help="give the case to an officer")
    allocate.add_argument("reference")
    allocate.add_argument("--to", dest="officer", required=True, metavar="USERNAME")
    signin.add_as(allocate, "a supervisor")
    allocate.set_defaults(run=referral_allocate)

    for name, step, text, who in (
        ("submit", casework.submit_for_decision, "send the case for a decision", "a supervisor"),
        ("close", casework.close, "close a decided case after feedback", "a supervisor or decision maker"),
    ):
        action = referral.add_parser(name, help=text)
        action.add_argument("reference")
        signin.add_as(action, who)
        action.set_defaults(run=_simple_step, step=step, done=name)

    reopen = referral.add_parser("reopen", help="reopen a decided or closed case (back to screened), with the reason")
    reopen.add_argument("reference")
    add_case_text(reopen, "--reason", "why the case is reopened (kept in its history)", required=True)
    signin.add_as(reopen, "a supervisor or decision maker")
    reopen.set_defaults(run=referral_reopen)

    confirmed = referral.add_parser(
        "confirmed", help="record that the written confirmation of a phone contact came in",
        description="A phone contact is confirmed in writing; the case shows when that was due and when it came.")
    confirmed.add_argument("reference")
    confirmed.add_argument("--at", metavar="ISO-TIME", help="when it came, e.g. 2026-03-02T09:30 (hub time unless "
                                                             "the time gives its zone; default: now)")
    signin.add_as(confirmed, "an officer or supervisor")
    confirmed.set_defaults(run=referral_confirmed)

    decide = sub.add_parser("decide", help="record the MASH decision on a case")
    decide.add_argument("reference")
    decide.add_argument("--outcome", required=True, help=OUTCOMES)
    decide.add_argument("--level", type=whole(1, 4), required=True, metavar="1-4",
                        help="threshold: 1 universal, 2 early help, 3 complex, 4 acute")
    add_case_text(decide, "--rationale", "why this decision", required=True)
    add_case_text(decide, "--next-steps", "what happens next")
    decide.add_argument("--service", help="the named service (needed for early_help and refer_on)")
    add_case_text(decide, "--override-reason", "why decide while research is still outstanding")
    signin.add_as(decide, "a decision maker")
    decide.set_defaults(run=decide_case)


def referral_show(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    print_json(as_json(case_reader.open_case(db, signed, args.reference, case_reader.COMMAND_LINE, args.reason)))


def referral_triage(args: argparse.Namespace) -> None:
    rag = parse_code(Rag, args.rag, "--rag")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    casework.run_step(db, signed.actor, args.reference, casework.set_rag, rag, args.reason)
    print(f"{args.reference.strip().upper()} rated {rag.value}.")


def referral_request_research(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    made = casework.run_step(db, signed.actor, args.reference, casework.request_research, args.agencies)
    codes = ", ".join(sorted({c.strip().upper() for c in args.agencies}))
    print(f"Research on {args.reference.strip().upper()} requested from {codes} ({len(made)} new).")


def referral_allocate(args: argparse.Namespace) -> None:
    """The same rules as the client: an officer of the supervisor's own agency,
    refused if someone else changed the case since it was looked at."""
    db, signed = signin.signed_in(args)
    seen = allocation.allocation_state(db, args.reference)
    allocation.allocate_case(db, signed, args.reference, args.officer, seen.version)
    print(f"{args.reference.strip().upper()} allocated to {args.officer.strip().lower()}.")


def _simple_step(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    casework.run_step(db, signed.actor, args.reference, args.step)
    print(f"{args.reference.strip().upper()}: {args.done} done.")


def referral_reopen(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    casework.run_step(db, signed.actor, args.reference, casework.reopen, args.reason)
    print(f"{args.reference.strip().upper()} reopened.")


def decide_case(args: argparse.Namespace) -> None:
    outcome = parse_code(Outcome, args.outcome, "--outcome")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    casework.run_step(db, signed.actor, args.reference, casework.decide, outcome=outcome, level=args.level,
                      rationale=args.rationale, next_steps=args.next_steps, named_service=args.service,
                      override_reason=args.override_reason)
    print(f"{args.reference.strip().upper()} decided: {outcome.label}, level {args.level}.")


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise FieldError("--at", "give a date and time like 2026-03-02T09:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=HUB_ZONE)


def referral_confirmed(args: argparse.Namespace) -> None:
    at = _moment(args.at)
    db, signed = signin.signed_in(args)
    when = confirmation.record_confirmation(db, signed, args.reference, at)
    print(f"{args.reference.strip().upper()}: written confirmation received "
          f"{when.astimezone(HUB_ZONE):%Y-%m-%d %H:%M}.")
