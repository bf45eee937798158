"""The case workspace at the front door: a phone contact's written
confirmation (due, received, overdue; recorded from the Case menu), a
referrer who asked not to be identified, and withdrawing a returned
disclosure."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget, QWidget

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Rag
from mash_desktop.gui.case import confirmation, opening as case_open
from mash_desktop.gui.case.sections import disclosures_page
from mash_desktop.gui.case.confirmation import ConfirmationDialog
from mash_desktop.gui.common import background
from mash_desktop.gui.steps.withdraw import WithdrawDialog
from mash_desktop.services.case import casework, disclosures, drafts, panels
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

from ..widget_text import all_text
from ..modal import when_shown

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
UTC = dt.timezone.utc


@pytest.fixture
def hub(sup_hub, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield sup_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def _opened(qtbot, hub, username: str, reference: str):
    window = case_open.open_case(None, hub.db, hub.sign_in(username), reference)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def _contact(hub, *, received: dt.datetime, withheld: bool = False) -> str:
    referrer = EXAMPLE["referrer"] | {"agency": None, "identity_withheld": withheld}
    payload = EXAMPLE | {"referrer": referrer, "channel": "phone", "received_at": received.isoformat()}
    return add_referral(hub.db, hub.sign_in("csc.officer").actor, payload, now=received)


def test_the_workspace_says_when_confirmation_is_due_and_records_it_from_the_case_menu(qtbot, hub):
    received = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    reference = _contact(hub, received=received)
    window = _opened(qtbot, hub, "csc.lead", reference)
    state = window.findChild(QLabel, "confirmationState")
    assert state.text().startswith("Written confirmation due ") and "In writing:" in all_text(window)
    action = window.confirmation.action
    assert action.isEnabled() and action.shortcut() == QKeySequence("Ctrl+Shift+N") and "&" in action.text()
    assert action in window.menuBar().actions()[0].menu().actions()  # the Case menu

    def record(dialog: ConfirmationDialog) -> None:
        qtbot.waitUntil(lambda: dialog.is_loaded and dialog.ok_button.isEnabled())
        assert "It was due" in dialog.due_label.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(ConfirmationDialog, record)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.is_loading()
                    and window.findChild(QLabel, "confirmationState").text().startswith(
                        "Written confirmation received"), timeout=15_000)
    assert not window.confirmation.action.isEnabled()
    assert "already recorded" in window.confirmation.action.statusTip()


def test_an_overdue_confirmation_says_so_in_words(qtbot, hub):
    reference = _contact(hub, received=dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    window = _opened(qtbot, hub, "csc.lead", reference)
    assert window.findChild(QLabel, "confirmationState").text().startswith("Written confirmation overdue: it was due")
    assert window.findChild(QLabel, "confirmationState") is not None
    other = _opened(qtbot, hub, "csc.lead", REF)  # a portal contact: nothing is expected in writing
    assert other.findChild(QLabel, "confirmationState") is None and not other.confirmation.action.isEnabled()
    assert "Not a phone contact" in other.confirmation.action.statusTip()


def test_the_queue_menu_dialog_refuses_a_contact_not_made_by_phone(qtbot, hub):
    dialog = ConfirmationDialog(None, hub.db, hub.sign_in("csc.officer"), REF)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.is_loaded)
    assert not dialog.ok_button.isEnabled() and "did not come in by phone" in dialog.hint.text()
    assert confirmation.KEYS == "Ctrl+Shift+N"


def test_a_withheld_referrer_is_shown_to_staff_with_a_warning(qtbot, hub):
    reference = _contact(hub, received=dt.datetime.now(UTC) - dt.timedelta(hours=1), withheld=True)
    window = _opened(qtbot, hub, "csc.lead", reference)
    warning = window.findChild(QLabel, "referrerWithheld")
    assert warning is not None and warning.text().startswith("Not to be identified to the family")
    assert "Harriet Okonjo" in all_text(window)
    plain = _opened(qtbot, hub, "csc.lead", REF)
    assert plain.findChild(QLabel, "referrerWithheld") is None


def _returned(hub) -> int:
    officer = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, officer, REF, "Two domestic callouts in May; no charges.")
    made = disclosures.disclose(hub.db, officer, REF, disclosures.DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.REFUSED, "Mother refused", HandlingCode.C,
        "Needed to assess risk", "Two domestic callouts in May; no charges."))
    disclosures.return_to_discloser(hub.db, hub.sign_in("pol.lead"), made, "Say which callout.")
    return made


def _withdraw_buttons(window) -> list[QPushButton]:
    return [b for b in window.findChildren(QPushButton) if b.text().replace("&", "") == "Withdraw…"]


def test_the_discloser_withdraws_a_returned_disclosure_from_the_workspace(qtbot, hub):
    lead = hub.sign_in("csc.lead").actor
    casework.run_step(hub.db, lead, REF, casework.set_rag, Rag.AMBER, "Bruising seen.")
    casework.run_step(hub.db, lead, REF, casework.request_research, ["POL"])  # POL is now involved
    _returned(hub)
    theirs = open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, "Checking the returned disclosure.")
    page = disclosures_page(theirs, lambda _entry: None)
    qtbot.addWidget(page)
    assert theirs.not_shared and not _withdraw_buttons(page)  # not CSC's to withdraw
    window = _opened(qtbot, hub, "pol.officer", REF)
    [button] = _withdraw_buttons(window)

    def withdraw(dialog: WithdrawDialog) -> None:
        qtbot.waitUntil(lambda: dialog.is_loaded)
        assert "Say which callout." in dialog.summary.text() and "POL Lead returned it" in dialog.summary.text()
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Superseded by the strategy meeting.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(WithdrawDialog, withdraw)
    window.show_section(5)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_loading() and not _withdraw_buttons(window)
                    and window.workspace.not_shared[0].outcome_reason == "Superseded by the strategy meeting.",
                    timeout=15_000)
    [table] = [t for t in window.findChildren(QTableWidget) if t.accessibleName() == "refused or returned disclosures"]
    assert table.item(0, 2).text() == "Withdrawn by the disclosing agency"
    assert isinstance(window.findChild(QWidget, "chronology"), QTableWidget)
