"""Working by keyboard alone: tab order, mnemonics and shortcuts, accessible names, the system font size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

import mash_desktop.gui
from mash_desktop.gui.steps.allocation import AllocationDialog
from mash_desktop.gui.steps.authorise import AuthoriseDialog
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.steps.consultation import ConsultationDialog
from mash_desktop.gui.steps.decision import DecisionDialog
from mash_desktop.gui.steps.disclosure import DisclosureDialog
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.gui.steps.reason import ReasonDialog
from mash_desktop.gui.steps.screening import ScreeningDialog

from .dialog_helpers import REF
from .dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]
GUI = Path(mash_desktop.gui.__file__).parent


@pytest.fixture
def backend():
    """Keyboard use does not depend on the database: SQLite is enough here."""
    return "sqlite"


def _show(qtbot, window: QWidget) -> QWidget:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: not getattr(window, "is_busy", False), timeout=10_000)
    return window


def _tab_through(qtbot, start: QWidget, presses: int) -> list[QWidget]:
    """Where the focus goes, pressing Tab from ``start`` (each widget once, in the order first reached)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(presses):
        widget = QApplication.focusWidget()
        if widget not in seen:
            seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def test_tab_visits_the_intake_form_in_reading_order(qtbot, sup_hub):
    dialog = _show(qtbot, IntakeDialog(None, sup_hub.db, sup_hub.sign_in("csc.officer")))
    form = dialog.form
    form.household.add.click()  # a row added later still takes its place in the reading order
    form.household.add.click()
    qtbot.waitUntil(lambda: len(form.household.rows) == 2 and all(r.isVisible() for r in form.household.rows))
    referrer, subject, concerns, consent = form.referrer, form.subjects.rows[0], form.concerns, form.consent
    members = form.household.rows
    expected: list[QWidget] = [
        referrer.source, referrer.channel, referrer.received.edit, referrer.received.now,
        referrer.name, referrer.role, referrer.organisation, referrer.agency, referrer.phone, referrer.email,
        referrer.public, referrer.withheld, form.encompass.notice,
        subject.given, subject.family, subject.born, subject.due, subject.gender,
        *(subject.address[k] for k in ("line1", "line2", "town", "postcode")), subject.school, subject.gp,
        subject.more.toggle, form.subjects.add,
    ]
    for member in members:
        expected += [member.remove, member.given, member.family, member.born, member.relationship,
                     member.same_address, member.own.toggle, member.further.toggle]
    expected += [form.household.add, *concerns.boxes.values(), concerns.details,
                 consent.parents_aware.yes, consent.obtained.yes, dialog.help_button, dialog.cancel]
    visited = _tab_through(qtbot, referrer.source, len(expected) + 10)
    assert [w for w in visited if w in expected] == expected
    assert visited[:len(expected)] == expected  # and nothing else in between (the scroll area takes no stop)


def _menu_actions(window: QMainWindow):
    for top in window.menuBar().actions():
        assert "&" in top.text(), f"menu {top.text()!r} has no Alt+letter"
        for action in top.menu().actions():
            if not action.isSeparator():
                yield action


def test_every_menu_action_has_a_mnemonic_or_a_shortcut(qtbot, sup_hub):
    windows = [MainWindow(sup_hub.db, signed=sup_hub.sign_in("csc.lead")),
               CaseWindow(sup_hub.db, sup_hub.sign_in("csc.lead"), REF)]
    count = 0
    for window in windows:
        qtbot.addWidget(window)
        for action in _menu_actions(window):
            count += 1
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    assert count > 15


def test_no_two_actions_share_a_key_and_no_menu_a_letter(qtbot, sup_hub):
    """A shortcut given twice in one window does nothing at all (Qt finds it
    ambiguous), and two items of one menu with the same Alt+letter need a
    second press: each must be unique."""
    windows = [MainWindow(sup_hub.db, signed=sup_hub.sign_in("csc.lead")),
               CaseWindow(sup_hub.db, sup_hub.sign_in("csc.lead"), REF)]
    for window in windows:
        qtbot.addWidget(window)
        keys = [action.shortcut().toString() for action in _menu_actions(window) if not action.shortcut().isEmpty()]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        for top in window.menuBar().actions():
            letters = [a.text().split("&")[1][0].lower() for a in top.menu().actions()
                       if not a.isSeparator() and "&" in a.text()]
            assert len(letters) == len(set(letters)), f"{top.text()}: " + " | ".join(a.text() for a in top.menu().actions())


def _controls(root: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds)
            and not isinstance(w.parent(), kinds)  # a combo box's own line edit, a spin box's editor
            and w.isVisibleTo(root)]


def _named(widget: QWidget, labels: list[QLabel]) -> bool:
    return bool(widget.accessibleName().strip()) or any(label.buddy() is widget for label in labels)


DIALOGS = [
    (lambda h: ScreeningDialog(None, h.db, h.sign_in("csc.lead"), REF)),
    (lambda h: AllocationDialog(None, h.db, h.sign_in("csc.lead"), REF)),
    (lambda h: DisclosureDialog(None, h.db, h.sign_in("pol.officer"), REF)),
    (lambda h: AuthoriseDialog(None, h.db, h.sign_in("pol.lead"), REF)),
    (lambda h: DecisionDialog(None, h.db, h.sign_in("csc.decision"), REF)),
    (lambda h: IntakeDialog(None, h.db, h.sign_in("csc.officer"))),
    (lambda h: ConsultationDialog(None, h.db, h.sign_in("csc.officer"))),
    (lambda h: ReasonDialog(REF)),
]
NAMES = ["screening", "allocation", "disclosure", "authorise", "decision", "intake", "consultation", "reason"]


@pytest.mark.parametrize("make", DIALOGS, ids=NAMES)
def test_every_control_has_a_name_and_every_button_a_key(qtbot, sup_hub, make):
    dialog = _show(qtbot, make(sup_hub))
    labels = dialog.findChildren(QLabel)
    controls = _controls(dialog)
    assert controls
    unnamed = [type(w).__name__ for w in controls if not _named(w, labels)]
    assert unnamed == []
    for button in dialog.findChildren(QPushButton):
        if button.isVisibleTo(dialog):
            keyed = "&" in button.text() or button.isDefault()  # Alt+letter, or Return
            assert keyed or button.text() in ("Cancel", "Close"), button.text()  # Esc
    dialog.reject()


_FIXED_SIZE = re.compile(r"setPointSize\(|setPixelSize\(|font-size\s*:|setPointSizeF\(\s*(\d+)")


def _fixed_sizes(path: Path) -> list[str]:
    """Lines setting a font size that is not relative to the system's; a floor under tiny system fonts is allowed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for n, line in enumerate(lines):
        match = _FIXED_SIZE.search(line)
        floor = match is not None and match.group(1) is not None and n > 0 \
            and re.search(rf"pointSizeF\(\) < {match.group(1)}\b", lines[n - 1])
        if match and not floor:
            found.append(f"{path.name}:{n + 1}")
    return found


def test_no_font_size_is_fixed_in_the_client():
    """Sizes are relative to the system font (e.g. ``pointSizeF() * 1.3``), so the client follows it."""
    assert [line for path in sorted(GUI.rglob("*.py")) for line in _fixed_sizes(path)] == []


def test_the_fixed_size_check_finds_a_fixed_size(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('a.setStyleSheet("font-size: 13pt")\nf.setPointSizeF(12)\n'
                      'if f.pointSizeF() < 10:\n    f.setPointSizeF(10)\nf.setPointSizeF(f.pointSizeF() * 2)\n')
    assert _fixed_sizes(sample) == ["sample.py:1", "sample.py:2"]


def test_larger_system_text_makes_larger_headings(qtbot, sup_hub):
    app = QApplication.instance()
    before = app.font()
    try:
        small = ReasonDialog(REF)
        qtbot.addWidget(small)
        bigger = app.font()
        bigger.setPointSizeF(before.pointSizeF() * 1.5)
        app.setFont(bigger)
        large = ReasonDialog(REF)
        qtbot.addWidget(large)
        assert large.reason_edit.fontMetrics().height() > small.reason_edit.fontMetrics().height()
        main = MainWindow(sup_hub.db, signed=sup_hub.sign_in("csc.lead"))
        qtbot.addWidget(main)
        heading = next(label for label in main.findChildren(QLabel) if label.text() == "Referral queue")
        assert heading.font().pointSizeF() > bigger.pointSizeF()
    finally:
        app.setFont(before)
