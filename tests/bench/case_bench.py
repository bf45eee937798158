"""Case figures: opening a case, signing in, and the information-sharing record.

- Opening the case researched by all seven agencies: ``open_case`` for
  csc.officer, which reads (and decrypts) the panel that officer may read
  and the disclosures to the hub, and audits the view. The officer's data
  keys are already unsealed (a warm-up open), as after the first case of a
  session. Baseline: the plain SELECTs of the same rows.
- Signing in with the default production password hashing. Baseline: one
  Argon2id derivation with the same parameters alone.
- The information-sharing record of the case with twenty disclosures,
  produced, signed, recorded and written through services/documents.
  Baseline: reportlab drawing the same text as plain paragraphs, in the same
  DejaVu font files, without our layout, fingerprint or signature.
"""

from __future__ import annotations

import secrets
import tempfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from mash_desktop.domain.codes import DocumentKind
from mash_desktop.reports import sharing_record
from mash_desktop.reports.content import Banner, DocumentContent, Fields, Grid, Heading, Production, Text
from mash_desktop.security import crypto
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case import documents
from mash_desktop.services.demo.hub import DEMO_PASSWORD, demo_credentials
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.database import Database
from mash_desktop.store.types import utcnow

from .figures import Figure, median_ms, runs, spread
from .hub import BenchHub, staff

_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
_CASE_TABLES = ("referral_people rp JOIN people p ON p.id = rp.person_id WHERE rp.referral_id = {id}",
                "referral_concerns WHERE referral_id = {id}", "referral_events WHERE referral_id = {id}",
                "research_requests WHERE referral_id = {id}", "panels WHERE referral_id = {id}",
                "disclosures WHERE referral_id = {id}", "decisions WHERE referral_id = {id}")


def _plain_case(db: Database, reference: str) -> None:
    """The case's rows with plain SELECTs on one bare connection."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"SELECT * FROM referrals WHERE reference = '{reference}'")
        referral_id = cur.fetchone()[0]
        for rest in _CASE_TABLES:
            cur.execute("SELECT * FROM " + rest.format(id=referral_id))
            cur.fetchall()
        for table in ("users", "agencies"):
            cur.execute(f"SELECT * FROM {table}")
            cur.fetchall()
        cur.close()
        raw.rollback()
    finally:
        raw.close()


def open_case_figure(db: Database, hub: BenchHub, backend: str, repeat: int) -> Figure:
    officer = staff(db, "csc.officer")
    seen = open_case(db, officer, hub.workspace_ref, WORKSPACE)
    times = runs(lambda: open_case(db, officer, hub.workspace_ref, WORKSPACE), repeat)
    base = runs(lambda: _plain_case(db, hub.workspace_ref), repeat)
    panels = 1 + len(seen.other_panels)
    return Figure("open_case", f"Open a case with {panels} agency panels (decrypt included)", median_ms(times),
                  "ms", median_ms(base), "plain SELECTs of the same rows", backend, hub.referrals, at_most=150,
                  detail={"times": spread(times), "baseline_times": spread(base), "panels": panels,
                          "own_panel": seen.own_panel.state if seen.own_panel else None,
                          "disclosures_read": len(seen.shared)})


def sign_in_figure(db: Database, hub: BenchHub, backend: str, repeat: int) -> Figure:
    creds = demo_credentials("CSC", db.url)
    params = crypto.default_kdf_params()
    salt = crypto.random_salt()
    times = runs(lambda: sign_in(db, creds, hub.sign_in_user, DEMO_PASSWORD), repeat)
    base = runs(lambda: crypto.password_hash(DEMO_PASSWORD, salt, params), repeat)
    return Figure("sign_in", "Sign-in (default production key derivation, unwrap)", median_ms(times) / 1000, "s",
                  median_ms(base) / 1000, f"one {params.encode()} derivation alone", backend, hub.referrals,
                  at_least=0.2, at_most=1.0,
                  detail={"times": spread(times), "baseline_times": spread(base), "kdf": params.encode()})


def _register_fonts() -> tuple[str, str]:
    for name, file in (("BenchSans", "DejaVuSans.ttf"), ("BenchSans-Bold", "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(_FONTS / file)))
    return "BenchSans", "BenchSans-Bold"


def _lines(content: DocumentContent) -> list[tuple[str, bool]]:
    """The document's text, line by line, with whether it is a heading."""
    out = [(content.title, True), (f"{content.hub} · {content.reference}", False)]
    for block in content.blocks:
        if isinstance(block, Heading):
            out.append((block.text, True))
        elif isinstance(block, Text):
            out += [(part, False) for part in block.text.split("\n\n")]
        elif isinstance(block, Fields):
            out += [(f"{label}: {value}", False) for label, value in block.rows]
        elif isinstance(block, Grid):
            out += [(" | ".join(row), False) for row in (block.header, *block.rows)]
        elif isinstance(block, Banner):
            out.append((block.text, True))
    return out


def plain_pdf(content: DocumentContent) -> bytes:
    """reportlab drawing the document's text as plain paragraphs."""
    regular, bold = _register_fonts()
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("bench-body", fontName=regular)
    head = styles["Heading2"].clone("bench-head", fontName=bold)
    out = BytesIO()
    story = [Paragraph(escape(line).replace("\n", "<br/>"), head if is_head else body)
             for line, is_head in _lines(content)]
    SimpleDocTemplate(out, initialFontName=regular).build(story)
    return out.getvalue()


def sharing_record_figure(db: Database, hub: BenchHub, backend: str, repeat: int) -> Figure:
    officer = staff(db, "csc.officer")
    case = open_case(db, officer, hub.sharing_ref, DocumentKind.SHARING_RECORD.value)
    content = sharing_record.build(case, Production(secrets.token_hex(8), utcnow(), officer.display_name,
                                                    officer.actor.username, "CSC", "Children's Social Care",
                                                    officer.display_name))
    with tempfile.TemporaryDirectory(prefix="mash-bench-") as folder:
        made: list[documents.Produced] = []

        def produce() -> None:
            made.append(documents.produce(db, officer, DocumentKind.SHARING_RECORD, hub.sharing_ref,
                                          Path(folder) / f"record-{len(made)}.pdf"))

        times = runs(produce, repeat)
    base = runs(lambda: plain_pdf(content), repeat)
    return Figure("sharing_record_pdf", f"Information-sharing record PDF, {len(case.disclosures)} disclosures",
                  median_ms(times), "ms", median_ms(base), "reportlab drawing the same text as plain paragraphs",
                  backend, hub.referrals, at_most=500, ratio_at_most=1.5,
                  detail={"times": spread(times), "baseline_times": spread(base), "pages": made[-1].pages,
                          "disclosures": len(case.disclosures)})


def case_figures(db: Database, hub: BenchHub, backend: str, repeat: int) -> list[Figure]:
    return [open_case_figure(db, hub, backend, repeat), sign_in_figure(db, hub, backend, max(3, repeat // 2)),
            sharing_record_figure(db, hub, backend, repeat)]
