"""Bulk inserts: executemany on SQLite, COPY on PostgreSQL (an ORM's many-row insert is slower).

The INSERTs are peewee's, built from the models and compiled for the database written to (the
COPY names the model's columns); the rows are tuples in each model's field order
(:func:`~.model_rows.row_maker`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, Final

from peewee import Database, Model

from desktop_app.domain.accounts import AccountVersion, TierAccount
from desktop_app.domain.catalog import (
    FulfillmentRequest,
    Hub,
    Marketplace,
    OperatorAccount,
    Product,
    Subscription,
    TierConfig,
    TierConfigRequest,
)
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.persistence import models
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.mapping import account_row, request_row, version_row
from desktop_app.persistence.model_rows import insert_sql, row_maker

BATCH: Final = 50_000


def copy_rows(connection: Any, model: type[Model], rows: Iterable[Sequence[Any]]) -> int:
    """``COPY … FROM STDIN`` of ``rows`` on a psycopg ``connection`` (from any thread)."""
    columns = ", ".join(f'"{f.column_name}"' for f in model._meta.sorted_fields)
    # COPY is no statement peewee's query builder says: the names come from the model
    sql = f'COPY "{model._meta.table_name}" ({columns}) FROM STDIN'
    total = 0
    with connection.cursor().copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            total += 1
    return total


class BulkWriter:
    """Writes many rows per statement; the caller holds the transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._inserts: dict[type[Model], str] = {}

    def rows(self, model: type[Model], rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows``, each in ``model``'s field order; returns how many.

        On PostgreSQL with ``COPY … FROM STDIN``: ``executemany`` sends a statement a row
        (a seed of 20,000 accounts took 134 s that way).
        """
        if is_postgres(self._db):
            return self._copy(model, rows)
        sql = self._inserts.get(model)
        if sql is None:
            sql = self._inserts[model] = insert_sql(self._db, model)
        cursor = self._db.cursor()
        total = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            total += len(batch)  # a plain INSERT writes every row or raises
        return total

    def _copy(self, model: type[Model], rows: Iterable[Sequence[Any]]) -> int:
        return copy_rows(self._db.connection(), model, rows)

    def hubs(self, hubs: Iterable[Hub]) -> int:
        """Insert hubs."""
        row = row_maker(models.Hub)
        return self.rows(
            models.Hub,
            (row(id=h.id, name=h.name, instance_type=h.instance_type.value) for h in hubs),
        )

    def operators(self, operators: Iterable[OperatorAccount]) -> int:
        """Insert vendor and provider accounts."""
        row = row_maker(models.OperatorAccount)
        return self.rows(
            models.OperatorAccount,
            (row(id=o.id, name=o.name, role=o.role.value) for o in operators),
        )

    def marketplaces(self, marketplaces: Iterable[Marketplace]) -> int:
        """Insert marketplaces."""
        row = row_maker(models.Marketplace)
        return self.rows(
            models.Marketplace,
            (
                row(
                    id=m.id,
                    name=m.name,
                    owner=m.owner_id,
                    currency=m.currency,
                    countries=",".join(m.countries),
                )
                for m in marketplaces
            ),
        )

    def products(self, products: Iterable[Product]) -> int:
        """Insert products."""
        row = row_maker(models.Product)
        return self.rows(
            models.Product,
            (
                row(
                    id=p.id,
                    name=p.name,
                    vendor=p.vendor_id,
                    status=p.status.value,
                    tier_accounts_sync=int(p.tier_accounts_sync),
                    reseller_authorization_level=int(p.reseller_authorization_level),
                )
                for p in products
            ),
        )

    def accounts(self, accounts: Iterable[TierAccount]) -> int:
        """Insert accounts (parents before children) with their first version's snapshot."""
        batch = list(accounts)
        self.rows(models.TierAccount, (account_row(a) for a in batch))
        self.versions(
            # a first version was saved by its owner; who saved a later one is not known here
            AccountVersion(
                a.id, a.version, a.data, a.updated, a.owner_id if a.version == 1 else None
            )
            for a in batch
        )
        return len(batch)

    def versions(self, versions: Iterable[AccountVersion]) -> int:
        """Insert version snapshots."""
        return self.rows(models.TierAccountVersion, (version_row(v) for v in versions))

    def subscriptions(self, subscriptions: Iterable[Subscription]) -> int:
        """Insert subscriptions."""
        row = row_maker(models.Subscription)
        return self.rows(
            models.Subscription,
            (
                row(
                    id=s.id,
                    product=s.product_id,
                    marketplace=s.marketplace_id,
                    status=s.status.value,
                    customer=s.customer_id,
                    tier1=s.tier1_id,
                    tier2=s.tier2_id,
                    created_at=to_db_time(s.created_at),
                )
                for s in subscriptions
            ),
        )

    def fulfillment_requests(self, requests: Iterable[FulfillmentRequest]) -> int:
        """Insert fulfillment requests."""
        row = row_maker(models.FulfillmentRequest)
        return self.rows(
            models.FulfillmentRequest,
            (
                row(
                    id=r.id,
                    subscription=r.subscription_id,
                    type=r.type.value,
                    status=r.status.value,
                    created_at=to_db_time(r.created_at),
                )
                for r in requests
            ),
        )

    def tier_configs(self, configs: Iterable[TierConfig]) -> int:
        """Insert tier configs."""
        row = row_maker(models.TierConfig)
        return self.rows(
            models.TierConfig,
            (
                row(
                    id=c.id,
                    name=c.name,
                    account=c.account_id,
                    product=c.product_id,
                    tier_level=c.tier_level,
                    status=c.status.value,
                    created_at=to_db_time(c.created_at),
                )
                for c in configs
            ),
        )

    def tier_config_requests(self, requests: Iterable[TierConfigRequest]) -> int:
        """Insert tier config requests."""
        row = row_maker(models.TierConfigRequest)
        return self.rows(
            models.TierConfigRequest,
            (
                row(
                    id=r.id,
                    config=r.config_id,
                    type=r.type.value,
                    status=r.status.value,
                    created_at=to_db_time(r.created_at),
                )
                for r in requests
            ),
        )

    def tier_account_requests(self, requests: Iterable[TierAccountRequest]) -> int:
        """Insert tier account requests."""
        return self.rows(models.TierAccountRequest, (request_row(r) for r in requests))
