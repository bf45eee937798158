"""The lawful basis of a disclosure, asked as the law sets it out.

First what kind of data is shared (ticked in a list: Space ticks the item
with the focus); then only the grounds that kind allows
(domain/lawful_basis.choices): the Article 6 basis, the Article 9 condition
for special-category data, the Article 10 condition for criminal-offence
data, or for law-enforcement processing the Schedule 8 condition instead.
Rows that do not apply are hidden, and a choice no longer offered is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QListWidget, QListWidgetItem, QSizePolicy, QWidget

from ...domain.codes import ConsentPosition, LawfulBasis
from ...domain.lawful_basis import (Article6, Article9, Article10, DataKind, LawfulGround, Schedule8, choices,
                                    from_legacy, incoherent)
from ..common.form_widgets import ChoiceBox, choice_box

#: What the list offers (the "kind not recorded" of older disclosures is not asked for).
OFFERED_KINDS = tuple(k for k in DataKind if k is not DataKind.SPECIAL)


class BasisPicker(QWidget):
    """Kinds of data, then the grounds they allow; ``changed`` fires on any change."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.kinds = QListWidget()
        self.kinds.setAccessibleName("Kind of data shared")
        self.kinds.setWordWrap(True)
        self.kinds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kinds.setMaximumHeight(self.kinds.fontMetrics().height() * (len(OFFERED_KINDS) + 1) + 8)
        for kind in OFFERED_KINDS:
            item = QListWidgetItem(kind.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.kinds.addItem(item)
        self.article6 = choice_box("UK GDPR Article 6 basis", "Choose the Article 6 basis…", [])
        self.article9 = choice_box("Article 9 condition with DPA 2018 Schedule 1", "Choose the Article 9 condition…",
                                   [])
        self.article10 = choice_box("Article 10 condition through DPA 2018 Schedule 1",
                                    "Choose the Article 10 condition…", [])
        self.schedule8 = choice_box("DPA 2018 Schedule 8 condition", "Choose the Schedule 8 condition…", [])
        self.part3 = QLabel("DPA 2018 Part 3 s35, in place of UK GDPR Articles 6, 9 and 10.")
        self.part3.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        kinds_label = QLabel("&Kind of data shared:")
        kinds_label.setBuddy(self.kinds)
        self.form.addRow(kinds_label, self.kinds)
        self.form.addRow("Law enforcement:", self.part3)
        self.form.addRow("Article &6 basis:", self.article6)
        self.form.addRow("Article &9 condition:", self.article9)
        self.form.addRow("Article 1&0 condition:", self.article10)
        self.form.addRow("Schedule &8 condition:", self.schedule8)
        self.kinds.itemChanged.connect(self._kinds_changed)
        for box in self._boxes():
            box.currentIndexChanged.connect(self.changed)
        self._kinds_changed()

    def _boxes(self) -> tuple[ChoiceBox, ...]:
        return self.article6, self.article9, self.article10, self.schedule8

    def checked(self) -> frozenset[DataKind]:
        return frozenset(DataKind(self.kinds.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.kinds.count())
                         if self.kinds.item(i).checkState() == Qt.CheckState.Checked)

    def _kinds_changed(self) -> None:
        offered = choices(self.checked())
        for box, members in zip(self._boxes(), (offered.article6, offered.article9, offered.article10,
                                                offered.schedule8)):
            kept = box.value()
            box.blockSignals(True)
            box.clear()
            for member in members:
                box.add(member.label, member)
            box.setCurrentIndex(members.index(kept) if kept in members else -1)
            box.blockSignals(False)
            self.form.setRowVisible(box, bool(members))
        self.form.setRowVisible(self.part3, DataKind.LAW_ENFORCEMENT in self.checked())
        self.schedule8.setPlaceholderText("Choose the Schedule 8 condition…" if offered.schedule8_needed
                                          else "Not needed unless the data is sensitive (optional)")
        self.changed.emit()

    def ground(self) -> LawfulGround:
        return LawfulGround(self.checked(), *(box.value() for box in self._boxes()))

    def set_ground(self, ground: LawfulGround) -> None:
        """Show ``ground`` (kinds the list does not offer are left out)."""
        self.kinds.blockSignals(True)
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            kind = DataKind(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if kind in ground.kinds else Qt.CheckState.Unchecked)
        self.kinds.blockSignals(False)
        self._kinds_changed()
        for box, member in zip(self._boxes(), (ground.article6, ground.article9, ground.article10,
                                               ground.schedule8)):
            if member is not None:
                box.choose(member)

    def choose(self, basis: LawfulBasis) -> None:
        """Set the parts a one-code basis names."""
        self.set_ground(from_legacy(basis))

    def problem(self, consent: ConsentPosition | None, consent_from: str, consent_covering: str) -> str | None:
        """What is missing or does not hold together, as one line for the person."""
        offered = choices(self.checked())
        if not self.checked():
            return "Tick what kind of data is shared."
        for box, members, what in ((self.article6, offered.article6, "the Article 6 basis"),
                                   (self.article9, offered.article9, "the Article 9 condition"),
                                   (self.article10, offered.article10, "the Article 10 condition")):
            if members and box.value() is None:
                return f"Choose {what}."
        if offered.schedule8_needed and self.schedule8.value() is None:
            return "Choose the Schedule 8 condition: the data is sensitive."
        if consent is None:
            return None
        why = incoherent(self.ground(), consent, consent_from, consent_covering)
        return f"{why[0].upper()}{why[1:]}." if why else None


__all__ = ["Article6", "Article9", "Article10", "BasisPicker", "Schedule8"]
