"""What a workspace store is on either backend: its repositories and its read-only rule."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self

from desktop_app.persistence.pending import PendingRows

if TYPE_CHECKING:
    from desktop_app.persistence.account_repository import SqlAccountRepository
    from desktop_app.persistence.catalog_repository import SqlCatalogRepository
    from desktop_app.persistence.history_repository import SqlHistoryRepository
    from desktop_app.persistence.overview_repository import SqlOverviewRepository
    from desktop_app.persistence.query_repository import SqlQueryRepository
    from desktop_app.persistence.request_repository import SqlRequestRepository
    from desktop_app.persistence.settings_repository import SqlSettingsRepository


class WorkspaceStore:
    """Every repository over one open peewee database (a file's or a server's)."""

    def __init__(self, db: Any, *, read_only_reason: str | None = None) -> None:
        self.db = db
        self._read_only_reason = read_only_reason
        self._pending = PendingRows()  # one for every repository: any statement sends it first

    # Each repository (and the domain classes it reads into) loads when first used: the
    # window's first paint needs only the directory's queries.

    @cached_property
    def accounts(self) -> SqlAccountRepository:
        """Tier accounts and their versions."""
        from desktop_app.persistence.account_repository import SqlAccountRepository

        return SqlAccountRepository(self.db, self._pending)

    @cached_property
    def requests(self) -> SqlRequestRepository:
        """Tier account requests."""
        from desktop_app.persistence.request_repository import SqlRequestRepository

        return SqlRequestRepository(self.db, self._pending)

    @cached_property
    def catalog(self) -> SqlCatalogRepository:
        """Hubs, operators, users and products."""
        from desktop_app.persistence.catalog_repository import SqlCatalogRepository

        return SqlCatalogRepository(self.db, self._pending)

    @cached_property
    def settings(self) -> SqlSettingsRepository:
        """The workspace's key/value settings."""
        from desktop_app.persistence.settings_repository import SqlSettingsRepository

        return SqlSettingsRepository(self.db, self._pending)

    @cached_property
    def queries(self) -> SqlQueryRepository:
        """Paged lists for the directory and the details tabs."""
        from desktop_app.persistence.query_repository import SqlQueryRepository

        return SqlQueryRepository(self.db, self._pending)

    @cached_property
    def history(self) -> SqlHistoryRepository:
        """What an account's History tab reads besides its versions."""
        from desktop_app.persistence.history_repository import SqlHistoryRepository

        return SqlHistoryRepository(self.db, self._pending)

    @cached_property
    def overview(self) -> SqlOverviewRepository:
        """The Overview's figures."""
        from desktop_app.persistence.overview_repository import SqlOverviewRepository

        return SqlOverviewRepository(self.db, self._pending)

    @property
    def read_only_reason(self) -> str | None:
        """Why the workspace can only be read; None when it can be written."""
        return self._read_only_reason

    @property
    def database_user(self) -> str | None:
        """None: a file has no database user (its one user is the login's)."""
        return None

    def granted_operators(self) -> set[str] | None:
        """None: whoever opens a file may act as every operator account in it."""
        return None

    def mark_damaged(self, found: list[str]) -> str:
        """Refuse every write from now on, because the workspace is damaged; the reason."""
        from desktop_app.persistence.database import damaged_reason

        self._read_only_reason = damaged_reason(found)
        return self._read_only_reason

    def watch_changes(
        self, changed: Callable[[frozenset[str]], None], lost: Callable[[str], None]
    ) -> Callable[[], None] | None:
        """None: a file announces nothing (``data_version`` tells what changed)."""
        return None

    def sibling(self) -> Self:
        """This workspace again, on a connection of the calling thread (a long job's); close it.

        The window's store has one connection, used by the window's thread only; a job on a
        thread of its own (an export, an import, demo data, the lists' reading thread) opens a
        sibling there, with the same read-only reason, and closes it on that thread.
        """
        raise NotImplementedError(f"No sibling of a {type(self).__name__}")

    def is_empty(self) -> bool:
        """True when no tier account exists."""
        return self.db.execute_sql("SELECT 1 FROM tier_account LIMIT 1").fetchone() is None

    def close(self) -> None:
        """Close the database connection."""
        if not self.db.is_closed():
            self.db.close()
