"""Keyset anchors of a long sorted list: read ahead once, then any page from the key before it.

An OFFSET costs what it skips: the middle of a million accounts is half a million index entries
(17-50 ms on SQLite, 60-100 ms on PostgreSQL). Read ahead, the sort key (the order's values,
the id last) of every ``step``-th row lets a page at any offset be read as ``WHERE (key…, id) >
anchor ORDER BY key…, id LIMIT page OFFSET k`` with ``k`` under one step. Where a key of the
list is NULL (a direct reseller's parent) the rows after it are its NULLs with a greater id:
a page that would cross from one side to the other comes back short, and is read again with a
plain OFFSET (never a wrong row). The keys hold for one count of one state of the workspace
(the store's write mark): once either differs they are dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, Final, TypeVar

from peewee import Select, Tuple

from desktop_app.persistence.prepared import slot
from desktop_app.services.listing import Anchors, Waiting, nobody_waits

ROWS_MIN: Final = 20_000
"""Below this many rows no key is read: a plain OFFSET skips at most half of them (~1 ms)."""
STEP_MIN: Final = 2_000
KEYS_MAX: Final = 128
"""A list's keys: one every ``max(STEP_MIN, rows / KEYS_MAX)`` rows (a million: ~8,400 rows
skipped at most, 0.3-0.7 ms on SQLite, 1-3 ms on a server). Each key is one statement: the
reading thread's Python between them holds the GIL the window's paint needs (with 512 keys a
server's read-ahead made a jump's paint wait hundreds of milliseconds)."""
STEP_SECONDS: Final = 0.008
"""How long one step of reading ahead reads keys (a page asked meanwhile waits at most that)."""

Key = tuple[Any, ...]
Q = TypeVar("Q", bound=Select)


class After(Enum):
    """Where the rows of a page start."""

    START = "start"
    """At the first row (no key before them)."""
    KEY = "key"
    """After a key whose values are all set."""
    NULL = "null"
    """After a key whose first value is NULL: the NULLs with a greater id (or a smaller one)."""

    @classmethod
    def of(cls, key: Key | None) -> After:
        """How the rows after ``key`` are asked for."""
        if key is None:
            return cls.START
        return cls.NULL if key[0] is None else cls.KEY


def after(fields: Sequence[Any], descending: bool, kind: After, at: int) -> list[Any]:
    """The conditions of the rows after a key given in slots ``at`` on, one a field.

    ``fields`` are the list's order (the id last), all ascending or all descending.
    """
    if kind is After.START:
        return []
    slots = [slot(at + i) for i in range(len(fields))]
    if kind is After.NULL:  # the first slot is left unused: a key always takes one a field
        return [fields[0].is_null(), _beyond(fields[1:], slots[1:], descending)]
    return [_beyond(fields, slots, descending)]


def page_after(
    query: Q,
    fields: Sequence[Any],
    ordering: Sequence[Any],
    descending: bool,
    start: After,
    at: int,
) -> Q:
    """A page of ``query`` in ``ordering`` after a key in slots ``at`` on; then LIMIT, OFFSET.

    ``start`` says whether a key is given; ``fields`` are the key's (the order's, the id last).
    """
    keys = 0 if start is After.START else len(fields)
    return (
        _rows_after(query, fields, descending, start, at)
        .order_by(*ordering)
        .limit(slot(at + keys))
        .offset(slot(at + keys + 1))
    )


def key_after(
    query: Q,
    fields: Sequence[Any],
    ordering: Sequence[Any],
    descending: bool,
    start: After,
    at: int,
) -> Q:
    """The one row of ``query`` an OFFSET after a key in slots ``at`` on; then that OFFSET."""
    keys = 0 if start is After.START else len(fields)
    return (
        _rows_after(query, fields, descending, start, at)
        .order_by(*ordering)
        .limit(1)
        .offset(slot(at + keys))
    )


def _rows_after(query: Q, fields: Sequence[Any], descending: bool, start: After, at: int) -> Q:
    conditions = after(fields, descending, start, at)
    return query.where(*conditions) if conditions else query


def _beyond(fields: Sequence[Any], slots: Sequence[Any], descending: bool) -> Any:
    if len(fields) == 1:
        return fields[0] < slots[0] if descending else fields[0] > slots[0]
    left, right = Tuple(*fields), Tuple(*slots)  # a row value: one range in the sort index
    return left < right if descending else left > right


def usable(anchors: Anchors | None, total: int | None) -> bool:
    """True when ``anchors`` hold keys read for ``total`` rows (the mark still to be checked)."""
    return anchors is not None and bool(anchors.keys) and anchors.total == total


def nearest(anchors: Anchors, offset: int, skipped: int) -> tuple[Key, int] | None:
    """The key to read the page at ``offset`` from and the rows to skip after it.

    None when no key lies before it nearer than the ``skipped`` rows a plain read skips.
    """
    start, key = anchors.before(offset)
    if key is None or offset - start >= skipped:
        return None
    return key, offset - start


NextKey = Callable[[Key | None, int], Key | None]
"""The key ``n`` rows after a key (``n - 1`` skipped; None: the first row), None past the end."""
KeyAt = Callable[[int], Key | None]
"""The key of the row at a position, read with a plain OFFSET (from the nearer end)."""


def read_ahead(
    anchors: Anchors,
    total: int,
    mark: Any,
    next_key: NextKey,
    key_at: KeyAt,
    waiting: Waiting = nobody_waits,
) -> bool:
    """Read keys for about :data:`STEP_SECONDS`, or one once ``waiting()``; True while more remain.

    Keys read for another count or another state of the workspace are dropped first.
    """
    if anchors.total != total or anchors.mark != mark:
        anchors.clear()
        anchors.total, anchors.mark = total, mark
        anchors.step = max(STEP_MIN, -(-total // KEYS_MAX))
        anchors.done = total < ROWS_MIN
    deadline = time.perf_counter() + STEP_SECONDS
    while not anchors.done:  # one key at least, then while the step lasts
        position = (len(anchors.keys) + 1) * anchors.step - 1
        if position >= total:
            anchors.done = True
            break
        last = anchors.keys[-1] if anchors.keys else None
        key = next_key(last, anchors.step)
        if key is None and last is not None:
            # NULLs end (or start) between the two: the rows after a key stay on its side
            key = key_at(position)
        if key is None:  # fewer rows than counted: the workspace changed meanwhile
            anchors.done = True
            break
        anchors.keys.append(key)
        if time.perf_counter() >= deadline or waiting():
            break
    return not anchors.done
