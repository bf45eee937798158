"""Warnings in the client: badges in the case header, the Warnings dialog, adding and ending by keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from mash_desktop.domain.warnings import WarningKind
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.common import background
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.gui.people import warnings_dialog
from mash_desktop.gui.people.warning_badges import COLOURS, CaseWarnings
from mash_desktop.gui.people.warning_edit import AddWarningDialog, EndWarningDialog
from mash_desktop.services.people import warnings
from mash_desktop.store.models import Referral, ReferralPerson
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]
START = dt.date(2026, 5, 2)


@pytest.fixture
def backend():
    """The rules are the service's, tested on both databases there; the screens need one."""
    return "sqlite"


@pytest.fixture
def h(sup_hub, qtbot, close_later):
    sup_hub.close_later = close_later
    yield sup_hub
    qtbot.waitUntil(lambda: background.running() == 0, timeout=15_000)


def _subject(h) -> int:
    with h.db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
            Referral.reference == REF, ReferralPerson.is_subject.is_(True)))


def _activate(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _case(qtbot, h, username: str) -> CaseWindow:
    case = h.close_later(CaseWindow(h.db, h.sign_in(username), REF))
    with qtbot.waitSignal(case.loaded, timeout=20_000):
        case.show()
        case.load()
    return case


def test_the_header_shows_only_what_the_reader_may_see_in_words(qtbot, h):
    person = _subject(h)
    warnings.add_warning(h.db, h.sign_in("pol.officer"), person, WarningKind.MARAC, "Police only.", START)
    warnings.add_warning(h.db, h.sign_in("csc.officer"), person, WarningKind.WORKER_SAFETY, "Dog at the door.",
                         START)
    case = _case(qtbot, h, "csc.lead")
    strip = case.findChild(CaseWarnings)
    assert strip.isVisible() and [row.words for row in strip.rows] == [("Worker safety",)]
    name, badge = (strip.rows[0].layout().itemAt(i).widget() for i in (0, 1))
    assert badge.text() == "Worker safety" and COLOURS["Worker safety"][0] in badge.styleSheet()
    assert badge.accessibleName() == "Warning: Worker safety" and name.text().startswith("Ruby Calder (subject")
    assert all("MARAC" not in row.words for row in strip.rows)


def test_no_warnings_no_strip(qtbot, h):
    case = _case(qtbot, h, "csc.lead")
    strip = case.findChild(CaseWarnings)
    assert strip is not None and not strip.isVisible() and strip.rows == []


def test_the_dialog_lists_adds_and_ends_by_keyboard(qtbot, h, monkeypatch):
    person = _subject(h)
    warnings.add_warning(h.db, h.sign_in("pol.officer"), person, WarningKind.MARAC, "Police only.", START)
    case = _case(qtbot, h, "csc.lead")
    action = case.warnings.action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+X"
    assert action in case.menuBar().actions()[0].menu().actions()
    action.trigger()
    qtbot.waitUntil(lambda: case.warnings.dialog is not None and case.warnings.dialog.people != (),
                    timeout=15_000)
    dialog = case.warnings.dialog
    assert dialog.list.item(0).text().startswith("Ruby Calder (subject) — no warnings you may see")
    assert dialog.table.rowCount() == 0 and not dialog.end_button.isEnabled()

    def filled(form: AddWarningDialog) -> int:
        form.kind.choose(WarningKind.CP_PLAN)
        assert not form.ok.isEnabled() and "why" in form.why_not.text()
        form.reason.setPlainText("Plan agreed at the initial conference.")
        form.has_end.setChecked(True)
        form.end.setDate(form.start.date().addDays(-1))
        assert not form.ok.isEnabled() and "before the start" in form.why_not.text()
        form.has_end.setChecked(False)
        assert form.ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddWarningDialog, "exec", filled)
    _activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=15_000)
    assert dialog.table.item(0, 0).text() == "Child protection plan"
    assert dialog.table.item(0, 2).text() == "Your agency's" and dialog.table.item(0, 3).text() == "CSC"
    assert "Plan agreed at the initial conference." in dialog.details.toPlainText()
    assert dialog.status.text().startswith("Added a Child protection plan warning")
    assert dialog.end_button.isEnabled() and dialog.share_button.isEnabled()

    def ended(form: EndWarningDialog) -> int:
        assert not form.ok.isEnabled()
        form.reason.setPlainText("Plan ended at review.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EndWarningDialog, "exec", ended)
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text().startswith("ended"),
                    timeout=15_000)
    text = dialog.details.toPlainText()
    assert "Ended on" in text and "Plan ended at review." in text and "• " in text
    assert not dialog.end_button.isEnabled() and not dialog.share_button.isEnabled()
    with qtbot.waitSignal(case.loaded, timeout=20_000):  # closing after a change reloads the case
        dialog.reject()


def test_help_button_and_f1_open_the_warnings_section(qtbot, h):
    dialog = h.close_later(warnings_dialog.WarningsDialog(None, h.db, h.sign_in("csc.officer"), REF))
    _activate(qtbot, dialog)
    assert dialog.help_button.text() == "&Help" and dialog.help_button.isVisible()
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F1)
    helper = dialog.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert helper is not None and helper.isVisible() and helper.current.id == "person-warnings"
    helper.close()
    form = h.close_later(AddWarningDialog("Ruby Calder", START))
    _activate(qtbot, form)
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_F1)
    helper = form.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert helper is not None and helper.current.id == "person-warnings"
    helper.close()
    form.reject()


def test_the_queue_marks_a_subject_with_warnings_in_words(qapp):
    from mash_desktop.domain.codes import Status
    from mash_desktop.gui.queue.cells import Cells, Column
    from mash_desktop.services.intake.referrals import ReferralSummary
    from mash_desktop.services.queue.query import QueueRow

    now = dt.datetime(2026, 12, 3, 12, tzinfo=dt.timezone.utc)
    summary = ReferralSummary(REF, Status.NEW, None, now, None, "Ruby Calder", dt.date(2017, 6, 14), None)
    cells = Cells(now)
    plain, warned = QueueRow(1, summary, None), QueueRow(1, summary, None, warnings=("MARAC", "Worker safety"))
    assert cells.text(plain, Column.SUBJECT) == "Ruby Calder"
    assert cells.text(warned, Column.SUBJECT) == "Ruby Calder · ⚠ MARAC, Worker safety"
    assert "Warnings you may see on them: MARAC, Worker safety" in cells.tooltip(warned, Column.SUBJECT)
    assert cells.sort_key(warned, Column.SUBJECT) == "ruby calder"


def test_sharing_a_warning_is_an_ordinary_disclosure_the_recipient_then_sees(qtbot, h):
    from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
    from mash_desktop.gui.people.warning_share import WarningShareDialog
    from mash_desktop.services.case import panels
    from tests.gui.dialog_helpers import press_ok

    person = _subject(h)
    officer = h.sign_in("pol.officer")
    made = warnings.add_warning(h.db, officer, person, WarningKind.MARAC, "Heard at MARAC in May.", START)
    panels.write_panel(h.db, officer, REF, "Police research.")
    with h.db.read() as s:
        [view] = warnings.visible_warnings(s, officer, [person])[person]
    dialog = WarningShareDialog(None, h.db, officer, REF, view, "Ruby Calder")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.state is not None, timeout=10_000)
    form = dialog.form
    assert form.shared.isReadOnly() and "MARAC" in form.shared.toPlainText()
    assert "Reason: Heard at MARAC in May." in form.shared.toPlainText()
    form.to.choose("CSC")
    form.basis.choose(LawfulBasis.DPA_PART3_S35_SCH8_4)
    form.consent.choose(ConsentPosition.GIVEN)
    qtbot.keyClicks(form.consent_from, "Ruby's mother")
    qtbot.keyClicks(form.consent_covering, "Ruby and her mother")
    form.handling.choose(HandlingCode.C)
    qtbot.keyClicks(form.justification, "CSC is assessing risk to Ruby")
    press_ok(qtbot, dialog)  # the summary to check
    assert dialog.on_summary and "MARAC" in dialog.preview.toPlainText()
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None, timeout=10_000)
    csc = h.sign_in("csc.lead")
    with h.db.read() as s:
        seen = warnings.visible_warnings(s, csc, [person])[person]
    assert [(w.id, w.kind, w.source, w.disclosure_id) for w in seen] == [
        (made, WarningKind.MARAC, "shared", dialog.disclosure_id)]
