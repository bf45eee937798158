"""mash-admin warning: warnings on people (add, change, end, list, history, share).

A person is named by their id or by a case reference (that case's subject).
What a member is shown follows the same rules as the client: their agency's
own warnings, hub-wide worker safety warnings and warnings disclosed to
them. Reasons are case text: give them in a file (``--reason-file``).
"""

from __future__ import annotations

import argparse

from ..domain.codes import ConsentPosition, HandlingCode, LawfulBasis, StatutoryGateway
from ..domain.errors import FieldError
from ..domain.warnings import WarningKind, WarningView
from ..services.people import warnings
from ..services.people.warning_sharing import share_warning
from . import signin
from .inputs import add_case_text, given, read_case_texts
from .output import as_json, parse_code, parse_day, print_json, table, whole


def _codes(enum_cls) -> str:
    return ", ".join(m.value for m in enum_cls)


def _person_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("person", metavar="PERSON", help="a person's id, or a case reference (its subject)")


def register(sub) -> None:
    """Add the ``warning`` command."""
    group = sub.add_parser("warning", help="warnings on people: add, change, end, list, history, share")
    actions = group.add_subparsers(dest="warning_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    add = actions.add_parser("add", help="add a warning on a person for your agency; prints its id",
                             description="A worker_safety warning is seen by every caseworker of the hub; any "
                                         "other kind only by your agency, until you share it on a case.")
    _person_arg(add)
    add.add_argument("--kind", required=True, help=f"one of: {_codes(WarningKind)}")
    add_case_text(add, "--reason", "why the warning is set", required=True)
    add.add_argument("--start", required=True, metavar="YYYY-MM-DD", help="from when it applies")
    add.add_argument("--end", metavar="YYYY-MM-DD", help="until when it applies (default: until ended)")
    signin.add_as(add, "a confirmed caseworker")
    add.set_defaults(run=warning_add)

    change = actions.add_parser("change", help="record a new reason and dates for one of your agency's warnings")
    change.add_argument("id", type=whole(), metavar="ID")
    add_case_text(change, "--reason", "the reason as it now stands", required=True)
    change.add_argument("--start", required=True, metavar="YYYY-MM-DD")
    change.add_argument("--end", metavar="YYYY-MM-DD")
    signin.add_as(change, "a confirmed caseworker of the agency that added it")
    change.set_defaults(run=warning_change)

    end = actions.add_parser("end", help="end one of your agency's warnings (it stays in the history)")
    end.add_argument("id", type=whole(), metavar="ID")
    end.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="the day it ended")
    add_case_text(end, "--reason", "why it ended", required=True)
    signin.add_as(end, "a confirmed caseworker of the agency that added it")
    end.set_defaults(run=warning_end)

    show = actions.add_parser("list", help="the warnings you may see on a person (and anyone recorded as them)")
    _person_arg(show)
    show.add_argument("--json", action="store_true", help="print JSON, reasons and history included")
    signin.add_as(show, "a confirmed caseworker")
    show.set_defaults(run=warning_list)

    history = actions.add_parser("history", help="every record of one of your agency's (or a hub-wide) warnings")
    history.add_argument("id", type=whole(), metavar="ID")
    history.add_argument("--json", action="store_true", help="print JSON")
    signin.add_as(history, "a confirmed caseworker")
    history.set_defaults(run=warning_history)

    share = actions.add_parser("share", help="disclose one of your agency's warnings to an agency on a case; "
                                             "prints the disclosure's id",
                               description="An ordinary disclosure from your agency's panel on the case: "
                                           "without consent the recipient sees the warning only once another "
                                           "supervisor of your agency authorises it.")
    share.add_argument("id", type=whole(), metavar="ID")
    share.add_argument("reference", metavar="REF", help="a case about the person")
    share.add_argument("--to", required=True, metavar="CODE|hub")
    share.add_argument("--basis", required=True, help=f"lawful basis: {_codes(LawfulBasis)}")
    share.add_argument("--gateway", help=f"statutory gateway: {_codes(StatutoryGateway)}")
    share.add_argument("--consent", required=True, help="given, refused or not-sought")
    add_case_text(share, "--justification", "why sharing this is necessary and proportionate", required=True)
    add_case_text(share, "--consent-reason", "why share without consent")
    share.add_argument("--handling", default="P", help="P lawful to share (default), C share with conditions")
    signin.add_as(share, "a confirmed officer or supervisor")
    share.set_defaults(run=warning_share)


def _person(db, signed, text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() else warnings.subject_of(db, signed, text)


def _day(text: str | None, option: str):
    return parse_day(text, option) if text else None


def warning_add(args: argparse.Namespace) -> None:
    kind = parse_code(WarningKind, args.kind, "--kind")
    start, end = parse_day(args.start, "--start"), _day(args.end, "--end")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    made = warnings.add_warning(db, signed, _person(db, signed, args.person), kind, args.reason, start, end)
    print(made)


def warning_change(args: argparse.Namespace) -> None:
    start, end = parse_day(args.start, "--start"), _day(args.end, "--end")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    warnings.change_warning(db, signed, args.id, args.reason, start, end)
    print(f"Warning {args.id} changed; its earlier reason and dates stay in its history.")


def warning_end(args: argparse.Namespace) -> None:
    on = parse_day(args.on, "--on")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    warnings.end_warning(db, signed, args.id, on, args.reason)
    print(f"Warning {args.id} ended on {on.isoformat()}.")


def _row(v: WarningView) -> tuple[str, ...]:
    return (str(v.id), v.label, v.state, v.source, v.agency, v.start.isoformat() if v.start else "",
            v.end.isoformat() if v.end else "")


def warning_list(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    shown = warnings.person_warnings(db, signed, _person(db, signed, args.person))
    if args.json:
        print_json(as_json(shown))
    elif not shown:
        print("No warnings you may see on this person.")
    else:
        table([_row(v) for v in shown], ("ID", "KIND", "STATE", "SEEN AS", "AGENCY", "FROM", "UNTIL"))


def warning_history(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    view = warnings.warning_history(db, signed, args.id)
    if args.json:
        print_json(as_json(view))
        return
    print(f"Warning {view.id}: {view.label} ({view.state}), {view.agency}, person {view.person_id}")
    for e in view.history:
        when = e.at.isoformat(timespec="minutes") if e.at else "?"
        dates = f" [{e.start or ''} - {e.end or ''}]" if e.start or e.end else ""
        print(f"{when}  {e.action:<7} {e.by or '?'}{dates}: {e.reason or ''}")


def warning_share(args: argparse.Namespace) -> None:
    basis = parse_code(LawfulBasis, args.basis, "--basis")
    gateway = parse_code(StatutoryGateway, args.gateway, "--gateway") if args.gateway else None
    consent = parse_code(ConsentPosition, args.consent, "--consent")
    handling = parse_code(HandlingCode, args.handling, "--handling")
    if consent is not ConsentPosition.GIVEN and not given(args, "consent_reason"):
        raise FieldError("--consent-reason", f"'{consent.label}': say why sharing without consent is justified")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    print(share_warning(db, signed, args.id, args.reference, args.to, basis, consent, args.consent_reason,
                        handling, args.justification, gateway))
