"""The tour's screens of casework beyond the first eight (see tour.py).

The case workspace with its Case menu open; a supervisor refusing a disclosure
made without consent, and the person who made it reading why; the reason a
closed case is reopened.

Only the refusal is ever saved: the demo hub needs one refused disclosure for
the discloser's view, so when it has none the tour refuses the oldest
disclosure waiting for authorisation, as a supervisor of the agency that made
it would, through the same dialog. Every later tour finds that refusal and
saves nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ...domain.codes import Status
from ...services.demo import tour_data
from ..case.opening import close_all, open_case
from ..case.window import CaseWindow
from ..steps import outcome_reason
from ..steps.authorise import AuthoriseDialog
from ..steps.transitions import ReopenDialog
from .tour_kit import Hub, TourFailed, form_dialog, save, save_over, save_with_menu, show, wait, when_shown

REFUSAL = "Not proportionate: share only what bears on this concern, then ask again."
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


def refusal(hub: Hub, out: Path, name: str) -> tuple[Path, tour_data.DisclosureOnCase]:
    """A supervisor giving the reason for refusing a disclosure, over the list waiting for them.

    Refuses it for real only when the demo hub has no refused disclosure yet."""
    refused = tour_data.refused_disclosure(hub.db)
    waiting = tour_data.waiting_disclosure(hub.db)
    if waiting is None:
        raise TourFailed("the demo hub has no disclosure waiting for authorisation")
    authoriser = f"{waiting.agency.lower()}.supervisor"  # each demo agency's supervisor
    dialog = form_dialog(AuthoriseDialog(None, hub.db, hub.signed(authoriser), waiting.reference),
                         f"the authorisation list of {waiting.reference}")
    saved: list[Path] = []

    def give_reason(box: outcome_reason.ReasonDialog) -> None:
        box.reason.setPlainText(REFUSAL)
        QApplication.processEvents()
        saved.append(save_over(dialog, box, out, name))
        box.accept() if refused is None else box.reject()

    try:
        if dialog.table.rowCount() == 0:
            raise TourFailed(f"nothing waits for {authoriser}'s authorisation on {waiting.reference}")
        problems = when_shown(outcome_reason.ReasonDialog, give_reason)
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
