"""The bar of filters above the queue: RAG, status, agency, mine, unallocated, overdue.

Every control has a keyboard mnemonic (Alt+letter) and an accessible name;
each change applies at once to the queue model it was given (which loads again).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.codes import Rag, Status
from ...services.queue.query import UNRATED, QueueFilter
from .formats import rag_word
from .model import QueueModel

ANY = "Any"


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
        rag_label, self.rag = _combo("R&AG:", "Filter by RAG rating")
        for rag in Rag:
            self.rag.addItem(rag_word(rag), rag)
        self.rag.addItem(rag_word(None), UNRATED)
        status_label, self.status = _combo("S&tatus:", "Filter by status")
        for status in Status:
            if status is not Status.CLOSED:
                self.status.addItem(status.label, status)
        agency_label, self.agency = _combo("A&gency:", "Filter by agency asked for research")
        self.mine = QCheckBox("&Mine")
        self.mine.setToolTip("Only referrals allocated to you")
        self.mine.setVisible(mine_id is not None)
        self.unallocated = QCheckBox("&Unallocated")
        self.overdue = QCheckBox("O&verdue")
        self.clear = QPushButton("Clear filters")
        self.clear.setAccessibleName("Clear all queue filters")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (rag_label, self.rag, status_label, self.status, agency_label, self.agency,
                       self.mine, self.unallocated, self.overdue):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.clear)

        for combo in (self.rag, self.status, self.agency):
            combo.currentIndexChanged.connect(self._apply)
        for box in (self.mine, self.unallocated, self.overdue):
            box.toggled.connect(self._apply)
        self.clear.clicked.connect(self.reset)
        model.counts_changed.connect(self._reload_agencies)

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
