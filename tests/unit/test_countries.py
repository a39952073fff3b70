"""Country names come from pycountry's own table, without importing pycountry."""

from __future__ import annotations

import subprocess
import sys

import pycountry

from desktop_app.domain.countries import country_code_hint, country_name


def test_every_code_is_named_as_pycountry_names_it() -> None:
    codes = list(pycountry.countries)
    assert len(codes) > 200
    for country in codes:
        assert country_name(country.alpha_2) == country.name
        assert country_name(country.alpha_2.lower()) == country.name
    assert country_name("XX") is None
    assert country_name("DEU") is None
    assert country_name("") is None
    assert "DE for Germany" in country_code_hint("Germany")


def test_naming_a_country_loads_neither_pycountry_nor_package_metadata() -> None:
    # each costs tens of milliseconds: the first account opened in a window paid them
    script = (
        "import sys\n"
        "from desktop_app.domain.countries import country_name\n"
        "assert country_name('DE') == 'Germany'\n"
        "print(sorted(m for m in ('pycountry', 'importlib.metadata') if m in sys.modules))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert ran.stdout.strip() == "[]"
