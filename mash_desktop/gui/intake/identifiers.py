"""A person's NHS number and unique pupil number (UPN) on the intake form.

Both are optional and typed as the person has them ("943 476 5919"); the
form's check (domain/identifiers.py, through domain/intake.py) marks a number
whose check digit fails as the worker types. A subject's are in "More about
this person"; a household member's in their "Further details", which opens
by itself when a prefilled contact gives one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from .fields import line

KEYS = ("nhs_number", "upn")


class IdentifierFields:
    """The two fields and their labels (with mnemonics), for a form layout."""

    def __init__(self, kind: str) -> None:
        self.nhs = line(f"{kind} NHS number", "e.g. 943 476 5919")
        self.upn = line(f"{kind} unique pupil number (UPN)", "e.g. B801200005001")
        for field, sample in ((self.nhs, "000 000 00000"), (self.upn, "A000000000000")):
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance(sample) + 40)

    def add_rows(self, form: QFormLayout) -> None:
        for text, field in (("N&HS number", self.nhs), ("&UPN (pupil number)", self.upn)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)

    def fields(self) -> dict[str, QLineEdit]:
        return {"nhs_number": self.nhs, "upn": self.upn}

    def payload(self) -> dict[str, str]:
        return {"nhs_number": self.nhs.text(), "upn": self.upn.text()}

    def prefill(self, data: dict[str, object]) -> bool:
        """Fill from a payload; whether it gave either number."""
        for key, field in self.fields().items():
            field.setText(str(data.get(key) or ""))
        return any(data.get(key) for key in KEYS)
