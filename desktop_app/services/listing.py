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
