"""The demo hub tells a story a trainer can show: every case in time order,
ratings that fit the concern, outcomes whose words fit the outcome.

The demo hub's cases are read as hub staff read them (``open_case``), on
both databases; the words are checked again over many planned cases, so
every outcome is covered whatever the small demo hub holds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import ContactSource, Outcome, Rag, Status
from mash_desktop.domain.timescales import HubCalendar
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case.reader import open_case
from mash_desktop.services.demo import cases, hub as demo
from mash_desktop.services.demo.content import referral_payload
from mash_desktop.services.intake.referrals import HUB_ZONE, list_referrals
from mash_desktop.store.database import Database
from mash_desktop.store.models import Decision, Disclosure, Panel, Referral, ResearchRequest
from tests.conftest import DEMO_NOW

R, A, G, B = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE
CALENDAR = HubCalendar()

#: What a rationale and next steps must say, and must not say, for each outcome.
WORDS = {
    Outcome.STRATEGY_S47: (("significant harm", "strategy discussion", "section 47"), ("no further action",)),
    Outcome.IMMEDIATE_PROTECTION: (("immediate risk", "significant harm", "police protection"),
                                   ("no further action",)),
    Outcome.CHILD_IN_NEED_S17: (("child in need", "section 17"),
                                ("strategy discussion", "section 47", "no further action")),
    Outcome.EARLY_HELP: (("early help",), ("strategy discussion", "section 47", "significant harm")),
    Outcome.REFER_ON: (("referred to",), ("strategy discussion", "section 47", "significant harm")),
    Outcome.INFORMATION_ADVICE: (("advice",), ("strategy discussion", "section 47", "significant harm",
                                               "assessment team")),
    Outcome.NO_FURTHER_ACTION: (("no further action",), ("strategy discussion", "section 47",
                                                         "significant harm", "assessment team")),
    Outcome.CARE_ACT_S42: (("section 42", "abuse or neglect", "care and support needs"),
                           ("section 47", "child in need")),
    Outcome.NEEDS_ASSESSMENT: (("needs assessment", "care and support needs"),
                               ("section 47", "strategy discussion")),
}
#: Outcomes that fit each rating.
FITS_RAG = {
    R: {Outcome.STRATEGY_S47, Outcome.IMMEDIATE_PROTECTION, Outcome.CARE_ACT_S42},
    A: {Outcome.STRATEGY_S47, Outcome.CHILD_IN_NEED_S17, Outcome.CARE_ACT_S42, Outcome.NEEDS_ASSESSMENT},
    G: {Outcome.CHILD_IN_NEED_S17, Outcome.EARLY_HELP, Outcome.REFER_ON, Outcome.INFORMATION_ADVICE,
        Outcome.NEEDS_ASSESSMENT, Outcome.NO_FURTHER_ACTION},
    B: {Outcome.INFORMATION_ADVICE, Outcome.NO_FURTHER_ACTION},
}
ADULT_ONLY = {Outcome.CARE_ACT_S42, Outcome.NEEDS_ASSESSMENT}
CHILD_ONLY = {Outcome.STRATEGY_S47, Outcome.IMMEDIATE_PROTECTION, Outcome.CHILD_IN_NEED_S17, Outcome.EARLY_HELP}
#: (phrase of the concern text, the ratings a contact holding it may have).
RAG_BY_PHRASE = (
    ("spiral fracture", {R}),                       # a serious injury to a baby
    ("hit her in the stomach", {R}),                # assault on a pregnant woman
    ("threatened", {R, A}),
    ("DASH risk assessment completed: high risk", {R, A}),
    ("burn to the back", {R, A}),
    ("county lines", {R, A}),
    ("section 136", {R, A}),
)
#: Concerns that are never "information only".
NEVER_BLUE = {"sexual", "physical", "exploitation", "missing", "radicalisation"}


def _age(born: dt.date | None, on: dt.date) -> int | None:
    return None if born is None else on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _allowed_ratings(categories: set[str], details: str, age: int | None) -> set[Rag]:
    allowed = {R, A, G, B}
    for phrase, rags in RAG_BY_PHRASE:
        if phrase in details:
            allowed &= rags
    if "sexual" in categories and age is not None and age < 13:
        allowed &= {R}                              # sexual abuse of a young child
    if categories & NEVER_BLUE or "For information" not in details:
        allowed -= {B}                              # Blue is for information only
    paragraphs = [p for p in details.split("\n\n") if p.strip()]
    if paragraphs and all(p.startswith("For information") for p in paragraphs):
        allowed &= {B, G}
    return allowed


def _check_words(outcome: Outcome, rationale: str, next_steps: str, named_service: str | None) -> None:
    text = f"{rationale} {next_steps}".lower()
    must, must_not = WORDS[outcome]
    for word in must:
        assert word in text, (outcome, word, text)
    for word in must_not:
        assert word not in text, (outcome, word, text)
    if outcome in (Outcome.EARLY_HELP, Outcome.REFER_ON):
        assert named_service and named_service.lower() in text, (outcome, named_service, text)


def _in_hours(at: dt.datetime) -> bool:
    window = CALENDAR.opening_hours(at.astimezone(HUB_ZONE).date())
    return window is not None and window[0] <= at <= window[1]


@pytest.fixture
def records(demo_db_url):
    """Every demo case as the CSC supervisor reads it, with the raw times the database holds."""
    db = Database(demo_db_url)
    try:
        reader = sign_in(db, demo.demo_credentials("CSC", "demo"), "csc.supervisor", demo.DEMO_PASSWORD)
        read = [open_case(db, reader, r.reference, "training_check", reason="Checking the demo hub for training")
                for r in list_referrals(db)]
        times = defaultdict(dict)
        with db.read() as s:
            ids = dict(s.execute(select(Referral.id, Referral.reference)).all())
            for row in s.scalars(select(Panel)):
                times[ids[row.referral_id]].setdefault("panels", []).append(row.updated_at)
            for row in s.scalars(select(Disclosure)):
                times[ids[row.referral_id]].setdefault("disclosures", []).append(
                    (row.disclosed_at, row.authorised_at))
            for row in s.scalars(select(ResearchRequest)):
                times[ids[row.referral_id]].setdefault("asked", []).append(row.requested_at)
            for row in s.scalars(select(Decision)):
                times[ids[row.referral_id]]["decided"] = row.decided_at
        yield read, times
    finally:
        db.dispose()


def test_every_case_runs_in_time_order_and_none_in_the_future(records):
    read, times = records
    assert {c.status for c in read} == set(Status)
    for case in read:
        lines = case.chronology
        assert lines[0].what.startswith("Referral received") and lines[0].at == case.received_at
        assert all(case.received_at <= line.at <= DEMO_NOW for line in lines), case.reference
        by_agency = defaultdict(dict)
        for line in lines:
            by_agency[line.agency].setdefault(line.what.split(":")[0], line.at)

        def at(what: str) -> list[dt.datetime]:
            return [line.at for line in lines if line.what.startswith(what)]

        screened = at("Screened") + at("RAG set")
        research = at("Research requested") + at("Asked to research")
        returned = at("Research returned")
        disclosed = at("Disclosed") + at("Disclosure")
        decided, closed, sent = at("Decision"), at("Closed"), at("Sent for decision")
        if case.status is not Status.NEW:
            assert screened, case.reference
        assert all(max(screened) <= r for r in research), case.reference
        assert all(min(research) <= r for r in returned), case.reference
        for agency, steps in by_agency.items():
            if "Research returned" in steps:
                assert steps["Asked to research"] <= steps["Research returned"], (case.reference, agency)
            for what, when in steps.items():
                if what.startswith(("Disclosed", "Disclosure")):
                    assert steps["Research returned"] <= when, (case.reference, agency)
        for before in (returned, disclosed, research, screened):
            assert all(b <= s for b in before for s in sent + decided), case.reference
        assert all(d <= c for d in decided for c in closed), case.reference
        assert bool(decided) == (case.status in (Status.DECIDED, Status.CLOSED)), case.reference
        raw = times[case.reference]
        for panel in raw.get("panels", []):
            assert min(raw["asked"]) <= panel <= raw.get("decided", DEMO_NOW), case.reference
        for made, authorised in raw.get("disclosures", []):
            assert min(raw["asked"]) <= made <= raw.get("decided", DEMO_NOW), case.reference
            assert authorised is None or made <= authorised <= raw.get("decided", DEMO_NOW), case.reference


def test_contacts_arrive_in_working_hours_but_police_and_red_ones_at_any_hour(records):
    read, _ = records
    out_of_hours = [c for c in read if not _in_hours(c.received_at)]
    assert len(out_of_hours) <= len(read) // 3
    assert all(c.source is ContactSource.POLICE or c.rag is R for c in out_of_hours)
    for case in read:
        if case.rag in (A, G, B):  # staff work in working hours unless the case is Red
            steps = [line for line in case.chronology[1:] if line.what.startswith(
                ("Screened", "Research requested", "Sent for decision", "Decision", "Closed"))]
            assert all(_in_hours(line.at) for line in steps), case.reference


def test_ratings_fit_the_concern_and_outcomes_fit_the_rating(records):
    read, _ = records
    for case in read:
        subject = case.subjects[0]
        categories = {c.value for c in case.concern_categories}
        age = _age(subject.date_of_birth, case.received_at.astimezone(HUB_ZONE).date())
        if case.rag is not None:
            assert case.rag in _allowed_ratings(categories, case.concern_details, age), \
                (case.reference, case.rag, case.concern_details)
        for decision in case.decisions:
            assert decision.outcome in FITS_RAG[case.rag], (case.reference, case.rag, decision.outcome)
            _check_words(decision.outcome, decision.rationale, decision.next_steps or "", decision.named_service)
            adult = age is not None and age >= 18
            assert decision.outcome not in (CHILD_ONLY if adult else ADULT_ONLY), case.reference


def _plans(count: int) -> list[cases.Plan]:
    rng = random.Random(11)
    now = dt.datetime(2025, 6, 4, 14, 0, tzinfo=dt.timezone.utc)
    return [cases.plan_case(rng, CALENDAR, lambda received: referral_payload(
        rng, today=received.astimezone(HUB_ZONE).date(), received_at=received), Status.CLOSED, now)
        for _ in range(count)]


def test_every_outcome_has_words_that_fit_it():
    plans = _plans(400)
    assert {p.decision.outcome for p in plans} == set(Outcome)
    assert {p.rag for p in plans} == set(Rag)
    for plan in plans:
        d = plan.decision
        _check_words(d.outcome, d.rationale, d.next_steps, d.named_service)
        assert d.outcome in FITS_RAG[plan.rag]
        assert d.outcome not in (CHILD_ONLY if plan.kind == "adult" else ADULT_ONLY)
        subject = plan.payload["subjects"][0]
        born = subject["date_of_birth"] and dt.date.fromisoformat(subject["date_of_birth"])
        received = dt.datetime.fromisoformat(plan.payload["received_at"])
        age = _age(born or None, received.astimezone(HUB_ZONE).date())
        concerns = plan.payload["concerns"]
        assert plan.rag in _allowed_ratings(set(concerns["categories"]), concerns["details"], age), concerns
        m = plan.moments
        assert m.received < m.screened <= m.requested <= m.submitted < m.decided < m.closed <= \
            dt.datetime(2025, 6, 4, 14, 0, tzinfo=dt.timezone.utc)
        assert all(m.requested < r <= m.submitted for r in m.returned.values())
