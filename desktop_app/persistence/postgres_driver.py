"""psycopg, loaded when a team workspace is first opened, and handed to peewee then.

See the package's docstring: peewee was imported without it, so it learns of it here (the
names its PostgreSQL support reads: the module, its transaction states, its JSON adapters).
"""

from __future__ import annotations

import peewee


def load() -> None:
    """Import psycopg (once) and make peewee's PostgreSQL support use it."""
    if getattr(peewee, "psycopg", None) is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.TransactionStatus = TransactionStatus  # type: ignore[attr-defined]
    peewee.Json_pg3 = Json  # type: ignore[attr-defined]
    peewee.Jsonb_pg3 = Jsonb  # type: ignore[attr-defined]
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.psycopg = psycopg  # type: ignore[attr-defined]  # last: now the driver is there
