"""Queue figures: the first page, and sorting, filtering and searching.

A figure's value is "model ready": the service call (services/queue_query)
and handing its load to a real :class:`QueueModel` (``set_load``), as the
client does. Its baseline is the same rows fetched with one hand-written
SQL query (:mod:`.plain_sql`). Sort, filter and search each have several
variants; the figure reports the slowest variant, and the JSON detail every
variant's time.

After its first page the client asks only how many rows the query picks
(the scroll bar's size), never every id; rows further down come a window
at a time. So each query has three figures: the first page, the count, and
(for the default order) a window half way down, each beside the plain SQL
of the same (``count(*)``, ``OFFSET … LIMIT``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from mash_desktop.domain.codes import ContactSource, Rag, Status
from mash_desktop.domain.names import fold
from mash_desktop.services.queue.query import (FIRST_PAGE, QueueFilter, QueueQuery, QueueSort, all_ids, counts,
                                               first_page, window)
from mash_desktop.store.database import Database
from mash_desktop.store.models import Person, User

from . import plain_sql
from .figures import Figure, median_ms, runs, spread
from .hub import BenchHub
from .plain_sql import CONCERN, DONE, NAME, OPEN, PlainQuery


@dataclass(frozen=True)
class Variant:
    kind: str  # "sort", "filter" or "search"
    label: str
    query: QueueQuery
    plain: PlainQuery


def _needles(db: Database, hub: BenchHub) -> tuple[str, str, int, dt.date]:
    """A common family name, a reference, csc.officer's id and a subject's date of birth."""
    with db.read() as session:
        family = session.scalar(select(Person.family_name).group_by(Person.family_name)
                                .order_by(func.count().desc(), Person.family_name).limit(1))
        officer = session.scalar(select(User.id).where(User.username == "csc.officer"))
        born = session.scalar(select(Person.date_of_birth).where(Person.date_of_birth.is_not(None))
                              .order_by(Person.id.desc()).limit(1))
    return family, hub.sharing_ref, officer, born


#: The due time still awaited (the queue's Due column), as a person would write it.
_DUE = ("CASE WHEN r.status IN ('decided', 'closed') THEN NULL WHEN r.rag IS NULL AND r.decision_due_at IS NULL "
        "THEN r.received_at ELSE r.decision_due_at END")


def _ranked(column: str, members) -> str:
    """A coded column's rank in the order of ``members``, as SQL."""
    return f"CASE {column} " + " ".join(f"WHEN '{m.value}' THEN {n}" for n, m in enumerate(members)) + " END"


def variants(db: Database, hub: BenchHub, now: dt.datetime) -> list[Variant]:
    family, reference, officer, born = _needles(db, hub)
    at = plain_sql.time_literal(db, now)
    name = family.casefold()
    by_name = f"{OPEN} AND ({NAME} LIKE '%{fold(family)}%' OR lower(r.reference) LIKE '%{name}%' " \
              f"OR CAST(r.subject_dob AS VARCHAR) LIKE '%{name}%')"
    # A whole reference or date of birth can match nothing else: a person would look it up by its index.
    by_ref = f"r.reference = '{reference}'"  # a whole reference finds the case even once closed
    dob = f"{born.day:02d}/{born.month:02d}/{born.year}"
    by_dob = f"{OPEN} AND r.subject_dob = '{born.isoformat()}'"
    pol = ("EXISTS (SELECT 1 FROM research_requests q JOIN agencies a ON a.id = q.agency_id "
           "WHERE q.referral_id = r.id AND a.code = 'POL')")
    found = [
        Variant("sort", "subject", QueueQuery(sort=QueueSort.SUBJECT), PlainQuery(order=NAME)),
        Variant("sort", "age, oldest first", QueueQuery(sort=QueueSort.AGE, descending=True),
                PlainQuery(order="r.subject_dob", tie_descending=True)),
        Variant("sort", "RAG", QueueQuery(sort=QueueSort.RAG),
                PlainQuery(order="CASE r.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 "
                                 "WHEN 'blue' THEN 3 END")),
        Variant("sort", "allocated to", QueueQuery(sort=QueueSort.ALLOCATED),
                PlainQuery(order="lower(u.display_name)", needs_user=True)),
        Variant("sort", "research", QueueQuery(sort=QueueSort.RESEARCH), PlainQuery(order=DONE)),
        Variant("sort", "status", QueueQuery(sort=QueueSort.STATUS), PlainQuery(order=_ranked("r.status", Status))),
        Variant("sort", "due", QueueQuery(sort=QueueSort.DUE), PlainQuery(order=_DUE)),
        Variant("sort", "received, latest first", QueueQuery(sort=QueueSort.RECEIVED, descending=True),
                PlainQuery(order="r.received_at", descending=True)),
        Variant("sort", "concerns", QueueQuery(sort=QueueSort.CONCERNS), PlainQuery(order=CONCERN)),
        Variant("sort", "source", QueueQuery(sort=QueueSort.SOURCE),
                PlainQuery(order=_ranked("r.source", sorted(ContactSource, key=lambda c: c.label)))),
        Variant("sort", "reference, descending", QueueQuery(sort=QueueSort.REFERENCE, descending=True),
                PlainQuery(order="r.reference", descending=True)),
        Variant("filter", "red", QueueQuery(QueueFilter(rag=Rag.RED)), PlainQuery(f"{OPEN} AND r.rag = 'red'")),
        Variant("filter", "researching", QueueQuery(QueueFilter(status=Status.RESEARCHING)),
                PlainQuery(f"{OPEN} AND r.status = 'researching'")),
        Variant("filter", "agency POL", QueueQuery(QueueFilter(agency="POL")), PlainQuery(f"{OPEN} AND {pol}")),
        Variant("filter", "mine", QueueQuery(QueueFilter(mine=officer)),
                PlainQuery(f"{OPEN} AND r.allocated_to_id = {officer}")),
        Variant("filter", "unallocated", QueueQuery(QueueFilter(unallocated=True)),
                PlainQuery(f"{OPEN} AND r.allocated_to_id IS NULL")),
        Variant("filter", "overdue", QueueQuery(QueueFilter(overdue=True)),
                PlainQuery(f"{OPEN} AND ((r.status NOT IN ('decided', 'closed') AND r.decision_due_at <= {at}) "
                           f"OR (r.encompass_due_at <= {at} AND r.school_informed_at IS NULL))")),
        Variant("search", f"name '{family}'", QueueQuery(search=family), PlainQuery(by_name)),
        Variant("search", "reference", QueueQuery(search=reference), PlainQuery(by_ref)),
        Variant("search", "date of birth", QueueQuery(search=dob), PlainQuery(by_dob)),
    ]
    # Filters and searches keep the default order: most urgent first.
    urgent = plain_sql.urgency(at)
    return [replace(v, plain=replace(v.plain, terms=urgent)) if v.query.sort is QueueSort.URGENCY else v
            for v in found]


def _model():
    """A real queue model, on an offscreen Qt application."""
    from PySide6.QtWidgets import QApplication

    from mash_desktop.gui.queue.model import QueueModel

    app = QApplication.instance() or QApplication(["mash-bench"])
    return app, QueueModel()


def _page_and_count(db: Database, query: QueueQuery, plain: PlainQuery, now: dt.datetime, model, repeat: int
                    ) -> tuple[list[float], list[float], list[float], list[float], int]:
    """The first page into the model, then the count that completes it (as the client does)."""
    page = first_page(db, query, now)

    def page_then_count() -> None:
        model.set_load(page)
        model.complete_with(counts(db, query, now))

    page_times = runs(lambda: model.set_load(first_page(db, query, now)), repeat)
    page_base = runs(lambda: plain_sql.run(db, plain_sql.first_page_sql(db, plain, FIRST_PAGE)), repeat)
    count_times = runs(page_then_count, repeat)
    count_base = runs(lambda: plain_sql.run(db, plain_sql.count_sql(plain)), repeat)
    return page_times, page_base, count_times, count_base, model.rowCount()


def page_target(referrals: int) -> int:
    """The target for a page, in ms: 100 at 100,000 referrals, 150 at a million or more."""
    return 150 if referrals >= 1_000_000 else 100


def _middle(db: Database, plain: PlainQuery, now: dt.datetime, size: int, repeat: int, target: int) -> Figure:
    """A window half way down the default order: the rows a person scrolling there waits for."""
    offset = size // 2
    times = runs(lambda: window(db, QueueQuery(), now, offset, FIRST_PAGE), repeat)
    base = runs(lambda: plain_sql.run(db, plain_sql.first_page_sql(db, plain, FIRST_PAGE, offset)), repeat)
    return Figure("queue_window_middle", f"Queue: a window half way down (row {offset})", median_ms(times), "ms",
                  median_ms(base), "plain SQL of the same rows (OFFSET … LIMIT)", "", 0, at_most=target,
                  detail={"times": spread(times), "baseline_times": spread(base), "offset": offset})


def _check_same(db: Database, query: QueueQuery, plain: PlainQuery, now: dt.datetime, label: str) -> None:
    """The baseline must fetch the same ids in the same order, or the comparison means nothing."""
    ours = all_ids(db, query, now).ids
    theirs = [row[0] for row in plain_sql.run(db, plain_sql.ids_sql(plain))]
    if ours != theirs:
        raise AssertionError(f"the plain SQL of '{label}' picks other rows ({len(theirs)}) than the queue "
                             f"({len(ours)})")


def queue_figures(db: Database, hub: BenchHub, backend: str, repeat: int) -> list[Figure]:
    """The first page, then the slowest sort, filter and search (first page and count), and a window."""
    now = dt.datetime.now(dt.timezone.utc)
    target = page_target(hub.referrals)
    _app, model = _model()
    default = PlainQuery(terms=plain_sql.urgency(plain_sql.time_literal(db, now)))
    _check_same(db, QueueQuery(), default, now, "first page")
    page, page_base, ids, ids_base, shown = _page_and_count(db, QueueQuery(), default, now, model, repeat)
    figures = [Figure("queue_first_page", "Queue first page (model ready)", median_ms(page), "ms",
                      median_ms(page_base), "one plain SQL query of the same first-page rows", backend,
                      hub.referrals, at_most=target, ratio_at_most=2,
                      detail={"times": spread(page), "baseline_times": spread(page_base), "open": shown}),
               Figure("queue_count", "Queue: first page and how many rows (the scroll bar)", median_ms(ids), "ms",
                      median_ms(ids_base), "plain SQL count(*) of the same rows", backend, hub.referrals,
                      at_most=target, detail={"times": spread(ids), "baseline_times": spread(ids_base)}),
               replace(_middle(db, default, now, shown, repeat, target), backend=backend, n=hub.referrals)]
    measured: dict[str, list[dict]] = {"sort": [], "filter": [], "search": []}
    for v in variants(db, hub, now):
        _check_same(db, v.query, v.plain, now, v.label)
        page, page_base, ids, ids_base, rows = _page_and_count(db, v.query, v.plain, now, model, repeat)
        measured[v.kind].append({"variant": v.label, "rows": rows, "first_page_ms": median_ms(page),
                                 "first_page_baseline_ms": median_ms(page_base), "count_ms": median_ms(ids),
                                 "count_baseline_ms": median_ms(ids_base)})
    for kind, found in measured.items():
        for step, words in (("first_page", "a new query's first page"), ("count", "first page and count")):
            worst = max(found, key=lambda m: m[f"{step}_ms"])
            figures.append(Figure(
                f"queue_{kind}_{step}", f"Queue {kind}: {words} (slowest: {worst['variant']})",
                worst[f"{step}_ms"], "ms", worst[f"{step}_baseline_ms"], "plain SQL of the same", backend,
                hub.referrals, at_most=target, detail={"variants": found}))
    return figures
