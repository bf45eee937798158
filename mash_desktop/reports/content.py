"""What a document says, apart from how it looks.

A document is a list of blocks (headings, text, label/value fields, tables)
plus who produced it, when and for whom. Its content fingerprint is the
SHA-256 of that, written canonically (sorted-key JSON), so the same content
always has the same fingerprint, whatever reportlab does with it; a short
form of it is printed on every page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal, Union

from ..domain.codes import DocumentKind

Tone = Literal["body", "quote", "small", "lead", "right", "muted", "note"]
Band = Literal["red", "amber", "green", "blue", "neutral"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Text:
    """Free text; a blank line starts a new paragraph, a newline a new line."""

    text: str
    tone: Tone = "body"


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, one per row."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Grid:
    """A table whose header row repeats on every page it runs onto.

    ``widths`` are fractions of the text width, one per column.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    empty: str = "None."


@dataclass(frozen=True)
class Banner:
    """A coloured strip, e.g. the case's RAG rating."""

    text: str
    band: Band = "neutral"


Block = Union[Heading, Text, Fields, Grid, Banner]


@dataclass(frozen=True)
class Production:
    """Who produced a document, when, and for whom."""

    token: str
    produced_at: dt.datetime
    producer: str
    producer_username: str
    agency_code: str
    agency_name: str
    recipient: str


@dataclass(frozen=True)
class DocumentContent:
    kind: DocumentKind
    title: str
    hub: str
    reference: str
    production: Production
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def canonical(self) -> bytes:
        """The content as canonical JSON bytes: what the fingerprint covers."""
        production = dataclasses.asdict(self.production)
        production["produced_at"] = self.production.produced_at.astimezone(dt.timezone.utc).isoformat()
        body = {
            "format": "mash document content v1",
            "kind": self.kind.value, "title": self.title, "hub": self.hub, "reference": self.reference,
            "production": production,
            "blocks": [[type(b).__name__, dataclasses.asdict(b)] for b in self.blocks],
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def fingerprint(self) -> bytes:
        return hashlib.sha256(self.canonical()).digest()


def short_fingerprint(digest: bytes) -> str:
    """The first 64 bits as four groups, as printed on each page."""
    text = digest[:8].hex().upper()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def full_fingerprint(digest: bytes) -> str:
    text = digest.hex().upper()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
