"""The tour's Governance screens: saved as hub.ig from the demo hub, with nothing recorded but looks."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import func, select, text

from mash_desktop.gui.common import background
from mash_desktop.gui.help import tour, tour_governance
from mash_desktop.gui.help.tour_kit import Hub, TourFailed
from mash_desktop.gui.shell.startup import open_demo
from mash_desktop.services.governance import disposal
from mash_desktop.store.models import AuditEvent
from mash_desktop.store.retention_models import DisposalApproval, RetentionHold
from mash_desktop.store.subject_access_models import SubjectAccessRequest

#: The offscreen platform cannot size a top-level window by its hints; a real desktop can.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

SHOTS = (("20-subject-access", tour_governance.subject_access), ("21-retention", tour_governance.retention),
         ("22-disposal-review", tour_governance.disposal_review))


def _kept(db) -> tuple:
    """What the tour must leave as it found it: requests, holds (lifted or not), approvals."""
    with db.read() as session:
        return (session.scalar(select(func.count(SubjectAccessRequest.id))),
                tuple(session.execute(select(RetentionHold.id, RetentionHold.lifted_at)).all()),
                session.scalar(select(func.count(DisposalApproval.id))))


def _actions(db, after: int) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.id > after)))


def test_the_governance_screens_are_saved_and_record_nothing(qtbot, demo_db_url, tmp_path):
    assert tuple(name for name, _ in SHOTS) == tour.SCREENS[-3:]
    place = open_demo("CSC", demo_db_url)
    try:
        hub = Hub(place)
        ig = hub.signed(tour_governance.OFFICER)
        assert disposal.review(place.db, ig)  # the demo's contacts closed long ago are due
        before = _kept(place.db)
        with place.db.read() as session:
            last = session.scalar(select(func.max(AuditEvent.id)))
        saved = [shoot(hub, tmp_path, name) for name, shoot in SHOTS]
        assert _kept(place.db) == before
        assert _actions(place.db, last) == ["disposal.review"]  # the review is audited as any look at it is
    finally:
        qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)
        place.db.dispose()
    for path in saved:
        image = QImage(str(path))
        assert path.stat().st_size > 10_000 and image.width() >= tour_governance.WIDTH, path.name
        assert len({image.pixel(x, y) for x in range(0, image.width(), 23)
                    for y in range(0, image.height(), 23)}) > 3, f"{path.name} looks empty"


@pytest.mark.parametrize("emptied", ["subject_access_requests", "retention_holds"])
def test_a_screen_with_nothing_to_show_fails_the_tour(qtbot, demo_db_url, tmp_path, emptied):
    place = open_demo("CSC", demo_db_url)
    try:
        with place.db.write() as session:
            if emptied == "retention_holds":
                session.execute(text("DELETE FROM retention_holds"))
            else:
                session.execute(text("DELETE FROM subject_access_redactions"))
                session.execute(text("DELETE FROM subject_access_requests"))
        shoot = tour_governance.retention if emptied == "retention_holds" else tour_governance.subject_access
        with pytest.raises(TourFailed, match="shows nothing"):
            shoot(Hub(place), tmp_path, "empty")
    finally:
        qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)
        place.db.dispose()
