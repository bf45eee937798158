"""Run in a process of its own: the client's memory with the queue loaded.

``python -m tests.bench.memory_probe URL`` opens a real :class:`MainWindow`
(offscreen) on the hub at URL, signed in as csc.officer, notes the resident
memory, loads the queue (first page, then every id), scrolls to the end so
the last page's rows are fetched too, and prints one JSON line: the
resident memory before loading, after, and the process's peak, in MB.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WAIT_MS = 300_000


def _status_mb(field: str) -> float:
    """A memory line of /proc/self/status (VmRSS, VmHWM) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} is not in /proc/self/status")


def _wait(signal, done) -> None:
    """Run the event loop until ``done()``, looking again whenever ``signal`` fires."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(WAIT_MS)
    loop = QEventLoop()
    signal.connect(loop.quit)
    while not done():
        if deadline.hasExpired():
            raise TimeoutError("the queue did not load in time")
        QTimer.singleShot(200, loop.quit)
        loop.exec()


def main(url: str) -> int:
    from PySide6.QtWidgets import QApplication

    from mash_desktop.gui.shell.main_window import MainWindow
    from mash_desktop.store.database import Database
    from tests.bench.hub import staff

    app = QApplication(["mash-bench-memory"])
    db = Database(url)
    window = MainWindow(db, signed=staff(db, "csc.officer"))
    window.show()
    app.processEvents()
    before = _status_mb("VmRSS")
    window.refresh()
    _wait(window.loaded, lambda: window.model.complete and not window.loading)
    window.table.scrollToBottom()
    app.processEvents()
    _wait(window.model.rows_fetched, lambda: not window.model.fetching)
    print(json.dumps({"before_mb": before, "after_mb": _status_mb("VmRSS"), "peak_mb": _status_mb("VmHWM"),
                      "rows": window.model.rowCount()}))
    window.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
