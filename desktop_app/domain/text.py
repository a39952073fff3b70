"""How typed text is cleaned everywhere: Unicode NFC, trimmed, no control or format characters."""

from __future__ import annotations

import unicodedata
from typing import Final

_ALLOWED_IN_MULTILINE: Final = frozenset({"\n", "\t"})
_CONTROL: Final = frozenset({"Cc", "Cs", "Co", "Cn"})
"""Controls (NUL, ESC…), lone surrogates, private-use and unassigned code points."""
_INVISIBLE: Final = frozenset({"Cf", "Zl", "Zp"})
"""Format characters and line/paragraph separators: they print nothing but can reorder or
hide text (U+202E RIGHT-TO-LEFT OVERRIDE shows ``Invoice\u202efdp.exe`` as ``Invoiceexe.pdf``)."""
_JOINERS: Final = frozenset({"\u200c", "\u200d"})
"""ZERO WIDTH NON-JOINER and JOINER: part of the spelling of Persian, Kurdish and Indic words
(and of emoji sequences); they move no text, so they are kept."""
QUOTE_LIMIT: Final = 80
"""How many characters of a value an error message shows."""
CONTROL_MESSAGE: Final = "Remove the control characters (such as NUL) from this field."
SEARCH_WORDS_MAX: Final = 16
"""A search box looks for its first this many words (each must match); SQLite refuses a query
of about a thousand terms, and no search needs more."""
SEARCH_WORD_LENGTH_MAX: Final = 64
"""A longer word is looked for by its first this many characters."""


def normalize_text(value: str, *, multiline: bool = False) -> str:
    """NFC-normalise and trim; line breaks become spaces unless ``multiline``."""
    if value.isascii() and value.isprintable():  # nothing to compose or replace: decided in C
        return value.strip()
    text = unicodedata.normalize("NFC", value)
    if not multiline:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _refused(char: str) -> bool:
    category = unicodedata.category(char)
    return category in _CONTROL or (category in _INVISIBLE and char not in _JOINERS)


def refused_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` no field may hold, None when there is none.

    Refused: controls such as NUL (only line breaks and tabs in ``multiline`` text), lone
    surrogates, private-use and unassigned code points, and the invisible format characters
    and separators (Unicode categories Cf, Zl, Zp: bidirectional overrides and isolates,
    zero-width space, byte-order mark, line and paragraph separators) but the two joiners.
    """
    if value.isascii():  # the common case, decided in C: only C0 controls and DEL are bad
        checked = value.replace("\n", "").replace("\t", "") if multiline else value
        if checked.isprintable():
            return None
    for char in value:
        if multiline and char in _ALLOWED_IN_MULTILINE:
            continue
        if _refused(char):
            return char
    return None


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True when ``value`` holds a character :func:`refused_character` finds."""
    return refused_character(value, multiline=multiline) is not None


def character_message(char: str, control: str = CONTROL_MESSAGE) -> str:
    """Why a field holding ``char`` (from :func:`refused_character`) is refused.

    ``control`` is the message for control characters; an invisible character is named.
    """
    if unicodedata.category(char) in _CONTROL:
        return control
    name = unicodedata.name(char, "")
    named = f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"
    return (
        f"Remove the invisible character {named} from this field: it can hide or reorder "
        "the text around it."
    )


def quoted(value: str, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as an error message shows it: in quotes, cut to ``limit`` characters with ``…``.

    Control and invisible characters are shown escaped (``\\x00``, ``\\u202e``), so a message
    never carries them and never runs to the length of a whole cell.
    """
    shown: list[str] = []
    length = 0
    for char in value:
        piece = char.encode("unicode_escape").decode("ascii") if _refused(char) else char
        if length + len(piece) > limit:
            shown.append("…")
            break
        shown.append(piece)
        length += len(piece)
    return f"“{''.join(shown)}”"


def fold_for_search(value: str) -> str:
    """Lower-case, accents removed: ``Müller`` → ``muller``."""
    if value.isascii():  # nothing to decompose: decided in C
        return value.lower()
    # decomposed before and after case folding: "𝕬" becomes "A" only once decomposed
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
