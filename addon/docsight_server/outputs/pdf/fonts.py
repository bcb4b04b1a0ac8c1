"""DejaVu Sans from matplotlib's bundled fonts, registered with reportlab (covers ä, ö, ü, ß)."""

from __future__ import annotations

from pathlib import Path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}


def font_directory() -> Path:
    """Return the folder of the TrueType fonts that ship with matplotlib (no download)."""
    import matplotlib  # only the rendering worker needs it

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def register_fonts() -> None:
    """Register DejaVu Sans and DejaVu Sans Bold with reportlab once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = font_directory()
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    # <b> in paragraph markup picks the bold face; there is no italic face, so italic is plain
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
