"""The import's storage floor: the database storing the same rows, with nothing read or checked.

In a copy of the workspace, the first ``rows`` live accounts are written again as new
accounts (new IDs and external UIDs), each with its first version, by the database itself,
in one transaction, with the workspace's schema: its indexes, tallies and triggers.

- A file: ``INSERT … SELECT`` through plain ``sqlite3``, handling the indexes as an import
  does: the search index catches up once at the end, and the directory's sort indexes are
  dropped and built again when the import would do so.
- A server: ``COPY … FROM STDIN`` of the same rows through plain ``psycopg`` (the rows are
  copied out first, not timed).

Only the writes and the commit are timed. No workbook is read, no row is checked and no
application code runs, so an import can at best come close to this figure.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from desktop_app.persistence.location import Location, ServerAddress
from desktop_app.persistence.sort_indexes import KEPT, worth_rebuilding
from tests.benchmarks.dataset import copy_workspace, remove_workspace, sibling

NEW_ID = "'TZ' || substr(id, 3)"
"""A new account ID in the platform's format, made from the copied one."""


def measure_storage_floor(db: Location, rows: int) -> tuple[float, int]:
    """Seconds to store ``rows`` accounts and their first versions in a copy of ``db``."""
    copy = sibling(db, "floor")
    copy_workspace(db, copy)
    try:
        if isinstance(copy, ServerAddress):
            return _copy_in(copy, rows)
        return _insert_select(copy, rows)
    finally:
        remove_workspace(copy)


def _columns(names: list[str], replaced: dict[str, str], alias: str = "") -> tuple[str, str]:
    """The quoted column list, and the select list that makes them (``alias.`` before each)."""
    quoted = ", ".join(f'"{n}"' for n in names)
    return quoted, ", ".join(replaced.get(n, f'{alias}"{n}"') for n in names)


def _insert_select(path: Any, rows: int) -> tuple[float, int]:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA cache_size = -1048576")  # as an import's bulk write
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(
            "CREATE TEMP TABLE copied AS SELECT rowid AS source FROM tier_account"
            " WHERE decommissioned_at IS NULL ORDER BY created_at, id LIMIT ?",
            (rows,),
        )
        accounts = [str(r[1]) for r in connection.execute("PRAGMA table_info(tier_account)")]
        versions = [
            str(r[1]) for r in connection.execute("PRAGMA table_info(tier_account_version)")
        ]
        names, values = _columns(
            accounts, {"id": NEW_ID, "external_uid": "lower(hex(randomblob(16)))"}
        )
        version_names, version_values = _columns(
            versions, {"account_id": "'TZ' || substr(account_id, 3)"}
        )
        present = int(connection.execute("SELECT max(rowid) FROM tier_account").fetchone()[0])
        rebuild = worth_rebuilding(rows, present)
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        search = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE name = 'tier_account_search_insert'"
        ).fetchall()
        sort = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
            " AND tbl_name = 'tier_account' AND name LIKE 'tier_account_live_%'"
        ).fetchall()
        sort = [(n, s) for n, s in sort if n not in KEPT] if rebuild else []
        for name, _sql in search:
            connection.execute(f'DROP TRIGGER "{name}"')
        for name, _sql in sort:
            connection.execute(f'DROP INDEX "{name}"')
        connection.execute(
            f"INSERT INTO tier_account ({names}) SELECT {values} FROM tier_account"
            " WHERE rowid IN (SELECT source FROM copied) ORDER BY rowid"
        )
        written = connection.execute("SELECT changes()").fetchone()[0]
        connection.execute(
            f"INSERT INTO tier_account_version ({version_names}) SELECT {version_values}"
            " FROM tier_account_version WHERE version = 1 AND account_id IN"
            " (SELECT id FROM tier_account WHERE rowid IN (SELECT source FROM copied))"
        )
        connection.execute(
            "INSERT INTO account_search (rowid, search_text) SELECT rowid, search_text"
            " FROM tier_account WHERE rowid > ? AND decommissioned_at IS NULL",
            (present,),
        )
        connection.execute("PRAGMA threads = 2")
        for _name, sql in [*search, *sort]:
            connection.execute(sql)
        connection.execute("COMMIT")
        return time.perf_counter() - started, int(written)
    finally:
        connection.close()


def _copy_in(address: ServerAddress, rows: int) -> tuple[float, int]:
    import psycopg

    def stored(cursor: Any, table: str) -> list[str]:
        return [
            str(r[0])
            for r in cursor.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = %s"
                " AND is_generated = 'NEVER' ORDER BY ordinal_position",
                (table,),
            )
        ]

    with psycopg.connect(address.url) as connection, connection.cursor() as cursor:
        names, values = _columns(
            stored(cursor, "tier_account"), {"id": NEW_ID, "external_uid": "md5(external_uid)"}
        )
        version_names, version_values = _columns(
            stored(cursor, "tier_account_version"),
            {"account_id": "'TZ' || substr(v.account_id, 3)"},
            alias="v.",
        )
        first = (
            "SELECT id FROM tier_account WHERE decommissioned_at IS NULL"
            f" ORDER BY created_at, id LIMIT {int(rows)}"
        )
        account_data = _copied_out(
            cursor, f"SELECT {values} FROM tier_account WHERE id IN ({first})"
        )
        version_data = _copied_out(
            cursor,
            f"SELECT {version_values} FROM tier_account_version v"
            f" WHERE v.version = 1 AND v.account_id IN ({first})",
        )
        connection.commit()
        started = time.perf_counter()
        with cursor.copy(f"COPY tier_account ({names}) FROM STDIN") as copy:
            copy.write(account_data)
        written = cursor.rowcount
        with cursor.copy(f"COPY tier_account_version ({version_names}) FROM STDIN") as copy:
            copy.write(version_data)
        connection.commit()
        return time.perf_counter() - started, int(written)


def _copied_out(cursor: Any, query: str) -> bytes:
    chunks = []
    with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        for chunk in copy:
            chunks.append(bytes(chunk))
    return b"".join(chunks)
