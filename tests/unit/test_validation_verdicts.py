"""The verdicts validation keeps (phones, tax ids, e-mail domains) answer as the libraries do."""

import importlib

import email_validator
import pytest

from desktop_app.domain import validation
from desktop_app.domain.validation import check_tax_id, normalized_email, parse_phone

ADDRESSES = [
    "Anna@EXAMPLE.com",
    "b.c@example.com",
    "x@Bücher.example",
    "info@xn--bcher-kva.example",
    "POSTMASTER@example.org",
    "a@b..com",
    "a@-bad-.com",
    "a@localhost",
    "a@b.invalid",
    "a b@c.com",
    "a@",
    "@b.com",
    "a@" + "d" * 64 + ".com",
    "a@[127.0.0.1]",
]


def _library(address: str) -> str:
    try:
        return email_validator.validate_email(address, check_deliverability=False).normalized
    except email_validator.EmailNotValidError as exc:
        return f"error: {exc}"


def _ours(address: str) -> str:
    try:
        return normalized_email(address)
    except email_validator.EmailNotValidError as exc:
        return f"error: {exc}"


def test_email_answers_are_the_library_s_own_at_every_ask(monkeypatch):
    normalized_email("a@example.com")  # from here on the domains' checks are kept
    checks = importlib.import_module("email_validator.validate_email")
    kept = checks.validate_email_domain_name
    assert hasattr(kept, "cache_info")
    with monkeypatch.context() as library_alone:
        library_alone.setattr(checks, "validate_email_domain_name", kept.__wrapped__)
        expected = [_library(a) for a in ADDRESSES]
    assert any(e.startswith("error") for e in expected)
    for _ in range(2):  # the second time every domain's check is answered from what was kept
        assert [_ours(a) for a in ADDRESSES] == expected


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("030 1234567", "DE"),
        ("+1 650 253 0000 ext. 12", "US"),
        ("12", "DE"),
        ("0612345678", ""),
        ("hello", "FR"),
        ("+44 20 7946 0958", "GB"),
        ("+33 6 12 34 56 78", "FR"),
    ],
)
def test_a_phone_gets_the_same_answer_every_time(text, country):
    def answer() -> object:
        try:
            return parse_phone(text, country)
        except ValueError as exc:
            return f"error: {exc}"

    fresh = validation._phone_verdict.__wrapped__(text, country)  # nothing kept
    first = answer()
    assert first == answer() == (fresh if not isinstance(fresh, str) else f"error: {fresh}")


def test_phone_patterns_are_compiled_once():
    import phonenumbers.re_util

    parse_phone("+49 30 1234567", "DE")
    assert phonenumbers.re_util._COMPILED_PATTERNS  # re's own cache of 512 would thrash


def test_a_tax_id_warning_is_the_same_when_kept():
    warning = check_tax_id("DE123", "DE")
    assert warning is not None and "Germany" in warning
    assert check_tax_id("DE123", "DE") == warning
    assert check_tax_id("DE123", "DE") == check_tax_id.__wrapped__("DE123", "DE")
