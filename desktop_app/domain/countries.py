"""Countries by their ISO-3166 two-letter codes (pycountry loads when first asked)."""

from __future__ import annotations

from functools import lru_cache

from desktop_app.domain.text import quoted


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """The ISO-3166 short name of an alpha-2 code, None when unknown."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    import pycountry  # loaded when first needed: start-up pays for no validation library

    country = pycountry.countries.get(alpha_2=code.upper())
    return None if country is None else str(country.name)


def country_code_hint(text: str) -> str:
    """What to type instead of a country's name: its ISO-3166 two-letter code."""
    import pycountry

    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return f"{quoted(text)} is not an ISO-3166 country code; use two letters, such as DE."
    return f"Use the ISO-3166 two-letter code: {country.alpha_2} for {country.name}."
