"""Counts what a workspace's database sends: each execute, executemany and COPY of its cursors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final


@dataclass
class Sent:
    """The statements sent while counting, as (how, SQL): ``execute``, ``executemany``, ``copy``."""

    statements: list[tuple[str, str]] = field(default_factory=list)

    def count(self, how: str, starting: str = "") -> int:
        """Statements sent by ``how`` whose SQL starts with ``starting`` (case ignored)."""
        prefix = starting.upper()
        return sum(
            1 for h, sql in self.statements if h == how and sql.lstrip().upper().startswith(prefix)
        )

    def writes_to(self, table: str) -> int:
        """INSERTs (of one row or many) and COPYs into ``table``, however they were sent."""
        return sum(1 for _how, sql in self.statements if _written_table(sql) == table)


_WRITE: Final = re.compile(r'\s*(?:INSERT\s+INTO|COPY)\s+"?(\w+)"?', re.IGNORECASE)


def _written_table(sql: str) -> str | None:
    found = _WRITE.match(sql)
    return found.group(1) if found else None


class _Cursor:
    """A DB-API cursor that notes each statement before running it."""

    def __init__(self, cursor: Any, sent: Sent) -> None:
        self._cursor = cursor
        self._sent = sent

    def execute(self, sql: Any, *args: Any, **kwargs: Any) -> Any:
        self._sent.statements.append(("execute", str(sql)))
        self._cursor.execute(sql, *args, **kwargs)
        return self

    def executemany(self, sql: Any, *args: Any, **kwargs: Any) -> Any:
        self._sent.statements.append(("executemany", str(sql)))
        return self._cursor.executemany(sql, *args, **kwargs)

    def copy(self, sql: Any, *args: Any, **kwargs: Any) -> Any:
        self._sent.statements.append(("copy", str(sql)))
        return self._cursor.copy(sql, *args, **kwargs)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class _Connection:
    """A DB-API connection whose cursors note their statements."""

    def __init__(self, connection: Any, sent: Sent) -> None:
        self._connection = connection
        self._sent = sent

    def cursor(self, *args: Any, **kwargs: Any) -> _Cursor:
        return _Cursor(self._connection.cursor(*args, **kwargs), self._sent)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


@contextmanager
def counting(db: Any) -> Iterator[Sent]:
    """Every statement ``db`` (a workspace's peewee database) sends inside the block.

    Both ways to a cursor are watched: the database's ``cursor()`` (its statements) and its
    ``connection()`` (what a bulk write sends on the connection itself).
    """
    sent = Sent()
    cursor, connection = db.cursor, db.connection

    def counted_cursor(*args: Any, **kwargs: Any) -> _Cursor:
        made = cursor(*args, **kwargs)  # on a file, through connection() below: noted already
        return made if isinstance(made, _Cursor) else _Cursor(made, sent)

    db.cursor = counted_cursor
    db.connection = lambda: _Connection(connection(), sent)
    try:
        yield sent
    finally:
        del db.cursor, db.connection
