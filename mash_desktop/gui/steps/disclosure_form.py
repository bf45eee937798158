"""The first page of the disclosure dialog: what to share, with whom, on what basis.

The agency's own panel is shown read-only; the person selects findings in it
and adds them to "What will be shared", which they may then edit (to leave
out what is not necessary). Every choice the record needs is asked for:
recipient, what kind of data is shared and the lawful basis it allows
(gui/steps/disclosure_basis.py), statutory gateway (optional), consent
position with its reason (required unless consent was given) or, when given,
from whom and covering whom, handling code, justification.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.codes import ConsentPosition, HandlingCode, StatutoryGateway
from ...services.case.disclosures import HUB, DisclosureRequest
from ...services.case.sharing import SharingState
from .disclosure_basis import BasisPicker
from .disclosure_summary import recipient_words
from ..common.form_widgets import choice_box, text_box


def _labelled(text: str, field: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setBuddy(field)
    layout.addWidget(label)
    layout.addWidget(field, 1)
    return box


class DisclosureForm(QWidget):
    """The inputs of a disclosure; ``changed`` fires whenever one changes."""

    changed = Signal()

    def __init__(self, agency_code: str) -> None:
        super().__init__()
        self.recipient_names: dict[str, str] = {}
        self.panel = text_box("Your agency's panel", 6)
        self.panel.setReadOnly(True)
        self.add_button = QPushButton("A&dd the selected text ↓")
        self.add_button.setAutoDefault(False)
        self.add_button.setEnabled(False)
        self.shared = text_box("What will be shared", 5, "Select findings in the panel above and add them here; "
                                                         "edit them to share only what is necessary.")
        self.count = QLabel()
        self.to = choice_box("Recipient", "Choose who receives it…", [])
        self.basis = BasisPicker()
        self.gateway = choice_box("Statutory gateway", "", [("None", None)] + [(g.label, g) for g in StatutoryGateway])
        self.gateway.setCurrentIndex(0)
        self.consent = choice_box("Consent position", "Choose the consent position…",
                                  [(c.label, c) for c in ConsentPosition])
        self.consent_reason = QLineEdit()
        self.consent_reason.setAccessibleName("Reason for the consent position")
        self.consent_reason_label = QLabel("Consent &reason:")
        self.consent_reason_label.setBuddy(self.consent_reason)
        self.consent_from = QLineEdit()
        self.consent_from.setAccessibleName("Consent given by")
        self.consent_from.setPlaceholderText("e.g. Mother (Kerry Smith)")
        self.consent_covering = QLineEdit()
        self.consent_covering.setAccessibleName("Whom the consent covers")
        self.consent_covering.setPlaceholderText("e.g. Mother and both children")
        self.handling = choice_box("Handling code", "Choose the handling code…", [(h.label, h) for h in HandlingCode])
        self.justification = text_box("Justification", 3, "Why sharing this is necessary and proportionate")

        left = QSplitter(Qt.Orientation.Vertical)
        panel_box = _labelled(f"Your agency's &panel ({agency_code}): select the findings to share", self.panel)
        panel_box.layout().addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        shared_box = _labelled("What will be s&hared:", self.shared)
        shared_box.layout().addWidget(self.count, 0, Qt.AlignmentFlag.AlignRight)
        left.addWidget(panel_box)
        left.addWidget(shared_box)
        form = QFormLayout()
        form.addRow("&To:", self.to)
        form.addRow(QLabel("<b>Lawful basis</b>"))
        form.addRow(self.basis)
        form.addRow("Statutory &gateway (optional):", self.gateway)
        form.addRow("&Consent:", self.consent)
        form.addRow(self.consent_reason_label, self.consent_reason)
        form.addRow("Consent from &whom:", self.consent_from)
        form.addRow("Consent co&vering whom:", self.consent_covering)
        self.consent_form = form
        form.addRow("Handling c&ode:", self.handling)
        form.addRow("&Justification:", self.justification)
        right = QWidget()
        right.setLayout(form)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left, 3)
        layout.addWidget(right, 2)

        self.panel.selectionChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.add_selection)
        self.shared.textChanged.connect(self._count_changed)
        for signal in (self.to.currentIndexChanged, self.basis.changed, self.consent.currentIndexChanged,
                       self.consent_reason.textChanged, self.consent_from.textChanged,
                       self.consent_covering.textChanged, self.handling.currentIndexChanged,
                       self.justification.textChanged, self.gateway.currentIndexChanged):
            signal.connect(self.changed)
        self.consent.currentIndexChanged.connect(self._consent_changed)
        self._count_changed()
        self._consent_changed()

    def show_state(self, state: SharingState) -> None:
        self.panel.setPlainText(state.panel.text or "")
        self.to.clear()
        self.to.add(recipient_words(HUB).capitalize(), HUB)
        for agency in state.recipients:
            self.to.add(f"{agency.code} — {agency.name} only", agency.code)
        self.to.setCurrentIndex(-1)
        self.recipient_names = {a.code: a.name for a in state.recipients}

    def add_selection(self) -> None:
        """Append the panel's selected text to what will be shared, as its own paragraph."""
        picked = self.panel.textCursor().selectedText().replace("\u2029", "\n").strip()
        if not picked:
            return
        current = self.shared.toPlainText().rstrip()
        self.shared.setPlainText(f"{current}\n\n{picked}" if current else picked)
        self.shared.setFocus()

    def _selection_changed(self) -> None:
        self.add_button.setEnabled(self.panel.textCursor().hasSelection())

    def _count_changed(self) -> None:
        count = len(self.shared.toPlainText().strip())
        self.count.setText(f"{count:,} character{'s' if count != 1 else ''} will be shared")
        self.changed.emit()

    def _consent_changed(self) -> None:
        given = self.consent.value() is ConsentPosition.GIVEN
        self.consent_reason.setPlaceholderText("Optional when consent was given" if given
                                               else "Required: why consent was refused or not sought")
        for field in (self.consent_from, self.consent_covering):
            self.consent_form.setRowVisible(field, given)

    def problem(self) -> str | None:
        """What is still missing, in the order the form asks for it."""
        if not self.shared.toPlainText().strip():
            return "Add the findings to share (select them in the panel, then Add the selected text)."
        if self.to.currentIndex() < 0:
            return "Choose who receives it."
        problem = self.basis.problem(None, "", "")
        if problem:
            return problem
        if self.consent.currentIndex() < 0:
            return "Choose the consent position."
        if self.consent.value() is not ConsentPosition.GIVEN and not self.consent_reason.text().strip():
            return f"Give the reason: {self.consent.value().label.lower()}."
        problem = self.basis.problem(self.consent.value(), *self._parties())
        if problem:
            return problem
        if self.handling.currentIndex() < 0:
            return "Choose the handling code."
        if not self.justification.toPlainText().strip():
            return "Record why this disclosure is necessary and proportionate."
        return None

    def _parties(self) -> tuple[str, str]:
        """Consent from whom and covering whom: asked (and kept) only when consent was given."""
        if self.consent.value() is not ConsentPosition.GIVEN:
            return "", ""
        return self.consent_from.text().strip(), self.consent_covering.text().strip()

    def request(self) -> DisclosureRequest:
        given_by, covering = self._parties()
        return DisclosureRequest(
            to=self.to.value(), basis=None, consent=self.consent.value(),
            consent_reason=self.consent_reason.text().strip() or None, handling=self.handling.value(),
            justification=self.justification.toPlainText().strip(), text=self.shared.toPlainText().strip(),
            gateway=self.gateway.value(), ground=self.basis.ground(), consent_from=given_by or None,
            consent_covering=covering or None)

    def recipient(self) -> str:
        to = self.to.value()
        return recipient_words(to, None if to == HUB else self.recipient_names.get(to))
