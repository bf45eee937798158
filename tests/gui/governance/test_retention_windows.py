"""Governance ▸ Retention and holds… and Disposal review…, offscreen."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from mash_desktop.gui.common import background
from mash_desktop.gui.governance.disposal_window import DisposalWindow, open_disposal
from mash_desktop.gui.governance.menu import add_governance_menu
from mash_desktop.gui.governance.retention_window import open_retention
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.services.governance import disposal, retention
from tests.services.governance.support import closed_case, with_officer

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]


@pytest.fixture
def backend():
    return "sqlite"


def _main(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


def _settled(qtbot, dialog, before: str | None = None) -> None:
    qtbot.waitUntil(lambda: background.running() == 0 and dialog.status.text() not in ("Loading…", before),
                    timeout=20_000)


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_menu_schedule_and_a_hold(qtbot, db):
    hub = with_officer(db)
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    window = _main(qtbot)
    actions = add_governance_menu(window, db, ig)
    assert {"retention_window:open_retention", "disposal_window:open_disposal"} <= set(actions)
    others = add_governance_menu(_main(qtbot), db, hub.sign_in("csc.lead")) or {}
    assert "disposal_window:open_disposal" not in others and "retention_window:open_retention" not in others
    dialog = open_retention(window, db, ig)
    _settled(qtbot, dialog)
    assert _cells(dialog.schedule, 0)[:2] == ["Contact with no further action", "6 years from closure"]
    dialog.scope.setCurrentIndex(0)
    dialog.target.setText(reference)
    dialog.reason.setText("Complaint under review")
    dialog.reference.setText("COMP-1")
    said = dialog.status.text()
    dialog.place_button.click()
    _settled(qtbot, dialog, said)
    assert dialog.status.text() == "Hold 1 placed."
    assert _cells(dialog.hold_table, 0)[2:4] == [reference, "COMP-1"]
    dialog.years.setValue(8)
    said = dialog.status.text()
    dialog.set_button.click()
    _settled(qtbot, dialog, said)
    assert "kept 8 years from closure" in dialog.status.text()
    dialog.hold_table.selectRow(0)
    dialog.lift_reason.setText("Complaint closed")
    said = dialog.status.text()
    dialog.lift_button.click()
    _settled(qtbot, dialog, said)
    assert [h.active for h in retention.list_holds(db, ig, include_lifted=True)] == [False]
    if (shots := os.environ.get("MASH_SHOTS")):
        dialog.grab().save(f"{shots}/retention.png")
    qtbot.mouseClick(dialog.help_button, Qt.MouseButton.LeftButton)
    helper = dialog.findChild(HelpWindow)
    assert helper is not None and helper.current.id == "retention"
    helper.close()
    dialog.close()


def test_the_review_approve_cancel_dispose_and_certificate(qtbot, db, tmp_path):
    hub = with_officer(db)
    reference = closed_case(hub)
    ig = hub.sign_in("hub.ig")
    window = _main(qtbot)
    dialog = open_disposal(window, db, ig)
    assert isinstance(dialog, DisposalWindow)
    _settled(qtbot, dialog)
    assert _cells(dialog.table, 0)[:2] == [reference, "Contact with no further action"]
    said = dialog.status.text()
    dialog.approve_button.click()
    _settled(qtbot, dialog, said)
    assert "Approved by Hub IG Officer" in _cells(dialog.table, 0)[4]
    dialog.cancel_reason.setText("Approved in error")
    said = dialog.status.text()
    dialog.cancel_button.click()
    _settled(qtbot, dialog, said)
    assert _cells(dialog.table, 0)[4] == "Due"
    # Approved three weeks ago (the window has passed), then disposed of from the window.
    disposal.approve(db, ig, reference, dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=21))
    said = dialog.status.text()
    dialog.dispose_button.click()
    _settled(qtbot, dialog, said)
    assert dialog.status.text().startswith("Disposed of 1 case under certificate DC-")
    assert dialog.table.rowCount() == 0 and dialog.certificate_button.isEnabled()
    said = dialog.status.text()
    dialog.certificate_to(tmp_path / "certificate.pdf")
    _settled(qtbot, dialog, said)
    assert (tmp_path / "certificate.pdf").exists() and "Wrote certificate" in dialog.status.text()
    dialog.grab().save(str(tmp_path / "disposal.png"))
    if (shots := os.environ.get("MASH_SHOTS")):
        dialog.grab().save(f"{shots}/disposal.png")
    dialog.close()
