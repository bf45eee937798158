"""The look of every document: page geometry, colours and paragraph styles."""

from __future__ import annotations

import functools

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from . import fonts

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 25 * mm
TEXT_WIDTH = PAGE[0] - 2 * MARGIN_X

MARKING = "OFFICIAL-SENSITIVE"

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#59636e")
ACCENT = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#c5ccd4")
SHADE = colors.HexColor("#eef1f5")
QUOTE = colors.HexColor("#f7f8fa")
STRIPE = colors.HexColor("#f8f9fb")

#: Background and text colour of each banner band.
BANDS = {
    "red": (colors.HexColor("#b3261e"), colors.white),
    "amber": (colors.HexColor("#f2a900"), INK),
    "green": (colors.HexColor("#2e7d32"), colors.white),
    "blue": (colors.HexColor("#1e5aa8"), colors.white),
    "neutral": (SHADE, INK),
}


def _style(name: str, size: float, *, bold: bool = False, color=INK, leading: float | None = None,
           **extra) -> ParagraphStyle:
    extra.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size,
                          leading=leading or size * 1.38, textColor=color, **extra)


class Styles:
    """Paragraph styles, made once the fonts are registered."""

    def __init__(self) -> None:
        fonts.register()
        self.title = _style("title", 19, bold=True, color=ACCENT, leading=23, spaceAfter=2)
        self.subtitle = _style("subtitle", 10.5, color=MUTED, spaceAfter=10)
        self.h1 = _style("h1", 12.5, bold=True, color=ACCENT, spaceBefore=14, spaceAfter=5, keepWithNext=1)
        self.h2 = _style("h2", 10.5, bold=True, spaceBefore=9, spaceAfter=4, keepWithNext=1)
        self.body = _style("body", 9.5, spaceAfter=5)
        self.lead = _style("lead", 10.5, spaceAfter=7)
        self.small = _style("small", 8.2, spaceAfter=3)
        self.muted = _style("muted", 8.2, color=MUTED, spaceAfter=3)
        self.note = _style("note", 8.2, color=MUTED, spaceBefore=18, spaceAfter=3)
        self.right = _style("right", 9.5, alignment=TA_RIGHT, spaceAfter=5)
        self.quote = _style("quote", 9.5, backColor=QUOTE, borderColor=RULE, borderWidth=0.6, borderPadding=7,
                            leftIndent=7, rightIndent=7, spaceBefore=8, spaceAfter=12)
        self.label = _style("label", 8.2, bold=True, color=MUTED)
        self.value = _style("value", 9.2)
        self.cell = _style("cell", 8.2, leading=10.8)
        self.head_cell = _style("head_cell", 8.2, bold=True, color=colors.white, leading=10.8)
        self.banner = _style("banner", 10.5, bold=True, alignment=TA_CENTER)

    def tone(self, tone: str) -> ParagraphStyle:
        return {"body": self.body, "quote": self.quote, "small": self.small, "lead": self.lead,
                "right": self.right, "muted": self.muted, "note": self.note}[tone]


@functools.cache
def shared_styles() -> Styles:
    """One set of styles for every document a process renders (no renderer changes them)."""
    return Styles()
