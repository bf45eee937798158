"""Fixtures for the client's tests: a demo hub at a fixed moment, a small hub to sign in to."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox

from mash_desktop.gui.common import background
from mash_desktop.gui.shell.startup import Workplace
from mash_desktop.store.database import Database

from .. import hub_factory
from ..conftest import DEMO_NOW
from .modal import stop_polls

__all__ = ["DEMO_NOW"]


@pytest.fixture(autouse=True)
def _polls_end_with_their_test():
    """A dialog poll that never saw its dialog must not act on the next test's (see modal.py)."""
    yield
    stop_polls()


@pytest.fixture
def demo_db(demo_db_url):
    """A database holding the small demo hub built at ``DEMO_NOW``."""
    database = Database(demo_db_url)
    yield database
    database.dispose()


@pytest.fixture
def hub(db):
    """A hub with a CSC workstation and its staff (see tests/hub_factory.py)."""
    return hub_factory.build(db, agencies=("CSC",))


@pytest.fixture
def place(hub):
    """CSC's workstation on ``hub``, as the client sees it after start-up."""
    return Workplace(hub.db, hub.creds("CSC"), "CSC", "CSC agency")


@pytest.fixture
def settled(qtbot):
    """Waits, after the test, until no background work is left running."""
    yield
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


@pytest.fixture
def close_later(request):
    """Closes a window after the test unless the code under test deleted it."""
    def register(widget):
        request.addfinalizer(lambda: shiboken6.isValid(widget) and widget.close())
        return widget

    return register


@pytest.fixture
def shown_boxes(monkeypatch):
    """Message boxes the code tried to show, without blocking on them."""
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def client_font(qapp):
    """The client's own font size (gui/app.py raises small system fonts to 10 pt)."""
    before = QFont(qapp.font())
    font = QFont(before)
    font.setPointSizeF(max(10.0, font.pointSizeF()))
    qapp.setFont(font)
    yield font
    qapp.setFont(before)
