"""Schema version 10: the Overview's tallies (overview_tallies.py) and the indexes its filters read.

Counted once here (a scan of the accounts and requests), then kept by triggers; the
Directory's new filters read a live index of edited accounts and one of deleted accounts, the
oldest pending request of a product a partial index of the pending ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.persistence import overview_tallies
from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database


def apply(db: Database) -> None:
    """Create the table, its triggers and the indexes, counting each figure once."""
    postgres = is_postgres(db)
    statements = overview_tallies.POSTGRES_STATEMENTS if postgres else overview_tallies.STATEMENTS
    for statement in statements:
        db.execute_sql(statement)
