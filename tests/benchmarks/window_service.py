"""The services' side of the window benchmark: the same queries, timed without the window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Final

from desktop_app.domain.enums import AccountType
from desktop_app.persistence.opening import Store, open_store
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.services.queries import (
    DirectoryColumn,
    DirectoryQuery,
    RequestColumn,
    RequestQuery,
    RequestSort,
    SortSpec,
)
from tests.benchmarks.common import timed
from tests.benchmarks.measures import DIRECTORY_PAGE, Term, search_terms
from tests.benchmarks.window_probe import median, percentile

__all__ = ["Figures", "Term", "measure", "most_children", "terms"]

CHILD_PAGE: Final = 100
"""What a details tab's model asks for (desktop_app.ui.models.listing_table_model)."""
REQUEST_PAGE: Final = 100
"""What the Requests tab's model asks for."""
REQUESTS: Final = "Requests tab: "
NO_MATCH: Final = "zqxj"
MIDDLE: Final = "jump to the middle row"
AHEAD: Final = "anchors read ahead"
KEYED: Final = " (from anchors)"
WANTED: Final = ("name, with accents", "name, two words", "account ID", "email", "city")


def terms(store: Store) -> list[Term]:
    """Short and long, accented, ids, e-mails, cities and one that matches nothing."""
    found = [t for t in search_terms(store) if t.field in WANTED]
    return [*found, Term("nothing matches", NO_MATCH)]


def most_children(store: Store) -> tuple[str, int]:
    """The live account with the most live children, and how many."""
    row = store.db.execute_sql(
        "SELECT parent_id, count(*) AS n FROM tier_account"
        " WHERE decommissioned_at IS NULL AND parent_id IS NOT NULL"
        " GROUP BY parent_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise RuntimeError("no account in the workspace has children")
    return str(row[0]), int(row[1])


@dataclass
class Figures:
    """Seconds per piece of work, by ``"cold: keystroke"``-style keys."""

    times: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, seconds: float) -> None:
        """Keep ``seconds`` under ``key``."""
        self.times.setdefault(key, []).append(seconds)

    def beside(self, action: str, tag: str) -> str:
        """``median / p95`` in ms of the same work on the same pass, or why there is none."""
        values = self.times.get(f"{tag}: {action}")
        if not values:
            return "no query" if action.endswith("Page Down") else "—"
        text = _figure(values)
        keyed = self.times.get(f"{tag}: {action}{KEYED}")
        ahead = self.times.get(f"{tag}: {action.replace(MIDDLE, AHEAD)}")
        if keyed and ahead and action.endswith(MIDDLE):
            text += f", {_figure(keyed)} from anchors read ahead in {_figure(ahead)}"
        return text


def _figure(values: list[float]) -> str:
    return f"{median(values) * 1000:.1f} / {percentile(values, 0.95) * 1000:.1f}"


def _jumps(figures: Figures, key: str, listing: Listing[Any], count: int, page: int) -> None:
    """The middle and last pages of ``listing`` (counted); then its anchors read ahead, the
    time that took, and the page after the middle read from them."""
    middle = (count // 2) // page * page
    last = max(count - 1, 0) // page * page
    for action, offset in ((MIDDLE, middle), ("Ctrl+End", last)):
        seconds, _rows = timed(partial(listing.fetch, offset, page))
        figures.add(f"{key}{action}", seconds)
    keyed = replace(listing)  # the same listing: its anchors, as the window's reader reads them
    step = keyed.read_ahead
    if step is None:
        return
    seconds, _none = timed(lambda: _drain(step))
    figures.add(f"{key}{AHEAD}", seconds)
    beyond = min(middle + page, last)  # rows the plain read did not bring into the cache
    seconds, _rows = timed(partial(keyed.fetch, beyond, page))
    figures.add(f"{key}{MIDDLE}{KEYED}", seconds)


def _drain(step: Callable[[], bool]) -> None:
    while step():
        pass


def _count_and_page(services: Services, query: DirectoryQuery, sort: SortSpec) -> float:
    listing = services.directory.accounts(query, sort)
    seconds, _rows = timed(lambda: (listing.count(), listing.fetch(0, DIRECTORY_PAGE)))
    return seconds


def _pass(
    services: Services,
    figures: Figures,
    tag: str,
    texts: list[str],
    parent: str,
    parts: tuple[str, ...],
) -> None:
    for text in texts:
        figures.add(
            f"{tag}: keystroke", _count_and_page(services, DirectoryQuery(search=text), SortSpec())
        )
    for account_type in (None, AccountType.CUSTOMER) if "directory" in parts else ():
        query = DirectoryQuery(type=account_type)
        figures.add(f"{tag}: type filter", _count_and_page(services, query, SortSpec()))
        for column in DirectoryColumn:
            listing = services.directory.accounts(query, SortSpec(column))
            seconds, (count, _rows) = timed(
                lambda listing=listing: (listing.count(), listing.fetch(0, DIRECTORY_PAGE))
            )
            figures.add(f"{tag}: header click", seconds)
            _jumps(figures, f"{tag}: ", listing, count, DIRECTORY_PAGE)
    seconds, _summary = timed(partial(services.accounts.summary, parent))
    figures.add(f"{tag}: open the account", seconds)
    children = services.directory.children(parent)
    seconds, _found = timed(lambda: (children.count(), children.fetch(0, CHILD_PAGE)))
    figures.add(f"{tag}: Child Accounts tab", seconds)


def _requests(services: Services, figures: Figures, tag: str, queries: list[RequestQuery]) -> None:
    """The Requests tab's queries as shown, sorted by each column: count, first, middle, last."""
    for shown in queries:
        for column in RequestColumn:
            listing = services.requests.listing(replace(shown, sort=RequestSort(column)))
            seconds, (count, _rows) = timed(
                lambda listing=listing: (listing.count(), listing.fetch(0, REQUEST_PAGE))
            )
            figures.add(f"{tag}: {REQUESTS}header click", seconds)
            _jumps(figures, f"{tag}: {REQUESTS}", listing, count, REQUEST_PAGE)


def measure(
    db: str,
    terms: list[Term],
    parent: str,
    passes: int,
    requests: list[RequestQuery],
    parts: tuple[str, ...] = ("directory", "requests", "account"),
) -> Figures:
    """The window's queries on a new connection: the first pass cold, the others warm.

    ``parts``: what the window measured (the Directory, the Requests tab, the account).
    """
    texts: list[str] = []
    for term in terms:
        for text in term.keystrokes():
            if not texts or texts[-1] != text.strip():
                texts.append(text.strip())
    figures = Figures()
    store = open_store(db, create=False)
    try:
        services = Services.over(store)
        for number in range(passes):
            tag = "cold" if number == 0 else "warm"
            store.queries.forget_anchors()  # a pass times the plain jumps, then reads them
            store.requests.forget_anchors()
            _pass(services, figures, tag, texts, parent, parts)
            _requests(services, figures, tag, requests)
    finally:
        store.close()
    return figures
