"""Strategy discussion counts in the performance figures: held, leading to s47
enquiries, ICPC within 15 working days, and ICPCs past due; a record changed
by hand counts as not there."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from mash_desktop.domain.strategy import S47Decision
from mash_desktop.services.performance.figures import Period, gather
from mash_desktop.services.performance.table import sections
from mash_desktop.services.strategy.discussions import AttendeeInput, DiscussionInput, record_discussion, record_icpc
from mash_desktop.store.strategy_models import StrategyDiscussion
from mash_desktop.services.intake.referrals import add_referral
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

UTC = dt.timezone.utc
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _contact(hub) -> str:
    received = dt.datetime(2026, 10, 30, 9, tzinfo=UTC)
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "received_at": received.isoformat()}
    return add_referral(hub.db, hub.sign_in("csc.officer").actor, payload, now=received)


def _held(hub, reference: str, day: int, decision: S47Decision) -> int:
    when = dt.datetime(2026, 11, day, 10, tzinfo=UTC)
    return record_discussion(hub.db, hub.sign_in("csc.decision").actor, reference, DiscussionInput(
        when, (AttendeeInput("Sam Social", "Team manager", "CSC"),), "Shared.", decision, "Reasons."), now=when)


def test_held_s47_icpc_in_time_late_overdue_and_altered(sup_hub):
    lead = sup_hub.sign_in("csc.lead").actor
    ref = _contact(sup_hub)
    # ICPCs due: 2 Nov -> 23 Nov; 3 Nov -> 24 Nov; 4 Nov -> 25 Nov; 20 Nov -> 11 Dec (not yet due)
    in_time, late, overdue, not_due = (_held(sup_hub, ref, d, S47Decision.START_S47) for d in (2, 3, 4, 20))
    _held(sup_hub, ref, 5, S47Decision.CONTINUE_S17)
    altered = _held(sup_hub, ref, 6, S47Decision.NO_FURTHER_ACTION)
    end = dt.datetime(2026, 11, 30, 16, tzinfo=UTC)
    record_icpc(sup_hub.db, lead, in_time, dt.date(2026, 11, 23), now=end)
    record_icpc(sup_hub.db, lead, late, dt.date(2026, 11, 26), now=end)
    with sup_hub.db.write() as s:  # turned into an s47 discussion by hand: not counted at all
        s.execute(update(StrategyDiscussion).where(StrategyDiscussion.id == altered)
                  .values(decision=S47Decision.START_S47, icpc_due_on=dt.date(2026, 11, 27)))
    figures = gather(sup_hub.db, lead, NOVEMBER, now=end)
    strategy = figures.strategy
    assert strategy.held.value == 5 and strategy.s47.value == 4
    assert (strategy.icpc_in_time.part.value, strategy.icpc_in_time.whole.value) == (1, 3)
    assert strategy.icpc_overdue.value == 1 and not_due and overdue
    assert figures.strategy_before.held.value == 0
    (section,) = [s for s in sections(figures) if s.key == "strategy"]
    assert [line.label for line in section.lines] == [
        "Strategy discussions held", "Leading to s47 enquiries", "ICPC within 15 working days",
        "ICPC past due, not yet recorded"]
