"""Schema version 12: the requests of each vendor and status are tallied (``vendor_requests``).

A vendor's Requests tab counted its list from an index each time a filter changed (123,261
requests of one vendor: 6 ms; one status of them 2-5 ms); the Overview's tally table now
keeps those counts too, kept by the requests' triggers (overview_tallies.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.persistence import overview_tallies, triggers
from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database


def apply(db: Database) -> None:
    """Replace the requests' triggers (or their function) and count each vendor's once."""
    if is_postgres(db):
        statements: tuple[str, ...] = (overview_tallies.POSTGRES_REQUEST_FUNCTION,)
    else:
        replaced = triggers.named(overview_tallies.REQUEST_TRIGGER_STATEMENTS)
        statements = (
            *(f"DROP TRIGGER IF EXISTS {name}" for name in replaced),
            *replaced.values(),
        )
    for statement in (*statements, *overview_tallies.VENDOR_RECOUNT):
        db.execute_sql(statement)
