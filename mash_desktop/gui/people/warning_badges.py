"""Warning badges: the warning's word on its colour, never colour alone.

Colours group the kinds (red: risk of harm to the child or to workers;
amber: statutory involvement; blue: other), each pair above 4.5:1 contrast;
the word on the badge says what it is. The case header shows one line of
badges per person on the contact that the reader may see a warning on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...domain.case_record import CaseRecord
from ...domain.warnings import WarningKind

_RED = ("#b71c1c", "#ffffff")
_AMBER = ("#ffd54f", "#3e2700")
_BLUE = ("#1565c0", "#ffffff")
_GREY = ("#eeeeee", "#222222")
#: Background and text colour of each badge word.
COLOURS: dict[str, tuple[str, str]] = {
    WarningKind.CP_PLAN.badge: _RED, WarningKind.MARAC.badge: _RED, WarningKind.MAPPA.badge: _RED,
    WarningKind.WORKER_SAFETY.badge: _RED, WarningKind.MISSING.badge: _RED, WarningKind.EXPLOITATION.badge: _RED,
    WarningKind.CHILD_IN_NEED.badge: _AMBER, WarningKind.LOOKED_AFTER.badge: _AMBER,
    WarningKind.OTHER.badge: _BLUE,
}
ALTERED = "Altered"


def badge(word: str) -> QLabel:
    """One badge: ``word`` on its colour (an altered record: dashed, in words)."""
    label = QLabel(word)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    label.setAccessibleName(f"Warning: {word}")
    label.setObjectName("warningBadge")
    background, text = COLOURS.get(word, _GREY)
    edge = "1px dashed #b71c1c" if word == ALTERED else f"1px solid {background}"
    label.setStyleSheet(f"QLabel {{ background: {background}; color: {text}; border: {edge}; border-radius: 3px; "
                        "padding: 1px 6px; font-weight: bold; }")
    if word == ALTERED:
        label.setToolTip("A warning record was altered outside the hub: do not rely on it; tell the hub "
                         "administrator.")
    return label


class BadgeRow(QWidget):
    """A name and its badges in one line: "Ruby Calder (subject)  [MARAC] [Worker safety]"."""

    def __init__(self, who: str, words: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        name = QLabel(who)
        name.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(name)
        for word in words:
            layout.addWidget(badge(word))
        layout.addStretch(1)


def header_rows(case: CaseRecord) -> list[tuple[str, tuple[str, ...]]]:
    """(who, badges) for each member of the household (people at the same address too) on whom the
    reader may see a current warning."""
    rows = []
    for member in case.family.members:
        if not member.warnings:
            continue
        relation = "subject" if "subject" in member.relationships[:1] else (
            member.relationships[0].split(" of ")[0] if member.relationships else "household")
        where = "" if member.on_this_contact else ", same address"
        rows.append((f"{member.name} ({relation}{where}):", member.warnings))
    return rows


class CaseWarnings(QWidget):
    """The header's warnings: one badge row per person; hidden when the reader sees none."""

    def __init__(self, case: CaseRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseWarnings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        self.rows = [BadgeRow(who, words) for who, words in header_rows(case)]
        if self.rows:
            caption = QLabel("Warnings (Case ▸ Warnings… for details):")
            caption.setStyleSheet("color: #444444;")
            layout.addWidget(caption)
        for row in self.rows:
            layout.addWidget(row)
        self.setVisible(bool(self.rows))
