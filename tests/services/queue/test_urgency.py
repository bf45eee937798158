"""The queue's default order on the issue's examples: nothing new sits out of sight."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from mash_desktop.domain.codes import Rag
from mash_desktop.services.case import casework
from mash_desktop.services.intake.referrals import add_referral, referral_by_reference
from mash_desktop.services.queue.query import QueueFilter, QueueQuery, QueueSort, all_ids
from mash_desktop.store.models import Referral
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 18, 11, 0, tzinfo=UTC)  # a Wednesday morning


def _contact(hub, received: dt.datetime, rag: Rag | None = None) -> str:
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "received_at": received.isoformat()}
    reference = add_referral(hub.db, hub.sign_in("csc.officer").actor, payload, now=NOW)
    if rag is not None:
        casework.run_step(hub.db, hub.sign_in("csc.lead").actor, reference, casework.set_rag, rag, "Seen",
                          now=NOW)
    return reference


def _order(hub, query: QueueQuery = QueueQuery()) -> list[str]:
    ids = all_ids(hub.db, query, NOW).ids
    with hub.db.read() as session:
        references = dict(session.query(Referral.id, Referral.reference).filter(Referral.id.in_(ids)))
    return [references[i] for i in ids]


def test_most_urgent_first_across_every_state(sup_hub):
    hub = sup_hub
    eight_days_unrated = _contact(hub, NOW - dt.timedelta(days=8))
    recent_red = _contact(hub, NOW - dt.timedelta(hours=1), Rag.RED)  # due in 3 hours
    overdue_red = _contact(hub, NOW - dt.timedelta(hours=6), Rag.RED)
    overdue_amber = _contact(hub, NOW - dt.timedelta(days=6), Rag.AMBER)
    green = _contact(hub, NOW - dt.timedelta(hours=2), Rag.GREEN)
    blue = _contact(hub, NOW - dt.timedelta(days=30), Rag.BLUE)  # the oldest, yet no clock: last
    fresh_unrated = _contact(hub, NOW - dt.timedelta(minutes=5))  # screening due tomorrow morning

    order = _order(hub)
    assert order[0] == overdue_red
    assert order.index(overdue_red) < order.index(eight_days_unrated) < order.index(overdue_amber)
    assert order.index(eight_days_unrated) < order.index(recent_red)
    assert order.index(recent_red) < order.index(fresh_unrated) < order.index(green)  # not yet due: by due
    assert order[-1] == blue
    assert set(order) == {REF, eight_days_unrated, recent_red, overdue_red, overdue_amber, green, blue,
                          fresh_unrated}
    # The direction is ignored: most urgent first is always most urgent first.
    assert _order(hub, QueueQuery(descending=True)) == order
    assert _order(hub, QueueQuery(QueueFilter(rag=Rag.RED))) == [overdue_red, recent_red]
    # Sorting by a column is still there.
    assert _order(hub, QueueQuery(sort=QueueSort.RECEIVED))[0] == blue


def test_a_contact_stored_without_a_screening_clock_is_due_at_receipt(sup_hub):
    hub = sup_hub
    overdue_amber = _contact(hub, NOW - dt.timedelta(days=6), Rag.AMBER)
    recent_red = _contact(hub, NOW - dt.timedelta(hours=1), Rag.RED)
    old = _contact(hub, NOW - dt.timedelta(days=2))
    with hub.db.write() as session:  # as stored before contacts had a screening clock
        session.execute(update(Referral).where(Referral.reference == old).values(decision_due_at=None))
    order = _order(hub)
    assert order.index(old) < order.index(overdue_amber) and order.index(old) < order.index(recent_red)
    assert old in _order(hub, QueueQuery(QueueFilter(overdue=True)))
    assert recent_red not in _order(hub, QueueQuery(QueueFilter(overdue=True)))


def test_rating_replaces_the_screening_clock(sup_hub):
    hub = sup_hub
    reference = _contact(hub, NOW - dt.timedelta(days=8))
    with hub.db.read() as session:
        screening = referral_by_reference(session, reference).decision_due_at
    assert screening is not None and screening < NOW
    casework.run_step(hub.db, hub.sign_in("csc.lead").actor, reference, casework.set_rag, Rag.BLUE, "Advice only",
                      now=NOW)
    with hub.db.read() as session:
        assert referral_by_reference(session, reference).decision_due_at is None
    assert _order(hub)[-1] == reference
