"""The Administration window, worked as administrators would: a new agency with its lead, the
lead's first officer, who then sees only their own agency's panel; seats, cost share and
retirement; staff actions for an agency's lead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from mash_desktop.domain.codes import AgencyKind, Rag, Role
from mash_desktop.gui.admin import passwords as admin_passwords
from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.admin.menu import AdminMenu
from mash_desktop.gui.admin.window import AdminWindow
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.security import crypto
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.admin.fingerprints import own_fingerprint
from mash_desktop.services.case import drafts
from mash_desktop.services.admin import partners
from mash_desktop.store.agreement_models import SharingAgreement
from mash_desktop.services.case.panels import write_panel
from mash_desktop.services.intake.screening import screen
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.models import AuditEvent, User
from tests import hub_factory
from tests.hub_factory import PASSWORD, Creds

from ..dialog_helpers import press_ok
from ..widget_text import all_text

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]

REF = "MASH-2026-000001"
CSC_PANEL = "CSC-ADMIN-TEST-PANEL: open to the children in need team since March."
EDU_PANEL = "EDU-ADMIN-TEST-PANEL: attendance 71% this term, two late arrivals a week."
NEW_PASSWORD = "Quarry-Lantern-Meadow-77"


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch, tmp_path):
    """Cheaper password hashing for accounts made in these tests; drafts in this test's folder."""
    monkeypatch.setattr(admin_passwords, "KDF_PARAMS", crypto.ASVS_MINIMUM)
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")


def opened(qtbot, hub, signed) -> AdminWindow:
    window = AdminWindow(hub.db, signed)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)
    return window


def choose(qtbot, table, key: str) -> None:
    qtbot.waitUntil(lambda: any(table.item(r, 0).text() == key for r in range(table.rowCount())), timeout=10_000)
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == key)
    table.selectRow(row)


def cell(table, key: str, column: int) -> str:
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == key)
    return table.item(row, column).text()


def loaded(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.is_loaded and not dialog.is_busy, timeout=10_000)


def audit_text(hub) -> str:
    with hub.db.read() as session:
        return "\n".join(f"{e.action} {e.object_ref} {e.detail} {e.justification}"
                         for e in session.scalars(select(AuditEvent)))


def test_a_new_agency_and_its_first_officer_from_the_client(qtbot, hub):
    window = opened(qtbot, hub, hub.sign_in("hub.admin"))
    tab = window.partners
    assert tab.add_button.isVisible() and not tab.only_hub.isVisible()
    dialog = tab.add_partner()
    loaded(qtbot, dialog)
    assert dialog.hint.text() == "Choose the kind of agency."
    dialog.kind.choose(AgencyKind.EDUCATION)
    qtbot.keyClicks(dialog.name, "Education Safeguarding")
    qtbot.keyClicks(dialog.code, "csc")
    assert dialog.hint.text() == "There is already an agency CSC."
    dialog.code.setText("edu")
    dialog.seats.setValue(3)
    qtbot.keyClicks(dialog.lead, "edu.lead")
    qtbot.keyClicks(dialog.lead_name, "Edu Lead")
    assert dialog.hint.text() == "Say what the agency's information-sharing agreement covers."
    qtbot.keyClicks(dialog.scope, "Pupils' safeguarding records shared with the hub")
    qtbot.keyClicks(dialog.reference, "ISA-EDU-2026")
    qtbot.keyClicks(dialog.password.first, PASSWORD)
    assert dialog.hint.text() == "Type the same password again in the second box."
    qtbot.keyClicks(dialog.password.again, PASSWORD)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: getattr(tab, "keys_dialog", None) is not None, timeout=10_000)

    keys = tab.keys_dialog
    assert "shown this once and stored nowhere" in all_text(keys)
    recovery, enrolment = keys.recovery_edit.text(), keys.enrolment_edit.text()
    keys.reject()  # not before the keys are stored
    assert keys.isVisible() and not keys.done_button.isEnabled()
    qtbot.mouseClick(keys.enrolment_copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == enrolment
    keys.stored.setChecked(True)
    qtbot.mouseClick(keys.done_button, Qt.MouseButton.LeftButton)
    assert not keys.isVisible() and QApplication.clipboard().text() != enrolment
    choose(qtbot, tab.table, "EDU")
    assert [cell(tab.table, "EDU", c) for c in range(6)] == [
        "EDU", "Education Safeguarding", "Education", "3", "1", "Active"]
    assert "Added Education Safeguarding (EDU) with its lead edu.lead." == tab.done_note.text()
    with hub.db.read() as session:
        recorded = session.scalars(select(SharingAgreement)).all()
        assert ("ISA-EDU-2026", 1) in {(a.document_reference, a.version) for a in recorded}
    assert recovery not in audit_text(hub) and enrolment not in audit_text(hub)

    # The lead signs in at an EDU workstation enrolled with the key just shown, and adds an officer.
    creds = Creds("EDU", "ws-edu", crypto.decode_secret(enrolment))
    lead_window = opened(qtbot, hub, sign_in(hub.db, creds, "edu.lead", PASSWORD))
    assert not lead_window.partners.add_button.isVisible() and lead_window.partners.only_hub.isVisible()
    staff = lead_window.staff
    add = staff.add_user()
    loaded(qtbot, add)
    qtbot.keyClicks(add.username, "edu.officer")
    qtbot.keyClicks(add.display_name, "Edu Officer")
    assert add.hint.text() == "Give the new user at least one role."
    add.role_boxes[Role.OFFICER].setChecked(True)
    qtbot.keyClicks(add.password.first, PASSWORD)
    qtbot.keyClicks(add.password.again, PASSWORD)
    press_ok(qtbot, add)
    choose(qtbot, staff.table, "edu.officer")
    assert cell(staff.table, "edu.officer", 5) == "no" and staff.confirm_button.isEnabled()
    qtbot.mouseClick(staff.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: staff.confirm_box is not None and staff.confirm_box.isVisible(), timeout=10_000)
    # The supervisor sees the fingerprint the new member reads at their own workstation.
    newcomer = sign_in(hub.db, creds, "edu.officer", PASSWORD)
    assert own_fingerprint(hub.db, newcomer) in staff.confirm_box.text()
    staff.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: staff.done_note.text().startswith("Confirmed edu.officer"), timeout=10_000)
    qtbot.waitUntil(lambda: cell(staff.table, "edu.officer", 5) == "yes", timeout=10_000)
    assert [staff.table.item(r, 2).text() for r in range(staff.table.rowCount())] == ["EDU", "EDU"]

    # CSC asks EDU to research; both write their panels; the EDU officer sees only EDU's.
    screen(hub.db, hub.sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="Bruising", research=["EDU"])
    write_panel(hub.db, hub.sign_in("csc.officer"), REF, CSC_PANEL)
    officer = sign_in(hub.db, creds, "edu.officer", PASSWORD)
    write_panel(hub.db, officer, REF, EDU_PANEL)
    workspace = open_case(hub.db, officer, REF, WORKSPACE)
    assert workspace.own_panel.text == EDU_PANEL
    assert [(p.agency, p.status) for p in workspace.other_panels] == [("CSC", "written")]
    case = case_open.open_case(None, hub.db, officer, REF)
    qtbot.waitUntil(lambda: not case.is_loading(), timeout=15_000)
    shown = all_text(case)
    assert EDU_PANEL in shown and CSC_PANEL not in shown and "written" in shown
    case.close_keeping_draft()


@pytest.fixture
def two(db):
    return hub_factory.build(db, agencies=("CSC", "POL"))


def test_seats_cost_share_and_retiring_from_the_partners_tab(qtbot, two, monkeypatch):
    admin = two.sign_in("hub.admin")
    partners.change_seats(two.db, admin, "CSC", 22)
    window = opened(qtbot, two, admin)
    tab, costs = window.partners, window.cost_share
    choose(qtbot, tab.table, "POL")
    dialog = tab.change_seats()
    loaded(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.seats.setValue(22)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: cell(tab.table, "POL", 3) == "22", timeout=10_000)
    qtbot.waitUntil(lambda: costs.result is not None and costs.result.seats == 44, timeout=10_000)
    window.tabs.setCurrentWidget(costs)
    # Both leads, 44 seats: they halve 100,000 and 87,000.
    assert [cell(costs.table, code, 4) for code in ("CSC", "POL")] == ["£50,000.00", "£50,000.00"]
    assert cell(costs.table, "CSC", 5) == "£43,500.00"
    costs.set_lead("POL", False)  # POL pays 22 seats at 2,000 and 3,000; CSC the rest
    qtbot.waitUntil(lambda: cell(costs.table, "POL", 4) == "£44,000.00", timeout=5_000)
    assert [cell(costs.table, "CSC", c) for c in (4, 5, 6)] == ["£56,000.00", "£21,000.00", "£77,000.00"]
    costs.seat_revenue.setValue(5_000)  # 22 x 5,000 > 100,000
    assert costs.problem.isVisible() and "pay more than the hub costs" in costs.problem.text()
    costs.by_seats.setChecked(True)
    assert not costs.problem.isVisible() and cell(costs.table, "POL", 4) == "£50,000.00"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.tabs.setCurrentWidget(tab)
    choose(qtbot, tab.table, "POL")
    tab.retire()
    qtbot.waitUntil(lambda: cell(tab.table, "POL", 5).startswith("Retired"), timeout=10_000)
    assert "3 accounts disabled" in tab.done_note.text() and not tab.retire_button.isEnabled()
    qtbot.waitUntil(lambda: costs.result is not None and costs.result.seats == 22, timeout=10_000)
    qtbot.waitUntil(lambda: cell(window.staff.table, "pol.officer", 4) == "disabled", timeout=10_000)


def test_an_agency_lead_looks_after_their_own_staff(qtbot, hub, monkeypatch):
    with hub.db.write() as session:
        session.scalar(select(User).where(User.username == "csc.officer")).locked_at = session.scalar(
            select(User.created_at).where(User.username == "csc.officer"))
    window = opened(qtbot, hub, hub.sign_in("csc.lead"))
    staff = window.staff
    assert window.tabs.count() == 4 and not window.partners.add_button.isVisible()
    assert {staff.table.item(r, 2).text() for r in range(staff.table.rowCount())} == {"CSC"}
    choose(qtbot, staff.table, "csc.officer")
    assert cell(staff.table, "csc.officer", 4) == "locked" and staff.unlock_button.isEnabled()
    qtbot.mouseClick(staff.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(staff.table, "csc.officer", 4) == "active", timeout=10_000)

    reset = staff.reset_password()
    loaded(qtbot, reset)
    qtbot.keyClicks(reset.password.first, NEW_PASSWORD)
    qtbot.keyClicks(reset.password.again, NEW_PASSWORD)
    reset.recovery.setText("not a key")
    press_ok(qtbot, reset)
    assert reset.isVisible() and reset.message.text().startswith("recovery key:")
    reset.recovery.setText(hub.kits["CSC"].recovery_key)
    press_ok(qtbot, reset)
    qtbot.waitUntil(lambda: staff.done_note.text().startswith("New password set for csc.officer"), timeout=10_000)
    assert sign_in(hub.db, hub.creds("CSC"), "csc.officer", NEW_PASSWORD).actor.username == "csc.officer"
    assert hub.kits["CSC"].recovery_key not in audit_text(hub)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    choose(qtbot, staff.table, "csc.lead")
    assert not staff.disable_button.isEnabled()  # not oneself
    choose(qtbot, staff.table, "csc.new")
    staff.disable()
    qtbot.waitUntil(lambda: cell(staff.table, "csc.new", 4) == "disabled", timeout=10_000)
    assert "user.disable csc.new" in audit_text(hub)


def test_a_lead_changes_roles_and_is_told_when_keys_go(qtbot, hub):
    window = opened(qtbot, hub, hub.sign_in("csc.lead"))
    staff = window.staff
    choose(qtbot, staff.table, "csc.officer")
    assert not staff.roles_button.isHidden() and staff.roles_button.isEnabled()
    dialog = staff.change_roles()
    loaded(qtbot, dialog)
    assert dialog.role_boxes[Role.OFFICER].isChecked() and not dialog.keys_note.isVisible()
    dialog.role_boxes[Role.OFFICER].setChecked(False)
    assert "Leave at least one role" in dialog.hint.text() and not dialog.ok_button.isEnabled()
    dialog.role_boxes[Role.AUDITOR].setChecked(True)
    assert dialog.keys_note.isVisible() and "withdrawn" in dialog.keys_note.text()
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: cell(staff.table, "csc.officer", 3) == "Auditor", timeout=10_000)
    assert cell(staff.table, "csc.officer", 5) == "no"  # confirmation withdrawn with the keys
    assert "user.roles csc.officer" in audit_text(hub)


def test_only_those_who_administer_get_the_hub_menu(qtbot, hub):
    officer = hub.sign_in("csc.officer")
    plain = MainWindow(hub.db, signed=officer)
    qtbot.addWidget(plain)
    assert AdminMenu(plain, hub.db, officer).action is None and plain.admin_menu.action is None
    assert "&Hub" not in [a.text() for a in plain.menuBar().actions()]
    main = MainWindow(hub.db, signed=hub.sign_in("hub.admin"))
    qtbot.addWidget(main)
    menus = [a.text() for a in main.menuBar().actions()]
    assert "&Hub" in menus and menus.index("&Hub") < menus.index("&Session") < menus.index("&Help")
    main.admin_menu.action.trigger()
    opened_window = main.admin_menu.admin_window
    assert opened_window.isVisible() and main.admin_menu.open() is opened_window
    assert [opened_window.tabs.tabText(i) for i in range(opened_window.tabs.count())] == [
        "&Partners", "&Cost share", "S&taff", "&Workstations"]
    main.close()
