"""Verifying and sealing the audit chain, with the verdict in plain words.

"Verify chain" walks every event and signed checkpoint on a worker
(services/audit/trail.py ``verify``), checking each signature with keys
that chain to the roots the auditor's workstation pinned, and says whether
the trail is intact or where it breaks, offering to show that event. "Seal"
signs the chain's head with the auditor's key (``seal``, which refuses
anyone else) and adds it to the witness file in the auditor's data folder.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ...security.accounts import SignedIn
from ...security.audit_verify import Verdict
from ...services.audit import trail as audit_trail
from ...services.intake.referrals import HUB_ZONE
from ...store.database import Database
from ..common.background import Operation
from ..intake.fields import DONE_STYLE, HINT_STYLE, REFUSAL_STYLE, note


def verdict_words(verdict: Verdict, at: dt.datetime) -> str:
    """What a check of the chain found, for an auditor to read and act on."""
    when = at.astimezone(HUB_ZONE).strftime("%H:%M on %d/%m/%Y")
    if verdict.ok:
        seals = f"{verdict.checkpoints} signed checkpoint{'s' if verdict.checkpoints != 1 else ''}"
        return (f"✓ Intact. All {verdict.events:,} events follow each other unchanged, each signed with a key "
                f"that checks out, and the {seals} match. Checked at {when}.")
    bad = verdict.first_bad_event
    where = f" at event {bad:,}" if bad is not None else ""
    before = (f" The events before event {bad:,} check out; from there on the trail cannot be relied on."
              if bad else "")
    return f"✗ Broken{where}: {verdict.problem}.{before} Tell the hub's data protection officer. Checked at {when}."


class ChainPanel(QWidget):
    """The Verify and Seal buttons (placed by the window) and the verdict below them."""

    #: The chain was sealed: the trail has a new event.
    sealed = Signal()
    #: The auditor asked to see this event (the first bad one).
    show_event = Signal(int)
    #: Verifying or sealing failed; the exception says why.
    failed = Signal(object)

    def __init__(self, db: Database, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed = db, signed
        self.verdict: Verdict | None = None
        self.verify_button = QPushButton("&Verify chain")
        self.verify_button.setToolTip("Check every event and signed checkpoint of the whole trail")
        self.seal_button = QPushButton("&Seal")
        self.seal_button.setToolTip("Sign the chain's newest event with your key (a checkpoint)")
        for button in (self.verify_button, self.seal_button):
            button.setAutoDefault(False)
        self.show_bad = QPushButton()
        self.show_bad.setAutoDefault(False)
        self.show_bad.setVisible(False)
        self.note = note("auditVerdict", HINT_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.show_bad, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)
        self.verify_button.clicked.connect(self.verify)
        self.seal_button.clicked.connect(self.seal)
        self.show_bad.clicked.connect(self._show_bad)

    def _busy(self, busy: bool) -> None:
        for button in (self.verify_button, self.seal_button):
            button.setEnabled(not busy)

    def _say(self, text: str, style: str) -> None:
        self.note.setStyleSheet(f"#auditVerdict {{ {style} border-radius: 3px; padding: 5px 8px; }}")
        self.note.setText(text)
        self.note.setVisible(True)
        self.setVisible(True)

    def verify(self) -> None:
        """Check the whole chain in the background and say what was found."""
        self._busy(True)
        self._say("Checking every event of the trail…", HINT_STYLE)
        self.show_bad.setVisible(False)
        db, trust = self.db, self.signed.trust
        Operation(self, lambda: audit_trail.verify(db, trust)).success(self._verified).failure(self._failed).run()

    def _verified(self, verdict: Verdict) -> None:
        self._busy(False)
        self.verdict = verdict
        self._say(verdict_words(verdict, dt.datetime.now(dt.timezone.utc)),
                  DONE_STYLE if verdict.ok else REFUSAL_STYLE)
        bad = verdict.first_bad_event
        self.show_bad.setVisible(not verdict.ok and bad is not None)
        if bad is not None:
            self.show_bad.setText(f"Show event {bad:,}")

    def seal(self) -> None:
        """Sign the chain's head with the auditor's key."""
        self._busy(True)
        db, signed = self.db, self.signed
        Operation(self, lambda: audit_trail.seal(db, signed)).success(self._sealed).failure(self._failed).run()

    def _sealed(self, checkpoint) -> None:
        self._busy(False)
        self.show_bad.setVisible(False)
        self._say(f"Sealed: checkpoint {checkpoint.id} signs the chain up to event {checkpoint.event_id:,} "
                  "with your key, and this workstation's witness file keeps it.", DONE_STYLE)
        self.sealed.emit()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.setVisible(False)
        self.failed.emit(exc)

    def _show_bad(self) -> None:
        if self.verdict is not None and self.verdict.first_bad_event is not None:
            self.show_event.emit(self.verdict.first_bad_event)
