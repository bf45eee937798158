"""A refused, returned or withdrawn disclosure's reason reads whole in the workspace: its row grows to fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QTableWidget

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.gui.case.sections import disclosures_page
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.case.reader import WORKSPACE, open_case
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")]

LONG_REASON = ("Say which callout CSC needs: the date and the officer's summary of the May incident at 14 Larch "
               "Close, not the whole command and control log, which names neighbours who called and who have "
               "not agreed to their details being shared with anyone outside the police. Resubmit once the "
               "neighbours' names and the caller's number are taken out.")


def _page_with_returned(hub, reason: str):
    officer = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, officer, REF, "Two domestic callouts in May; no charges.")
    made = disclosures.disclose(hub.db, officer, REF, disclosures.DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.REFUSED, "Mother refused", HandlingCode.C,
        "Needed to assess risk", "Two domestic callouts in May; no charges."))
    disclosures.return_to_discloser(hub.db, hub.sign_in("pol.lead"), made, reason)
    case = open_case(hub.db, hub.sign_in("pol.officer"), REF, WORKSPACE, "Reading the returned disclosure.")
    return disclosures_page(case)


def _why_table(page) -> QTableWidget:
    [table] = [t for t in page.findChildren(QTableWidget) if t.accessibleName() == "refused or returned disclosures"]
    return table


def _shows_its_rows_whole(table: QTableWidget) -> bool:
    """As tall as its header and rows: every line shows, and no blank space below them."""
    shown = table.height() - table.horizontalHeader().height() - 2 * table.frameWidth()
    return table.rowHeight(0) <= shown <= table.rowHeight(0) + 8


@pytest.mark.parametrize("width", [700, 1000])
def test_a_long_reason_wraps_and_its_row_shows_all_of_it(qtbot, sup_hub, width):
    page = _page_with_returned(sup_hub, LONG_REASON)
    qtbot.addWidget(page)
    page.resize(width, 700)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    table = _why_table(page)
    qtbot.waitUntil(lambda: _shows_its_rows_whole(table))
    why = table.item(0, 5)
    assert why.text() == LONG_REASON
    cell = table.visualItemRect(why)
    assert cell.right() <= table.viewport().width()  # the column fits beside the others, no sideways scrolling
    metrics = table.fontMetrics()
    needed = metrics.boundingRect(QRect(0, 0, cell.width() - 8, 10_000), int(Qt.TextFlag.TextWordWrap), LONG_REASON)
    assert needed.height() > 2 * metrics.height()  # it takes several lines at this width...
    assert table.rowHeight(0) >= needed.height()  # ...and the row is as tall as they are

    page.resize(width + 300, 700)  # wider: fewer lines, and the table follows
    qtbot.waitUntil(lambda: table.rowHeight(0) < needed.height() and _shows_its_rows_whole(table))


def test_a_short_reason_keeps_one_line(qtbot, sup_hub):
    page = _page_with_returned(sup_hub, "Say which callout.")
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    table = _why_table(page)
    qtbot.waitUntil(lambda: _shows_its_rows_whole(table))
    assert table.rowHeight(0) < 3 * table.fontMetrics().height()
