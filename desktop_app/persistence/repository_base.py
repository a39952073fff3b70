"""What every repository shares: the database, rows a bulk write holds back, query helpers.

Repositories build their statements with peewee's query API on the unbound models and run
them through the workspace's peewee database (two workspaces may be open in one process). A
statement is compiled once per repository (:class:`Prepared`, its parameters left open with
:func:`slot`): compiling a peewee query costs 100–300 µs, running the compiled SQL ~8 µs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any, Final

from peewee import Node

from desktop_app.domain.errors import StorageError
from desktop_app.domain.text import SEARCH_WORD_LENGTH_MAX, SEARCH_WORDS_MAX, fold_for_search
from desktop_app.persistence.connection import Database
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.prepared import Prepared
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


PREPARED_MAX: Final = 512
"""Statements a repository keeps compiled; shapes past that (many search words…) are compiled
at each run."""

CHUNK: Final = 500
"""Ids a look-up by many ids sends at once."""

IN_SIZES: Final = (1, 2, 4, 8, 16, 32, 64, 100, 128, 200, 256, CHUNK)
"""The lengths an ``id IN (…)`` list is compiled for: a chunk is padded to the next one, so a
look-up by many ids has a dozen shapes, not five hundred. 100 and 200 are the pages the windows
ask for: a full page goes unpadded."""


def in_size(count: int) -> int:
    """The length of :data:`IN_SIZES` a list of ``count`` ids is padded to."""
    return next(size for size in IN_SIZES if size >= count)


Statement = str | Prepared
"""Raw SQL (what the query builder cannot say, with its reason) or a prepared peewee query."""


class Repository:
    """The database, the rows a bulk write holds back, and ways to run statements over them."""

    def __init__(self, db: Database, pending: PendingRows | None = None) -> None:
        self._db = db
        self._pending = pending if pending is not None else PendingRows()
        self._prepared: dict[Hashable, Prepared] = {}

    def _prepare(self, build: Callable[[], Node], key: Hashable = None) -> Prepared:
        """The query ``build`` makes, compiled on first use (``key`` names its shape)."""
        key = build if key is None else key
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = Prepared.of(self._db, build())
            if len(self._prepared) < PREPARED_MAX:
                self._prepared[key] = prepared
        return prepared

    def _execute(self, statement: Statement, params: Sequence[Any] | dict[str, Any]) -> Any:
        """Run one statement through the peewee database (no flush of held rows).

        A batch a server is still writing goes first, and what it raised is raised here.
        """
        self._pending.settle()
        if isinstance(statement, Prepared) and not isinstance(params, dict):
            return self._db.execute_sql(statement.sql, statement.values(params))
        sql = statement.sql if isinstance(statement, Prepared) else statement
        values = params if isinstance(params, dict) else tuple(params)
        return self._db.execute_sql(sql, values)

    def _run(self, sql: Statement, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement, after the rows a bulk write still holds."""
        if self._pending:
            self._pending.flush(self._db.connection())
        if not (isinstance(sql, Prepared) and sql.reads):
            self._pending.known_uids.clear()  # it may change who holds an external UID
        cursor: sqlite3.Cursor = self._execute(sql, params)
        return cursor

    def _peek(self, sql: Statement, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """One row of a look-up whose answer rows held by a bulk write cannot change."""
        with read_errors():
            row: tuple[Any, ...] | None = self._execute(sql, params).fetchone()
        return row

    def _peek_all(self, sql: Statement, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """:meth:`_peek` for every row of the look-up."""
        with read_errors():
            return list(self._execute(sql, params).fetchall())

    def _in(
        self, build: Callable[[int], Node], ids: Sequence[str]
    ) -> tuple[Prepared, list[str | None]]:
        """``build(size)`` for at most :data:`CHUNK` ids, and the ids padded to that size.

        The last id is repeated (an ``IN`` list matches a row once): a repeated value costs
        SQLite a third of what a NULL does, 0.25 µs against 0.7.
        """
        size = in_size(len(ids))
        filler = ids[-1] if ids else None
        padded: list[str | None] = [*ids, *[filler] * (size - len(ids))]
        return self._prepare(partial(build, size), (build, size)), padded

    def _page_ids(
        self, page: Prepared, params: Sequence[Any], window: tuple[int, int, bool]
    ) -> list[str]:
        """The ids ``page`` gives in ``window`` (see :func:`page_window`).

        ``page`` selects the id first, ordered the way the window reads (backwards or not), and
        takes LIMIT and OFFSET as its last two parameters, after ``params``. Returned in the
        page's own order: a page read from the end is turned round.
        """
        offset, limit, backwards = window
        ids = [str(r[0]) for r in self._all(page, [*params, limit, offset])]
        if backwards:
            ids.reverse()
        return ids

    def _rows_by_id(
        self, build: Callable[[int], Node], ids: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """The rows ``build(size)`` selects for ``ids``, in the order of ``ids``.

        ``build(size)`` selects the id first, for the ids in ``size`` parameters (``id IN
        (…)``); it is compiled for a few sizes only (:data:`IN_SIZES`).
        """
        found: dict[Any, tuple[Any, ...]] = {}
        for start in range(0, len(ids), CHUNK):
            found.update((r[0], r) for r in self._all(*self._in(build, ids[start : start + CHUNK])))
        return [found[i] for i in ids if i in found]

    def _all(self, sql: Statement, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with read_errors():
            return list(self._run(sql, params).fetchall())

    def _one(self, sql: Statement, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with read_errors():
            row: tuple[Any, ...] | None = self._run(sql, params).fetchone()
        return row

    def _scalar(self, sql: Statement, params: Sequence[Any] = ()) -> Any:
        row = self._one(sql, params)
        return None if row is None else row[0]
