"""Fixtures of the widget tests: many accounts inserted fast, settings files, counting fakes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop_app.domain.accounts import AccountData, Event, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryQuery, DirectoryRow, SortSpec
from tests.support.world import API_HUB, World

WORDS = ("Nordic", "Alpine", "Blue", "Crimson", "Delta", "Evergreen", "Golden", "Harbor")
KINDS = ("Software", "Systems", "Trading", "Consulting", "Logistics", "Media")
CITIES = ("Berlin", "München", "Paris", "Lyon", "Madrid", "Wien")
ACCOUNT_COUNT = 600


def add_accounts(world: World, count: int) -> list[TierAccount]:
    """Insert ``count`` accounts in one statement: every fifth a reseller, the rest its children."""
    rng = random.Random(20260101)
    user_id = world.services.workspace.ensure_user().id
    start = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    accounts: list[TierAccount] = []
    parent: str | None = None
    for number in range(count):
        account_id = f"TA-1000-{number // 10_000:04d}-{number % 10_000:04d}"
        is_reseller = number % 5 == 0
        data = AccountData(
            type=AccountType.RESELLER if is_reseller else AccountType.CUSTOMER,
            parent_id=None if is_reseller else parent,
            name=f"{rng.choice(WORDS)} {rng.choice(KINDS)} {number:04d}",
            external_id=f"EXT-{number:05d}",
            external_uid=f"00000000-0000-4000-8000-{number:012d}",
            tax_id="",
            address_line1=f"Street {number}",
            address_line2="",
            city=rng.choice(CITIES),
            state="",
            postal_code="10117",
            country="DE",
            first_name="Anna",
            last_name="Test",
            email=f"contact{number}@example.com",
            phone=None,
        )
        event = Event(start + timedelta(minutes=number), user_id)
        accounts.append(
            TierAccount(
                id=account_id,
                version=1,
                data=data,
                hub_id=API_HUB.id if is_reseller or number % 2 else NO_HUB_ID,
                owner_id="VA-111-111",
                created=event,
                updated=event,
            )
        )
        if is_reseller:
            parent = account_id
    with world.store.write():
        BulkWriter(world.store.db).accounts(accounts)
    return accounts


@pytest.fixture
def accounts(world: World) -> list[TierAccount]:
    """Six hundred accounts in the test world."""
    return add_accounts(world, ACCOUNT_COUNT)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in an INI file of the test's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@dataclass
class CountingDirectory:
    """Wraps a directory service and records every count and every page fetched."""

    inner: object
    counts: int = 0
    fetches: list[tuple[int, int, int]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return self.inner.is_empty()  # type: ignore[attr-defined]

    def accounts(
        self, query: DirectoryQuery, sort: SortSpec | None = None
    ) -> Listing[DirectoryRow]:
        listing: Listing[DirectoryRow] = self.inner.accounts(query, sort)  # type: ignore[attr-defined]

        def count() -> int:
            self.counts += 1
            return listing.count()

        def fetch(offset: int, limit: int) -> Sequence[DirectoryRow]:
            rows = listing.fetch(offset, limit)
            self.fetches.append((offset, limit, len(rows)))
            return rows

        return Listing(count=count, fetch=fetch)

    @property
    def fetched_rows(self) -> int:
        """How many rows were read from the database in all."""
        return sum(rows for _, _, rows in self.fetches)
