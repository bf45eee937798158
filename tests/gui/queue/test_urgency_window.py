"""The queue window shows the most urgent first, says so, and goes back to it after a column sort."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import Rag
from mash_desktop.gui.queue.filters import URGENT_FIRST
from mash_desktop.gui.queue.model import Column
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.services.case import casework
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.types import utcnow
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

from ..queue_helpers import column, wait_reloaded

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _contact(hub, received: dt.datetime, rag: Rag | None = None) -> str:
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}, "received_at": received.isoformat()}
    reference = add_referral(hub.db, hub.sign_in("csc.officer").actor, payload)
    if rag is not None:
        casework.run_step(hub.db, hub.sign_in("csc.lead").actor, reference, casework.set_rag, rag, "Seen")
    return reference


@pytest.fixture
def contacts(sup_hub) -> dict[str, str]:
    now = utcnow()
    return {
        "eight days unrated": _contact(sup_hub, now - dt.timedelta(days=8)),
        "recent red": _contact(sup_hub, now - dt.timedelta(minutes=30), Rag.RED),
        "overdue red": _contact(sup_hub, now - dt.timedelta(hours=6), Rag.RED),
        "overdue amber": _contact(sup_hub, now - dt.timedelta(days=10), Rag.AMBER),
        "blue": _contact(sup_hub, now - dt.timedelta(days=30), Rag.BLUE),
    }


def _window(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: window.model.complete and not window.loading, timeout=10_000)
    return window


def test_the_window_opens_most_urgent_first_and_returns_to_it(qtbot, sup_hub, contacts):
    window = _window(qtbot, sup_hub.db)
    order = column(window.model, Column.REFERENCE)
    assert set(order) == set(contacts.values()) | {REF}
    place = {name: order.index(reference) for name, reference in contacts.items()}
    assert place["overdue red"] == 0
    assert place["eight days unrated"] < place["overdue amber"]
    assert place["eight days unrated"] < place["recent red"]
    assert place["blue"] == len(order) - 1
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1 and window.filters.order.currentText() == URGENT_FIRST
    unrated = order.index(contacts["eight days unrated"])
    assert window.model.index(unrated, Column.DUE).data().startswith("overdue ")
    assert window.model.index(unrated, Column.DUE).data(Qt.ItemDataRole.ToolTipRole).startswith("Screening due ")
    assert window.model.index(unrated, Column.RECEIVED).data().endswith("(8d)")

    # By keyboard: Alt+O reaches the order box; choosing a column sorts by it and shows its arrow.
    order_box = window.filters.order
    wait_reloaded(qtbot, window, lambda: order_box.setCurrentIndex(order_box.findText("By waiting since")))
    assert column(window.model, Column.REFERENCE)[0] == contacts["blue"]  # the oldest first
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (Column.RECEIVED,
                                                                            Qt.SortOrder.AscendingOrder)
    wait_reloaded(qtbot, window, lambda: order_box.setCurrentIndex(0))
    assert header.sortIndicatorSection() == -1
    assert column(window.model, Column.REFERENCE) == order


def test_the_order_box_has_a_mnemonic_and_the_status_bar_a_legend(qtbot, sup_hub):
    window = _window(qtbot, sup_hub.db)
    labels = [w for w in window.filters.findChildren(type(window.legend_label)) if w.buddy() is window.filters.order]
    assert [label.text() for label in labels] == ["&Order:"]
    legend = window.legend_label.text()
    for words in ("○ requested", "◐ in progress", "✓ returned", "– nothing known"):
        assert words in legend
    assert "…" not in legend
