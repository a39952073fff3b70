"""Hubs, operators, users and products, through peewee."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import Insert, Select, Update, fn

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
from desktop_app.persistence import models
from desktop_app.persistence.prepared import slot
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


def _hubs() -> Select:
    h = models.Hub
    return h.select(h.id, h.name, h.instance_type)


def _hub() -> Select:
    return _hubs().where(models.Hub.id == slot(0))


def _hubs_by_id() -> Select:
    return _hubs().order_by(models.Hub.id)


def _operators() -> Select:
    o = models.OperatorAccount
    return o.select(o.id, o.name, o.role)


def _operator() -> Select:
    return _operators().where(models.OperatorAccount.id == slot(0))


def _operators_vendors_first() -> Select:
    o = models.OperatorAccount
    return _operators().order_by(o.role == OperatorRole.PROVIDER.value, o.name, o.id)


def _add_operator() -> Insert:
    o = models.OperatorAccount
    return o.insert({o.id: slot(0), o.name: slot(1), o.role: slot(2)})


def _user() -> Select:
    u = models.AppUser
    return u.select(u.id, u.name).where(u.id == slot(0))


def _add_user() -> Insert:
    u = models.AppUser
    return u.insert({u.id: slot(0), u.name: slot(1)})


def _products() -> Select:
    p = models.Product
    return p.select(
        p.id, p.name, p.vendor, p.status, p.tier_accounts_sync, p.reseller_authorization_level
    )


def _product_by_id() -> Select:
    return _products().where(models.Product.id == slot(0))


def _products_by_name() -> Select:
    return _products().order_by(models.Product.name, models.Product.id)


def _set_capabilities() -> Update:
    p = models.Product
    return p.update({p.tier_accounts_sync: slot(0), p.reseller_authorization_level: slot(1)}).where(
        p.id == slot(2)
    )


def _linked_products() -> Select:
    """Products of the subscriptions holding account ``slot(0)`` in any tier, a provider each."""
    s, p, m = models.Subscription, models.Product, models.Marketplace
    holding = [
        s.select(s.product, s.marketplace).where(tier == slot(0))
        for tier in (s.customer, s.tier1, s.tier2)
    ]
    linked = (holding[0] | holding[1] | holding[2]).alias("s")
    return (
        _products()
        .select_extend(fn.min(m.owner))
        .join(linked, on=(p.id == linked.c.product_id))
        .join(m, on=(m.id == linked.c.marketplace_id))
        .group_by(p.id)
        .order_by(p.id)
    )


class SqlCatalogRepository(Repository):
    """Hubs, operators, users and products."""

    def hub(self, hub_id: str) -> Hub | None:
        """The hub or None."""
        row = self._one(self._prepare(_hub), (hub_id,))
        return None if row is None else Hub(row[0], row[1], HubInstanceType(row[2]))

    def hubs(self) -> list[Hub]:
        """Every hub by id."""
        rows = self._all(self._prepare(_hubs_by_id))
        return [Hub(r[0], r[1], HubInstanceType(r[2])) for r in rows]

    def operator(self, operator_id: str) -> OperatorAccount | None:
        """The vendor or provider account or None."""
        row = self._one(self._prepare(_operator), (operator_id,))
        return None if row is None else OperatorAccount(row[0], row[1], OperatorRole(row[2]))

    def operators(self) -> list[OperatorAccount]:
        """Vendors first, then providers, by name."""
        rows = self._all(self._prepare(_operators_vendors_first))
        return [OperatorAccount(r[0], r[1], OperatorRole(r[2])) for r in rows]

    def add_operator(self, operator: OperatorAccount) -> None:
        """Add a vendor or provider account."""
        self._run(self._prepare(_add_operator), (operator.id, operator.name, operator.role.value))

    def user(self, user_id: str) -> User | None:
        """The user or None."""
        row = self._one(self._prepare(_user), (user_id,))
        return None if row is None else User(row[0], row[1])

    def add_user(self, user: User) -> None:
        """Record a user."""
        self._run(self._prepare(_add_user), (user.id, user.name))

    def product(self, product_id: str) -> Product | None:
        """The product or None."""
        row = self._one(self._prepare(_product_by_id), (product_id,))
        return None if row is None else _product(row)

    def products(self) -> list[Product]:
        """Every product by name."""
        return [_product(r) for r in self._all(self._prepare(_products_by_name))]

    def set_product_capabilities(
        self, product_id: str, tier_accounts_sync: bool, level: ResellerAuthorizationLevel
    ) -> None:
        """Switch a product's capabilities."""
        self._run(
            self._prepare(_set_capabilities), (int(tier_accounts_sync), int(level), product_id)
        )

    def linked_products(self, account_id: str) -> list[tuple[Product, str | None]]:
        """Products of subscriptions holding the account in any tier, with a provider each."""
        rows = self._all(self._prepare(_linked_products), (account_id,))
        return [(_product(r), r[6]) for r in rows]
