"""A small workspace for the exchange tests: resellers, customers, awkward values, a legacy id."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.validation import parse_phone
from desktop_app.persistence.bulk import BulkWriter
from tests.support.world import API_HUB, World, draft


@dataclass
class Accounts:
    """The accounts of the exchange world, by role."""

    hub_reseller: TierAccount
    reseller: TierAccount
    customer: TierAccount
    risky: TierAccount
    legacy: TierAccount

    def all(self) -> list[TierAccount]:
        return [self.hub_reseller, self.reseller, self.customer, self.risky, self.legacy]


@pytest.fixture
def accounts(world: World) -> Accounts:
    create = world.services.accounts.create
    hub_reseller = create(
        draft(name="Hub Reseller GmbH", external_id="R-1", hub_id=API_HUB.id, tax_id="DE1")
    ).account
    reseller = create(
        draft(
            name="Direct Reseller SARL",
            external_id="R-2",
            country="FR",
            city="Paris",
            postal_code="75001",
            phone="+33 1 42 68 53 00",
            address_line2="Bâtiment B",
        )
    ).account
    customer = create(
        draft(
            type=AccountType.CUSTOMER,
            parent_id=hub_reseller.id,
            name="Kunde AG",
            external_id="",
            postal_code="01067",
            city="Dresden",
            phone="+49 351 1234567 ext. 42",
        )
    ).account
    risky = create(
        draft(
            type=AccountType.CUSTOMER,
            parent_id=reseller.id,
            name='=HYPERLINK("http://evil.example","click")',
            external_id="+12345",
            tax_id="@SUM(1+1)",
            address_line1="-1 Minus Street",
            city="Zürich",
            country="CH",
            postal_code="8001",
            phone="",
        )
    ).account
    legacy_data = replace(
        reseller.data,
        name="Old Reseller Ltd",
        external_id="R-OLD",
        external_uid="00000000-0000-4000-8000-000000000001",
        country="GB",
        city="London",
        postal_code="SW1A 1AA",
        address_line2="",
        phone=parse_phone("+44 20 7946 0958", "GB"),
    )
    legacy = replace(reseller, id="TA-0-1111-2222-3333", data=legacy_data)
    with world.store.write():
        writer = BulkWriter(world.store.db)
        writer.accounts([legacy])
    return Accounts(hub_reseller, reseller, customer, risky, legacy)
