"""The demo seed's related objects: subscriptions, fulfillment requests and tier configs."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable
from itertools import accumulate
from typing import Any, Final

from desktop_app.demo.seed_plan import SUBSCRIPTION_STATUSES, Plan
from desktop_app.demo.seed_values import END_US, Rows, db_time, plain, spread
from desktop_app.domain.enums import (
    FulfillmentStatus,
    FulfillmentType,
    SubscriptionStatus,
    TierConfigRequestStatus,
    TierConfigRequestType,
    TierConfigStatus,
)
from desktop_app.domain.ids import fulfillment_request_id, tier_config_request_id
from desktop_app.persistence import models
from desktop_app.persistence.model_rows import row_maker

_TIER_CONFIG_STATUSES: Final = (
    TierConfigStatus.ACTIVE.value,
    TierConfigStatus.PROCESSING.value,
    TierConfigStatus.DRAFT.value,
)
_TIER_CONFIG_CUM: Final = tuple(accumulate((75, 15, 10)))

_FT: Final = plain(FulfillmentType)
_FS: Final = plain(FulfillmentStatus)
_CT: Final = plain(TierConfigRequestType)
_CS: Final = plain(TierConfigRequestStatus)


Step = tuple[str, str]
"""One request an object went through: its type and the status it is in."""


def fulfillment_plan(status: str, rnd: Callable[[], float]) -> list[Step]:
    """The fulfillment requests a subscription in ``status`` went through."""
    t, s = _FT, _FS
    if status == SubscriptionStatus.DRAFT:
        return [(t.PURCHASE, (s.DRAFT, s.DRAFT, s.TIERS_SETUP)[int(rnd() * 3)])]
    if status == SubscriptionStatus.PROCESSING:
        choices = (s.PENDING, s.PENDING, s.INQUIRING, s.TIERS_SETUP, s.SCHEDULED, s.REVOKING)
        return [(t.PURCHASE, choices[int(rnd() * len(choices))])]
    if status == SubscriptionStatus.TERMINATED and rnd() < 0.1:
        return [(t.PURCHASE, s.REVOKED)]
    plan = [(t.PURCHASE, s.APPROVED)]
    for _ in range((0, 0, 1, 1, 2)[int(rnd() * 5)]):
        kind = (t.CHANGE, t.CHANGE, t.RENEW, t.ADJUSTMENT, t.TRANSFER)[int(rnd() * 5)]
        plan.append((kind, s.APPROVED if rnd() < 0.85 else s.FAILED))
    if status == SubscriptionStatus.ACTIVE:
        roll = rnd()
        if roll < 0.1:
            plan += [(t.SUSPEND, s.APPROVED), (t.RESUME, s.APPROVED)]
        elif roll < 0.25:
            last = (s.PENDING, s.INQUIRING, s.SCHEDULED, s.TIERS_SETUP)[int(rnd() * 4)]
            plan.append(((t.CHANGE, t.RENEW, t.ADJUSTMENT)[int(rnd() * 3)], last))
    elif status == SubscriptionStatus.SUSPENDED:
        plan.append((t.SUSPEND, s.APPROVED))
    elif status == SubscriptionStatus.TERMINATING:
        plan.append((t.CANCEL, (s.PENDING, s.INQUIRING, s.SCHEDULED)[int(rnd() * 3)]))
    elif status == SubscriptionStatus.TERMINATED:
        plan.append((t.CANCEL, s.APPROVED))
    return plan


def tier_config_plan(status: str, rnd: Callable[[], float]) -> list[Step]:
    """The requests a tier config in ``status`` went through."""
    t, s = _CT, _CS
    if status == TierConfigStatus.DRAFT:
        return [(t.SETUP, s.DRAFT)]
    if status == TierConfigStatus.PROCESSING:
        return [(t.SETUP, (s.PENDING, s.INQUIRING, s.TIERS_SETUP)[int(rnd() * 3)])]
    plan = [(t.SETUP, s.APPROVED)]
    if rnd() < 0.4:
        last = (s.APPROVED, s.APPROVED, s.PENDING, s.INQUIRING, s.FAILED)[int(rnd() * 5)]
        plan.append(((t.UPDATE, t.UPDATE, t.ADJUSTMENT)[int(rnd() * 3)], last))
    return plan


def subscription_batch(plan: Plan, rng: random.Random, start: int, stop: int) -> list[Rows]:
    """Subscriptions ``start`` to ``stop`` and their fulfillment requests."""
    rnd = rng.random
    time, ids, parent, sub_ids = db_time, plan.account_ids, plan.parent, plan.sub_ids
    sub_customer, sub_product, sub_market = plan.sub_customer, plan.sub_product, plan.sub_market
    sub_status, sub_created = plan.sub_status, plan.sub_created
    product_ids, market_ids = plan.catalog.product_ids, plan.catalog.market_ids
    subscription_row = row_maker(models.Subscription)
    fulfillment_row = row_maker(models.FulfillmentRequest)
    subscriptions: list[tuple[Any, ...]] = []
    fulfillment: list[tuple[Any, ...]] = []
    for s in range(start, stop):
        sub_id = sub_ids[s]
        c = sub_customer[s]
        tier1 = parent[c]
        tier2 = parent[tier1]
        status = SUBSCRIPTION_STATUSES[sub_status[s]]
        born = sub_created[s]
        created_at = time(born)
        subscriptions.append(
            subscription_row(
                id=sub_id,
                product=product_ids[sub_product[s]],
                marketplace=market_ids[sub_market[s]],
                status=status,
                customer=ids[c],
                tier1=ids[tier1],
                tier2=ids[tier2] if tier2 >= 0 else None,
                created_at=created_at,
            )
        )
        steps = fulfillment_plan(status, rnd)
        kind, state = steps[0]
        fulfillment.append(
            fulfillment_row(
                id=fulfillment_request_id(sub_id, 1),
                subscription=sub_id,
                type=kind,
                status=state,
                created_at=created_at,
            )
        )
        if len(steps) > 1:
            later = spread(rnd, born + 1, END_US, len(steps) - 1)
            for number, ((kind, state), at) in enumerate(zip(steps[1:], later, strict=True), 2):
                fulfillment.append(
                    fulfillment_row(
                        id=fulfillment_request_id(sub_id, number),
                        subscription=sub_id,
                        type=kind,
                        status=state,
                        created_at=time(at),
                    )
                )
    return [
        Rows(models.Subscription, subscriptions),
        Rows(models.FulfillmentRequest, fulfillment),
    ]


def tier_config_batch(plan: Plan, rng: random.Random, start: int, stop: int) -> list[Rows]:
    """Tier configs ``start`` to ``stop`` and their requests."""
    rnd = rng.random
    catalog = plan.catalog
    products = len(catalog.product_ids)
    config_row = row_maker(models.TierConfig)
    config_request_row = row_maker(models.TierConfigRequest)
    configs: list[tuple[Any, ...]] = []
    requests: list[tuple[Any, ...]] = []
    for c in range(start, stop):
        config_id, key = plan.config_ids[c], plan.config_keys[c]
        account, k, level = key // 2 // products, key // 2 % products, key % 2 + 1
        status = _TIER_CONFIG_STATUSES[bisect(_TIER_CONFIG_CUM, rnd() * _TIER_CONFIG_CUM[-1])]
        account_born = plan.created[account]
        born = account_born + 1 + int(rnd() * (END_US - account_born) * 0.5)
        account_id = plan.account_ids[account]
        configs.append(
            config_row(
                id=config_id,
                name=f"Configuration of {account_id}",
                account=account_id,
                product=catalog.product_ids[k],
                tier_level=level,
                status=status,
                created_at=db_time(born),
            )
        )
        steps = tier_config_plan(status, rnd)
        times = [born, *spread(rnd, born + 1, END_US, len(steps) - 1)]
        for number, ((kind, state), at) in enumerate(zip(steps, times, strict=True), 1):
            requests.append(
                config_request_row(
                    id=tier_config_request_id(config_id, number),
                    config=config_id,
                    type=kind,
                    status=state,
                    created_at=db_time(at),
                )
            )
    return [
        Rows(models.TierConfig, configs),
        Rows(models.TierConfigRequest, requests),
    ]
