"""The process map: where each status stands, the marked step drawn without relying on colour, the workspace strip."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor

from mash_desktop.domain.codes import Status
from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.help.process_map import HERE, MapStep, ProcessMap, map_size, map_svg, step_for
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def backend():
    """The map is drawn the same whatever the database: SQLite is enough here."""
    return "sqlite"


def _parts(svg: str) -> tuple[list[ET.Element], list[str]]:
    root = ET.fromstring(svg)
    return root.findall(f"{SVG}rect"), ["".join(t.itertext()) for t in root.findall(f"{SVG}text")]


@pytest.mark.parametrize("status, step", [
    (Status.NEW, MapStep.SCREENING),
    (Status.SCREENED, MapStep.RAG),
    (Status.RESEARCHING, MapStep.RESEARCH),
    (Status.AWAITING_DECISION, MapStep.DECISION),
    (Status.DECIDED, MapStep.FEEDBACK),
    (Status.CLOSED, MapStep.FEEDBACK),
])
def test_each_status_is_placed_on_its_step(status, step):
    assert step_for(status) is step


def test_every_status_has_a_place():
    assert {step_for(status) for status in Status} <= set(MapStep)


@pytest.mark.parametrize("current", list(MapStep))
def test_the_current_step_has_a_heavy_outline_bold_name_and_the_words_you_are_here(current):
    rects, texts = _parts(map_svg(current))
    assert len(rects) == len(MapStep)
    heavy = [n for n, rect in enumerate(rects, 1) if float(rect.get("stroke-width")) >= 4]
    assert heavy == [current.number]
    assert [t for t in texts if HERE in t] == [f"▼ {HERE}"]
    ticked = sorted(int(m.group(1)) for t in texts if (m := re.fullmatch(r"✓ Step (\d)", t)))
    assert ticked == list(range(1, current.number))
    dashed = [n for n, rect in enumerate(rects, 1) if rect.get("stroke-dasharray")]
    assert dashed == list(range(current.number + 1, len(MapStep) + 1))
    root = ET.fromstring(map_svg(current))
    bold = [t.text for t in root.findall(f"{SVG}text") if t.get("font-weight") == "bold" and HERE not in t.text]
    assert bold == [current.value]


def test_the_label_stands_over_the_current_box():
    root = ET.fromstring(map_svg(MapStep.RESEARCH))
    rect = root.findall(f"{SVG}rect")[MapStep.RESEARCH.number - 1]
    label = next(t for t in root.findall(f"{SVG}text") if HERE in t.text)
    middle = float(rect.get("x")) + float(rect.get("width")) / 2
    assert float(label.get("x")) == pytest.approx(middle)
    assert float(label.get("y")) < float(rect.get("y"))


def test_a_closed_case_has_every_step_ticked_and_nobody_here():
    _rects, texts = _parts(map_svg(MapStep.FEEDBACK, closed=True))
    assert not any(HERE in t for t in texts)
    assert "✓ Case closed" in texts
    assert sum(t.startswith("✓ Step") for t in texts) == len(MapStep)


def test_no_case_marks_nothing():
    rects, texts = _parts(map_svg(None))
    assert not any(HERE in t or "✓" in t for t in texts)
    assert all(float(r.get("stroke-width")) < 4 for r in rects)


@pytest.mark.parametrize("columns", [7, 4, 3])
def test_the_map_wraps_into_rows_that_fit_its_size(columns):
    width, height = map_size(columns)
    rects = ET.fromstring(map_svg(MapStep.DECISION, columns=columns)).findall(f"{SVG}rect")
    for rect in rects:
        assert 0 <= float(rect.get("x")) and float(rect.get("x")) + float(rect.get("width")) <= width
        assert 0 <= float(rect.get("y")) and float(rect.get("y")) + float(rect.get("height")) <= height
    rows = sorted({float(rect.get("y")) for rect in rects})
    assert len(rows) == -(-len(MapStep) // columns)
    assert [float(r.get("y")) for r in rects] == sorted(float(r.get("y")) for r in rects)  # row by row


def _dark_pixels(image, box: int, boxes: int = len(MapStep)) -> int:
    """Near-black pixels in the part of the image where box ``box`` (1-based) is drawn."""
    left, right = image.width() * (box - 1) // boxes, image.width() * box // boxes
    return sum(1 for x in range(left, right) for y in range(image.height())
               if QColor(image.pixel(x, y)).lightness() < 60)


def test_the_widget_draws_the_current_step_heavier_and_says_it_in_words(qtbot):
    widget = ProcessMap(Status.RESEARCHING)
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    image = widget.grab().toImage()
    research, decision = _dark_pixels(image, MapStep.RESEARCH.number), _dark_pixels(image, MapStep.DECISION.number)
    assert research > 2 * decision
    assert widget.accessibleName() == "Process map"
    assert f"{HERE}: step 4 of 7, Research" in widget.accessibleDescription()
    widget.set_status(Status.AWAITING_DECISION)
    assert widget.step is MapStep.DECISION and "step 6 of 7, Decision" in widget.toolTip()


def test_the_widget_follows_the_system_font_size(qtbot):
    widget = ProcessMap()
    qtbot.addWidget(widget)
    small = widget.sizeHint()
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    widget.setFont(font)
    large = widget.sizeHint()
    assert large.height() > 1.6 * small.height() and large.width() > 1.6 * small.width()


def test_the_case_workspace_shows_the_case_on_the_map(qtbot, doc_hub, tmp_path, monkeypatch):
    from mash_desktop.services.case import drafts
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    window = case_open.open_case(None, doc_hub.db, doc_hub["csc.officer"], REF)
    try:
        qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
        strip = window.findChild(ProcessMap)
        assert strip is not None and strip.isVisible()
        assert window.workspace.status is Status.DECIDED
        assert strip.step is MapStep.FEEDBACK and not strip.closed
        assert f"{HERE}: step 7 of 7" in strip.accessibleDescription()
    finally:
        window.close_keeping_draft()
        qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)
