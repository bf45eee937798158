"""The dashboard opened on the demo hub, for the dashboard's tests."""

from __future__ import annotations

import pytest

from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.dashboard.window import DashboardWindow
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.intake.referrals import HUB_ZONE

from ...conftest import DEMO_NOW

#: The demo hub's today: 12 November 2024.
TODAY = DEMO_NOW.astimezone(HUB_ZONE).date()


def signed_in(db, username: str):
    code = username.split(".")[0].upper()
    return sign_in(db, demo.demo_credentials(code, "demo"), username, demo.DEMO_PASSWORD)


@pytest.fixture
def open_dashboard(qtbot, demo_db, settled):
    """Opens the dashboard for a demo user on the demo hub's "today" and waits for its figures."""
    made: list[DashboardWindow] = []

    def make(username: str = "csc.supervisor") -> DashboardWindow:
        window = DashboardWindow(demo_db, signed_in(demo_db, username), today=TODAY)
        qtbot.addWidget(window)
        made.append(window)
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            window.show()
        return window

    yield make
    case_open.close_all()
