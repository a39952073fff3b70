"""What every repository shares: the connection, rows a bulk write holds back, SQL helpers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

from desktop_app.domain.errors import StorageError
from desktop_app.domain.text import SEARCH_WORD_LENGTH_MAX, SEARCH_WORDS_MAX, fold_for_search
from desktop_app.persistence.connection import Database
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS, is_damaged, is_io_error


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(search: str) -> list[str]:
    """The folded words of a search box text; every word must match.

    The first :data:`SEARCH_WORDS_MAX` different words, each cut to
    :data:`SEARCH_WORD_LENGTH_MAX` characters: one condition a word, SQLite refuses about a
    thousand of them ("Expression tree is too large") and a pattern over 50,000 characters.
    """
    words = dict.fromkeys(w[:SEARCH_WORD_LENGTH_MAX] for w in fold_for_search(search).split())
    return list(words)[:SEARCH_WORDS_MAX]


DESCENDING_SEEK_COST: Final = 1.75
"""A row skipped walking an index backwards within an equality (``type = ?``), against one
skipped forwards: 33–35 ms against 19 ms for half a million customers. Without the equality
both ways cost the same."""


def page_window(
    offset: int, limit: int, total: int | None, *, descending: bool = False, prefixed: bool = False
) -> tuple[int, int, bool]:
    """Where a page is read: ``(offset, limit, backwards)``.

    A page in the far half of ``total`` rows is read from the end, in the opposite order (an
    OFFSET costs what it skips), and then turned round by the caller. ``descending`` is the
    order asked for; when the index is searched with an equality first (``prefixed``), going
    backwards costs more a row, and the cheaper way round is taken.
    """
    if total is None:
        return offset, limit, False
    ahead, behind = float(offset), float(max(0, total - offset - limit))
    if prefixed:
        if descending:
            ahead *= DESCENDING_SEEK_COST  # read as asked: backwards through the index
        else:
            behind *= DESCENDING_SEEK_COST
    if behind >= ahead:
        return offset, limit, False
    limit = max(0, min(limit, total - offset))
    return max(0, total - offset - limit), limit, True


@contextmanager
def read_errors() -> Iterator[None]:
    """A damaged page or a failing disk met while reading becomes a :class:`StorageError`.

    Views show a StorageError once, as a message; a raw ``sqlite3`` error would reach the
    error hook from every cell of a table that reads the damaged page.
    """
    try:
        yield
    except DATABASE_ERRORS as exc:
        if is_damaged(exc):
            raise StorageError(
                f"Part of the workspace file cannot be read: it is damaged ({exc}). Restore it "
                "from a backup (File → Restore…); nothing was changed."
            ) from exc
        if is_io_error(exc):
            raise StorageError(
                f"The workspace file cannot be read: the system reported an input/output error "
                f"({exc}). Check the disk it is on."
            ) from exc
        raise


class Repository:
    """A connection, the rows a bulk write holds back, and ways to run SQL over them."""

    def __init__(self, db: Database, pending: PendingRows | None = None) -> None:
        self._db = db
        self._pending = pending if pending is not None else PendingRows()

    def _run(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement, after the rows a bulk write still holds.

        On the ``sqlite3`` connection itself: any wrapper costs microseconds a call.
        """
        connection: sqlite3.Connection = self._db.connection()
        if self._pending:
            self._pending.flush(connection)
        values = params if isinstance(params, dict) else tuple(params)
        return connection.execute(sql, values)

    def _peek(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """One row of a look-up whose answer rows held by a bulk write cannot change."""
        connection: sqlite3.Connection = self._db.connection()
        with read_errors():
            row: tuple[Any, ...] | None = connection.execute(sql, tuple(params)).fetchone()
        return row

    def _peek_all(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """:meth:`_peek` for every row of the look-up."""
        connection: sqlite3.Connection = self._db.connection()
        with read_errors():
            return list(connection.execute(sql, tuple(params)).fetchall())

    def _page_ids(
        self, select: str, params: Sequence[Any], window: tuple[int, int, bool]
    ) -> list[str]:
        """The ids ``select`` (id first, ordered for :func:`page_window`) gives in ``window``.

        Returned in the page's own order: a page read from the end is turned round.
        """
        offset, limit, backwards = window
        rows = self._all(f"{select} LIMIT ? OFFSET ?", [*params, limit, offset])
        ids = [str(r[0]) for r in rows]
        if backwards:
            ids.reverse()
        return ids

    def _rows_by_id(self, select: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
        """The rows of ``select … WHERE x.id IN ({marks})`` (id first) in the order of ``ids``."""
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        found = {r[0]: r for r in self._all(select.format(marks=marks), ids)}
        return [found[i] for i in ids if i in found]

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with read_errors():
            return list(self._run(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with read_errors():
            row: tuple[Any, ...] | None = self._run(sql, params).fetchone()
        return row

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._one(sql, params)
        return None if row is None else row[0]
