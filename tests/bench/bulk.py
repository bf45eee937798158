"""Many referrals quickly: copies of a small real demo hub's referrals.

Building a referral through the services takes about a fifth of a second,
so a queue of a hundred thousand is made by copying the referrals of a
small demo hub (built through the real services) in batches: each copy
gets its own id, reference, receipt time (most recent, a tail running back
a year), subjects and household (new people, names mixed from the demo's
names, dates of birth moved a little), concerns and research requests.
The status, RAG, allocation and research progress come from the copied
referral, so the mix is the demo's: about four in five open. Panels,
disclosures and case history are not copied (their ciphertext is bound to
the original reference).
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Date, Enum, func, select, text

from mash_desktop.domain.names import subject_key
from mash_desktop.services.intake.referrals import HUB_ZONE
from mash_desktop.store.database import Database
from mash_desktop.store.types import UTCDateTime
from mash_desktop.store.models import Person, ReferenceCounter, Referral, ReferralConcern, ReferralPerson, ResearchRequest

BATCH = 2_000
#: A copy's receipt time is at most this old.
OLDEST = dt.timedelta(days=365)
_REFERRAL_TIMES = ("received_at", "created_at", "updated_at", "closed_at", "encompass_incident_at",
                   "school_informed_at")
_RESEARCH_TIMES = ("requested_at", "returned_at")

referrals_t = Referral.__table__
people_t = Person.__table__
links_t = ReferralPerson.__table__
concerns_t = ReferralConcern.__table__
research_t = ResearchRequest.__table__


@dataclass
class _Templates:
    """The demo hub's referrals and everything hanging off them, as plain rows."""

    referrals: list[dict]
    links: dict[int, list[dict]]
    people: dict[int, dict]
    concerns: dict[int, list[dict]]
    research: dict[int, list[dict]]
    given: list[tuple[str, str]]
    family: list[tuple[str, str]]

    @classmethod
    def read(cls, conn: Connection) -> _Templates:
        def grouped(table) -> dict[int, list[dict]]:
            out: dict[int, list[dict]] = defaultdict(list)
            for row in conn.execute(select(table)).mappings():
                out[row["referral_id"]].append(dict(row))
            return out

        people = {row["id"]: dict(row) for row in conn.execute(select(people_t)).mappings()}
        return cls([dict(r) for r in conn.execute(select(referrals_t).order_by(referrals_t.c.id)).mappings()],
                   grouped(links_t), people, grouped(concerns_t), grouped(research_t),
                   sorted({(p["given_name"], p["given_key"]) for p in people.values()}),
                   sorted({(p["family_name"], p["family_key"]) for p in people.values()}))


class _Ids:
    """The next free id of each table, counted here (sequences are moved on after)."""

    def __init__(self, conn: Connection) -> None:
        self.next = {t.name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1
                     for t in (referrals_t, people_t, research_t)}

    def take(self, table) -> int:
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


def _shift(value: dt.datetime | None, by: dt.timedelta, now: dt.datetime, *, cap: bool = True) -> dt.datetime | None:
    if value is None:
        return None
    moved = value + by
    return min(moved, now) if cap else moved


def _copy_one(t: _Templates, ids: _Ids, counters: dict[int, int], rng: random.Random, now: dt.datetime,
              out: dict[str, list[dict]]) -> None:
    source = rng.choice(t.referrals)
    age = dt.timedelta(hours=min(rng.expovariate(1 / 24 / 20), OLDEST.total_seconds() / 3600))
    received = now - age
    by = received - source["received_at"]
    year = received.astimezone(HUB_ZONE).year
    counters[year] = counters.get(year, 0) + 1
    new_id = ids.take(referrals_t)
    row = dict(source, id=new_id, reference=f"MASH-{year}-{counters[year]:06d}", linked_referral_id=None)
    for column in _REFERRAL_TIMES:
        row[column] = _shift(source[column], by, now)
    row["received_at"] = received
    row["decision_due_at"] = _shift(source["decision_due_at"], by, now, cap=False)
    row["encompass_due_at"] = _shift(source["encompass_due_at"], by, now, cap=False)
    out["referrals"].append(row)
    first_subject = True
    for link in sorted(t.links.get(source["id"], ()), key=lambda link: link["position"]):
        person = dict(t.people[link["person_id"]], id=ids.take(people_t), created_at=received)
        person["given_name"], person["given_key"] = rng.choice(t.given)
        person["family_name"], person["family_key"] = rng.choice(t.family)
        if person["date_of_birth"] is not None:
            moved = person["date_of_birth"] + dt.timedelta(days=rng.randint(-400, 400))
            person["date_of_birth"] = min(moved, received.date())
        if link["is_subject"] and first_subject:  # the queue's columns, as intake sets them
            row["subject_key"] = subject_key(person["given_name"], person["family_name"])
            row["subject_dob"] = person["date_of_birth"]
            first_subject = False
        out["people"].append(person)
        out["links"].append(dict(link, referral_id=new_id, person_id=person["id"]))
    out["concerns"] += [dict(c, referral_id=new_id) for c in t.concerns.get(source["id"], ())]
    for request in t.research.get(source["id"], ()):
        copy = dict(request, id=ids.take(research_t), referral_id=new_id,
                    due_at=_shift(request["due_at"], by, now, cap=False))
        for column in _RESEARCH_TIMES:
            copy[column] = _shift(request[column], by, now)
        out["research"].append(copy)


def _sqlite_time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _code(value: enum.Enum | None) -> str | None:
    return None if value is None else value.value


def _converter(column, sqlite: bool) -> Callable[[object], object] | None:
    """How one column's values go to the driver: what its type would do, done once here."""
    kind = column.type
    if isinstance(kind, Enum):
        return _code
    if sqlite and isinstance(kind, UTCDateTime):
        return _sqlite_time
    if sqlite and isinstance(kind, Date):
        return _sqlite_date
    return None


def _insert(conn: Connection, table, rows: list[dict], sqlite: bool) -> None:
    """Insert plain rows through the driver's executemany (SQLAlchemy's per-value processing is the slow part)."""
    columns = [(c.name, _converter(c, sqlite)) for c in table.columns]
    marks = ", ".join(["?" if sqlite else "%s"] * len(columns))
    sql = f"INSERT INTO {table.name} ({', '.join(name for name, _ in columns)}) VALUES ({marks})"
    conn.exec_driver_sql(sql, [tuple(row[name] if f is None else f(row[name]) for name, f in columns)
                               for row in rows])


def _batches(count: int) -> Iterator[int]:
    while count > 0:
        yield min(BATCH, count)
        count -= BATCH


def _move_sequences(conn: Connection) -> None:
    for table in (referrals_t, people_t, research_t):
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                          f"(SELECT max(id) FROM {table.name}))"))


def copy_referrals(db: Database, count: int, *, seed: int = 11, now: dt.datetime | None = None) -> int:
    """Add ``count`` copies of the hub's referrals; return how many were added."""
    if count <= 0:
        return 0
    now = now or dt.datetime.now(dt.timezone.utc)
    rng = random.Random(seed)
    with db.engine.connect() as conn:
        templates = _Templates.read(conn)
        ids = _Ids(conn)
        counters = {y: last for y, last in conn.execute(select(ReferenceCounter.year, ReferenceCounter.last))}
    if not templates.referrals:
        raise ValueError("copy_referrals needs a hub with some referrals to copy")
    for size in _batches(count):
        out: dict[str, list[dict]] = defaultdict(list)
        for _ in range(size):
            _copy_one(templates, ids, counters, rng, now, out)
        with db.engine.begin() as conn:
            for name, table in (("people", people_t), ("referrals", referrals_t), ("links", links_t),
                                ("concerns", concerns_t), ("research", research_t)):
                if out[name]:
                    _insert(conn, table, out[name], db.is_sqlite)
    with db.engine.begin() as conn:
        for year, last in counters.items():
            if conn.execute(ReferenceCounter.__table__.update().where(ReferenceCounter.year == year)
                            .values(last=last)).rowcount == 0:
                conn.execute(ReferenceCounter.__table__.insert().values(year=year, last=last))
        if db.dialect == "postgresql":
            _move_sequences(conn)
    return count
