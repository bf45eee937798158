"""The intake form fits its dialog's default size: no sideways scrolling, also once an adult's details open."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from mash_desktop.gui.intake.dialog import IntakeDialog

from ..intake_helpers import click, fill_subject

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def dialog(qtbot, hub, settled, client_font):
    dialog = IntakeDialog(None, hub.db, hub.sign_in("csc.officer"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _scrolls_sideways(dialog: IntakeDialog) -> bool:
    QApplication.processEvents()
    form = dialog.form
    return form.horizontalScrollBar().isVisible() or form.widget().width() > form.viewport().width()


@pytest.mark.parametrize("born", ["21/12/1955", "01/03/2016"], ids=["adult", "child"])
def test_more_about_this_person_opens_without_a_horizontal_scroll_bar(qtbot, dialog, born):
    assert not _scrolls_sideways(dialog)
    fill_subject(qtbot, dialog, "Tanisha", "Francis", born)
    more = dialog.form.subjects.rows[0].more
    click(qtbot, more.toggle)
    qtbot.waitUntil(lambda: more.body.isVisible())
    assert more.needs.isVisible() == (born == "21/12/1955")
    assert not _scrolls_sideways(dialog)
    qtbot.keyClicks(more.ethnicity.lineEdit(), "White: English, Welsh, Scottish, Northern Irish or British")
    assert not _scrolls_sideways(dialog)


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")
def test_the_ethnicity_list_shows_each_category_whole(qtbot, dialog):
    more = dialog.form.subjects.rows[0].more
    click(qtbot, more.toggle)
    combo = more.ethnicity
    longest = max((combo.itemText(i) for i in range(combo.count())), key=combo.fontMetrics().horizontalAdvance)
    assert combo.minimumSizeHint().width() < combo.fontMetrics().horizontalAdvance(longest)  # it may be narrower
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    assert view.viewport().width() >= view.fontMetrics().horizontalAdvance(longest)
    combo.hidePopup()
