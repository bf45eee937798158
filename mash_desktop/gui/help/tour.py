"""A screenshot tour of the main screens on a demo hub.

:func:`run` signs in as demo users, opens each main screen in turn with demo
data (the queue, a case workspace, the intake form warning of a possible
duplicate, allocation, disclosure, decision, sign-in and the lock screen),
waits until its background work is done, saves a PNG of it and closes it.
Nothing is saved to the hub: every form is left unsubmitted (the intake form
stops at its duplicate warning).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ...domain.codes import Status
from ...security.accounts import SignedIn, sign_in
from ...services.demo import tour_data
from ...services.demo.hub import DEMO_PASSWORD, demo_credentials
from ...services.demo.content import referral_payload
from ..common import background, errors
from ..steps.allocation import AllocationDialog
from ..case.opening import close_all, open_case
from ..steps.decision import DecisionDialog
from ..steps.disclosure import DisclosureDialog
from ..common.form_dialog import FormDialog
from ..intake.dialog import IntakeDialog
from ..shell.lock import LockScreen
from ..shell.main_window import MainWindow
from ..common.shade import Shade
from ..shell.signin import SignInDialog
from ..shell.startup import Workplace

__all__ = ["SCREENS", "TourFailed", "run"]

#: The file names the tour saves, in order.
SCREENS = ("01-sign-in", "02-queue", "03-case-workspace", "04-intake-duplicate", "05-allocation",
           "06-disclosure", "07-decision", "08-lock-screen")
TIMEOUT_S = 60.0


class TourFailed(Exception):
    """A screen could not be shown; the message says which and why."""


def _wait(ready: Callable[[], bool], what: str, timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``ready()`` and no background work is left running."""
    deadline = time.monotonic() + timeout_s
    while not (ready() and background.running() == 0):
        if time.monotonic() > deadline:
            raise TourFailed(f"{what} did not finish loading within {timeout_s:.0f} seconds")
        QTest.qWait(50)
    QTest.qWait(150)  # let the last layout and paint settle


def _save(widget: QWidget, out_dir: Path, name: str) -> Path:
    QApplication.processEvents()
    path = out_dir / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise TourFailed(f"could not save {path}")
    return path


def _save_over(back: QWidget, front: QWidget, out_dir: Path, name: str) -> Path:
    """``front`` drawn where it stands over the middle of ``back``, as a person sees them."""
    QApplication.processEvents()
    picture, dialog = back.grab(), front.grab()
    painter = QPainter(picture)
    painter.drawPixmap((picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 3, dialog)
    painter.end()
    path = out_dir / f"{name}.png"
    if not picture.save(str(path)):
        raise TourFailed(f"could not save {path}")
    return path


@contextmanager
def _errors_fail_the_tour() -> Iterator[None]:
    """An error box would wait for a click nobody makes: fail the screen instead."""
    shown = errors.show_error

    def fail(_parent: object, exc: BaseException) -> None:
        raise TourFailed(f"{type(exc).__name__}: {exc}")

    errors.show_error = fail  # type: ignore[assignment]
    try:
        yield
    finally:
        errors.show_error = shown  # type: ignore[assignment]


class _Hub:
    """The demo hub's data and people the tour needs."""

    def __init__(self, place: Workplace) -> None:
        self.place = place
        self.db = place.db
        self._signed: dict[str, SignedIn] = {}

    def signed(self, username: str) -> SignedIn:
        if username not in self._signed:
            agency = username.split(".", 1)[0].upper()
            self._signed[username] = sign_in(self.db, demo_credentials(agency, self.db.url), username,
                                             DEMO_PASSWORD)
        return self._signed[username]

    def reference(self, what: str, *statuses: Status, officer: str | None = None,
                  panel_by: str | None = None) -> str:
        found = tour_data.first_reference(self.db, statuses, officer=officer, panel_by=panel_by)
        if found is None:
            raise TourFailed(f"the demo hub has no {what}")
        return found

    def known_child(self) -> tour_data.KnownChild:
        """A subject of an open referral, born in the last 16 years, to enter again."""
        person = tour_data.known_child(self.db, dt.date.today() - dt.timedelta(days=16 * 365))
        if person is None:
            raise TourFailed("the demo hub has no child subject of an open referral")
        return person


def _intake_payload(person: tour_data.KnownChild) -> dict[str, object]:
    """A child-protection contact about ``person``, as a referrer would send it."""
    today = dt.date.today()
    now = dt.datetime.now(dt.timezone.utc)
    for seed in range(1, 200):  # the first generated contact about one school-age child
        payload = referral_payload(random.Random(seed), today=today, received_at=now)
        subjects = payload["subjects"]
        if len(subjects) == 1 and subjects[0].get("date_of_birth") and not subjects[0].get("expected_due_date"):
            break
    subject = dict(subjects[0])
    subject.update(given_name=person.given_name, family_name=person.family_name,
                   date_of_birth=person.date_of_birth.isoformat() if person.date_of_birth else None)
    payload["subjects"] = [subject]
    return payload


def _show(widget: QWidget) -> None:
    widget.show()
    QApplication.processEvents()


def _form_dialog(dialog: FormDialog, what: str) -> FormDialog:
    _show(dialog)
    _wait(lambda: not dialog.is_busy, what)
    if not dialog.is_loaded:
        raise TourFailed(f"{what} did not load: {dialog.message.text() or 'no reason given'}")
    return dialog


def run(place: Workplace, out_dir: Path | str) -> list[Path]:
    """Save a PNG of each main screen into ``out_dir``; raise :class:`TourFailed` if one fails."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    hub = _Hub(place)
    saved: list[Path] = []
    with _errors_fail_the_tour():
        signin = SignInDialog(place)
        signin.username.setText("csc.supervisor")
        _show(signin)
        _wait(lambda: signin.isVisible(), "the sign-in dialog")
        saved.append(_save(signin, out, SCREENS[0]))
        signin.done(0)
        signin.deleteLater()

        supervisor = hub.signed("csc.supervisor")
        window = MainWindow(place.db, signed=supervisor, demo=place.demo)
        _show(window)
        window.refresh()
        _wait(lambda: not window.loading and window.model.rowCount() > 0, "the queue")
        saved.append(_save(window, out, SCREENS[1]))

        reference = hub.reference("case allocated to csc.officer", Status.RESEARCHING, Status.SCREENED,
                                  Status.AWAITING_DECISION, officer="csc.officer")
        case = open_case(None, place.db, hub.signed("csc.officer"), reference)
        if case is None:
            raise TourFailed("csc.officer may not open cases")
        _wait(lambda: not case.isVisible() or not case.is_loading(), "the case workspace")
        if not case.isVisible():
            raise TourFailed(f"the case workspace of {reference} closed itself")
        saved.append(_save(case, out, SCREENS[2]))
        close_all()

        intake = IntakeDialog(None, place.db, supervisor, prefill=_intake_payload(hub.known_child()))
        _show(intake)
        _wait(lambda: True, "the intake form")
        consent = intake.form.consent  # the referrer answers these by hand
        consent.parents_aware.yes.setChecked(True)
        consent.obtained.yes.setChecked(True)
        consent.from_whom.setText("Their mother")
        QApplication.processEvents()
        intake.validate()
        if not intake.submit.isEnabled():
            raise TourFailed(f"the intake form is not ready to submit: {intake.needed.text()}")
        intake.submit.click()
        _wait(lambda: intake.pages.currentIndex() == 1 or intake.message.isVisible() or intake.reference is not None,
              "the duplicate check")
        if intake.pages.currentIndex() != 1:
            raise TourFailed("the intake form showed no duplicate warning")
        saved.append(_save(intake, out, SCREENS[3]))
        intake.done(0)
        intake.deleteLater()

        for name, cls, username, what, statuses, panel_by in (
                (SCREENS[4], AllocationDialog, "csc.supervisor", "screened or researching referral",
                 (Status.SCREENED, Status.RESEARCHING), None),
                (SCREENS[5], DisclosureDialog, "pol.officer", "open referral with a police panel",
                 (Status.RESEARCHING, Status.AWAITING_DECISION), "POL"),
                (SCREENS[6], DecisionDialog, "csc.decision", "referral awaiting a decision",
                 (Status.AWAITING_DECISION,), None)):
            ref = hub.reference(what, *statuses, panel_by=panel_by)
            dialog = _form_dialog(cls(None, place.db, hub.signed(username), ref), f"{cls.__name__} on {ref}")
            saved.append(_save(dialog, out, name))
            dialog.done(0)
            dialog.deleteLater()

        shade = Shade(window)  # as a lock leaves the queue: covered, the lock screen over it
        lock = LockScreen(place, supervisor, window)
        _show(lock)
        _wait(lambda: lock.isVisible(), "the lock screen")
        saved.append(_save_over(window, lock, out, SCREENS[7]))
        lock.finish()
        lock.deleteLater()
        shade.lift()
        window.close()
        window.deleteLater()
        _wait(lambda: True, "the last background work")
    return saved
