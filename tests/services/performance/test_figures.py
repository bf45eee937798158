"""Performance figures gathered from a small hub, on SQLite and PostgreSQL.

June 2026 is British Summer Time with no bank holiday; the previous period
is May 2026. Expected figures are worked out beside the data that makes them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind, ContactSource, Outcome, Rag, ResearchStatus, Role
from mash_desktop.domain.errors import FieldError, NotPermitted
from mash_desktop.domain.metric_types import ReferrerKind
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.services.case import casework
from mash_desktop.services.admin.agencies import create_agency
from mash_desktop.services.consultations.records import record_consultation
from mash_desktop.services.performance.figures import Period, gather, record_export
from mash_desktop.services.performance.export import export
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.admin.users import create_user
from mash_desktop.store.models import AuditEvent, Referral, ReferralPerson
from tests.hub_factory import EXAMPLE
from tests.pdf_text import flat, pages

LONDON = ZoneInfo("Europe/London")
JUNE = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def _payload(received: dt.datetime, source: str, agency: str | None = None, public: bool = False,
             person_id: int | None = None) -> dict:
    # A child of its own per contact (one born the same day with the same name would be linked to them).
    born = dt.date(2017, 6, received.day % 28 + 1).isoformat()
    subject = EXAMPLE["subjects"][0] | {"date_of_birth": born} | ({"person_id": person_id} if person_id else {})
    return EXAMPLE | {"received_at": received.isoformat(), "source": source, "subjects": [subject],
                      "referrer": EXAMPLE["referrer"] | {"agency": agency, "member_of_public": public}}


class Staff:
    def __init__(self, db) -> None:
        self.db = db
        with db.write() as s:
            hub = create_agency(s, LOCAL_ADMIN, "HUB", "Hub management", AgencyKind.HUB, 0)
            csc = create_agency(s, LOCAL_ADMIN, "CSC", "Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, 5)
            pol = create_agency(s, LOCAL_ADMIN, "POL", "County Police", AgencyKind.POLICE, 4)
            self.lead = Actor.of(create_user(s, LOCAL_ADMIN, "csc.lead", "Lead", csc, [Role.SUPERVISOR]))
            self.decider = Actor.of(create_user(s, LOCAL_ADMIN, "csc.decision", "Dec", csc, [Role.DECISION_MAKER]))
            self.officer = Actor.of(create_user(s, LOCAL_ADMIN, "csc.officer", "Off", csc, [Role.OFFICER]))
            self.police = Actor.of(create_user(s, LOCAL_ADMIN, "pol.officer", "Pol", pol, [Role.OFFICER]))
            create_user(s, LOCAL_ADMIN, "pol.gone", "Gone", pol, [Role.OFFICER]).active = False
            self.auditor = Actor.of(create_user(s, LOCAL_ADMIN, "hub.auditor", "Aud", hub, [Role.AUDITOR]))

    def step(self, actor: Actor, reference: str, action, *args, when: dt.datetime, **kwargs):
        return casework.run_step(self.db, actor, reference, action, *args, now=when, **kwargs)

    def contact(self, received: dt.datetime, source: str, **referrer) -> str:
        return add_referral(self.db, self.officer, _payload(received, source, **referrer), now=received)

    def subject_of(self, reference: str) -> int:
        with self.db.read() as s:
            return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
                Referral.reference == reference, ReferralPerson.is_subject.is_(True)))


@pytest.fixture
def hub(db):
    """Two contacts in May and three in June, decisions either side of the month's start."""
    h = Staff(db)
    # May: a Green police contact decided within two days (on time).
    h.may = h.contact(at(2026, 5, 20, 10), "police", agency="POL")
    h.step(h.lead, h.may, casework.set_rag, Rag.GREEN, "Needs", when=at(2026, 5, 20, 10, 30))
    h.step(h.lead, h.may, casework.submit_for_decision, when=at(2026, 5, 21, 9))
    h.step(h.decider, h.may, casework.decide, outcome=Outcome.NO_FURTHER_ACTION, level=1, rationale="Low",
           when=at(2026, 5, 22, 10))
    # Received Thu 28 May 12:00, Amber, first decided Wed 3 June 12:00: Thu 5 + Fri 8 + Mon 8 + Tue 8 +
    # Wed 3 = 32 working hours; due Tue 2 June 12:00, so late. It counts in June.
    h.late = h.contact(at(2026, 5, 28, 12), "school")
    h.step(h.lead, h.late, casework.set_rag, Rag.AMBER, "Possible harm", when=at(2026, 5, 28, 12, 30))
    h.step(h.lead, h.late, casework.submit_for_decision, when=at(2026, 6, 1, 9))
    h.step(h.decider, h.late, casework.decide, outcome=Outcome.CHILD_IN_NEED_S17, level=3, rationale="CIN",
           when=at(2026, 6, 3, 12))
    # Mon 1 June 10:00, Amber, police research asked 11:00 and back 15:00 (4 of 6 working hours);
    # decided Tue 10:00: Mon 7 + Tue 1 = 8 working hours, on time.
    h.first = h.contact(at(2026, 6, 1, 10), "police", agency="POL")
    h.step(h.lead, h.first, casework.set_rag, Rag.AMBER, "Possible harm", when=at(2026, 6, 1, 10, 30))
    h.step(h.lead, h.first, casework.request_research, ["POL"], when=at(2026, 6, 1, 11))
    h.step(h.police, h.first, casework.set_research_status, ResearchStatus.RETURNED, when=at(2026, 6, 1, 15))
    h.step(h.decider, h.first, casework.decide, outcome=Outcome.STRATEGY_S47, level=4, rationale="Harm",
           when=at(2026, 6, 2, 10))
    # Saturday 23:00 from a member of the public, Red, decided 04:30: 5.5 clock hours, late (due 03:00).
    h.night = h.contact(at(2026, 6, 6, 23), "public", public=True)
    h.step(h.lead, h.night, casework.set_rag, Rag.RED, "Immediate risk", when=at(2026, 6, 6, 23, 10))
    h.step(h.lead, h.night, casework.submit_for_decision, when=at(2026, 6, 7, 0))
    h.step(h.decider, h.night, casework.decide, outcome=Outcome.EARLY_HELP, level=2, rationale="Support",
           named_service="Family Support", when=at(2026, 6, 7, 4, 30))
    # The child of the first June contact again, eight days after its decision: a re-referral.
    h.again = h.contact(at(2026, 6, 10, 9), "school", person_id=h.subject_of(h.first))
    record_consultation(db, h.officer, {"received_at": at(2026, 6, 11, 10).isoformat(), "caller": {
        "name": "Pat Caller", "agency": "POL", "phone": "0115 496 0000"}, "question": "Q?", "advice": "A."},
        now=at(2026, 6, 11, 10, 5))
    return h


def test_june_figures(hub):
    figures = gather(hub.db, hub.lead, JUNE, now=at(2026, 7, 1, 9))
    june = figures.current
    assert june.contacts.references == tuple(sorted((hub.first, hub.night, hub.again)))
    assert {s: c.value for s, c in june.by_source.items() if c.value} == {
        ContactSource.POLICE: 1, ContactSource.PUBLIC: 1, ContactSource.SCHOOL: 1}
    assert june.by_referrer[ReferrerKind.AGENCY].references == (hub.first,)
    assert june.by_referrer[ReferrerKind.PUBLIC].references == (hub.night,)
    assert june.by_referrer[ReferrerKind.PROFESSIONAL].references == (hub.again,)
    assert {a: c.references for a, c in june.by_agency.items()} == {"POL": (hub.first,)}
    assert june.decisions.references == tuple(sorted((hub.late, hub.first, hub.night)))
    assert june.on_time[None].part.references == (hub.first,) and june.on_time[None].whole.value == 3
    assert (june.on_time[Rag.AMBER].part.value, june.on_time[Rag.AMBER].whole.value) == (1, 2)
    assert (june.on_time[Rag.RED].part.value, june.on_time[Rag.RED].whole.value) == (0, 1)
    assert june.research_on_time["POL"].part.references == (hub.first,)
    assert june.research_on_time[None].percent == 100
    amber, red = june.time_to_decision[Rag.AMBER], june.time_to_decision[Rag.RED]
    assert amber.hours == pytest.approx((8.0, 32.0)) and amber.median == pytest.approx(20.0)
    assert red.hours == pytest.approx((5.5,)) and red.clock_hours
    assert {o: c.value for o, c in june.outcomes.items() if c.value} == {
        Outcome.CHILD_IN_NEED_S17: 1, Outcome.STRATEGY_S47: 1, Outcome.EARLY_HELP: 1}
    assert june.conversion[None].part.references == tuple(sorted((hub.late, hub.first)))
    assert (june.conversion[ContactSource.PUBLIC].part.value, june.conversion[ContactSource.PUBLIC].whole.value
            ) == (0, 1)
    assert june.step_down.part.references == (hub.night,)
    assert june.re_referrals.part.references == (hub.again,) and june.re_referrals.whole.value == 3
    assert june.consultations.given.value == 1 and june.consultations.by_agency["POL"].value == 1
    assert len(june.by_day) == 30 and [c.value for _, c in june.by_day[:7]] == [1, 0, 0, 0, 0, 1, 0]


def test_the_previous_period_and_seats(hub):
    figures = gather(hub.db, hub.auditor, JUNE)
    assert figures.previous_period == Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    may = figures.previous
    assert may.contacts.references == tuple(sorted((hub.may, hub.late)))
    assert may.decisions.references == (hub.may,) and may.on_time[Rag.GREEN].percent == 100
    assert may.re_referrals.part.value == 0
    # The hub's own management has no seats to fill; disabled accounts free theirs.
    assert [(s.agency, s.seats, s.in_use) for s in figures.seats] == [("CSC", 5, 3), ("POL", 4, 1)]
    assert figures.agencies["POL"] == "County Police"


def test_a_reopened_case_keeps_its_first_decision_and_shows_its_latest_outcome(hub):
    hub.step(hub.decider, hub.first, casework.reopen, "New information", when=at(2026, 6, 20, 9))
    hub.step(hub.lead, hub.first, casework.submit_for_decision, when=at(2026, 6, 20, 10))
    hub.step(hub.decider, hub.first, casework.decide, outcome=Outcome.NO_FURTHER_ACTION, level=1,
             rationale="Resolved", when=at(2026, 6, 22, 10))
    june = gather(hub.db, hub.lead, JUNE).current
    assert june.decisions.value == 3 and june.on_time[None].part.references == (hub.first,)
    assert june.outcomes[Outcome.NO_FURTHER_ACTION].references == (hub.first,)
    assert june.outcomes[Outcome.STRATEGY_S47].value == 0


def test_only_those_who_watch_the_hub_see_its_figures(hub):
    with pytest.raises(NotPermitted):
        gather(hub.db, hub.officer, JUNE)
    for actor in (hub.lead, hub.decider, hub.auditor):
        assert gather(hub.db, actor, JUNE).current.contacts.value == 3


def test_exporting_the_figures_is_audited_without_content(hub):
    record_export(hub.db, hub.lead, JUNE, "pdf")
    with hub.db.read() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_name, event.object_ref) == ("performance.export", "csc.lead", "June 2026")
    assert '"format": "pdf"' in event.detail and "Ruby" not in event.detail


def test_the_pdf_report_prints_the_audit_chain_head_of_its_time(hub, tmp_path):
    figures = gather(hub.db, hub.lead, JUNE)
    with hub.db.read() as s:
        newest = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert figures.audit_head == (newest.id, newest.hash)
    out = tmp_path / "june.pdf"
    export(hub.db, hub.lead, figures, "Lead", out)
    text = flat(" ".join(pages(out.read_bytes())))
    assert f"Audit trail when this report was produced: event {newest.id:,}, hash {newest.hash.hex()[:16]}" in text


def test_periods():
    assert JUNE.previous() == Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    quarter = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert quarter.previous() == Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert quarter.label == "January to March 2026" and JUNE.label == "June 2026"
    week = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 9))
    assert week.previous() == Period(dt.date(2026, 5, 27), dt.date(2026, 6, 2))
    assert (week.label, week.previous().label) == ("3 to 9 June 2026", "27 May to 2 June 2026")
    assert Period(dt.date(2025, 12, 1), dt.date(2026, 1, 31)).label == "December 2025 to January 2026"
    assert Period(dt.date(2025, 12, 30), dt.date(2026, 1, 2)).label == "30 December 2025 to 2 January 2026"
    assert JUNE.start == dt.datetime(2026, 5, 31, 23, tzinfo=dt.timezone.utc)  # local midnight in BST
    assert JUNE.end == dt.datetime(2026, 6, 30, 23, tzinfo=dt.timezone.utc)
    with pytest.raises(FieldError):
        Period(dt.date(2026, 6, 2), dt.date(2026, 6, 1))
