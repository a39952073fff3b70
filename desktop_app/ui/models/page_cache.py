"""The few pages of rows a table holds, with each shown row's cell texts; the oldest dropped."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class PageCache(Generic[T]):
    """Pages by number, least recently used dropped past ``size``; texts go with their page."""

    def __init__(self, page_size: int, size: int) -> None:
        self.page_size = page_size
        self._size = max(1, size)
        self._pages: OrderedDict[int, Sequence[T]] = OrderedDict()
        self._texts: dict[int, tuple[str, ...]] = {}

    def __contains__(self, page: int) -> bool:
        return page in self._pages

    def clear(self) -> None:
        """Hold nothing."""
        self._pages.clear()
        self._texts.clear()

    def page(self, page: int) -> Sequence[T] | None:
        """The rows of ``page`` (now the most recently used), None when not held."""
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
        return rows

    def texts(self, row: int) -> tuple[str, ...] | None:
        """The cell texts of ``row`` when known (its page is then the most recently used)."""
        texts = self._texts.get(row)
        if texts is not None:
            self._pages.move_to_end(row // self.page_size)
        return texts

    def keep(self, page: int, rows: Sequence[T], texts: Iterable[tuple[str, ...]] = ()) -> None:
        """Hold ``rows`` as ``page`` (with the texts of its first rows, when given)."""
        self._pages[page] = rows
        self._pages.move_to_end(page)
        first = page * self.page_size
        self._texts.update((first + at, text) for at, text in enumerate(texts))
        while len(self._pages) > self._size:
            dropped, _rows = self._pages.popitem(last=False)
            start = dropped * self.page_size
            for row in range(start, start + self.page_size):
                self._texts.pop(row, None)

    def keep_first(self, rows: Sequence[T], texts: Sequence[tuple[str, ...]]) -> None:
        """Hold the listing's first ``rows`` (one read of one or more pages), split in pages."""
        size = self.page_size
        for page, start in enumerate(range(0, len(rows), size)):
            self.keep(page, rows[start : start + size], texts[start : start + size])

    def keep_texts(self, row: int, texts: tuple[str, ...]) -> tuple[str, ...]:
        """Remember the texts of ``row`` (its page is held); they are returned."""
        self._texts[row] = texts
        return texts
