"""The person chronology window: opened from a case, filtered, added to, finished and reopened, by keyboard too."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from sqlalchemy import select

from mash_desktop.domain.chronology import Category, EntryInput, Significance
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.common import background
from mash_desktop.gui.common.reason_prompt import ReasonPrompt
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.gui.people import chronology_actions
from mash_desktop.gui.people.chronology_entry import EntryDialog
from mash_desktop.gui.people.chronology_open import PersonChooser
from mash_desktop.gui.people.chronology_window import ChronologyWindow
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.people import chronology
from mash_desktop.store.models import Referral, ReferralPerson
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE

pytestmark = [pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]


@pytest.fixture
def h(doc_hub, qtbot, close_later):
    doc_hub.close_later = close_later
    yield doc_hub
    qtbot.waitUntil(lambda: background.running() == 0, timeout=15_000)


def ruby(h) -> int:
    with h.db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
            Referral.reference == REF, ReferralPerson.is_subject.is_(True)))


def opened(qtbot, h, username: str = "csc.officer") -> ChronologyWindow:
    window = h.close_later(ChronologyWindow(h.db, h[username], ruby(h), "Ruby Calder", REF))
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.load()
    return window


def rows(window: ChronologyWindow) -> list[str]:
    return [window.table.item(r, 3).text() for r in range(window.table.rowCount())]


def _activate(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_from_the_case_the_reader_chooses_whose_chronology_and_it_opens(qtbot, h):
    case = h.close_later(CaseWindow(h.db, h["csc.officer"], REF))
    with qtbot.waitSignal(case.loaded, timeout=20_000):
        case.show()
        case.load()
    action = case.chronology.action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+Y"
    assert action in case.menuBar().actions()[0].menu().actions()
    action.trigger()
    qtbot.waitUntil(lambda: case.chronology.chooser is not None, timeout=10_000)
    chooser = case.chronology.chooser
    assert chooser.list.count() == 3 and chooser.list.item(0).text().startswith("Ruby Calder (born 14 Jun 2017)")
    assert chooser.help_button.text() == "&Help"
    chooser.accept()
    qtbot.waitUntil(lambda: bool(case.findChildren(ChronologyWindow)), timeout=10_000)
    [window] = case.findChildren(ChronologyWindow)
    qtbot.waitUntil(lambda: window.chronology is not None, timeout=20_000)
    assert "Ruby Calder" in window.header.text() and REF in window.header.text()
    shown = rows(window)
    assert shown[0].startswith("Contact received") and any(r.startswith("Decision: Early help") for r in shown)


def test_filters_and_details_show_only_what_the_reader_may_read(qtbot, h):
    window = opened(qtbot, h)
    everything = rows(window)
    window.category_box.setCurrentIndex(window.category_box.findData(Category.DISCLOSURE.value))
    assert rows(window) and all("shared information" in r for r in rows(window))
    assert window.count.text() == f"{len(rows(window))} of {len(everything)} shown"
    details = []
    for r in range(window.table.rowCount()):
        window.table.selectRow(r)
        details.append(window.details.toPlainText())
    assert any(TEXTS["POL-TO-HUB"] in d for d in details)
    assert not any(TEXTS["POL-TO-HLT"] in d or TEXTS["POL-PENDING"] in d for d in details)
    window.show_box.setCurrentIndex(2)  # entries added by staff only
    assert rows(window) == [] and window.details.toPlainText() == ""
    assert not window.actions.edit_action.isEnabled()


def test_an_entry_added_in_the_dialog_is_listed_then_finish_and_reopen(qtbot, h, monkeypatch):
    window = opened(qtbot, h)
    dialog = EntryDialog(window, h.db, h["csc.officer"], ruby(h), None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=10_000)
    assert not dialog.ok_button.isEnabled() and "category" in dialog.hint.text()
    dialog.day.setDate(QDate(2026, 11, 21))
    dialog.category.choose(Category.HEALTH)
    dialog.source.setText("School nurse")
    dialog.significance.choose(Significance.HIGH)
    dialog.analysis.setPlainText("GUI-ANALYSIS: a healing burn on the forearm.")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.ok_button.click()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.reload()
    window.show_box.setCurrentIndex(2)
    assert rows(window) == ["GUI-ANALYSIS: a healing burn on the forearm."]
    assert "School nurse" in window.details.toPlainText() and window.actions.edit_action.isEnabled()

    [added] = window.shown
    chronology.edit_entry(h.db, h["csc.lead"], added.entry_id, EntryInput(
        added.day, Category.HEALTH, "School nurse", Significance.MEDIUM, "GUI-ANALYSIS: reviewed, healed."))
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: "Earlier versions" in window.details.toPlainText(), timeout=10_000)
    assert "version 2" in window.details.toPlainText() and "Version 1, by CSC Officer" in window.details.toPlainText()
    assert "a healing burn on the forearm" in window.details.toPlainText().split("Earlier versions")[1]

    lead = opened(qtbot, h, "csc.lead")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(lead.loaded, timeout=20_000):
        lead.actions.finish_action.trigger()
    assert "Finished by CSC Lead" in lead.header.text()
    assert not lead.actions.add_action.isEnabled() and lead.actions.reopen_action.isEnabled()

    def answer(prompt: ReasonPrompt) -> int:
        prompt.reason_edit.setPlainText("A new contact came in from the school.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReasonPrompt, "exec", answer)
    with qtbot.waitSignal(lead.loaded, timeout=20_000):
        lead.actions.reopen_action.trigger()
    assert "Reopened by CSC Lead" in lead.header.text() and "A new contact came in" in lead.header.text()
    assert lead.actions.add_action.isEnabled() and lead.actions.finish_action.isEnabled()


def test_an_officer_may_add_but_not_finish_and_a_contact_outside_the_agency_asks_why(qtbot, h):
    subject = EXAMPLE["subjects"][0] | {"person_id": ruby(h)}
    add_referral(h.db, h["hlt.officer"].actor, EXAMPLE | {"received_at": "2026-11-27T09:15:00+00:00",
                                                           "subjects": [subject], "household": [],
                                                           "referrer": EXAMPLE["referrer"] | {"agency": None}})
    window = h.close_later(ChronologyWindow(h.db, h["csc.officer"], ruby(h), "Ruby Calder", REF))
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.findChild(ReasonPrompt) is not None, timeout=20_000)
    prompt = window.findChild(ReasonPrompt)
    assert "MASH-2026-000002" in prompt.findChildren(type(window.header))[0].text()
    assert prompt.help_button is not None
    prompt.reason_edit.setText("Strategy discussion tomorrow")
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        prompt.accept()
    assert window.chronology.references[-1] == "MASH-2026-000002" and window.reason == "Strategy discussion tomorrow"
    actions = window.actions
    assert actions.add_action.isEnabled() and not actions.finish_action.isEnabled()
    assert "supervisor" in actions.finish_action.statusTip()
    chronology.add_entry(h.db, h["csc.officer"], ruby(h), EntryInput(dt.date(2026, 11, 28), Category.OTHER, "x",
                                                                     Significance.LOW, "y"), "Strategy discussion")


def test_keyboard_reaches_every_action_and_f1_opens_the_guidance(qtbot, h):
    window = opened(qtbot, h)
    keys = {a.text(): a.shortcut().toString() for a in chronology_actions.ChronologyActions.all(window.actions)}
    assert keys == {"&Add entry…": "Ctrl+N", "&Change entry…": "Ctrl+E", "&Finish…": "Ctrl+Shift+F",
                    "&Reopen…": "Ctrl+Shift+R", "&Print to PDF…": "Ctrl+P"}
    assert [a.text() for a in window.menuBar().actions()] == ["C&hronology", "&Help"]
    _activate(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    helper = window.findChild(HelpWindow)
    assert helper is not None and helper.current.id == "person-chronology"
    helper.close()
    for dialog in (EntryDialog(window, h.db, h["csc.officer"], ruby(h), None),
                   PersonChooser(chronology.people_of(h.db, h["csc.officer"], REF), REF, window)):
        qtbot.addWidget(dialog)
        _activate(qtbot, dialog)
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F1)
        helper = dialog.findChild(HelpWindow)
        assert helper is not None and helper.current.id == "person-chronology"
        helper.close()
        dialog.reject()
