"""One demo case taken through the real services, each step at its moment.

:func:`plan_case` draws everything about a case first (rating, partners,
what each finds and discloses, the outcome and when each step happens);
:func:`run_case` then screens, allocates, asks, decides and closes it as
hub staff would, and :func:`share` writes the partners' panels and
disclosures, dated when they were written, before the decision.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from sqlalchemy import select

from ...domain.codes import (ConsentPosition, HandlingCode, LawfulBasis, Rag, ResearchStatus, Status,
                             StatutoryGateway)
from ...domain.intake import parse_referral
from ...domain.timescales import HubCalendar
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Disclosure, Panel, Referral
from ..case import allocation, casework, disclosures, panels
from ..case.signed_state import sign_authorisation, sign_disclosure
from ..intake.referrals import HUB_ZONE, create_referral, referral_by_reference
from . import outcomes, rating, timeline
from .findings import finding

AGENCY_NAMES = {"POL": "County Police", "CSC": "Children's Social Care", "ASC": "Adult Social Care",
                "HLT": "Health Safeguarding Team", "EDU": "Education Safeguarding", "EH": "Early Help Service",
                "PRB": "Probation Service"}
#: Who is asked to research, by who the case is about: police checks always, then others.
ALWAYS = {"child": ("POL",), "unborn": ("POL", "HLT"), "adult": ("POL", "ASC")}
OTHERS = {"child": ("HLT", "EDU", "EH", "PRB"), "unborn": ("PRB", "EH"), "adult": ("HLT", "PRB")}
#: How long a Red case may still be waiting for its decision (its target is four hours).
RED_STAYS_OPEN = dt.timedelta(hours=6)
#: Asked of :func:`plan_case` for the demo's last contact when no Red case is in progress yet.
LIVE_RED = "live red"
#: How long ago the Red case in progress came in.
LIVE_RED_AGE = dt.timedelta(hours=2, minutes=10)
#: How many Amber cases waiting for their decision are still within their timescale.
AMBER_IN_TIME = 0.75
#: How many disclosures at least wait for a manager's authorisation.
WAITING = 2
_BEFORE_DECISION = (Status.SCREENED, Status.RESEARCHING, Status.AWAITING_DECISION)
CONSENT_REASONS = {ConsentPosition.REFUSED: "Parent declined; risk of significant harm outweighs the refusal.",
                   ConsentPosition.NOT_SOUGHT: "Seeking consent could place the person at increased risk."}


@dataclass
class Ask:
    """One partner asked to research: what it finds and whether it discloses."""

    agency: str
    nothing_known: bool
    text: str
    #: For a case still being researched: the agency has not returned yet.
    stalled: bool = False
    #: Started on it (a panel drafted) though not returned.
    started: bool = False
    disclosure: disclosures.DisclosureRequest | None = None
    authorise: bool = False


@dataclass
class Plan:
    payload: dict
    kind: str
    target: Status
    rag: Rag | None
    asks: list[Ask]
    moments: timeline.Moments | None
    allocate_to: str | None
    decision: outcomes.Choice | None


@dataclass
class Shared:
    """Something a partner wrote on a case: its panel, perhaps a disclosure."""

    reference: str
    ask: Ask
    written: dt.datetime
    disclosed: dt.datetime | None
    authorised: dt.datetime | None
    #: The case is still being researched or waits for its decision.
    before_decision: bool = False


def _age(born: str | None, on: dt.date) -> int | None:
    if born is None:
        return None
    b = dt.date.fromisoformat(born)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _disclosure(rng: random.Random, ask: Ask, kind: str) -> disclosures.DisclosureRequest:
    consent = rng.choices(list(ConsentPosition), weights=(5, 1, 3))[0]
    basis = LawfulBasis.DPA_PART3_S35_SCH8_4 if ask.agency == "POL" else LawfulBasis.ART6_1E
    gateway = StatutoryGateway.CARE_ACT_S45 if kind == "adult" else StatutoryGateway.CA2004_S11
    lead = "ASC" if kind == "adult" else "CSC"  # the agency that leads on the case, or else the hub
    return disclosures.DisclosureRequest(
        to=disclosures.HUB if rng.random() < 0.7 or ask.agency == lead else lead, basis=basis,
        consent=consent, consent_reason=CONSENT_REASONS.get(consent), handling=rng.choice(list(HandlingCode)),
        justification="Necessary for the hub to assess risk and decide on the right response.",
        text=ask.text, gateway=gateway)


def _asks(rng: random.Random, plan_kind: str, rag: Rag, payload: dict, target: Status) -> list[Ask]:
    pool = [c for c in OTHERS[plan_kind] if c != "EDU" or payload["subjects"][0]["school"]]
    chosen = [*ALWAYS[plan_kind], *rng.sample(pool, k=rng.randint(1, min(3, len(pool))))]
    if rag is Rag.RED and "HLT" not in chosen:  # police and health take part in any strategy discussion
        chosen.append("HLT")
    first_name = payload["subjects"][0]["given_name"]
    open_research = target is Status.RESEARCHING
    asks = []
    for code in chosen:
        ask = Ask(code, rng.random() < 0.3, finding(rng, code, first_name))
        if open_research and rng.random() < 0.35:
            ask.stalled, ask.started = True, rng.random() < 0.6
        if not ask.nothing_known and rng.random() < 0.55:
            ask.disclosure = _disclosure(rng, ask, plan_kind)
            waits = ask.disclosure.consent is not ConsentPosition.GIVEN
            ask.authorise = waits and (target in (Status.DECIDED, Status.CLOSED) or rng.random() < 0.6)
        asks.append(ask)
    return asks


class RedCases:
    """A Red case is decided within hours: one received days ago has been decided (or closed too),
    except that the queue always shows a Red case in progress, received a couple of hours ago."""

    def __init__(self) -> None:
        self.decided = 0
        self.live = False

    def place(self, target: Status, received: dt.datetime, now: dt.datetime) -> tuple[Status, dt.datetime]:
        if now - received <= RED_STAYS_OPEN:
            self.live = True
        elif self.decided and not self.live:  # one decided Red case first, for the timeliness figures
            self.live = True
            received = max(received, now - LIVE_RED_AGE)
        else:
            self.decided += 1
            target = Status.CLOSED if now - received > dt.timedelta(days=2) else Status.DECIDED
        return target, received


def plan_case(rng: random.Random, calendar: HubCalendar, payload_for, target: Status, now: dt.datetime,
              red: RedCases | None = None) -> Plan:
    """Everything about one demo case, drawn from ``rng``; ``payload_for(received)`` writes the contact;
    ``red`` keeps track of the Red cases of the whole demo."""
    red = red or RedCases()
    if target is LIVE_RED:
        return _live_red(rng, calendar, payload_for, now, red)
    received = timeline.received_at(rng, calendar, target, now)
    payload = payload_for(received)
    subject = payload["subjects"][0]
    age = _age(subject["date_of_birth"], received.date())
    kind = "unborn" if age is None else "adult" if age >= 18 else "child"
    categories, details = payload["concerns"]["categories"], payload["concerns"]["details"]
    rag = rating.rate(rng, categories, details, age)
    if (payload["source"] == "police" and rng.random() < 0.35) or (rag is Rag.RED and rng.random() < 0.25):
        received = timeline.out_of_hours(rng, received, calendar)
    if rag is Rag.RED and target in _BEFORE_DECISION:
        target, received = red.place(target, received, now)
    if rag is Rag.AMBER and target in _BEFORE_DECISION and rng.random() < AMBER_IN_TIME:
        # Most Amber cases are still within their timescale (24 working hours); the rest run overdue.
        received = max(received, timeline.working_hours_before(now, rng.uniform(0.5, 20.0), calendar))
    if target is Status.NEW:
        payload["received_at"] = received.isoformat()
        return Plan(payload, kind, target, None, [], None, None, None)
    asks = _asks(rng, kind, rag, payload, target)
    pace = timeline.Pace.draw(rng, rag, [a.agency for a in asks])
    for ask in asks:
        if ask.disclosure is not None:
            pace.add_disclosure(rng, ask.agency, ask.authorise)
    moments = timeline.fit(pace, received, target, now, calendar)
    payload["received_at"] = moments.received.isoformat()
    # Someone worked every case sent for decision; a case being screened or researched may wait for an officer.
    officer = rng.choice(["csc.officer", "csc.officer2"])
    allocate_to = officer if target not in (Status.SCREENED, Status.RESEARCHING) or rng.random() < 0.7 else None
    decision = None
    if target in (Status.DECIDED, Status.CLOSED):
        name = f"{subject['given_name']} {subject['family_name']}"
        agencies = [AGENCY_NAMES[a.agency] for a in asks]
        decision = outcomes.decide(rng, kind=kind, rag=rag, name=name, categories=categories, details=details,
                                   agencies=agencies)
    return Plan(payload, kind, target, rag, asks, moments, allocate_to, decision)


def _live_red(rng: random.Random, calendar: HubCalendar, payload_for, now: dt.datetime, red: RedCases) -> Plan:
    """A contact that is Red by its concern, received a couple of hours ago and being researched."""
    received = now - LIVE_RED_AGE
    for _ in range(200):
        payload = payload_for(received)
        subject, concerns = payload["subjects"][0], payload["concerns"]
        age = _age(subject["date_of_birth"], received.date())
        if Rag.RED in rating.fitting_ratings(concerns["categories"], concerns["details"], age):
            break
    kind = "unborn" if age is None else "adult" if age >= 18 else "child"
    asks = _asks(rng, kind, Rag.RED, payload, Status.RESEARCHING)
    pace = timeline.Pace.draw(rng, Rag.RED, [a.agency for a in asks])
    moments = timeline.fit(pace, received, Status.RESEARCHING, now, calendar)
    payload["received_at"] = moments.received.isoformat()
    red.live = True
    return Plan(payload, kind, Status.RESEARCHING, Rag.RED, asks, moments, rng.choice(["csc.officer", "csc.officer2"]),
                None)


def _done(at: dt.datetime | None, now: dt.datetime) -> bool:
    return at is not None and at <= now


def run_case(db: Database, staff, plan: Plan, now: dt.datetime) -> list[Shared]:
    """Take the case through its steps, each at its moment; return what partners wrote on it."""
    intake = parse_referral(plan.payload, today=now.astimezone(HUB_ZONE).date())
    m = plan.moments
    sup = staff["csc.supervisor"]
    with db.write() as session:
        referral = create_referral(session, staff["csc.officer"], intake, intake.received_at)
        reference = referral.reference
        if plan.target is Status.NEW:
            return []
        categories = plan.payload["concerns"]["categories"]
        casework.set_rag(session, sup, referral, plan.rag, outcomes.screening_reason(plan.rag, categories),
                         m.screened)
    if plan.allocate_to is not None:
        allocation.allocate_case(db, staff.signed["csc.supervisor"], reference, plan.allocate_to,
                                 allocation.allocation_state(db, reference).version, m.allocated)
    if plan.target is Status.SCREENED:
        return []
    shared = []
    with db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        casework.request_research(session, sup, referral, [a.agency for a in plan.asks], m.requested)
        for ask in plan.asks:
            officer = staff[f"{ask.agency.lower()}.officer"]
            returned = m.returned[ask.agency]
            if not ask.stalled and returned <= now:
                status = ResearchStatus.NOTHING_KNOWN if ask.nothing_known else ResearchStatus.RETURNED
                casework.set_research_status(session, officer, referral, status, returned)
                if not ask.nothing_known:
                    disclosed = m.disclosed.get(ask.agency)
                    disclosed = disclosed if _done(disclosed, now) else None
                    authorised = m.authorised.get(ask.agency) if disclosed else None
                    shared.append(Shared(reference, ask, returned, disclosed,
                                         authorised if _done(authorised, now) else None,
                                         plan.target in _BEFORE_DECISION))
            elif ask.started:  # a draft panel, written since the request
                casework.set_research_status(session, officer, referral, ResearchStatus.IN_PROGRESS, m.requested)
                if not ask.nothing_known:
                    shared.append(Shared(reference, ask, m.requested + (now - m.requested) / 3, None, None))
        if plan.target is Status.RESEARCHING:
            return shared
        casework.submit_for_decision(session, sup, referral, m.submitted)
        if plan.decision is not None:
            d = plan.decision
            decider = staff["asc.decision" if plan.kind == "adult" else "csc.decision"]
            casework.decide(session, decider, referral, outcome=d.outcome, level=d.level, rationale=d.rationale,
                            next_steps=d.next_steps, named_service=d.named_service, now=m.decided)
        if plan.target is Status.CLOSED:
            casework.close(session, sup, referral, m.closed)
    return shared


def keep_waiting(written: list[Shared], at_least: int = WAITING) -> None:
    """A hub has a disclosure or two waiting for a manager: make sure the demo shows some, on cases
    not decided yet (the latest disclosures of such cases wait, made without consent)."""
    made = [w for w in written if w.disclosed is not None and w.ask.disclosure is not None and w.before_decision]
    waiting = [w for w in made if w.authorised is None and w.ask.disclosure.consent is not ConsentPosition.GIVEN]
    for item in [w for w in reversed(made) if all(w is not x for x in waiting)][:max(0, at_least - len(waiting))]:
        if item.ask.disclosure.consent is ConsentPosition.GIVEN:
            position = ConsentPosition.NOT_SOUGHT
            item.ask.disclosure = replace(item.ask.disclosure, consent=position,
                                          consent_reason=CONSENT_REASONS[position])
        item.authorised = None


def share(db: Database, staff, item: Shared) -> int:
    """Write one agency panel and its disclosure, dated when they were made; 1 if disclosed."""
    officer: SignedIn = staff.signed[f"{item.ask.agency.lower()}.officer"]
    panels.write_panel(db, officer, item.reference, item.ask.text)
    with db.write() as session:  # the panel was written back then, not today
        referral = session.scalar(select(Referral).where(Referral.reference == item.reference))
        panel = session.scalar(select(Panel).where(Panel.referral_id == referral.id,
                                                   Panel.agency_id == officer.actor.agency_id))
        panel.updated_at = item.written
    if item.disclosed is None or item.ask.disclosure is None:
        return 0
    disclosure_id = disclosures.disclose(db, officer, item.reference, item.ask.disclosure)
    supervisor: SignedIn = staff.signed[f"{item.ask.agency.lower()}.supervisor"]
    if item.authorised is not None:
        disclosures.authorise(db, supervisor, disclosure_id)
    with db.write() as session:  # made and authorised back then: each signed again as of that moment
        d = session.get(Disclosure, disclosure_id)
        d.disclosed_at = item.disclosed
        sign_disclosure(session, d, item.reference, officer.keychain.keys.signing)
        if item.authorised is not None:
            d.authorised_at = item.authorised
            sign_authorisation(d, supervisor.keychain.keys.signing)
    return 1
