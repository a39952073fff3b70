"""Per country, the values demo accounts are made of: validated, folded and escaped once."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final, NamedTuple

from desktop_app.demo.draft_places import curated_countries, locale_for
from desktop_app.demo.draft_text import ascii_fold, name_slug
from desktop_app.demo.randomizer import AccountRandomizer
from desktop_app.domain.accounts import Phone
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import fold_for_search, has_control_characters, normalize_text
from desktop_app.domain.validation import MAX_LENGTHS, parse_phone, validate_draft

if TYPE_CHECKING:
    from collections.abc import Callable

    from faker import Faker

PHONE_EXTENSION_EVERY: Final = 8  # one pool phone in this many gets an extension variant

# Legal-form words and joiners left out of a domain made from a company name.
_DOMAIN_NOISE: Final = frozenset(
    (
        *("ab", "ag", "and", "aps", "as", "asa", "bv", "co", "corp", "de", "et", "gmbh"),
        *("inc", "kg", "llc", "ltd", "limited", "me", "nv", "oy", "plc", "pty", "sa"),
        *("sarl", "sas", "sl", "spa", "sp", "srl", "sro", "und", "vof", "zoo", "e"),
    )
)


class Company(NamedTuple):
    """An account's name and its email domain, with their folded and JSON forms."""

    name: str
    name_json: str
    folded_name: str
    domain: str
    folded_domain: str
    domain_escaped: str
    """The domain as it reads inside a JSON string."""


class Person(NamedTuple):
    """An account's contact and the local part of their email."""

    first_name: str
    last_name: str
    local_part: str
    names_json: str
    """``"first_name": …, "last_name": …`` of the snapshot."""
    folded_local_part: str
    local_part_escaped: str
    """The local part as it reads inside a JSON string."""


class Street(NamedTuple):
    """An account's address lines."""

    line1: str
    line2: str
    lines_json: str
    """``"address_line1": …, "address_line2": …`` of the snapshot."""


class Locality(NamedTuple):
    """An account's city, state, postal code and tax id (which go together)."""

    city: str
    state: str
    postal_code: str
    tax_id: str
    city_json: str
    """``"city": …, "country": …`` of the snapshot."""
    rest_json: str
    """The snapshot from ``"postal_code"`` to ``"tax_id"``, with the tax id."""
    rest_json_without_tax_id: str
    """The same with an empty tax id."""
    folded_city: str
    folded_tax_id: str


class PhoneParts(NamedTuple):
    """An account's phone, in its four columns and as the snapshot's JSON."""

    country_code: str
    area_code: str
    number: str
    extension: str
    json: str


NO_PHONE: Final = PhoneParts("", "", "", "", "null")


@dataclass(frozen=True)
class CountryPool:
    """The values of one country's accounts."""

    code: str
    companies: tuple[Company, ...]
    persons: tuple[Person, ...]
    streets: tuple[Street, ...]
    localities: tuple[Locality, ...]
    phones: tuple[PhoneParts, ...]


def draft_count(accounts: int) -> int:
    """Coherent drafts made per country: the pools of localities, phones and tax ids."""
    return min(40, 8 + accounts // 5000)


def extra_count(accounts: int) -> int:
    """Companies, contacts and streets added per country with faker, for large workspaces."""
    extra = min(250, accounts // 400)
    return extra if extra >= 20 else 0


def _json(text: str) -> str:
    """``text`` as a JSON string literal, as ``snapshot_json`` writes it."""
    return json.dumps(text, ensure_ascii=False)


def _squash(text: object) -> str:
    return " ".join(normalize_text(str(text)).split())


def _clean(text: str, field: str) -> bool:
    return bool(text) and len(text) <= MAX_LENGTHS[field] and not has_control_characters(text)


def _company(name: str, domain: str) -> Company:
    return Company(
        name,
        _json(name),
        fold_for_search(name),
        domain,
        fold_for_search(domain),
        _json(domain)[1:-1],
    )


def _person(first: str, last: str, local: str) -> Person:
    fragment = f'"first_name": {_json(first)}, "last_name": {_json(last)}'
    return Person(first, last, local, fragment, fold_for_search(local), _json(local)[1:-1])


def _street(line1: str, line2: str) -> Street:
    return Street(line1, line2, f'"address_line1": {_json(line1)}, "address_line2": {_json(line2)}')


def _locality(country: str, city: str, state: str, postal: str, tax_id: str) -> Locality:
    head = f'"city": {_json(city)}, "country": {_json(country)}'
    tail = f'"postal_code": {_json(postal)}, "state": {_json(state)}, "tax_id": '
    return Locality(
        city,
        state,
        postal,
        tax_id,
        head,
        tail + _json(tax_id),
        tail + '""',
        fold_for_search(city),
        fold_for_search(tax_id),
    )


def _phone(phone: Phone) -> PhoneParts:
    text = json.dumps(vars(phone), ensure_ascii=False, sort_keys=True)
    return PhoneParts(
        phone.country_code, phone.area_code, phone.phone_number, phone.extension, text
    )


_FAKERS: dict[str, Faker] = {}


def _faker(locale: str) -> Faker:
    """One Faker per locale and process (making one takes tens of milliseconds)."""
    fake = _FAKERS.get(locale)
    if fake is None:
        from faker import Faker

        fake = _FAKERS[locale] = Faker(locale)
    return fake


def _domain_label(company: str, german: bool) -> str:
    """A DNS label from a company name: ``Müller & Söhne GmbH`` → ``mueller-soehne``."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(company, german=german).lower())
    label = ""
    for word in (w for w in words if len(w) > 1 and w not in _DOMAIN_NOISE):
        candidate = f"{label}-{word}" if label else word
        if len(candidate) > 40:
            break
        label = candidate
    return label


@lru_cache(maxsize=8)
def pools(
    seed: int, drafts: int, extras: int, progress: Callable[[int, int], None] | None = None
) -> tuple[CountryPool, ...]:
    """Per country, values to combine, each validated, folded and JSON-escaped once.

    ``progress(done, total)`` hears of each country made (the first seconds of a demo load).
    """
    rng = random.Random(seed)
    randomizer = AccountRandomizer(rng.getrandbits(64))
    made = []
    countries = curated_countries()
    for number, code in enumerate(countries):
        if progress is not None:
            progress(number, len(countries))
        companies: list[Company] = []
        persons: list[Person] = []
        streets: list[Street] = []
        localities: list[Locality] = []
        phones: list[PhoneParts] = []
        for _ in range(drafts):
            draft = randomizer.draft(country=code, account_type=AccountType.RESELLER)
            try:
                data, _issues = validate_draft(draft)
            except ValidationError:  # a draft the randomizer got wrong: left out
                continue
            local, _, domain = data.email.rpartition("@")
            companies.append(_company(data.name, domain))
            persons.append(_person(data.first_name, data.last_name, local))
            streets.append(_street(data.address_line1, data.address_line2))
            localities.append(_locality(code, data.city, data.state, data.postal_code, data.tax_id))
            if data.phone is not None:
                phones.append(_phone(data.phone))
                if len(phones) % PHONE_EXTENSION_EVERY == 0:
                    text = f"{data.phone.editable()} ext. {rng.randint(10, 999)}"
                    phones.append(_phone(parse_phone(text, code)))
        if not companies:
            continue
        if extras:
            _add_faker_extras(code, extras, rng, companies, persons, streets)
        made.append(
            CountryPool(
                code,
                tuple(companies),
                tuple(persons),
                tuple(streets),
                tuple(localities),
                tuple(phones),
            )
        )
    return tuple(made)


def _add_faker_extras(
    code: str,
    count: int,
    rng: random.Random,
    companies: list[Company],
    persons: list[Person],
    streets: list[Street],
) -> None:
    """More companies, contacts and streets for ``code``.

    Only names that give an ASCII email (Latin script) are taken; the top-level domain is
    the one the randomizer used for the country.
    """
    locale = locale_for(code)
    german = locale.startswith("de")
    tld = companies[0].domain.partition(".")[2]
    fake = _faker(locale)
    fake.seed_instance(rng.getrandbits(64))
    for _ in range(count):
        name = _squash(fake.company())
        label = _domain_label(name, german)
        if label and tld and _clean(name, "name"):
            companies.append(_company(name, f"{label}.{tld}"))
        first, last = _squash(fake.first_name()), _squash(fake.last_name())
        f, la = name_slug(first, german=german), name_slug(last, german=german)
        if f and la and _clean(first, "first_name") and _clean(last, "last_name"):
            local = (f"{f}.{la}", f"{f[0]}.{la}", f"{f}{la}")[rng.randrange(3)]
            persons.append(_person(first, last, local))
        line = str(fake.street_address()).splitlines()[0]
        line = re.sub(r"\s+([,.;:])", r"\1", _squash(line)).strip(" ,")
        if _clean(line, "address_line1"):
            streets.append(_street(line, ""))
