"""Check and clean an account draft into account data, with an issue per field."""

from __future__ import annotations

import importlib
import uuid
from functools import lru_cache
from typing import Any, Final

from desktop_app.domain.accounts import AccountData, AccountDraft, Phone
from desktop_app.domain.countries import country_code_hint, country_name
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import FieldIssue, Severity, ValidationError
from desktop_app.domain.text import character_message, normalize_text, quoted, refused_character

MAX_LENGTHS: Final[dict[str, int]] = {
    "name": 255,
    "external_id": 255,
    "external_uid": 255,
    "tax_id": 100,
    "address_line1": 255,
    "address_line2": 255,
    "city": 100,
    "state": 100,
    "postal_code": 50,
    "country": 2,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "phone": 80,
}
PHONE_PART_MAX: Final = 25
EMPTY_MARK: Final = "-"
"""What the exchange workbook and CSV write for an empty field, and read back as empty: a
field holding only this would not survive an export and an import, so it is refused."""
REQUIRED: Final = (
    "name",
    "address_line1",
    "city",
    "postal_code",
    "country",
    "first_name",
    "last_name",
    "email",
)
REQUIRED_MESSAGES: Final[dict[str, str]] = {
    "name": "Enter the organization name.",
    "address_line1": "Enter the first address line.",
    "city": "Enter the city.",
    "postal_code": "Enter the zip code.",
    "country": "Choose the country.",
    "first_name": "Enter the contact's first name.",
    "last_name": "Enter the contact's last name.",
    "email": "Enter the contact's email.",
}


VERDICTS_KEPT: Final = 8192
"""Phone numbers, tax ids and e-mail domains whose verdicts are kept: a file of many accounts
repeats them (a company's switchboard, its country's tax id format, a domain)."""


def parse_phone(text: str, country: str) -> Phone:
    """Split a typed phone number into Connect's four parts; ``ValueError`` when invalid."""
    verdict = _phone_verdict(text, country)
    if isinstance(verdict, str):
        raise ValueError(verdict)
    return verdict


@lru_cache(maxsize=VERDICTS_KEPT)
def _phone_verdict(text: str, country: str) -> Phone | str:
    """The parts of a phone number, or why it is refused (the same text: the same answer)."""
    try:
        return _parse_phone(text, country)
    except ValueError as exc:
        return str(exc)


@lru_cache(maxsize=1)
def _phonenumbers() -> Any:
    """The phonenumbers package, keeping every pattern of its metadata compiled.

    Without it, numbers of many countries overflow ``re``'s own cache of 512 patterns and
    compile them again and again (~10 % of checking a phone number in a large import).
    """
    import phonenumbers

    phonenumbers.enable_pattern_cache()
    return phonenumbers


def _parse_phone(text: str, country: str) -> Phone:
    phonenumbers = _phonenumbers()
    region = country.upper() if country_name(country) else None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        if region is None and not text.lstrip().startswith("+"):
            raise ValueError(
                "Start with + and the country code, or choose the country first."
            ) from exc
        raise ValueError("This is not a phone number.") from exc
    if not phonenumbers.is_valid_number(number):
        where = country_name(country) if region else None
        raise ValueError(
            f"Not a valid phone number for {where}." if where else "Not a valid phone number."
        )
    national = phonenumbers.national_significant_number(number)
    area_length = phonenumbers.length_of_geographical_area_code(number)
    phone = Phone(
        country_code=f"+{number.country_code}",
        area_code=national[:area_length],
        phone_number=national[area_length:],
        extension=number.extension or "",
    )
    if max(len(phone.area_code), len(phone.phone_number), len(phone.extension)) > PHONE_PART_MAX:
        raise ValueError("The phone number is too long.")
    return phone


def normalized_email(text: str) -> str:
    """The e-mail address as email-validator normalizes it; ``EmailNotValidError`` when invalid."""
    checked = _email_validator().validate_email(text, check_deliverability=False)
    return str(checked.normalized)


@lru_cache(maxsize=1)
def _email_validator() -> Any:
    """email-validator, with the checks of an address's domain kept for each domain.

    Checking the domain (IDNA, UTS #46 a character at a time) is two thirds of checking an
    address, and depends on the domain's text and the options alone; the addresses of an
    import share a few domains. The kept answer is the library's own, so nothing changes.
    """
    import email_validator

    # the submodule, not the function of the same name the package exports
    checks: Any = importlib.import_module("email_validator.validate_email")
    domain_name = getattr(checks, "validate_email_domain_name", None)
    if domain_name is not None and not hasattr(domain_name, "cache_info"):
        checks.validate_email_domain_name = lru_cache(maxsize=VERDICTS_KEPT)(domain_name)
    return email_validator


@lru_cache(maxsize=256)
def _vat_module(country: str) -> Any:
    from stdnum.util import get_cc_module

    try:
        module = get_cc_module(country.lower(), "vat")
    except Exception:  # stdnum raises plain errors for unknown countries
        return None
    return module


@lru_cache(maxsize=VERDICTS_KEPT)
def check_tax_id(tax_id: str, country: str) -> str | None:
    """A warning when ``country`` has a known VAT format and ``tax_id`` does not match it.

    A warning, not an error: Connect takes any text up to 100 characters, and many
    accounts carry a local tax number or none at all.
    """
    if not tax_id or not country_name(country):
        return None
    module = _vat_module(country)
    if module is None:
        return None
    candidate = tax_id
    prefix = country.upper()
    if candidate.upper().startswith(prefix) and not candidate[:2].isdigit():
        candidate = candidate[2:]
    try:
        if module.is_valid(candidate) or module.is_valid(tax_id):
            return None
    except Exception:  # a checker that chokes on odd input is a failed check
        pass
    return f"Does not look like a {country_name(country)} VAT number; saved as typed."


def normalize_draft(draft: AccountDraft) -> AccountDraft:
    """The same draft with every text field cleaned the one way used everywhere."""
    values = {name: normalize_text(getattr(draft, name)) for name in MAX_LENGTHS}
    values["country"] = values["country"].upper()
    parent = normalize_text(draft.parent_id) if draft.parent_id else None
    hub = normalize_text(draft.hub_id) if draft.hub_id else None
    return AccountDraft(
        type=AccountType(draft.type), parent_id=parent or None, hub_id=hub or None, **values
    )


def validate_draft(draft: AccountDraft) -> tuple[AccountData, list[FieldIssue]]:
    """Clean ``draft`` into data and warnings; :class:`ValidationError` names every bad field.

    ``external_uid`` may stay empty here: the service generates one.
    """
    clean = normalize_draft(draft)
    issues: list[FieldIssue] = []

    def error(field: str, message: str) -> None:
        if all(i.field != field for i in issues):
            issues.append(FieldIssue(field, message))

    for name, limit in MAX_LENGTHS.items():
        value = getattr(clean, name)
        refused = refused_character(value)
        if refused is not None:
            error(name, character_message(refused))
        elif value == EMPTY_MARK:
            error(
                name,
                f"A lone “{EMPTY_MARK}” stands for an empty field in exported files; "
                "leave the field empty or type the value.",
            )
        elif name == "country" and len(value) > limit:
            error(name, country_code_hint(value))
        elif len(value) > limit:
            error(name, f"Use at most {limit} characters ({len(value)} now).")
    for name in REQUIRED:
        if not getattr(clean, name):
            error(name, REQUIRED_MESSAGES[name])

    if clean.type is AccountType.CUSTOMER and not clean.parent_id:
        error("parent_id", "A customer needs a parent reseller.")

    if clean.country and not country_name(clean.country):
        error("country", f"{quoted(clean.country)} is not an ISO-3166 country code.")

    email = clean.email
    if email and "email" not in {i.field for i in issues}:
        from email_validator import EmailNotValidError

        try:
            email = normalized_email(email)
        except EmailNotValidError as exc:
            error("email", str(exc))

    external_uid = clean.external_uid
    if external_uid and "external_uid" not in {i.field for i in issues}:
        try:
            external_uid = str(uuid.UUID(external_uid))
        except ValueError:
            error("external_uid", "Enter a UUID such as 3f2b8c1e-0d4a-4c55-9a31-2b7e9d0c6a10.")

    phone: Phone | None = None
    if clean.phone and "phone" not in {i.field for i in issues}:
        try:
            phone = parse_phone(clean.phone, clean.country)
        except ValueError as exc:
            error("phone", str(exc))

    if clean.tax_id and "tax_id" not in {i.field for i in issues}:
        warning = check_tax_id(clean.tax_id, clean.country)
        if warning:
            issues.append(FieldIssue("tax_id", warning, Severity.WARNING))

    if any(i.severity is Severity.ERROR for i in issues):
        raise ValidationError(issues)
    data = AccountData(
        type=clean.type,
        parent_id=clean.parent_id,
        name=clean.name,
        external_id=clean.external_id,
        external_uid=external_uid,
        tax_id=clean.tax_id,
        address_line1=clean.address_line1,
        address_line2=clean.address_line2,
        city=clean.city,
        state=clean.state,
        postal_code=clean.postal_code,
        country=clean.country,
        first_name=clean.first_name,
        last_name=clean.last_name,
        email=email,
        phone=phone,
    )
    return data, issues
