"""The hub the journeys are walked on: CSC and POL of tests/supervision_hub.py
(with CSC's decision maker) and a second POL supervisor, pol.sergeant, who
authorises what POL's officer discloses. Built once per run and backend, then
copied for each test.
"""

from __future__ import annotations

import pytest

from mash_desktop.domain.codes import Role
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.common import background
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.case import drafts
from mash_desktop.store.database import Database
from tests import supervision_hub
from tests.conftest import BuiltTemplates, _fresh_url
from tests.hub_factory import PASSWORD, Hub


def build(db: Database) -> dict:
    hub = supervision_hub.build(db)
    lead = hub.sign_in("pol.lead")
    users.add_account(db, lead, "pol.sergeant", "POL Sergeant", [Role.SUPERVISOR], PASSWORD, ASVS_MINIMUM)
    users.confirm_member(db, lead, "pol.sergeant")
    return hub.kits


@pytest.fixture(scope="session")
def journey_templates(tmp_path_factory, request, templates):
    built = BuiltTemplates(request, tmp_path_factory, templates, "journey_hub", build)
    yield built.get
    built.drop()


@pytest.fixture
def journey_hub(backend, request, tmp_path, journey_templates, qtbot, monkeypatch):
    """A fresh copy of the journey hub; drafts kept in this test's folder; windows closed after."""
    template, kits = journey_templates(backend)
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    db = Database(_fresh_url(backend, request, tmp_path, template))
    yield Hub(db, dict(kits))
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)
    db.dispose()
