"""Countries by their ISO-3166 two-letter codes (pycountry's data, read when first asked)."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Final

from desktop_app.domain.text import quoted

COUNTRIES_FILE: Final = Path("databases", "iso3166-1.json")
"""pycountry's table of countries, inside its package."""


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    """Each alpha-2 code's short name, as pycountry names it.

    Read from pycountry's own data file: importing pycountry costs 30-50 ms (it asks
    importlib.metadata for its version), which the first account opened in a window paid.
    """
    spec = importlib.util.find_spec("pycountry")
    places = spec.submodule_search_locations if spec is not None else None
    try:
        if not places:
            raise FileNotFoundError("pycountry")
        with (Path(next(iter(places))) / COUNTRIES_FILE).open(encoding="utf-8") as file:
            return {row["alpha_2"]: row["name"] for row in json.load(file)["3166-1"]}
    except (OSError, ValueError, KeyError, TypeError):  # another layout: pycountry itself
        import pycountry

        return {str(c.alpha_2): str(c.name) for c in pycountry.countries}


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """The ISO-3166 short name of an alpha-2 code, None when unknown."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    return _short_names().get(code.upper())


def country_code_hint(text: str) -> str:
    """What to type instead of a country's name: its ISO-3166 two-letter code."""
    import pycountry

    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return f"{quoted(text)} is not an ISO-3166 country code; use two letters, such as DE."
    return f"Use the ISO-3166 two-letter code: {country.alpha_2} for {country.name}."
