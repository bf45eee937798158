"""A contact from the portal taken to closed and reopened in the client's windows only,
each step by the person whose work it is, checking after each what the next person sees.

The people (tests/gui/journeys/conftest.py): POL's supervisor (pol.lead) screens the new
contact, asks POL to research and allocates it to POL's officer; the officer writes POL's
panel and discloses to the hub without consent; POL's second supervisor (pol.sergeant)
refuses that disclosure, with a reason the officer reads, and authorises the next one;
the supervisor sends the case for decision; CSC's decision maker, whose agency is not
involved, opens it without being asked why (deciding is their routine work), decides,
and closes it; the supervisor reopens it with a reason. The portal is outside the
client: the contact arrives through the service the portal calls.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mash_desktop.domain.access import Step
from mash_desktop.domain.codes import (ConsentPosition, DisclosureOutcome, HandlingCode, LawfulBasis, Outcome, Rag,
                                       ResearchStatus, Status, StatutoryGateway, ThresholdLevel)
from mash_desktop.gui.case.panel_editor import RESEARCH_CHOICES
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.steps import outcome_reason
from mash_desktop.gui.steps.allocation import AllocationDialog
from mash_desktop.gui.steps.authorise import AuthoriseDialog
from mash_desktop.gui.steps.decision import DecisionDialog
from mash_desktop.gui.steps.disclosure import CONFIRM, DisclosureDialog
from mash_desktop.gui.steps.screening import ScreeningDialog
from mash_desktop.gui.steps.transitions import ReopenDialog
from mash_desktop.services.case.reader import WORKSPACE
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditEvent
from tests.hub_factory import EXAMPLE

from ..dialog_helpers import click, select_text
from ..widget_text import all_text
from .desks import Desk, answer, yes

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

FOUND = "POL-FOUND: Dean Whitlock was cautioned for common assault at a previous address in 2022."
WITHHELD = "POL-WITHHELD: an informant reports drug supply from the address; source to be protected."
PANEL = f"{FOUND}\n{WITHHELD}"
REFUSAL = "The caution is spent: share the callout history instead, not the record"
REOPEN = "School reports a new injury on the same concern"
AWAITING = "awaiting authorisation"
RETURNED = next(i for i, (_, s) in enumerate(RESEARCH_CHOICES) if s is ResearchStatus.RETURNED)


def _portal_contact() -> dict:
    """The example referral, about a child the hub has never seen, received a moment ago."""
    subject = EXAMPLE["subjects"][0] | {"given_name": "Poppy", "family_name": "Marsh", "date_of_birth": "2016-03-02"}
    return EXAMPLE | {"received_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      "referrer": EXAMPLE["referrer"] | {"agency": None}, "subjects": [subject], "household": []}


def _write_panel(desk: Desk, window: CaseWindow) -> None:
    window.show_section(4)
    editor = window.panels
    assert not editor.editor.isReadOnly(), "the officer of an agency asked to research writes its panel"
    editor.editor.setPlainText(PANEL)
    editor.research.setCurrentIndex(RETURNED)
    with desk.qtbot.waitSignal(editor.saved, timeout=15_000):
        window.save_action.trigger()
    assert not editor.is_dirty()


def _disclosing(qtbot, text: str):
    """Share ``text`` from POL's panel with the hub, consent refused, as the officer fills the form."""
    def act(dialog: DisclosureDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.is_busy, timeout=15_000)
        form = dialog.form
        assert form.panel.toPlainText() == PANEL
        select_text(form.panel, text)
        qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
        form.to.choose("hub")
        form.basis.choose(LawfulBasis.DPA_PART3_S35_SCH8_4)
        form.gateway.choose(StatutoryGateway.CDA1998_S115)
        form.consent.choose(ConsentPosition.REFUSED)
        qtbot.keyClicks(form.consent_reason, "Asking the mother would alert her partner")
        form.handling.choose(HandlingCode.C)
        qtbot.keyClicks(form.justification, "Needed to assess the risk to Poppy at home")
        dialog.ok_button.click()  # Next: the summary in plain words
        assert dialog.on_summary and dialog.ok_button.text() == CONFIRM
        assert "authoris" in dialog.when_readable.text()
        dialog.ok_button.click()  # Confirm and share
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    return act


def _section(window: CaseWindow, number: int) -> str:
    window.show_section(number)
    return all_text(window.tabs.currentWidget())


def _workspace_looks(hub, reference: str, username: str) -> list[dict]:
    """The audited details of each time ``username`` opened the case's workspace, oldest first."""
    with hub.db.read() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "case.view", AuditEvent.actor_name == username,
            AuditEvent.object_ref == reference).order_by(AuditEvent.id))
        return [d for d in map(json.loads, details) if d["purpose"] == WORKSPACE]


def test_a_portal_contact_to_closed_and_reopened_by_each_role_in_turn(qtbot, journey_hub):
    hub = journey_hub
    reference = add_referral(hub.db, hub.sign_in("csc.officer").actor, _portal_contact())
    supervisor, officer = Desk(qtbot, hub, "pol.lead"), Desk(qtbot, hub, "pol.officer")
    sergeant, decider = Desk(qtbot, hub, "pol.sergeant"), Desk(qtbot, hub, "csc.decision")

    # -- the supervisor finds the new contact in the queue, opens it without a reason, screens it ---------
    supervisor.sees(reference, Status.NEW.label, subject="Poppy Marsh", rag="Not rated", allocated="Unallocated")
    case = supervisor.open(reference)
    assert supervisor.reason_prompt(case) is None and not case.is_loading()
    assert _workspace_looks(hub, reference, "pol.lead")[-1]["routine"] == Status.NEW.value

    def screen(dialog: ScreeningDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.is_busy and "POL" in dialog.agency_boxes, timeout=15_000)
        qtbot.waitUntil(lambda: "Poppy Marsh" in all_text(dialog.brief), timeout=15_000)  # the essentials
        click(qtbot, dialog.rag_buttons[Rag.AMBER])
        qtbot.keyClicks(dialog.reason, "Domestic abuse disclosed by the child; neglect reported by school")
        click(qtbot, dialog.agency_boxes["POL"])
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)

    supervisor.step(case, Step.SCREEN, ScreeningDialog, screen)
    assert case.workspace.status is Status.RESEARCHING and case.workspace.rag is Rag.AMBER
    assert "POL agency (POL)" in _section(case, 3)  # Research: POL asked

    def allocate(dialog: AllocationDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.is_busy and dialog.table.rowCount() > 0, timeout=15_000)
        assert dialog.table.choose("pol.officer")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)

    supervisor.step(case, Step.ALLOCATE, AllocationDialog, allocate)
    assert "POL Officer" in all_text(case)  # the workspace stays open on the supervisor's screen

    # -- the officer: the case is theirs; they write POL's panel and disclose without consent -------------
    officer.sees(reference, Status.RESEARCHING.label, rag="Amber", allocated="POL Officer")
    work = officer.open(reference)
    assert officer.reason_prompt(work) is None, "an officer of an agency asked to research is not asked why"
    _write_panel(officer, work)
    officer.step(work, Step.DISCLOSE, DisclosureDialog, _disclosing(qtbot, WITHHELD))
    assert AWAITING in _section(work, 5).lower()

    # -- the second supervisor refuses it from the queue's list of disclosures waiting for them ------------
    def refuse(dialog: AuthoriseDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.is_busy and dialog.table.rowCount() == 1, timeout=15_000)
        assert dialog.text.toPlainText() == WITHHELD and "POL Officer" in dialog.table.item(0, 1).text()

        def because(box: outcome_reason.OutcomeReasonDialog) -> None:
            assert not box.ok_button.isEnabled()  # a reason is required
            qtbot.keyClicks(box.reason_edit, REFUSAL)
            box.ok_button.click()

        reason = answer(outcome_reason.OutcomeReasonDialog, because)
        dialog.refuse_button.click()
        reason.check()
        qtbot.waitUntil(lambda: dialog.done_note.text().startswith("Refused"), timeout=15_000)
        qtbot.waitUntil(lambda: not dialog.is_busy and dialog.table.rowCount() == 0, timeout=15_000)
        dialog.cancel_button.click()  # Close

    sergeant.queue_step(None, "Authorise disclosures…", AuthoriseDialog, refuse)

    # -- the officer reads why, and discloses what may be shared; the sergeant authorises it in the case ---
    officer.refreshed(work)
    text = _section(work, 5)
    assert REFUSAL in text and DisclosureOutcome.REFUSED.label in text and AWAITING not in text.lower()
    officer.step(work, Step.DISCLOSE, DisclosureDialog, _disclosing(qtbot, FOUND))
    work.close()

    checked = sergeant.open(reference)
    assert sergeant.reason_prompt(checked) is None

    def authorise(dialog: AuthoriseDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.is_busy and dialog.table.rowCount() == 1, timeout=15_000)
        assert dialog.text.toPlainText() == FOUND
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: dialog.done_note.text().startswith("Authorised"), timeout=15_000)
        qtbot.waitUntil(lambda: not dialog.is_busy, timeout=15_000)
        dialog.cancel_button.click()

    sergeant.step(checked, Step.AUTHORISE, AuthoriseDialog, authorise)
    shared = _section(checked, 5)
    assert FOUND in shared and REFUSAL in shared and WITHHELD not in shared
    checked.close()

    # -- the decision maker is not involved yet: opening the case now needs a reason -----------------------
    decider.sees(reference, Status.RESEARCHING.label)
    early = decider.open(reference)
    prompt = decider.reason_prompt(early)
    assert prompt is not None, "outside routine work, a reader from an agency not involved says why"
    prompt.reject()
    qtbot.waitUntil(lambda: not early.isVisible(), timeout=15_000)

    # -- the supervisor sends it for decision from the queue -----------------------------------------------
    supervisor.queue_step(reference, "Send for decision…", QMessageBox, yes)
    supervisor.sees(reference, Status.AWAITING_DECISION.label)

    # -- the decision maker opens it without a reason, reads the essentials beside the form, decides -------
    decider.sees(reference, Status.AWAITING_DECISION.label, rag="Amber", allocated="POL Officer")
    desk = decider.open(reference)
    assert decider.reason_prompt(desk) is None and not desk.is_loading()
    assert _workspace_looks(hub, reference, "csc.decision")[-1]["routine"] == Status.AWAITING_DECISION.value
    assert FOUND in _section(desk, 5) and WITHHELD not in all_text(desk)

    def decide(dialog: DecisionDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.is_busy, timeout=15_000)
        qtbot.waitUntil(lambda: FOUND in all_text(dialog.brief), timeout=15_000)
        brief = all_text(dialog.brief)
        assert "Poppy Marsh" in brief and WITHHELD not in brief
        assert not dialog.research_warning.isVisible()  # POL's research is back
        dialog.outcome.choose(Outcome.EARLY_HELP)
        dialog.level.choose(ThresholdLevel.EARLY_HELP)
        qtbot.keyClicks(dialog.rationale, "Needs met at level 2; police history weighed")
        qtbot.keyClicks(dialog.next_steps, "Family support worker to visit this week")
        qtbot.keyClicks(dialog.service, "Family Support Team")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)

    # Having decided it, CSC has taken a step on the case: the workspace reloads after the decision without
    # asking the decision maker why they look.
    decider.step(desk, Step.DECIDE, DecisionDialog, decide)
    assert desk.workspace.status is Status.DECIDED and "Family Support Team" in _section(desk, 6)
    supervisor.sees(reference, Status.DECIDED.label)

    # -- the decision maker closes it: it leaves every queue -----------------------------------------------
    with qtbot.waitSignal(desk.loaded, timeout=15_000):
        answered = answer(QMessageBox, yes)
        desk.steps.actions[Step.CLOSE].trigger()
    answered.check()
    assert desk.workspace.status is Status.CLOSED
    for person in (supervisor, officer, sergeant, decider):
        person.reload()
        assert person.row_of(reference) is None, person.username
    desk.close()

    # -- the supervisor's workspace, open since the allocation, shows it closed; they reopen it ------------
    assert REOPEN not in supervisor.refreshed(case) and case.workspace.status is Status.CLOSED
    assert not case.steps.actions[Step.SCREEN].isEnabled()  # a closed case is reopened before anything else

    def reopen(dialog: ReopenDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # not without a reason
        qtbot.keyClicks(dialog.reason_edit, REOPEN)
        dialog.ok_button.click()

    supervisor.step(case, Step.REOPEN, ReopenDialog, reopen)
    assert case.workspace.status is Status.SCREENED and REOPEN in _section(case, 1)  # the chronology
    assert case.steps.actions[Step.SCREEN].isEnabled()
    for person, status in ((supervisor, Status.SCREENED.label), (decider, Status.SCREENED.label)):
        person.sees(reference, status)
