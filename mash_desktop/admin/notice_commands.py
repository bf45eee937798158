"""mash-admin referral acknowledged, encompass informed: the notices a contact is due.

Thin over services/intake/acknowledgement.py and services/intake/encompass.py,
as the signed-in member, so the role rules, checks and audit are the client's.
"""

from __future__ import annotations

import argparse
import datetime as dt

from ..domain.acknowledgement import AckMethod
from ..domain.errors import FieldError
from ..domain.zone import HUB_ZONE
from ..services.intake import acknowledgement, encompass
from . import signin

METHODS = ", ".join(m.value for m in AckMethod)
_AT = "e.g. 2026-03-02T09:30 (hub time unless the time gives its zone; default: now)"


def register(sub, referral) -> None:
    """Add ``referral acknowledged`` and the ``encompass`` group."""
    ack = referral.add_parser(
        "acknowledged", help="record that the referrer was sent an acknowledgement with the reference",
        description="Every contact from a referrer who can be reached is acknowledged within one working day; "
                    "the case and the dashboard show when it is due, sent or overdue.")
    ack.add_argument("reference")
    ack.add_argument("--how", required=True, help=f"how it was sent: {METHODS}")
    ack.add_argument("--at", metavar="ISO-TIME", help=f"when it was sent, {_AT}")
    signin.add_as(ack, "an officer or supervisor")
    ack.set_defaults(run=referral_acknowledged)

    parent = sub.add_parser("encompass", help="Operation Encompass notifications")
    group = parent.add_subparsers(dest="encompass_command", metavar="ACTION", required=True,
                                  parser_class=type(parent))
    informed = group.add_parser(
        "informed", help="record that the key adult at the child's school was told",
        description="An Operation Encompass notification is passed to the school's key adult before the start "
                    "of the next school day; the case shows when that is due and when it was done.")
    informed.add_argument("reference")
    informed.add_argument("--at", metavar="ISO-TIME", help=f"when the key adult was told, {_AT}")
    signin.add_as(informed, "an officer or supervisor")
    informed.set_defaults(run=encompass_informed)


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise FieldError("--at", "give a date and time like 2026-03-02T09:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=HUB_ZONE)


def referral_acknowledged(args: argparse.Namespace) -> None:
    at = _moment(args.at)
    db, signed = signin.signed_in(args)
    when = acknowledgement.record_acknowledgement(db, signed, args.reference, args.how, at)
    print(f"{args.reference.strip().upper()}: acknowledgement sent {when.astimezone(HUB_ZONE):%Y-%m-%d %H:%M}.")


def encompass_informed(args: argparse.Namespace) -> None:
    at = _moment(args.at)
    db, signed = signin.signed_in(args)
    when = encompass.record_informed(db, signed, args.reference, at)
    print(f"{args.reference.strip().upper()}: the school's key adult was told "
          f"{when.astimezone(HUB_ZONE):%Y-%m-%d %H:%M}.")
