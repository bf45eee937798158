"""mash-admin retention, hold and disposal: the retention schedule, legal holds and disposal.

``retention show|set`` lists and sets the hub's retention period per record
class (and ``retention window DAYS`` the disposal cancel window); ``hold
add|lift|list`` places, lifts and lists legal holds on a case, a person or a
class; ``disposal review|approve|cancel|run|certificate`` lists what is due,
approves or cancels a case's disposal, disposes of the approved cases past
their cancel window, and writes or checks a disposal certificate. All
through the same services as the client, as an information-governance
officer (``--as``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain import access
from ..domain.errors import UserError
from ..domain.retention import RecordClass
from ..reports.wording import day, local
from ..services.governance import certificate, disposal, retention
from . import signin
from .output import table, whole

_IG = "an information-governance officer"


def register(sub) -> None:
    """Add the ``retention``, ``hold`` and ``disposal`` command groups."""
    group = sub.add_parser("retention", help="the retention schedule: how long each class of record is kept")
    actions = group.add_subparsers(dest="retention_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    show = actions.add_parser("show", help="list each record class's period, what it runs from and its source")
    signin.add_as(show, _IG)
    show.set_defaults(run=retention_show)
    change = actions.add_parser("set", help="set a record class's retention period in whole years (1 to 100)",
                                description="CLASS is one of: " + ", ".join(c.value for c in RecordClass) + ".")
    change.add_argument("record_class", metavar="CLASS")
    change.add_argument("years", type=whole(), metavar="YEARS")
    signin.add_as(change, _IG)
    change.set_defaults(run=retention_set)
    window = actions.add_parser("window", help="set the disposal cancel window in days (1 to 90; default 14)")
    window.add_argument("days", type=whole(), metavar="DAYS")
    signin.add_as(window, _IG)
    window.set_defaults(run=retention_window)

    group = sub.add_parser("hold", help="legal holds: records kept whatever the schedule says")
    actions = group.add_subparsers(dest="hold_command", metavar="ACTION", required=True, parser_class=type(group))
    add = actions.add_parser("add", help="place a hold on a case, a person or a record class")
    add.add_argument("scope", choices=retention.SCOPES)
    add.add_argument("target", metavar="TARGET", help="a case reference, a person's id or a record class")
    add.add_argument("--reason", required=True, help="why the records are held (e.g. an inquiry's moratorium)")
    add.add_argument("--reference", required=True, help="the inquiry's, claim's or request's reference")
    signin.add_as(add, _IG)
    add.set_defaults(run=hold_add)
    lift = actions.add_parser("lift", help="lift a hold, with the reason")
    lift.add_argument("hold", type=whole(), metavar="ID")
    lift.add_argument("--reason", required=True)
    signin.add_as(lift, _IG)
    lift.set_defaults(run=hold_lift)
    listing = actions.add_parser("list", help="list the holds in force (--all: lifted ones too)")
    listing.add_argument("--all", action="store_true")
    signin.add_as(listing, _IG)
    listing.set_defaults(run=hold_list)

    group = sub.add_parser("disposal", help="the disposal review, approvals, disposal and certificates")
    actions = group.add_subparsers(dest="disposal_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    review = actions.add_parser("review", help="list the closed cases whose retention has run out, not held")
    signin.add_as(review, _IG)
    review.set_defaults(run=disposal_review)
    approve = actions.add_parser("approve", help="approve a due case's disposal (after the cancel window)")
    approve.add_argument("reference")
    signin.add_as(approve, _IG)
    approve.set_defaults(run=disposal_approve)
    cancel = actions.add_parser("cancel", help="cancel a case's approval, with the reason")
    cancel.add_argument("reference")
    cancel.add_argument("--reason", required=True)
    signin.add_as(cancel, _IG)
    cancel.set_defaults(run=disposal_cancel)
    run = actions.add_parser("run", help="dispose of every approved case past its cancel window, now")
    signin.add_as(run, _IG)
    run.set_defaults(run=disposal_run)
    cert = actions.add_parser("certificate", help="write a disposal certificate PDF, or check one (--verify)")
    cert.add_argument("certificate", nargs="?", metavar="NUMBER", help="the certificate number (DC-...)")
    cert.add_argument("--out", metavar="FILE.pdf", help="where to write it")
    cert.add_argument("--verify", metavar="FILE.pdf", help="check a certificate PDF against the hub's record")
    signin.add_as(cert, _IG)
    cert.set_defaults(run=disposal_certificate)


def _signed(args: argparse.Namespace, step: access.Step):
    return signin.signed_in(args, *access.roles_for(step))


def retention_show(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.GOVERN)
    table([(r.record_class.value, r.record_class.label, r.describe(), r.source)
           for r in retention.schedule(db, signed)], ("CLASS", "RECORDS", "KEPT FOR", "SOURCE"))
    with db.read() as session:
        print(f"Cancel window before disposal: {disposal.cancel_days(session)} days.")


def retention_set(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.DISPOSE)
    rule = retention.set_period(db, signed, args.record_class, args.years)
    print(f"{rule.record_class.label}: kept {rule.describe()}.")


def retention_window(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.DISPOSE)
    print(f"Cancel window: {disposal.set_cancel_days(db, signed, args.days)} days.")


def hold_add(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.HOLD)
    made = retention.place_hold(db, signed, args.scope, args.target, args.reason, args.reference)
    print(f"Hold {made} placed on {args.scope} {args.target}.")


def hold_lift(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.HOLD)
    retention.lift_hold(db, signed, args.hold, args.reason)
    print(f"Hold {args.hold} lifted.")


def hold_list(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.GOVERN)
    rows = [(str(h.id), h.scope, h.covers, h.reference, f"{h.placed_by}, {local(h.placed_at)}",
             "in force" if h.active else f"lifted {local(h.lifted_at)}", "" if h.verified else "ALTERED")
            for h in retention.list_holds(db, signed, include_lifted=args.all)]
    table(rows, ("ID", "SCOPE", "COVERS", "REFERENCE", "PLACED", "STATE", "CHECK"))


def disposal_review(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.GOVERN)
    rows = []
    for d in disposal.review(db, signed):
        state = ("approved, disposable from " + local(d.approval.dispose_after)) if d.approval else "due"
        rows.append((d.reference, d.record_class.label, day(d.closed_on), day(d.due_since),
                     state if d.verified else "ALTERED: cannot be approved"))
    table(rows, ("REFERENCE", "CLASS", "CLOSED ON", "DUE SINCE", "STATE"))


def disposal_approve(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.DISPOSE)
    made = disposal.approve(db, signed, args.reference)
    print(f"{made.reference} approved for disposal; it may be disposed of from {local(made.dispose_after)} "
          "unless cancelled before then.")


def disposal_cancel(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.DISPOSE)
    disposal.cancel(db, signed, args.reference, args.reason)
    print(f"Disposal of {args.reference.strip().upper()} cancelled.")


def disposal_run(args: argparse.Namespace) -> None:
    db, signed = _signed(args, access.Step.DISPOSE)
    done = disposal.dispose_now(db, signed, progress=lambda n, total: print(f"Disposed of {n} of {total}."))
    if not done:
        print("No approved case is past its cancel window.")
        return
    print(f"Disposed of {len(done)} case(s) under certificate {done[0].certificate}: "
          + ", ".join(d.reference for d in done) + ".")


def disposal_certificate(args: argparse.Namespace) -> None:
    if args.verify:
        db, signed = _signed(args, access.Step.GOVERN)
        print(f"{args.verify}: the hub's disposal certificate {certificate.verify(db, signed, args.verify)}, "
              "unchanged.")
        return
    if not args.certificate or not args.out:
        raise UserError("disposal certificate: give the certificate NUMBER and --out FILE.pdf, or --verify FILE.pdf.")
    db, signed = _signed(args, access.Step.DISPOSE)
    made = certificate.produce(db, signed, args.certificate, Path(args.out))
    print(f"Wrote certificate {made.certificate} ({made.pages} page(s)) to {made.path}.")
