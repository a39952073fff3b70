"""The account details tabs' statements: subscriptions, fulfillment and tier config requests.

Apart from the directory's statements because these list what hangs off one account (its
subscriptions in any tier, their requests, its tier configs), newest first, a page at a time.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from peewee import SQL, Expression, ModelSelect, SelectQuery, fn

from desktop_app.persistence import models
from desktop_app.persistence.prepared import slot

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic

_S, _F = models.Subscription.alias("s"), models.FulfillmentRequest.alias("f")
_C, _R = models.TierConfig.alias("c"), models.TierConfigRequest.alias("r")
_P = models.Product.alias("p")


def _count_all() -> Any:
    return fn.COUNT(SQL("*"))


def _in_any_tier() -> SelectQuery:
    """The ids of the subscriptions holding account ``slot(0)`` in any tier (one index each)."""
    s = models.Subscription
    return (
        s.select(s.id).where(s.customer == slot(0))
        | s.select(s.id).where(s.tier1 == slot(0))
        | s.select(s.id).where(s.tier2 == slot(0))
    )


def _subscriptions_where(query: _Select, product: bool) -> _Select:
    conditions: list[Expression] = [_S.id.in_(_in_any_tier())]
    if product:
        conditions.append(_S.product == slot(1))
    return query.where(*conditions)


def count_subscriptions(product: bool) -> _Select:
    return _subscriptions_where(_S.select(_count_all()), product)


def subscriptions(product: bool) -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    columns = (_S.id, _S.product, _S.marketplace, _S.status, _S.customer, _S.tier1, _S.tier2)
    query = _S.select(*columns, _S.created_at, _P.name).join(_P, on=(_P.id == _S.product))
    size = 1 + int(product)
    return (
        _subscriptions_where(query, product)
        .order_by(_S.created_at.desc(), _S.id)
        .limit(slot(size))
        .offset(slot(size + 1))
    )


def count_fulfillment_requests() -> _Select:
    return _F.select(_count_all()).where(_F.subscription.in_(_in_any_tier()))


def fulfillment_requests() -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    return (
        _F.select(_F.id, _F.subscription, _F.type, _F.status, _F.created_at, _P.name)
        .join(_S, on=(_S.id == _F.subscription))
        .join(_P, on=(_P.id == _S.product))
        .where(_F.subscription.in_(_in_any_tier()))
        .order_by(_F.created_at.desc(), _F.id)
        .limit(slot(1))
        .offset(slot(2))
    )


def _tier_configs_where(query: _Select, product: bool) -> _Select:
    conditions: list[Expression] = [_C.account == slot(0)]
    if product:
        conditions.append(_C.product == slot(1))
    return query.where(*conditions)


def count_tier_configs(product: bool) -> _Select:
    return _tier_configs_where(_C.select(_count_all()), product)


def tier_configs(product: bool) -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    columns = (_C.id, _C.name, _C.account, _C.product, _C.tier_level, _C.status, _C.created_at)
    query = _C.select(*columns, _P.name).join(_P, on=(_P.id == _C.product))
    size = 1 + int(product)
    return (
        _tier_configs_where(query, product)
        .order_by(_C.created_at.desc(), _C.id)
        .limit(slot(size))
        .offset(slot(size + 1))
    )


def count_tier_config_requests() -> _Select:
    return _R.select(_count_all()).join(_C, on=(_C.id == _R.config)).where(_C.account == slot(0))


def tier_config_requests() -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    return (
        _R.select(_R.id, _R.config, _R.type, _R.status, _R.created_at, _P.name)
        .join(_C, on=(_C.id == _R.config))
        .join(_P, on=(_P.id == _C.product))
        .where(_C.account == slot(0))
        .order_by(_R.created_at.desc(), _R.id)
        .limit(slot(1))
        .offset(slot(2))
    )
