"""The question asked when a case window closes with unsaved panel text."""

from __future__ import annotations

import enum

from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "MASH Desktop"


class Unsaved(enum.Enum):
    SAVE = "save"
    DRAFT = "draft"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget) -> Unsaved:
    """Save, keep as a draft, or stay: asked when closing with unsaved panel text."""
    box = QMessageBox(parent)
    box.setWindowTitle(TITLE)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Your agency's panel has changes that are not saved to the hub.")
    box.setInformativeText("Keep as draft stores them encrypted on this workstation only; you are offered "
                           "them again when you next open the case here.")
    save = box.addButton("&Save to the hub", QMessageBox.ButtonRole.AcceptRole)
    draft = box.addButton("&Keep as draft", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    return Unsaved.DRAFT if clicked is draft else Unsaved.CANCEL
