"""Page furniture, flow and fonts of the hub's PDFs, rendered from plain content."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics

from mash_desktop.domain.codes import DocumentKind
from mash_desktop.reports import fonts, layout
from mash_desktop.reports.content import (Banner, DocumentContent, Fields, Grid, Heading, Production, Text,
                                          short_fingerprint)
from tests.pdf_text import pages, reader

REF = "MASH-2026-000042"
PRODUCTION = Production("00c0ffee00c0ffee", dt.datetime(2026, 6, 14, 13, 5, tzinfo=dt.timezone.utc), "Jo Smith",
                        "csc.officer", "CSC", "Children's Social Care", "Jo Smith, Children's Social Care")
NAMES = ("Siân Llywelyn", "Gwenllïan ap Dafydd", "Ŵyn Rhŷs", "Łukasz Wójcik", "Zofia Brzęczyszczykiewicz",
         "Nguyễn Thị Ánh", "Trần Văn Đức", "Renée Lefèvre", "Björn Åström", "Мария Иванова", "محمد الأحمد")


def content(*blocks, title: str = "Case summary") -> DocumentContent:
    return DocumentContent(DocumentKind.CASE_SUMMARY, title, "Multi-Agency Safeguarding Hub", REF, PRODUCTION,
                           tuple(blocks))


def long_content() -> DocumentContent:
    paragraph = ("The family moved to the area in March and registered with a GP in April. Since then the school "
                 "has recorded eleven late arrivals and two unexplained absences. ")
    return content(
        Banner("RAG: Amber: possible significant harm", "amber"),
        Heading("Chronology"),
        Grid(("When", "What happened", "By"), tuple((f"{i:03d} Jun", f"Contact number {i}", "Sam Lee")
                                                    for i in range(400)), (0.2, 0.6, 0.2)),
        Heading("Panel"),
        Text("\n\n".join(paragraph * 6 for _ in range(30)), "quote"),
        Fields((("Rationale", paragraph * 40),)),
    )


@pytest.fixture(scope="module")
def long_pdf() -> layout.RenderedPdf:
    c = long_content()
    return layout.render(c, c.fingerprint())


def test_every_page_is_marked_numbered_referenced_and_fingerprinted(long_pdf):
    c = long_content()
    text = pages(long_pdf.data)
    assert long_pdf.pages == len(text) >= 20
    short = short_fingerprint(c.fingerprint())
    for number, page in enumerate(text, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, number  # top and bottom
        assert f"Page {number} of {len(text)}" in page
        assert REF in page and short in page


def test_long_text_flows_and_table_headers_repeat(long_pdf):
    text = pages(long_pdf.data)
    with_rows = [p for p in text if "Contact number" in p]
    assert len(with_rows) >= 5
    assert all("When What happened By" in p for p in with_rows)
    assert "Contact number 0 " in " ".join(text) and "Contact number 399 " in " ".join(text)
    assert sum("eleven late arrivals" in p for p in text) >= 6  # the panel ran on over many pages


def test_metadata_names_the_document_and_its_agency(long_pdf):
    meta = reader(long_pdf.data).metadata
    assert meta.title == f"Case summary {REF}"
    assert meta.author == "Children's Social Care"
    assert REF in meta.subject and "OFFICIAL-SENSITIVE" in meta.subject
    assert "mash-document:00c0ffee00c0ffee" in meta["/Keywords"]


def test_fingerprint_is_of_the_content():
    a = content(Text("Known to CSC since 2019."))
    assert a.fingerprint() == content(Text("Known to CSC since 2019.")).fingerprint()
    assert a.fingerprint() != content(Text("Known to CSC since 2018.")).fingerprint()
    assert a.fingerprint() != content(Text("Known to CSC since 2019."), title="Other").fingerprint()


def test_names_in_any_script_have_glyphs_in_the_embedded_font():
    fonts.register()
    for face in (fonts.REGULAR, fonts.BOLD):
        glyphs = pdfmetrics.getFont(face).face.charToGlyph
        for name in NAMES:
            drawn = fonts.for_display(name)
            assert all(ord(ch) in glyphs for ch in drawn if not ch.isspace()), (face, name)
    c = content(Heading("Subjects"), Grid(("Name",), tuple((n,) for n in NAMES), (1.0,)),
                Fields(tuple(("Name", n) for n in NAMES)))
    # A reader (or a search) gets each name back, Arabic too: pypdf puts the
    # right-to-left run back in reading order, NFKC unjoins the letter forms.
    text = unicodedata.normalize("NFKC", pages(layout.render(c, c.fingerprint()).data)[0])
    for name in NAMES:
        assert unicodedata.normalize("NFKC", name) in text, name
    font = reader(layout.render(c, c.fingerprint()).data).pages[0]["/Resources"]["/Font"]
    embedded = [f.get_object()["/BaseFont"] for f in font.values()]
    assert embedded and all("DejaVuSans" in str(b) for b in embedded), embedded


def test_arabic_is_joined_and_in_display_order():
    drawn = fonts.for_display("محمد")
    assert all("\ufe70" <= ch <= "\ufeff" for ch in drawn)  # presentation (joined) forms
    assert unicodedata.normalize("NFKC", drawn)[::-1] == "محمد"
    assert fonts.for_display("Ruby Calder") == "Ruby Calder"
    assert fonts.for_display("Nguye\u0302\u0303n") == "Nguyễn"  # NFC: one precomposed glyph


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (pdffonts) is not installed")
def test_poppler_sees_only_embedded_fonts(long_pdf, tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(long_pdf.data)
    report = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = report.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), report.stdout
    assert not report.stderr


def test_a_long_hub_name_is_cut_short_in_the_running_header():
    c = DocumentContent(DocumentKind.CASE_SUMMARY, "Case summary", "The Multi-Agency Safeguarding Hub of " * 6,
                        REF, PRODUCTION, (Text("x"),))
    page = pages(layout.render(c, c.fingerprint()).data)[0]
    assert "…" in page and REF in page
