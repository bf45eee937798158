"""The allocation dialog: the workload view, and two supervisors allocating one case at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mash_desktop.gui.steps.allocation import AGAIN, AllocationDialog
from mash_desktop.gui.queue.workload import Column
from mash_desktop.services.case.allocation import allocate_case, allocation_state
from mash_desktop.services.intake.referrals import HUB_ZONE

from ..dialog_helpers import QUIET, REF, keys, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


@pytest.fixture
def backend():
    return "sqlite"


def _row(dialog: AllocationDialog, username: str) -> dict[str, str]:
    dialog.table.choose(username)
    row = dialog.table.currentRow()
    return {dialog.table.horizontalHeaderItem(c).text(): dialog.table.item(row, c).text() for c in Column}


def test_the_workload_view_and_a_plain_allocation(qtbot, sup_hub):
    version = allocation_state(sup_hub.db, REF).version
    allocate_case(sup_hub.db, sup_hub.sign_in("csc.lead"), REF, "csc.officer", version)
    dialog = open_dialog(qtbot, AllocationDialog, sup_hub, "csc.deputy", REF)
    assert "Allocated to CSC Officer by CSC Lead at" in dialog.case.extra.text()
    listed = [dialog.table.item(r, Column.OFFICER).text() for r in range(dialog.table.rowCount())]
    assert listed == ["CSC Deputy", "CSC Lead", "CSC Newcomer", "CSC Officer (has the case)"]
    officer = _row(dialog, "csc.officer")
    # The case is not rated and its screening was due a working day after it came in: overdue.
    assert (officer["Open cases"], officer["Overdue"], officer["Not rated"], officer["Red"]) == ("1", "1", "1", "0")
    assert dialog.hint.text() == "The case is already allocated to CSC Officer."
    dialog.table.clearSelection()
    assert dialog.hint.text() == "Choose the officer who will take the case." and not dialog.ok_button.isEnabled()
    dialog.table.setFocus()
    dialog.table.setCurrentCell(-1, -1)
    keys(qtbot, dialog, Qt.Key.Key_Down)  # the keyboard picks a row too
    keys(qtbot, dialog, Qt.Key.Key_Down)
    assert dialog.table.chosen() == "csc.lead" and dialog.ok_button.isEnabled()
    dialog.table.choose("csc.new")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible() and dialog.changed
    assert allocation_state(sup_hub.db, REF).current.username == "csc.new"


def test_the_second_supervisor_is_told_who_got_the_case(qtbot, sup_hub):
    lead = open_dialog(qtbot, AllocationDialog, sup_hub, "csc.lead", REF)
    deputy = open_dialog(qtbot, AllocationDialog, sup_hub, "csc.deputy", REF)
    deputy.table.choose("csc.new")
    lead.table.choose("csc.officer")
    press_ok(qtbot, deputy)  # the deputy is a moment quicker
    assert deputy.changed
    press_ok(qtbot, lead)
    won = allocation_state(sup_hub.db, REF).current
    assert lead.isVisible() and not lead.changed
    at = f"{won.at.astimezone(HUB_ZONE):%H:%M}"
    assert lead.message.text() == f"Already allocated to CSC Newcomer by CSC Deputy at {at}. {AGAIN}"
    # The dialog shows the case as it is now and keeps the lead's choice.
    qtbot.waitUntil(lambda: not lead.is_busy and "CSC Newcomer" in lead.case.extra.text())
    assert lead.table.chosen() == "csc.officer" and lead.ok_button.isEnabled()
    press_ok(qtbot, lead)  # having seen it, the lead may still re-allocate on purpose
    assert lead.changed and allocation_state(sup_hub.db, REF).current.username == "csc.officer"


def test_officers_cannot_allocate(qtbot, sup_hub):
    dialog = open_dialog(qtbot, AllocationDialog, sup_hub, "csc.officer", REF)
    dialog.table.choose("csc.new")
    assert dialog.hint.text() == "Allocating a case needs the role of supervisor."
    assert not dialog.ok_button.isEnabled()
