"""Asking what to do when a panel save was refused because a colleague saved first."""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ...services.case.panels import PanelChanged
from ..common.errors import TITLE


class AfterConflict(enum.Enum):
    """What a person chose after their save was refused because a colleague saved first."""

    RELOAD = "reload"
    COPY = "copy"
    KEEP_EDITING = "keep editing"


def ask_conflict(parent: QWidget, exc: PanelChanged, kept: bool) -> AfterConflict:
    """Tell the person their save was refused and ask what to do with their text."""
    box = QMessageBox(parent)
    box.setWindowTitle(TITLE)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(exc.message)
    box.setInformativeText(("Your text is kept as an encrypted draft on this workstation. " if kept else "")
                           + "Reload shows the saved panel and offers your text back as a draft.")
    reload = box.addButton("&Reload saved panel", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("&Copy my text", QMessageBox.ButtonRole.ActionRole)
    box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload:
        return AfterConflict.RELOAD
    return AfterConflict.COPY if clicked is copy else AfterConflict.KEEP_EDITING
