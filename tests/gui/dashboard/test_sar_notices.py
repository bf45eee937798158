"""The dashboard's line about subject access deadlines: counts only, for those who watch the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWidget

from mash_desktop.domain.subject_access import Requester
from mash_desktop.gui.common import background
from mash_desktop.gui.dashboard.sar_notices import SarNotices, notice_text
from mash_desktop.services.subject_access import requests
from mash_desktop.services.subject_access.requests import Deadlines

from ...services.subject_access.hub import sar_hub, sar_hub_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled")]


def test_the_line_in_words():
    assert notice_text(Deadlines(0, 0)) == ""
    assert notice_text(Deadlines(2, 1)) == ("Subject access requests: 2 overdue and 1 due within 7 days "
                                            "(Governance ▸ Subject access requests…).")


def test_a_supervisor_sees_the_count_and_no_name(qtbot, sar_hub):
    h = sar_hub
    ruby = requests.find_people(h.db, h["hub.ig"], "ruby calder")[0].id
    requests.new_request(h.db, h["hub.ig"], ruby, Requester.SELF, requests.today() - dt.timedelta(days=40))
    parent = QWidget()
    qtbot.addWidget(parent)
    line = SarNotices(parent, h.db, h["csc.lead"])
    line.load()
    qtbot.waitUntil(lambda: line.loaded and background.running() == 0, timeout=10_000)
    assert line.text().startswith("Subject access requests: 1 overdue") and "Ruby" not in line.text()
