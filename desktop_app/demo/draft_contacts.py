"""How a random account draft is reached: an email made from the contact and company, a phone.

Apart from the randomizer's core because each has its own rules: an email that an address
validator accepts and that reads like the person's at the company, and a phone number
that libphonenumber calls valid for the country.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

from desktop_app.demo.draft_text import ascii_fold, name_slug

if TYPE_CHECKING:
    import random

    from faker import Faker

_EMAIL_TLDS: Final[dict[str, str]] = {
    "US": "com",
    "GB": "co.uk",
    "AU": "com.au",
    "NZ": "co.nz",
    "JP": "co.jp",
    "BR": "com.br",
    "MX": "com.mx",
    "IN": "co.in",
    "KE": "co.ke",
    "ZA": "co.za",
    "IL": "co.il",
    "KR": "co.kr",
    "TH": "co.th",
    "ID": "co.id",
    "TR": "com.tr",
}
_LOCAL_PART_PATTERNS: Final = ("{f}.{l}", "{f}.{l}", "{i}.{l}", "{i}{l}", "{f}{l}", "{f}-{l}")
# Legal-form words and joiners left out of the domain made from a company name.
_COMPANY_NOISE: Final = frozenset(
    {
        "ab",
        "ag",
        "and",
        "aps",
        "as",
        "asa",
        "ay",
        "bv",
        "cb",
        "co",
        "com",
        "corp",
        "cv",
        "de",
        "ei",
        "eireli",
        "et",
        "gmbh",
        "hb",
        "inc",
        "kb",
        "kg",
        "kft",
        "kkt",
        "ks",
        "ky",
        "lda",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "ltda",
        "me",
        "nv",
        "och",
        "og",
        "oy",
        "oyj",
        "osk",
        "plc",
        "pty",
        "sa",
        "sab",
        "sarl",
        "sas",
        "sc",
        "scs",
        "sl",
        "sll",
        "slu",
        "snc",
        "sp",
        "spa",
        "spol",
        "sro",
        "srl",
        "tmi",
        "und",
        "vof",
        "zoo",
    }
)
_DOMAIN_LABEL_MAX: Final = 40

_PHONE_ATTEMPTS: Final = 60
_MOBILE_SHARE: Final = 0.6


def email(
    fake: Faker,
    rng: random.Random,
    names: tuple[str, str],
    company: str,
    country: str,
    german: bool,
) -> str:
    """The contact's address at the company: ``first.last@company.tld`` or a like pattern.

    ``names`` are the first and last name in Latin letters.
    """
    first, last = names
    f, la = name_slug(first, german=german), name_slug(last, german=german)
    if f and la:
        pattern = rng.choice(_LOCAL_PART_PATTERNS)
        local = pattern.format(f=f, l=la, i=f[0])
    else:
        local = f or la or "contact"
    label = _domain_label(company, german)
    if not label:
        word = ascii_fold(fake.domain_word()).lower()
        label = _label_from_words(re.findall(r"[a-z0-9]+", word))
    if not label:
        label = la or f or "company"
    return f"{local}@{label}.{_EMAIL_TLDS.get(country, country.lower())}"


def _domain_label(company: str, german: bool) -> str:
    words = re.findall(r"[a-z0-9]+", ascii_fold(company, german=german).lower())
    kept = [w for w in words if len(w) > 1 and w not in _COMPANY_NOISE]
    return _label_from_words(kept)


def _label_from_words(words: list[str]) -> str:
    """A DNS label from ``words``: hyphen-joined, at most ``_DOMAIN_LABEL_MAX`` characters."""
    label = ""
    for word in words:
        candidate = f"{label}-{word}" if label else word
        if len(candidate) > _DOMAIN_LABEL_MAX:
            break
        label = candidate
    return label or (words[0][:_DOMAIN_LABEL_MAX] if words else "")


def phone(country: str, rng: random.Random) -> str:
    """A number valid for ``country``, in international format; empty if it has none."""
    example = _example_number(country, rng)
    if example is None:
        return ""
    national = phonenumbers.national_significant_number(example)
    for attempt in range(_PHONE_ATTEMPTS):
        keep = len(national) - min(len(national) - 2, 6 if attempt < 30 else 3)
        if keep >= len(national):
            break
        digits = "".join(str(rng.randrange(10)) for _ in range(len(national) - keep))
        try:
            number = phonenumbers.parse(f"+{example.country_code}{national[:keep]}{digits}")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, country):
            return str(phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL))
    return str(phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL))


def _example_number(country: str, rng: random.Random) -> PhoneNumber | None:
    kinds = [PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE]
    if rng.random() >= _MOBILE_SHARE:
        kinds.reverse()
    for kind in (*kinds, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        example = phonenumbers.example_number_for_type(country, kind)
        if example is not None and phonenumbers.is_valid_number_for_region(example, country):
            return example
    example = phonenumbers.example_number(country)
    if example is not None and phonenumbers.is_valid_number_for_region(example, country):
        return example
    return None
