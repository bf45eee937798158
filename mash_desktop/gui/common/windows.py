"""Windows that open once: show the one already open instead of a second."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def bring_forward(window: QWidget) -> QWidget:
    """Show ``window`` (restored if minimised) above the others, with the focus."""
    window.showNormal()
    window.raise_()
    window.activateWindow()
    return window
