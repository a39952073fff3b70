"""A read-only table over any service Listing: a cached count and pages fetched on demand.

Given a :class:`~desktop_app.ui.models.background_reads.BackgroundReader`, the model counts and
fetches on the reader's thread instead: the GUI thread waits for an answer only a few
milliseconds, and shows what it had (or blank cells of a page still coming) until it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)

from desktop_app.domain.errors import DomainError
from desktop_app.services.listing import Listing
from desktop_app.ui.models.background_reads import (
    NEW_ROWS_WAIT,
    QUICK_WAIT,
    BackgroundReader,
    Ticket,
)
from desktop_app.ui.models.listing_jobs import (
    UNTIL_ANSWERED,
    Loaded,
    Page,
    ReadingAhead,
    Recipe,
    load_job,
    page_job,
)
from desktop_app.ui.models.page_cache import PageCache
from desktop_app.ui.models.plain_text import is_plain, unshaped_font
from desktop_app.ui.models.row_table_model import (
    DISPLAY,
    FONT,
    ROLES,
    ColumnSpec,
    IdRole,
    ModelIndex,
    RowRole,
    RowTableModel,
)

__all__ = [
    "CACHED_PAGES",
    "NO_ROWS",
    "PAGE_SIZE",
    "ColumnSpec",
    "IdRole",
    "ListingTableModel",
    "ModelIndex",
    "RowRole",
]

T = TypeVar("T")

PAGE_SIZE: Final = 50
"""Rows read at once: about a window's worth. A table showing more reads several pages at
first (:meth:`ListingTableModel.show_rows`); at a million accounts a header click painted in
16.5 ms with 200 rows read and formatted on the reading thread, in 11.7 ms with 50."""
CACHED_PAGES: Final = 32

ADOPT_AFTER_MS: Final = 250
"""How long after a reader is given the model lets it take over the rows read here."""
NO_ROWS: Final[Listing[Any]] = Listing(count=lambda: 0, fetch=lambda _offset, _limit: ())
"""What a model that let go of its workspace shows."""


class ListingTableModel(RowTableModel, Generic[T]):
    """Rows of one listing in the listing's order; never holds more than a few pages."""

    rows_arrived = Signal()
    """Rows read on the reading thread are in the model (after a reset or a page's dataChanged)."""

    def __init__(
        self,
        listing: Listing[T],
        columns: Sequence[ColumnSpec[T]],
        id_of: Callable[[T], str],
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cached_pages: int = CACHED_PAGES,
        recipe: Recipe[T] | None = None,
    ) -> None:
        super().__init__(columns, id_of, parent)
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        self._listing = listing
        self._page_size = page_size
        self._count: int | None = None
        self._pages: PageCache[T] = PageCache(page_size, cached_pages)
        """A few pages, and the cell texts of each row shown (formatted once)."""
        self._released = False
        self._reader: BackgroundReader | None = None
        self._recipe = recipe
        self._remote: Listing[T] | None = None
        """The listing over the reader's connection that the rows shown came from."""
        self._loading: Ticket[Loaded[T]] | None = None
        self._adopting: Ticket[Loaded[T]] | None = None
        self._adopt_due = False
        """The reader is to take the rows over shortly (:data:`ADOPT_AFTER_MS`)."""
        """The reader taking over the rows read here (see :meth:`use_reader`)."""
        self._asked: dict[int, Ticket[Any]] = {}
        """Pages asked of the reader and not arrived yet, by page number."""
        self._asked_waited: set[int] = set()
        """Pages being waited for inside the call that asked: no dataChanged for them."""
        self._ahead = ReadingAhead(self)
        """Where the far pages of the listing shown start, read ahead by the reader."""
        self._first_pages = 1
        """How many pages a listing's first read brings: enough for the rows in view."""

    # state

    @property
    def listing(self) -> Listing[T]:
        """The listing whose rows are shown."""
        return self._listing

    @property
    def released(self) -> bool:
        """True once the model let go of its workspace (it then shows no rows, for good)."""
        return self._released

    @property
    def loading(self) -> bool:
        """True while rows asked of the reader have not arrived (the old ones are shown)."""
        return self._loading is not None

    @property
    def settled(self) -> bool:
        """True when nothing asked of the reader is still coming (no late rows, no blank cells)."""
        return self._loading is None and not self._asked

    def use_reader(self, reader: BackgroundReader | None) -> None:
        """Count and fetch on ``reader``'s thread from now on (None: on this thread)."""
        if reader is self._reader:
            return
        self._forget_asked()
        self._reader = reader
        self._remote = None
        if self._reads_apart() and not self._released:
            # after the first paint, which the reader's new connection would only slow down
            self._adopt_due = True
            QTimer.singleShot(ADOPT_AFTER_MS, self, self._adopt_when_due)

    def show_rows(self, rows: int) -> None:
        """The table shows about ``rows`` rows: a new listing's first read brings them all."""
        self._first_pages = max(1, -(-rows // self._page_size))

    def set_listing(
        self,
        listing: Listing[T],
        recipe: Recipe[T] | None = None,
        *,
        wait: float | None = NEW_ROWS_WAIT,
    ) -> None:
        """Show the rows of ``listing`` instead (counted again on the next look).

        With a reader and the ``recipe`` that builds the same listing over the reader's
        services, the rows are read there: waited for at most ``wait`` seconds (None: until
        they come), the rows shown so far staying meanwhile.
        """
        if self._released:
            return
        self._listing = listing
        self._recipe = recipe
        if self._reads_apart():
            self._reload(wait)
        else:
            self._reset()

    def release_workspace(self) -> None:
        """Hold no rows and read nothing from now on: the workspace is being closed."""
        if self._released:
            return
        self._released = True
        self._listing = NO_ROWS
        self._recipe = None
        self._forget_asked()
        self._reader = None
        self._remote = None
        self._reset()

    def refresh(self) -> None:
        """Count and fetch again, e.g. after the workspace changed (until the rows are in)."""
        if self._reads_apart():
            self._reload(UNTIL_ANSWERED)
        else:
            self._reset()

    def wait_for_rows(self, timeout: float | None = UNTIL_ANSWERED) -> bool:
        """Wait until the rows asked of the reader are in; True when nothing is left coming."""
        self._adopt_when_due()
        for ticket in (self._adopting, self._loading):
            if self._reader is not None and ticket is not None:
                self._reader.wait(ticket, timeout)
        return self._loading is None and self._adopting is None

    def item(self, row: int) -> T | None:
        """The object on ``row`` (fetching its page when needed), None outside the rows."""
        if not 0 <= row < self.rowCount():
            return None
        page, offset = divmod(row, self._page_size)
        rows = self._page(page, UNTIL_ANSWERED)
        return rows[offset] if rows is not None and offset < len(rows) else None

    def is_loaded(self, row: int) -> bool:
        """True when asking for ``row``'s item waits for no other thread.

        Its page is in, or the rows are read on this thread anyway.
        """
        return not self._pages_apart() or row // self._page_size in self._pages

    def rows_ready(self, first: int, last: int) -> bool:
        """True when rows ``first`` to ``last`` can be painted without waiting.

        Otherwise their pages are asked of the reader (nothing is waited for here): each
        page's arrival updates its rows (:attr:`dataChanged`).
        """
        if not self._pages_apart() or self._count is None:
            return True
        last = min(last, self._count - 1)
        missing = [
            page
            for page in range(max(0, first) // self._page_size, last // self._page_size + 1)
            if page not in self._pages
        ]
        unasked = [page for page in missing if page not in self._asked]
        if unasked and self._remote is not None and self._reader is not None:
            # one question for the pages the rows in view straddle: a jump read two pages one
            # after the other (two reads from the anchors, two trips to the reading thread)
            ticket = self._ask_for(self._reader, self._remote, unasked[0], len(unasked))
            self._asked.update(dict.fromkeys(unasked, ticket))
            self._reader.wait(ticket, 0)
            self._asked_waited.difference_update(unasked)  # their arrival updates the rows
        elif unasked:
            for page in unasked:
                self._ask_page(page, 0)
        return not any(page not in self._pages for page in missing)

    def item_id(self, row: int) -> str | None:
        """The id of the object on ``row``, None outside the rows."""
        found = self.item(row)
        return None if found is None else self._id_of(found)

    # Qt overrides

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """The cached count of the listing."""
        if parent.isValid():
            return 0
        if self._count is None:
            if self._loading is not None:
                return 0  # the count comes with the rows
            self._count = self._load_count()
        return self._count

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, id or the whole object of one cell.

        A row's texts are formatted once, the first time it is shown, and answered from
        there at every paint; the roles a painted cell asks besides (font, colours,
        alignment…) are answered None first of all.
        """
        if role == DISPLAY:
            row = index.row()
            texts = self._pages.texts(row)
            if texts is None:
                texts = self._format(row, QUICK_WAIT)
            at = index.column()
            return texts[at] if texts is not None and 0 <= at < len(texts) else None
        if role == FONT:  # plain text is drawn unshaped (plain_text.py)
            texts = self._pages.texts(index.row())
            at = index.column()
            if texts is not None and 0 <= at < len(texts) and is_plain(texts[at]):
                return unshaped_font()
            return None
        if role not in ROLES or not index.isValid():
            return None
        found = self.item(index.row())
        return None if found is None else self._other_role(found, index.column(), role)

    # paging

    def _reset(self) -> None:
        self.beginResetModel()
        self._count = None
        self._pages.clear()
        self._failed = False
        self.endResetModel()

    def _format(self, row: int, wait: float | None) -> tuple[str, ...] | None:
        if not 0 <= row < self.rowCount():
            return None
        page, offset = divmod(row, self._page_size)
        rows = self._page(page, wait)
        if rows is None or offset >= len(rows):
            return None  # still coming: a blank cell until it is in
        return self._pages.texts(row) or self._pages.keep_texts(row, self._texts_of(rows[offset]))

    # reading on the reader's thread

    def _reads_apart(self) -> bool:
        return self._reader is not None and not self._reader.closed and self._recipe is not None

    def _pages_apart(self) -> bool:
        """Pages come from the reader: it counted the rows shown, or is counting new ones.

        Until then (the rows read here, before the reader took the listing over) they are
        read here too.
        """
        return self._reads_apart() and (self._remote is not None or self._loading is not None)

    def _adopt_when_due(self) -> None:
        if self._adopt_due:
            self._adopt_due = False
            if self._reads_apart() and self._remote is None and self._loading is None:
                self._adopt()

    def _adopt(self) -> None:
        """Let the reader take over the rows shown: same count, same pages, nothing reset."""
        reader, recipe = self._reader, self._recipe
        assert reader is not None and recipe is not None

        def adopted(loaded: Loaded[T]) -> None:
            if self._loading is not None or self._released:
                return  # a newer question is out: its answer shows
            if loaded.count == self._count:
                self._remote = loaded.listing
                self._ahead.start(self._reader, loaded.listing)
                if loaded.count and 0 not in self._pages:
                    self._pages.keep_first(loaded.rows, loaded.texts)
            else:  # the workspace changed meanwhile: show what the reader found
                self._on_loaded(loaded)

        def adopted_or_not(loaded: Loaded[T]) -> None:
            self._adopting = None
            adopted(loaded)

        load = load_job(recipe, self._page_size * self._first_pages, self._texts_of)
        self._adopting = reader.ask(
            self, load, adopted_or_not, self._on_load_error, supersede=False
        )

    def _forget_asked(self) -> None:
        self._adopt_due = False
        self._ahead.stop()
        if self._adopting is not None:
            self._adopting.drop()
            self._adopting = None
        if self._loading is not None:
            self._loading.drop()
            self._loading = None
        for ticket in self._asked.values():
            ticket.drop()
        self._asked.clear()

    def _reload(self, wait: float | None) -> None:
        """Ask the reader for the count and first page; show them when they come."""
        reader, recipe = self._reader, self._recipe
        assert reader is not None and recipe is not None
        self._forget_asked()
        load = load_job(recipe, self._page_size * self._first_pages, self._texts_of)
        ticket = reader.ask(self, load, self._on_loaded, self._on_load_error)
        self._loading = ticket
        reader.wait(ticket, wait)

    def _on_loaded(self, loaded: Loaded[T]) -> None:
        self._loading = None
        self.beginResetModel()
        self._remote = loaded.listing
        self._count = loaded.count
        self._pages.clear()
        self._failed = False
        if loaded.count:
            self._pages.keep_first(loaded.rows, loaded.texts)
        self.endResetModel()
        self._ahead.start(self._reader, loaded.listing)
        self.rows_arrived.emit()

    def _on_load_error(self, error: DomainError) -> None:
        self._loading = None
        self.beginResetModel()
        self._remote = None
        self._count = 0
        self._pages.clear()
        self.endResetModel()
        self._report(error)

    def _ask_page(self, page: int, wait: float | None) -> Sequence[T] | None:
        """The page from the reader: waited for at most ``wait``; None while it is coming."""
        reader = self._reader
        assert reader is not None
        again = wait in (QUICK_WAIT, 0)  # a cell painted again: it waited once
        if self._remote is None and self._loading is not None:
            if not again:  # the load was waited for quickly when it was asked
                reader.wait(self._loading, wait)  # the rows of a listing come with its count
            rows = self._pages.page(page)
            if rows is not None or self._remote is None:
                return rows
        remote = self._remote
        if remote is None:  # its count failed: nothing to read pages of
            return ()
        ticket = self._asked.get(page)
        if ticket is None:
            ticket = self._ask_for(reader, remote, page)
            self._asked[page] = ticket
            reader.wait(ticket, wait)
            self._asked_waited.discard(page)  # from now on it arrives from the event loop
        elif not again:  # each cell of a page still coming would wait once more
            reader.wait(ticket, wait)
        return self._pages.page(page)

    def _ask_for(
        self, reader: BackgroundReader, remote: Listing[T], page: int, pages: int = 1
    ) -> Ticket[Page[T]]:
        """Ask for ``pages`` pages from ``page`` on (consecutive: one read, one answer)."""
        size = self._page_size
        asked = range(page, page + pages)

        def arrived(answer: Page[T]) -> None:
            rows, first = answer.rows, page * size
            for at, each in enumerate(asked):
                self._asked.pop(each, None)
                part = slice(at * size, (at + 1) * size)
                self._pages.keep(each, rows[part], answer.texts[part])
            if any(each in self._asked_waited for each in asked):
                # inside the data() that asked: said after it
                self._asked_waited.difference_update(asked)
                QTimer.singleShot(0, self, self.rows_arrived.emit)
            elif rows:
                last = self.index(first + len(rows) - 1, len(self._columns) - 1)
                self.dataChanged.emit(self.index(first, 0), last)
                self.rows_arrived.emit()

        def failed(error: DomainError) -> None:
            for each in asked:
                self._asked.pop(each, None)
                self._pages.keep(each, ())
            self._report(error)

        self._asked_waited.update(asked)
        fetch = page_job(remote, page, size, self._texts_of, pages)
        return reader.ask((self, page), fetch, arrived, failed, supersede=False)

    def _load_count(self) -> int:
        try:
            return self._listing.count()
        except DomainError as error:
            self._report(error)
            return 0

    def _page(self, page: int, wait: float | None) -> Sequence[T] | None:
        """The rows of ``page``; None while the reader has not sent them (after ``wait``)."""
        rows = self._pages.page(page)
        if rows is not None:
            return rows
        if self._pages_apart():
            return self._ask_page(page, wait)
        try:
            rows = self._listing.fetch(page * self._page_size, self._page_size)
        except DomainError as error:
            self._report(error)
            rows = ()
        self._pages.keep(page, rows)
        return rows
