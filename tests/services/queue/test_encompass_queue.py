"""The queue and Operation Encompass: the school's clock comes with the row
(one query), and the Overdue filter counts a notification past its deadline."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from mash_desktop.services.intake.encompass import record_informed
from mash_desktop.services.queue.query import QueueFilter, QueueQuery, fetch_rows, queue_ids
from mash_desktop.store.models import Referral
from tests.services.intake.notice_contacts import UTC, contact, notification
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

FRIDAY_NIGHT = dt.datetime(2026, 11, 20, 23, 40, tzinfo=UTC)
MONDAY_START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _id(hub, reference: str) -> int:
    with hub.db.read() as session:
        return session.scalar(select(Referral.id).where(Referral.reference == reference))


def _overdue(hub, now: dt.datetime) -> set[int]:
    with hub.db.read() as session:
        return set(queue_ids(session, QueueQuery(filter=QueueFilter(overdue=True)), now))


def test_the_row_carries_the_schools_clock(sup_hub):
    told, waiting, ordinary = (notification(sup_hub, FRIDAY_NIGHT), notification(sup_hub, FRIDAY_NIGHT),
                               contact(sup_hub, FRIDAY_NIGHT))
    at = dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    record_informed(sup_hub.db, sup_hub.sign_in("csc.officer"), told, at)
    rows = fetch_rows(sup_hub.db, [_id(sup_hub, r) for r in (told, waiting, ordinary)])
    by_reference = {row.summary.reference: row for row in rows.values()}
    assert (by_reference[waiting].encompass_due_at, by_reference[waiting].school_informed_at) == (MONDAY_START, None)
    assert (by_reference[told].encompass_due_at, by_reference[told].school_informed_at) == (MONDAY_START, at)
    assert (by_reference[ordinary].encompass_due_at, by_reference[ordinary].school_informed_at) == (None, None)


def _decision_due(hub, referral_id: int) -> dt.datetime | None:
    with hub.db.read() as session:
        return session.scalar(select(Referral.decision_due_at).where(Referral.id == referral_id))


def test_overdue_counts_a_notification_past_its_school_deadline(sup_hub):
    waiting, told = notification(sup_hub, FRIDAY_NIGHT), notification(sup_hub, FRIDAY_NIGHT)
    waiting_id, told_id = _id(sup_hub, waiting), _id(sup_hub, told)
    record_informed(sup_hub.db, sup_hub.sign_in("csc.officer"), told, MONDAY_START - dt.timedelta(minutes=20))
    # Each is overdue before Monday only where its screening clock has run out.
    saturday = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    for referral_id, overdue in ((waiting_id, waiting_id in _overdue(sup_hub, saturday)),
                                 (told_id, told_id in _overdue(sup_hub, saturday))):
        due = _decision_due(sup_hub, referral_id)
        assert overdue == (due is not None and due <= saturday)
    just_after = MONDAY_START + dt.timedelta(minutes=1)
    late = _overdue(sup_hub, just_after)
    assert waiting_id in late  # the school not told by Monday's start
    told_due = _decision_due(sup_hub, told_id)
    assert told_due > just_after, "the screening clock runs on working hours, past Monday's school start"
    assert told_id not in late  # told in time, and its screening not yet due

