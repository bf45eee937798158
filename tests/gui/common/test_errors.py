"""The error router: message boxes for known errors, a crash dialog for bugs."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from mash_desktop import __version__
from mash_desktop.domain.errors import Conflict, EnvironmentFault, UserError
from mash_desktop.gui.common import errors

SECRET = "Jane Doe born 01/02/2015 at 4 Acacia Avenue"

pytestmark = pytest.mark.usefixtures("qapp")



@pytest.mark.parametrize(
    ("exc", "icon"),
    [
        (UserError("The date of birth is in the future."), QMessageBox.Icon.Warning),
        (Conflict("Someone else changed this case a moment ago."), QMessageBox.Icon.Warning),
        (EnvironmentFault("The hub database cannot be reached."), QMessageBox.Icon.Critical),
    ],
)
def test_known_errors_get_a_plain_message_box(shown_boxes, exc, icon):
    errors.show_error(None, exc)
    assert len(shown_boxes) == 1
    box = shown_boxes[0]
    assert box.icon() == icon
    assert box.text() == exc.message
    assert box.windowTitle() == "MASH Desktop"


def test_a_command_in_a_message_is_never_wrapped(shown_boxes):
    command = "    mash-admin workstation enrol --agency CODE --as ADMIN"
    errors.show_error(None, EnvironmentFault(f"Not enrolled. Run\n\n{command}\n\non this computer."))
    label = shown_boxes[0].findChild(QLabel, "qt_msgbox_label")
    assert label.minimumWidth() > label.fontMetrics().horizontalAdvance(command)
    assert shown_boxes[0].textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def _fail_deep_inside() -> None:
    raise ValueError(SECRET, 42)


def _bug() -> BaseException:
    try:
        try:
            _fail_deep_inside()
        except ValueError as inner:
            raise KeyError(f"lookup of {SECRET}") from inner
    except KeyError as exc:
        return exc
    raise AssertionError("unreachable")


def test_a_bug_gets_the_crash_dialog_without_its_message(shown_boxes):
    errors.show_error(None, _bug())
    assert len(shown_boxes) == 1
    box = shown_boxes[0]
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == errors.CRASH_TEXT
    assert "Save report…" in [b.text() for b in box.buttons()]
    assert SECRET not in box.text() + box.informativeText() + box.detailedText()


def test_crash_report_file_has_places_not_data(tmp_path):
    path = tmp_path / "report.txt"
    errors.write_report(path, _bug())
    report = path.read_text(encoding="utf-8")

    assert SECRET not in report and "Acacia" not in report and "42" not in report.split("Where")[1]
    assert "builtins.KeyError" in report and "builtins.ValueError" in report
    assert "in _fail_deep_inside" in report and "test_errors.py:" in report
    assert f"MASH Desktop: {__version__}" in report
    assert str(tmp_path) not in report and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_excepthook_routes_uncaught_exceptions(shown_boxes, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    assert sys.excepthook is errors.excepthook
    exc = _bug()
    sys.excepthook(type(exc), exc, exc.__traceback__)
    assert [b.text() for b in shown_boxes] == [errors.CRASH_TEXT]
