"""Documents from the case workspace: produce, preview, save a copy, print; each recorded."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from mash_desktop.domain.codes import DocumentKind, Rag
from mash_desktop.gui.common import background
from mash_desktop.gui.case import opening as case_open
from mash_desktop.gui.common import pdf_preview
from mash_desktop.gui.common.pdf_preview import PreviewDialog
from mash_desktop.services.case import casework, document_copies, drafts
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditEvent
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE
from tests.pdf_text import pages

pytestmark = [
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)"),
    pytest.mark.skipif(not pdf_preview.HAVE_QTPDF, reason="Qt PDF (PySide6-Pdf) is not installed"),
]


@pytest.fixture
def h(doc_hub, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(drafts, "drafts_dir", lambda: tmp_path / "drafts")
    monkeypatch.setattr(document_copies, "previews_dir", lambda: tmp_path / "previews")
    yield doc_hub
    for window in case_open.open_windows():
        window.close_keeping_draft()
    qtbot.waitUntil(lambda: background.running() == 0, timeout=10_000)


def events(h, action: str) -> list[AuditEvent]:
    with h.db.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def preview_of(qtbot, h, kind: DocumentKind, username: str = "csc.officer") -> PreviewDialog:
    window = case_open.open_case(None, h.db, h[username], REF)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    with qtbot.waitSignal(window.documents.preview_opened, timeout=30_000) as opened:
        window.documents.actions[kind].trigger()
    return opened.args[0]


def test_a_case_summary_opens_in_a_preview_and_its_file_goes_when_it_closes(qtbot, h, tmp_path):
    preview = preview_of(qtbot, h, DocumentKind.CASE_SUMMARY)
    path = preview.produced.path
    assert path.parent == tmp_path / "previews" and path.is_file()
    assert preview.document.pageCount() == preview.produced.pages >= 1
    text = " ".join(pages(path))
    assert TEXTS["CSC-PANEL"].split(":")[0] in text and "POL-PANEL" not in text
    assert [e.object_ref for e in events(h, "document.produce")] == [preview.produced.token]
    preview.close()
    assert not path.exists()


def test_save_as_writes_the_copy_and_records_an_export(qtbot, h, tmp_path, monkeypatch):
    preview = preview_of(qtbot, h, DocumentKind.SHARING_RECORD)
    target = tmp_path / "out" / "sharing record"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF documents (*.pdf)"))
    preview.recipient.setText("Strategy meeting, 14 Nov")
    preview.save_as()
    saved = target.with_name("sharing record.pdf")
    qtbot.waitUntil(lambda: "recorded" in preview.status.text(), timeout=15_000)
    assert saved.read_bytes() == preview.produced.path.read_bytes()
    [export] = events(h, "document.export")
    assert export.object_ref == preview.produced.token and "Strategy meeting, 14 Nov" in export.detail


def test_printing_records_the_print_and_draws_every_page(qtbot, h, tmp_path):
    preview = preview_of(qtbot, h, DocumentKind.FEEDBACK_LETTER)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)
    qtbot.waitUntil(lambda: "sent to the printer" in preview.status.text(), timeout=15_000)
    assert len(pages(tmp_path / "printed.pdf")) == preview.produced.pages
    [printed] = events(h, "document.print")
    assert printed.object_ref == preview.produced.token and printed.actor_name == "csc.officer"


def test_an_unnamed_recipient_is_refused_and_nothing_is_printed(qtbot, h, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(pdf_preview.errors, "show_error", lambda parent, exc: shown.append(exc.message))
    preview = preview_of(qtbot, h, DocumentKind.CASE_SUMMARY)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.recipient.clear()
    preview.print_to(printer)
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert "say who the copy is for" in shown[0]
    assert not (tmp_path / "printed.pdf").exists() and not events(h, "document.print")


def test_the_feedback_letter_waits_for_a_decision(qtbot, h):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    casework.run_step(h.db, h["csc.lead"].actor, second, casework.set_rag, Rag.GREEN, "Needs only.")
    casework.run_step(h.db, h["csc.lead"].actor, second, casework.request_research, ["CSC"])
    window = case_open.open_case(None, h.db, h["csc.officer"], second)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15_000)
    actions = window.documents.actions
    assert actions[DocumentKind.CASE_SUMMARY].isEnabled()
    assert not actions[DocumentKind.FEEDBACK_LETTER].isEnabled()
