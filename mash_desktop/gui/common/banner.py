"""The demo banner: on every screen of a demo hub, so nobody mistakes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from ...services.demo.keys import DEMO_PASSWORD

DEMO_BANNER = "Demo hub — synthetic data; workstation credentials held in memory only"
DEMO_TIP = ("Every name and case here is made up, for training and demonstrations. "
            "This workstation's credentials are not stored anywhere and are gone when MASH Desktop closes.")


def demo_banner() -> QLabel:
    """A full-width purple strip saying this is the demo hub."""
    label = QLabel(DEMO_BANNER)
    label.setObjectName("demoBanner")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setToolTip(DEMO_TIP)
    label.setAccessibleName(DEMO_BANNER)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setStyleSheet("#demoBanner { background: #5c2d91; color: white; padding: 6px 12px; }")
    return label


def banner_width(label: QLabel) -> int:
    """The width that shows the banner on one line."""
    return label.fontMetrics().horizontalAdvance(DEMO_BANNER) + 40


def demo_hint(usernames: tuple[str, ...]) -> QLabel:
    """How to sign in to the demo: its one password and accounts to try."""
    names = ", ".join(usernames) or "(none)"
    label = QLabel(f"Demo password: {DEMO_PASSWORD}\nDemo accounts at this workstation: {names}")
    label.setObjectName("demoHint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("#demoHint { background: #f1ebf8; border: 1px solid #c9b6e4;"
                        " border-radius: 3px; padding: 6px 8px; color: #2d1648; }")
    return label
