"""A random account draft's VAT number: one that stdnum and the app's own check accept.

Apart from the randomizer's core because it is a table of per-country templates and a
search over check characters; stdnum is imported only when a number is made.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from desktop_app.demo.draft_text import squash
from desktop_app.domain.validation import MAX_LENGTHS, check_tax_id

if TYPE_CHECKING:
    import random

    from stdnum.util import NumberValidationModule

    from desktop_app.demo.draft_places import Subdivision

# VAT (or the local business tax number) as templates: '#' a random digit, '+' a random
# non-zero digit, '@' a random letter, '$' a random letter or digit, 'YYMMDD' a random
# date; '?' (digit), '!' (letter) and '*' (letter or digit) are check characters, every
# value of which is tried. Anything else is literal.
_TAX_TEMPLATES: Final[dict[str, str]] = {
    "AT": "U+######?",
    "BE": "0+######??",
    "CH": "CHE+#######?MWST",
    "CZ": "+######?",
    "DE": "+#######?",
    "DK": "+######?",
    "ES": "B#######?",
    "FI": "+######?",
    "FR": "??+#######?",
    "GB": "+######??",
    "IE": "+######!",
    "IT": "+######0##?",
    "NL": "+#######?B01",
    "NO": "9#######?MVA",
    "PL": "+########?",
    "PT": "5#######?",
    "SE": "55#######?01",
    "CA": "+#######?RT0001",
    "AU": "??+########",
    "NZ": "+######?",
    "JP": "?+###########",
    "BR": "+#######0001??",
    "MX": "@@@YYMMDD$$*",
    "IN": "{gst}@@@C@####@1Z*",
    "KE": "P#########@",
}
# Written as the EU (and UK) VAT identification number: country code + compact number.
_PREFIXED_TAX_COUNTRIES: Final = frozenset(
    {"AT", "BE", "CZ", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "NL", "PL", "PT", "SE"}
)
_TAX_ATTEMPTS: Final = 25

# GST state codes (the first two digits of a GSTIN) by ISO 3166-2 subdivision of India.
_GST_STATE_CODES: Final[dict[str, str]] = {
    "JK": "01",
    "HP": "02",
    "PB": "03",
    "CH": "04",
    "UK": "05",
    "HR": "06",
    "DL": "07",
    "RJ": "08",
    "UP": "09",
    "BR": "10",
    "SK": "11",
    "AR": "12",
    "NL": "13",
    "MN": "14",
    "MZ": "15",
    "TR": "16",
    "ML": "17",
    "AS": "18",
    "WB": "19",
    "JH": "20",
    "OD": "21",
    "CG": "22",
    "MP": "23",
    "GJ": "24",
    "DH": "26",
    "MH": "27",
    "KA": "29",
    "GA": "30",
    "LD": "31",
    "KL": "32",
    "TN": "33",
    "PY": "34",
    "AN": "35",
    "TS": "36",
    "AP": "37",
}


def tax_id(country: str, subdivision: Subdivision | None, rng: random.Random) -> str:
    """A VAT number that stdnum accepts for ``country``, or empty where none is made."""
    template = _TAX_TEMPLATES.get(country)
    module = _vat_module(country)
    if template is None or module is None:
        return ""
    if "{gst}" in template:  # India: the GSTIN starts with the code of the state
        state = "" if subdivision is None else subdivision.code.partition("-")[2]
        if state not in _GST_STATE_CODES:
            return ""
        template = template.format(gst=_GST_STATE_CODES[state])
    compact = _fill_template(template, rng, lambda n: _safe_is_valid(module, n))
    if compact is None:
        return ""
    compact = str(module.compact(compact))
    formatter = getattr(module, "format", None)
    if country in _PREFIXED_TAX_COUNTRIES:
        text = f"{country}{compact}"
    elif callable(formatter):
        text = squash(formatter(compact))
    else:
        text = compact
    ok = (
        len(text) <= MAX_LENGTHS["tax_id"]
        and _safe_is_valid(module, text)
        and check_tax_id(text, country) is None
    )
    return text if ok else ""


@lru_cache(maxsize=64)
def _vat_module(country: str) -> NumberValidationModule | None:
    from stdnum.util import get_cc_module

    try:
        module = get_cc_module(country.lower(), "vat")
    except Exception:  # stdnum raises plain errors for unknown countries
        return None
    return module


def _safe_is_valid(module: NumberValidationModule, number: str) -> bool:
    try:
        return bool(module.is_valid(number))
    except Exception:  # a checker that chokes on odd input is a failed check
        return False


def _fill_template(
    template: str, rng: random.Random, is_valid: Callable[[str], bool]
) -> str | None:
    """A string matching ``template`` (see ``_TAX_TEMPLATES``) that ``is_valid`` accepts."""
    random_sets = {
        "#": string.digits,
        "+": string.digits[1:],
        "@": string.ascii_uppercase,
        "$": string.ascii_uppercase + string.digits,
    }
    check_sets = {
        "?": string.digits,
        "!": string.ascii_uppercase,
        "*": string.digits + string.ascii_uppercase,
    }
    for _ in range(_TAX_ATTEMPTS):
        text = template
        if "YYMMDD" in text:
            date = f"{rng.randrange(100):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            text = text.replace("YYMMDD", date)
        chars = [rng.choice(random_sets[c]) if c in random_sets else c for c in text]
        slots = [i for i, c in enumerate(chars) if c in check_sets]
        for combo in itertools.product(*(check_sets[chars[i]] for i in slots)):
            for i, value in zip(slots, combo, strict=True):
                chars[i] = value
            candidate = "".join(chars)
            if is_valid(candidate):
                return candidate
    return None
