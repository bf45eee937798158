"""A signed-in session: who is shown, account checks, and the whole client's cycle."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import shiboken6

from mash_desktop.domain import timescales
from mash_desktop.domain.zone import HUB_ZONE
from mash_desktop.gui.shell.client import Client
from mash_desktop.gui.shell.main_window import TITLE
from mash_desktop.gui.shell.session import SIGNED_OUT_DISABLED, SIGNED_OUT_LOCKED, Session
from mash_desktop.security import accounts
from mash_desktop.services.admin import users
from mash_desktop.store.database import Database

from ...hub_factory import PASSWORD

pytestmark = [
    pytest.mark.usefixtures("settled"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)"),
]


@pytest.fixture(params=["sqlite"])
def backend(request):
    """SQLite, unless a test asks for both databases."""
    return request.param



def _session(qtbot, close_later, place, hub, **options) -> Session:
    session = Session(place, hub.sign_in("csc.officer"), idle_ms=options.pop("idle_ms", 60_000), **options)
    close_later(session.window)
    session.start()
    qtbot.waitUntil(lambda: not session.window.loading, timeout=10_000)
    return session


def test_window_shows_who_is_signed_in(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub, idle_ms=90_000)
    assert session.watcher.watching and session.watcher.interval_ms == 90_000
    window = session.window
    assert window.windowTitle() == f"{TITLE} — CSC Officer (CSC)"
    assert window.user_label.isVisible()
    assert window.user_label.text() == "Signed in as CSC Officer (csc.officer), CSC"
    assert window.model.rowCount() == 1


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_disabled_account_is_signed_out(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub, check_ms=100)
    users.disable_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    with qtbot.waitSignal(session.signed_out, timeout=10_000) as signal:
        pass  # the periodic check notices
    assert signal.args == [SIGNED_OUT_DISABLED]
    assert session.over and not session.watcher.watching
    assert not shiboken6.isValid(session.window) or not session.window.isVisible()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_the_check_leaves_an_active_account_alone(qtbot, close_later, place, hub, backend):
    session = _session(qtbot, close_later, place, hub)
    session.check_account()
    qtbot.waitUntil(lambda: not session._checking, timeout=10_000)
    assert not session.over and session.window.isVisible()


def test_an_unreachable_database_does_not_end_the_session(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub)
    unreachable = Database("postgresql://hub@127.0.0.1:9/mash")
    try:
        session.place = dataclasses.replace(place, db=unreachable)
        session.check_account()
        qtbot.waitUntil(lambda: not session._checking, timeout=10_000)
        assert not session.over
        assert "could not be checked" in session.window.statusBar().currentMessage()
    finally:
        unreachable.dispose()


def test_a_locked_account_is_signed_out(qtbot, close_later, place, hub):
    session = _session(qtbot, close_later, place, hub)
    for n in range(accounts.MAX_FAILURES):
        with pytest.raises((accounts.NotPermitted, accounts.AccountLocked)):
            accounts.sign_in(hub.db, hub.creds("CSC"), "csc.officer", f"wrong-{n}")
    with qtbot.waitSignal(session.signed_out, timeout=10_000) as signal:
        session.check_account()
    assert signal.args == [SIGNED_OUT_LOCKED]


def test_client_cycles_from_sign_in_to_session_and_back(qtbot, close_later, place, hub, shown_boxes):
    client = Client(lambda: place, idle_ms=60_000, check_ms=60_000)
    client.start()
    qtbot.waitUntil(lambda: client.dialog is not None and client.dialog.isVisible(), timeout=10_000)
    dialog = client.dialog
    dialog.username.setText("csc.officer")
    dialog.password.setText(PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: client.session is not None, timeout=10_000)
    session = client.session
    close_later(session.window)
    assert session.window.isVisible() and client.dialog is None

    users.disable_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    session.check_account()
    qtbot.waitUntil(lambda: client.dialog is not None, timeout=10_000)
    assert client.session is None
    assert not shiboken6.isValid(session.window) or not session.window.isVisible()
    assert [b.text() for b in shown_boxes] == [SIGNED_OUT_DISABLED]
    assert client.dialog.isVisible() and client.dialog.message.text() == SIGNED_OUT_DISABLED

    with qtbot.waitSignal(client.finished) as signal:
        client.dialog.reject()
    assert signal.args == [0]


def test_client_loads_the_bank_holidays_while_the_sign_in_waits(qtbot, close_later, place):
    timescales.bank_holidays.cache_clear()
    client = Client(lambda: place, idle_ms=60_000, check_ms=60_000)
    client.start()
    qtbot.waitUntil(lambda: client.dialog is not None and client.dialog.isVisible(), timeout=10_000)
    close_later(client.dialog)
    year = dt.datetime.now(HUB_ZONE).year
    # Every nation, this year and next: the first deadline worked out after sign-in finds them loaded.
    qtbot.waitUntil(lambda: timescales.bank_holidays.cache_info().currsize == 2 * len(timescales.NATIONS),
                    timeout=10_000)
    before = timescales.bank_holidays.cache_info().hits
    assert dt.date(year, 12, 25) in timescales.bank_holidays("ENG", year)
    assert timescales.bank_holidays.cache_info().hits == before + 1
