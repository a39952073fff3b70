"""A search's reads kept while nothing is written: its matches, and the lines of its pages.

Counting a search and reading its page each asked the search index: a term of several words
("m.thomas", an account id) costs the index 1-2 ms a time at a million accounts, as its
common words ("m", "ta") have long lists. When a search alone matches few accounts, its
count now reads their rowids, and the page that follows, while nothing was written, is read
from them (``json_each``) instead of asking the index again. A server keeps asking its index.

As a search is typed, each keystroke mostly shows the rows the one before showed ("consul",
"consult"… the same 678 accounts): a searched page's lines (the row, its parent's name,
its hub's) are kept, and only the lines not seen since the last write are read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Final

from peewee import Node

from desktop_app.domain.enums import AccountType
from desktop_app.persistence import search_index
from desktop_app.persistence.directory_statements import Search, Searcher, Shape
from desktop_app.persistence.fields import from_db_time
from desktop_app.persistence.keyset_reads import KeysetRepository
from desktop_app.persistence.prepared import Prepared, slot
from desktop_app.services.queries import DirectoryRow

MATCHES_MAX: Final = 4096
"""Matches a count reads and keeps for its page; a search matching more is counted in the
index (its page walks a sort index rather than sorting the matches)."""
LETTERS_MIN: Final = 3
"""Letters and digits a search needs before its matches are read: one or two match thousands
(more than :data:`MATCHES_MAX`: reading them first would only add to counting them)."""
SEARCHES_KEPT: Final = 8
"""Searches whose matches are kept, the most recently counted."""
LINES_KEPT: Final = 4096
"""Lines of searched pages kept (about 4 MB); all are dropped when there are more."""
_GIVEN: Final = {Search.SET: Search.GIVEN, Search.WALK_SET: Search.WALK_GIVEN}
"""The way of reading a page from kept matches, by the way of reading it from the index."""
_ACCOUNT_TYPES: Final = {t.value: t for t in AccountType}
"""Each type by its stored value (a look-up is a third of calling the enum)."""


class KeptMatches(KeysetRepository):
    """A search's matches and its pages' lines, kept until the workspace is written."""

    _searcher: Searcher
    _read_lines: Callable[[int], Node]
    """:func:`~directory_statements.lines_query` for the workspace's searcher."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._matches: OrderedDict[str, tuple[Any, str]] = OrderedDict()
        """Matches by the search's index query: the write mark, the rowids as a JSON list."""
        self._lines: dict[str, DirectoryRow] = {}
        """Lines of searched pages by line key, as they were at :attr:`_lines_mark`."""
        self._lines_mark: Any = None

    def _count_matches(self, params: list[Any], count: Prepared) -> int:
        """How many accounts a search alone (its ``params``) matches; ``count`` counts them.

        On a file, up to :data:`MATCHES_MAX` matches are read and kept instead, unless the
        search has fewer than :data:`LETTERS_MIN` letters and digits (it matches a large share).
        """
        if self._searcher is not search_index or len(params) != 1 or not _worth_keeping(params):
            return int(self._scalar(count, params))
        mark = self._write_mark()  # read first: a write meanwhile makes the next one differ
        statement = self._prepare(
            lambda: search_index.matched_rows([slot(0)], MATCHES_MAX + 1), "matched rows"
        )
        row = self._one(statement, params)
        found, rows = (int(row[0]), str(row[1])) if row is not None else (0, "[]")
        if found > MATCHES_MAX:
            return int(self._scalar(count, params))
        self._matches.pop(params[0], None)
        self._matches[params[0]] = (mark, rows)
        while len(self._matches) > SEARCHES_KEPT:
            self._matches.popitem(last=False)
        return found

    def _given_matches(self, shape: Shape, params: list[Any]) -> tuple[Shape, list[Any]]:
        """``shape`` reading the matches kept when it was counted, if they still hold.

        Only for a search alone whose matches are collected (:attr:`Search.SET` and
        :attr:`Search.WALK_SET`); the others are given back as they are.
        """
        given = _GIVEN.get(shape.search)
        if given is None or shape != Shape(False, False, False, shape.search, 1):
            return shape, params
        kept = self._matches.get(params[0])
        if kept is None or kept[0] != self._write_mark():
            return shape, params
        return shape._replace(search=given), [kept[1]]

    def _directory_lines(self, keys: Sequence[str], *, kept: bool) -> list[DirectoryRow]:
        """The lines of a page's line keys, in their order; ``kept``: a searched page's.

        A searched page's lines read since the last write are not read again.
        """
        if not kept:
            return [_line(r) for r in self._rows_by_id(self._read_lines, keys)]
        mark = self._write_mark()
        if mark != self._lines_mark or len(self._lines) > LINES_KEPT:
            self._lines.clear()
            self._lines_mark = mark
        lines = self._lines
        missing = [k for k in keys if k not in lines]
        if missing:
            lines.update((str(r[0]), _line(r)) for r in self._rows_by_id(self._read_lines, missing))
        return [lines[k] for k in keys if k in lines]

    def forget_anchors(self) -> None:
        """Keep no anchors, count, matches or lines: the next listings read theirs again."""
        super().forget_anchors()
        self._matches.clear()
        self._lines.clear()


def _worth_keeping(params: list[Any]) -> bool:
    """Whether the search (its index query) has :data:`LETTERS_MIN` letters and digits."""
    return sum(c.isalnum() for c in str(params[0])) >= LETTERS_MIN


def _line(r: Sequence[Any]) -> DirectoryRow:
    """A line from :func:`~directory_statements.lines_query`'s row (its key first)."""
    return DirectoryRow(
        id=r[1],
        name=r[2],
        type=_ACCOUNT_TYPES[r[3]],
        parent_id=r[4],
        parent_name=r[5],
        external_id=r[6],
        country=r[7],
        city=r[8],
        hub_id=r[9],
        hub_name=r[10] or r[9],
        created_at=from_db_time(r[11]),
    )
