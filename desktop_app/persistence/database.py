"""Open a workspace file: check it is ours, set the pragmas, back it up and migrate it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from desktop_app.config import BACKUPS_KEPT, BUSY_TIMEOUT_MS
from desktop_app.domain.errors import StorageError
from desktop_app.file_ops import discard
from desktop_app.open_files import (
    SIDE_FILE_SUFFIXES,
    open_workspace_file,
    open_workspace_refusal,
)
from desktop_app.persistence import integrity
from desktop_app.persistence.connection import Database
from desktop_app.persistence.integrity import Check
from desktop_app.persistence.migrations import LATEST_VERSION, MIGRATIONS
from desktop_app.persistence.sqlite_errors import (
    DATABASE_ERRORS,
    disk_is_full,
    is_disk_full,
    is_io_error,
    is_locked_error,
    is_read_only_refusal,
)

APPLICATION_ID: Final = 0x54416363  # "TAcc": marks files this application made
SQLITE_HEADER: Final = b"SQLite format 3\x00"
READ_ONLY_BY_REQUEST: Final = "it was opened for reading only"


class DatabaseOpenError(StorageError):
    """The file cannot be used as a workspace; the message says why and nothing was changed."""


class _WriteRefusedError(Exception):
    """SQLite refused to write to a file that looked writable (a read-only mount, a lock)."""


@dataclass(frozen=True)
class OpenedDatabase:
    """An open workspace database and, when it can only be read, why."""

    db: Database
    read_only_reason: str | None


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, read without writing to it."""

    path: Path
    version: int
    accounts: int | None
    modified: datetime


def damaged_reason(found: list[str]) -> str:
    """The read-only reason of a workspace SQLite's check found damaged."""
    return (
        f"it is damaged ({integrity.summary(found)}); restore it from a backup "
        "(File → Restore…) or copy out what you can"
    )


def read_only_reason(path: Path) -> str | None:
    """Why the existing file at ``path`` can only be read; None when it can be written.

    SQLite writes beside a workspace (its ``-wal`` and ``-shm`` files), so a write-protected
    folder makes the file read-only too.
    """
    if not os.access(path, os.W_OK):
        return f"the file {path} is write-protected"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"its folder {path.parent} is write-protected"
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and not os.access(side, os.W_OK):
            return (
                f"the file {side.name} beside it is write-protected (left so by a read-only "
                "use); make it writable, or delete it while no program has the workspace open"
            )
    return None


def _locked_error(path: Path, busy_timeout_ms: int) -> DatabaseOpenError:
    return DatabaseOpenError(
        f"{path} is in use: another program holds a lock on it and kept it for more than "
        f"{busy_timeout_ms / 1000:g} s. Close that program or try again later; "
        "nothing was changed."
    )


def _check_file(path: Path, *, create: bool) -> bool:
    """Refuse what is not a usable SQLite file; True when the file must be created."""
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a workspace file.")
    if path.exists() and not path.is_file():  # stat only: opening a FIFO would wait forever
        raise DatabaseOpenError(
            f"{path} is not a regular file (a pipe, socket or device), not a workspace file."
        )
    if not path.exists():
        if not create:
            raise DatabaseOpenError(f"There is no workspace file at {path}.")
        if not path.parent.is_dir():
            raise DatabaseOpenError(
                f"The folder {path.parent} does not exist; create it or choose another place."
            )
        return True
    in_use = open_workspace_file(path)
    if in_use is not None:
        if in_use.suffix:
            raise DatabaseOpenError(
                f"{path} is {in_use.description} {in_use.workspace.name}, not a workspace file."
            )
        # SQLite holds this file open already; reading its header here would close a second
        # descriptor of it, and with it every lock SQLite holds on it in this process
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise DatabaseOpenError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not header:
        raise DatabaseOpenError(
            f"{path} is empty (0 bytes), so it holds no workspace. "
            "Choose another file or remove this one."
        )
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseOpenError(f"{path} is not a workspace file (it is not a SQLite database).")
    if len(header) < 100 or (size < _expected_size(header) and not _in_wal_use(path, header)):
        raise DatabaseOpenError(
            f"{path} is damaged: it is shorter than its own header says (truncated). "
            "Restore it from a backup."
        )
    return False


def _in_wal_use(path: Path, header: bytes) -> bool:
    """A WAL file with its ``-wal`` beside it: its header's size may lag the file.

    Another program checkpointing writes page 1 before the file has grown to match, and
    the pages past the file's end may still be in the ``-wal``; SQLite decides then.
    """
    wal_mode = header[18] == 2 and header[19] == 2
    return wal_mode and path.with_name(path.name + "-wal").exists()


def _expected_size(header: bytes) -> int:
    """The file size the SQLite header promises, 0 when the header does not say."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    return page_size * pages if change_counter == valid_for else 0


def _connect(path: Path, busy_timeout_ms: int) -> Database:
    db = Database(
        str(path),
        pragmas=(
            ("journal_mode", "wal"),
            ("foreign_keys", 1),
            ("busy_timeout", busy_timeout_ms),
            # FULL: a commit the user saw survives an OS crash or power loss, not only a kill
            ("synchronous", "full"),
            # savepoint journals and the import's journal of touched rows stay in memory:
            # in files they cost a write per page and statement (~0.2 ms a row in an import)
            ("temp_store", "memory"),
            ("cache_size", -16_000),  # 16 MB: an import's index pages stay cached
        ),
        timeout=busy_timeout_ms / 1000,
        file=path,
    )
    db.connect()
    return db


def _read_only_uri(path: Path, *, immutable: bool) -> str:
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{path.resolve().as_uri()}?{query}"


def _may_open_immutable(path: Path, exc: BaseException) -> bool:
    """A WAL file in a write-protected folder: SQLite cannot create the ``-shm`` file it needs.

    Opening it as immutable is safe only when no ``-wal`` file holds changes that are not yet
    in the file itself (nobody can write there anyway: the folder refuses new files).
    """
    if not is_read_only_refusal(exc):
        return False
    wal = path.with_name(path.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _connect_read_only(path: Path, busy_timeout_ms: int) -> Database:
    """A connection that SQLite itself keeps from writing (``mode=ro``, ``query_only``)."""
    for immutable in (False, True):
        db = Database(
            _read_only_uri(path, immutable=immutable),
            pragmas=(("foreign_keys", 1), ("busy_timeout", busy_timeout_ms), ("query_only", 1)),
            timeout=busy_timeout_ms / 1000,
            uri=True,
            file=path,
            writable=False,
        )
        try:
            db.connect()
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as exc:
            db.close()
            if immutable or not _may_open_immutable(path, exc):
                raise
        else:
            return db
    raise AssertionError("unreachable")  # pragma: no cover


def _probe_connection(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A plain read-only connection for looking at a file without changing it."""
    for immutable in (False, True):
        conn = sqlite3.connect(
            _read_only_uri(path, immutable=immutable), uri=True, timeout=busy_timeout_ms / 1000
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DATABASE_ERRORS as exc:
            conn.close()
            if immutable or not _may_open_immutable(path, exc):
                raise
        else:
            return conn
    raise AssertionError("unreachable")  # pragma: no cover


def _pragma_int(db: Database, name: str) -> int:
    return int(db.execute_sql(f"PRAGMA {name}").fetchone()[0])


def backup_database(db: Database, target: Path) -> Path:
    """Write a consistent copy of the open database to ``target`` (SQLite's backup API).

    The copy is one self-contained file (rollback journal, not WAL), ready to be moved.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = sqlite3.connect(str(target))
    try:
        db.connection().backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        destination.close()
    return target


def backup_folder(path: Path) -> Path:
    """Where the automatic backups of ``path`` are kept."""
    return path.with_name(path.name + ".backups")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def taken_at(backup: Path) -> str:
    """The UTC time stamp a backup's name ends with, for ordering backups oldest first.

    The name itself does not sort in time: ``w-v10-…`` comes before ``w-v9-…``.
    """
    stem = backup.stem
    return stem[-len("20260101-000000-000000") :]


def _prune(folder: Path, pattern: str) -> None:
    """Keep the newest BACKUPS_KEPT backups matching ``pattern``."""
    for old in sorted(folder.glob(pattern), key=taken_at)[:-BACKUPS_KEPT]:
        discard(old)


def _backup_before_migration(db: Database, path: Path, version: int) -> Path:
    folder = backup_folder(path)
    target = backup_database(db, folder / f"{path.stem}-v{version}-{_stamp()}.sqlite")
    _prune(folder, f"{path.stem}-v*.sqlite")
    return target


def migrate(db: Database, path: Path | None = None) -> int:
    """Bring the open database to the latest schema, one transaction per step."""
    version = _pragma_int(db, "user_version")
    if version > LATEST_VERSION:
        raise DatabaseOpenError(
            f"This workspace was saved by a newer version of the application (schema "
            f"{version}; this version knows up to {LATEST_VERSION}). Update the application."
        )
    if version == LATEST_VERSION:
        return version
    if version > 0 and path is not None:
        _backup_before_migration(db, path, version)
    for step in range(version + 1, LATEST_VERSION + 1):
        with db.atomic():
            MIGRATIONS[step](db)
            db.execute_sql(f"PRAGMA user_version = {step}")
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    return LATEST_VERSION


def open_database(
    path: Path,
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False,
) -> Database:
    """Open (or create) the workspace at ``path`` at the latest schema.

    Raises :class:`DatabaseOpenError` with a message for people when the file is not a
    workspace, is damaged, is newer than this version, or cannot be opened; such a file is
    inspected read-only first and never written to. See :func:`open_workspace_database`.
    """
    return open_workspace_database(
        path, create=create, busy_timeout_ms=busy_timeout_ms, read_only=read_only
    ).db


def open_workspace_database(
    path: Path,
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False,
    verify: bool = False,
) -> OpenedDatabase:
    """Open the workspace at ``path``, read-only when asked or when it cannot be written.

    A write-protected file or folder is opened with SQLite's read-only mode and the reason
    is returned; the file is then never written to (not even migrated). A file that needs a
    migration is checked first and refused when damaged; ``verify`` runs SQLite's quick
    check on any other file too, which opens read-only when it finds damage.
    """
    path = Path(path)
    if _check_file(path, create=create):
        if read_only:
            raise DatabaseOpenError(f"There is no workspace file at {path} to open read-only.")
        return OpenedDatabase(_open_writable(path, busy_timeout_ms, existed=False), None)
    version, found = _probe_read_only(path, busy_timeout_ms, Check.QUICK if verify else None)
    reason = READ_ONLY_BY_REQUEST if read_only else read_only_reason(path)
    if found:
        reason = damaged_reason(found)
    if reason is None:
        try:
            return OpenedDatabase(_open_writable(path, busy_timeout_ms, existed=True), None)
        except _WriteRefusedError:
            reason = f"the system does not let this application write to {path}"
    return OpenedDatabase(_open_read_only(path, busy_timeout_ms, version, reason), reason)


def _open_writable(path: Path, busy_timeout_ms: int, *, existed: bool) -> Database:
    try:
        db = _connect(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        if is_locked_error(exc):
            raise _locked_error(path, busy_timeout_ms) from exc
        if existed and is_read_only_refusal(exc):
            raise _WriteRefusedError(str(exc)) from exc
        raise DatabaseOpenError(f"{path} cannot be opened: {exc}.") from exc
    try:
        migrate(db, path)
    except DatabaseOpenError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        if is_locked_error(exc):
            raise _locked_error(path, busy_timeout_ms) from exc
        raise DatabaseOpenError(f"{path} cannot be used as a workspace: {exc}.") from exc
    return db


def _open_read_only(path: Path, busy_timeout_ms: int, version: int, reason: str) -> Database:
    if version == 0:
        raise DatabaseOpenError(
            f"{path} holds no workspace yet, and it cannot be set up because {reason}."
        )
    if version < LATEST_VERSION:
        raise DatabaseOpenError(
            f"{path} was saved by an older version of the application (schema {version}) and "
            f"must be upgraded to schema {LATEST_VERSION} before it can be used, but {reason}. "
            "Open it with write access (or a copy of it in a folder you can write to); the file "
            "was left unchanged."
        )
    try:
        return _connect_read_only(path, busy_timeout_ms)
    except Exception as exc:
        if is_locked_error(exc):
            raise _locked_error(path, busy_timeout_ms) from exc
        raise DatabaseOpenError(f"{path} cannot be opened read-only: {exc}.") from exc


def _probe_error(path: Path, exc: BaseException, busy_timeout_ms: int) -> DatabaseOpenError:
    if is_locked_error(exc):
        return _locked_error(path, busy_timeout_ms)
    if is_disk_full(exc) or (is_io_error(exc) and disk_is_full(path.parent)):
        return DatabaseOpenError(
            f"{path} cannot be opened: the disk holding it is full ({path.parent}), so SQLite "
            "cannot create the files it keeps beside it. Free some space and try again; "
            "nothing was changed."
        )
    if is_io_error(exc):
        return DatabaseOpenError(
            f"{path} cannot be read: the system reported an input/output error ({exc}). "
            "Check the disk or network drive it is on; nothing was changed."
        )
    if is_read_only_refusal(exc):
        return DatabaseOpenError(
            f"{path} cannot be opened: {exc}. When its folder is write-protected, copy the file "
            "to a folder you can write to and open the copy."
        )
    return DatabaseOpenError(f"{path} is damaged or not a workspace file: {exc}.")


def damaged_message(path: Path, found: list[str]) -> str:
    """Why a damaged file is not used: what SQLite's check found."""
    return f"{path} is damaged ({integrity.summary(found)})"


def _probe_read_only(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, check: Check | None = None
) -> tuple[int, list[str]]:
    """Check an existing file without writing to it: ours, not newer, readable.

    Returns its schema version and, when ``check`` is given, what that check of SQLite's
    found wrong with it (empty when whole).
    """
    try:
        probe = _probe_connection(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        raise _probe_error(path, exc, busy_timeout_ms) from exc
    try:
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]
        version = int(probe.execute("PRAGMA user_version").fetchone()[0])
        tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        pending = 0 < version < LATEST_VERSION  # a migration would write to it: check first
        if pending and check is None:
            check = Check.affordable(path.stat().st_size)
        found = integrity.problems(probe, check) if check is not None and version else []
    except DATABASE_ERRORS as exc:
        raise _probe_error(path, exc, busy_timeout_ms) from exc
    finally:
        probe.close()
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise DatabaseOpenError(
            f"{path} is a SQLite database of another application, not a workspace; "
            "it was left unchanged."
        )
    if version > LATEST_VERSION:
        raise DatabaseOpenError(
            f"{path} was saved by a newer version of the application (schema {version}; "
            f"this version knows up to {LATEST_VERSION}). Update the application to open it."
        )
    if found and pending:
        raise DatabaseOpenError(
            f"{damaged_message(path, found)}. It was saved by an older version (schema "
            f"{version}) and a damaged file is never upgraded: restore it from a backup. "
            "The file was left unchanged."
        )
    return version, found


def quick_check_file(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> list[str]:
    """SQLite's quick check of ``path`` on a read-only connection of its own; the problems.

    Only damage counts: a check that cannot run (a lock held too long, the file gone, an
    I/O error) raises, and says nothing about the file.
    """
    conn = _probe_connection(path, busy_timeout_ms)
    try:
        return integrity.problems(conn, Check.QUICK)
    finally:
        conn.close()


def open_for_inspection(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open an existing workspace only to read it, at whatever schema it has.

    Nothing is written: no migration, no change of journal mode (SQLite's ``mode=ro`` and
    ``query_only``). Refuses what opening refuses, except a damaged file or an older schema:
    those it opens, to report on them.
    """
    path = Path(path)
    _check_file(path, create=False)
    try:
        db = _connect_read_only(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        raise _probe_error(path, exc, busy_timeout_ms) from exc
    try:
        app_id = _pragma_int(db, "application_id")
        version = _pragma_int(db, "user_version")
    except DATABASE_ERRORS as exc:
        db.close()
        raise _probe_error(path, exc, busy_timeout_ms) from exc
    if app_id != APPLICATION_ID or version == 0:
        db.close()
        raise DatabaseOpenError(f"{path} is not a workspace (another application's database).")
    if version > LATEST_VERSION:
        db.close()
        raise DatabaseOpenError(
            f"{path} was saved by a newer version of the application (schema {version}; "
            f"this version knows up to {LATEST_VERSION})."
        )
    return db


# backups chosen by the user, and restoring one


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def check_backup(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> BackupInfo:
    """Check, without writing to it, that ``path`` is a backup this version can restore.

    The same checks as opening (a SQLite file, whole, ours, not newer), SQLite's full
    ``integrity_check`` and the workspace's tables; raises :class:`DatabaseOpenError` with
    the reason. The open workspace itself and its side files are refused before any read.
    """
    path = Path(path)
    refusal = open_workspace_refusal(path, "as a backup to restore")
    if refusal is not None:
        raise DatabaseOpenError(refusal)
    _check_file(path, create=False)
    try:
        conn = _probe_connection(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        raise _probe_error(path, exc, busy_timeout_ms) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        found = integrity.problems(conn, Check.FULL)
        missing = integrity.missing_tables(conn) if not found else []
        accounts: int | None
        try:
            accounts = int(
                conn.execute(
                    "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
                ).fetchone()[0]
            )
        except DATABASE_ERRORS:
            accounts = None
    except DATABASE_ERRORS as exc:
        raise DatabaseOpenError(
            f"{path} is damaged or not a backup of a workspace: {exc}."
        ) from exc
    finally:
        conn.close()
    if app_id != APPLICATION_ID or version < 1:
        raise DatabaseOpenError(
            f"{path} is not a backup of a workspace (it is another application's SQLite "
            "database, or an empty one)."
        )
    if version > LATEST_VERSION:
        raise DatabaseOpenError(
            f"{path} was saved by a newer version of the application (schema {version}; "
            f"this version knows up to {LATEST_VERSION}). Update the application to restore it."
        )
    if found:
        raise DatabaseOpenError(f"{damaged_message(path, found)}; it cannot be restored.")
    if missing:
        raise DatabaseOpenError(
            f"{path} is not a whole workspace: it lacks the table"
            f"{'s' * (len(missing) != 1)} {', '.join(missing)}; it cannot be restored."
        )
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupInfo(path, version, accounts, modified)


def write_backup(db: Database, workspace: Path, target: Path) -> Path:
    """Write a consistent copy of the open workspace to ``target``, replacing that file whole.

    The copy is written beside ``target`` first and moved over it at the end, so an existing
    file there is either replaced by a complete backup or left as it was.
    """
    target = Path(target)
    if target.is_dir():
        raise StorageError(f"{target} is a folder; choose a file name for the backup.")
    if _same_file(target, workspace) or target.resolve() == Path(workspace).resolve():
        raise StorageError(f"{target} is the workspace itself; choose another file for the backup.")
    refusal = open_workspace_refusal(target, "for a backup")
    if refusal is not None:
        raise StorageError(refusal)
    for suffix in SIDE_FILE_SUFFIXES:
        if target.with_name(target.name + suffix).exists():
            raise StorageError(
                f"{target} looks like a workspace in use (it has a {suffix} file beside it); "
                "choose another file for the backup."
            )
    if not target.parent.is_dir():
        raise StorageError(
            f"The folder {target.parent} does not exist; choose another place for the backup."
        )
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        backup_database(db, partial)
        os.replace(partial, target)
    except (OSError, *DATABASE_ERRORS) as exc:
        for leftover in (
            partial,
            *(partial.with_name(partial.name + s) for s in SIDE_FILE_SUFFIXES),
        ):
            discard(leftover)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StorageError(
            f"The backup could not be written to {target}: {detail}. The workspace is unchanged."
        ) from exc
    return target


def _copy_into(source: Path, db: Database, busy_timeout_ms: int) -> None:
    conn = _probe_connection(source, busy_timeout_ms)
    try:
        conn.backup(db.connection())
    finally:
        conn.close()


def restore_database(
    db: Database, workspace: Path, source: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Path:
    """Replace the content of the open workspace by the backup at ``source``.

    ``source`` is checked first and never written to; the current content is saved to the
    workspace's backup folder (returned), then copied over with SQLite's backup API inside
    this connection, so other connections see the restored data on their next read. A backup
    of an older schema is migrated afterwards.
    """
    workspace = Path(workspace)
    source = Path(source)
    if _same_file(source, workspace):
        raise StorageError(f"{source} is the workspace itself; choose a backup file.")
    info = check_backup(source, busy_timeout_ms)
    folder = backup_folder(workspace)
    try:
        safety = backup_database(db, folder / f"{workspace.stem}-before-restore-{_stamp()}.sqlite")
    except (OSError, *DATABASE_ERRORS) as exc:
        raise StorageError(
            f"The current data could not be saved before restoring ({exc}); nothing was restored."
        ) from exc
    _prune(folder, f"{workspace.stem}-before-restore-*.sqlite")
    try:
        _copy_into(source, db, busy_timeout_ms)
    except DATABASE_ERRORS as exc:  # one backup step: the workspace is unchanged on failure
        if is_locked_error(exc):
            raise StorageError(
                "The workspace is busy: another window or program is writing to it. "
                "Try again in a moment; nothing was restored."
            ) from exc
        raise StorageError(
            f"{source} could not be restored: {exc}. The workspace is unchanged."
        ) from exc
    if info.version < LATEST_VERSION:
        try:
            migrate(db)  # no pre-migration copy: the backup file is that copy
        except Exception as exc:
            _copy_into(safety, db, busy_timeout_ms)
            raise StorageError(
                f"The backup was copied in but could not be upgraded to this version ({exc}); "
                f"the data from before the restore was put back (also kept in {safety})."
            ) from exc
    return safety
