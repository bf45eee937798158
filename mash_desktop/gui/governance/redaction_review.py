"""Reviewing a subject access response's redactions: confirm, lift with a reason, or add.

The table lists each redaction the hub suggests (another person's name,
address or date of birth; the referrer's details) and each phrase the
reviewer added, with the decision taken. Choosing a row puts its phrase in
the Phrase box; the buttons decide it. Every decision is signed by the
reviewer and kept; the latest about a phrase stands.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import subject_access as sar
from ...domain.subject_access import RedactionDecision, RedactionKind
from ...security.accounts import SignedIn
from ...services.subject_access import redactions
from ...services.subject_access.requests import RequestView
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..help import content as help_content
from ..help.window import help_button
from .tables import register_table

COLUMNS = ("Phrase", "What", "Whose", "Decision")


def decision_words(d: redactions.Decided | None) -> str:
    return "Undecided" if d is None else f"{d.decision.label} by {d.by}" + (f": {d.reason}" if d.reason else "")


class RedactionReviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, request: RequestView) -> None:
        super().__init__(parent)
        self.db, self.signed, self.request = db, signed, request
        self.review: redactions.Review | None = None
        self.kinds: dict[str, RedactionKind] = {}
        self.changed = False
        self.setWindowTitle(f"MASH Desktop — Redactions of request {request.id}")
        self.resize(1000, 560)
        self.table = register_table(COLUMNS, "Suggested and added redactions")
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(2, 240)
        label = QLabel("&Redactions:")
        label.setBuddy(self.table)
        self.phrase = QLineEdit()
        self.phrase.setAccessibleName("Phrase")
        self.phrase.setMaxLength(sar.MAX_PHRASE)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Needed to lift a redaction or add one")
        form = QFormLayout()
        form.addRow("&Phrase:", self.phrase)
        form.addRow("Rea&son:", self.reason)
        self.status = QLabel("Gathering what the hub holds…")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, run in (("confirm", "&Confirm", self.confirm), ("all", "Confirm all &undecided", self.all),
                               ("lift", "&Lift with reason", self.lift), ("add", "A&dd phrase", self.add)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(run)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.help_button = help_button(self, help_content.SUBJECT_ACCESS)
        box.addButton(self.help_button, QDialogButtonBox.ButtonRole.HelpRole)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Each phrase is shown in the response as {sar.MARKER} unless lifted. Confirm or "
                                "lift every suggestion before producing the response."))
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(box)
        self.table.itemSelectionChanged.connect(self._chosen)
        self._enable(False)
        self.load()

    def _enable(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)

    def load(self) -> None:
        self._enable(False)
        rid = self.request.id
        Operation(self, lambda: redactions.review(self.db, self.signed, rid)) \
            .success(self._loaded).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.status.setText(getattr(exc, "message", "That could not be done."))
        self._enable(self.review is not None)
        errors.show_error(self, exc)

    def _loaded(self, found: redactions.Review) -> None:
        self.review = found
        rows = [(s.suggestion.phrase, s.suggestion.kind, s.suggestion.whose, found.decided.get(s.suggestion.key))
                for s in found.suggested]
        rows += [(phrase, RedactionKind.PHRASE, "—", d) for phrase, d in found.added.values()]
        self.kinds = {sar.phrase_key(p): kind for p, kind, _, _ in rows}
        self.table.setRowCount(len(rows))
        for n, (phrase, kind, whose, d) in enumerate(rows):
            for column, text in enumerate((phrase, kind.label, whose, decision_words(d))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if d is None:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(n, column, item)
        altered = f" {len(found.altered)} decision(s) altered outside the hub: not trusted." if found.altered else ""
        self.status.setText(f"{len(found.hub.contacts)} contact(s); {len(found.suggested)} suggested, "
                            f"{len(found.pending)} undecided, {len(found.added)} added.{altered}")
        self._enable(True)

    def _chosen(self) -> None:
        picked = self.table.selectionModel().selectedRows()
        if picked:
            self.phrase.setText(self.table.item(picked[0].row(), 0).text())

    def _decide(self, decision: RedactionDecision) -> None:
        phrase, reason, rid = self.phrase.text(), self.reason.text(), self.request.id
        if not phrase.strip():
            self.status.setText("Choose a redaction or type a phrase.")
            return
        if decision is not RedactionDecision.CONFIRMED and not reason.strip():
            self.status.setText("Say why.")
            self.reason.setFocus()
            return
        kind = self.kinds.get(sar.phrase_key(phrase), RedactionKind.PHRASE)
        self._enable(False)
        Operation(self, lambda: redactions.decide(self.db, self.signed, rid, phrase, decision, reason, kind=kind)) \
            .success(lambda _: self._decided()).failure(self._failed).run()

    def _decided(self) -> None:
        self.changed = True
        self.reason.clear()
        self.load()

    def confirm(self) -> None:
        self._decide(RedactionDecision.CONFIRMED)

    def lift(self) -> None:
        self._decide(RedactionDecision.LIFTED)

    def add(self) -> None:
        self._decide(RedactionDecision.ADDED)

    def all(self) -> None:
        self._enable(False)
        rid = self.request.id
        Operation(self, lambda: redactions.confirm_all(self.db, self.signed, rid)) \
            .success(lambda _: self._decided()).failure(self._failed).run()
