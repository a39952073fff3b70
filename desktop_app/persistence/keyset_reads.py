"""A repository whose long lists read their far pages from keyset anchors (:mod:`keyset`).

Its lists name two statements: one sort key at an OFFSET (after a key, or from either end),
and a page's ids after a key. The keys are read ahead on the caller's thread, a short step at
a time; a page is read from them only while the workspace is as it was when they were read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from peewee import Select, fn

from desktop_app.persistence import keyset
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.keyset import After, Key
from desktop_app.persistence.prepared import Prepared
from desktop_app.persistence.repository_base import Repository
from desktop_app.services.listing import Anchors

KeyStatement = Callable[[After, bool], Prepared]
"""One sort key after a key (``After``), read the list's way or backwards (True); its
parameters: the list's, the key's (one a sort field, unless ``After.START``), the OFFSET."""
PageStatement = Callable[[After], Prepared]
"""A page's ids after a key: the list's parameters, the key's, LIMIT and OFFSET."""


def _server_mark() -> Select:
    """The server's next transaction id: it moves on with every write committed (or begun)."""
    return Select(columns=[fn.pg_snapshot_xmax(fn.pg_current_snapshot())])


class KeysetRepository(Repository):
    """A repository with :meth:`_keys_ahead` and :meth:`_keyed_ids`."""

    def _write_mark(self) -> Any:
        """What changes whenever the workspace is written, by this connection or another."""
        if is_postgres(self._db):
            return self._scalar(self._prepare(_server_mark, "write mark"))
        # data_version: another connection committed; total_changes: this one wrote
        return (self._db.pragma("data_version"), self._db.connection().total_changes)

    def _keys_ahead(
        self, anchors: Anchors, total: int, statement: KeyStatement, params: Sequence[Any]
    ) -> bool:
        """Read the list's keys ahead for one short step; True while more are to be read."""

        def next_key(last: Key | None, rows: int) -> Key | None:
            values = [*params, *(last or ()), rows - 1]
            row = self._one(statement(After.of(last), False), values)
            return None if row is None else tuple(row)

        def key_at(position: int) -> Key | None:
            backwards = position >= total - position
            skip = total - 1 - position if backwards else position
            row = self._one(statement(After.START, backwards), [*params, skip])
            return None if row is None else tuple(row)

        return keyset.read_ahead(anchors, total, self._write_mark(), next_key, key_at)

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
