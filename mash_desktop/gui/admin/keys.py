"""Showing a new agency's recovery and enrolment keys, once.

The keys are stored nowhere: this dialog is the only time anyone sees them.
It says so, offers to copy each, and closes only once the person ticks that
they have stored both. A key still on the clipboard when it closes is
cleared from it, so it does not linger for the next paste.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QFontDatabase, QFontMetrics, QKeyEvent
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.enrolment.hub_setup import AgencyKit
from ..common.form_widgets import heading, note_label

WARNING = ("Store these keys safely now. They are shown this once and stored nowhere: MASH Desktop cannot "
           "show them again. Print them or write them down and keep them offline, locked away.")
USES = ("The recovery key lets the lead of {code} reset the passwords of {code} staff. The enrolment key "
        "enrols {code} workstations. Anyone holding them can do both, so never e-mail them.")


class KeysDialog(QDialog):
    """The keys of a newly added agency, with a copy button each."""

    def __init__(self, kit: AgencyKit, agency_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"MASH Desktop — Keys of {kit.agency_code}")
        self.setModal(True)
        self._copied: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading(f"{agency_name} ({kit.agency_code}) has been added"))
        warning = note_label("warning", "keysWarning")
        warning.setText(WARNING)
        warning.setVisible(True)
        layout.addWidget(warning)
        uses = QLabel(USES.format(code=kit.agency_code))
        uses.setTextFormat(Qt.TextFormat.PlainText)
        uses.setWordWrap(True)
        layout.addWidget(uses)

        grid = QGridLayout()
        self.recovery_edit, self.recovery_copy = self._key_row(grid, 0, "&Recovery key:", kit.recovery_key)
        self.enrolment_edit, self.enrolment_copy = self._key_row(grid, 1, "&Enrolment key:", kit.enrolment_key)
        layout.addLayout(grid)

        self.stored = QCheckBox("I have &stored both keys safely")
        layout.addWidget(self.stored)
        self.buttons = QDialogButtonBox()
        self.done_button = self.buttons.addButton("&Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.stored.toggled.connect(self.done_button.setEnabled)
        layout.addWidget(self.buttons)
        warning.setMinimumWidth(self.recovery_edit.minimumWidth())  # wrapped notes as wide as the keys

    def _key_row(self, grid: QGridLayout, row: int, label_text: str, key: str) -> tuple[QLineEdit, QPushButton]:
        label = QLabel(label_text)
        edit = QLineEdit(key)
        edit.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        edit.setFont(font)
        edit.setMinimumWidth(QFontMetrics(font).horizontalAdvance(key) + 24)
        edit.setAccessibleName(label_text.replace("&", "").rstrip(":"))
        label.setBuddy(edit)
        copy = QPushButton("Copy")
        copy.setAutoDefault(False)
        copy.setToolTip(f"Copy the {label_text.replace('&', '').rstrip(':').lower()} to the clipboard")
        copy.clicked.connect(lambda: self._copy(key, copy))
        grid.addWidget(label, row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(copy, row, 2)
        return edit, copy

    def _copy(self, key: str, button: QPushButton) -> None:
        QApplication.clipboard().setText(key)
        self._copied.add(key)
        button.setText("Copied")

    def _forget_clipboard(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.text() in self._copied:
            clipboard.clear()

    def done(self, result: int) -> None:
        if not self.stored.isChecked():  # Esc or the window's close button: the keys would be lost
            return
        self._forget_clipboard()
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and not self.stored.isChecked():
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.stored.isChecked():
            event.ignore()
            return
        self._forget_clipboard()
        super().closeEvent(event)
