"""The audit trail window: filters, verify, seal, export, and only for auditors."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import func, select, text

from mash_desktop.domain.codes import Role
from mash_desktop.gui.audit.model import AuditModel, Column
from mash_desktop.gui.audit.viewer import REFUSED, AuditViewer, add_audit_action, open_audit_viewer
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.audit.query import AuditFilter, AuditPage, AuditRow, find_events
from mash_desktop.services.audit.trail import COLUMNS
from mash_desktop.services.intake.referrals import HUB_ZONE
from mash_desktop.store.models import AuditEvent

from ...hub_factory import PASSWORD
from ..dialog_helpers import QUIET

pytestmark = QUIET
REF = "MASH-2026-000001"


@pytest.fixture
def auditor(hub):
    admin = hub.sign_in("hub.admin")
    users.add_account(hub.db, admin, "hub.auditor", "Hub Auditor", [Role.AUDITOR], PASSWORD, ASVS_MINIMUM)
    return hub.sign_in("hub.auditor")


@pytest.fixture
def viewer(qtbot, hub, auditor, settled):
    window = AuditViewer(hub.db, auditor)
    qtbot.addWidget(window)
    window.show()
    _settle(qtbot, window)
    return window


def _settle(qtbot, window: AuditViewer) -> None:
    qtbot.waitUntil(lambda: not window.model.loading and window.model.total is not None, timeout=10_000)


def _count(db, *conditions) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))


def _shown(window: AuditViewer, column: Column) -> list[str]:
    model = window.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_the_whole_trail_newest_first(viewer, hub):
    assert viewer.model.total == _count(hub.db) == viewer.model.rowCount()
    events = [int(e) for e in _shown(viewer, Column.EVENT)]
    assert events == sorted(events, reverse=True)
    first = viewer.model.row_at(0)
    assert _shown(viewer, Column.TIME)[0] == f"{first.at.astimezone(HUB_ZONE):%-d %b %Y, %H:%M:%S %Z}"
    assert f"of {viewer.model.total} matching events shown, newest first" in viewer.count_label.text()
    assert viewer.filters.action.findData("auth.") > 0 and viewer.filters.action.findData("referral.add") > 0


def test_filters_narrow(qtbot, viewer, hub):
    viewer.filters.user.setText("csc.officer")
    viewer.filters.apply()
    _settle(qtbot, viewer)
    assert set(_shown(viewer, Column.USER)) == {"csc.officer"}
    assert viewer.model.rowCount() == viewer.model.total == _count(hub.db, AuditEvent.actor_name == "csc.officer")

    viewer.filters.user.clear()
    viewer.filters.case.setText(REF.lower())
    viewer.filters.apply()
    _settle(qtbot, viewer)
    assert _shown(viewer, Column.TARGET) == [f"referral {REF}"] and _shown(viewer, Column.ACTION) == ["referral.add"]

    viewer.filters.case.clear()
    viewer.filters.action.setCurrentIndex(viewer.filters.action.findData("auth."))
    _settle(qtbot, viewer)
    assert viewer.model.rowCount() == _count(hub.db, AuditEvent.action.like("auth.%")) > 1
    assert all(a.startswith("auth.") for a in _shown(viewer, Column.ACTION))

    tomorrow = dt.datetime.now(HUB_ZONE).date() + dt.timedelta(days=1)
    viewer.filters.from_day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    viewer.filters.use_from.setChecked(True)
    _settle(qtbot, viewer)
    assert viewer.model.rowCount() == 0 and viewer.count_label.text() == "No events match these filters."

    viewer.filters.reset()
    _settle(qtbot, viewer)
    assert viewer.model.rowCount() == _count(hub.db)


def test_verify_says_intact_then_where_it_breaks(qtbot, viewer, hub):
    qtbot.mouseClick(viewer.chain.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.chain.verdict is not None, timeout=10_000)
    words = viewer.chain.note.text()
    assert words.startswith("✓ Intact.") and f"All {_count(hub.db)} events" in words, words
    assert not viewer.chain.show_bad.isVisible()

    with hub.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor_name = 'someone' WHERE id = 5"))
    viewer.chain.verdict = None
    qtbot.mouseClick(viewer.chain.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.chain.verdict is not None, timeout=10_000)
    words = viewer.chain.note.text()
    assert words.startswith("✗ Broken at event 5: its content was altered.") and "before event 5 check out" in words
    assert viewer.chain.show_bad.isVisible() and viewer.chain.show_bad.text() == "Show event 5"

    qtbot.mouseClick(viewer.chain.show_bad, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.table.selectionModel().hasSelection(), timeout=10_000)
    assert _shown(viewer, Column.EVENT)[:2] == ["5", "4"] and _shown(viewer, Column.USER)[0] == "someone"
    assert viewer.table.selectionModel().selectedRows()[0].row() == 0


def test_seal_signs_the_head(qtbot, viewer, hub):
    qtbot.mouseClick(viewer.chain.seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.chain.note.text().startswith("Sealed"), timeout=10_000)
    _settle(qtbot, viewer)
    newest = viewer.model.row_at(0)
    assert (newest.action, newest.user) == ("audit.seal", "hub.auditor")
    assert f"up to event {newest.id}" in viewer.chain.note.text()


def test_export_writes_the_period(qtbot, viewer, hub, tmp_path):
    before = [str(i) for i in reversed([r.id for r in find_events(hub.db, viewer.signed.actor).rows])]
    qtbot.mouseClick(viewer.export_button, Qt.MouseButton.LeftButton)
    dialog = viewer.export_dialog
    today = dt.datetime.now(HUB_ZONE).date()
    dialog.use_from.setChecked(True)
    dialog.from_day.setDate(QDate(today.year, today.month, today.day))
    dialog.path.setText(str(tmp_path / "log.csv"))
    qtbot.mouseClick(dialog.export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
    rows = list(csv.reader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS and [r[0] for r in rows[1:]] == before
    assert dialog.done_note.text() == f"Wrote {len(before)} audit events to {tmp_path / 'log.csv'}."
    dialog.close()
    _settle(qtbot, viewer)
    assert viewer.model.row_at(0).action == "audit.export"


def test_export_of_a_period_with_nothing_in_it(qtbot, viewer, tmp_path):
    qtbot.mouseClick(viewer.export_button, Qt.MouseButton.LeftButton)
    dialog = viewer.export_dialog
    tomorrow = dt.datetime.now(HUB_ZONE).date() + dt.timedelta(days=1)
    dialog.use_from.setChecked(True)
    dialog.from_day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    dialog.path.setText(str(tmp_path / "none" / "log.csv"))
    qtbot.mouseClick(dialog.export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
    assert "no folder" in dialog.message.text() and dialog.written is None
    dialog.path.setText(str(tmp_path / "log.csv"))
    qtbot.mouseClick(dialog.export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
    assert (tmp_path / "log.csv").read_text(encoding="utf-8").splitlines() == [",".join(COLUMNS)]


def test_a_non_auditor_is_refused(qtbot, hub, shown_boxes, settled):
    officer = hub.sign_in("csc.officer")
    assert open_audit_viewer(None, hub.db, officer) is None
    assert [box.text() for box in shown_boxes] == [REFUSED]
    assert add_audit_action(QMainWindow(), hub.db, officer) is None
    window = AuditViewer(hub.db, officer)  # the services refuse, whatever the screen does
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.message.isVisible, timeout=10_000)
    assert window.message.text() == "This needs the role of auditor." and window.model.rowCount() == 0


def test_main_window_offers_the_trail_to_auditors(qtbot, hub, auditor, settled, close_later):
    window = close_later(MainWindow(hub.db, signed=auditor))
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Audit" in menus and menus.index("&Audit") < menus.index("&Session")
    window.audit_action.trigger()
    viewer = window.findChild(AuditViewer)
    assert viewer is not None and viewer.isVisible()
    _settle(qtbot, viewer)
    officer_window = close_later(MainWindow(hub.db, signed=hub.sign_in("csc.officer")))
    qtbot.addWidget(officer_window)
    assert officer_window.audit_action is None
    assert "&Audit" not in [a.text() for a in officer_window.menuBar().actions()]


def test_model_reads_pages_as_the_view_asks(qtbot, qtmodeltester, settled):
    rows = [_row(i) for i in range(450, 0, -1)]

    def pager(_where, before):
        older = [r for r in rows if before is None or r.id < before]
        return AuditPage(tuple(older[:200]), len(older) > 200)

    model = AuditModel(None, pager, lambda _where: len(rows))
    model.set_filter(AuditFilter())
    qtbot.waitUntil(lambda: model.rowCount() == 200 and model.total == 450)
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 400)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 450)
    assert not model.canFetchMore()
    assert model.data(model.index(449, Column.EVENT)) == "1"
    qtmodeltester.check(model)


def _row(event_id: int):
    at = dt.datetime(2026, 11, 2, 10, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=event_id)
    return AuditRow(event_id, at, "csc.officer", "CSC", "ws-csc", "case.view", "referral", REF, None, None)
