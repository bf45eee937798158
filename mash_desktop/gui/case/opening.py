"""Opening a case: the entry point the queue and other windows call.

``open_case`` shows the case workspace at once, busy, and loads the case in
the background (asking for a reason where one is needed). A case already
open for the same person is brought to the front instead of opened twice.
Before signing out or locking, call :func:`close_all` so unsaved panel text
is kept as encrypted drafts rather than lost.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget

from ...domain import access
from ...domain.errors import NotPermitted
from ...security.accounts import SignedIn
from ...store.database import Database
from ..common import errors
from .window import CaseWindow
from ..common.windows import bring_forward

_windows: dict[tuple[str, str], CaseWindow] = {}


def open_case(parent: QWidget | None, db: Database, signed: SignedIn, reference: str) -> CaseWindow | None:
    """Show the case ``reference`` to ``signed``; None if their roles never open cases.

    The window is returned while it loads; its ``loaded`` signal says when the
    case is on screen. If the person cancels the reason prompt, or the case
    cannot be loaded, the window closes itself after saying why.
    """
    if not access.may_act(signed.actor.roles, access.Step.OPEN_CASE):
        errors.show_error(parent, NotPermitted("Cases are opened by officers, supervisors and decision makers; "
                                               "your roles do not include any of these."))
        return None
    key = (signed.actor.username, reference.strip().upper())
    _forget_closed()
    existing = _windows.get(key)
    if existing is not None and shiboken6.isValid(existing):
        return bring_forward(existing)
    window = CaseWindow(db, signed, key[1], parent)
    _windows[key] = window
    window.show()
    window.load()
    return window


def _forget_closed() -> None:
    for key in [k for k, w in _windows.items() if not shiboken6.isValid(w) or not w.isVisible()]:
        del _windows[key]


def open_windows() -> list[CaseWindow]:
    """The case windows open now."""
    _forget_closed()
    return list(_windows.values())


def close_all() -> None:
    """Close every case window without asking, keeping unsaved panel text as drafts."""
    for window in open_windows():
        window.close_keeping_draft()
