"""Hubs, operators, users and products, in plain SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from desktop_app.domain.catalog import (
    Hub,
    OperatorAccount,
    Product,
    User,
)
from desktop_app.domain.enums import (
    HubInstanceType,
    OperatorRole,
    ProductStatus,
    ResellerAuthorizationLevel,
)
from desktop_app.persistence.repository_base import Repository


def _product(row: Sequence[Any]) -> Product:
    return Product(
        id=row[0],
        name=row[1],
        vendor_id=row[2],
        status=ProductStatus(row[3]),
        tier_accounts_sync=bool(row[4]),
        reseller_authorization_level=ResellerAuthorizationLevel(row[5]),
    )


_PRODUCT_SELECT: Final = (
    "SELECT id, name, vendor_id, status, tier_accounts_sync, reseller_authorization_level"
    " FROM product"
)


class SqlCatalogRepository(Repository):
    """Hubs, operators, users and products."""

    def hub(self, hub_id: str) -> Hub | None:
        """The hub or None."""
        row = self._one("SELECT id, name, instance_type FROM hub WHERE id = ?", (hub_id,))
        return None if row is None else Hub(row[0], row[1], HubInstanceType(row[2]))

    def hubs(self) -> list[Hub]:
        """Every hub by id."""
        rows = self._all("SELECT id, name, instance_type FROM hub ORDER BY id")
        return [Hub(r[0], r[1], HubInstanceType(r[2])) for r in rows]

    def operator(self, operator_id: str) -> OperatorAccount | None:
        """The vendor or provider account or None."""
        row = self._one("SELECT id, name, role FROM operator_account WHERE id = ?", (operator_id,))
        return None if row is None else OperatorAccount(row[0], row[1], OperatorRole(row[2]))

    def operators(self) -> list[OperatorAccount]:
        """Vendors first, then providers, by name."""
        rows = self._all(
            "SELECT id, name, role FROM operator_account ORDER BY role = 'provider', name, id"
        )
        return [OperatorAccount(r[0], r[1], OperatorRole(r[2])) for r in rows]

    def add_operator(self, operator: OperatorAccount) -> None:
        """Add a vendor or provider account."""
        self._run(
            "INSERT INTO operator_account (id, name, role) VALUES (?, ?, ?)",
            (operator.id, operator.name, operator.role.value),
        )

    def user(self, user_id: str) -> User | None:
        """The user or None."""
        row = self._one("SELECT id, name FROM app_user WHERE id = ?", (user_id,))
        return None if row is None else User(row[0], row[1])

    def add_user(self, user: User) -> None:
        """Record a user."""
        self._run("INSERT INTO app_user (id, name) VALUES (?, ?)", (user.id, user.name))

    def product(self, product_id: str) -> Product | None:
        """The product or None."""
        row = self._one(f"{_PRODUCT_SELECT} WHERE id = ?", (product_id,))
        return None if row is None else _product(row)

    def products(self) -> list[Product]:
        """Every product by name."""
        return [_product(r) for r in self._all(f"{_PRODUCT_SELECT} ORDER BY name, id")]

    def set_product_capabilities(
        self, product_id: str, tier_accounts_sync: bool, level: ResellerAuthorizationLevel
    ) -> None:
        """Switch a product's capabilities."""
        self._run(
            "UPDATE product SET tier_accounts_sync = ?, reseller_authorization_level = ?"
            " WHERE id = ?",
            (int(tier_accounts_sync), int(level), product_id),
        )

    def linked_products(self, account_id: str) -> list[tuple[Product, str | None]]:
        """Products of subscriptions holding the account in any tier, with a provider each."""
        rows = self._all(
            "SELECT p.id, p.name, p.vendor_id, p.status, p.tier_accounts_sync,"
            " p.reseller_authorization_level, min(m.owner_id)"
            " FROM (SELECT product_id, marketplace_id FROM subscription WHERE customer_id = ?"
            "  UNION SELECT product_id, marketplace_id FROM subscription WHERE tier1_id = ?"
            "  UNION SELECT product_id, marketplace_id FROM subscription WHERE tier2_id = ?) s"
            " JOIN product p ON p.id = s.product_id JOIN marketplace m ON m.id = s.marketplace_id"
            " GROUP BY p.id ORDER BY p.id",
            (account_id, account_id, account_id),
        )
        return [(_product(r), r[6]) for r in rows]
