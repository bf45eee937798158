"""The demo hub's subject access requests: one due within the week, one overdue, one answered."""

from __future__ import annotations

from mash_desktop.domain.subject_access import RequestStatus
from mash_desktop.domain.zone import HUB_ZONE
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.subject_access import requests
from mash_desktop.store.database import Database
from mash_desktop.store.types import utcnow
from tests.conftest import DEMO_NOW


def test_the_demo_officer_has_requests_to_work_on(demo_db_url):
    db = Database(demo_db_url)
    try:
        ig = sign_in(db, demo.demo_credentials("HUB", "demo"), "hub.ig", demo.DEMO_PASSWORD)
        rows = requests.list_requests(db, ig)
        assert [r.status for r in rows].count(RequestStatus.ANSWERED) == 1 and all(r.verified for r in rows)
        built_on = min(DEMO_NOW, utcnow()).astimezone(HUB_ZONE).date()  # the demo's today
        assert requests.deadlines(db, ig, built_on) == requests.Deadlines(overdue=1, due_soon=1)
    finally:
        db.dispose()
