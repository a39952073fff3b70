"""Compiled statements: a peewee query turned into SQL once, its parameters left open as slots.

Apart from the repositories' base because the bulk writers' row INSERTs use the same slots:
kept here, below both, so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import Node, Value

from desktop_app.persistence.connection import Database


class _Slot:
    """Where the ``index``-th value given to a :class:`Prepared` statement goes."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def slot(index: int) -> Value:
    """Parameter ``index`` of a prepared statement: a value as stored, no field conversion."""
    return Value(_Slot(index), converter=False)


@dataclass(frozen=True)
class Prepared:
    """A peewee query compiled for one database: its SQL and where its parameters go."""

    sql: str
    template: tuple[Any, ...]
    """Each parameter of the SQL: a :class:`_Slot`, or a constant of the query."""
    direct: bool
    """The parameters are exactly the values given, in order (nothing to rearrange)."""
    reads: bool = False
    """A plain ``SELECT``: it changes nothing."""

    @classmethod
    def of(cls, db: Database, query: Node) -> Prepared:
        """Compile ``query`` with ``db``'s dialect."""
        sql, params = db.get_sql_context().sql(query).query()
        template = tuple(params)
        direct = all(isinstance(p, _Slot) and p.index == i for i, p in enumerate(template))
        reads = sql.startswith("SELECT ") and " FOR UPDATE" not in sql
        return cls(sql, template, direct, reads)

    def values(self, args: Sequence[Any]) -> tuple[Any, ...]:
        """The SQL's parameters for the values ``args``."""
        if self.direct:
            return tuple(args)
        return tuple(args[p.index] if isinstance(p, _Slot) else p for p in self.template)
