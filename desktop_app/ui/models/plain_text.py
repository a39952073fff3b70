"""Cells of plain text are drawn without text shaping: a quarter of a table's paint.

Qt shapes every cell's text at every paint (HarfBuzz), which Latin, Greek and Cyrillic
letters drawn one after the other do not need: a 1280×760 table of 9 columns painted in
6.1-6.3 ms, 4.6 ms with its plain cells unshaped (kerning and ligatures are what is left
out). Text with combining marks, right-to-left or joined scripts, CJK (drawn with fallback
fonts) or invisible format characters keeps the table's own font, shaped.
"""

from __future__ import annotations

import re
from typing import Final

from PySide6.QtGui import QFont

_NEEDS_SHAPING: Final = re.compile(
    "[^\x00-\u02ff"  # Latin, Latin-1, Latin Extended-A and B, IPA, spacing modifiers
    "\u0370-\u0482\u048a-\u052f"  # Greek, Cyrillic (not its combining marks)
    "\u1e00-\u1eff"  # Latin Extended Additional (precomposed Vietnamese)
    "\u2010-\u2027\u2030-\u205e"  # dashes, quotes, bullets, ellipsis (no format characters)
    "\u20a0-\u20cf\u2100-\u214f]"  # currency signs, letterlike symbols
)
_FONT: list[QFont] = []


def is_plain(text: str) -> bool:
    """True when ``text`` is drawn the same, kerning aside, without shaping."""
    return text.isascii() or _NEEDS_SHAPING.search(text) is None


def unshaped_font() -> QFont:
    """The cell's font, only told to skip shaping (resolved against the view's own font)."""
    if not _FONT:  # made on first use: a QFont wants the application to exist
        font = QFont()
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        _FONT.append(font)
    return _FONT[0]
