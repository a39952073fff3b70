"""Repositories over one open database, in plain SQL so that no model is bound globally."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, Final

from desktop_app.domain.accounts import AccountVersion, Event, TierAccount
from desktop_app.domain.catalog import (
    FulfillmentRequest,
    Hub,
    OperatorAccount,
    Product,
    Subscription,
    TierConfig,
    TierConfigRequest,
    User,
)
from desktop_app.domain.enums import (
    AccountType,
    FulfillmentStatus,
    FulfillmentType,
    HubInstanceType,
    OperatorRole,
    ProductStatus,
    RequestStatus,
    ResellerAuthorizationLevel,
    SubscriptionStatus,
    TierConfigRequestStatus,
    TierConfigRequestType,
    TierConfigStatus,
)
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.domain.text import fold_for_search
from desktop_app.persistence import tallies
from desktop_app.persistence.connection import Database
from desktop_app.persistence.fields import from_db_time, to_db_time
from desktop_app.persistence.mapping import (
    ACCOUNT_COLUMNS,
    REQUEST_COLUMNS,
    account_from_row,
    account_row,
    request_from_row,
    request_row,
    version_from_row,
    version_row,
)
from desktop_app.persistence.pending import INSERT_ACCOUNT, INSERT_VERSION, PendingRows
from desktop_app.persistence.search_index import match_expression
from desktop_app.services.queries import (
    DirectoryColumn,
    DirectoryQuery,
    DirectoryRow,
    RequestQuery,
    RequestRow,
    SortSpec,
)

_ACCOUNT_SELECT: Final = f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM tier_account"
_REQUEST_SELECT: Final = f"SELECT {', '.join(REQUEST_COLUMNS)} FROM tier_account_request"


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(search: str) -> list[str]:
    """The folded words of a search box text; every word must match."""
    return [w for w in fold_for_search(search).split() if w]


class _Repository:
    def __init__(self, db: Database, pending: PendingRows | None = None) -> None:
        self._db = db
        self._pending = pending if pending is not None else PendingRows()

    def _run(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement, after the rows a bulk write still holds.

        On the ``sqlite3`` connection itself: any wrapper costs microseconds a call.
        """
        connection: sqlite3.Connection = self._db.connection()
        if self._pending:
            self._pending.flush(connection)
        values = params if isinstance(params, dict) else tuple(params)
        return connection.execute(sql, values)

    def _peek(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """One row of a look-up whose answer rows held by a bulk write cannot change."""
        connection: sqlite3.Connection = self._db.connection()
        row: tuple[Any, ...] | None = connection.execute(sql, tuple(params)).fetchone()
        return row

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._run(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._run(sql, params).fetchone()
        return row

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._one(sql, params)
        return None if row is None else row[0]


class SqlAccountRepository(_Repository):
    """Tier accounts and their versions."""

    def get(self, account_id: str) -> TierAccount | None:
        """The account or None."""
        held = self._pending.by_id.get(account_id)
        if held is not None:
            return held
        row = self._peek(f"{_ACCOUNT_SELECT} WHERE id = ?", (account_id,))
        return None if row is None else account_from_row(row)

    def get_many(self, account_ids: Sequence[str]) -> dict[str, TierAccount]:
        """The accounts among ``account_ids`` that exist."""
        found: dict[str, TierAccount] = {}
        ids = list(dict.fromkeys(account_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._all(f"{_ACCOUNT_SELECT} WHERE id IN ({marks})", chunk):
                account = account_from_row(row)
                found[account.id] = account
        return found

    def id_exists(self, account_id: str) -> bool:
        """True when the id is taken, by a live or a decommissioned account."""
        if account_id in self._pending.by_id:
            return True
        return self._peek("SELECT 1 FROM tier_account WHERE id = ?", (account_id,)) is not None

    def id_for_external_uid(self, external_uid: str) -> str | None:
        """The account holding this external UID."""
        held = self._pending.by_uid.get(external_uid)
        if held is not None:
            return held
        row = self._peek("SELECT id FROM tier_account WHERE external_uid = ?", (external_uid,))
        return None if row is None else str(row[0])

    def insert(self, account: TierAccount) -> None:
        """Add a new account (held back and sent in a batch inside a bulk write)."""
        if self._pending.holding:
            self._pending.add_account(account)
            if self._pending.full():
                self._pending.flush(self._db.connection())
            return
        self._run(INSERT_ACCOUNT, account_row(account))

    def update(self, account: TierAccount) -> None:
        """Overwrite the current version of an account."""
        columns = ACCOUNT_COLUMNS[1:]
        assignments = ", ".join(f"{c} = ?" for c in columns)
        values = account_row(account)
        self._run(f"UPDATE tier_account SET {assignments} WHERE id = ?", (*values[1:], values[0]))

    def add_version(self, version: AccountVersion) -> None:
        """Keep a snapshot of a saved version (held back inside a bulk write)."""
        if self._pending.holding:
            self._pending.add_version(version)
            return
        self._run(INSERT_VERSION, version_row(version))

    def get_version(self, account_id: str, version: int) -> AccountVersion | None:
        """One snapshot or None."""
        row = self._one(
            "SELECT account_id, version, data, saved_at, saved_by FROM tier_account_version "
            "WHERE account_id = ? AND version = ?",
            (account_id, version),
        )
        return None if row is None else version_from_row(row)

    def versions(self, account_id: str) -> list[AccountVersion]:
        """Every snapshot, oldest first."""
        rows = self._all(
            "SELECT account_id, version, data, saved_at, saved_by FROM tier_account_version "
            "WHERE account_id = ? ORDER BY version",
            (account_id,),
        )
        return [version_from_row(r) for r in rows]

    def live_children_count(self, account_id: str) -> int:
        """Children that are not decommissioned."""
        return int(
            self._scalar(
                "SELECT count(*) FROM tier_account"
                " WHERE parent_id = ? AND decommissioned_at IS NULL",
                (account_id,),
            )
        )

    def live_ids_with_external_id(self, external_id: str) -> list[str]:
        """The live accounts carrying this external id (the first ten; none when unknown)."""
        connection: sqlite3.Connection = self._db.connection()
        rows = connection.execute(
            "SELECT id FROM tier_account WHERE external_id = ? AND decommissioned_at IS NULL"
            " ORDER BY id LIMIT 10",
            (external_id,),
        ).fetchall()
        held = self._pending.by_external_id.get(external_id, [])
        return sorted([r[0] for r in rows] + held)[:10]

    def ancestor_ids(self, account_id: str) -> list[str]:
        """Parent, grandparent… of an account, nearest first."""
        rows = self._all(
            "WITH RECURSIVE up(id, parent_id, depth) AS ("
            " SELECT id, parent_id, 0 FROM tier_account WHERE id = ?"
            " UNION ALL SELECT t.id, t.parent_id, up.depth + 1 FROM tier_account t"
            " JOIN up ON t.id = up.parent_id WHERE up.depth < 64)"
            " SELECT id FROM up WHERE depth > 0 ORDER BY depth",
            (account_id,),
        )
        return [r[0] for r in rows]

    def decommission(self, account_id: str, event: Event) -> None:
        """Mark an account deleted (kept for old subscriptions and requests)."""
        self._run(
            "UPDATE tier_account SET decommissioned_at = ?, decommissioned_by = ? WHERE id = ?",
            (to_db_time(event.at), event.by, account_id),
        )


class SqlRequestRepository(_Repository):
    """Tier account requests."""

    def get(self, request_id: str) -> TierAccountRequest | None:
        """The request or None."""
        row = self._one(f"{_REQUEST_SELECT} WHERE id = ?", (request_id,))
        return None if row is None else request_from_row(row)

    def insert_many(self, requests: Sequence[TierAccountRequest]) -> None:
        """Add requests raised by one edit."""
        if not requests:
            return
        marks = ", ".join("?" * len(REQUEST_COLUMNS))
        self._db.cursor().executemany(
            f"INSERT INTO tier_account_request ({', '.join(REQUEST_COLUMNS)}) VALUES ({marks})",
            [request_row(r) for r in requests],
        )

    def change_status(
        self,
        request_id: str,
        expected: RequestStatus,
        status: RequestStatus,
        reason: str,
        event: Event,
    ) -> bool:
        """Move from ``expected`` to ``status``; False when the request was not in ``expected``."""
        cursor = self._run(
            "UPDATE tier_account_request SET status = ?, reason = ?, updated_at = ?, updated_by = ?"
            " WHERE id = ? AND status = ?",
            (status.value, reason, to_db_time(event.at), event.by, request_id, expected.value),
        )
        return bool(cursor.rowcount == 1)

    def pending_count(self, account_id: str) -> int:
        """Pending requests of an account."""
        return int(
            self._scalar(
                "SELECT count(*) FROM tier_account_request WHERE account_id = ? AND status = ?",
                (account_id, RequestStatus.PENDING.value),
            )
        )

    def _where(self, query: RequestQuery) -> tuple[str, list[Any]]:
        clauses, params = ["1 = 1"], []
        if query.status is not None:
            clauses.append("r.status = ?")
            params.append(query.status.value)
        if query.account_id is not None:
            clauses.append("r.account_id = ?")
            params.append(query.account_id)
        for word in search_words(query.search):
            clauses.append(
                "(lower(r.id) LIKE ? ESCAPE '\\' OR a.search_text LIKE ? ESCAPE '\\'"
                " OR lower(p.name) LIKE ? ESCAPE '\\')"
            )
            params.extend([_like_pattern(word)] * 3)
        return " AND ".join(clauses), params

    def count(self, query: RequestQuery) -> int:
        """How many requests match."""
        if query == RequestQuery(status=RequestStatus.PENDING):
            return int(self._scalar(tallies.PENDING_REQUESTS))  # kept by triggers: no scan
        where, params = self._where(query)
        joins = (
            " JOIN tier_account a ON a.id = r.account_id JOIN product p ON p.id = r.product_id"
            if query.search
            else ""
        )
        return int(
            self._scalar(
                f"SELECT count(*) FROM tier_account_request r{joins} WHERE {where}", params
            )
        )

    def rows(self, query: RequestQuery, offset: int, limit: int) -> Sequence[RequestRow]:
        """A page of matching requests, newest first."""
        where, params = self._where(query)
        rows = self._all(
            "SELECT r.id, r.account_id, a.name, r.product_id, p.name, r.status, r.created_at"
            " FROM tier_account_request r JOIN tier_account a ON a.id = r.account_id"
            f" JOIN product p ON p.id = r.product_id WHERE {where}"
            " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [
            RequestRow(r[0], r[1], r[2], r[3], r[4], RequestStatus(r[5]), from_db_time(r[6]))
            for r in rows
        ]


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


class SqlCatalogRepository(_Repository):
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


class SqlSettingsRepository(_Repository):
    """Key/value settings of the workspace."""

    def get(self, key: str) -> str | None:
        """The value or None."""
        value = self._scalar("SELECT value FROM setting WHERE key = ?", (key,))
        return None if value is None else str(value)

    def put(self, key: str, value: str) -> None:
        """Set a value."""
        self._run(
            "INSERT INTO setting (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


_SORT_COLUMNS: Final[dict[DirectoryColumn, str]] = {
    DirectoryColumn.ID: "a.id",
    DirectoryColumn.NAME: "a.name",
    DirectoryColumn.TYPE: "a.type",
    DirectoryColumn.PARENT: "a.parent_id",
    DirectoryColumn.EXTERNAL_ID: "a.external_id",
    DirectoryColumn.COUNTRY: "a.country",
    DirectoryColumn.CITY: "a.city",
    DirectoryColumn.HUB: "a.hub_id",
    DirectoryColumn.CREATED: "a.created_at",
}
_SEARCH_SET: Final = "a.rowid IN (SELECT rowid FROM account_search WHERE account_search MATCH ?)"
_SEARCH_ROW: Final = (
    "EXISTS (SELECT 1 FROM account_search f WHERE account_search MATCH ? AND f.rowid = a.rowid)"
)
WALK_COST: Final = 133
"""A row tested while walking costs about 133 times a match collected (0.2 ms and 1.5 µs at
a million accounts): walk when reach × rows / matches × 133 < matches."""
_IN_ANY_TIER: Final = (
    "(SELECT id FROM subscription WHERE customer_id = :a"
    " UNION SELECT id FROM subscription WHERE tier1_id = :a"
    " UNION SELECT id FROM subscription WHERE tier2_id = :a)"
)


class SqlQueryRepository(_Repository):
    """Paged lists for the directory and the details tabs."""

    def _account_where(self, query: DirectoryQuery, walk: bool = False) -> tuple[str, list[Any]]:
        """The WHERE of a directory query.

        ``walk`` tests each row against the search index as the sort index is walked, instead
        of collecting every match first.
        """
        clauses, params = ["a.decommissioned_at IS NULL"], []
        if query.type is not None:
            clauses.append("a.type = ?")
            params.append(AccountType(query.type).value)
        if query.parent_id is not None:
            clauses.append("a.parent_id = ?")
            params.append(query.parent_id)
        if query.roots_only:
            clauses.append("a.parent_id IS NULL")
        if query.search.strip():
            expression = match_expression(query.search)
            if expression is None:
                clauses.append("0")  # only punctuation or symbols: no word can match
            else:
                clauses.append(_SEARCH_ROW if walk else _SEARCH_SET)
                params.append(expression)
        return " AND ".join(clauses), params

    def count_accounts(self, query: DirectoryQuery) -> int:
        """How many live accounts match."""
        only_search = query.type is None and query.parent_id is None and not query.roots_only
        expression = match_expression(query.search) if query.search.strip() else None
        if only_search and expression is not None:
            # the index holds live accounts only: counting needs no look at the table
            return int(
                self._scalar(
                    "SELECT count(*) FROM account_search WHERE account_search MATCH ?",
                    (expression,),
                )
            )
        if only_search and not query.search.strip():
            return int(self._scalar(tallies.LIVE_ACCOUNTS))  # kept by triggers: no scan
        where, params = self._account_where(query)
        return int(self._scalar(f"SELECT count(*) FROM tier_account a WHERE {where}", params))

    def account_rows(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        offset: int,
        limit: int,
        total: int | None = None,
    ) -> Sequence[DirectoryRow]:
        """A page of the directory; past the middle of ``total`` rows it is read from the end."""
        backwards = total is not None and offset > total // 2
        reach = (total - offset if backwards and total is not None else offset) + limit
        walk = self._walk_search(query, total, reach)
        where, params = self._account_where(query, walk)
        if backwards and total is not None:
            limit = max(0, min(limit, total - offset))
            offset = max(0, total - offset - limit)
        descending = sort.descending != backwards
        order = "DESC" if descending else "ASC"
        column = _SORT_COLUMNS[sort.column]
        tie = "" if sort.column is DirectoryColumn.ID else f", a.id {order}"
        # ids first, from the live-only index of the sort column (no table look-up per skipped
        # row), then the page's details
        ids = [
            r[0]
            for r in self._all(
                f"SELECT a.id FROM tier_account a WHERE {where}"
                f" ORDER BY {column} {order}{tie} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        ]
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        found = {
            r[0]: r
            for r in self._all(
                "SELECT a.id, a.name, a.type, a.parent_id, p.name, a.external_id, a.country,"
                " a.city, a.hub_id, h.name, a.created_at FROM tier_account a"
                " LEFT JOIN tier_account p ON p.id = a.parent_id"
                f" LEFT JOIN hub h ON h.id = a.hub_id WHERE a.id IN ({marks})",
                ids,
            )
        }
        if backwards:
            ids.reverse()
        rows = [found[i] for i in ids if i in found]
        return [
            DirectoryRow(
                id=r[0],
                name=r[1],
                type=AccountType(r[2]),
                parent_id=r[3],
                parent_name=r[4],
                external_id=r[5],
                country=r[6],
                city=r[7],
                hub_id=r[8],
                hub_name=r[9] or r[8],
                created_at=from_db_time(r[10]),
            )
            for r in rows
        ]

    def accounts_in_order(
        self, query: DirectoryQuery, sort: SortSpec, batch: int = 1000
    ) -> Iterator[TierAccount]:
        """Every live account matching ``query`` in ``sort`` order, read ``batch`` at a time.

        One statement: what it yields is one consistent snapshot of the workspace.
        """
        where, params = self._account_where(query)
        order = "DESC" if sort.descending else "ASC"
        column = _SORT_COLUMNS[sort.column]
        tie = "" if sort.column is DirectoryColumn.ID else f", a.id {order}"
        columns = ", ".join(f"a.{c}" for c in ACCOUNT_COLUMNS)
        cursor = self._run(
            f"SELECT {columns} FROM tier_account a WHERE {where} ORDER BY {column} {order}{tie}",
            params,
        )
        try:
            while rows := cursor.fetchmany(batch):
                for row in rows:
                    yield account_from_row(row)
        finally:
            cursor.close()

    def _walk_search(self, query: DirectoryQuery, total: int | None, reach: int) -> bool:
        """Whether to test rows one by one while walking the sort index (see WALK_COST).

        A search that matches a large share of the accounts (one or two letters) finds a
        page's rows after a short walk, where collecting its matches first reads them all;
        a narrow one is found faster through its matches.
        """
        if total is None or not query.search.strip() or query.parent_id is not None:
            return False
        rows = int(self._scalar("SELECT max(rowid) FROM tier_account") or 0)
        return WALK_COST * reach * rows < total * total

    def _named(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return list(self._run(sql, params).fetchall())

    def count_subscriptions(self, account_id: str, product_id: str | None) -> int:
        """Subscriptions holding the account in any tier."""
        extra = " AND s.product_id = :p" if product_id else ""
        rows = self._named(
            f"SELECT count(*) FROM subscription s WHERE s.id IN {_IN_ANY_TIER}{extra}",
            {"a": account_id, "p": product_id},
        )
        return int(rows[0][0])

    def subscriptions(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[Subscription]:
        """A page of those subscriptions, newest first."""
        extra = " AND s.product_id = :p" if product_id else ""
        rows = self._named(
            "SELECT s.id, s.product_id, s.marketplace_id, s.status, s.customer_id, s.tier1_id,"
            " s.tier2_id, s.created_at, p.name FROM subscription s"
            f" JOIN product p ON p.id = s.product_id WHERE s.id IN {_IN_ANY_TIER}{extra}"
            " ORDER BY s.created_at DESC, s.id LIMIT :limit OFFSET :offset",
            {"a": account_id, "p": product_id, "limit": limit, "offset": offset},
        )
        return [
            Subscription(
                r[0],
                r[1],
                r[2],
                SubscriptionStatus(r[3]),
                r[4],
                r[5],
                r[6],
                from_db_time(r[7]),
                r[8],
            )
            for r in rows
        ]

    def count_fulfillment_requests(self, account_id: str) -> int:
        """Fulfillment requests of those subscriptions."""
        rows = self._named(
            f"SELECT count(*) FROM fulfillment_request f WHERE f.subscription_id IN {_IN_ANY_TIER}",
            {"a": account_id},
        )
        return int(rows[0][0])

    def fulfillment_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[FulfillmentRequest]:
        """A page of them, newest first."""
        rows = self._named(
            "SELECT f.id, f.subscription_id, f.type, f.status, f.created_at, p.name"
            " FROM fulfillment_request f JOIN subscription s ON s.id = f.subscription_id"
            " JOIN product p ON p.id = s.product_id"
            f" WHERE f.subscription_id IN {_IN_ANY_TIER}"
            " ORDER BY f.created_at DESC, f.id LIMIT :limit OFFSET :offset",
            {"a": account_id, "limit": limit, "offset": offset},
        )
        return [
            FulfillmentRequest(
                r[0], r[1], FulfillmentType(r[2]), FulfillmentStatus(r[3]), from_db_time(r[4]), r[5]
            )
            for r in rows
        ]

    def count_tier_configs(self, account_id: str, product_id: str | None) -> int:
        """Tier configs of the account."""
        extra = " AND product_id = ?" if product_id else ""
        params = [account_id, product_id] if product_id else [account_id]
        return int(
            self._scalar(f"SELECT count(*) FROM tier_config WHERE account_id = ?{extra}", params)
        )

    def tier_configs(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[TierConfig]:
        """A page of them."""
        extra = " AND c.product_id = ?" if product_id else ""
        params: list[Any] = [account_id, product_id] if product_id else [account_id]
        rows = self._all(
            "SELECT c.id, c.name, c.account_id, c.product_id, c.tier_level, c.status,"
            " c.created_at, p.name FROM tier_config c JOIN product p ON p.id = c.product_id"
            f" WHERE c.account_id = ?{extra} ORDER BY c.created_at DESC, c.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [
            TierConfig(
                r[0], r[1], r[2], r[3], r[4], TierConfigStatus(r[5]), from_db_time(r[6]), r[7]
            )
            for r in rows
        ]

    def count_tier_config_requests(self, account_id: str) -> int:
        """Requests on the account's tier configs."""
        return int(
            self._scalar(
                "SELECT count(*) FROM tier_config_request r JOIN tier_config c"
                " ON c.id = r.config_id WHERE c.account_id = ?",
                (account_id,),
            )
        )

    def tier_config_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[TierConfigRequest]:
        """A page of them, newest first."""
        rows = self._all(
            "SELECT r.id, r.config_id, r.type, r.status, r.created_at, p.name"
            " FROM tier_config_request r JOIN tier_config c ON c.id = r.config_id"
            " JOIN product p ON p.id = c.product_id WHERE c.account_id = ?"
            " ORDER BY r.created_at DESC, r.id LIMIT ? OFFSET ?",
            (account_id, limit, offset),
        )
        return [
            TierConfigRequest(
                r[0],
                r[1],
                TierConfigRequestType(r[2]),
                TierConfigRequestStatus(r[3]),
                from_db_time(r[4]),
                r[5],
            )
            for r in rows
        ]
