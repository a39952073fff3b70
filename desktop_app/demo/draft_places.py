"""Where a random account draft lives: each country's faker locale and its subdivisions.

The randomizer and the demo seed's pools both ask which countries have a locale and which
states a country has (ISO 3166-2 names as people write them); the tables live here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import pycountry

from desktop_app.domain.countries import country_name
from desktop_app.domain.validation import MAX_LENGTHS

FALLBACK_LOCALE: Final = "en_US"

# Countries a draft is drawn from when none is asked for, with the faker locale that writes
# their people, companies and addresses. Only Latin-script locales (or ones faker romanises,
# like ja_JP) are listed, so that an ASCII email can be derived from the contact's name.
COUNTRY_LOCALES: Final[dict[str, str]] = {
    "US": "en_US",
    "GB": "en_GB",
    "DE": "de_DE",
    "FR": "fr_FR",
    "ES": "es_ES",
    "IT": "it_IT",
    "NL": "nl_NL",
    "AT": "de_AT",
    "BE": "nl_BE",
    "CH": "de_CH",
    "SE": "sv_SE",
    "DK": "da_DK",
    "NO": "no_NO",
    "FI": "fi_FI",
    "PL": "pl_PL",
    "CZ": "cs_CZ",
    "PT": "pt_PT",
    "IE": "en_IE",
    "CA": "en_CA",
    "AU": "en_AU",
    "NZ": "en_NZ",
    "JP": "ja_JP",
    "BR": "pt_BR",
    "MX": "es_MX",
    "IN": "en_IN",
    "KE": "en_KE",
}

# Subdivision types that are not a state of the country proper (overseas parts, arctic
# islands, outlying areas); they would look odd next to a mainland city.
_SKIPPED_SUBDIVISION_TYPES: Final = (
    "outlying",
    "dependency",
    "overseas",
    "arctic",
    "special municipality",
    "special island",
)
_CONJUNCTIONS: Final = frozenset({"and", "y", "et", "und", "e", "i"})


def subdivision_display_name(raw: str) -> str:
    """An ISO 3166-2 name as people write it: ``Madrid, Comunidad de`` → ``Comunidad de Madrid``.

    Bracketed alternatives (``Wales [Cymru GB-CYM]``) are dropped.
    """
    name = re.sub(r"\s*\[[^\]]*\]", "", raw).strip()
    head, sep, tail = name.partition(", ")
    if sep and tail and "," not in tail and not _CONJUNCTIONS & set(tail.lower().split()):
        name = f"{tail} {head}"
    return " ".join(name.split())


def locale_for(country: str) -> str:
    """The faker locale that writes data for ``country``; en_US when there is none suited."""
    code = country.upper()
    return COUNTRY_LOCALES[code] if code in curated_countries() else FALLBACK_LOCALE


@lru_cache(maxsize=1)
def curated_countries() -> tuple[str, ...]:
    """The countries a draft is drawn from when none is asked for (their locale exists)."""
    from faker.config import AVAILABLE_LOCALES

    return tuple(cc for cc, locale in COUNTRY_LOCALES.items() if locale in AVAILABLE_LOCALES)


@dataclass(frozen=True)
class Subdivision:
    """A state of a country: ISO 3166-2 code, name as written, and whether it is top-level."""

    code: str
    name: str
    top_level: bool


@lru_cache(maxsize=64)
def subdivisions(country: str) -> tuple[Subdivision, ...]:
    """The states of ``country`` a draft may name, by code; overseas parts only if all it has."""
    found = sorted(pycountry.subdivisions.get(country_code=country) or (), key=lambda s: s.code)
    usable: list[Subdivision] = []
    odd: list[Subdivision] = []
    for sub in found:
        name = subdivision_display_name(str(sub.name))
        if not name or len(name) > MAX_LENGTHS["state"]:
            continue
        item = Subdivision(str(sub.code), name, sub.parent_code is None)
        kind = str(sub.type).lower()
        suffix = item.code.partition("-")[2]
        if any(word in kind for word in _SKIPPED_SUBDIVISION_TYPES) or (
            kind == "country" and len(suffix) == 2 and country_name(suffix) is not None
        ):  # overseas parts, and NL-AW and the like: a country of its own
            odd.append(item)
        else:
            usable.append(item)
    return tuple(usable or odd)  # BQ has only "special municipalities"
