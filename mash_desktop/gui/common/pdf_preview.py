"""Previewing a produced document, and saving or printing a copy of it.

The PDF is shown with Qt PDF. "Save as…" and "Print…" each record a release
of the document (``document.export`` / ``document.print``) for the person
named in "Copy for"; a print is recorded before it is sent to the printer, so
no copy leaves unrecorded. The preview's file is deleted when it closes.
Without Qt PDF the preview offers the system's viewer, and printing is off.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.codes import DocumentRelease
from ...domain.errors import EnvironmentFault
from ...security.accounts import SignedIn
from ...services.case.document_copies import export_copy
from ...services.case.documents import Produced, record_release
from ...store.database import Database
from . import errors
from .background import Operation
from ..case.widgets import text_label

try:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # a Qt build without the PDF module
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]

HAVE_QTPDF = QPdfDocument is not None
#: Pages are rendered for the printer at no more than this resolution.
MAX_PRINT_DPI = 300


def print_pdf(document: QPdfDocument, printer: QPrinter, max_dpi: int = MAX_PRINT_DPI) -> int:
    """Draw every page of ``document`` on ``printer``, each fitted to the paper; return the page count."""
    printer.setFullPage(True)  # the document carries its own margins and markings
    painter = QPainter()
    if not painter.begin(printer):
        raise EnvironmentFault("The printer could not be started: check it is connected and switched on.")
    try:
        dpi = min(printer.resolution(), max_dpi)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            area = painter.viewport()
            fitted = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            corner = QPoint(area.x() + (area.width() - fitted.width()) // 2,
                            area.y() + (area.height() - fitted.height()) // 2)
            painter.drawImage(QRect(corner, fitted), image)
    finally:
        painter.end()
    return document.pageCount()


class PreviewDialog(QDialog):
    """One produced document, on screen, with Save as… and Print…."""

    def __init__(self, db: Database, signed: SignedIn, produced: Produced, reason: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.signed, self.produced, self.reason = db, signed, produced, reason
        self.setWindowTitle(f"{produced.kind.label} — {produced.reference}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(
            f"{produced.kind.label}, {produced.pages} page{'s' * (produced.pages != 1)}, document ID "
            f"{produced.token}. Every copy you save or print is recorded in the audit trail.", muted=True))
        self.document = None
        if HAVE_QTPDF:
            self.document = QPdfDocument(self)
            self.document.load(str(produced.path))
            self.view = QPdfView(self)
            self.view.setDocument(self.document)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            layout.addWidget(self.view, 1)
        else:
            layout.addWidget(self._no_viewer(), 1)

        row = QHBoxLayout()
        label = QLabel("Copy &for:")
        self.recipient = QLineEdit(produced.recipient)
        self.recipient.setToolTip("Who a saved or printed copy is for: it is recorded with the copy")
        label.setBuddy(self.recipient)
        self.save_button = QPushButton("&Save as…")
        self.save_button.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.print_button = QPushButton("&Print…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setEnabled(HAVE_QTPDF)
        self.close_button = QPushButton("&Close")
        row.addWidget(label)
        row.addWidget(self.recipient, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.status = text_label("", muted=True, empty="")
        layout.addWidget(self.status)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.choose_printer)
        self.close_button.clicked.connect(self.reject)  # Esc does the same
        self.resize(860, 980)

    def _no_viewer(self) -> QWidget:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.addWidget(text_label("This workstation cannot show PDF documents inside MASH Desktop."))
        button = QPushButton("&Open in the system's PDF viewer")
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.produced.path))))
        inner.addWidget(button)
        inner.addStretch(1)
        return box

    # -- save as -------------------------------------------------------------------

    def save_as(self) -> None:
        p = self.produced
        suggested = str(Path.home() / f"{p.reference} {p.kind.label}.pdf")
        chosen, _ = QFileDialog.getSaveFileName(self, "Save a copy of the document", suggested,
                                                "PDF documents (*.pdf)")
        if not chosen:
            return
        dest = Path(chosen)
        if dest.suffix.lower() != ".pdf":
            dest = dest.with_name(dest.name + ".pdf")
        recipient = self.recipient.text()
        self._busy(f"Saving a copy to {dest}…")
        Operation(self, lambda: export_copy(self.db, self.signed, p.token, p.path, dest, recipient, self.reason)) \
            .success(lambda path: self._done(f"Copy saved to {path} and recorded.")) \
            .failure(self._failed).run()

    # -- print ---------------------------------------------------------------------

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the document")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Record the print, then print on ``printer``."""
        document = self.document
        if document is None:
            return
        p, recipient = self.produced, self.recipient.text()
        self._busy("Recording the print…")

        def recorded(_: None) -> None:
            try:
                pages = print_pdf(document, printer)
            except EnvironmentFault as exc:
                self._failed(exc)
                return
            self._done(f"{pages} page{'s' * (pages != 1)} sent to the printer; the print is recorded.")

        Operation(self, lambda: record_release(self.db, self.signed, p.token, DocumentRelease.PRINT, recipient,
                                               self.reason)).success(recorded).failure(self._failed).run()

    # -- state ---------------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(HAVE_QTPDF)

    def _failed(self, exc: Exception) -> None:
        self._done("Nothing was saved or printed.")
        errors.show_error(self, exc)

    def done(self, result: int) -> None:
        """Close the document and delete the preview's file."""
        if self.document is not None:
            self.document.close()
        self.produced.path.unlink(missing_ok=True)
        super().done(result)
