"""The dashboard's "Export PDF…" and "Export CSV…": the figures on screen, as a file.

The person chooses where to save; services/performance/export.py writes
the file whole or not at all (a temporary file, then a rename) and records
the export in the audit trail. The file holds exactly the figures shown,
because it is made from the same gathered figures.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from ...security.accounts import SignedIn
from ...services.performance.figures import PerformanceFigures
from ...services.performance.export import export
from ...store.database import Database
from ..common import errors
from ..common.background import Operation

#: (button text, save-dialog title, file filter) per file kind.
KINDS = {
    ".pdf": ("Export &PDF…", "Export the performance report as PDF", "PDF documents (*.pdf)"),
    ".csv": ("Export &CSV…", "Export the performance figures as CSV", "CSV files (*.csv)"),
}


def suggested_name(figures: PerformanceFigures, kind: str) -> str:
    """A file name naming the period: "mash-performance-2024-11-01-to-2024-11-30.pdf"."""
    period = figures.period
    return f"mash-performance-{period.first.isoformat()}-to-{period.last.isoformat()}{kind}"


class ExportButtons(QObject):
    """The two export buttons, enabled while figures are on screen and no export runs."""

    #: A message for the status bar.
    message = Signal(str)
    #: A file was written: its path and its pages (PDF) or rows (CSV).
    exported = Signal(object, int)

    def __init__(self, window: QWidget, db: Database, signed: SignedIn) -> None:
        super().__init__(window)
        self.window, self.db, self.signed = window, db, signed
        self.figures: PerformanceFigures | None = None
        self.folder = Path.home()
        self._busy = False
        self.buttons: dict[str, QPushButton] = {}
        for kind, (text, _title, _filter) in KINDS.items():
            button = QPushButton(text)
            button.setToolTip(f"Save these figures as a {kind.lstrip('.').upper()} file; the export is recorded "
                              "in the audit trail")
            button.clicked.connect(lambda _checked=False, k=kind: self.export(k))
            self.buttons[kind] = button
        self.set_figures(None)

    def set_figures(self, figures: PerformanceFigures | None) -> None:
        """The figures on screen now (None while none are)."""
        self.figures = figures
        self._refresh()

    def export(self, kind: str) -> None:
        """Ask where to save, then write the ``kind`` file in the background."""
        figures = self.figures
        if figures is None or self._busy:
            return
        _text, title, name_filter = KINDS[kind]
        chosen, _ = QFileDialog.getSaveFileName(self.window, title, str(self.folder / suggested_name(figures, kind)),
                                                name_filter)
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() != kind:
            out = out.with_name(out.name + kind)
        self.folder = out.parent
        self._busy = True
        self._refresh()
        self.message.emit(f"Saving {out.name}…")
        db, actor, who = self.db, self.signed.actor, self.signed.display_name
        Operation(self.window, lambda: export(db, actor, figures, who, out)) \
            .success(lambda size: self._done(out, kind, size)).failure(self._failed).run()

    def _done(self, out: Path, kind: str, size: int) -> None:
        self._busy = False
        self._refresh()
        what = f"{size} page{'s' if size != 1 else ''}" if kind == ".pdf" else f"{size} rows"
        self.message.emit(f"Saved {out} ({what}). The export is recorded in the audit trail.")
        self.exported.emit(out, size)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._refresh()
        self.message.emit("The export was not saved.")
        errors.show_error(self.window, exc)

    def _refresh(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(self.figures is not None and not self._busy)
