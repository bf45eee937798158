"""Governance ▸ Sharing agreements…: the register window and recording a review, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import delete, select

from mash_desktop.domain.codes import Role
from mash_desktop.gui.common import background
from mash_desktop.gui.governance.agreements import AgreementsWindow, open_agreements
from mash_desktop.gui.governance.menu import add_governance_menu
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.store.agreement_models import SharingAgreement
from mash_desktop.store.models import Agency
from tests import hub_factory
from tests.hub_factory import PASSWORD

from ..dialog_helpers import press_ok

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]


@pytest.fixture
def hub(db):
    """CSC and POL with their agreements; POL's is missing, as on a hub upgraded from before the register."""
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    users.add_account(db, hub.sign_in("hub.admin"), "hub.ig", "Ines Governance", [Role.IG_OFFICER], PASSWORD,
                      ASVS_MINIMUM)
    with db.write() as s:
        pol = s.scalar(select(Agency.id).where(Agency.code == "POL"))
        s.execute(delete(SharingAgreement).where(SharingAgreement.agency_id == pol))
    return hub


def _main(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


def _loaded(qtbot, register: AgreementsWindow) -> None:
    qtbot.waitUntil(lambda: background.running() == 0 and register.status.text() != "Loading…", timeout=10_000)


def _row(register: AgreementsWindow, code: str) -> list[str]:
    row = next(r for r in range(register.table.rowCount()) if register.table.item(r, 0).text() == code)
    return [register.table.item(row, c).text() for c in range(register.table.columnCount())]


def test_the_register_shows_each_partners_standing_and_records_a_missing_agreement(qtbot, hub):
    main = _main(qtbot)
    actions = add_governance_menu(main, hub.db, hub.sign_in("hub.ig"))
    actions["agreements:open_agreements"].trigger()
    register = main.findChild(AgreementsWindow)
    _loaded(qtbot, register)
    assert _row(register, "CSC")[:3] == ["CSC", "CSC agency", "Current"] and _row(register, "CSC")[5] == "ISA-CSC-1"
    assert _row(register, "POL")[2:] == ["None", "", "", "", ""]
    assert register.status.text() == "1 partner without a current agreement."
    assert open_agreements(main, hub.db, hub.sign_in("hub.ig")) is register  # one register per window

    register.table.selectRow([_row(register, c)[0] for c in ("CSC", "POL")].index("POL"))
    qtbot.waitUntil(lambda: "no new users" in register.details.toPlainText(), timeout=10_000)
    form = register.record()
    qtbot.waitUntil(lambda: form.is_loaded and not form.is_busy, timeout=10_000)
    assert form.hint.text() == "Say what the agreement covers."
    qtbot.keyClicks(form.scope, "Police information about children at risk, shared for the hub's decisions")
    assert form.hint.text() == "Give the agreement document's reference."
    qtbot.keyClicks(form.reference, "ISA-POL-2026")
    press_ok(qtbot, form)
    _loaded(qtbot, register)
    assert _row(register, "POL")[2] == "Current" and _row(register, "POL")[5] == "ISA-POL-2026"
    assert register.status.text() == "Recorded the agreement of POL agency (POL)."
    qtbot.waitUntil(lambda: "Version 1" in register.details.toPlainText(), timeout=10_000)
    assert "recorded by Ines Governance" in register.details.toPlainText()
    register.close()


def test_help_and_f1_and_who_may_record(qtbot, hub):
    main = _main(qtbot)
    register = open_agreements(main, hub.db, hub.sign_in("hub.ig"))
    _loaded(qtbot, register)
    assert register.help_button.text() == "&Help" and register.record_button.isVisible()
    qtbot.mouseClick(register.help_button, Qt.MouseButton.LeftButton)
    helper = register.window().findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert helper is not None and helper.current.id == "sharing-agreements"
    helper.close()
    form = register.record()
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    assert form.help_button.isVisible() and form.help_section == "sharing-agreements"
    form.activateWindow()
    form.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_F1)
    helper = form.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert helper is not None and helper.isVisible() and helper.current.id == "sharing-agreements"
    helper.close()
    assert form.scope.toPlainText().startswith("Safeguarding")  # a review starts from the last version
    form.reject()
    register.close()
    # An administrator reads the register but records nothing; the Governance menu is not theirs.
    admin = hub.sign_in("hub.admin")
    other = _main(qtbot)
    assert add_governance_menu(other, hub.db, admin) is None
    read_only = open_agreements(other, hub.db, admin)
    _loaded(qtbot, read_only)
    assert not read_only.record_button.isVisible() and read_only.record() is None
    read_only.close()
