"""mash-admin household REF: the household around a case and its members' contacts.

It opens the case through the one case reader, as the client's Household
section does: the same reason rule (``--reason``) and the same audited look,
so it prints exactly what that member may see: each member with their
relationships as recorded, age, the warnings they may see, and their open
and recent contacts (reference, status, RAG); ``--json`` prints the same as
JSON. The printable family network is ``mash-admin report family-network``.
"""

from __future__ import annotations

import argparse
import datetime as dt

from ..domain.household import CAPPED, RECENT_DAYS, Household, HouseholdMember
from ..domain.zone import HUB_ZONE
from ..services.case import reader as case_reader
from . import signin
from .inputs import add_case_text, read_case_texts
from .output import as_json, print_json


def register(sub) -> None:
    """Add ``household`` to mash-admin's subcommands."""
    command = sub.add_parser(
        "household", help="the household around a case: its members and their open and recent contacts",
        description="Opens the case as the client does: a case not allocated to you or your agency (nor "
                    "researched by it) needs a reason (--reason-file), kept in the audit trail. Contacts are "
                    f"listed while open or closed within {RECENT_DAYS} days.")
    command.add_argument("reference", help="e.g. MASH-2026-000001")
    command.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_case_text(command, "--reason", "why you open this case (recorded in the audit trail)")
    signin.add_as(command, "casework staff (officer, supervisor or decision maker)")
    command.set_defaults(run=household_show)


def _age(member: HouseholdMember, today: dt.date) -> str:
    born = member.date_of_birth
    if born is None:
        return f"unborn, due {member.expected_due_date:%d %b %Y}" if member.expected_due_date else "age not known"
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return f"born {born:%d %b %Y}, {years}"


def lines(reference: str, family: Household, today: dt.date) -> list[str]:
    """The household as text, one member after another."""
    out = [f"Household of {reference}: {len(family.members)} people"]
    names = {m.key: m.name for m in family.members}
    for group in family.siblings:
        out.append("Sibling group: " + ", ".join(names[k] for k in group if k in names))
    for m in family.members:
        out.append("")
        where = " (same address)" if m.same_address else ""
        out.append(f"{m.name}{where} — {_age(m, today)}")
        out.append("  " + "; ".join(m.relationships))
        if m.warnings:
            out.append("  Warnings: " + ", ".join(m.warnings))
        for c in m.contacts:
            closed = f", closed {c.closed_at.astimezone(HUB_ZONE):%d %b %Y}" if c.closed_at else ""
            rag = c.rag.value.title() if c.rag else "not rated"
            this = " (this contact)" if c.reference == reference else ""
            out.append(f"  {c.reference}{this}: {c.status.label}{closed}, {rag}")
        if not m.contacts:
            out.append("  No open or recent contact")
    if family.older_closed:
        out += ["", f"{family.older_closed} older closed contact(s) not listed."]
    if family.capped:
        out += ["", CAPPED]
    return out


def household_show(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    case = case_reader.open_case(db, signed, args.reference, case_reader.COMMAND_LINE, args.reason)
    if args.json:
        print_json(as_json(case.family))
        return
    print("\n".join(lines(case.reference, case.family, dt.datetime.now(HUB_ZONE).date())))
