"""Demo hub: NHS numbers for the children its contacts are about, and a
unique pupil number for those of school age, so a trainer can show them on
the intake form's matches and in the case.

The numbers are made up but pass their check digits: NHS numbers in the
999 range the NHS keeps for test data, UPNs of a made-up school in the
local authority of Nottingham (892).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from stdnum.gb import nhs, upn

from ...store.database import Database
from ...store.models import Person, ReferralPerson
from ..case.history import same_people

_SCHOOL_AGE = (4, 16)


def _nhs_number(seed: int, used: set[str]) -> str:
    """A valid ten-digit number ``999 …`` from ``seed``, not yet used (a prefix
    with no check digit is skipped)."""
    while True:
        prefix = f"999{seed % 1_000_000:06d}"
        number = next((prefix + d for d in "0123456789" if nhs.is_valid(prefix + d)), None)
        if number is not None and number not in used:
            used.add(number)
            return number
        seed += 1


def _upn(person_id: int, born: dt.date) -> str:
    rest = f"8922001{(born.year + 4) % 100:02d}{person_id % 1000:03d}"
    return upn.calc_check_digit(rest) + rest


def add_identifiers(db: Database, today: dt.date) -> int:
    """Give every child subject an NHS number (and a UPN at school age), the
    same to every record of one person; how many records were given one."""
    given, used = 0, set()
    with db.write() as session:
        children = session.scalars(
            select(Person).join(ReferralPerson, ReferralPerson.person_id == Person.id)
            .where(ReferralPerson.is_subject.is_(True), Person.date_of_birth.is_not(None),
                   Person.nhs_number.is_(None)).distinct().order_by(Person.id)).all()
        for child in children:
            age = (today - child.date_of_birth).days // 365
            if age >= 18 or child.nhs_number is not None:
                continue
            first = min(same_people(session, {child.id}))
            records = [session.get(Person, i) for i in sorted(same_people(session, {child.id}))]
            number = _nhs_number(first * 7919, used)
            pupil = _upn(first, child.date_of_birth) if _SCHOOL_AGE[0] <= age <= _SCHOOL_AGE[1] else None
            for record in records:
                if record.nhs_number is None:
                    record.nhs_number, record.upn = number, record.upn or pupil
                    given += 1
    return given
