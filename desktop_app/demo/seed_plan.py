"""The demo seed's plan: account trees, subscriptions, edits, tier configs and every id.

The plan is compact (arrays indexed by account, subscription or tier config number) so that
a million accounts fit in memory; the rows are made from it later, a batch at a time.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Final

from desktop_app.demo.seed_catalog import Catalog
from desktop_app.demo.seed_pools import CountryPool
from desktop_app.demo.seed_values import END_US, HOUR_US, fresh_ids
from desktop_app.domain import ids
from desktop_app.domain.enums import Environment, SubscriptionStatus

RESELLER_SHARE: Final = 0.12
# Of the resellers: direct (level 1), under a direct one (level 2), under those (level 3).
LEVEL_SHARES: Final = (0.5, 0.35, 0.15)
SAME_COUNTRY_AS_PARENT: Final = 0.85
OA_HUB_SHARE: Final = 0.04  # of the trees; children inherit the hub of their root
API_HUB_SHARE: Final = 0.40
DECOMMISSIONED_SHARE: Final = 0.03  # of the accounts without children
SUBSCRIBED_SHARE: Final = 0.65  # of the live customers
EDITED_SHARE: Final = 0.15  # of the accounts held by a subscription (they raise requests)
EDITED_UNLINKED_SHARE: Final = 0.02  # edited, but with no product to raise a request for
TIER_CONFIG_SHARE: Final = 0.7  # of the (reseller, product, level) triples subscriptions imply

ENVIRONMENTS: Final = (
    Environment.PRODUCTION.value,
    Environment.TEST.value,
    None,
    Environment.PREVIEW.value,
)
ENVIRONMENT_CUM: Final = tuple(accumulate((80, 12, 5, 3)))
SUBSCRIPTION_STATUSES: Final = tuple(
    s.value
    for s in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.TERMINATED,
        SubscriptionStatus.SUSPENDED,
        SubscriptionStatus.PROCESSING,
        SubscriptionStatus.DRAFT,
        SubscriptionStatus.TERMINATING,
    )
)
SUBSCRIPTION_CUM: Final = tuple(accumulate((60, 14, 8, 8, 5, 5)))
TERMINATED: Final = SUBSCRIPTION_STATUSES.index(SubscriptionStatus.TERMINATED.value)

_COUNTRY_WEIGHTS: Final[dict[str, int]] = {
    "US": 20,
    "DE": 10,
    "GB": 8,
    "FR": 6,
    **dict.fromkeys(("ES", "IT", "NL", "CA", "AU", "IN"), 4),
    **dict.fromkeys(("PL", "JP", "BR", "MX"), 3),
    **dict.fromkeys(("AT", "BE", "CH", "SE"), 2),
}


class Plan:
    """The shape of everything, and every id, decided before a row is made.

    Accounts are numbered resellers first (level by level), customers after; a parent's
    number is below its children's. Pools, hubs, owners, environments and markets are
    referred to by their number in the pools and the catalog.
    """

    def __init__(
        self,
        rng: random.Random,
        pools: tuple[CountryPool, ...],
        catalog: Catalog,
        n: int,
        taken: dict[str, set[str]],
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.catalog = catalog
        self._tree(n)
        self._subscriptions()
        self._edits()
        self._tier_configs()
        self.account_ids: list[str] = []
        used: set[int] = set()
        for count in (*self.levels, n - self.resellers):
            self.account_ids += fresh_ids(
                rng,
                count,
                ids.TIER_ACCOUNT_NUMBERS,
                ids.tier_account_id,
                taken["tier_account"],
                used,
            )
        self.sub_ids = fresh_ids(
            rng,
            len(self.sub_customer),
            ids.SUBSCRIPTION_NUMBERS,
            ids.subscription_id,
            taken["subscription"],
        )
        self.config_ids = fresh_ids(
            rng,
            len(self.config_keys),
            ids.TIER_CONFIG_NUMBERS,
            ids.tier_config_id,
            taken["tier_config"],
        )
        # Drawn last: seeding a workspace again with the same seed meets its own ids first
        # (they are skipped), so the batches get other values, not copies of the accounts.
        self.stream_seed = rng.getrandbits(64)

    def _tree(self, n: int) -> None:
        """Who is whose parent, and what a tree shares: hub, owner and environment."""
        rng = self.rng
        rnd = rng.random
        resellers = 0 if n == 0 else min(n, max(1, round(n * RESELLER_SHARE)))
        if resellers < 3:
            levels = [resellers, 0, 0]
        else:
            first = max(1, round(resellers * LEVEL_SHARES[0]))
            third = max(1, round(resellers * LEVEL_SHARES[2]))
            second = resellers - first - third
            levels = [first, second, third] if second >= 1 else [first, resellers - first, 0]
        self.n, self.resellers, self.levels = n, resellers, levels

        country_cum = list(accumulate(_COUNTRY_WEIGHTS.get(p.code, 1) for p in self.pools))
        drawn_country = rng.choices(range(len(self.pools)), cum_weights=country_cum, k=n)
        parent = array("i", [-1]) * n
        country = bytearray(n)
        hub = bytearray(n)
        owner = bytearray(n)
        env = bytearray(n)
        created = array("q", [0]) * n
        oa_hub = len(self.catalog.hub_ids) - 1
        api_hub_count, owner_count = self.catalog.api_hub_count, len(self.catalog.owner_ids)
        for i in range(levels[0]):
            country[i] = drawn_country[i]
            roll = rnd()
            if roll < OA_HUB_SHARE:
                hub[i] = oa_hub
            elif roll < OA_HUB_SHARE + API_HUB_SHARE:
                hub[i] = 1 + int(rnd() * api_hub_count)
            owner[i] = int(rnd() * owner_count)
            env[i] = bisect(ENVIRONMENT_CUM, rnd() * ENVIRONMENT_CUM[-1])
            created[i] = int(rnd() * END_US * 0.5)

        def attach(children: range, parents: Sequence[int]) -> None:
            for child, p in zip(children, parents, strict=True):
                parent[child] = p
                hub[child], owner[child], env[child] = hub[p], owner[p], env[p]
                if rnd() < SAME_COUNTRY_AS_PARENT:
                    country[child] = country[p]
                else:
                    country[child] = drawn_country[child]
                born = created[p] + HOUR_US
                created[child] = born + int(rnd() * (END_US - born) * 0.9)

        start = levels[0]
        for level in (1, 2):
            above, count = start - levels[level - 1], levels[level]
            attach(
                range(start, start + count),
                [above + int(rnd() * levels[level - 1]) for _ in range(count)],
            )
            start += count
        sizes = list(accumulate(rng.paretovariate(1.3) for _ in range(resellers)))
        if n > resellers:
            attach(
                range(resellers, n),
                rng.choices(range(resellers), cum_weights=sizes, k=n - resellers),
            )

        has_children = bytearray(n)
        for p in parent:
            if p >= 0:
                has_children[p] = 1
        ended = array("q", [-1]) * n
        for i in range(n):
            if not has_children[i] and rnd() < DECOMMISSIONED_SHARE:
                ended[i] = created[i] + int((END_US - created[i]) * (0.3 + 0.7 * rnd()))
        self.parent, self.country, self.hub, self.owner, self.env = parent, country, hub, owner, env
        self.created, self.ended = created, ended

    def _subscriptions(self) -> None:
        """Which customer subscribes to which product where; which accounts are linked."""
        rnd = self.rng.random
        n, parent, ended, born_at, country = (
            self.n,
            self.parent,
            self.ended,
            self.created,
            self.country,
        )
        customer = array("i")
        product = bytearray()
        market = bytearray()
        statuses = bytearray()
        created = array("q")
        linked = bytearray(n)
        add_customer, add_product, add_market = customer.append, product.append, market.append
        add_status, add_created = statuses.append, created.append
        one_tier, two_tiers = self.catalog.sellable_one_tier, self.catalog.sellable_two_tiers
        markets_by_country = self.catalog.markets_by_country
        status_top = SUBSCRIPTION_CUM[-1]
        for c in range(self.resellers, n):
            live = ended[c] < 0
            if rnd() >= (SUBSCRIBED_SHARE if live else 0.6):
                continue
            tier1 = parent[c]
            tier2 = parent[tier1]
            eligible = two_tiers if tier2 >= 0 else one_tier
            count = min((1, 1, 1, 2, 2, 3)[int(rnd() * 6)] if live else 1, len(eligible))
            markets = markets_by_country[country[c]]
            born = born_at[c]
            span = (END_US if live else ended[c]) - born - 1
            picked: list[int] = []
            while len(picked) < count:
                k = eligible[int(rnd() * len(eligible))]
                if k not in picked:
                    picked.append(k)
            for k in picked:
                add_customer(c)
                add_product(k)
                add_market(markets[int(rnd() * len(markets))])
                add_created(born + 1 + int(rnd() * span))
                add_status(bisect(SUBSCRIPTION_CUM, rnd() * status_top) if live else TERMINATED)
            linked[c] = linked[tier1] = 1
            if tier2 >= 0:
                linked[tier2] = 1
        self.sub_customer, self.sub_product, self.sub_market = customer, product, market
        self.sub_status, self.sub_created, self.linked = statuses, created, linked

    def _edits(self) -> None:
        """Versions per account, and the products each edited account raises requests for."""
        rnd = self.rng.random
        oa_hub = len(self.catalog.hub_ids) - 1
        versions = bytearray(b"\x01") * self.n
        for i in range(self.n):
            if self.hub[i] == oa_hub:
                continue  # accounts of the commerce system are not edited here
            if self.linked[i]:
                if rnd() < EDITED_SHARE:
                    versions[i] = (2, 2, 2, 3, 3, 4)[int(rnd() * 6)]
            elif rnd() < EDITED_UNLINKED_SHARE:
                versions[i] = 2
        # Per edited account: product number → provider, the lowest id among the owners of
        # the marketplaces of its subscriptions of that product (as linked_products says).
        links: dict[int, dict[int, str]] = {}
        parent, market_owner = self.parent, self.catalog.market_owner
        for s, c in enumerate(self.sub_customer):
            owner = market_owner[self.sub_market[s]]
            k = self.sub_product[s]
            tier1 = parent[c]
            for a in (c, tier1, parent[tier1]):
                if a >= 0 and versions[a] > 1:
                    products = links.setdefault(a, {})
                    known = products.get(k)
                    products[k] = owner if known is None or owner < known else known
        self.versions, self.links = versions, links

    def _tier_configs(self) -> None:
        """Some of the (reseller, product, tier level) triples the subscriptions imply.

        A key is ``(account * products + product) * 2 + (tier level - 1)``.
        """
        rnd = self.rng.random
        parent, products = self.parent, len(self.catalog.product_ids)
        product_level = self.catalog.product_level
        keys = set()
        for s, c in enumerate(self.sub_customer):
            k = self.sub_product[s]
            level = product_level[k]
            tier1 = parent[c]
            if level >= 1:
                keys.add((tier1 * products + k) * 2)
                tier2 = parent[tier1]
                if level == 2 and tier2 >= 0:
                    keys.add((tier2 * products + k) * 2 + 1)
        self.config_keys = [key for key in sorted(keys) if rnd() < TIER_CONFIG_SHARE]
