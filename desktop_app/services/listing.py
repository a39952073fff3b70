"""A lazily paged list: a count and pages fetched on demand, never every row at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Listing(Generic[T]):
    """Rows of one query: ``count()`` and ``fetch(offset, limit)`` run against the database."""

    count: Callable[[], int]
    fetch: Callable[[int, int], Sequence[T]]

    def all(self) -> list[T]:
        """Every row; for small lists and tests only."""
        return list(self.fetch(0, self.count()))


def counted_listing(
    count: Callable[[], int], fetch: Callable[[int, int, int | None], Sequence[T]]
) -> Listing[T]:
    """A listing whose pages are told the count it last gave (None before any).

    A page past the middle of the rows can then be read from the end, which costs what a
    page as far from the start would.
    """
    counted: list[int] = []

    def counting() -> int:
        counted[:] = [count()]
        return counted[0]

    def fetching(offset: int, limit: int) -> Sequence[T]:
        return fetch(offset, limit, counted[0] if counted else None)

    return Listing(count=counting, fetch=fetching)
