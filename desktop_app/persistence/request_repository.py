"""Tier account requests, in plain SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import (
    RequestStatus,
)
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.persistence import tallies
from desktop_app.persistence.fields import from_db_time, to_db_time
from desktop_app.persistence.mapping import (
    REQUEST_COLUMNS,
    request_from_row,
    request_row,
)
from desktop_app.persistence.repository_base import (
    Repository,
    like_pattern,
    page_window,
    search_words,
)
from desktop_app.services.queries import (
    RequestQuery,
    RequestRow,
)

_REQUEST_SELECT: Final = f"SELECT {', '.join(REQUEST_COLUMNS)} FROM tier_account_request"
_SEARCH_JOINS: Final = (
    " JOIN tier_account a ON a.id = r.account_id JOIN product p ON p.id = r.product_id"
)


class SqlRequestRepository(Repository):
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
            params.extend([like_pattern(word)] * 3)
        return " AND ".join(clauses), params

    def count(self, query: RequestQuery) -> int:
        """How many requests match."""
        if query == RequestQuery(status=RequestStatus.PENDING):
            return int(self._scalar(tallies.PENDING_REQUESTS))  # kept by triggers: no scan
        where, params = self._where(query)
        joins = _SEARCH_JOINS if query.search else ""
        return int(
            self._scalar(
                f"SELECT count(*) FROM tier_account_request r{joins} WHERE {where}", params
            )
        )

    def rows(
        self, query: RequestQuery, offset: int, limit: int, total: int | None = None
    ) -> Sequence[RequestRow]:
        """A page of matching requests, newest first; past the middle of ``total``, from the end.

        The page's ids come first, from the index in creation order alone (no join per row
        skipped), then their account and product names.
        """
        where, params = self._where(query)
        joins = _SEARCH_JOINS if query.search else ""
        prefixed = query.status is not None or query.account_id is not None
        window = page_window(offset, limit, total, descending=True, prefixed=prefixed)
        order = "ASC" if window[2] else "DESC"
        ids = self._page_ids(
            f"SELECT r.id FROM tier_account_request r{joins} WHERE {where}"
            f" ORDER BY r.created_at {order}, r.id {order}",
            params,
            window,
        )
        rows = self._rows_by_id(
            "SELECT r.id, r.account_id, a.name, r.product_id, p.name, r.status, r.created_at"
            " FROM tier_account_request r JOIN tier_account a ON a.id = r.account_id"
            " JOIN product p ON p.id = r.product_id WHERE r.id IN ({marks})",
            ids,
        )
        return [
            RequestRow(r[0], r[1], r[2], r[3], r[4], RequestStatus(r[5]), from_db_time(r[6]))
            for r in rows
        ]
