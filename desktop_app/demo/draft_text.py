"""Text helpers of the account randomizer: folding names to ASCII and tidying faker's output.

Kept apart from the randomizer because the demo seed's pools fold names and build email
slugs the same way; both read these few functions instead of two copies.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Final

from desktop_app.domain.text import normalize_text
from desktop_app.domain.validation import MAX_LENGTHS

if TYPE_CHECKING:
    from faker import Faker

_NAME_SLUG_MAX: Final = 30

_TRANSLITERATIONS: Final = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)
_GERMAN_UMLAUTS: Final = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def ascii_fold(text: str, *, german: bool = False) -> str:
    """``text`` in plain ASCII: ``Łukasz`` → ``Lukasz``, ``Straße`` → ``Strasse``.

    With ``german`` the umlauts become two letters (``Müller`` → ``Mueller``); otherwise
    the accent is dropped (``Müller`` → ``Muller``). Characters with no Latin form vanish.
    """
    text = unicodedata.normalize("NFC", text)
    if german:
        text = text.translate(_GERMAN_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATIONS))
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


def name_slug(text: str, *, german: bool = False) -> str:
    """A name as written in an email address: ``Anne-Kathrin`` → ``anne-kathrin``.

    Spaces go (``van Dijk`` → ``vandijk``); so does anything that is not a letter, digit
    or hyphen once folded to ASCII.
    """
    folded = ascii_fold(text, german=german).lower().replace(" ", "")
    slug = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "", folded)).strip("-")
    return slug[:_NAME_SLUG_MAX].strip("-")


def match_key(text: str) -> str:
    """``text`` reduced to lower-case ASCII words, for comparing names written two ways."""
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(text).lower()))


def faker_call(fake: Faker, provider: str) -> str:
    """A locale-specific faker provider's value (not in faker's type stubs)."""
    return str(getattr(fake, provider)())


def squash(text: object) -> str:
    """``text`` normalized and single-spaced."""
    return " ".join(normalize_text(str(text)).split())


def tidy_address(text: object) -> str:
    """One address line, single-spaced, without faker's stray space before commas."""
    return re.sub(r"\s+([,.;:])", r"\1", squash(text)).strip(" ,")


def fit(field: str, text: str) -> str:
    """``text`` squashed and cut to the longest value the account's ``field`` takes."""
    return squash(text)[: MAX_LENGTHS[field]].strip()
