"""Triggers set aside for a bulk load and put back (with what catches up) at its end."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peewee import Database as PeeweeDatabase


def named(statements: Iterable[str]) -> dict[str, str]:
    """``CREATE TRIGGER name …`` statements by their trigger's name, in their order."""
    return {statement.split()[2]: statement for statement in statements}


@contextmanager
def suspended(db: PeeweeDatabase, names: Iterable[str], then: Iterable[str]) -> Iterator[None]:
    """Drop the triggers ``names``; at the end run ``then`` (the triggers again, a refill).

    Runs inside the caller's transaction, so a failure leaves the triggers and what they
    keep as they were.
    """
    for name in names:
        db.execute_sql(f"DROP TRIGGER {name}")
    yield
    for statement in then:
        db.execute_sql(statement)
