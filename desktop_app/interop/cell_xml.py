"""Cells of a sheet's XML: column letters, text as XML, an inline-string cell, a grown range."""

from __future__ import annotations

import functools
import re
from typing import Final

CELL_REF: Final = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
_ILLEGAL: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\r]|_(?=x[0-9A-Fa-f]{4}_)"
)
"""Characters XML cannot hold (and ``\\r``, which a reader would turn into ``\\n``), and the
``_`` of a literal ``_xHHHH_``: written in OOXML's ``_xHHHH_`` escape."""


def column_index(letters: str) -> int:
    """0 for ``A``, 25 for ``Z``, 26 for ``AA``."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


@functools.lru_cache(maxsize=256)
def column_letters(index: int) -> str:
    """``A`` for 0, ``AA`` for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _escape_char(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def xml_text(value: str) -> str:
    """``value`` as XML text: markup escaped, what XML cannot hold as ``_xHHHH_``."""
    value = _ILLEGAL.sub(_escape_char, value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(value: str) -> str:
    return xml_text(value).replace('"', "&quot;")


def inline_cell(prefix: str, ref: str, value: str, style: str | None) -> str:
    styled = f' s="{xml_attribute(style)}"' if style is not None else ""
    space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
    return (
        f'<{prefix}c r="{ref}"{styled} t="inlineStr"><{prefix}is>'
        f"<{prefix}t{space}>{xml_text(value)}</{prefix}t></{prefix}is></{prefix}c>"
    )


def grown(ref: str, last_row: int, last_column: int) -> str:
    """The range ``ref`` grown to hold ``last_row`` and ``last_column``; as it is otherwise."""
    first, _, last = ref.strip().partition(":")
    start = CELL_REF.fullmatch(first)
    end = CELL_REF.fullmatch(last or first)
    if start is None or end is None:
        return ref
    column = max(column_index(end.group(1)), last_column)
    row = max(int(end.group(2)), last_row)
    if (column, row) == (column_index(end.group(1)), int(end.group(2))):
        return ref
    return f"{start.group(1)}{start.group(2)}:{column_letters(column)}{row}"
