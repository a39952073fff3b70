"""The workspace store: every repository over one open database, and its write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import SqliteDatabase

from desktop_app.config import BUSY_TIMEOUT_MS
from desktop_app.domain.errors import StorageError
from desktop_app.persistence.database import open_database
from desktop_app.persistence.repositories import (
    SqlAccountRepository,
    SqlCatalogRepository,
    SqlQueryRepository,
    SqlRequestRepository,
    SqlSettingsRepository,
)


class SqliteStore:
    """Implements the services' ``Store`` protocol over a workspace file."""

    def __init__(self, db: SqliteDatabase, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.accounts = SqlAccountRepository(db)
        self.requests = SqlRequestRepository(db)
        self.catalog = SqlCatalogRepository(db)
        self.settings = SqlSettingsRepository(db)
        self.queries = SqlQueryRepository(db)

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> SqliteStore:
        """Open or create the workspace file at ``path``."""
        db = open_database(Path(path), create=create, busy_timeout_ms=busy_timeout_ms)
        return cls(db, Path(path))

    @contextmanager
    def write(self) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` transaction; a nested call joins the outer one."""
        try:
            with self.db.atomic():
                yield
        except StorageError:
            raise
        except Exception as exc:
            if _is_locked(exc):
                raise StorageError(
                    "The workspace is busy: another window or program is writing to it. "
                    "Try again in a moment; nothing was saved."
                ) from exc
            raise

    def is_empty(self) -> bool:
        """True when no tier account exists."""
        return self.db.execute_sql("SELECT 1 FROM tier_account LIMIT 1").fetchone() is None

    def close(self) -> None:
        """Close the database connection."""
        if not self.db.is_closed():
            self.db.close()


def _is_locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text
