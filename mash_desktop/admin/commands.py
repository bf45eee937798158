"""The work behind each mash-admin command: parse, call a service, print."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..domain.codes import AgencyKind, Status
from ..domain.errors import EnvironmentFault, FieldError, UserError
from ..security.identity import LOCAL_ADMIN
from ..services import agencies, calendar, demo as demo_service, referrals, users
from ..store import schema
from ..store.database import Database, describe_url

MAX_JSON_BYTES = 1_000_000


def _open(args: argparse.Namespace, *, need_schema: bool = True) -> Database:
    db = Database(args.db)
    if need_schema and not schema.is_current(db):
        raise EnvironmentFault(
            f"The database at {describe_url(db.url)} is not set up for this version. Run 'mash-admin init'."
        )
    return db


def _parse_code(enum_cls, text: str, field: str):
    try:
        return enum_cls.parse(text)
    except ValueError as exc:
        raise FieldError(field, str(exc)) from None


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def init(args: argparse.Namespace) -> None:
    db = _open(args, need_schema=False)
    before, after = schema.upgrade(db)
    where = describe_url(db.url)
    if before == after:
        print(f"Schema already at revision {after} in {where}; nothing to do.")
    else:
        print(f"Schema {'upgraded from ' + before if before else 'created'} to revision {after} in {where}.")


def agency_add(args: argparse.Namespace) -> None:
    kind = _parse_code(AgencyKind, args.kind, "--kind")
    a = agencies.add_agency(_open(args), LOCAL_ADMIN, args.code, args.name, kind, args.seats)
    print(f"Added agency {a.code}: {a.name} ({a.kind.label}, {a.seats} seats).")


def agency_list(args: argparse.Namespace) -> None:
    rows = [(a.code, a.name, a.kind.label, str(a.seats), "active" if a.active else "retired")
            for a in agencies.list_agencies(_open(args))]
    _table(rows, ("CODE", "NAME", "KIND", "SEATS", "STATE"))


def _read_json(source: str) -> object:
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_JSON_BYTES + 1)
        else:
            with Path(source).open("rb") as fh:
                raw = fh.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise UserError(f"{source}: cannot read the file ({exc.strerror or exc}).") from None
    if len(raw) > MAX_JSON_BYTES:
        raise UserError(f"{source}: larger than {MAX_JSON_BYTES // 1000} kB; one referral is much smaller.")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{source}: not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).") from None
    except RecursionError:
        raise UserError(f"{source}: JSON nested too deeply.") from None


def referral_add(args: argparse.Namespace) -> None:
    payload = _read_json(args.json_file)
    db = _open(args)
    print(referrals.add_referral(db, LOCAL_ADMIN, payload))


def _local(moment: dt.datetime | None) -> str:
    return moment.astimezone(referrals.HUB_ZONE).strftime("%Y-%m-%d %H:%M") if moment else "-"


def referral_list(args: argparse.Namespace) -> None:
    status = _parse_code(Status, args.status, "--status") if args.status else None
    items = referrals.list_referrals(_open(args), status)
    if args.json:
        json.dump([i.as_json() for i in items], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    rows = [(i.reference, i.status.value, i.rag.value if i.rag else "-", _local(i.received_at),
             _local(i.decision_due_at), i.subject, i.allocated_to or "-") for i in items]
    _table(rows, ("REFERENCE", "STATUS", "RAG", "RECEIVED", "DECISION DUE", "SUBJECT", "ALLOCATED"))


def demo(args: argparse.Namespace) -> None:
    db = _open(args, need_schema=False)
    schema.upgrade(db)
    summary = demo_service.build_demo(db, referrals=args.referrals, seed=args.seed)
    states = ", ".join(f"{n} {s.value}" for s, n in summary.by_status.items() if n)
    print(f"Demo hub in {describe_url(db.url)}: {summary.agencies} agencies, {summary.users} staff, "
          f"{summary.referrals} referrals ({states or 'none'}).")


def closure_add(args: argparse.Namespace) -> None:
    try:
        day = dt.date.fromisoformat(args.day)
    except ValueError:
        raise FieldError("day", f"'{args.day}' is not a date (YYYY-MM-DD)") from None
    calendar.add_closure(_open(args), LOCAL_ADMIN, day, args.reason)
    print(f"The hub is closed on {day:%A %d %B %Y}; timescales skip it.")


def closure_list(args: argparse.Namespace) -> None:
    _table([(d.isoformat(), r) for d, r in calendar.list_closures(_open(args))], ("DAY", "REASON"))


def user_list(args: argparse.Namespace) -> None:
    rows = [(u.username, u.display_name, u.agency, ",".join(r.value for r in u.roles),
             "active" if u.active else "disabled") for u in users.list_users(_open(args), args.agency)]
    _table(rows, ("USERNAME", "NAME", "AGENCY", "ROLES", "STATE"))
