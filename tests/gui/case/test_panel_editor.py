"""The panel editor when a colleague saved the same panel first: told, text kept, nothing overwritten."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open, panel_editor
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.case.panel_conflict import AfterConflict, ask_conflict
from mash_desktop.services.case import drafts, panels
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

MINE = "OFFICER-WORDS: the school nurse saw the bruise on Monday."
THEIRS = "LEAD-WORDS: strategy discussion booked for Thursday."


@pytest.fixture
def h(doc_hub, qtbot, tmp_path, monkeypatch):
    """The decided case of tests/document_hub.py; drafts kept in this test's own folder."""
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield doc_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


@pytest.fixture
def answers(monkeypatch):
    """Answers the conflict question with what the test puts in the list; records what was asked."""
    asked: list[tuple[str, bool]] = []
    queued: list[AfterConflict] = []

    def answer(parent, exc, kept):
        asked.append((exc.message, kept))
        return queued.pop(0)

    monkeypatch.setattr(panel_editor, "ask_conflict", answer)
    return queued, asked


def opened(qtbot, h, username: str) -> CaseWindow:
    window = case_open.open_case(None, h.db, h[username], REF)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def save_refused(qtbot, window: CaseWindow) -> None:
    results: list[bool] = []
    window.panels.save(results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=15_000)
    assert results == [False]


def stored(h) -> str:
    return panels.read_panel(h.db, h["csc.lead"], REF, "CSC").text


def test_reload_shows_the_colleagues_panel_and_offers_my_text_back(qtbot, h, answers):
    queued, asked = answers
    window = opened(qtbot, h, "csc.officer")
    panels.write_panel(h.db, h["csc.lead"], REF, THEIRS)  # a colleague saves meanwhile
    window.panels.editor.setPlainText(MINE)
    queued.append(AfterConflict.RELOAD)
    save_refused(qtbot, window)
    [(message, kept)] = asked
    assert message.startswith(f"CSC Lead saved the CSC panel on {REF} at ") and kept
    assert stored(h) == THEIRS
    assert drafts.load_draft(h["csc.officer"], REF).text == MINE  # kept, encrypted, on this workstation
    qtbot.waitUntil(lambda: window.panels.text() == THEIRS, timeout=15_000)
    assert window.panels.draft_offered() and not window.panels.is_dirty()
    window.panels.restore_button.click()
    assert window.panels.text() == MINE
    with qtbot.waitSignal(window.panels.saved, timeout=15_000):  # having seen theirs, it saves
        window.panels.save()
    assert stored(h) == MINE


def test_copy_or_keep_editing_never_overwrites_the_colleagues_save(qtbot, h, answers):
    queued, asked = answers
    window = opened(qtbot, h, "csc.officer")
    panels.write_panel(h.db, h["csc.lead"], REF, THEIRS)
    window.panels.editor.setPlainText(MINE)
    queued.extend([AfterConflict.COPY, AfterConflict.KEEP_EDITING])
    save_refused(qtbot, window)
    assert QApplication.clipboard().text() == MINE
    assert window.panels.text() == MINE and window.panels.is_dirty()
    save_refused(qtbot, window)  # still refused: the editor has not seen the colleague's save
    assert len(asked) == 2 and stored(h) == THEIRS
    assert "Not saved" in window.panels.status.text()


def test_my_own_saves_in_a_row_are_not_conflicts(qtbot, h, answers):
    window = opened(qtbot, h, "csc.officer")
    for n in range(2):
        window.panels.editor.setPlainText(f"{MINE} ({n})")
        with qtbot.waitSignal(window.panels.saved, timeout=15_000):
            window.panels.save()
    assert stored(h) == f"{MINE} (1)" and answers[1] == []


def test_the_question_names_the_colleague_and_offers_three_ways(qtbot, shown_boxes):
    exc = panels.PanelChanged("CSC Lead saved the CSC panel on MASH-2026-000001 at 10:42, after you opened it.",
                              "CSC Lead", None)
    assert ask_conflict(None, exc, kept=True) is AfterConflict.KEEP_EDITING  # closed without a choice
    [box] = shown_boxes
    assert box.text() == exc.message and "kept as an encrypted draft" in box.informativeText()
    assert sorted(b.text() for b in box.buttons()) == ["&Copy my text", "&Keep editing", "&Reload saved panel"]
