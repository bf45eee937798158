"""Sorting, searching and filtering the queue model."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel

from ..domain.codes import Rag, Status
from ..services.referrals import ReferralSummary
from .queue_model import SEARCH_ROLE, SORT_ROLE, Index, QueueModel

#: The RAG filter's value for referrals not rated yet.
UNRATED = "unrated"


@dataclass(frozen=True)
class QueueFilter:
    """Which referrals to show; the default shows every one."""

    rag: Rag | str | None = None  # a Rag, UNRATED, or None for any
    status: Status | None = None
    agency: str | None = None  # research requested from this agency
    mine: int | None = None  # the user id of "me" when only mine are wanted
    unallocated: bool = False
    overdue: bool = False

    def accepts(self, model: QueueModel, s: ReferralSummary) -> bool:
        if self.rag is not None and s.rag != (None if self.rag == UNRATED else self.rag):
            return False
        if self.status is not None and s.status is not self.status:
            return False
        if self.agency is not None and self.agency not in {code for code, _ in model.research_of(s)}:
            return False
        allocated = model.details.allocated_ids.get(s.reference)
        if self.mine is not None and allocated != self.mine:
            return False
        if self.unallocated and s.allocated_to is not None:
            return False
        return not self.overdue or model.is_overdue(s)


class QueueProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` (empty values last); searches and filters rows."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._filter = QueueFilter()
        self.setSortRole(SORT_ROLE)

    @property
    def queue_filter(self) -> QueueFilter:
        return self._filter

    def set_search(self, text: str) -> None:
        """Show only rows whose reference, subject or date of birth contains ``text``."""
        needle = text.strip().casefold()
        if needle != self._needle:
            self._refilter(lambda: setattr(self, "_needle", needle))

    def set_filter(self, queue_filter: QueueFilter) -> None:
        if queue_filter != self._filter:
            self._refilter(lambda: setattr(self, "_filter", queue_filter))

    def _refilter(self, change) -> None:
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if self._needle:
            index = model.index(source_row, 0, source_parent)
            if self._needle not in (index.data(SEARCH_ROLE) or ""):
                return False
        if self._filter == QueueFilter() or not isinstance(model, QueueModel):
            return True
        return self._filter.accepts(model, model.row_at(source_row))

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            # Rows without a value sort after every row with one.
            return a is not None and b is None
        return a < b
