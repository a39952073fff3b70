"""The workspace store: every repository over one open database, and its write transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Self

from desktop_app.config import BUSY_TIMEOUT_MS
from desktop_app.domain.errors import StorageError
from desktop_app.persistence import search_index, sort_indexes, statistics, tallies
from desktop_app.persistence.backup_restore import BackupInfo, check_backup, restore_database
from desktop_app.persistence.backups import write_backup
from desktop_app.persistence.bulk_unit import unit_of_bulk
from desktop_app.persistence.connection import Database
from desktop_app.persistence.database import (
    open_for_inspection,
    open_workspace_database,
    quick_check_file,
)
from desktop_app.persistence.sqlite_errors import (
    disk_full_message,
    disk_is_full,
    is_damaged,
    is_disk_full,
    is_io_error,
    is_locked_error,
    is_read_only_refusal,
)
from desktop_app.persistence.store_base import WorkspaceStore
from desktop_app.services.write_permission import NOTHING_RESTORED, ReadOnlyError

INSPECTING = "it is open for inspection only"
BULK_CACHE_KIB = 65_536
"""64 MB: the page cache of a bulk write (it grows only as far as the write needs). 256 MB
made an import of 250,000 rows peak at 715 MB (381 MB with 64 MB) and was no faster: 100,000
rows in 47.7 and 75.7 s against 41.9 and 55.9 s with 64 MB, alternating in one run
(2026-12-04, a busy 2-core machine)."""


class SqliteStore(WorkspaceStore):
    """Implements the services' ``Store`` protocol over a workspace file."""

    def __init__(
        self,
        db: Database,
        path: Path | None = None,
        *,
        read_only_reason: str | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        super().__init__(db, read_only_reason=read_only_reason)
        self.db: Database = db
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._bulk_depth = 0

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only: bool = False,
        verify: bool = False,
    ) -> SqliteStore:
        """Open or create the workspace file at ``path``.

        A write-protected file or folder (or ``read_only``) opens read-only: reading works,
        every write is refused with a :class:`StorageError` that says why. ``verify`` runs
        SQLite's quick check first (commands do; the window runs it after its first paint,
        :meth:`integrity_problems`): a damaged file then opens read-only too.
        """
        opened = open_workspace_database(
            Path(path),
            create=create,
            busy_timeout_ms=busy_timeout_ms,
            read_only=read_only,
            verify=verify,
        )
        return cls(
            opened.db,
            Path(path),
            read_only_reason=opened.read_only_reason,
            busy_timeout_ms=busy_timeout_ms,
        )

    @classmethod
    def inspect(cls, path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> SqliteStore:
        """Open an existing workspace to read it as it is: any schema, nothing ever written."""
        db = open_for_inspection(Path(path), busy_timeout_ms)
        return cls(db, Path(path), read_only_reason=INSPECTING, busy_timeout_ms=busy_timeout_ms)

    def integrity_problems(self) -> list[str]:
        """What SQLite's quick check finds wrong with the file; empty when it is whole.

        Runs on a connection of its own, so any thread may call it while the workspace is in
        use (SQLite shares this process's locks between its connections).
        """
        if self.path is None:
            return []
        return quick_check_file(self.path, self._busy_timeout_ms)

    def sibling(self) -> Self:
        """The same file on a second connection within SQLite, never a file opened beside it.

        Same pragmas, busy timeout and read-only mode (``Database.twin``). SQLite shares the
        process's POSIX locks between its connections and defers closing a descriptor while
        another connection holds locks; in WAL mode the window keeps reading its snapshot
        while the sibling writes.
        """
        if self.path is None or self.db.file is None:
            raise StorageError("This workspace has no file to open a second connection to.")
        db = self.db.twin()
        try:
            db.connect()
        except Exception as exc:
            db.close()
            if is_locked_error(exc):
                raise StorageError(
                    "The workspace is busy: another window or program is using it. Try again "
                    "in a moment; nothing was changed."
                ) from exc
            raise StorageError(f"{self.path} cannot be opened again: {exc}.") from exc
        return type(self)(
            db,
            self.path,
            read_only_reason=self.read_only_reason,
            busy_timeout_ms=self._busy_timeout_ms,
        )

    def write(self) -> AbstractContextManager[None]:
        """One ``BEGIN IMMEDIATE`` transaction; a nested call joins the outer one."""
        if self._bulk_depth and self._read_only_reason is None and self.db.in_transaction():
            # a unit of a bulk write (an import's row): no generator around it, one a row
            connection = self.db.connection()
            pending = self._pending

            def changed() -> int:
                # the statements' own rows: flushes of rows held back do not count
                return connection.total_changes - pending.flushed_changes

            return unit_of_bulk(changed, pending)
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._read_only_reason is not None:
            raise ReadOnlyError(self._read_only_reason)
        try:
            with self.db.atomic():
                yield
        except StorageError:
            raise
        except Exception as exc:
            error = self._write_error(exc)
            if error is None:
                raise
            raise error from exc

    def _write_error(self, exc: Exception) -> StorageError | None:
        """A message for people about a write SQLite refused; None for any other error."""
        if is_locked_error(exc):
            return StorageError(
                "The workspace is busy: another window or program is writing to it. "
                "Try again in a moment; nothing was saved."
            )
        folder = self.path.parent if self.path is not None else Path.cwd()
        if is_disk_full(exc) or (is_io_error(exc) and disk_is_full(folder)):
            name = self.path or Path("workspace")
            return StorageError(disk_full_message(name, "nothing was saved."))
        if is_read_only_refusal(exc):
            return ReadOnlyError("the system refused to write to the file")
        if is_io_error(exc):
            return StorageError(
                f"The workspace could not be written: the system reported an input/output "
                f"error ({exc}). Nothing was saved; check the disk it is on."
            )
        if is_damaged(exc):
            return StorageError(
                f"The workspace file is damaged ({exc}); nothing was saved. Restore it from "
                "a backup (File → Restore…)."
            )
        return None

    @contextmanager
    def bulk_write(self, expected_rows: int = 0) -> Iterator[None]:
        """:meth:`write` for many rows (an import): the search index catches up at the end.

        The writes nested inside take no savepoint (in a long transaction each costs several
        times the row it guards). A refusal must then come before its first write, as every
        service rule does; one that comes after a write undoes the whole bulk transaction
        rather than leave half a change behind. When ``expected_rows`` is large next to the
        accounts there are, the directory's sort indexes are built again at the end.
        """
        # the cache is back to its usual size only once the transaction committed
        with self._large_cache(), self.write(), search_index.deferred(self.db):
            present = statistics.accounts_present(self.db)
            rebuild = sort_indexes.worth_rebuilding(expected_rows, present)
            with (
                # as many rows as that: one count of the new accounts at the end beats a
                # trigger per row (counted once the indexes are back)
                tallies.added_at_the_end(self.db) if rebuild else nullcontext(),
                sort_indexes.rebuilt_at_the_end(self.db) if rebuild else nullcontext(),
            ):
                self._bulk_depth += 1
                self._pending.holding = True
                try:
                    yield
                    self._pending.flush(self.db.connection())  # before the indexes catch up
                except BaseException:
                    self._pending.discard()
                    raise
                finally:
                    self._pending.holding = False
                    self._bulk_depth -= 1
        if statistics.worth_refreshing(expected_rows, present):
            self.refresh_statistics(tables=statistics.ACCOUNT_TABLES)

    def refresh_statistics(self, thorough: bool = False, tables: Sequence[str] = ()) -> None:
        """Gather the planner's statistics, in a write transaction of their own."""
        if self._read_only_reason is not None:
            return
        with self.write():
            for statement in statistics.statements(self.db, thorough, tables):
                self.db.execute_sql(statement)

    @contextmanager
    def _large_cache(self) -> Iterator[None]:
        """A page cache of up to BULK_CACHE_KIB while a bulk write runs, the usual one after.

        An import touches index pages all over the file and keeps them dirty until it
        commits; with the usual 16 MB they are written out and read back (~17 % of an import
        of 100,000 rows).
        """
        usual = self.db.execute_sql("PRAGMA cache_size").fetchone()[0]
        self.db.execute_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.db.execute_sql(f"PRAGMA cache_size = {int(usual)}")

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the workspace."""
        try:
            return int(self.db.execute_sql("PRAGMA data_version").fetchone()[0])
        except Exception as exc:
            raise StorageError(f"The workspace cannot be read: {exc}.") from exc

    def back_up(self, target: Path) -> Path:
        """Write a consistent copy of the workspace to ``target`` while it stays open."""
        if self.path is None:
            raise StorageError("This workspace has no file to back up.")
        return write_backup(self.db, self.path, Path(target))

    def check_backup(self, source: Path) -> BackupInfo:
        """What the backup at ``source`` holds; refuses what cannot be restored (read-only)."""
        return check_backup(Path(source), self._busy_timeout_ms)

    def restore(self, source: Path) -> Path:
        """Replace the workspace's data by the backup at ``source``; the safety backup's path."""
        if self._read_only_reason is not None:
            raise ReadOnlyError(self._read_only_reason, NOTHING_RESTORED)
        if self.path is None:
            raise StorageError("This workspace has no file to restore into.")
        return restore_database(self.db, self.path, Path(source), self._busy_timeout_ms)
