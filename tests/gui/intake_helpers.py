"""Filling the intake form as a person would: with the keyboard and the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QPushButton

from mash_desktop.gui.intake.dialog import IntakeDialog


def click(qtbot, widget) -> None:
    """Click a button; a check box or radio button on its indicator, at the left."""
    if isinstance(widget, QAbstractButton) and widget.isCheckable() and not isinstance(widget, QPushButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill_referrer(qtbot, dialog: IntakeDialog) -> None:
    referrer = dialog.form.referrer
    qtbot.keyClicks(referrer.source, "School")
    qtbot.keyClicks(referrer.name, "Harriet Okonjo")
    qtbot.keyClicks(referrer.role, "Designated safeguarding lead")
    qtbot.keyClicks(referrer.phone, "0115 496 0732")


def fill_subject(qtbot, dialog: IntakeDialog, given: str, family: str, born: str, postcode: str = "") -> None:
    row = dialog.form.subjects.rows[0]
    qtbot.keyClicks(row.given, given)
    qtbot.keyClicks(row.family, family)
    qtbot.keyClicks(row.born, born)
    if postcode:
        qtbot.keyClicks(row.address["line1"], "14 Larch Close")
        qtbot.keyClicks(row.address["postcode"], postcode)


def fill_the_rest(qtbot, dialog: IntakeDialog) -> None:
    concerns, consent = dialog.form.concerns, dialog.form.consent
    click(qtbot, concerns.boxes["neglect"])
    qtbot.keyClicks(concerns.details, "Often arrives hungry and in an unwashed uniform.")
    click(qtbot, consent.parents_aware.yes)
    click(qtbot, consent.obtained.yes)
    qtbot.keyClicks(consent.from_whom, "Kerry Calder (mother)")


def ready(qtbot, dialog: IntakeDialog) -> None:
    qtbot.waitUntil(lambda: dialog.submit.isEnabled(), timeout=5_000)
