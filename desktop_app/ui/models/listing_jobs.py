"""What a listing's table asks its reading thread: the count and first page, a page, anchors.

The anchors say where far pages start; they are read ahead, a short step at a time.

Each job builds the rows' cell texts there too, so the window's thread only shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing, ReadAhead
from desktop_app.ui.models.background_reads import BackgroundReader, Ticket

T = TypeVar("T")

Recipe = Callable[[Services], Listing[T]]
"""Builds the same listing over the reading thread's services."""
Texts = Callable[[T], tuple[str, ...]]
"""The cell texts of one row."""
READ_AHEAD_DELAY_MS: Final = 30
"""Anchors are read this long after a listing's rows came: begun at once, their first step ran
beside the paint of those rows (at 1M accounts a header click painted in 22 ms, not 17)."""
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
    listing: Listing[T], page: int, size: int, texts_of: Texts[T], pages: int = 1
) -> Callable[[Services], Page[T]]:
    """Read page ``page`` of ``listing`` (made over the reading thread's services).

    With ``pages`` above 1 the pages after it too, in one read.
    """

    def fetch(_services: Services) -> Page[T]:
        rows = listing.fetch(page * size, size * pages)
        return Page(rows, tuple(texts_of(found) for found in rows))

    return fetch


class ReadingAhead:
    """Has a reader read where a listing's far pages start, one short step a question.

    The first step is asked :data:`READ_AHEAD_DELAY_MS` after the listing's rows came, once
    they are painted; each next one after the last one's answer, behind the pages asked
    meanwhile. A step ends as soon as a page is asked (the reader's ``waiting``), so a page
    waits for no step: on a file not even for the key being read, on a server for that key.
    """

    def __init__(self, owner: QObject) -> None:
        """The timer is ``owner``'s child (the table's model), deleted with it by Qt.

        Owned by this object alone, it was deleted wherever the last reference went, at times
        the reading thread (a segmentation fault in about one run in seven of the exchange
        tests).
        """
        self._listing: Listing[Any] | None = None
        self._reader: BackgroundReader | None = None
        self._ticket: Ticket[bool] | None = None
        self._timer = QTimer(owner)
        self._timer.setSingleShot(True)
        self._timer.setInterval(READ_AHEAD_DELAY_MS)
        self._timer.timeout.connect(self._begin)

    def start(self, reader: BackgroundReader | None, listing: Listing[Any]) -> None:
        """Read ``listing``'s anchors ahead on ``reader``'s thread (nothing without a reader)."""
        self.stop()
        if reader is not None and not reader.closed and listing.read_ahead is not None:
            self._listing, self._reader = listing, reader
            self._timer.start()

    def stop(self) -> None:
        """Ask nothing more (the rows shown come from another listing now)."""
        self._timer.stop()
        self._listing = self._reader = None
        if self._ticket is not None:
            self._ticket.drop()
            self._ticket = None

    def _begin(self) -> None:
        listing, reader = self._listing, self._reader
        if listing is not None and reader is not None and not reader.closed:
            step = listing.read_ahead
            if step is not None:
                self._ask(reader, listing, step)

    def _ask(self, reader: BackgroundReader, listing: Listing[Any], step: ReadAhead) -> None:
        def answered(more: bool) -> None:
            self._ticket = None
            if more and self._listing is listing and not reader.closed:
                self._ask(reader, listing, step)

        def failed(_error: DomainError) -> None:
            self._ticket = None  # its pages are read with a plain OFFSET, which reports errors

        waiting = reader.waiting_check()  # a page asked meanwhile ends the step at once
        self._ticket = reader.ask(
            self, lambda _services: step(waiting), answered, failed, yields=True
        )
