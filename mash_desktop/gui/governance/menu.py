"""The Governance menu: the hub's information-governance registers and logs.

Each entry names the step it needs (``domain/access.py``) and the function
that opens its window, imported only when chosen. The menu shows the entries
the person signed in may use, and is not added at all when there are none.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ...domain import access
from ...security.accounts import SignedIn
from ...store.database import Database


@dataclass(frozen=True)
class Entry:
    label: str  # with its & mnemonic and the … of a window
    step: access.Step
    opener: str  # "module:function" under mash_desktop.gui.governance, called as (window, db, signed)
    tip: str
    shortcut: str | None = None


#: The entries in the order the menu lists them.
ENTRIES: tuple[Entry, ...] = (
    Entry("Sharing &agreements…", access.Step.REGISTER_AGREEMENT, "agreements:open_agreements",
          "Each partner's information-sharing agreement: its standing, its versions, recording a review"),
    Entry("&Subject access requests…", access.Step.SUBJECT_ACCESS, "subject_access:open_subject_access",
          "Subject access requests: their due dates, redaction review, the redacted response and its log"),
    Entry("&Retention and holds…", access.Step.GOVERN, "retention_window:open_retention",
          "The retention schedule per record class, and legal holds on cases, people or classes"),
    Entry("&Disposal review…", access.Step.GOVERN, "disposal_window:open_disposal",
          "Cases whose retention has run out: approve, cancel, dispose of them and write the certificate"),
)


def _open(entry: Entry, window: QMainWindow, db: Database, signed: SignedIn):
    module, function = entry.opener.split(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)(window, db, signed)


def add_governance_menu(window: QMainWindow, db: Database, signed: SignedIn) -> dict[str, QAction] | None:
    """Add the Governance menu with the entries ``signed`` may use; their actions by opener, or None."""
    usable = [e for e in ENTRIES if access.may_act(signed.actor.roles, e.step)]
    if not usable:
        return None
    menu = QMenu("&Governance", window)
    actions: dict[str, QAction] = {}
    for entry in usable:
        action = QAction(entry.label, window)
        action.setStatusTip(entry.tip)
        if entry.shortcut:
            action.setShortcut(QKeySequence(entry.shortcut))
        action.triggered.connect(lambda _=False, e=entry: _open(e, window, db, signed))
        menu.addAction(action)
        actions[entry.opener] = action
    bar = window.menuBar()
    existing = bar.actions()  # before the last menu (Session), as the others go
    bar.insertMenu(existing[-1], menu) if existing else bar.addMenu(menu)
    return actions
