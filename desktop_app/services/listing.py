"""A lazily paged list: a count and pages fetched on demand, never every row at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")

Waiting = Callable[[], bool]
"""True while a question waits for the thread reading ahead: its step then ends at once."""


def nobody_waits() -> bool:
    """Nothing waits: a step of reading ahead lasts its whole time."""
    return False


class ReadAhead(Protocol):
    """One short step of reading where a listing's far pages start; True while more remain."""

    def __call__(self, waiting: Waiting = nobody_waits) -> bool: ...  # pragma: no cover


@dataclass(frozen=True)
class Listing(Generic[T]):
    """Rows of one query: ``count()`` and ``fetch(offset, limit)`` run against the database."""

    count: Callable[[], int]
    fetch: Callable[[int, int], Sequence[T]]
    read_ahead: ReadAhead | None = None
    """One short step of reading where the listing's far pages start (:class:`Anchors`), for a
    reader with time to spare, after the count; True while there is more to read. It ends
    early, even inside a statement, once its ``waiting`` says a question waits. None: the
    listing has nothing to read ahead."""

    def all(self) -> list[T]:
        """Every row; for small lists and tests only."""
        return list(self.fetch(0, self.count()))


@dataclass
class Anchors:
    """Where every ``step``-th row of one listing starts: its sort key, as the store reads it.

    ``keys[i]`` is the sort key (the order's values, the id last) of row ``(i + 1) * step - 1``:
    a page at any offset is then read from the key before it with a short OFFSET. Read ahead
    for one count (``total``) of one state of the workspace (``mark``, the store's); the store
    drops them (reads with a plain OFFSET again) once either differs.
    """

    step: int = 0
    total: int = -1
    mark: Any = None
    keys: list[tuple[Any, ...]] = field(default_factory=list)
    done: bool = False
    """Every key of ``total`` rows is read (or none is worth reading)."""

    def clear(self) -> None:
        """Hold no key: nothing is read ahead yet."""
        self.step, self.total, self.mark, self.done = 0, -1, None, False
        self.keys.clear()

    def before(self, offset: int) -> tuple[int, tuple[Any, ...] | None]:
        """The key nearest before row ``offset`` and the position of the row after it.

        ``(0, None)`` when no key read so far lies before it (read from the start).
        """
        if self.step <= 0:
            return 0, None
        at = min(offset // self.step, len(self.keys))
        return at * self.step, (self.keys[at - 1] if at else None)


def counted_listing(
    count: Callable[[], int],
    fetch: Callable[[int, int, int | None], Sequence[T]],
    read_ahead: Callable[[int, Waiting], bool] | None = None,
) -> Listing[T]:
    """A listing whose pages are told the count it last gave (None before any).

    A page past the middle of the rows can then be read from the end, which costs what a
    page as far from the start would. ``read_ahead`` (told that count) reads where the far
    pages start, one short step a call (told what says a question waits); it is not called
    before the rows are counted.
    """
    counted: list[int] = []

    def counting() -> int:
        counted[:] = [count()]
        return counted[0]

    def fetching(offset: int, limit: int) -> Sequence[T]:
        return fetch(offset, limit, counted[0] if counted else None)

    def reading_ahead(waiting: Waiting = nobody_waits) -> bool:
        return bool(counted) and read_ahead is not None and read_ahead(counted[0], waiting)

    return Listing(
        count=counting, fetch=fetching, read_ahead=None if read_ahead is None else reading_ahead
    )
