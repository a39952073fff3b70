"""The Requests tab at a million accounts: search per keystroke, every sort, a bulk accept."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Final

from desktop_app.domain.enums import RequestStatus
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.opening import Store
from desktop_app.services.container import Services
from desktop_app.services.queries import RequestColumn, RequestQuery, RequestSort
from tests.benchmarks.common import Result, median, ms, timed
from tests.benchmarks.measures import Term

PAGE: Final = 100
"""What the Requests tab's model asks for (desktop_app.ui.models.listing_table_model)."""
SEARCH_PASSES: Final = 3
SORT_REPEATS: Final = 3
BULK: Final = 10_000
BULK_SECONDS: Final = 2.0


@dataclass
class RequestFigures:
    """What one run measured."""

    total: int
    pending_for_you: int
    operator: str
    times: list[float] = field(default_factory=list)
    per_text: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    sorts: dict[str, float] = field(default_factory=dict)
    middles: dict[str, float] = field(default_factory=dict)
    """The middle page of the same lists, read plainly (a jump before the anchors are read)."""
    bulk_seconds: float = 0.0
    bulk_decided: int = 0
    bulk_transactions: int = -1
    """BEGINs and SAVEPOINTs one bulk accept of 1,000 more opened (SQLite; -1 on a server)."""


def search_terms(store: Store) -> list[Term]:
    """An account's name, its email and a request id of the first requests written."""
    row = store.db.execute_sql(
        "SELECT r.id, a.name, a.email FROM tier_account_request r"
        " JOIN tier_account a ON a.id = r.account_id"
        " WHERE a.decommissioned_at IS NULL ORDER BY r.id LIMIT 1"
    ).fetchone()
    if row is None:
        raise RuntimeError("the workspace has no tier account request to search for")
    request_id, name, email = (str(v) for v in row)
    words = name.split()
    return [
        Term("account name", " ".join(words[:2])),
        Term("account email", email.split("@")[0]),
        Term("request ID", request_id),
        Term("request ID (pasted)", request_id, pasted=True),
    ]


def _search(store: Store, services: Services, figures: RequestFigures, terms: list[Term]) -> None:
    """Each keystroke: the count and first page, over every status and vendor (the widest).

    Each pass counts afresh: the counts the repository keeps while nothing is written are
    forgotten first.
    """
    requests = services.requests
    for _pass in range(SEARCH_PASSES):
        store.requests.forget_anchors()
        for term in terms:
            for text in term.keystrokes():
                query = RequestQuery(search=text.strip())

                def keystroke(query: RequestQuery = query) -> int:
                    listing = requests.listing(query)
                    count = listing.count()
                    listing.fetch(0, PAGE)
                    return count

                seconds, count = timed(keystroke)
                figures.times.append(seconds)
                figures.counts[text.strip()] = count
                figures.per_text.setdefault(text.strip(), []).append(seconds)


def _sorts(services: Services, figures: RequestFigures, operator: str) -> None:
    """First and middle page by each column both ways: every request, the pending ones, yours."""
    filters = (
        ("", RequestQuery()),
        ("pending: ", RequestQuery(status=RequestStatus.PENDING)),
        ("pending for you: ", RequestQuery(status=RequestStatus.PENDING, vendor_id=operator)),
    )
    for prefix, base in filters:
        for column in RequestColumn:
            for descending in (False, True):
                query = RequestQuery(
                    status=base.status,
                    vendor_id=base.vendor_id,
                    sort=RequestSort(column, descending),
                )
                listing = services.requests.listing(query)
                runs = [timed(partial(listing.fetch, 0, PAGE))[0] for _ in range(SORT_REPEATS)]
                label = f"{prefix}{column.value} {'desc' if descending else 'asc'}"
                figures.sorts[label] = median(runs)
                middle = partial(listing.fetch, listing.count() // 2, PAGE)
                figures.middles[label] = median([timed(middle)[0] for _ in range(SORT_REPEATS)])


def _saved(store: Store, ids: list[str]) -> list[tuple[object, ...]]:
    """The decision columns of ``ids`` as they are, to put them back."""
    mark = "%s" if is_postgres(store.db) else "?"
    rows: list[tuple[object, ...]] = store.db.execute_sql(
        "SELECT status, reason, updated_at, updated_by, id FROM tier_account_request"
        f" WHERE id IN ({', '.join([mark] * len(ids))})",
        ids,
    ).fetchall()
    return rows


def _put_back(store: Store, rows: list[tuple[object, ...]]) -> None:
    """The benchmark's own undo: the workspace stays as seeded."""
    mark = "%s" if is_postgres(store.db) else "?"
    with store.db.atomic():
        store.db.cursor().executemany(
            f"UPDATE tier_account_request SET status = {mark}, reason = {mark},"
            f" updated_at = {mark}, updated_by = {mark} WHERE id = {mark}",
            rows,
        )


def _bulk(store: Store, services: Services, figures: RequestFigures, operator: str) -> None:
    """Accept the operator's 10,000 oldest pending requests in one call, then put them back.

    Timed untraced; the next 1,000 are accepted the same way with SQLite's statements traced,
    to count the transactions one call opens.
    """
    query = RequestQuery(
        status=RequestStatus.PENDING,
        vendor_id=operator,
        sort=RequestSort(RequestColumn.CREATED, descending=False),
    )
    ids = services.requests.ids(query, 0, BULK + BULK // 10)
    timed_ids, traced_ids = ids[:BULK], ids[BULK:]
    before = _saved(store, ids)
    try:
        figures.bulk_seconds, outcome = timed(partial(services.requests.accept_many, timed_ids))
        figures.bulk_decided = len(outcome.decided)
        if is_postgres(store.db):
            return
        begins: list[str] = []
        store.db.connection().set_trace_callback(
            lambda sql: begins.append(sql) if sql.startswith(("BEGIN", "SAVEPOINT")) else None
        )
        try:
            services.requests.accept_many(traced_ids)
        finally:
            store.db.connection().set_trace_callback(None)
        figures.bulk_transactions = len(begins)
    finally:
        _put_back(store, before)


def measure_requests_tab(store: Store, services: Services) -> RequestFigures:
    """Search, sorts and the bulk accept (which is undone afterwards)."""
    operator = services.workspace.operator().id
    mine = RequestQuery(status=RequestStatus.PENDING, vendor_id=operator)
    figures = RequestFigures(
        total=services.requests.count(RequestQuery()),
        pending_for_you=services.requests.count(mine),
        operator=operator,
    )
    _search(store, services, figures, search_terms(store))
    _sorts(services, figures, operator)
    _bulk(store, services, figures, operator)
    return figures


def _by_length(figures: RequestFigures) -> str:
    """Keystroke medians of 1-2, 3-5 and 6 or more characters."""
    buckets: dict[str, list[float]] = {}
    for text, times in figures.per_text.items():
        size = len(text)
        name = "1-2 characters" if size <= 2 else "3-5 characters" if size <= 5 else "6 or more"
        buckets.setdefault(name, []).extend(times)
    return "; ".join(f"{k} {ms(median(v))} ({len(v)})" for k, v in sorted(buckets.items()))


def results(
    figures: RequestFigures, search_ms: float, sort_ms: float, jump_ms: float
) -> list[Result]:
    """The four rows of the table for the Requests tab."""
    medians = {t: median(v) for t, v in figures.per_text.items()}
    slowest = sorted(((m, t) for t, m in medians.items()), reverse=True)[:5]
    worst = max(figures.sorts, key=lambda k: figures.sorts[k])
    far = max(figures.middles, key=lambda k: figures.middles[k])
    middles = list(figures.middles.values())
    one_go = figures.bulk_transactions in (-1, 1)
    bulk_ok = figures.bulk_seconds <= BULK_SECONDS and figures.bulk_decided == BULK and one_go
    return [
        Result(
            "Requests tab: search as you type (count + first page)",
            f"median {ms(median(figures.times))}",
            f"≤ {search_ms:g} ms per keystroke",
            median(figures.times) * 1000 <= search_ms,
            [
                f"{figures.total:,} requests; {len(figures.times)} keystrokes over every status"
                f" and vendor ({SEARCH_PASSES} passes)",
                "slowest texts (median): "
                + "; ".join(f"{t!r} {ms(m)} ({figures.counts[t]:,} found)" for m, t in slowest),
                "median by length: " + _by_length(figures),
            ],
        ),
        Result(
            "Requests tab: sort by any column (first page)",
            f"worst {ms(figures.sorts[worst])} ({worst})",
            f"≤ {sort_ms:g} ms",
            figures.sorts[worst] * 1000 <= sort_ms,
            [", ".join(f"{k} {ms(v)}" for k, v in figures.sorts.items())],
        ),
        Result(
            "Requests tab: jump to the middle row, plain (any sort)",
            f"worst {ms(figures.middles[far])} ({far}); median {ms(median(middles))}",
            f"≤ {jump_ms:g} ms",
            figures.middles[far] * 1000 <= jump_ms,
            [
                "read before the list's anchors are (the window's reader reads them for long"
                " lists): " + ", ".join(f"{k} {ms(v)}" for k, v in figures.middles.items())
            ],
        ),
        Result(
            f"Requests tab: accept {BULK:,} requests at once",
            f"{figures.bulk_seconds:.2f} s",
            f"≤ {BULK_SECONDS:g} s, one transaction",
            bulk_ok,
            [
                f"acting as {figures.operator}: {figures.pending_for_you:,} pending for you;"
                f" {figures.bulk_decided:,} accepted in"
                + (
                    " one transaction (a traced call of 1,000 more: one BEGIN, no savepoint)"
                    if figures.bulk_transactions == 1
                    else f" {figures.bulk_transactions} transactions"
                    if figures.bulk_transactions > 0
                    else " RequestService.accept_many (one store.write())"
                ),
                "then set back as they were, so that the workspace stays as seeded",
            ],
        ),
    ]
