"""How typed text is cleaned everywhere: Unicode NFC, trimmed, no control characters."""

from __future__ import annotations

import unicodedata

_ALLOWED_IN_MULTILINE = {"\n", "\t"}


def normalize_text(value: str, *, multiline: bool = False) -> str:
    """NFC-normalise and trim; line breaks become spaces unless ``multiline``."""
    text = unicodedata.normalize("NFC", value)
    if not multiline:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True when ``value`` holds NUL or other control/format characters that do not print."""
    if value.isascii():  # the common case, decided in C: only C0 controls and DEL are bad
        if multiline:
            value = value.replace("\n", "").replace("\t", "")
        return not value.isprintable()
    for char in value:
        if multiline and char in _ALLOWED_IN_MULTILINE:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn"):
            return True
    return False


def fold_for_search(value: str) -> str:
    """Lower-case, accents removed: ``Müller`` → ``muller``."""
    if value.isascii():  # nothing to decompose: decided in C
        return value.lower()
    # decomposed before and after case folding: "𝕬" becomes "A" only once decomposed
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
