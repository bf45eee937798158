"""The tour's picture of a person's chronology (see tour.py).

The demo hub fills in one person's chronology with entries staff added
(services/demo/chronology.py); a CSC supervisor opens it, the tour giving
the reason a look at contacts outside CSC needs, and the first of those
entries is selected so its details show.
"""

from __future__ import annotations

from pathlib import Path

from ...services.demo.chronology import sample_person
from ..people.chronology_window import ChronologyWindow
from .tour_kit import Hub, TourFailed, save, show, wait

#: The reason the tour gives for contacts CSC is not involved in (kept in the audit trail).
REASON = "Screenshot tour of the demo hub"


def chronology(hub: Hub, out: Path, name: str) -> Path:
    found = sample_person(hub.db)
    if found is None:
        raise TourFailed("the demo hub has no person with a chronology")
    person, person_name = found
    window = ChronologyWindow(hub.db, hub.signed("csc.supervisor"), person, person_name)
    try:
        show(window)
        window.load(REASON)
        wait(lambda: window.chronology is not None, f"the chronology of person {person}")
        curated = [row for row, item in enumerate(window.shown) if item.curated]
        if curated:
            window.table.selectRow(curated[-1])
        return save(window, out, name)
    finally:
        window.close()
