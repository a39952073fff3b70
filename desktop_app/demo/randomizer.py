"""Coherent random account drafts for the wizard's Randomize button.

The core: which country, type, company and contact a draft gets, and in which order the
random numbers are drawn (the same seed gives the same drafts). The parts that need
per-country rules are in ``draft_addresses``, ``draft_contacts`` and ``draft_tax_ids``.
"""

from __future__ import annotations

import random
import uuid
from typing import TYPE_CHECKING, ClassVar

from desktop_app.demo import draft_addresses, draft_contacts
from desktop_app.demo.draft_places import FALLBACK_LOCALE, curated_countries, locale_for
from desktop_app.demo.draft_tax_ids import tax_id
from desktop_app.demo.draft_text import fit, squash
from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.countries import country_name
from desktop_app.domain.enums import AccountType

if TYPE_CHECKING:
    from faker import Faker


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

        company = squash(fake.company())
        first, last, first_latin, last_latin = self._person(fake)
        line1, line2 = draft_addresses.street(fake, locale, rng)
        city, subdivision, state, postal_code = draft_addresses.locality(
            fake, code, locale, native, rng
        )
        external_id = str(rng.randint(1_000_000, 99_999_999))
        external_uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        email = draft_contacts.email(fake, rng, (first_latin, last_latin), company, code, german)
        phone = draft_contacts.phone(code, rng)
        tax_number = tax_id(code, subdivision, rng)

        return AccountDraft(
            type=kind,
            parent_id=parent_id,
            name=fit("name", company),
            external_id=external_id,
            external_uid=external_uid,
            tax_id=tax_number,
            address_line1=fit("address_line1", line1),
            address_line2=fit("address_line2", line2),
            city=fit("city", city),
            state=fit("state", state),
            postal_code=fit("postal_code", postal_code),
            country=code,
            first_name=fit("first_name", first),
            last_name=fit("last_name", last),
            email=email,
            phone=phone,
        )

    @staticmethod
    def _person(fake: Faker) -> tuple[str, str, str, str]:
        """First and last name, and the same in Latin letters (for the email)."""
        first_pair = getattr(fake, "first_name_pair", None)
        last_pair = getattr(fake, "last_name_pair", None)
        if callable(first_pair) and callable(last_pair):  # ja_JP: (kanji, kana, romaji)
            first, _, first_latin = first_pair()
            last, _, last_latin = last_pair()
            return squash(first), squash(last), squash(first_latin), squash(last_latin)
        first, last = squash(fake.first_name()), squash(fake.last_name())
        return first, last, first, last
