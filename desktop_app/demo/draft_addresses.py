"""The address of a random account draft: street lines, city, state and postal code.

Separate from the randomizer's core because making the parts agree (a postcode in the
state, an Italian city in its province, no second line where the first names a flat) is
its own body of per-country rules.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from desktop_app.demo.draft_places import Subdivision, subdivisions
from desktop_app.demo.draft_text import faker_call, match_key, squash, tidy_address

if TYPE_CHECKING:
    import random

    from faker import Faker

_SECOND_LINE_SHARE: Final = 0.35

# Postcodes that can follow the state: faker method per country, fed the subdivision code.
_POSTCODE_IN_STATE: Final[dict[str, str]] = {
    "US": "postcode_in_state",
    "CA": "postcode_in_province",
    "IN": "postcode_in_state",
}
# Where faker sometimes leaves out the space of a postcode: the length of the first part.
_POSTCODE_SPACE_AFTER: Final[dict[str, tuple[int, int]]] = {"CA": (6, 3), "IE": (7, 3)}
# it_IT province abbreviations that are no ISO 3166-2 code of their own.
_IT_PROVINCES: Final[dict[str, str]] = {"AO": "IT-23"}
# Words that show a street address already names the flat, floor or suite.
_SECONDARY_WORDS: Final = frozenset(
    {
        "apt.",
        "suite",
        "flat",
        "unit",
        "level",
        "studio",
        "piso",
        "puerta",
        "appartamento",
        "piano",
        "interior",
        "edif.",
        "depto.",
        "box",
    }
)


def street(fake: Faker, locale: str, rng: random.Random) -> tuple[str, str]:
    """Address lines 1 and 2."""
    if locale == "ja_JP":
        line1 = "".join(faker_call(fake, part) for part in ("town", "chome", "ban", "gou"))
        line2 = ""
        if rng.random() < _SECOND_LINE_SHARE * 2:
            line2 = f"{faker_call(fake, 'building_name')}{rng.randint(101, 1210)}"
        return line1, line2
    lines: list[str] = []
    for raw in str(fake.street_address()).splitlines():
        line = tidy_address(raw)
        if lines and not any(c.isalpha() for c in lines[-1]):
            lines[-1] = f"{lines[-1]} {line}".strip()  # en_IN: the house number alone
        elif line:
            lines.append(line)
    line1, line2 = lines[0], " ".join(lines[1:])
    secondary = getattr(fake, "secondary_address", None)
    has_secondary = bool(_SECONDARY_WORDS & set(line1.lower().split()))
    if not (line2 or has_secondary) and callable(secondary):
        extra = tidy_address(secondary())
        if rng.random() < _SECOND_LINE_SHARE and not extra.endswith("/"):
            line2 = extra
    return line1, line2


def locality(
    fake: Faker, country: str, locale: str, native: bool, rng: random.Random
) -> tuple[str, Subdivision | None, str, str]:
    """City, state (as subdivision and as written) and postal code, agreeing where possible."""
    if locale == "it_IT":
        # it_IT's city() depends on string hashing (faker builds it from a set), so it
        # differs between processes; its postcode table is ordered and names the province.
        found = re.fullmatch(r"(\S+), (.+) \((\w+)\)", faker_call(fake, "postcode_city_province"))
        if found:
            cap, city, province = found.groups()
            wanted = _IT_PROVINCES.get(province, f"IT-{province}")
            for sub in subdivisions(country):
                if sub.code == wanted:
                    return squash(city), sub, sub.name, cap
    city = squash(fake.city())
    subdivision, state = _state(fake, country, native, rng)
    return city, subdivision, state, _postal_code(fake, country, subdivision, native)


def _state(
    fake: Faker, country: str, native: bool, rng: random.Random
) -> tuple[Subdivision | None, str]:
    """A subdivision of ``country`` and its name as written in the draft."""
    found = subdivisions(country)
    if not found:
        return None, ""
    if native:
        unit = getattr(fake, "administrative_unit", None)
        if callable(unit):
            written = squash(unit())
            key = match_key(written)
            for sub in found:
                if key and match_key(sub.name) == key:
                    return sub, written
    top = [s for s in found if s.top_level] or list(found)
    sub = rng.choice(top)
    return sub, sub.name


def _postal_code(fake: Faker, country: str, subdivision: Subdivision | None, native: bool) -> str:
    text = ""
    method = getattr(fake, _POSTCODE_IN_STATE.get(country, ""), None)
    if native and subdivision is not None and callable(method):
        try:
            text = str(method(subdivision.code.partition("-")[2]))
        except Exception:  # faker knows no postcodes for that state
            text = ""
    if not text:
        text = str(fake.postcode())
    text = squash(text)
    if country == "MX":  # faker's es_MX adds a US-style "-####"; Mexico has five digits
        text = text.partition("-")[0]
    length, split = _POSTCODE_SPACE_AFTER.get(country, (0, 0))
    if len(text) == length and " " not in text:
        text = f"{text[:split]} {text[split:]}"
    return text
