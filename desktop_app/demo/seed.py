"""Reproducible demo data: a whole workspace written in bulk.

:func:`seed_workspace` adds to an open workspace a catalog (hubs, vendors, providers,
marketplaces, products) and ``accounts`` tier accounts in reseller trees, with their version
snapshots, subscriptions, fulfillment requests, tier configs, tier config requests and tier
account requests, all in one transaction. It reads as its plan:

1. pools (:mod:`.seed_pools`): per country, a few dozen coherent drafts from
   :class:`~desktop_app.demo.randomizer.AccountRandomizer`, topped up with faker's companies,
   contacts and streets for large workspaces, each validated, folded and escaped once;
2. the catalog (:mod:`.seed_catalog`): hubs, operators, the demo user, marketplaces, products;
3. the plan (:mod:`.seed_plan`): account trees, subscriptions, edits, tier configs, every id;
4. the rows (:mod:`.seed_rows`), a batch at a time: accounts with their snapshots and
   requests (:mod:`.seed_accounts`), then subscriptions and tier configs with their requests
   (:mod:`.seed_related`).

The same ``random_seed`` and the same number of accounts give the same rows, byte for byte,
in an empty workspace: every random choice comes from generators seeded by ``random_seed``
(one for the catalog and the plan, one per batch of rows) and every time is a fixed base,
2024-01-01 UTC, plus an offset of up to two years (:mod:`.seed_values`).

Rows are plain tuples written with ``executemany``, made in each model's field order by
:func:`~desktop_app.persistence.model_rows.row_maker`: no validation, no domain objects and
no ``json.dumps`` per account. Large runs drop the secondary indexes of the tables they fill
and build them again at the end.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from time import perf_counter
from typing import TYPE_CHECKING, Final

from peewee import Database as PeeweeDatabase

from desktop_app.demo.seed_catalog import DEMO_USER_NAME, make_catalog
from desktop_app.demo.seed_plan import Plan
from desktop_app.demo.seed_pools import CountryPool, draft_count, extra_count, pools
from desktop_app.demo.seed_rows import Seeder
from desktop_app.demo.seed_values import BASE_TIME, Mark
from desktop_app.persistence import models, search_index, sort_indexes, statistics, tallies
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.opening import Store

if TYPE_CHECKING:
    from peewee import Model

__all__ = [
    "BASE_TIME",
    "DEMO_USER_NAME",
    "Prepared",
    "Progress",
    "SeedReport",
    "prepare_seed",
    "seed_workspace",
]

Progress = Callable[[str, int, int], None]

# From this many accounts (and at least as many as the workspace had), the secondary indexes
# of the tables filled are dropped and built again after the last row.
INDEXES_REBUILT_FROM: Final = 10_000

_BULK_MODELS: Final = (
    models.TierAccount,
    models.TierAccountVersion,
    models.TierAccountRequest,
    models.Subscription,
    models.FulfillmentRequest,
    models.TierConfig,
    models.TierConfigRequest,
)


@dataclass(frozen=True)
class SeedReport:
    """What :func:`seed_workspace` wrote."""

    accounts: int
    resellers: int
    customers: int
    subscriptions: int
    fulfillment_requests: int
    tier_configs: int
    tier_config_requests: int
    tier_account_requests: int
    seconds: float


@dataclass(frozen=True)
class Prepared:
    """What a seed makes before it writes: per country, names, addresses and phones.

    Seconds of work that touch no workspace, so any thread may make them
    (:func:`prepare_seed`) while the window stays responsive; :func:`seed_workspace` then
    writes the same rows as without them.
    """

    accounts: int
    random_seed: int
    pools: tuple[CountryPool, ...]


def prepare_seed(
    accounts: int, *, random_seed: int = 0, progress: Progress | None = None
) -> Prepared:
    """The pools :func:`seed_workspace` would make for ``accounts`` and ``random_seed``."""
    rng = random.Random(random_seed)
    return Prepared(accounts, random_seed, _pools(rng, accounts, progress or _no_progress))


def _pools(rng: random.Random, accounts: int, report: Progress) -> tuple[CountryPool, ...]:
    """The pools, from the first draw of ``rng`` (the plan and the rows take the next ones)."""
    report("pools", 0, 1)
    made = pools(
        rng.getrandbits(64),
        draft_count(accounts),
        extra_count(accounts),
        lambda done, total: report("pools", done, total),
    )
    if not made:
        raise RuntimeError("No country to make demo accounts for: faker has none of its locales.")
    report("pools", 1, 1)
    return made


def seed_workspace(
    store: Store,
    accounts: int,
    *,
    random_seed: int = 0,
    progress: Progress | None = None,
    prepared: Prepared | None = None,
) -> SeedReport:
    """Add a demo catalog and ``accounts`` tier accounts with all that hangs off them.

    Works on an empty workspace and on one that holds data already: new ids never collide
    with existing ones, and the demo user ("Demo data") is reused when there is one.
    Everything is written in one transaction (nothing at all when something fails);
    ``progress(stage, done, total)`` is called between batches. ``prepared`` (made by
    :func:`prepare_seed` for the same ``accounts`` and ``random_seed``) spares making the
    pools again.
    """
    if accounts < 0:
        raise ValueError(f"The number of accounts cannot be negative ({accounts}).")
    started = perf_counter()
    report = progress or _no_progress
    rng = random.Random(random_seed)
    if prepared is None:
        made = _pools(rng, accounts, report)
    elif (prepared.accounts, prepared.random_seed) != (accounts, random_seed):
        raise ValueError("The prepared pools were made for another number of accounts or seed.")
    else:
        rng.getrandbits(64)  # the draw the pools were made from
        made = prepared.pools
    with store.write():
        result = _fill(store.db, rng, made, accounts, report)
    if statistics.worth_refreshing(accounts):
        report("statistics", 0, 1)
        store.refresh_statistics(thorough=True)
        report("statistics", 1, 1)
    return replace(result, seconds=perf_counter() - started)


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is not reported."""


def _fill(
    db: PeeweeDatabase,
    rng: random.Random,
    made: tuple[CountryPool, ...],
    n: int,
    progress: Progress,
) -> SeedReport:
    """The catalog, the plan, then the rows in batches; inside the caller's transaction."""
    writer = BulkWriter(db)
    progress("catalog", 0, 1)
    catalog = make_catalog(db, rng, [p.code for p in made])
    for batch in catalog.rows:
        writer.rows(batch.model, batch.rows)
    progress("catalog", 1, 1)
    taken = {
        table: {row[0] for row in db.execute_sql(f"SELECT id FROM {table}").fetchall()}
        for table in ("tier_account", "subscription", "tier_config")
    }
    taken_uids: set[str] = set()
    if taken["tier_account"]:
        found = db.execute_sql("SELECT external_uid FROM tier_account").fetchall()
        taken_uids = {uid for (uid,) in found}
    plan = Plan(rng, made, catalog, n, taken)
    bulk = n >= INDEXES_REBUILT_FROM and n >= len(taken["tier_account"])
    counts: dict[type[Model], int] = dict.fromkeys(_BULK_MODELS, 0)
    with (
        tallies.suspended(db) if bulk else nullcontext(),  # counts last, with indexes back
        _indexes_dropped(db, [m._meta.table_name for m in _BULK_MODELS]) if bulk else nullcontext(),
        search_index.suspended(db) if bulk else nullcontext(),
    ):
        for item in Seeder(plan, taken_uids).rows():
            if isinstance(item, Mark):
                progress(item.stage, item.done, item.total)
            else:
                counts[item.model] += writer.rows(item.model, item.rows)
        if bulk:
            progress("indexes", 0, 1)
    if bulk:
        progress("indexes", 1, 1)
    return SeedReport(
        accounts=counts[models.TierAccount],
        resellers=plan.resellers,
        customers=n - plan.resellers,
        subscriptions=counts[models.Subscription],
        fulfillment_requests=counts[models.FulfillmentRequest],
        tier_configs=counts[models.TierConfig],
        tier_config_requests=counts[models.TierConfigRequest],
        tier_account_requests=counts[models.TierAccountRequest],
        seconds=0.0,
    )


@contextmanager
def _indexes_dropped(db: PeeweeDatabase, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables``, and make them again, exactly, at the end.

    Filling the tables first and then building each index in one sorted pass is several
    times faster than updating a dozen indexes row by row. For use inside a transaction:
    when anything fails, the rollback brings the indexes back too.
    """
    marks = ", ".join("?" * len(tables))
    if is_postgres(db):  # constraints' own indexes (primary keys, unique) stay
        indexes = db.execute_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'"
            " JOIN pg_index x ON x.indexrelid = c.oid"
            f" WHERE i.schemaname = current_schema() AND i.tablename IN ({marks})"
            " AND NOT x.indisprimary AND NOT x.indisunique ORDER BY 1",
            tuple(tables),
        ).fetchall()
    else:
        indexes = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name",
            tuple(tables),
        ).fetchall()
    for name, _sql in indexes:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    with sort_indexes.sorting_threads(db):
        for _name, sql in indexes:
            db.execute_sql(sql)
