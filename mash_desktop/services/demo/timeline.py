"""When things happen on a demo case: receipt, screening, research, decision, closure.

Contacts arrive in the hub's working hours, except some police contacts and
some Red ones out of hours. Staff work in working hours, except on a Red
case, whose clock runs in plain hours. Every step comes after the one
before it (research and disclosures before the decision, closing after it)
and none after the demo's "now": a case whose steps would run past it moved
faster (or, failing that, was received a week earlier: same weekday, same
time of day, so what the referrer wrote still reads true).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ...domain.codes import Rag, Status
from ...domain.timescales import HubCalendar

#: How many days before "now" a case that got this far was received: (least, most).
#: Open cases older than their timescale run overdue, as some do in any hub.
AGE_DAYS = {Status.NEW: (0, 2), Status.SCREENED: (0, 2), Status.RESEARCHING: (0, 5),
            Status.AWAITING_DECISION: (1, 6), Status.DECIDED: (2, 8), Status.CLOSED: (3, 10)}
#: Hours from asking to a partner's return, by rating (working hours; Red in plain hours).
RETURN_HOURS = {Rag.RED: (0.3, 1.6), Rag.AMBER: (0.5, 6.0), Rag.GREEN: (2.0, 20.0), Rag.BLUE: (1.0, 16.0)}
DECIDE_HOURS = {Rag.RED: (0.2, 0.8), Rag.AMBER: (0.5, 5.0), Rag.GREEN: (1.0, 14.0), Rag.BLUE: (1.0, 14.0)}
#: A case that would not have got to its status by "now" at its pace goes faster, down to a tenth of it.
_FASTER = (1.0, 0.75, 0.5, 0.35, 0.25, 0.15, 0.1)
_LAST_TRIES = 12


def received_at(rng: random.Random, calendar: HubCalendar, target: Status, now: dt.datetime) -> dt.datetime:
    """A moment in working hours, as long before ``now`` as a case that got to ``target``."""
    zone = calendar.zone
    day = now.astimezone(zone).date() - dt.timedelta(days=rng.randint(*AGE_DAYS[target]))
    while True:
        window = calendar.opening_hours(day)
        if window is not None and window[0] < now:
            opens, closes = window[0], min(window[1], now)
            return opens + (closes - opens) * rng.random()
        day -= dt.timedelta(days=1)


def working_hours_before(now: dt.datetime, hours: float, calendar: HubCalendar) -> dt.datetime:
    """The moment ``hours`` working hours before ``now`` (the hub's opening if it is exactly then)."""
    left = dt.timedelta(hours=hours)
    day = now.astimezone(calendar.zone).date()
    while True:
        window = calendar.opening_hours(day)
        if window is not None and window[0] < now:
            span = min(window[1], now) - window[0]
            if left <= span:
                return min(window[1], now) - left
            left -= span
        day -= dt.timedelta(days=1)


def out_of_hours(rng: random.Random, received: dt.datetime, calendar: HubCalendar) -> dt.datetime:
    """The same contact received out of hours: the evening before, or early that morning."""
    local = received.astimezone(calendar.zone)
    if rng.random() < 0.6:
        at = dt.datetime.combine(local.date() - dt.timedelta(days=1), dt.time(17, 30), tzinfo=calendar.zone)
        at += dt.timedelta(minutes=rng.randint(0, 6 * 60))
    else:
        at = dt.datetime.combine(local.date(), dt.time(0, 15), tzinfo=calendar.zone)
        at += dt.timedelta(minutes=rng.randint(0, 7 * 60))
    return at.astimezone(dt.timezone.utc)


@dataclass
class Pace:
    """The gaps between the steps of one case, in hours, drawn once.

    ``returns``, ``disclosures`` and ``authorisations`` are keyed by agency
    code: each disclosure follows its agency's return, each authorisation
    its disclosure.
    """

    urgent: bool
    screen: float
    allocate: float
    request: float
    returns: dict[str, float]
    disclosures: dict[str, float] = field(default_factory=dict)
    authorisations: dict[str, float] = field(default_factory=dict)
    submit: float = 0.5
    decide: float = 1.0
    close: float = 4.0

    @classmethod
    def draw(cls, rng: random.Random, rag: Rag, agencies: list[str]) -> Pace:
        urgent = rag is Rag.RED
        between = rng.uniform
        return cls(urgent, between(0.15, 0.8) if urgent else between(0.3, 6.0), between(0.1, 0.5),
                   between(0.1, 0.6), {code: between(*RETURN_HOURS[rag]) for code in agencies},
                   submit=between(0.1, 0.5) if urgent else between(0.1, 1.5), decide=between(*DECIDE_HOURS[rag]),
                   close=between(1.0, 14.0))

    def faster(self, factor: float) -> Pace:
        """This pace with every gap ``factor`` times as long."""
        def scale(gaps: dict[str, float]) -> dict[str, float]:
            return {code: hours * factor for code, hours in gaps.items()}
        return Pace(self.urgent, self.screen * factor, self.allocate * factor, self.request * factor,
                    scale(self.returns), scale(self.disclosures), scale(self.authorisations), self.submit * factor,
                    self.decide * factor, self.close * factor)

    def add_disclosure(self, rng: random.Random, agency: str, authorised: bool) -> None:
        self.disclosures[agency] = rng.uniform(0.05, 0.5) if self.urgent else rng.uniform(0.1, 2.0)
        if authorised:
            self.authorisations[agency] = rng.uniform(0.05, 0.5) if self.urgent else rng.uniform(0.1, 3.0)


@dataclass
class Moments:
    """When each step of one case happens (some may lie after "now": they have not happened)."""

    received: dt.datetime
    screened: dt.datetime
    allocated: dt.datetime
    requested: dt.datetime
    returned: dict[str, dt.datetime]
    disclosed: dict[str, dt.datetime]
    authorised: dict[str, dt.datetime]
    submitted: dt.datetime
    decided: dt.datetime
    closed: dt.datetime

    def last_of(self, target: Status) -> dt.datetime:
        """The moment of the last step a case at ``target`` has taken."""
        return {Status.NEW: self.received, Status.SCREENED: self.allocated, Status.RESEARCHING: self.requested,
                Status.AWAITING_DECISION: self.submitted, Status.DECIDED: self.decided,
                Status.CLOSED: self.closed}[target]


def place(pace: Pace, received: dt.datetime, calendar: HubCalendar) -> Moments:
    """The moments of a case received at ``received``, at this pace."""
    def after(at: dt.datetime, hours: float, urgent: bool = pace.urgent) -> dt.datetime:
        if urgent:
            return at + dt.timedelta(hours=hours)
        return calendar.add_working_hours(at, hours)

    screened = after(received, pace.screen)
    allocated = after(screened, pace.allocate)
    requested = after(allocated, pace.request)
    returned = {code: after(requested, hours) for code, hours in pace.returns.items()}
    disclosed = {code: after(returned[code], hours) for code, hours in pace.disclosures.items()}
    authorised = {code: after(disclosed[code], hours) for code, hours in pace.authorisations.items()}
    research_done = max([requested, *returned.values(), *disclosed.values(), *authorised.values()])
    submitted = after(research_done, pace.submit)
    decided = after(submitted, pace.decide)
    closed = after(decided, pace.close, urgent=False)  # feedback, then closing, in working hours
    return Moments(received, screened, allocated, requested, returned, disclosed, authorised, submitted, decided,
                   closed)


def fit(pace: Pace, received: dt.datetime, target: Status, now: dt.datetime, calendar: HubCalendar
        ) -> Moments:
    """The case's moments, faster or received whole weeks earlier if need be, so that it got to
    ``target`` by ``now``."""
    for _ in range(_LAST_TRIES):
        for factor in _FASTER:
            moments = place(pace.faster(factor), received, calendar)
            if moments.last_of(target) <= now:
                return moments
        local = received.astimezone(calendar.zone) - dt.timedelta(days=7)  # wall-clock: same time of day
        received = local.astimezone(dt.timezone.utc)
    raise ValueError("a demo case could not be placed before now")
