"""The case workspace: what it shows each reader, the reason rule, the panel and its drafts."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open, window as case_window
from mash_desktop.gui.case.header import CaseHeader
from mash_desktop.gui.case.window import CaseWindow, Unsaved
from mash_desktop.gui.steps.reason import ReasonDialog
from mash_desktop.services.case import drafts, panels
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditEvent
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE

from ..modal import when_shown
from ..widget_text import all_text

#: The offscreen platform cannot resize to hints or raise a window; a real desktop can.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture
def h(doc_hub, qtbot, tmp_path, monkeypatch):
    """The decided case of tests/document_hub.py; drafts kept in this test's own folder."""
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    yield doc_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def opened(qtbot, h, username: str, reference: str = REF) -> CaseWindow:
    window = case_open.open_case(None, h.db, h[username], reference)
    assert window is not None and window.is_loading()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    return window


def audit(h, action: str, username: str) -> list[AuditEvent]:
    with h.db.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action,
                                                             AuditEvent.actor_name == username)))


def test_an_officer_of_the_allocated_agency_sees_every_section_and_no_other_agencys_panel(qtbot, h):
    window = opened(qtbot, h, "csc.officer")
    text = all_text(window)
    assert REF in window.windowTitle() and "Ruby Calder" in window.windowTitle()
    assert window.panels.text() == TEXTS["CSC-PANEL"]
    assert "Amber" in window.findChild(QWidget, "ragChip").text()
    for expected in ("Early help (step-down)", "RAG set to Amber", "Bruising seen; domestic abuse reported.",
                     "Sealed — written", "POL agency (POL)", "awaiting authorisation", TEXTS["POL-TO-HUB"],
                     TEXTS["HLT-TO-CSC"], TEXTS["RATIONALE"], "Family Support Team"):
        assert expected in text, expected
    for secret in ("POL-PANEL", "HLT-PANEL", "POL-PENDING", "POL-TO-HLT"):
        assert TEXTS[secret].split(":")[0] not in text, secret
    chronology = window.findChild(QWidget, "chronology")
    tags = {chronology.item(r, 1).text() for r in range(chronology.rowCount())}
    assert {"CSC", "POL", "HLT"} <= tags
    assert window.save_action.isEnabled()


def test_another_agency_sees_its_own_panel_and_csc_only_as_sealed(qtbot, h):
    window = opened(qtbot, h, "pol.officer")
    text = all_text(window)
    assert window.panels.text() == TEXTS["POL-PANEL"]
    assert "CSC-PANEL" not in text and "HLT-PANEL" not in text
    assert "Sealed — written" in text


def test_a_case_not_involving_the_agency_asks_for_a_reason_and_audits_it(qtbot, h):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    reason = "Strategy meeting tomorrow about a sibling"

    def answer(dialog: ReasonDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # an empty reason is not accepted
        dialog.accept()
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.reason_edit, reason)
        dialog.ok_button.click()

    when_shown(ReasonDialog, answer)
    window = opened(qtbot, h, "hlt.officer", second)
    assert second in window.windowTitle()
    views = [e for e in audit(h, "case.view", "hlt.officer") if e.object_ref == second]
    assert [e.justification for e in views] == [reason]
    assert audit(h, "case.view_refused", "hlt.officer")


def test_cancelling_the_reason_closes_the_window_without_a_look(qtbot, h):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    when_shown(ReasonDialog, lambda dialog: dialog.reject())
    assert case_open.open_case(None, h.db, h["hlt.officer"], second) is not None
    qtbot.waitUntil(lambda: not case_open.open_windows(), timeout=15_000)
    assert not [e for e in audit(h, "case.view", "hlt.officer") if e.object_ref == second]


def test_an_admin_is_told_cases_are_not_for_their_role(qtbot, h, monkeypatch):
    shown = []
    monkeypatch.setattr(case_open.errors, "show_error", lambda parent, exc: shown.append(exc.message))
    assert case_open.open_case(None, h.db, h.hub.sign_in("hub.admin"), REF) is None
    assert "officers, supervisors and decision makers" in shown[0]


def test_saving_the_panel_round_trips_through_the_hub(qtbot, h):
    window = opened(qtbot, h, "csc.officer")
    window.panels.editor.setPlainText("CSC-PANEL-V2: allocated to the family support team.")
    assert window.panels.is_dirty()
    with qtbot.waitSignal(window.panels.saved, timeout=15_000):
        window.save_action.trigger()
    assert not window.panels.is_dirty()
    assert panels.read_panel(h.db, h["csc.officer"], REF, "CSC").text.startswith("CSC-PANEL-V2")
    assert audit(h, "panel.write", "csc.officer")


def test_unsaved_text_is_kept_encrypted_and_offered_back(qtbot, h):
    window = opened(qtbot, h, "csc.officer")
    draft = "DRAFT-WORDS: mother phoned back at 16:10, partner has moved out."
    window.panels.editor.setPlainText(draft)
    window.panels.autosave()
    path = drafts.draft_path(h["csc.officer"], REF)
    assert path.is_file()
    blob = path.read_bytes()
    assert b"DRAFT-WORDS" not in blob and REF.encode() not in blob and b"csc.officer" not in str(path).encode()
    window.close_keeping_draft()
    qtbot.waitUntil(lambda: not case_open.open_windows(), timeout=5_000)

    again = opened(qtbot, h, "csc.officer")
    assert again.panels.draft_offered() and again.panels.text() == TEXTS["CSC-PANEL"]
    again.panels.restore_button.click()
    assert again.panels.text() == draft and again.panels.is_dirty()
    with qtbot.waitSignal(again.panels.saved, timeout=15_000):
        again.panels.save()
    assert not path.exists()  # saved: the draft is gone


def test_closing_with_unsaved_changes_asks_and_can_keep_a_draft(qtbot, h, monkeypatch):
    window = opened(qtbot, h, "csc.officer")
    window.panels.editor.setPlainText("CLOSE-WORDS")
    answers = [Unsaved.CANCEL, Unsaved.DRAFT]
    monkeypatch.setattr(case_window, "ask_unsaved", lambda parent: answers.pop(0))
    window.close()
    assert window.isVisible() and answers == [Unsaved.DRAFT]  # cancelled: still open
    window.close()
    qtbot.waitUntil(lambda: not case_open.open_windows(), timeout=5_000)
    assert drafts.load_draft(h["csc.officer"], REF).text == "CLOSE-WORDS"


def test_a_decision_maker_reads_the_panel_but_cannot_change_it(qtbot, h):
    window = opened(qtbot, h, "csc.decision")
    assert window.panels.editor.isReadOnly() and not window.save_action.isEnabled()
    assert window.panels.text() == TEXTS["CSC-PANEL"]


def test_opening_the_same_case_twice_brings_the_first_window_back(qtbot, h):
    window = opened(qtbot, h, "csc.officer")
    assert case_open.open_case(None, h.db, h["csc.officer"], REF.lower()) is window


def test_a_case_that_cannot_be_loaded_says_why_and_closes(qtbot, h, monkeypatch):
    shown = []
    monkeypatch.setattr(case_window.errors, "show_error", lambda parent, exc: shown.append(exc.message))
    assert case_open.open_case(None, h.db, h["csc.officer"], "MASH-2026-999999") is not None
    qtbot.waitUntil(lambda: not case_open.open_windows(), timeout=15_000)
    assert "MASH-2026-999999" in shown[0]


def test_every_action_has_a_shortcut_or_mnemonic_and_sections_have_keys(qtbot, h):
    window = opened(qtbot, h, "csc.officer")
    for action in window.findChildren(QAction):
        if action.text() and not action.isSeparator():
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    window.show_section(4)
    assert window.tabs.currentWidget() is window.panels
    assert window.panels.editor.tabChangesFocus()


def test_a_new_contact_shows_when_screening_is_due_and_a_rated_one_when_the_decision_is(qtbot, h):
    new = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    fresh = opened(qtbot, h, "csc.lead", new)  # screening a new contact is a supervisor's routine work
    header = all_text(fresh.findChild(CaseHeader))
    assert "Screening due:" in header and "Decision due:" not in header
    rated = opened(qtbot, h, "csc.officer")
    assert "Screening due" not in all_text(rated.findChild(CaseHeader))
