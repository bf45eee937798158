"""Migration 0004 fills the queue's subject columns of referrals stored before it."""

from __future__ import annotations

import importlib

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select, update

from mash_desktop.domain.names import subject_key
from mash_desktop.store.database import Database
from mash_desktop.store.models import Person, Referral, ReferralPerson

MIGRATION = importlib.import_module("mash_desktop.store.migrations.versions.0004_queue_subject_columns")


def _columns(db: Database) -> dict[int, tuple]:
    with db.read() as s:
        return {r.id: (r.subject_key, r.subject_dob) for r in s.scalars(select(Referral))}


def test_the_fill_gives_what_intake_gives(demo_db_url, monkeypatch):
    db = Database(demo_db_url)
    at_intake = _columns(db)
    assert len(at_intake) > 1 and all(key for key, _ in at_intake.values())
    with db.read() as s:  # intake keeps the first subject's name and date of birth
        first = s.execute(select(ReferralPerson.referral_id, Person.given_name, Person.family_name,
                                 Person.date_of_birth).join(Person).where(ReferralPerson.is_subject.is_(True))
                          .order_by(ReferralPerson.referral_id, ReferralPerson.position)).all()
    expected: dict[int, tuple] = {}
    for rid, given, family, dob in first:
        expected.setdefault(rid, (subject_key(given, family), dob))
    assert at_intake == expected

    with db.write() as s:
        s.execute(update(Referral).values(subject_key=None, subject_dob=None))
    monkeypatch.setattr(MIGRATION, "_BATCH", 7)  # batches that cut referrals with several subjects apart
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        MIGRATION._fill()
    assert _columns(db) == at_intake
    db.dispose()
