"""Each casework dialog opens modally with (parent, db, signed, reference) and says whether it changed anything."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.steps.allocation import AllocationDialog, run_allocation
from mash_desktop.gui.steps.authorise import AuthoriseDialog, run_authorisation
from mash_desktop.gui.steps.decision import DecisionDialog, run_decision
from mash_desktop.gui.steps.disclosure import DisclosureDialog, run_disclosure
from mash_desktop.gui.steps.screening import ScreeningDialog, run_screening

from ..dialog_helpers import QUIET, REF
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


@pytest.fixture
def backend():
    return "sqlite"


@pytest.mark.parametrize("entry, kind, username", [
    (run_screening, ScreeningDialog, "csc.lead"),
    (run_allocation, AllocationDialog, "csc.lead"),
    (run_disclosure, DisclosureDialog, "pol.officer"),
    (run_authorisation, AuthoriseDialog, "pol.lead"),
    (run_decision, DecisionDialog, "csc.decision"),
])
def test_cancelling_changes_nothing(qtbot, sup_hub, entry, kind, username):
    seen = []

    def cancel_when_loaded() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or dialog.is_busy:
            QTimer.singleShot(20, cancel_when_loaded)
            return
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, cancel_when_loaded)
    assert entry(None, sup_hub.db, sup_hub.sign_in(username), REF) is False
    assert seen and seen[0].windowTitle().startswith("MASH Desktop — ")
    seen[0].deleteLater()
