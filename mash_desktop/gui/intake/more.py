""""More about this person": the fields of a person row kept folded away.

A subject's ethnicity, first language and need of an interpreter, NHS
number and unique pupil number, and for an adult (18 or over by date of
birth) their care and support needs and whether they have capacity; a
household member's own address when it is not the first subject's, and their
NHS number and UPN ("Further details"). The section opens by itself when a prefilled contact puts
anything in it, so nothing given is hidden or lost.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .fields import has_text, line, text_box
from .identifiers import KEYS as IDENTIFIER_KEYS, IdentifierFields

#: The 2021 census categories for England and Wales; any other text may be typed.
ETHNICITIES = (
    "Asian or Asian British: Bangladeshi", "Asian or Asian British: Chinese", "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani", "Asian or Asian British: any other Asian background",
    "Black, Black British, Caribbean or African: African", "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: any other Black background",
    "Mixed or multiple: White and Asian", "Mixed or multiple: White and Black African",
    "Mixed or multiple: White and Black Caribbean", "Mixed or multiple: any other mixed background",
    "White: English, Welsh, Scottish, Northern Irish or British", "White: Irish",
    "White: Gypsy or Irish Traveller", "White: Roma", "White: any other White background",
    "Other ethnic group: Arab", "Other ethnic group: any other ethnic group", "Not stated",
)
#: Has capacity: the choice shown and the value sent.
CAPACITY = (("Not known", None), ("Yes", True), ("No", False))
ADDRESS = ("line1", "line2", "town", "postcode")
ADULT_AGE = 18


def adult_on(born_iso: str, today: dt.date) -> bool:
    """Whether a person born on ``born_iso`` (ISO text, maybe not a date) is 18 or over on ``today``."""
    try:
        born = dt.date.fromisoformat(born_iso)
    except ValueError:
        return False
    return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= ADULT_AGE


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class Fold(QWidget):
    """A keyboard-reachable toggle that shows or hides its body."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.toggle = QToolButton()
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setAccessibleName(title.replace("&", ""))
        self.body = QWidget()
        self.body.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self._shown)

    def _shown(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)

    def open(self) -> None:
        self.toggle.setChecked(True)


class SubjectMore(Fold):
    """A subject's ethnicity, language, interpreter and, for an adult, care needs and capacity."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__("More about this &person")
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # As wide as the form gives it, not as its longest category: an adult's longer
        # labels would otherwise push the form past the dialog; the list shows them whole.
        self.ethnicity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.ethnicity.setMinimumContentsLength(24)
        self.ethnicity.addItems(["", *ETHNICITIES])
        self.ethnicity.setAccessibleName("Ethnicity")
        self.ethnicity.lineEdit().setPlaceholderText("choose or type, as the person describes it")
        self.language = line("First language", "e.g. English, Polish, British Sign Language")
        self.interpreter = QCheckBox("&Interpreter needed")
        self.needs = text_box("Care and support needs", lines=2, placeholder="for an adult (18 or over)")
        self.capacity = QComboBox()
        self.capacity.setAccessibleName("Has capacity")
        for label, value in CAPACITY:
            self.capacity.addItem(label, value)
        form = QFormLayout(self.body)
        form.addRow(_label("E&thnicity", self.ethnicity), self.ethnicity)
        form.addRow(_label("First &language", self.language), self.language)
        form.addRow("", self.interpreter)
        self.identifiers = IdentifierFields("Subject")
        self.identifiers.add_rows(form)
        for field in self.identifiers.fields().values():
            field.textChanged.connect(self.changed)
        self.needs_label = _label("Care and support &needs", self.needs)
        self.capacity_label = _label("Has &capacity", self.capacity)
        form.addRow(self.needs_label, self.needs)
        form.addRow(self.capacity_label, self.capacity)
        self.ethnicity.editTextChanged.connect(self.changed)
        self.language.textChanged.connect(self.changed)
        self.needs.textChanged.connect(self.changed)
        self.interpreter.toggled.connect(self.changed)
        self.capacity.currentIndexChanged.connect(self.changed)
        self.follow_age(False)

    def _has_adult_answers(self) -> bool:
        return has_text(self.needs) or self.capacity.currentData() is not None

    def follow_age(self, adult: bool) -> None:
        """Offer the adults' questions for an adult, or while they hold an answer."""
        shown = adult or self._has_adult_answers()
        for widget in (self.needs_label, self.needs, self.capacity_label, self.capacity):
            widget.setVisible(shown)

    def payload(self) -> dict[str, object]:
        return {"ethnicity": self.ethnicity.currentText(), "first_language": self.language.text(),
                "interpreter_needed": self.interpreter.isChecked(),
                "care_and_support_needs": self.needs.toPlainText(), "has_capacity": self.capacity.currentData(),
                **self.identifiers.payload()}

    def fields(self) -> dict[str, QWidget]:
        return {"ethnicity": self.ethnicity, "first_language": self.language,
                "interpreter_needed": self.interpreter, "care_and_support_needs": self.needs,
                "has_capacity": self.capacity, **self.identifiers.fields()}

    def prefill(self, data: dict[str, object]) -> None:
        self.ethnicity.setCurrentText(str(data.get("ethnicity") or ""))
        self.language.setText(str(data.get("first_language") or ""))
        self.interpreter.setChecked(data.get("interpreter_needed") is True)
        self.needs.setPlainText(str(data.get("care_and_support_needs") or ""))
        index = self.capacity.findData(data.get("has_capacity"))
        self.capacity.setCurrentIndex(max(index, 0))
        self.identifiers.prefill(data)
        if any(data.get(key) for key in ("ethnicity", "first_language", "interpreter_needed",
                                         "care_and_support_needs", *IDENTIFIER_KEYS)) \
                or data.get("has_capacity") is not None:
            self.open()


class MemberMore(Fold):
    """A household member's further details: their NHS number and UPN."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__("&Further details")
        self.identifiers = IdentifierFields("Household member")
        self.identifiers.add_rows(QFormLayout(self.body))
        for field in self.identifiers.fields().values():
            field.textChanged.connect(self.changed)

    def prefill(self, data: dict[str, object]) -> None:
        if self.identifiers.prefill(data):
            self.open()


class MemberAddress(Fold):
    """A household member's own address, used when they do not live at the first subject's."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__("Their &own address")
        self.address = {key: line(f"Household member address {label}", hint) for key, label, hint in (
            ("line1", "line 1", "house number and street"), ("line2", "line 2", ""),
            ("town", "town", ""), ("postcode", "postcode", "e.g. NG5 9QT"))}
        form = QFormLayout(self.body)
        form.addRow("Address", self.address["line1"])
        form.addRow("", self.address["line2"])
        form.addRow("Town", self.address["town"])
        form.addRow("Postcode", self.address["postcode"])
        for field in self.address.values():
            field.textChanged.connect(self.changed)

    def payload(self) -> dict[str, str] | None:
        values = {key: self.address[key].text() for key in ADDRESS}
        return values if any(v.strip() for v in values.values()) else None

    def prefill(self, address: dict[str, object]) -> None:
        for key in ADDRESS:
            self.address[key].setText(str(address.get(key) or ""))
        self.open()


def same_address(one: object, other: object) -> bool:
    """Whether two addresses (payload dicts, or None) are the same once blanks are read as empty."""
    if not isinstance(one, dict) or not isinstance(other, dict):
        return False
    return all(str(one.get(key) or "").strip() == str(other.get(key) or "").strip() for key in ADDRESS)
