"""The bar above the queue: its order, then the filters (RAG, status, agency,
mine, unallocated, overdue).

Every control has a keyboard mnemonic (Alt+letter) and an accessible name;
each change applies at once to the queue model it was given (which loads again).
The order box says how the queue is sorted: most urgent first (the default),
or by a column, as a click on that column's header also sorts it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.codes import Rag, Status
from ...services.queue.query import UNRATED, QueueFilter, QueueSort
from .cells import Column
from .formats import rag_word, research_legend
from .model import QueueModel

ANY = "Any"
URGENT_FIRST = "Most urgent first"
URGENT_TIP = ("Overdue first (Red, then not rated yet, then Amber, then Green), then the rest by when they are "
              "due, then those with no clock (Blue, decided) by when they came in")


def legend_label() -> QLabel:
    """The Research column's marks in words, for beside the queue's heading."""
    label = QLabel(f"Research marks:  {research_legend()}")
    label.setAccessibleName("Research marks: " + research_legend(", "))
    label.setToolTip("What the marks in the Research column mean")
    label.setContentsMargins(16, 0, 8, 2)
    label.setStyleSheet("color: #4a4f57;")
    return label


def _combo(label_text: str, accessible: str) -> tuple[QLabel, QComboBox]:
    combo = QComboBox()
    combo.setAccessibleName(accessible)
    combo.addItem(ANY, None)
    label = QLabel(label_text)
    label.setBuddy(combo)
    return label, combo


class QueueFilterBar(QWidget):
    """Filter controls for ``model``; ``mine_id`` is the signed-in user's id, if any."""

    #: The filter changed (the model's query has it).
    changed = Signal()

    def __init__(self, model: QueueModel, mine_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._mine_id = mine_id
        order_label = QLabel("&Order:")
        self.order = QComboBox()
        self.order.setAccessibleName("Order of the queue")
        self.order.addItem(URGENT_FIRST, int(QueueSort.URGENCY))
        self.order.setItemData(0, URGENT_TIP, Qt.ItemDataRole.ToolTipRole)
        for column in Column:
            self.order.addItem(f"By {column.title.lower()}", int(column))
        self.order.setToolTip("How the queue is sorted; a click on a column header sorts by that column")
        order_label.setBuddy(self.order)
        rag_label, self.rag = _combo("R&AG:", "Filter by RAG rating")
        for rag in Rag:
            self.rag.addItem(rag_word(rag), rag)
        self.rag.addItem(rag_word(None), UNRATED)
        status_label, self.status = _combo("S&tatus:", "Filter by status")
        for status in Status:  # closed cases show only when asked for (or found by their whole reference)
            self.status.addItem(status.label, status)
        agency_label, self.agency = _combo("A&gency:", "Filter by agency asked for research")
        self.mine = QCheckBox("&Mine")
        self.mine.setToolTip("Only referrals allocated to you")
        self.mine.setVisible(mine_id is not None)
        self.unallocated = QCheckBox("&Unallocated")
        self.overdue = QCheckBox("O&verdue")
        self.by_household = QCheckBox("Group b&y household")
        self.by_household.setToolTip("Contacts about one family or address together, where its most urgent "
                                     "comes; H1, H2... beside each")
        self.clear = QPushButton("Clear filters")
        self.clear.setAccessibleName("Clear all queue filters")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (order_label, self.order, _gap(), rag_label, self.rag, status_label, self.status,
                       agency_label, self.agency, self.mine, self.unallocated, self.overdue, self.by_household):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.clear)

        for combo in (self.rag, self.status, self.agency):
            combo.currentIndexChanged.connect(self._apply)
        for box in (self.mine, self.unallocated, self.overdue):
            box.toggled.connect(self._apply)
        self.clear.clicked.connect(self.reset)
        self.by_household.toggled.connect(model.set_by_household)
        model.counts_changed.connect(self._reload_agencies)
        self.order.currentIndexChanged.connect(self._order_chosen)
        model.query_changed.connect(self._show_order)
        self._show_order()

    def current(self) -> QueueFilter:
        return QueueFilter(
            rag=self.rag.currentData(), status=self.status.currentData(), agency=self.agency.currentData(),
            mine=self._mine_id if self.mine.isChecked() else None,
            unallocated=self.unallocated.isChecked(), overdue=self.overdue.isChecked(),
        )

    def reset(self) -> None:
        for combo in (self.rag, self.status, self.agency):
            combo.setCurrentIndex(0)
        for box in (self.mine, self.unallocated, self.overdue):
            box.setChecked(False)

    def _order_chosen(self) -> None:
        sort = QueueSort(int(self.order.currentData()))
        if sort is QueueSort.URGENCY:
            self._model.sort_by_urgency()
        elif sort is not self._model.query.sort:
            self._model.sort(int(sort))

    def _show_order(self) -> None:
        """Show the model's order (a header click changes it too)."""
        wanted = int(self._model.query.sort)
        index = next((i for i in range(self.order.count()) if self.order.itemData(i) == wanted), -1)
        if index >= 0 and index != self.order.currentIndex():
            self.order.blockSignals(True)
            self.order.setCurrentIndex(index)
            self.order.blockSignals(False)

    def _apply(self) -> None:
        self._model.set_filter(self.current())
        self.changed.emit()

    def _reload_agencies(self) -> None:
        """Offer the agencies in the queue now, keeping the one chosen."""
        chosen = self.agency.currentData()
        codes = sorted(set(self._model.agencies) | ({chosen} if chosen else set()))
        if codes == [self.agency.itemData(i) for i in range(1, self.agency.count())]:
            return
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem(ANY, None)
        for code in codes:
            self.agency.addItem(code, code)
        self.agency.setCurrentIndex(max(0, self.agency.findData(chosen)) if chosen else 0)
        self.agency.blockSignals(False)


def _gap() -> QWidget:
    gap = QWidget()
    gap.setFixedWidth(12)
    return gap
