"""What every screen of the screenshot tour (tour.py) is made with.

Waiting until a screen has loaded, saving it (on its own, or over the window
it stands over, or with an open menu), answering a modal dialog while it is
on screen, and signing in as the demo hub's people.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from ...domain.codes import Status
from ...security.accounts import SignedIn, sign_in
from ...services.demo import tour_data
from ...services.demo.hub import DEMO_PASSWORD, demo_credentials
from ..common import background, errors
from ..common.form_dialog import FormDialog
from ..shell.startup import Workplace

TIMEOUT_S = 60.0


class TourFailed(Exception):
    """A screen could not be shown; the message says which and why."""


def wait(ready: Callable[[], bool], what: str, timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``ready()`` and no background work is left running."""
    deadline = time.monotonic() + timeout_s
    while not (ready() and background.running() == 0):
        if time.monotonic() > deadline:
            raise TourFailed(f"{what} did not finish loading within {timeout_s:.0f} seconds")
        QTest.qWait(50)
    QTest.qWait(150)  # let the last layout and paint settle


def _write(picture: QPixmap, out_dir: Path, name: str) -> Path:
    path = out_dir / f"{name}.png"
    if not picture.save(str(path)):
        raise TourFailed(f"could not save {path}")
    return path


def save(widget: QWidget, out_dir: Path, name: str) -> Path:
    QApplication.processEvents()
    return _write(widget.grab(), out_dir, name)


def save_over(back: QWidget, front: QWidget, out_dir: Path, name: str) -> Path:
    """``front`` drawn where it stands over the middle of ``back``, as a person sees them."""
    QApplication.processEvents()
    picture, dialog = back.grab(), front.grab()
    painter = QPainter(picture)
    painter.drawPixmap((picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 3, dialog)
    painter.end()
    return _write(picture, out_dir, name)


def save_with_menu(window: QMainWindow, index: int, out_dir: Path, name: str) -> Path:
    """``window`` with its ``index``-th menu open below the menu bar, as a click on its title leaves it."""
    bar = window.menuBar()
    title = bar.actions()[index]
    menu: QMenu = title.menu()
    bar.setActiveAction(title)  # the title is shown pressed
    corner = bar.mapTo(window, bar.actionGeometry(title).bottomLeft())
    menu.popup(window.mapToGlobal(corner))
    wait(menu.isVisible, f"the {title.text().replace('&', '')} menu")
    picture, shown = window.grab(), menu.grab()
    menu.hide()
    bar.setActiveAction(None)
    painter = QPainter(picture)
    painter.drawPixmap(QPoint(corner.x(), corner.y()), shown)
    painter.end()
    return _write(picture, out_dir, name)


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None], timeout_s: float = TIMEOUT_S) -> list[str]:
    """Run ``act(dialog)`` once a dialog of ``kind`` is on screen (its ``exec`` running); the list
    returned holds what went wrong, if anything did (the dialog is then closed)."""
    problems: list[str] = []
    deadline = time.monotonic() + timeout_s

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                try:
                    act(widget)
                except Exception as exc:  # noqa: BLE001 - reported by the caller
                    problems.append(str(exc))
                    widget.close()
                return
        if time.monotonic() < deadline:
            QTimer.singleShot(50, poll)
        else:
            problems.append(f"no {kind.__name__} was shown")

    QTimer.singleShot(0, poll)
    return problems


@contextmanager
def errors_fail_the_tour() -> Iterator[None]:
    """An error box would wait for a click nobody makes: fail the screen instead."""
    shown = errors.show_error

    def fail(_parent: object, exc: BaseException) -> None:
        raise TourFailed(f"{type(exc).__name__}: {exc}")

    errors.show_error = fail  # type: ignore[assignment]
    try:
        yield
    finally:
        errors.show_error = shown  # type: ignore[assignment]


def show(widget: QWidget) -> None:
    widget.show()
    QApplication.processEvents()


def form_dialog(dialog: FormDialog, what: str) -> FormDialog:
    show(dialog)
    wait(lambda: not dialog.is_busy, what)
    if not dialog.is_loaded:
        raise TourFailed(f"{what} did not load: {dialog.message.text() or 'no reason given'}")
    return dialog


class Hub:
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
        """A subject of a case screened and still open, born in the last 16 years, to enter again."""
        person = tour_data.known_child(self.db, dt.date.today() - dt.timedelta(days=16 * 365))
        if person is None:
            raise TourFailed("the demo hub has no child subject of a screened case still open")
        return person
