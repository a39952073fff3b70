"""The demo seed's rows: every row of the plan in batches, in foreign-key order.

Each batch comes from a generator of its own, seeded by the run's seed and the batch's
number, so that a batch could be made anywhere, in any order, and come out the same.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Final

from desktop_app.demo import seed_accounts, seed_related
from desktop_app.demo.seed_plan import Plan
from desktop_app.demo.seed_values import Mark, Rows

# Rows are made and written this many accounts (or subscriptions, or tier configs) at a
# time, each batch from a random generator of its own: changing it changes the data.
BATCH: Final = 50_000


class Seeder:
    """The rows of one run's plan; ``taken_uids`` are the external uids the workspace had."""

    def __init__(self, plan: Plan, taken_uids: set[str]) -> None:
        self.plan = plan
        self.taken_uids = taken_uids

    def stream(self, stage: str, batch: int) -> random.Random:
        """The generator of one batch of rows."""
        return random.Random(f"{self.plan.stream_seed}/{stage}/{batch}")

    def rows(self) -> Iterator[Rows | Mark]:
        """Every row of the plan, in batches in foreign-key order, with progress marks."""
        n = self.plan.n
        yield Mark("accounts", 0, n)
        for batch, start in enumerate(range(0, n, BATCH)):
            stop = min(n, start + BATCH)
            yield from self.account_batch(batch, start, stop)
            yield Mark("accounts", stop, n)
        total = len(self.plan.sub_ids)
        yield Mark("subscriptions", 0, total)
        for batch, start in enumerate(range(0, total, BATCH)):
            stop = min(total, start + BATCH)
            yield from self.subscription_batch(batch, start, stop)
            yield Mark("subscriptions", stop, total)
        total = len(self.plan.config_ids)
        yield Mark("tier configs", 0, total)
        for batch, start in enumerate(range(0, total, BATCH)):
            stop = min(total, start + BATCH)
            yield from self.tier_config_batch(batch, start, stop)
            yield Mark("tier configs", stop, total)

    def account_batch(self, batch: int, start: int, stop: int) -> list[Rows]:
        """Accounts ``start`` to ``stop``, their version snapshots and their requests."""
        rng = self.stream("accounts", batch)
        return seed_accounts.account_batch(self.plan, rng, start, stop, self.taken_uids)

    def subscription_batch(self, batch: int, start: int, stop: int) -> list[Rows]:
        """Subscriptions ``start`` to ``stop`` and their fulfillment requests."""
        rng = self.stream("subscriptions", batch)
        return seed_related.subscription_batch(self.plan, rng, start, stop)

    def tier_config_batch(self, batch: int, start: int, stop: int) -> list[Rows]:
        """Tier configs ``start`` to ``stop`` and their requests."""
        rng = self.stream("tier configs", batch)
        return seed_related.tier_config_batch(self.plan, rng, start, stop)
