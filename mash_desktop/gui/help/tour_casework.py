"""The tour's screens of casework beyond the first eight (see tour.py).

The case workspace with its Case menu open; a supervisor refusing a disclosure
made without consent, and the person who made it reading why; the reason a
closed case is reopened.

The discloser's view needs a refused disclosure, and the supervisor's a
disclosure waiting for them, which a demo hub may lack. So when the hub has no
refused disclosure, the tour makes one without consent, as POL's officer
would, and POL's supervisor refuses it through the dialog; the demo's own
disclosures are left as they are. A later tour shows the dialog over a
disclosure waiting (making one, once, if none waits) and cancels it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ...domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Status, StatutoryGateway
from ...services.case.disclosures import DisclosureRequest, disclose
from ...services.case.panels import read_panel
from ...services.demo import tour_data
from ..case.opening import close_all, open_case
from ..case.window import CaseWindow
from ..steps import outcome_reason
from ..steps.authorise import AuthoriseDialog
from ..steps.transitions import ReopenDialog
from .tour_kit import Hub, TourFailed, form_dialog, save, save_over, save_with_menu, show, wait, when_shown

REFUSAL = "Not proportionate: share only what bears on this concern, then ask again."
#: The agency whose officer makes the disclosures the tour refuses, as the demo hub names its people.
AGENCY, OFFICER = "POL", "pol.officer"
REOPENING = "The school reports a new bruise on the same child; the concern the case was closed on is back."
#: The Disclosures section of the case workspace (gui/case/window.py SECTIONS).
DISCLOSURES = 5


def workspace(hub: Hub, username: str, reference: str) -> CaseWindow:
    """The case workspace of ``reference`` as ``username`` sees it, loaded (it must not ask for a reason)."""
    case = open_case(None, hub.db, hub.signed(username), reference)
    if case is None:
        raise TourFailed(f"{username} may not open cases")
    wait(lambda: not case.isVisible() or not case.is_loading(), f"the case workspace of {reference}")
    if not case.isVisible() or case.is_loading():
        raise TourFailed(f"the case workspace of {reference} did not open for {username}")
    return case


def case_menu(hub: Hub, out: Path, name: str) -> Path:
    """A supervisor's workspace with its Case menu open: every step on the case, in one place."""
    reference = hub.reference("researching case allocated to csc.officer", Status.RESEARCHING,
                              officer="csc.officer")
    case = workspace(hub, "csc.supervisor", reference)
    try:
        return save_with_menu(case, 0, out, name)
    finally:
        close_all()


def _disclosed(hub: Hub) -> tuple[tour_data.DisclosureOnCase, int]:
    """A disclosure to the hub, consent not sought, of the whole of POL's panel on an open case."""
    reference = hub.reference("open case with a police panel", Status.RESEARCHING, Status.AWAITING_DECISION,
                              panel_by=AGENCY)
    officer = hub.signed(OFFICER)
    panel = read_panel(hub.db, officer, reference, AGENCY).text
    if not panel:
        raise TourFailed(f"{AGENCY}'s panel on {reference} cannot be read")
    request = DisclosureRequest(
        to="hub", basis=LawfulBasis.DPA_PART3_S35_SCH8_4, gateway=StatutoryGateway.CDA1998_S115,
        consent=ConsentPosition.NOT_SOUGHT, consent_reason="Asking the parents could put the child at risk",
        handling=HandlingCode.C, justification="Needed to judge the risk to the child at home",
        text=panel)
    return tour_data.DisclosureOnCase(reference, AGENCY, OFFICER), disclose(hub.db, officer, reference, request)


def refusal(hub: Hub, out: Path, name: str) -> tuple[Path, tour_data.DisclosureOnCase]:
    """A supervisor giving the reason for refusing a disclosure, over the list waiting for them.

    Refuses one for real only when the demo hub has no refused disclosure yet (see above)."""
    refused = tour_data.refused_disclosure(hub.db)
    waiting, made = (tour_data.waiting_disclosure(hub.db), None) if refused is not None else (None, None)
    if waiting is None:
        waiting, made = _disclosed(hub)
    authoriser = f"{waiting.agency.lower()}.supervisor"  # each demo agency's supervisor
    dialog = form_dialog(AuthoriseDialog(None, hub.db, hub.signed(authoriser), waiting.reference),
                         f"the authorisation list of {waiting.reference}")
    saved: list[Path] = []

    def give_reason(box: outcome_reason.OutcomeReasonDialog) -> None:
        box.reason_edit.setPlainText(REFUSAL)
        QApplication.processEvents()
        saved.append(save_over(dialog, box, out, name))
        box.accept() if refused is None else box.reject()

    try:
        rows = [row for row, item in enumerate(dialog.pending) if made is None or item.view.id == made]
        if not rows:
            raise TourFailed(f"nothing waits for {authoriser}'s authorisation on {waiting.reference}")
        dialog.table.selectRow(rows[0])
        problems = when_shown(outcome_reason.OutcomeReasonDialog, give_reason)
        dialog.refuse_button.click()  # returns once the reason dialog is answered
        wait(lambda: not dialog.is_busy, "the refusal")
        if problems or not saved:
            raise TourFailed(f"the reason for refusing could not be shown: {'; '.join(problems) or 'not saved'}")
    finally:
        dialog.done(0)
        dialog.deleteLater()
    found = tour_data.refused_disclosure(hub.db)
    if found is None:
        raise TourFailed("the demo hub has no refused disclosure to show")
    return saved[0], found


def refused_seen(hub: Hub, refused: tour_data.DisclosureOnCase, out: Path, name: str) -> Path:
    """The discloser's workspace: the refused disclosure, who refused it and why."""
    case = workspace(hub, refused.disclosed_by, refused.reference)
    try:
        case.show_section(DISCLOSURES)
        wait(lambda: True, "the disclosures section")
        return save(case, out, name)
    finally:
        close_all()


def reopen(hub: Hub, out: Path, name: str) -> Path:
    """The reason for reopening a closed case, typed, over its workspace (not reopened)."""
    reference = hub.reference("closed case allocated to csc.officer", Status.CLOSED, officer="csc.officer")
    case = workspace(hub, "csc.supervisor", reference)
    dialog = ReopenDialog(reference, case)
    try:
        show(dialog)
        dialog.reason_edit.setPlainText(REOPENING)
        wait(dialog.ok_button.isEnabled, "the reopen dialog")
        return save_over(case, dialog, out, name)
    finally:
        dialog.reject()
        dialog.deleteLater()
        close_all()
