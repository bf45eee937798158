"""The one place errors become something a person sees.

An error the application means to show (``MashError``) becomes a message box
in plain words: a warning when the input was wrong or the request is not
allowed now, a critical box when the machine or database is not usable.

Anything else is a bug. It gets a crash dialog that says so without detail,
shows an incident id and offers to save a report for IT support. The report
holds the incident id, the time, versions, the exception's type and where in
the code it happened (file, line, function), never the exception's message or
arguments: those can carry names, dates of birth or case notes (faults.py),
and a report file is easily e-mailed around. It is written readable by its
owner only.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QWidget

from ... import __version__, faults
from ...domain.errors import EnvironmentFault, MashError

TITLE = "MASH Desktop"
CRASH_TEXT = "Something went wrong inside MASH Desktop."
CRASH_DETAIL = (
    "This is a fault in the program, not something you did. Please tell your IT support. "
    "You can save a report for them: it says where in the program the fault happened "
    "and holds no case details."
)

# Messages are plain words: a '<' in a name must never turn into markup.
_PLAIN = Qt.TextFormat.PlainText

_showing_crash = False


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the person at the workstation and wait until read."""
    if isinstance(exc, MashError):
        _message_box(parent, exc).exec()
    else:
        show_crash(parent, exc)


def _message_box(parent: QWidget | None, exc: MashError) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(TITLE)
    critical = isinstance(exc, EnvironmentFault)
    box.setIcon(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)
    box.setTextFormat(_PLAIN)
    box.setText(exc.message)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy for IT support
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    _keep_commands_whole(box, exc.message)
    return box


def _keep_commands_whole(box: QMessageBox, text: str) -> None:
    """Widen the box so an indented line (a command to type) is never wrapped."""
    commands = [line for line in text.splitlines() if line.startswith("    ")]
    label = box.findChild(QLabel, "qt_msgbox_label")
    if commands and label is not None:
        metrics = label.fontMetrics()
        label.setMinimumWidth(max(metrics.horizontalAdvance(line) for line in commands) + metrics.averageCharWidth())


def show_crash(parent: QWidget | None, exc: BaseException) -> None:
    """The crash dialog, with a button to save a report chosen by the user."""
    global _showing_crash
    if _showing_crash:  # a fault while showing a fault: do not stack dialogs
        return
    _showing_crash = True
    try:
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setTextFormat(_PLAIN)
        box.setText(CRASH_TEXT)
        incident = faults.incident_id()
        box.setInformativeText(f"{CRASH_DETAIL}\n\nIncident {incident}")
        save = box.addButton("Save report…", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is save:
            _ask_and_save(parent, exc, incident)
    finally:
        _showing_crash = False


def _ask_and_save(parent: QWidget | None, exc: BaseException, incident: str) -> None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    suggested = str(Path.home() / f"mash-desktop-report-{stamp}.txt")
    path, _ = QFileDialog.getSaveFileName(parent, "Save report", suggested, "Text files (*.txt)")
    if not path:
        return
    try:
        write_report(Path(path), exc, incident)
    except OSError as err:
        show_error(parent, EnvironmentFault(f"The report could not be saved ({err.strerror or 'write failed'})."))


def crash_report(exc: BaseException, incident: str | None = None) -> str:
    """Versions, the incident id and the code locations of ``exc``, with no message text."""
    lines = [
        "MASH Desktop crash report",
        f"Incident: {incident or faults.incident_id()}",
        f"Time (UTC): {faults.utc_stamp()}",
        f"MASH Desktop: {__version__}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        f"PySide6: {PySide6.__version__}, Qt: {qVersion()}",
        f"System: {platform.system()} {platform.release()} {platform.machine()}",
        "",
        *faults.places(exc),
    ]
    return "\n".join(lines) + "\n"


def write_report(path: Path, exc: BaseException, incident: str | None = None) -> None:
    """Write the crash report atomically (a temporary file, then replace), readable by its owner only."""
    text = crash_report(exc, incident)
    fd, tmp = tempfile.mkstemp(prefix=".mash-report-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the client: route what escapes a Qt slot."""
    if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    show_error(QApplication.activeWindow(), exc)


def install_excepthook() -> None:
    """Make uncaught exceptions in slots reach the router, not a dead stderr."""
    sys.excepthook = excepthook
