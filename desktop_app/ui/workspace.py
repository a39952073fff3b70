"""What the window needs of an open workspace, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from desktop_app.domain.catalog import OperatorAccount
from desktop_app.services.container import Services

StageReport = Callable[[str, int, int], None]
"""Hears ``(stage, done, total)`` of a long job; raising stops it."""

_T = TypeVar("_T")

ReaderOpener = Callable[[], tuple[Services, Callable[[], None]]]
"""Opens the workspace on a connection of the calling thread: its services and how to close
them (the window's tables count and fetch there, off the GUI thread)."""


class DemoProgress(Protocol):
    """How far loading demo data is; raising from a report stops it (all is undone)."""

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Hear of ``done`` of ``total`` in ``stage``, on the loader's (the job's) thread."""

    def apart(self, work: Callable[[StageReport], _T]) -> _T:
        """Run ``work`` (which touches no workspace) apart from the window's thread; its result.

        The window already calls the loader on a job's thread: there ``work`` runs in place.
        ``work`` reports through the function it is given.
        """


@dataclass(frozen=True)
class DemoLoaded:
    """What loading demo data did: the rows it wrote and whom the workspace acts as now."""

    accounts: int
    tier_account_requests: int
    acted_as: OperatorAccount | None
    """The operator before (None when there was none to act as)."""
    acting_as: OperatorAccount
    """The operator from now on: the demo vendor of most products."""


DemoLoader = Callable[[DemoProgress], DemoLoaded | None]
"""Writes demo data into the open workspace in one transaction; raises DomainError.

Called on a job's thread, not the window's: it opens the workspace there on a connection of its
own (``Store.sibling``) and closes it before it returns."""


@dataclass(frozen=True)
class WorkspaceBackups:
    """Back up and restore one open workspace; plain callables built by the composition root.

    Each raises a DomainError (StorageError) with a message for people when it cannot.
    """

    folder: Path
    """Where the automatic backups are kept; the file dialogs start there."""
    back_up: Callable[[Path], Path]
    """Write a consistent copy of the workspace to the path while it stays open; the path."""
    describe: Callable[[Path], str]
    """Check a backup file without changing it; one line on what it holds."""
    restore: Callable[[Path], Path]
    """Replace the workspace's data by the backup file; the safety backup of the data before."""


@dataclass(frozen=True)
class WorkspaceHandle:
    """An open workspace: its services, how to load demo data into it, how to close it."""

    services: Services
    path: Path | None
    """The workspace file; None for a team workspace on a server."""
    load_demo_data: DemoLoader | None
    close: Callable[[], None]
    backups: WorkspaceBackups | None = None
    name: str = ""
    """What the title and messages call it: the file's path, or the server's URL."""
    open_reader: ReaderOpener | None = None
    """Opens the workspace again on the calling thread (``Services.on_own_connection``): the
    window's tables read there."""

    @property
    def label(self) -> str:
        """The name given, else the file's path."""
        return self.name or str(self.path)

    @property
    def read_only_reason(self) -> str | None:
        """Why the workspace can only be read; None when it can be written."""
        return self.services.workspace.read_only_reason


WorkspaceOpener = Callable[[Path, bool], WorkspaceHandle]
"""Opens the file at a path (creating it when the flag is true); raises DomainError."""


TeamWorkspaceOpener = Callable[[str, str | None], WorkspaceHandle]
"""Opens the team workspace at a ``postgresql://`` URL (no password in it) with the password
typed in (None: libpq's own ways); raises DomainError, PasswordRequiredError when the server
wants a password or refused it."""
