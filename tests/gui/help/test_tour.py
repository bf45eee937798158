"""The screenshot tour saves a picture of every main screen of the demo hub."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import func, select

from mash_desktop.domain.codes import DisclosureOutcome
from mash_desktop.gui.app import main
from mash_desktop.gui.case.opening import open_windows
from mash_desktop.gui.common import background
from mash_desktop.gui.help import tour, tour_casework, tour_front_door
from mash_desktop.gui.help.tour_kit import Hub
from mash_desktop.gui.shell.startup import open_demo
from mash_desktop.services.demo import tour_data
from mash_desktop.store.models import Disclosure, Referral

#: The offscreen platform cannot size, raise or grab for a window (the open Case menu); a real desktop can.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")

#: The sign-in dialog is a small window on its own; every other picture is of a full window.
NARROW = {"01-sign-in": 400}


def _refused(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).where(Disclosure.outcome == DisclosureOutcome.REFUSED))


def _contacts(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(Referral.id)))


@pytest.mark.slow
def test_tour_saves_every_screen(qtbot, demo_db_url, tmp_path):
    place = open_demo("CSC", demo_db_url)
    try:
        hub = Hub(place)
        known = tour_data.new_contact_with_matches(place.db, hub.signed("csc.supervisor"))
        contacts = _contacts(place.db) + (known is None)  # the portal's contact about someone known
        assert _refused(place.db) == 0
        waiting = tour_data.waiting_disclosure(place.db)
        saved = tour.run(place, tmp_path / "tour")
        assert tour_data.waiting_disclosure(place.db) == waiting  # the tour refused its own disclosure
        assert (_refused(place.db), _contacts(place.db)) == (1, contacts)  # what a first tour saves
        (tmp_path / "again").mkdir()
        tour_casework.refusal(hub, tmp_path / "again", "again")
        tour_front_door.contact_with_matches(hub)
        assert (_refused(place.db), _contacts(place.db)) == (1, contacts)  # a later tour saves nothing
    finally:
        qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)
        place.db.dispose()
    assert len(tour.SCREENS) >= 14
    assert [p.name for p in saved] == [f"{name}.png" for name in tour.SCREENS]
    for path in saved:
        assert path.stat().st_size > 10_000, path.name
        image = QImage(str(path))
        assert image.width() >= NARROW.get(path.stem, 600), (path.name, image.width())
        assert image.height() >= 200, (path.name, image.height())
        assert len({image.pixel(x, y) for x in range(0, image.width(), 23)
                    for y in range(0, image.height(), 23)}) > 3, f"{path.name} looks empty"
    assert not open_windows()


@pytest.mark.parametrize("args", [["--tour", "out"], ["--demo", "--demo-agency", "POL", "--tour", "out"]])
def test_tour_needs_the_csc_demo_workstation(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert not (tmp_path / "out").exists()
