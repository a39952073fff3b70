"""A repository whose long lists read their far pages from keyset anchors (:mod:`keyset`).

Its lists name two statements: one sort key at an OFFSET (after a key, or from either end),
and a page's ids after a key. The keys are read ahead on the caller's thread, a short step at
a time; a page is read from them only while the workspace is as it was when they were read.
The lists' counts are kept the same way: a list sorted anew, or a search typed again, is not
counted again while the workspace is unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Final

from peewee import Select, Table

from desktop_app.persistence import keyset
from desktop_app.persistence.connection import Database
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.keyset import After, Key
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.prepared import Prepared
from desktop_app.persistence.repository_base import Repository
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS
from desktop_app.services.listing import Anchors, Waiting, nobody_waits

KeyStatement = Callable[[After, bool], Prepared]
"""One sort key after a key (``After``), read the list's way or backwards (True); its
parameters: the list's, the key's (one a sort field, unless ``After.START``), the OFFSET."""
PageStatement = Callable[[After], Prepared]
"""A page's ids after a key: the list's parameters, the key's, LIMIT and OFFSET."""


def _server_mark() -> Select:
    """The workspace's change counter (schema 6): every committed write to it moves it on.

    It counts this database's writes only. The server's transaction ids, the mark before, also
    moved with other databases' writes and with the server's own ANALYZE, which dropped keys
    still good (and made a test flaky).
    """
    counter = Table("change_counter")
    return counter.select(counter.c.value)


ANCHORS_KEPT: Final = 64
"""Lists whose anchors a repository keeps (each at most :data:`keyset.KEYS_MAX` keys)."""
PROGRESS_STEPS: Final = 2_000
"""SQLite's virtual machine steps between two looks at whether a question waits (~20 µs)."""
COUNTS_KEPT: Final = 256
"""Counts a repository keeps, the most recently asked."""


class KeysetRepository(Repository):
    """A repository with :meth:`_keys_ahead` and :meth:`_keyed_ids`.

    It keeps the anchors of the last lists it was asked for, by question: a sort or a filter
    shown again (the same question, a new listing) finds its keys read already, as long as
    the workspace was not written since.
    """

    def __init__(self, db: Database, pending: PendingRows | None = None) -> None:
        super().__init__(db, pending)
        self._anchors: OrderedDict[Hashable, Anchors] = OrderedDict()
        self._counts: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        """Counts by question, each with the workspace's write mark when it was counted."""

    def forget_anchors(self) -> None:
        """Keep no list's anchors or count: the next listings read theirs again (a benchmark)."""
        self._anchors.clear()
        self._counts.clear()

    def _kept_count(self, question: Hashable, count: Callable[[], int]) -> int:
        """``count()``, or what it gave for the same question while nothing was written since.

        A header click sorts the rows it has counted (at 344,455 requests a vendor's were
        counted again in 4-6 ms a click); a search typed again was counted a moment ago.
        """
        mark = self._write_mark()  # read first: a write meanwhile makes the next one differ
        kept = self._counts.pop(question, None)
        value = kept[1] if kept is not None and kept[0] == mark else count()
        self._counts[question] = (mark, value)
        while len(self._counts) > COUNTS_KEPT:
            self._counts.popitem(last=False)
        return value

    def _kept_anchors(self, question: Hashable) -> Anchors:
        """The anchors of ``question``'s list (its filters and order), kept between listings."""
        anchors = self._anchors.pop(question, None) or Anchors()
        self._anchors[question] = anchors
        while len(self._anchors) > ANCHORS_KEPT:
            self._anchors.popitem(last=False)
        return anchors

    def _write_mark(self) -> Any:
        """What changes whenever the workspace is written, by this connection or another."""
        if is_postgres(self._db):
            return self._scalar(self._prepare(_server_mark, "write mark"))
        # data_version: another connection committed; total_changes: this one wrote
        return (self._db.pragma("data_version"), self._db.connection().total_changes)

    def _keys_ahead(
        self,
        anchors: Anchors,
        total: int,
        statement: KeyStatement,
        params: Sequence[Any],
        waiting: Waiting = nobody_waits,
    ) -> bool:
        """Read the list's keys ahead for one short step; True while more are to be read.

        The step ends once ``waiting()``: on a server after the key being read, on a file
        inside its statement (SQLite's progress handler), so that the page asked meanwhile
        waits for no key (a Requests sort that checks the vendor row by row read one in
        7-67 ms at 344,455 requests). The key left unread is read at the next step.
        """

        def next_key(last: Key | None, rows: int) -> Key | None:
            values = [*params, *(last or ()), rows - 1]
            row = self._one(statement(After.of(last), False), values)
            return None if row is None else tuple(row)

        def key_at(position: int) -> Key | None:
            backwards = position >= total - position
            skip = total - 1 - position if backwards else position
            row = self._one(statement(After.START, backwards), [*params, skip])
            return None if row is None else tuple(row)

        mark = self._write_mark()
        if is_postgres(self._db):
            return keyset.read_ahead(anchors, total, mark, next_key, key_at, waiting)
        stopped: list[bool] = []

        def stop_when_waited_for() -> int:
            if waiting():
                stopped.append(True)
                return 1  # SQLite ends the statement: "interrupted"
            return 0

        connection = self._db.connection()
        connection.set_progress_handler(stop_when_waited_for, PROGRESS_STEPS)
        try:
            return keyset.read_ahead(anchors, total, mark, next_key, key_at, waiting)
        except DATABASE_ERRORS:
            if not stopped:
                raise
            return True
        finally:
            connection.set_progress_handler(None, 0)

    def _keyed_ids(
        self,
        anchors: Anchors | None,
        total: int | None,
        window: tuple[int, int],
        skipped: int,
        statement: PageStatement,
        params: Sequence[Any],
    ) -> list[str] | None:
        """The ids of the page ``window`` (offset, limit) read after the nearest key.

        None when no key read ahead serves it better than a plain read skipping ``skipped``
        rows, when the workspace changed since (the keys are dropped), or when the rows after
        the key end before the page does (NULLs on the other side): read it plainly then.
        """
        if anchors is None or total is None or not keyset.usable(anchors, total):
            return None
        offset, limit = window
        found = keyset.nearest(anchors, offset, skipped)
        if found is None:
            return None
        if anchors.mark != self._write_mark():
            anchors.clear()
            return None
        key, skip = found
        rows = self._all(statement(After.of(key)), [*params, *key, limit, skip])
        if len(rows) != min(limit, total - offset):
            return None
        return [str(r[0]) for r in rows]
