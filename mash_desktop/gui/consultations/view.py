"""One consultation, read-only: who called, about what, the advice given and what became of it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...services.consultations.records import ConsultationRecord
from ...services.intake.referrals import HUB_ZONE

TITLE = "MASH Desktop — Consultation"


def _label(text: str | None) -> QLabel:
    label = QLabel(text or "—")
    label.setTextFormat(Qt.TextFormat.PlainText)  # a caller's name never turns into markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _text(text: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setReadOnly(True)
    box.setAccessibleName(name)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * 4 + 12)
    return box


class ConsultationView(QDialog):
    """The whole of one consultation, for reading."""

    def __init__(self, parent: QWidget | None, record: ConsultationRecord) -> None:
        super().__init__(parent)
        self.record = record
        self.setWindowTitle(f"{TITLE} of {record.received_at.astimezone(HUB_ZONE):%d/%m/%Y}")
        local = record.received_at.astimezone(HUB_ZONE)
        self.question = _text(record.question, "The question asked")
        self.advice = _text(record.advice, "The advice given")
        form = QFormLayout()
        for label, widget in (
                ("When", _label(f"{local:%d/%m/%Y %H:%M %Z}")), ("Caller", _label(record.caller_name)),
                ("Role", _label(record.caller_role)), ("Organisation", _label(record.caller_organisation)),
                ("Agency", _label(record.caller_agency)), ("Phone", _label(record.caller_phone)),
                ("Email", _label(record.caller_email)), ("Question", self.question),
                ("Advice given", self.advice), ("Advised by", _label(record.given_by)),
                ("Contact", _label(f"Made into contact {record.converted_reference}"
                                   if record.converted_reference else "Not made into a contact"))):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(600, 560)


def show_consultation(parent: QWidget | None, record: ConsultationRecord) -> ConsultationView:
    """Show ``record`` in a window of its own (not modal) and return it."""
    view = ConsultationView(parent, record)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view
