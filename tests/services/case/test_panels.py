"""Two people of one agency editing the same panel: the later save is refused, never lost."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import Conflict
from mash_desktop.services.case import panels
from mash_desktop.services.case.panels import PanelChanged, SeenPanel
from mash_desktop.services.intake.referrals import HUB_ZONE
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)


def _writes(hub) -> list[dict]:
    with hub.db.read() as session:
        return [json.loads(e.detail) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "panel.write").order_by(AuditEvent.id))]


def _hhmm(at: dt.datetime) -> str:
    return f"{at.astimezone(HUB_ZONE):%H:%M}"


def test_a_stale_save_is_refused_naming_who_saved_and_when(sup_hub):
    officer, deputy = sup_hub.sign_in("csc.officer"), sup_hub.sign_in("csc.deputy")
    first = panels.save_panel(sup_hub.db, officer, REF, "Known to CSC since 2019.")
    seen_by_both = SeenPanel.of(panels.read_panel(sup_hub.db, deputy, REF, "CSC"))
    assert seen_by_both == first.seen
    won = panels.save_panel(sup_hub.db, officer, REF, "Officer's update.", seen=seen_by_both)
    with pytest.raises(PanelChanged) as refused:
        panels.write_panel(sup_hub.db, deputy, REF, "Deputy's update.", seen=seen_by_both)
    assert refused.value.by_name == "CSC Officer" and refused.value.at == won.seen.updated_at
    assert refused.value.message.startswith(
        f"CSC Officer saved the CSC panel on {REF} at {_hhmm(won.seen.updated_at)}, after you opened it.")
    assert panels.read_panel(sup_hub.db, deputy, REF, "CSC").text == "Officer's update."
    assert len(_writes(sup_hub)) == 2  # the refused save left no trace but its refusal
    # Having looked again, the deputy saves on top of the officer's text.
    again = SeenPanel.of(panels.read_panel(sup_hub.db, deputy, REF, "CSC"))
    panels.write_panel(sup_hub.db, deputy, REF, "Officer's update. Deputy's update.", seen=again)
    assert panels.read_panel(sup_hub.db, officer, REF, "CSC").text == "Officer's update. Deputy's update."


def test_a_panel_written_by_someone_else_first_is_not_replaced(sup_hub):
    officer, deputy = sup_hub.sign_in("csc.officer"), sup_hub.sign_in("csc.deputy")
    view = panels.read_panel(sup_hub.db, deputy, REF, "CSC")
    assert view.state == "empty" and SeenPanel.of(view) == SeenPanel(None)
    panels.write_panel(sup_hub.db, officer, REF, "First words.", seen=SeenPanel(None))
    with pytest.raises(PanelChanged, match="CSC Officer saved the CSC panel"):
        panels.write_panel(sup_hub.db, deputy, REF, "Other first words.", seen=SeenPanel.of(view))
    assert panels.read_panel(sup_hub.db, officer, REF, "CSC").text == "First words."


def test_each_save_gives_what_the_next_one_has_seen(sup_hub):
    officer = sup_hub.sign_in("csc.officer")
    seen = SeenPanel(None)
    for n in range(3):
        seen = panels.save_panel(sup_hub.db, officer, REF, f"Version {n}.", seen=seen).seen
    assert seen == SeenPanel.of(panels.read_panel(sup_hub.db, officer, REF, "CSC"))
    assert [w["overwrite"] for w in _writes(sup_hub)] == [False, False, False]


def test_without_seen_the_panel_is_replaced_on_purpose_and_the_trail_says_so(sup_hub):
    officer, deputy = sup_hub.sign_in("csc.officer"), sup_hub.sign_in("csc.deputy")
    panels.write_panel(sup_hub.db, officer, REF, "Officer's text.", seen=SeenPanel(None))
    assert panels.write_panel(sup_hub.db, deputy, REF, "Deputy's text.") == 1
    assert panels.read_panel(sup_hub.db, officer, REF, "CSC").text == "Deputy's text."
    assert [w["overwrite"] for w in _writes(sup_hub)] == [False, True]


def test_other_agencies_panels_do_not_count_as_a_change(sup_hub):
    officer = sup_hub.sign_in("csc.officer")
    seen = SeenPanel.of(panels.read_panel(sup_hub.db, officer, REF, "CSC"))
    panels.write_panel(sup_hub.db, sup_hub.sign_in("pol.officer"), REF, "Police findings.")
    panels.write_panel(sup_hub.db, officer, REF, "CSC findings.", seen=seen)


def test_first_writers_at_the_same_moment_exactly_one_wins(sup_hub):
    """Three writers who all saw no panel, each on its own connection: one saves, two are told."""
    names = ["csc.officer", "csc.deputy", "csc.lead"]
    people = {name: sup_hub.sign_in(name) for name in names}
    databases = {name: Database(sup_hub.db.url) for name in names}
    results: dict[str, object] = {}
    start = threading.Barrier(len(names))

    def attempt(name: str) -> None:
        start.wait()
        try:
            results[name] = panels.write_panel(databases[name], people[name], REF, f"Written by {name}.",
                                               seen=SeenPanel(None))
        except Conflict as exc:
            results[name] = exc

    threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for database in databases.values():
            database.dispose()
    winners = [name for name, result in results.items() if not isinstance(result, Conflict)]
    assert len(results) == len(names) and len(winners) == 1
    assert all(isinstance(r, PanelChanged) for n, r in results.items() if n not in winners)
    text = panels.read_panel(sup_hub.db, people["csc.lead"], REF, "CSC").text
    assert text == f"Written by {winners[0]}."
