"""``desktop-app check``: SQLite's full checks, the derived data and what a workspace holds.

Apart from the other commands because it reads a file as it is, at whatever schema, and
reports each kind of damage in words (a broken foreign key names its row); ``--repair``
then mends only what can be rebuilt from the accounts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, TextIO

from desktop_app.config import BUSY_TIMEOUT_MS
from desktop_app.domain.errors import DomainError
from desktop_app.persistence import bookkeeping
from desktop_app.persistence.backups import backup_folder
from desktop_app.persistence.location import Location, ServerAddress
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.opening import Store, open_store
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.write_permission import NOTHING_REPAIRED, ReadOnlyError


def run_check(location: Location, out: TextIO, err: TextIO, *, repair: bool) -> int:
    """``check`` of a file or a team workspace; 0 clean, 1 damaged, 2 cannot be opened."""
    if isinstance(location, ServerAddress):
        return _check_server(location, out, err)
    return _check_file(location, out, err, repair=repair)


def _check_server(address: ServerAddress, out: TextIO, err: TextIO) -> int:
    """``check`` of a team workspace: its schema and what it holds (the server checks pages)."""
    try:
        store = open_store(address, create=False, read_only=True)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        print(f"{address}:", file=out)
        print(f"  schema version {LATEST_VERSION}; the server checks its own pages", file=out)
        for line in _holdings(store, Services.over(store)):
            print(f"  {line}", file=out)
        return 0
    finally:
        store.close()


def _check_file(path: Path, out: TextIO, err: TextIO, *, repair: bool) -> int:
    """``check``: read the file as it is (never written); ``--repair`` then mends what it can.

    A file of an older schema is checked at that schema and said to need a migration, which
    ``--repair`` runs (after its backup copy) when the file is whole.
    """
    try:
        store = SqliteStore.inspect(path)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        version = int(store.db.execute_sql("PRAGMA user_version").fetchone()[0])
        status, mendable = _check(store, Services.over(store), out)
    finally:
        store.close()
    if not (repair and mendable):
        return status
    try:
        store = SqliteStore.open(path, create=False)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        if store.read_only_reason is not None:
            refusal = ReadOnlyError(store.read_only_reason, NOTHING_REPAIRED)
            print(f"desktop-app: {refusal.message}", file=err)
            return 1
        return _repair(store, out, migrated=version < LATEST_VERSION)
    finally:
        store.close()


def _check(store: SqliteStore, services: Services, out: TextIO) -> tuple[int, bool]:
    """Full integrity and foreign-key checks, the derived data, the schema and what it holds.

    Returns the exit status and whether ``--repair`` can mend what was found (a whole file
    whose search index or tallies are out of step, or whose schema is older).
    """
    print(f"{store.path}:", file=out, flush=True)  # the full check reads every page
    version = int(store.db.execute_sql("PRAGMA user_version").fetchone()[0])
    older = version < LATEST_VERSION
    if older:
        print(
            f"  schema version {version}, would be migrated to {LATEST_VERSION} when opened "
            "(or by check --repair)",
            file=out,
        )
    else:
        print(
            f"  schema version {version} (this application knows up to {LATEST_VERSION})", file=out
        )
    problems = _integrity_problems(store, out) + _foreign_key_problems(store, out)
    whole = not problems
    derived = [] if older else _derived_problems(store, out)  # older files have none yet
    if derived:
        print(f"  search index and tallies: {'; '.join(derived)}", file=out)
        problems.append("the search index or the tallies are out of step with the accounts")
    elif not older:
        print("  search index and tallies ok", file=out)
    for line in _holdings(store, services):
        print(f"  {line}", file=out)
    mendable = whole and bool(derived or older)
    if problems:
        fix = (
            " Run desktop-app check --repair to rebuild them."
            if derived and len(problems) == 1
            else " Restore the file from a backup."
        )
        print(f"NOT CLEAN: {'; '.join(problems)}.{fix}", file=out)
        return 1, mendable
    print("Clean.", file=out)
    return 0, mendable


def _derived_problems(store: SqliteStore, out: TextIO) -> list[str]:
    """The search index and tallies against the accounts, and FTS5's check of the index."""
    found = bookkeeping.problems(store.db)
    if store.path is None:
        return found
    structure = bookkeeping.index_structure_problems(store.path, BUSY_TIMEOUT_MS)
    if structure is None:
        print("  search index structure not checked (the file cannot be written here)", file=out)
        return found
    return found + structure


def _repair(store: SqliteStore, out: TextIO, *, migrated: bool) -> int:
    """Rebuild the search index and tallies of a whole file (opening it migrated it)."""
    if migrated:
        folder = backup_folder(store.path) if store.path is not None else None
        print(
            f"  migrated to schema {LATEST_VERSION}; the file from before is in {folder}", file=out
        )
    derived = bookkeeping.problems(store.db)
    if derived:
        with store.write():
            bookkeeping.rebuild(store.db)
        print(f"  repaired: {'; '.join(derived)}", file=out)
        derived = bookkeeping.problems(store.db)
    if derived:
        print(f"NOT CLEAN: {'; '.join(derived)}. Restore the file from a backup.", file=out)
        return 1
    print("Clean.", file=out)
    return 0


def _integrity_problems(store: SqliteStore, out: TextIO) -> list[str]:
    """``PRAGMA integrity_check`` (the full one: every page, row and index entry)."""
    try:
        rows = [str(r[0]) for r in store.db.execute_sql("PRAGMA integrity_check").fetchall()]
    except Exception as exc:  # a damaged page can stop the check itself
        print(f"  integrity check failed: {exc}", file=out)
        return ["the integrity check could not finish"]
    if rows == ["ok"]:
        print("  integrity ok", file=out)
        return []
    shown = rows[:_SHOWN]
    print(f"  integrity: {len(rows):,} problem{'s' * (len(rows) != 1)}", file=out)
    for row in shown:
        print(f"    {row}", file=out)
    if len(rows) > len(shown):
        print(f"    … and {len(rows) - len(shown):,} more", file=out)
    return [f"{len(rows):,} integrity problem{'s' * (len(rows) != 1)}"]


def _foreign_key_problems(store: SqliteStore, out: TextIO) -> list[str]:
    """``PRAGMA foreign_key_check``: rows that point at a row that does not exist."""
    try:
        rows = store.db.execute_sql("PRAGMA foreign_key_check").fetchall()
    except Exception as exc:
        print(f"  foreign key check failed: {exc}", file=out)
        return ["the foreign key check could not finish"]
    if not rows:
        print("  foreign keys ok", file=out)
        return []
    tables = sorted({str(r[0]) for r in rows})
    print(
        f"  foreign keys: {len(rows):,} broken reference{'s' * (len(rows) != 1)}"
        f" in {', '.join(tables)}",
        file=out,
    )
    for table, rowid, parent, fkid in rows[:_SHOWN]:
        try:
            text = _describe_violation(store, table, rowid, parent, fkid)
        except Exception:  # the row cannot be read back: say what the check said
            text = f"{table} row {rowid}: refers to a missing row in {parent}"
        print(f"    {text}", file=out)
    if len(rows) > _SHOWN:
        print(f"    … and {len(rows) - _SHOWN:,} more", file=out)
    return [f"{len(rows):,} broken foreign key{'s' * (len(rows) != 1)} in {', '.join(tables)}"]


def _describe_violation(
    store: SqliteStore, table: str, rowid: int | None, parent: str, fkid: int
) -> str:
    """``table row 12 (id TA-…): hub_id = 'HB-…' has no row in hub``."""
    keys = store.db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
    columns = [str(k[3]) for k in keys if k[0] == fkid]
    where = f"{table} row {rowid}" if rowid is not None else table
    if rowid is None or not columns:
        return f"{where}: refers to a missing row in {parent}"
    names = ", ".join(f'"{c}"' for c in columns)
    values = store.db.execute_sql(f'SELECT {names} FROM "{table}" WHERE rowid = ?', (rowid,))
    found = values.fetchone() or ()
    shown = ", ".join(f"{c} = {v!r}" for c, v in zip(columns, found, strict=False))
    key = _primary_key(store, table, rowid)
    return f"{where}{f' ({key})' if key else ''}: {shown} has no row in {parent}"


def _primary_key(store: SqliteStore, table: str, rowid: int) -> str:
    """The row's primary key as ``id TA-…``, empty when the table has none but the rowid."""
    columns = [
        str(c[1])
        for c in sorted(store.db.execute_sql(f'PRAGMA table_info("{table}")').fetchall())
        if c[5]
    ]
    if not columns:
        return ""
    names = ", ".join(f'"{c}"' for c in columns)
    row = store.db.execute_sql(f'SELECT {names} FROM "{table}" WHERE rowid = ?', (rowid,))
    found = row.fetchone() or ()
    return ", ".join(f"{c} {v}" for c, v in zip(columns, found, strict=False))


def _holdings(store: Store, services: Services) -> list[str]:
    """What the workspace holds and who it acts as; a count that cannot be read says so."""
    counts = []
    for label, sql in _COUNTS:
        try:
            counts.append(f"{int(store.db.execute_sql(sql).fetchone()[0]):,} {label}")
        except Exception as exc:
            counts.append(f"{label} cannot be counted ({exc})")
    lines = [", ".join(counts[:5]), ", ".join(counts[5:])]
    try:
        operator = services.workspace.operator()
        lines.append(f"acting as {operator.name} ({operator.id})")
    except DomainError as exc:
        lines.append(exc.message)
    except Exception as exc:
        lines.append(f"the operator account cannot be read ({exc})")
    return lines


_SHOWN: Final = 5
_COUNTS: Final = (
    ("live accounts", "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"),
    ("deleted accounts", "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NOT NULL"),
    ("account versions", "SELECT count(*) FROM tier_account_version"),
    ("tier account requests", "SELECT count(*) FROM tier_account_request"),
    ("pending requests", "SELECT count(*) FROM tier_account_request WHERE status = 'pending'"),
    ("products", "SELECT count(*) FROM product"),
    ("subscriptions", "SELECT count(*) FROM subscription"),
    ("tier configs", "SELECT count(*) FROM tier_config"),
)
