"""The work behind each mash-admin command: parse, call a service, print."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..domain import access, import_rows
from ..domain.access import CASEWORK_ROLES
from ..domain.codes import AgencyKind, Role, Status
from ..security.identity import LOCAL_ADMIN
from ..services.admin import agencies
from ..services import calendar
from ..services.demo import hub as demo_service
from ..services.queue import listings
from ..services.intake import referrals
from ..services.admin import users
from ..store import schema
from ..store.database import Database, describe_url
from . import inputs, signin
from .demo_guide import print_guide
from .output import parse_code, parse_day, table

MAX_JSON_BYTES = 1_000_000


def _open(args: argparse.Namespace, *, need_schema: bool = True) -> Database:
    return signin.open_database(args.db, need_schema=need_schema)


def init(args: argparse.Namespace) -> Database:
    """Create or upgrade the schema; return the database."""
    db = _open(args, need_schema=False)
    before, after = schema.upgrade(db)
    where = describe_url(db.url)
    if before == after:
        print(f"Schema already at revision {after} in {where}; nothing to do.")
    else:
        print(f"Schema {'upgraded from ' + before if before else 'created'} to revision {after} in {where}.")
    return db


def agency_add(args: argparse.Namespace) -> None:
    """An agency without keys or staff: only while the hub has no accounts."""
    kind = parse_code(AgencyKind, args.kind, "--kind")
    db = _open(args)
    signin.refuse_once_accounts_exist(db, "agency add", "an administrator, with --lead")
    a = agencies.add_agency(db, LOCAL_ADMIN, args.code, args.name, kind, args.seats)
    print(f"Added agency {a.code}: {a.name} ({a.kind.label}, {a.seats} seats).")


def agency_list(args: argparse.Namespace) -> None:
    rows = [(a.code, a.name, a.kind.label, str(a.seats), "active" if a.active else "retired")
            for a in agencies.list_agencies(_open(args))]
    table(rows, ("CODE", "NAME", "KIND", "SEATS", "STATE"))


def _read_json(source: str) -> object:
    """One referral's JSON, read as an import's is (a number too long for any field refused, naming it)."""
    raw = inputs.read_bytes(source, MAX_JSON_BYTES, "one referral")
    name = "stdin" if source == "-" else import_rows.shown(source, 200)
    return import_rows.load_json(import_rows.decode(raw, name), name)


def referral_add(args: argparse.Namespace) -> None:
    # Sign in first: the password is stdin line 1, a JSON '-' the rest.
    db, actor = signin.acting(args, "referral add", *access.roles_for(access.Step.ADD_CONTACT))
    payload = _read_json(args.json_file)
    print(referrals.add_referral(db, actor, payload))


def _local(moment: dt.datetime | None) -> str:
    return moment.astimezone(referrals.HUB_ZONE).strftime("%Y-%m-%d %H:%M") if moment else "-"


def referral_list(args: argparse.Namespace) -> None:
    status = parse_code(Status, args.status, "--status") if args.status else None
    db, signed = signin.signed_in(args)
    items = listings.referrals(db, signed, status)
    if args.json:
        json.dump([i.as_json() for i in items], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    rows = [(i.reference, i.status.value, i.rag.value if i.rag else "-", _local(i.received_at),
             _local(i.decision_due_at), i.subject, i.allocated_to or "-") for i in items]
    table(rows, ("REFERENCE", "STATUS", "RAG", "RECEIVED", "DECISION DUE", "SUBJECT", "ALLOCATED"))


def demo(args: argparse.Namespace) -> None:
    db = _open(args, need_schema=False)
    schema.upgrade(db)
    summary = demo_service.build_demo(db, referrals=args.referrals, seed=args.seed)
    states = ", ".join(f"{n} {s.value}" for s, n in summary.by_status.items() if n)
    print(f"Demo hub in {describe_url(db.url)}: {summary.agencies} agencies, {summary.users} staff, "
          f"{summary.referrals} referrals ({states or 'none'}), {summary.panels} agency panels, "
          f"{summary.disclosures} disclosures.")
    print_guide(db)


def closure_add(args: argparse.Namespace) -> None:
    day = parse_day(args.day, "day")
    db, actor = signin.acting(args, "closure add", Role.ADMIN)
    calendar.add_closure(db, actor, day, args.reason)
    print(f"The hub is closed on {day:%A %d %B %Y}; timescales skip it.")


def closure_list(args: argparse.Namespace) -> None:
    table([(d.isoformat(), r) for d, r in calendar.list_closures(_open(args))], ("DAY", "REASON"))


def _state(u: users.UserInfo) -> tuple[str, str]:
    state = "disabled" if not u.active else "locked" if u.locked else "active"
    if not set(u.roles) & CASEWORK_ROLES:
        return state, "-"  # administrators and auditors are never confirmed
    return state, "yes" if u.confirmed else "no"


def user_list(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.KEEP_STAFF))
    rows = [(u.username, u.display_name, u.agency, ",".join(r.value for r in u.roles), *_state(u))
            for u in listings.staff(db, signed, args.agency)]
    table(rows, ("USERNAME", "NAME", "AGENCY", "ROLES", "STATE", "CONFIRMED"))
