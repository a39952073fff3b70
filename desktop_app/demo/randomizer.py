"""Coherent random account drafts for the wizard's Randomize button."""

from __future__ import annotations

import itertools
import random
import re
import string
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, Final

import phonenumbers
import pycountry
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.countries import country_name
from desktop_app.domain.enums import AccountType
from desktop_app.domain.text import normalize_text
from desktop_app.domain.validation import MAX_LENGTHS, check_tax_id

if TYPE_CHECKING:
    from faker import Faker
    from stdnum.util import NumberValidationModule

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
_NAME_SLUG_MAX: Final = 30

_PHONE_ATTEMPTS: Final = 60
_MOBILE_SHARE: Final = 0.6
_SECOND_LINE_SHARE: Final = 0.35

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
class _Subdivision:
    code: str
    name: str
    top_level: bool


def _match_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(text).lower()))


@lru_cache(maxsize=64)
def _subdivisions(country: str) -> tuple[_Subdivision, ...]:
    found = sorted(pycountry.subdivisions.get(country_code=country) or (), key=lambda s: s.code)
    usable: list[_Subdivision] = []
    odd: list[_Subdivision] = []
    for sub in found:
        name = subdivision_display_name(str(sub.name))
        if not name or len(name) > MAX_LENGTHS["state"]:
            continue
        item = _Subdivision(str(sub.code), name, sub.parent_code is None)
        kind = str(sub.type).lower()
        suffix = item.code.partition("-")[2]
        if any(word in kind for word in _SKIPPED_SUBDIVISION_TYPES) or (
            kind == "country" and len(suffix) == 2 and country_name(suffix) is not None
        ):  # overseas parts, and NL-AW and the like: a country of its own
            odd.append(item)
        else:
            usable.append(item)
    return tuple(usable or odd)  # BQ has only "special municipalities"


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


def _call(fake: Faker, provider: str) -> str:
    """A locale-specific faker provider's value (not in faker's type stubs)."""
    return str(getattr(fake, provider)())


def _squash(text: object) -> str:
    return " ".join(normalize_text(str(text)).split())


def _tidy_address(text: object) -> str:
    """One address line, single-spaced, without faker's stray space before commas."""
    return re.sub(r"\s+([,.;:])", r"\1", _squash(text)).strip(" ,")


def _fit(field: str, text: str) -> str:
    return _squash(text)[: MAX_LENGTHS[field]].strip()


class AccountRandomizer:
    """Makes filled-in account drafts whose fields agree with each other and with the country.

    The same seed gives the same sequence of drafts.
    """

    _fakers: ClassVar[dict[str, Faker]] = {}

    def __init__(self, seed: int | None = None) -> None:
        """Draw from ``random.Random(seed)``; an unpredictable sequence when ``seed`` is None."""
        self._rng = random.Random(seed)

    @classmethod
    def _faker(cls, locale: str) -> Faker:
        """The Faker of ``locale``, made once per process (making one is slow)."""
        fake = cls._fakers.get(locale)
        if fake is None:
            from faker import Faker

            fake = cls._fakers[locale] = Faker(locale)
        return fake

    def draft(
        self,
        *,
        country: str | None = None,
        account_type: AccountType | None = None,
        parent_id: str | None = None,
    ) -> AccountDraft:
        """A filled draft; ``country`` (alpha-2) and ``account_type`` are drawn when not given.

        ``parent_id`` is passed through; a customer drawn without one still needs its caller
        to choose the parent reseller before the draft validates.
        """
        rng = self._rng
        if country is None:
            code = rng.choice(curated_countries())
        else:
            code = country.strip().upper()
            if country_name(code) is None:
                raise ValueError(f"{country!r} is not an ISO-3166 alpha-2 country code.")
        kind = (
            AccountType(account_type)
            if account_type is not None
            else rng.choice(tuple(AccountType))
        )
        locale = locale_for(code)
        native = locale != FALLBACK_LOCALE or code == "US"
        german = locale.startswith("de")
        fake = self._faker(locale)
        fake.seed_instance(rng.getrandbits(64))

        company = _squash(fake.company())
        first, last, first_latin, last_latin = self._person(fake)
        line1, line2 = self._street(fake, locale)
        city, subdivision, state, postal_code = self._locality(fake, code, locale, native)
        external_id = str(rng.randint(1_000_000, 99_999_999))
        external_uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        email = self._email(fake, first_latin, last_latin, company, code, german)
        phone = self._phone(code)
        tax_id = self._tax_id(code, subdivision)

        return AccountDraft(
            type=kind,
            parent_id=parent_id,
            name=_fit("name", company),
            external_id=external_id,
            external_uid=external_uid,
            tax_id=tax_id,
            address_line1=_fit("address_line1", line1),
            address_line2=_fit("address_line2", line2),
            city=_fit("city", city),
            state=_fit("state", state),
            postal_code=_fit("postal_code", postal_code),
            country=code,
            first_name=_fit("first_name", first),
            last_name=_fit("last_name", last),
            email=email,
            phone=phone,
        )

    # -- people and companies ---------------------------------------------------------

    @staticmethod
    def _person(fake: Faker) -> tuple[str, str, str, str]:
        """First and last name, and the same in Latin letters (for the email)."""
        first_pair = getattr(fake, "first_name_pair", None)
        last_pair = getattr(fake, "last_name_pair", None)
        if callable(first_pair) and callable(last_pair):  # ja_JP: (kanji, kana, romaji)
            first, _, first_latin = first_pair()
            last, _, last_latin = last_pair()
            return _squash(first), _squash(last), _squash(first_latin), _squash(last_latin)
        first, last = _squash(fake.first_name()), _squash(fake.last_name())
        return first, last, first, last

    def _email(
        self, fake: Faker, first: str, last: str, company: str, country: str, german: bool
    ) -> str:
        f, la = name_slug(first, german=german), name_slug(last, german=german)
        if f and la:
            pattern = self._rng.choice(_LOCAL_PART_PATTERNS)
            local = pattern.format(f=f, l=la, i=f[0])
        else:
            local = f or la or "contact"
        label = self._domain_label(company, german)
        if not label:
            word = ascii_fold(fake.domain_word()).lower()
            label = _label_from_words(re.findall(r"[a-z0-9]+", word))
        if not label:
            label = la or f or "company"
        return f"{local}@{label}.{_EMAIL_TLDS.get(country, country.lower())}"

    @staticmethod
    def _domain_label(company: str, german: bool) -> str:
        words = re.findall(r"[a-z0-9]+", ascii_fold(company, german=german).lower())
        kept = [w for w in words if len(w) > 1 and w not in _COMPANY_NOISE]
        return _label_from_words(kept)

    # -- addresses ----------------------------------------------------------------------

    def _street(self, fake: Faker, locale: str) -> tuple[str, str]:
        """Address lines 1 and 2."""
        if locale == "ja_JP":
            line1 = "".join(_call(fake, part) for part in ("town", "chome", "ban", "gou"))
            line2 = ""
            if self._rng.random() < _SECOND_LINE_SHARE * 2:
                line2 = f"{_call(fake, 'building_name')}{self._rng.randint(101, 1210)}"
            return line1, line2
        lines: list[str] = []
        for raw in str(fake.street_address()).splitlines():
            line = _tidy_address(raw)
            if lines and not any(c.isalpha() for c in lines[-1]):
                lines[-1] = f"{lines[-1]} {line}".strip()  # en_IN: the house number alone
            elif line:
                lines.append(line)
        line1, line2 = lines[0], " ".join(lines[1:])
        secondary = getattr(fake, "secondary_address", None)
        has_secondary = bool(_SECONDARY_WORDS & set(line1.lower().split()))
        if not (line2 or has_secondary) and callable(secondary):
            extra = _tidy_address(secondary())
            if self._rng.random() < _SECOND_LINE_SHARE and not extra.endswith("/"):
                line2 = extra
        return line1, line2

    def _locality(
        self, fake: Faker, country: str, locale: str, native: bool
    ) -> tuple[str, _Subdivision | None, str, str]:
        """City, state (as subdivision and as written) and postal code, agreeing where possible."""
        if locale == "it_IT":
            # it_IT's city() depends on string hashing (faker builds it from a set), so it
            # differs between processes; its postcode table is ordered and names the province.
            found = re.fullmatch(r"(\S+), (.+) \((\w+)\)", _call(fake, "postcode_city_province"))
            if found:
                cap, city, province = found.groups()
                wanted = _IT_PROVINCES.get(province, f"IT-{province}")
                for sub in _subdivisions(country):
                    if sub.code == wanted:
                        return _squash(city), sub, sub.name, cap
        city = _squash(fake.city())
        subdivision, state = self._state(fake, country, native)
        return city, subdivision, state, self._postal_code(fake, country, subdivision, native)

    def _state(self, fake: Faker, country: str, native: bool) -> tuple[_Subdivision | None, str]:
        """A subdivision of ``country`` and its name as written in the draft."""
        subdivisions = _subdivisions(country)
        if not subdivisions:
            return None, ""
        if native:
            unit = getattr(fake, "administrative_unit", None)
            if callable(unit):
                written = _squash(unit())
                key = _match_key(written)
                for sub in subdivisions:
                    if key and _match_key(sub.name) == key:
                        return sub, written
        top = [s for s in subdivisions if s.top_level] or list(subdivisions)
        sub = self._rng.choice(top)
        return sub, sub.name

    @staticmethod
    def _postal_code(
        fake: Faker, country: str, subdivision: _Subdivision | None, native: bool
    ) -> str:
        text = ""
        method = getattr(fake, _POSTCODE_IN_STATE.get(country, ""), None)
        if native and subdivision is not None and callable(method):
            try:
                text = str(method(subdivision.code.partition("-")[2]))
            except Exception:  # faker knows no postcodes for that state
                text = ""
        if not text:
            text = str(fake.postcode())
        text = _squash(text)
        if country == "MX":  # faker's es_MX adds a US-style "-####"; Mexico has five digits
            text = text.partition("-")[0]
        length, split = _POSTCODE_SPACE_AFTER.get(country, (0, 0))
        if len(text) == length and " " not in text:
            text = f"{text[:split]} {text[split:]}"
        return text

    # -- phone and tax ------------------------------------------------------------------

    def _phone(self, country: str) -> str:
        """A number valid for ``country``, in international format; empty if it has none."""
        example = self._example_number(country)
        if example is None:
            return ""
        national = phonenumbers.national_significant_number(example)
        for attempt in range(_PHONE_ATTEMPTS):
            keep = len(national) - min(len(national) - 2, 6 if attempt < 30 else 3)
            if keep >= len(national):
                break
            digits = "".join(str(self._rng.randrange(10)) for _ in range(len(national) - keep))
            try:
                number = phonenumbers.parse(f"+{example.country_code}{national[:keep]}{digits}")
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number_for_region(number, country):
                return str(phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL))
        return str(phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL))

    def _example_number(self, country: str) -> PhoneNumber | None:
        kinds = [PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE]
        if self._rng.random() >= _MOBILE_SHARE:
            kinds.reverse()
        for kind in (*kinds, PhoneNumberType.FIXED_LINE_OR_MOBILE):
            example = phonenumbers.example_number_for_type(country, kind)
            if example is not None and phonenumbers.is_valid_number_for_region(example, country):
                return example
        example = phonenumbers.example_number(country)
        if example is not None and phonenumbers.is_valid_number_for_region(example, country):
            return example
        return None

    def _tax_id(self, country: str, subdivision: _Subdivision | None) -> str:
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
        compact = _fill_template(template, self._rng, lambda n: _safe_is_valid(module, n))
        if compact is None:
            return ""
        compact = str(module.compact(compact))
        formatter = getattr(module, "format", None)
        if country in _PREFIXED_TAX_COUNTRIES:
            text = f"{country}{compact}"
        elif callable(formatter):
            text = _squash(formatter(compact))
        else:
            text = compact
        ok = (
            len(text) <= MAX_LENGTHS["tax_id"]
            and _safe_is_valid(module, text)
            and check_tax_id(text, country) is None
        )
        return text if ok else ""


def _label_from_words(words: list[str]) -> str:
    """A DNS label from ``words``: hyphen-joined, at most ``_DOMAIN_LABEL_MAX`` characters."""
    label = ""
    for word in words:
        candidate = f"{label}-{word}" if label else word
        if len(candidate) > _DOMAIN_LABEL_MAX:
            break
        label = candidate
    return label or (words[0][:_DOMAIN_LABEL_MAX] if words else "")
