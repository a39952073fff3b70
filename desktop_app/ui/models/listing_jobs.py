"""What a listing's table asks its reading thread: the count with the first page, a page.

Each job builds the rows' cell texts there too, so the window's thread only shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from desktop_app.services.container import Services
from desktop_app.services.listing import Listing

T = TypeVar("T")

Recipe = Callable[[Services], Listing[T]]
"""Builds the same listing over the reading thread's services."""
Texts = Callable[[T], tuple[str, ...]]
"""The cell texts of one row."""
UNTIL_ANSWERED: Final = None
"""Wait for the reader's answer however long it takes (a refresh that keeps the place)."""


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A listing read on the reading thread: its count, first page and that page's texts."""

    listing: Listing[T]
    count: int
    rows: Sequence[T]
    texts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows read on the reading thread, and their texts."""

    rows: Sequence[T]
    texts: tuple[tuple[str, ...], ...]


def load_job(recipe: Recipe[T], size: int, texts_of: Texts[T]) -> Callable[[Services], Loaded[T]]:
    """Count the recipe's listing and read its first ``size`` rows."""

    def load(services: Services) -> Loaded[T]:
        listing = recipe(services)
        count = listing.count()
        rows = listing.fetch(0, size) if count else ()
        return Loaded(listing, count, rows, tuple(texts_of(found) for found in rows))

    return load


def page_job(
    listing: Listing[T], page: int, size: int, texts_of: Texts[T]
) -> Callable[[Services], Page[T]]:
    """Read page ``page`` of ``listing`` (made over the reading thread's services)."""

    def fetch(_services: Services) -> Page[T]:
        rows = listing.fetch(page * size, size)
        return Page(rows, tuple(texts_of(found) for found in rows))

    return fetch
