"""The case workspace's Documents menu: produce a document, then preview it.

Producing is a recorded disclosure (``document.produce``), done in the
background into a private preview file (services/case/document_copies.py); the
preview then offers Save as… and Print…, each recorded again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ...domain.codes import DocumentKind
from ...domain.errors import MashError
from ...security.accounts import SignedIn
from ...services.case.document_copies import preview_path
from ...services.case.documents import Produced, produce
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..common.pdf_preview import PreviewDialog

#: (menu text, shortcut, what it is for) per document.
MENU = {
    DocumentKind.SHARING_RECORD: ("&Information-sharing record…", "Ctrl+Shift+I",
                                  "What was shared on this case, with whom and on what lawful basis"),
    DocumentKind.CASE_SUMMARY: ("Case &summary…", "Ctrl+Shift+U", "The case as you may see it, for a meeting"),
    DocumentKind.FEEDBACK_LETTER: ("&Feedback letter…", "Ctrl+Shift+L",
                                   "The letter telling the referrer what was decided"),
    DocumentKind.FAMILY_NETWORK: ("Family net&work…", "Ctrl+Shift+P",
                                  "The family and the professionals around it, drawn, with their contacts"),
    DocumentKind.ACKNOWLEDGEMENT_LETTER: ("&Acknowledgement letter…", "Ctrl+Shift+B",
                                          "The letter acknowledging the contact to its referrer, with the reference"),
    DocumentKind.ENCOMPASS_NOTICE: ("Encompass &notification…", "Ctrl+Shift+H",
                                    "The Operation Encompass notification for the key adult at the child's school"),
    DocumentKind.STRATEGY_MINUTES: ("Strategy discussion &minutes…", "Ctrl+Shift+Q",
                                    "The minutes of the latest strategy discussion on this case"),
}


class DocumentActions(QObject):
    """One action per document kind; each produces in the background and opens a preview."""

    #: A preview opened (the PreviewDialog).
    preview_opened = Signal(object)
    #: A message for the window's status bar.
    message = Signal(str)

    def __init__(self, window: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(window)
        self.window, self.db, self.signed = window, db, signed
        self.reference: str | None = None
        self.reason: str | None = None
        self._busy = False
        self._decided = False
        #: Kinds that do not apply to the loaded case (no referrer to acknowledge, not Encompass).
        self._inapplicable: set[DocumentKind] = set()
        self.actions: dict[DocumentKind, QAction] = {}
        for kind, (text, keys, tip) in MENU.items():
            action = QAction(text, window)
            action.setShortcut(QKeySequence(keys))
            action.setStatusTip(tip)
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, k=kind: self.produce(k))
            self.actions[kind] = action

    def set_case(self, reference: str, reason: str | None, decided: bool) -> None:
        """The case loaded: enable what can be produced from it."""
        self.reference, self.reason, self._decided = reference, reason, decided
        self._refresh()
        if not decided:
            self.actions[DocumentKind.FEEDBACK_LETTER].setStatusTip("A feedback letter waits for the decision")

    def set_applicable(self, kinds: dict[DocumentKind, bool]) -> None:
        """Grey out the kinds that do not apply to the loaded case."""
        self._inapplicable = {kind for kind, applies in kinds.items() if not applies}
        self._refresh()

    def produce(self, kind: DocumentKind) -> None:
        """Produce ``kind`` for the loaded case and preview it."""
        if self.reference is None or self._busy:
            return
        try:
            out = preview_path()
        except MashError as exc:
            errors.show_error(self.window, exc)
            return
        reference, reason = self.reference, self.reason
        self._set_busy(True)
        self.message.emit(f"Producing the {kind.label.lower()}…")

        def made(produced: Produced) -> None:
            self._set_busy(False)
            self.message.emit(f"{kind.label} produced ({produced.pages} pages); its production is recorded.")
            preview = PreviewDialog(self.db, self.signed, produced, reason, self.window)
            preview.show()
            self.preview_opened.emit(preview)

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            out.unlink(missing_ok=True)
            self.message.emit("")
            errors.show_error(self.window, exc)

        Operation(self.window, lambda: produce(self.db, self.signed, kind, reference, out, reason=reason)) \
            .success(made).failure(failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._refresh()

    def _refresh(self) -> None:
        for kind, action in self.actions.items():
            action.setEnabled(self.reference is not None and not self._busy
                              and (kind is not DocumentKind.FEEDBACK_LETTER or self._decided)
                              and kind not in self._inapplicable)
