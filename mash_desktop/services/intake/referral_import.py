"""Importing a portal's export of many referrals: every row or none.

Each row is checked by the same rules as a single referral
(:func:`~mash_desktop.domain.intake.validation_errors`); the agencies and
known people the rows name are looked up. If any row is wrong nothing is
stored and :class:`ImportRejected` lists every problem of every row, those
the rules find and those the look-ups find, in row order. If all
are good they are stored in one transaction, each audited as
``referral.add`` (as ``referral add`` does) and the file as
``referral.import``; the new references come back in file order.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.errors import FieldError, NotPermitted, UserError
from ...domain.import_rows import COLUMN_OF, Row, read_rows, shown
from ...domain.intake import ReferralIntake, parse_referral, validation_errors
from ...security.audit import record
from ...security.identity import Actor
from ...store.database import Database
from ...store.models import Agency, Person
from ...store.types import utcnow
from ..audit.trail import neutralise
from ..enrolment.accounts import has_accounts
from .referrals import HUB_ZONE, create_referral

MAX_PROBLEMS_PER_ROW = 20
REPORT_COLUMNS = ("row", "field", "problem")
_ITEM = re.compile(r"\[[0-9]+\]$")


@dataclass(frozen=True)
class Rejection:
    """One problem of one row: the row, the field (a CSV column or a JSON path) and why."""

    row: int
    field: str
    reason: str


class ImportRejected(UserError):
    """Some rows of an import file are wrong, so nothing was imported."""

    def __init__(self, name: str, rejections: list[Rejection], rows: int) -> None:
        self.rejections = rejections
        bad = len({r.row for r in rejections})
        super().__init__(f"{name}: {bad} of {rows} referral{'s' if rows != 1 else ''} rejected "
                         f"({len(rejections)} problem{'s' if len(rejections) != 1 else ''}); nothing was imported.")


@dataclass(frozen=True)
class CheckedFile:
    """An import file whose every row passed: the format and (row, referral) pairs."""

    fmt: str
    referrals: list[tuple[int, ReferralIntake]]


def _field(path: str, fmt: str) -> str:
    """The name a person sees for an intake field: its CSV column, or the JSON path."""
    if fmt != "csv":
        return shown(path, 80)
    return COLUMN_OF.get(path) or COLUMN_OF.get(_ITEM.sub("", path)) or shown(path, 80)


def _check_row(row: Row, fmt: str, today: dt.date) -> tuple[ReferralIntake | None, list[Rejection]]:
    """A row's referral, or every problem with it (at most :data:`MAX_PROBLEMS_PER_ROW`)."""
    found = [Rejection(row.number, f, r) for f, r in row.problems]
    if row.readable:
        if not found:
            try:
                return parse_referral(row.payload, today=today), []
            except FieldError:
                pass  # list them all below
        reported = {f for f, _ in row.problems}
        for error in validation_errors(row.payload, today=today):
            name = _field(error.field, fmt)
            if name not in reported:
                found.append(Rejection(row.number, name, error.problem))
    if not found:  # never drop a row silently
        found.append(Rejection(row.number, "row", "could not be read as a referral"))
    if len(found) > MAX_PROBLEMS_PER_ROW:
        more = len(found) - MAX_PROBLEMS_PER_ROW + 1
        found = found[:MAX_PROBLEMS_PER_ROW - 1] + [Rejection(row.number, "row", f"and {more} more problems")]
    return None, found


def _check_rows(raw: bytes, name: str, fmt: str | None, today: dt.date) -> tuple[CheckedFile, list[Rejection], int]:
    """The rows that passed, the problems of those that did not, and the number of rows."""
    fmt, rows = read_rows(raw, name, fmt)
    referrals: list[tuple[int, ReferralIntake]] = []
    rejections: list[Rejection] = []
    for row in rows:
        intake, problems = _check_row(row, fmt, today)
        rejections += problems
        if intake is not None:
            referrals.append((row.number, intake))
    return CheckedFile(fmt, referrals), rejections, len(rows)


def check_file(raw: bytes, name: str, fmt: str | None = None, *, today: dt.date) -> CheckedFile:
    """Read and check every row of an import file, without a database.

    Raises :class:`UserError` for a file that cannot be read as a whole and
    :class:`ImportRejected` listing every problem when any row is wrong.
    """
    checked, rejections, rows = _check_rows(raw, name, fmt, today)
    if rejections:
        raise ImportRejected(name, rejections, rows)
    return checked


def _known_problems(session: Session, checked: CheckedFile) -> list[Rejection]:
    """Rows naming an agency or a known person the hub does not have."""
    codes = {i.referrer.agency for _, i in checked.referrals if i.referrer.agency}
    ids = {s.person_id for _, i in checked.referrals for s in i.subjects if s.person_id}
    agencies = set(session.scalars(select(Agency.code).where(Agency.code.in_(codes)))) if codes else set()
    people = set(session.scalars(select(Person.id).where(Person.id.in_(ids)))) if ids else set()
    found: list[Rejection] = []
    for number, intake in checked.referrals:
        if intake.referrer.agency and intake.referrer.agency not in agencies:
            found.append(Rejection(number, _field("referrer.agency", checked.fmt),
                                   f"no agency with code '{intake.referrer.agency}'"))
        seen: set[int] = set()
        for index, subject in enumerate(intake.subjects):
            where = _field(f"subjects[{index}].person_id", checked.fmt)
            if subject.person_id is None:
                continue
            if subject.person_id not in people:
                found.append(Rejection(number, where, "no person with this id is known to the hub"))
            elif subject.person_id in seen:
                found.append(Rejection(number, where, "is already a subject of this contact"))
            seen.add(subject.person_id)
    return found


def _may_import(db: Database, actor: Actor) -> None:
    """A signed-in officer or supervisor; the local administrator only before accounts exist."""
    if actor.user_id is not None:
        actor.require(*access.roles_for(access.Step.ADD_CONTACT))
    elif has_accounts(db):
        raise NotPermitted("This hub has accounts: sign in as an officer or supervisor to import referrals.")


def import_referrals(db: Database, actor: Actor, raw: bytes, name: str, fmt: str | None = None,
                     now: dt.datetime | None = None) -> list[str]:
    """Check an import file and store all its referrals in one transaction; return their references."""
    _may_import(db, actor)
    now = now or utcnow()
    checked, rejections, rows = _check_rows(raw, name, fmt, now.astimezone(HUB_ZONE).date())
    with db.write() as session:
        rejections = sorted([*rejections, *_known_problems(session, checked)], key=lambda r: r.row)
        if rejections:
            raise ImportRejected(name, rejections, rows)
        references = [create_referral(session, actor, intake, now).reference for _, intake in checked.referrals]
        record(session, actor, "referral.import", "referral", references[0],
               detail={"format": checked.fmt, "referrals": len(references), "last": references[-1]})
    return references


def write_report(rejections: Iterable[Rejection], out: TextIO, line_end: str = "\r\n") -> None:
    """The rejected rows as CSV; a cell a spreadsheet would run as a formula is made plain text."""
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(REPORT_COLUMNS)
    for r in rejections:
        writer.writerow([str(r.row), neutralise(r.field), neutralise(r.reason)])
