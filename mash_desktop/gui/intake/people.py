"""The people of a contact on the intake form: subjects and household members.

Each :class:`PersonRow` builds its part of the referral payload and names its
fields by the payload's keys (``given_name``, ``address.postcode``), so the
form can put each problem the domain finds next to the right field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import datetime as dt

from ...domain.intake import Gender
from ...domain.zone import HUB_ZONE
from .fields import DateField, code_combo, line, select_data
from .more import MemberAddress, MemberMore, SubjectMore, adult_on, same_address

_ADDRESS = ("line1", "line2", "town", "postcode")


class PersonRow(QFrame):
    """One subject (with address, school and GP) or household member."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, *, subject: bool) -> None:
        super().__init__()
        self.subject = subject
        self.person_id: object = None  # a person already known, kept from a prefill
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.remove = QPushButton("&Remove")
        self.remove.setAutoDefault(False)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        kind = "Subject" if subject else "Household member"
        self.given = line(f"{kind} given name")
        self.family = line(f"{kind} family name")
        self.born = DateField(f"{kind} date of birth")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.remove)
        grid = QGridLayout()
        grid.addWidget(QLabel("Given name"), 0, 0)
        grid.addWidget(self.given, 0, 1)
        grid.addWidget(QLabel("Family name"), 0, 2)
        grid.addWidget(self.family, 0, 3)
        grid.addWidget(QLabel("Date of birth"), 1, 0)
        grid.addWidget(self.born, 1, 1)
        self.fields: dict[str, QWidget] = {"given_name": self.given, "family_name": self.family,
                                           "date_of_birth": self.born}
        if subject:
            self._subject_fields(grid)
        else:
            self.relationship = line("Relationship to the subject", "e.g. mother, stepfather")
            self.same_address = QCheckBox("Lives at the first subject's address")
            grid.addWidget(QLabel("Relationship"), 1, 2)
            grid.addWidget(self.relationship, 1, 3)
            grid.addWidget(self.same_address, 2, 1, 1, 3)
            self.own = MemberAddress()
            grid.addWidget(self.own, 3, 0, 1, 4)
            self.fields["relationship"] = self.relationship
            self.fields |= {"address": self.own.address["line1"]}
            self.fields |= {f"address.{key}": widget for key, widget in self.own.address.items()}
            self.own.changed.connect(self.changed)
            self.same_address.toggled.connect(lambda same: self.own.setEnabled(not same))
            self.further = MemberMore()
            grid.addWidget(self.further, 4, 0, 1, 4)
            self.fields |= self.further.identifiers.fields()
            self.further.changed.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(grid)
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.changed)
        if not subject:
            self.same_address.toggled.connect(self.changed)

    def _subject_fields(self, grid: QGridLayout) -> None:
        self.due = DateField("Expected due date (unborn)")
        self.gender = code_combo("Gender", Gender)
        select_data(self.gender, Gender.UNKNOWN.value)
        self.gender.currentIndexChanged.connect(self.changed)
        self.address = {key: line(f"Address {label}", hint) for key, label, hint in (
            ("line1", "line 1", "house number and street"), ("line2", "line 2", ""),
            ("town", "town", ""), ("postcode", "postcode", "e.g. NG5 9QT"))}
        self.school = line("School")
        self.gp = line("GP")
        grid.addWidget(QLabel("or due date"), 1, 2)
        grid.addWidget(self.due, 1, 3)
        grid.addWidget(QLabel("Gender"), 2, 0)
        grid.addWidget(self.gender, 2, 1)
        address = QFormLayout()
        address.addRow("Address", self.address["line1"])
        address.addRow("", self.address["line2"])
        address.addRow("Town", self.address["town"])
        address.addRow("Postcode", self.address["postcode"])
        grid.addLayout(address, 3, 0, 1, 4)
        grid.addWidget(QLabel("School"), 4, 0)
        grid.addWidget(self.school, 4, 1)
        grid.addWidget(QLabel("GP"), 4, 2)
        grid.addWidget(self.gp, 4, 3)
        self.more = SubjectMore()
        grid.addWidget(self.more, 5, 0, 1, 4)
        self.more.changed.connect(self.changed)
        self.born.textChanged.connect(self._follow_age)
        self.fields |= {"expected_due_date": self.due, "gender": self.gender, "school": self.school,
                        "gp": self.gp, "address": self.address["line1"]}
        self.fields |= {f"address.{key}": widget for key, widget in self.address.items()}
        self.fields |= self.more.fields()

    def _follow_age(self) -> None:
        self.more.follow_age(adult_on(self.born.value(), dt.datetime.now(HUB_ZONE).date()))

    def address_payload(self) -> dict[str, str] | None:
        """The address typed, or None if every line of it is empty."""
        if not self.subject:
            return None
        values = {key: self.address[key].text() for key in _ADDRESS}
        return values if any(v.strip() for v in values.values()) else None

    def payload(self, first_address: dict[str, str] | None) -> dict[str, object]:
        data: dict[str, object] = {"given_name": self.given.text(), "family_name": self.family.text(),
                                   "date_of_birth": self.born.value()}
        if not self.subject:
            address = first_address if self.same_address.isChecked() else self.own.payload()
            return data | {"relationship": self.relationship.text(), "address": address,
                           **self.further.identifiers.payload()}
        return data | {
            "expected_due_date": self.due.value(),
            "gender": self.gender.currentData(),
            "address": self.address_payload(),
            "school": self.school.text(),
            "gp": self.gp.text(),
            **self.more.payload(),
        } | ({"person_id": self.person_id} if self.person_id is not None else {})

    def prefill(self, data: dict[str, object], first_address: object = None) -> None:
        self.given.setText(str(data.get("given_name") or ""))
        self.family.setText(str(data.get("family_name") or ""))
        self.born.set_iso(data.get("date_of_birth"))  # type: ignore[arg-type]
        if self.subject:
            self.due.set_iso(data.get("expected_due_date"))  # type: ignore[arg-type]
            select_data(self.gender, data.get("gender") or Gender.UNKNOWN.value)
            address = data.get("address") or {}
            for key in _ADDRESS:
                self.address[key].setText(str(address.get(key) or ""))  # type: ignore[union-attr]
            self.school.setText(str(data.get("school") or ""))
            self.gp.setText(str(data.get("gp") or ""))
            self.more.prefill(data)
            self.person_id = data.get("person_id")
            self._follow_age()
        else:
            self.relationship.setText(str(data.get("relationship") or ""))
            self.further.prefill(data)
            address = data.get("address")
            if same_address(address, first_address):
                self.same_address.setChecked(True)
            elif isinstance(address, dict):
                self.own.prefill(address)


class PeopleList(QWidget):
    """Rows of subjects (at least one) or of household members (any number)."""

    changed = Signal()

    def __init__(self, *, subjects: bool) -> None:
        super().__init__()
        self.subjects = subjects
        self.rows: list[PersonRow] = []
        self.add = QPushButton("Add &another subject" if subjects else "Add a household &member")
        self.add.setAutoDefault(False)
        self.add.clicked.connect(lambda: self.add_row())
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        if subjects:
            self.add_row()

    def add_row(self) -> PersonRow:
        row = PersonRow(subject=self.subjects)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self._rows.addWidget(row)
        self._renumber()
        self.changed.emit()
        return row

    def _remove(self, row: PersonRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._renumber()
        self.changed.emit()

    def _renumber(self) -> None:
        kind = "Subject" if self.subjects else "Household member"
        for number, row in enumerate(self.rows, 1):
            row.title.setText(f"{kind} {number}")
            row.remove.setAccessibleName(f"Remove {kind.lower()} {number}")
            row.remove.setVisible(not self.subjects or len(self.rows) > 1)

    def payload(self, first_address: dict[str, str] | None = None) -> list[dict[str, object]]:
        return [row.payload(first_address) for row in self.rows]

    def fields(self, key: str) -> dict[str, QWidget]:
        """Every field by its payload path, e.g. ``subjects[0].address.postcode``."""
        found: dict[str, QWidget] = {key: self.add}
        for index, row in enumerate(self.rows):
            found[f"{key}[{index}]"] = row
            found |= {f"{key}[{index}].{name}": widget for name, widget in row.fields.items()}
        return found

    def prefill(self, people: list[dict[str, object]], first_address: object = None) -> None:
        while len(self.rows) < len(people):
            self.add_row()
        for row, data in zip(self.rows, people):
            row.prefill(data, first_address)
