"""A screenshot tour of the main screens on a demo hub.

:func:`run` signs in as demo users, opens each main screen in turn with demo
data, waits until its background work is done, saves a PNG of it and closes
it: sign-in, the queue, a case workspace, the intake form warning of a
possible duplicate, allocation, disclosure, the decision with the case's
essentials and the lock screen; then the workspace's Case menu, a disclosure
refused as the supervisor gives the reason and as the person who made it
reads it, and reopening a closed case (tour_casework.py); the further details
of a person on the intake form, the Screen dialog of a new contact with the
people its subject may be, and the queue's new contacts, most urgent first
(tour_front_door.py); a person's chronology (tour_chronology.py); and, as
the information-governance officer, the subject access requests, retention
and holds, and the disposal review with the demo's contacts closed long ago
(tour_governance.py). Forms are left unsubmitted (the intake form stops at
its duplicate warning). Two things a tour shows need something on the demo
hub that a new one lacks: a refused disclosure and a new contact about
someone known. The first tour makes each, once, as a supervisor and the
referrers' portal would (tour_casework.py, tour_front_door.py); later tours
find them and save nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ...domain.codes import Status
from ..case.opening import close_all
from ..intake.dialog import IntakeDialog
from ..shell.lock import LockScreen
from ..shell.main_window import MainWindow
from ..shell.signin import SignInDialog
from ..shell.startup import Workplace
from ..common.shade import Shade
from ..steps.allocation import AllocationDialog
from ..steps.decision import DecisionDialog
from ..steps.disclosure import DisclosureDialog
from . import tour_casework, tour_chronology, tour_front_door, tour_household
from . import tour_governance, tour_strategy
from .tour_kit import Hub, TourFailed, errors_fail_the_tour, form_dialog, save, save_over, show, wait

__all__ = ["SCREENS", "TourFailed", "run"]

#: The file names the tour saves, in order.
SCREENS = ("01-sign-in", "02-queue", "03-case-workspace", "04-intake-duplicate", "05-allocation",
           "06-disclosure", "07-decision", "08-lock-screen", "09-case-menu", "10-disclosure-refusing",
           "11-disclosure-refused", "12-reopen", "13-intake-further-details", "14-screening-matches",
           "15-queue-new-contacts", "16-person-chronology", "17-queue-by-household", "18-family-network",
           "19-strategy-discussion", "20-subject-access", "21-retention", "22-disposal-review")


def _duplicate_warning(hub: Hub, out: Path, name: str) -> Path:
    intake = IntakeDialog(None, hub.db, hub.signed("csc.supervisor"),
                          prefill=tour_front_door.contact_about(hub.known_child()))
    show(intake)
    wait(lambda: True, "the intake form")
    consent = intake.form.consent  # the referrer answers these by hand
    consent.parents_aware.yes.setChecked(True)
    consent.obtained.yes.setChecked(True)
    consent.from_whom.setText("Their mother")
    QApplication.processEvents()
    intake.validate()
    if not intake.submit.isEnabled():
        raise TourFailed(f"the intake form is not ready to submit: {intake.needed.text()}")
    intake.submit.click()
    wait(lambda: intake.pages.currentIndex() == 1 or intake.message.isVisible() or intake.reference is not None,
         "the duplicate check")
    if intake.pages.currentIndex() != 1:
        raise TourFailed("the intake form showed no duplicate warning")
    try:
        return save(intake, out, name)
    finally:
        intake.done(0)
        intake.deleteLater()


def run(place: Workplace, out_dir: Path | str) -> list[Path]:
    """Save a PNG of each main screen into ``out_dir``; raise :class:`TourFailed` if one fails."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    hub = Hub(place)
    saved: list[Path] = []
    with errors_fail_the_tour():
        signin = SignInDialog(place)
        signin.username.setText("csc.supervisor")
        show(signin)
        wait(lambda: signin.isVisible(), "the sign-in dialog")
        saved.append(save(signin, out, SCREENS[0]))
        signin.done(0)
        signin.deleteLater()

        supervisor = hub.signed("csc.supervisor")
        window = MainWindow(place.db, signed=supervisor, demo=place.demo)
        show(window)
        window.refresh()
        wait(lambda: not window.loading and window.model.rowCount() > 0, "the queue")
        saved.append(save(window, out, SCREENS[1]))

        reference = hub.reference("case allocated to csc.officer", Status.RESEARCHING, Status.SCREENED,
                                  Status.AWAITING_DECISION, officer="csc.officer")
        case = tour_casework.workspace(hub, "csc.officer", reference)
        saved.append(save(case, out, SCREENS[2]))
        close_all()

        saved.append(_duplicate_warning(hub, out, SCREENS[3]))

        for name, cls, username, what, statuses, panel_by in (
                (SCREENS[4], AllocationDialog, "csc.supervisor", "screened or researching referral",
                 (Status.SCREENED, Status.RESEARCHING), None),
                (SCREENS[5], DisclosureDialog, "pol.officer", "open referral with a police panel",
                 (Status.RESEARCHING, Status.AWAITING_DECISION), "POL"),
                (SCREENS[6], DecisionDialog, "csc.decision", "referral awaiting a decision",
                 (Status.AWAITING_DECISION,), None)):
            ref = hub.reference(what, *statuses, panel_by=panel_by)
            dialog = form_dialog(cls(None, place.db, hub.signed(username), ref), f"{cls.__name__} on {ref}")
            if cls is DecisionDialog:
                wait(lambda: dialog.brief.case is not None, f"the essentials of {ref}")
            saved.append(save(dialog, out, name))
            dialog.done(0)
            dialog.deleteLater()

        shade = Shade(window)  # as a lock leaves the queue: covered, the lock screen over it
        lock = LockScreen(place, supervisor, window)
        show(lock)
        wait(lambda: lock.isVisible(), "the lock screen")
        saved.append(save_over(window, lock, out, SCREENS[7]))
        lock.finish()
        lock.deleteLater()
        shade.lift()

        saved.append(tour_casework.case_menu(hub, out, SCREENS[8]))
        picture, refused = tour_casework.refusal(hub, out, SCREENS[9])
        saved.append(picture)
        saved.append(tour_casework.refused_seen(hub, refused, out, SCREENS[10]))
        saved.append(tour_casework.reopen(hub, out, SCREENS[11]))
        saved.append(tour_front_door.further_details(hub, out, SCREENS[12]))
        saved.append(tour_front_door.screening(hub, out, SCREENS[13]))
        saved.append(tour_front_door.new_contacts(window, out, SCREENS[14]))
        saved.append(tour_chronology.chronology(hub, out, SCREENS[15]))
        saved.append(tour_household.grouped_queue(hub, window, out, SCREENS[16]))
        saved.append(tour_household.family_network(hub, out, SCREENS[17]))
        saved.append(tour_strategy.strategy(hub, out, SCREENS[18]))
        saved.append(tour_governance.subject_access(hub, out, SCREENS[19]))
        saved.append(tour_governance.retention(hub, out, SCREENS[20]))
        saved.append(tour_governance.disposal_review(hub, out, SCREENS[21]))

        window.close()
        window.deleteLater()
        wait(lambda: True, "the last background work")
    return saved
