"""Governance ▸ Subject access requests…: recording, reviewing and producing, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from mash_desktop.gui.common import background
from mash_desktop.gui.governance.menu import add_governance_menu
from mash_desktop.gui.governance.redaction_review import RedactionReviewDialog
from mash_desktop.gui.governance.subject_access import NewRequestDialog, SubjectAccessWindow
from mash_desktop.gui.help.window import HelpWindow
from mash_desktop.domain.subject_access import Requester
from mash_desktop.services.subject_access import requests
from tests import pdf_text

from ...services.subject_access.hub import sar_hub, sar_hub_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]


def _idle(qtbot) -> None:
    qtbot.waitUntil(lambda: background.running() == 0, timeout=20_000)


def test_record_review_and_produce_a_response(qtbot, sar_hub, tmp_path):
    h = sar_hub
    main = QMainWindow()
    qtbot.addWidget(main)
    actions = add_governance_menu(main, h.db, h["hub.ig"])
    assert "subject_access:open_subject_access" in actions
    actions["subject_access:open_subject_access"].trigger()
    window = main.findChild(SubjectAccessWindow)
    _idle(qtbot)
    assert window.status.text() == "No subject access request is recorded."

    form = window.new_request()
    assert isinstance(form, NewRequestDialog)
    _idle(qtbot)
    assert not form.ok_button.isEnabled()
    form.name.setText("ruby calder")
    form.find()
    _idle(qtbot)
    assert form.people.count() >= 1 and "Ruby Calder" in form.people.item(0).text()
    form.on_behalf.setChecked(True)
    form.requester_name.setText("Kerry Calder")
    assert form.problem() == "Say who asked and the basis of their authority."
    form.authority.setText("Mother with parental responsibility")
    assert form.problem() is None
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    _idle(qtbot)
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=10_000)
    assert window.table.item(0, 6).text().startswith("Open: due in")
    assert "Kerry Calder" in window.table.item(0, 3).text()

    review = window.review()
    assert isinstance(review, RedactionReviewDialog)
    _idle(qtbot)
    assert "undecided" in review.status.text()
    phrases = [review.table.item(r, 0).text() for r in range(review.table.rowCount())]
    assert "Dean Whitlock" in phrases and "Ruby Calder" not in phrases
    review.table.selectRow(phrases.index("Dean Whitlock"))
    assert review.phrase.text() == "Dean Whitlock"
    review.lift()
    assert review.status.text() == "Say why."
    review.all()
    _idle(qtbot)
    assert "0 undecided" in review.status.text()
    review.grab().save(str(tmp_path / "review.png"))
    review.close()

    window.save_to = lambda title, name: str(tmp_path / name)
    window.produce()
    assert window.progress.isVisible()
    _idle(qtbot)
    qtbot.waitUntil(lambda: "Produced" in window.status.text(), timeout=20_000)
    body = pdf_text.text(tmp_path / "subject-access-1.pdf")
    assert "Dean" not in body and "[redacted: third party]" in body
    assert (tmp_path / "subject-access-1-log.csv").exists()
    window.grab().save(str(tmp_path / "window.png"))


def test_the_window_and_its_dialogs_have_help(qtbot, sar_hub):
    h = sar_hub
    ruby = requests.find_people(h.db, h["hub.ig"], "ruby calder")[0].id
    requests.new_request(h.db, h["hub.ig"], ruby, Requester.SELF, requests.today())
    window = SubjectAccessWindow(None, h.db, h["hub.ig"])
    qtbot.addWidget(window)
    window.show()
    window.load()
    _idle(qtbot)
    assert window.buttons["extend"].isEnabled()
    for make in (lambda: window, window.new_request, window.extend, window.outcome, window.review):
        widget = make()
        _idle(qtbot)
        assert widget.help_button.text() == "&Help"
        qtbot.mouseClick(widget.help_button, Qt.MouseButton.LeftButton)
        helper = widget.window().findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
        assert helper is not None and helper.current.id == "subject-access"
        helper.close()
        if widget is not window:
            widget.reject()
    _idle(qtbot)


def test_an_officer_has_no_such_entry(qtbot, sar_hub):
    main = QMainWindow()
    qtbot.addWidget(main)
    actions = add_governance_menu(main, sar_hub.db, sar_hub["csc.officer"]) or {}
    assert "subject_access:open_subject_access" not in actions
