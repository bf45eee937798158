"""The embedded typeface, and text made ready for it.

Documents use DejaVu Sans, shipped in ``resources/fonts`` (with its licence)
and installed by Debian's fonts-dejavu-core: it has the glyphs for names in
Latin script with any accents (Welsh ŵ ŷ, Polish ł ż, Vietnamese ệ ữ),
Greek, Cyrillic, Hebrew and Arabic, and reportlab embeds the subset used.

ReportLab draws characters one by one, left to right, so right-to-left text
is prepared before it gets there: Arabic letters take their joined forms
(arabic-reshaper) and right-to-left runs are put in display order
(python-bidi). Text is also NFC-normalised, so a letter typed as base and
combining accent is drawn with the font's single precomposed glyph.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.reshaper_config import default_config
from arabic_reshaper.ligatures import LIGATURES
from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..domain.errors import EnvironmentFault
from ..paths import resource

REGULAR = "MashSans"
BOLD = "MashSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
SYSTEM_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Hebrew, Arabic, Syriac, Thaana, N'Ko and the Arabic presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def font_file(name: str) -> Path:
    """The TTF of a face: the shipped copy, else the system's."""
    for folder in (resource("fonts"), SYSTEM_DIR):
        path = folder / _FILES[name]
        if path.is_file():
            return path
    raise EnvironmentFault(f"The document font {_FILES[name]} is missing: reinstall MASH Desktop "
                           "(or install Debian's fonts-dejavu-core).")


@functools.cache
def register() -> None:
    """Make the faces known to reportlab (once per process)."""
    for name in _FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)


@functools.cache
def _reshaper() -> ArabicReshaper:
    """arabic-reshaper, using only the ligatures the font can draw."""
    register()
    glyphs = pdfmetrics.getFont(REGULAR).face.charToGlyph
    config = dict(default_config)
    for name, (_, forms) in LIGATURES:
        drawable = all(ord(ch) in glyphs for form in forms for ch in form)
        config[name] = bool(config.get(name)) and drawable
    return ArabicReshaper(configuration=config)


def for_display(text: str) -> str:
    """``text`` as the glyphs to draw, left to right."""
    text = unicodedata.normalize("NFC", text)
    if not _RTL.search(text):
        return text
    return "\n".join(get_display(_reshaper().reshape(line), base_dir="L") for line in text.split("\n"))


def markup(text: str) -> str:
    """``text`` ready for a reportlab Paragraph: escaped, line breaks kept."""
    return escape(for_display(text)).replace("\n", "<br/>")
