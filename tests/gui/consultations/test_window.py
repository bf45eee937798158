"""The consultations list: search, the "Not converted" filter, reading one, converting one."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.consultations.window import REFUSED, ConsultationList, show_consultations
from mash_desktop.gui.consultations.model import Column, topic_summary
from mash_desktop.gui.consultations.view import ConsultationView
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.services.consultations.records import get_consultation, record_consultation

from ..dialog_helpers import QUIET
from ..intake_helpers import click, fill_subject, fill_the_rest, ready

pytestmark = QUIET
NOW = dt.datetime.now(dt.timezone.utc)
LONG = ("A Year 4 pupil says her mum's partner shouts when he has been drinking and she hides in her room; "
        "is this a referral or early help?")


def _call(minutes_ago: int, name: str, question: str) -> dict:
    at = NOW - dt.timedelta(minutes=minutes_ago)
    return {"received_at": at.isoformat(), "caller": {"name": name, "organisation": "Hillside Primary",
                                                      "phone": "0115 496 0732"},
            "question": question, "advice": "Speak to the mother today."}


@pytest.fixture
def recorded(hub):
    officer = hub.sign_in("csc.officer")
    ids = [record_consultation(hub.db, officer.actor, _call(m, n, q)) for m, n, q in (
        (30, "Harriet Okonjo", LONG), (20, "Dev Patel", "Threshold for early help"),
        (10, "Amara Singh", "Sibling missing school"))]
    return officer, ids


@pytest.fixture
def window(qtbot, hub, recorded, settled):
    officer, _ = recorded
    shown = ConsultationList(hub.db, officer)
    qtbot.addWidget(shown)
    shown.show()
    _settle(qtbot, shown)
    return shown


def _settle(qtbot, window: ConsultationList) -> None:
    qtbot.waitUntil(lambda: not window.model.loading and window.model.total is not None, timeout=10_000)


def _column(window: ConsultationList, column: Column) -> list[str]:
    model = window.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_newest_first_with_summaries(window):
    assert _column(window, Column.CALLER) == ["Amara Singh", "Dev Patel", "Harriet Okonjo"]
    assert _column(window, Column.TOPIC)[2] == topic_summary(LONG) and _column(window, Column.TOPIC)[2].endswith("…")
    assert _column(window, Column.ADVICE) == ["Yes"] * 3
    assert _column(window, Column.CONVERTED) == ["Not converted"] * 3
    assert window.count_label.text() == "3 of 3 consultations shown, newest first"
    assert not window.open_button.isEnabled() and not window.convert_button.isEnabled()


def test_search_and_not_converted(qtbot, window):
    qtbot.keyClicks(window.search, "patel")
    qtbot.waitUntil(lambda: window.model.search == "patel" and not window.model.loading, timeout=5_000)
    assert _column(window, Column.CALLER) == ["Dev Patel"]
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.search == "" and not window.model.loading, timeout=5_000)
    assert window.model.rowCount() == 3
    window.search.setText("nobody like this")
    window.reload()
    _settle(qtbot, window)
    assert window.model.rowCount() == 0 and window.count_label.text() == "No consultations match."


def test_open_one_to_read_it(qtbot, window, recorded):
    window.table.selectRow(2)
    assert window.open_button.isEnabled()
    qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
    view = window.findChild(ConsultationView)
    assert view is not None and view.isVisible()
    assert view.question.toPlainText() == LONG and view.advice.toPlainText() == "Speak to the mother today."
    view.close()


def _complete_the_intake(qtbot, made: list[str]) -> None:
    intake = QApplication.activeModalWidget()
    assert isinstance(intake, IntakeDialog)
    assert intake.form.referrer.name.text() == "Dev Patel"
    qtbot.keyClicks(intake.form.referrer.source, "School")
    fill_subject(qtbot, intake, "Zainab", "Okafor", "02/03/2015")
    intake.form.concerns.details.clear()
    fill_the_rest(qtbot, intake)
    ready(qtbot, intake)
    click(qtbot, intake.submit)
    qtbot.waitUntil(lambda: intake.reference is not None, timeout=10_000)
    made.append(intake.reference)
    click(qtbot, intake.cancel)  # now "Close"


def test_convert_to_contact(qtbot, window, hub, recorded):
    officer, ids = recorded
    window.table.selectRow(1)
    assert window.convert_button.isEnabled()
    made: list[str] = []
    QTimer.singleShot(0, lambda: _complete_the_intake(qtbot, made))
    reference = window.convert_selected()
    assert made == [reference] and reference.startswith("MASH-")
    assert get_consultation(hub.db, officer.actor, ids[1]).converted_reference == reference
    _settle(qtbot, window)
    assert _column(window, Column.CONVERTED)[1] == reference

    click(qtbot, window.unconverted)
    _settle(qtbot, window)
    assert _column(window, Column.CALLER) == ["Amara Singh", "Harriet Okonjo"]
    window.table.selectRow(0)
    assert window.convert_button.isEnabled()


def test_refused_to_those_who_give_no_advice(qtbot, hub, shown_boxes, settled):
    admin = hub.sign_in("hub.admin")
    assert show_consultations(None, hub.db, admin) is None
    assert [box.text() for box in shown_boxes] == [REFUSED]


def test_case_menu_opens_the_list(qtbot, hub, recorded, settled, close_later):
    officer, _ = recorded
    main = close_later(MainWindow(hub.db, signed=officer))
    qtbot.addWidget(main)
    action = next(a for a, _, _ in main.case_menu.actions if a.text() == "Cons&ultations…")
    assert action.isEnabled()
    action.trigger()
    shown = main.findChild(ConsultationList)
    assert shown is not None and shown.isVisible()
    _settle(qtbot, shown)
    assert shown.model.rowCount() == 3
