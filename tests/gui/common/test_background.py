"""Background operations: work on a worker, results on the GUI thread."""

from __future__ import annotations

import threading

import shiboken6

from PySide6.QtWidgets import QMessageBox, QWidget

from mash_desktop.domain.errors import UserError
from mash_desktop.gui.common import background
from mash_desktop.gui.common.background import Operation


def test_work_runs_off_the_gui_thread_and_result_comes_back_on_it(qtbot):
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 6 * 7

    results: list[int] = []

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    Operation(None, work).success(done).run()
    qtbot.waitUntil(lambda: results == [42])
    assert seen["work"] != gui_thread
    assert seen["callback"] == gui_thread
    assert background.running() == 0


def test_failure_goes_to_the_failure_callback(qtbot):
    failures: list[Exception] = []
    Operation(None, lambda: 1 / 0).success(lambda _: None).failure(failures.append).run()
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert isinstance(failures[0], ZeroDivisionError)


def test_unhandled_failure_goes_to_the_router(qtbot, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def work() -> None:
        raise UserError("That reference does not exist.")

    Operation(None, work).run()
    qtbot.waitUntil(lambda: shown == ["That reference does not exist."])


def test_result_is_dropped_when_the_parent_is_gone(qtbot):
    release = threading.Event()
    called: list[object] = []
    parent = QWidget()
    Operation(parent, lambda: release.wait(5)).success(called.append).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent))
    release.set()
    qtbot.waitUntil(lambda: background.running() == 0)
    assert called == []



def test_many_operations_come_back_and_no_worker_frees_a_qt_object(qtbot):
    """Workers hold only a token: the one bridge outlives them all, whichever thread lets go last."""
    results: list[int] = []
    for n in range(400):
        Operation(None, lambda n=n: n).success(results.append).run()
    qtbot.waitUntil(lambda: len(results) == 400, timeout=30_000)
    assert sorted(results) == list(range(400))
    assert background.running() == 0
    bridge = background._the_bridge()
    Operation(None, lambda: 1).success(results.append).run()
    qtbot.waitUntil(lambda: len(results) == 401)
    assert background._the_bridge() is bridge and shiboken6.isValid(bridge)
