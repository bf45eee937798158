"""mash-admin agreement: the register of partners' information-sharing agreements.

``agreement record CODE`` records a partner's agreement or its review (a new
version; the information governance officer); ``list`` prints every partner
with its agreement's standing; ``history CODE`` every version of one. A
partner without a current agreement is given no new users and makes no
disclosures. ``agency add --lead`` takes the same agreement options: a
partner joins with its agreement.
"""

from __future__ import annotations

import argparse
import datetime as dt

from ..domain import access
from ..domain.agreements import AgreementTerms
from ..domain.errors import FieldError
from ..services.admin import agreements
from . import signin
from .output import as_json, parse_day, print_json, table

_REVIEW_YEARS = 1


def add_terms(parser: argparse.ArgumentParser) -> None:
    """The agreement's options, shared by ``agreement record`` and ``agency add --lead``."""
    parser.add_argument("--signed", metavar="YYYY-MM-DD", help="when the agreement was signed (default: today)")
    parser.add_argument("--review-due", metavar="YYYY-MM-DD",
                        help="when it is next reviewed (default: a year after signing)")
    parser.add_argument("--scope", metavar="TEXT", help="what it covers: which information, shared for what")
    parser.add_argument("--agreement-ref", metavar="REF", help="the agreement document's reference")


def terms(args: argparse.Namespace) -> AgreementTerms:
    """The agreement as given on the command line (the service checks the rest)."""
    if not (args.scope or "").strip():
        raise FieldError("--scope", "give what the information-sharing agreement covers")
    if not (args.agreement_ref or "").strip():
        raise FieldError("--agreement-ref", "give the agreement document's reference")
    signed = parse_day(args.signed, "--signed") if args.signed else agreements.hub_today()
    if args.review_due:
        due = parse_day(args.review_due, "--review-due")
    else:
        try:
            due = signed.replace(year=signed.year + _REVIEW_YEARS)
        except ValueError:  # 29 February
            due = signed + dt.timedelta(days=365)
    return AgreementTerms(signed, due, args.scope or "", args.agreement_ref or "")


def register(sub) -> None:
    """Add the ``agreement`` command group to mash-admin's subcommands."""
    group = sub.add_parser("agreement", help="partners' information-sharing agreements")
    actions = group.add_subparsers(dest="agreement_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    record = actions.add_parser(
        "record", help="record a partner's agreement, or its review (a new version)",
        description="Signed by you and kept with every earlier version. A partner without a current agreement "
                    "(none, altered, or past its review date) is given no new users and makes no disclosures.")
    record.add_argument("code", help="the partner's code, e.g. POL")
    add_terms(record)
    signin.add_as(record, "the information governance officer")
    record.set_defaults(run=record_agreement)

    listing = actions.add_parser("list", help="every partner with its agreement's standing")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    signin.add_as(listing, "the information governance officer, an administrator, or someone who watches the "
                           "figures")
    listing.set_defaults(run=list_agreements)

    history = actions.add_parser("history", help="every version of a partner's agreement, latest first")
    history.add_argument("code", help="the partner's code")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    signin.add_as(history, "the information governance officer, an administrator, or someone who watches the "
                           "figures")
    history.set_defaults(run=show_history)


def record_agreement(args: argparse.Namespace) -> None:
    given = terms(args)
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.REGISTER_AGREEMENT))
    try:
        version = agreements.record_agreement(db, signed, args.code, given)
    finally:
        signed.keychain.forget()
        db.dispose()
    print(f"Recorded version {version} of {args.code.strip().upper()}'s information-sharing agreement, "
          f"for review by {given.review_due:%d %b %Y}.")


def _signed(args: argparse.Namespace, work):
    db, signed = signin.signed_in(args)
    try:
        return work(db, signed)
    finally:
        signed.keychain.forget()
        db.dispose()


def list_agreements(args: argparse.Namespace) -> None:
    found = _signed(args, agreements.register)
    if args.json:
        print_json(as_json(found))
        return
    def day(p, field: str) -> str:
        return f"{getattr(p.latest, field):%Y-%m-%d}" if p.latest else ""

    table([(p.code, p.name + ("" if p.active else " (retired)"), p.words, day(p, "signed_on"),
            day(p, "review_due"), p.latest.reference if p.latest else "") for p in found],
          ("CODE", "PARTNER", "STANDING", "SIGNED", "REVIEW DUE", "REFERENCE"))


def show_history(args: argparse.Namespace) -> None:
    partner, versions = _signed(args, lambda db, signed: agreements.history(db, signed, args.code))
    if args.json:
        print_json({"partner": as_json(partner), "versions": as_json(versions)})
        return
    print(f"{partner.code} {partner.name}: {partner.words}")
    table([(str(v.version), f"{v.signed_on:%Y-%m-%d}", f"{v.review_due:%Y-%m-%d}", v.reference, v.recorded_by,
            f"{v.recorded_at:%Y-%m-%d}", "" if v.verified else "ALTERED", v.scope) for v in versions],
          ("VERSION", "SIGNED", "REVIEW DUE", "REFERENCE", "RECORDED BY", "ON", "CHECK", "SCOPE"))
