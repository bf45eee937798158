"""Reading back the PDFs the hub produces, as a person (or a search) would."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from pypdf import PdfReader


def reader(pdf: bytes | Path) -> PdfReader:
    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def flat(text: str) -> str:
    """Whitespace collapsed, so text wrapped over lines still matches."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pages(pdf: bytes | Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [flat(page.extract_text() or "") for page in reader(pdf).pages]


def text(pdf: bytes | Path) -> str:
    return " ".join(pages(pdf))
