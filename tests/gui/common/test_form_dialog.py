"""The frame of the casework dialogs: loading, refusals, faults, and Esc while saving."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout

from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.gui.common import form_dialog
from mash_desktop.gui.common.form_dialog import FAULT, LOADING, FormDialog

from ..dialog_helpers import QUIET

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


class NameDialog(FormDialog):
    def __init__(self, load, save) -> None:
        super().__init__(None, None, None, "Name", "&Save")
        self.name = QLineEdit()
        QVBoxLayout(self.body).addWidget(self.name)
        self.name.textChanged.connect(self.revalidate)
        self._save = save
        self.load(load, lambda text: self.name.setText(text))

    def problem(self):
        return None if self.name.text().strip() else "Give a name."

    def save(self):
        self.run_save(self._save)


def _shown(qtbot, dialog: FormDialog) -> FormDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=5_000)
    return dialog


def test_the_form_waits_for_its_data_and_checks_as_you_type(qtbot):
    gate = threading.Event()
    dialog = NameDialog(lambda: gate.wait(5) and "", lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.hint.text() == LOADING and not dialog.body.isEnabled() and not dialog.ok_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=5_000)
    assert dialog.body.isEnabled() and dialog.hint.text() == "Give a name." and not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name, "Ruby")
    assert dialog.ok_button.isEnabled() and not dialog.hint.isVisible()


def test_a_load_that_fails_says_why_and_offers_only_cancel(qtbot):
    def fail():
        raise EnvironmentFault("The hub database cannot be reached.")

    dialog = _shown(qtbot, NameDialog(fail, lambda: None))
    assert dialog.message.text() == "The hub database cannot be reached."
    assert not dialog.ok_button.isEnabled() and not dialog.body.isEnabled() and dialog.cancel_button.isEnabled()


def test_a_fault_in_the_program_reaches_the_crash_dialog(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(form_dialog.errors, "show_error", lambda parent, exc: shown.append(exc))
    dialog = _shown(qtbot, NameDialog(lambda: "Ruby", lambda: 1 / 0))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=5_000)
    assert dialog.message.text() == FAULT and isinstance(shown[0], ZeroDivisionError)
    assert dialog.isVisible() and not dialog.changed and dialog.name.text() == "Ruby"


def test_escape_does_not_abandon_a_save_on_its_way(qtbot):
    gate = threading.Event()
    dialog = _shown(qtbot, NameDialog(lambda: "Ruby", lambda: gate.wait(5)))
    dialog.save()
    assert dialog.is_saving and not dialog.ok_button.isEnabled()
    dialog.reject()
    assert dialog.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert dialog.changed and dialog.result() == FormDialog.DialogCode.Accepted
