"""Acknowledgement and Operation Encompass timeliness in the performance figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from mash_desktop.services.intake.acknowledgement import record_acknowledgement
from mash_desktop.services.intake.encompass import record_informed
from mash_desktop.services.performance.figures import Period, gather
from mash_desktop.services.performance.table import headline, sections
from mash_desktop.store.models import Referral
from tests.services.intake.notice_contacts import UTC, contact, notification
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
FRIDAY = dt.datetime(2026, 11, 20, 16, 30, tzinfo=UTC)  # acknowledgements due Monday 23rd, 16:30
FRIDAY_NIGHT = dt.datetime(2026, 11, 20, 23, 40, tzinfo=UTC)  # the school told by Monday 09:00
MONDAY = dt.datetime(2026, 11, 23, tzinfo=UTC)


def test_timeliness_counts_in_time_late_overdue_and_altered(sup_hub):
    officer = sup_hub.sign_in("csc.officer")
    in_time, late, overdue, altered = (contact(sup_hub, FRIDAY) for _ in range(4))
    record_acknowledgement(sup_hub.db, officer, in_time, "email", MONDAY + dt.timedelta(hours=10))
    record_acknowledgement(sup_hub.db, officer, late, "letter", MONDAY + dt.timedelta(hours=17))
    record_acknowledgement(sup_hub.db, officer, altered, "letter", MONDAY + dt.timedelta(hours=20))
    with sup_hub.db.write() as s:  # moved back by hand to look in time: counts as not sent
        s.scalar(select(Referral).where(Referral.reference == altered)).acknowledged_at = MONDAY
    told, untold = notification(sup_hub, FRIDAY_NIGHT), notification(sup_hub, FRIDAY_NIGHT)
    record_informed(sup_hub.db, officer, told, MONDAY + dt.timedelta(hours=8, minutes=45))
    still_due = contact(sup_hub, dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC))  # due 1 December: not counted
    assert still_due

    figures = gather(sup_hub.db, sup_hub.sign_in("csc.lead").actor, NOVEMBER,
                     now=dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    notices = figures.notices
    # the hub's first contact (REF, 20 November) and the police notifications were never acknowledged
    assert notices.acknowledged.part.references == (in_time,)
    assert set(notices.acknowledged.whole.references) == {REF, in_time, late, overdue, altered, told, untold}
    assert set(notices.acknowledgements_overdue.references) == {REF, overdue, altered, told, untold}
    assert notices.encompass.part.references == (told,) and notices.encompass.whole.value == 2
    assert notices.encompass_overdue.references == (untold,)
    assert figures.notices_before.acknowledged.whole.value == 0

    by_label = {line.label: line for section in sections(figures) for line in section.lines}
    assert by_label["Acknowledged within one working day"].now.text() == "14.3% (1 of 7)"
    assert by_label["Encompass: school told before the next school day"].now.text() == "50.0% (1 of 2)"
    assert by_label["Encompass: school not yet told, overdue"].references == (untold,)
    shown = {line.label: line.now.text() for line in headline(figures)}
    assert shown["Encompass: school told in time"] == "50.0% (1 of 2)"
