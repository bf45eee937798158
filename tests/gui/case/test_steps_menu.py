"""The case workspace's Case menu: every step on the case, enabled by role and status, refused by the service."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mash_desktop.domain.access import Step
from mash_desktop.domain.codes import Outcome, Status
from mash_desktop.domain.errors import InvalidTransition, NotPermitted
from mash_desktop.gui.case.menu import ACTIONS
from mash_desktop.gui.steps.transitions import ReopenDialog
from mash_desktop.services.case import casework
from mash_desktop.store.models import Referral, ReferralEvent
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)

from ..modal import when_shown
from .test_window import h, opened  # noqa: F401 (the fixture h)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def _status(h) -> Status:
    with h.db.read() as s:
        return s.scalar(select(Referral.status).where(Referral.reference == REF))


def _step_and_reload(qtbot, window, step: Step) -> None:
    with qtbot.waitSignal(window.loaded, timeout=15_000):
        window.steps.actions[step].trigger()


def test_an_officer_sees_the_steps_they_may_not_take_greyed_and_the_service_refuses_them(qtbot, h):
    window = opened(qtbot, h, "csc.officer")
    acts = window.steps.actions
    assert acts[Step.DISCLOSE].isEnabled()
    for step in (Step.SCREEN, Step.ALLOCATE, Step.SUBMIT_FOR_DECISION, Step.DECIDE, Step.CLOSE, Step.REOPEN):
        assert not acts[step].isEnabled(), step
    assert acts[Step.REOPEN].statusTip() == "For supervisor or decision maker only"
    officer = h["csc.officer"].actor
    for step, args in ((casework.close, ()), (casework.reopen, ("A reason",))):
        with pytest.raises(NotPermitted):
            casework.run_step(h.db, officer, REF, step, *args)
    assert _status(h) is Status.DECIDED


def test_a_supervisor_closes_reopens_with_a_reason_and_sends_for_decision_from_the_workspace(
        qtbot, h, monkeypatch):
    window = opened(qtbot, h, "csc.lead")
    acts = window.steps.actions
    assert not acts[Step.SUBMIT_FOR_DECISION].isEnabled()  # decided: not from this status
    assert acts[Step.SUBMIT_FOR_DECISION].statusTip() == "Not while the case is decided"
    assert not acts[Step.DECIDE].isEnabled() and acts[Step.CLOSE].isEnabled() and acts[Step.REOPEN].isEnabled()
    with pytest.raises(InvalidTransition):  # the service says the same
        casework.run_step(h.db, h["csc.lead"].actor, REF, casework.submit_for_decision)

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    _step_and_reload(qtbot, window, Step.CLOSE)
    assert _status(h) is Status.CLOSED and window.workspace.status is Status.CLOSED
    assert REF in asked[0]
    assert not acts[Step.CLOSE].isEnabled() and not acts[Step.SCREEN].isEnabled() and acts[Step.REOPEN].isEnabled()

    seen = {}

    def give_reason(dialog: ReopenDialog) -> None:
        seen["empty"] = dialog.ok_button.isEnabled()
        dialog.accept()  # refused while empty
        seen["stayed"] = dialog.isVisible()
        dialog.reason_edit.setPlainText("  New report from the school about the same concern ")
        dialog.ok_button.click()

    when_shown(ReopenDialog, give_reason)
    _step_and_reload(qtbot, window, Step.REOPEN)
    assert seen == {"empty": False, "stayed": True}
    assert _status(h) is Status.SCREENED and window.workspace.status is Status.SCREENED
    with h.db.read() as s:
        reasons = list(s.scalars(select(ReferralEvent.reason).where(ReferralEvent.kind == "reopen")))
    assert reasons == ["New report from the school about the same concern"]

    assert acts[Step.SUBMIT_FOR_DECISION].isEnabled() and acts[Step.SCREEN].isEnabled()
    _step_and_reload(qtbot, window, Step.SUBMIT_FOR_DECISION)
    assert _status(h) is Status.AWAITING_DECISION
    assert not acts[Step.DECIDE].isEnabled()  # a supervisor does not decide
    with pytest.raises(NotPermitted):
        casework.run_step(h.db, h["csc.lead"].actor, REF, casework.decide, outcome=Outcome.EARLY_HELP, level=2,
                          rationale="Needs support", named_service="Family hub")


def test_cancelling_the_reopen_reason_leaves_the_case_as_it_was(qtbot, h):
    window = opened(qtbot, h, "csc.decision")
    when_shown(ReopenDialog, lambda dialog: dialog.reject())
    window.steps.actions[Step.REOPEN].trigger()
    assert _status(h) is Status.DECIDED
    with pytest.raises(Exception, match="reason"):
        casework.run_step(h.db, h["csc.decision"].actor, REF, casework.reopen, "   ")


def test_every_step_has_a_mnemonic_and_the_queues_shortcut(qtbot, h):
    window = opened(qtbot, h, "csc.lead")
    queue_keys = {step: keys for _label, keys, step, _per_case, _tip in ACTIONS}
    case_menu = window.menuBar().actions()[0].menu()
    in_menu = set(case_menu.actions())
    mnemonics = [a.text().split("&")[1][0].lower() for a in case_menu.actions() if a.text()]
    assert len(mnemonics) == len(set(mnemonics)), mnemonics
    for step, action in window.steps.actions.items():
        assert action in in_menu and "&" in action.text()
        assert action.shortcut().toString() == queue_keys[step], step
