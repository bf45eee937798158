"""The queue window's Case menu: enabled by role and selection, opens the workspace."""

from __future__ import annotations

import pytest

from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.demo import hub as demo

# The case window is shown; the offscreen platform says it cannot size or raise it.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def _window(qtbot, db, username: str) -> MainWindow:
    code = username.split(".")[0].upper()
    signed = sign_in(db, demo.demo_credentials(code, "demo"), username, demo.DEMO_PASSWORD)
    window = MainWindow(db, signed=signed)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.refresh()
    return window


def _actions(window: MainWindow) -> dict[str, object]:
    return {a.text().replace("&", ""): a for a, _, _ in window.case_menu.actions}


@pytest.fixture
def demo_db(demo_db_url):
    from mash_desktop.store.database import Database

    db = Database(demo_db_url)
    yield db
    db.dispose()


def test_actions_follow_role_and_selection(qtbot, demo_db):
    window = _window(qtbot, demo_db, "csc.officer")
    acts = _actions(window)
    assert window.menuBar().actions()[1].text() == "&Case"
    assert not acts["Open case"].isEnabled()  # nothing selected yet
    assert acts["New contact…"].isEnabled()
    assert not acts["Screen…"].isEnabled() and "supervisor only" in acts["Screen…"].statusTip()
    assert not acts["Decide…"].isEnabled()
    window.table.selectRow(0)
    assert acts["Open case"].isEnabled() and acts["Disclose…"].isEnabled()
    assert not acts["Allocate…"].isEnabled()


def test_double_click_opens_the_selected_case(qtbot, demo_db, settled):
    window = _window(qtbot, demo_db, "csc.supervisor")
    window.table.selectRow(0)
    reference = window.case_menu.selected()
    assert reference == window.reference_at(0)
    window.table.doubleClicked.emit(window.table.currentIndex())
    qtbot.waitUntil(lambda: any(w.reference == reference for w in case_open.open_windows()), timeout=10_000)
    case_open.close_all()


def test_closing_a_decided_case_from_the_menu(qtbot, demo_db, settled, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import select

    from mash_desktop.domain.codes import Status
    from mash_desktop.store.models import Referral

    window = _window(qtbot, demo_db, "csc.supervisor")
    rows = [r for r in range(window.model.rowCount()) if window.model.row_at(r).summary.status is Status.DECIDED]
    assert rows, "the demo hub has decided cases in the queue"
    window.table.selectRow(rows[0])
    reference = window.case_menu.selected()
    close = _actions(window)["Close case…"]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    assert close.isEnabled()
    close.trigger()

    def closed() -> bool:
        with demo_db.read() as s:
            return s.scalar(select(Referral.status).where(Referral.reference == reference)) is Status.CLOSED

    qtbot.waitUntil(closed, timeout=10_000)
    assert asked and reference in asked[0][2]
    # An officer may not close cases: the action is greyed out for them.
    officer = _window(qtbot, demo_db, "csc.officer")
    assert not _actions(officer)["Close case…"].isEnabled()


def test_reopen_and_send_for_decision_follow_status_and_role_in_the_queue(qtbot, demo_db, settled, monkeypatch):
    from sqlalchemy import select

    from mash_desktop.domain.codes import Status
    from mash_desktop.domain.errors import NotPermitted
    from mash_desktop.gui.steps.transitions import ReopenDialog
    from mash_desktop.services.case import casework
    from mash_desktop.store.models import Referral

    from ..modal import when_shown

    window = _window(qtbot, demo_db, "csc.supervisor")
    acts = _actions(window)

    def row_with(status: Status) -> int:
        rows = [r for r in range(window.model.rowCount()) if window.model.row_at(r).summary.status is status]
        assert rows, f"the demo hub has {status.label.lower()} cases in the queue"
        return rows[0]

    window.table.selectRow(row_with(Status.RESEARCHING))
    assert acts["Send for decision…"].isEnabled() and not acts["Reopen case…"].isEnabled()
    assert acts["Reopen case…"].statusTip() == "Not while the case is agency research"
    window.table.selectRow(row_with(Status.DECIDED))
    reference = window.case_menu.selected()
    assert acts["Reopen case…"].isEnabled() and not acts["Send for decision…"].isEnabled()

    officer = _window(qtbot, demo_db, "csc.officer")
    officer.table.selectRow(0)
    assert not _actions(officer)["Reopen case…"].isEnabled()
    assert not _actions(officer)["Send for decision…"].isEnabled()
    with pytest.raises(NotPermitted):
        casework.run_step(demo_db, officer.signed.actor, reference, casework.reopen, "A reason")

    def give_reason(dialog: ReopenDialog) -> None:
        dialog.reason_edit.setPlainText("The family moved back into the area")
        dialog.ok_button.click()

    when_shown(ReopenDialog, give_reason)
    acts["Reopen case…"].trigger()

    def reopened() -> bool:
        with demo_db.read() as s:
            return s.scalar(select(Referral.status).where(Referral.reference == reference)) is Status.SCREENED

    qtbot.waitUntil(reopened, timeout=10_000)
