"""The Cost share tab: the hub's costs divided between its active partners.

The figures start at the founding partners' plan (DOMAIN.md) and can be
changed; every change recomputes at once from the partners loaded (the
sharing itself is domain/cost_share.py). With equal shares between the
leads, the Lead column's boxes choose the lead partners (at first the two
with most seats).
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.cost_share import FOUNDING_COSTS, Basis, CostShare, Costs, Partner, default_leads, share_costs
from ...domain.errors import FieldError
from ...security.accounts import SignedIn
from ...services.admin.partners import Partners, load_partners
from ...store.database import Database
from ..common import errors
from .tables import key_table
from ..common.background import Operation
from ..common.form_widgets import note_label

HEADERS = ("Code", "Agency", "Seats", "Lead", "Revenue a year", "Capital (once)", "First year")
LEAD_COLUMN = 3
MAX_POUNDS = 100_000_000


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _pounds_box(name: str, value: Decimal) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_POUNDS)
    box.setPrefix("£")
    box.setGroupSeparatorShown(True)
    box.setValue(int(value))
    box.setAccessibleName(name)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance(f"£{MAX_POUNDS:,}") + 40)
    return box


class CostShareTab(QWidget):
    """Inputs for the hub's costs, the basis of sharing, and a share per agency."""

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.partners: list[Partner] = []
        self.leads: set[str] = set()
        self.result: CostShare | None = None
        self.revenue = _pounds_box("Annual revenue cost", FOUNDING_COSTS.revenue)
        self.capital = _pounds_box("Capital cost", FOUNDING_COSTS.capital)
        self.base_seats = QSpinBox()
        self.base_seats.setRange(0, 10_000)
        self.base_seats.setValue(FOUNDING_COSTS.base_seats)
        self.base_seats.setAccessibleName("Seats the costs cover")
        self.base_seats.setMinimumWidth(self.revenue.minimumWidth())
        self.seat_revenue = _pounds_box("Price per added seat a year", FOUNDING_COSTS.seat_revenue)
        self.seat_capital = _pounds_box("Capital per added seat", FOUNDING_COSTS.seat_capital)
        self.by_seats = QRadioButton("By &seats")
        self.equal = QRadioButton("&Equal shares between the lead partners; others pay the seat price")
        self.basis = QButtonGroup(self)
        self.basis.addButton(self.by_seats)
        self.basis.addButton(self.equal)
        self.equal.setChecked(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Annual &revenue cost:", self.revenue)
        form.addRow("&Capital cost (once):", self.capital)
        form.addRow("Seats these &cover:", self.base_seats)
        form.addRow("Price per added seat, a &year:", self.seat_revenue)
        form.addRow("Capital per added seat (&once):", self.seat_capital)
        bases = QHBoxLayout()
        bases.addWidget(self.by_seats)
        bases.addWidget(self.equal)
        bases.addStretch(1)
        form.addRow("Share:", bases)
        self.table = key_table(HEADERS, "Cost share by agency")
        self.table.setSortingEnabled(False)
        self.summary = note_label("done", "costSummary")
        self.problem = note_label("refusal", "costProblem")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        for box in (self.revenue, self.capital, self.base_seats, self.seat_revenue, self.seat_capital):
            box.valueChanged.connect(self.recompute)
        self.basis.buttonToggled.connect(lambda *_: self.recompute())
        self.table.itemChanged.connect(self._lead_toggled)

    def reload(self) -> None:
        Operation(self, partial(load_partners, self.db, self.signed)).success(self._loaded) \
            .failure(lambda exc: errors.show_error(self, exc)).run()

    def _loaded(self, partners: Partners) -> None:
        self.partners = [Partner(r.code, r.name, r.seats) for r in partners.rows if r.active]
        codes = {p.code for p in self.partners}
        self.leads = (self.leads & codes) or set(default_leads(self.partners))
        self.recompute()

    def costs(self) -> Costs:
        return Costs(Decimal(self.revenue.value()), Decimal(self.capital.value()), self.base_seats.value(),
                     Decimal(self.seat_revenue.value()), Decimal(self.seat_capital.value()))

    def chosen_basis(self) -> Basis:
        return Basis.SEATS if self.by_seats.isChecked() else Basis.EQUAL_LEADS

    def recompute(self) -> None:
        partners = [Partner(p.code, p.name, p.seats, p.code in self.leads) for p in self.partners]
        try:
            self.result = share_costs(partners, self.costs(), self.chosen_basis())
        except FieldError as exc:
            self.result = None
            self.problem.setText(f"These figures cannot be shared: {exc.problem}.")
            self.problem.setVisible(True)
            self.summary.setVisible(False)
            self._fill(partners, None)
            return
        self.problem.setVisible(False)
        self._fill(partners, self.result)
        r = self.result
        self.summary.setText(
            f"{r.seats} seats ({r.added_seats} beyond the {r.costs.base_seats} the costs cover): "
            f"{money(r.revenue)} a year and {money(r.capital)} capital, {money(r.revenue + r.capital)} "
            f"in the first year. {r.basis.label}.")
        self.summary.setVisible(True)

    def _fill(self, partners: list[Partner], result: CostShare | None) -> None:
        shares = {s.code: s for s in result.shares} if result else {}
        equal = self.chosen_basis() is Basis.EQUAL_LEADS
        self.table.blockSignals(True)
        self.table.setRowCount(len(partners) + (1 if result else 0))
        for row, p in enumerate(partners):
            share = shares.get(p.code)
            cells = [p.code, p.name, p.seats, "", *(money(v) for v in (
                (share.revenue, share.capital, share.revenue + share.capital) if share else ()))]
            for column in range(len(HEADERS)):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, cells[column] if column < len(cells) else "")
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
            lead = self.table.item(row, LEAD_COLUMN)
            lead.setData(Qt.ItemDataRole.UserRole, p.code)
            if equal:
                lead.setFlags(lead.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                lead.setCheckState(Qt.CheckState.Checked if p.lead else Qt.CheckState.Unchecked)
                lead.setToolTip(f"Tick if {p.code} is a lead partner: the leads share equally what the "
                                "others' seats do not pay for")
            else:
                lead.setText("—")
                lead.setToolTip("Lead partners matter only for equal shares")
        if result:
            self._total_row(len(partners), result)
        self.table.blockSignals(False)

    def _total_row(self, row: int, result: CostShare) -> None:
        font = QFont(self.table.font())
        font.setBold(True)
        cells = ["", "Total", result.seats, "", money(result.revenue), money(result.capital),
                 money(result.revenue + result.capital)]
        for column, value in enumerate(cells):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.DisplayRole, value)
            item.setFont(font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if column >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _lead_toggled(self, item: QTableWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if item.column() != LEAD_COLUMN or not code:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self.leads.add(code)
        else:
            self.leads.discard(code)
        QTimer.singleShot(0, self.recompute)  # not while Qt is still delivering this item's change

    def set_lead(self, code: str, lead: bool) -> None:
        """Tick or untick an agency's Lead box, as a person would."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, LEAD_COLUMN)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if lead else Qt.CheckState.Unchecked)
