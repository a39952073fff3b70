"""File → New, Open, Open Team Workspace, Back Up and Restore: which workspace the window shows."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Final, Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.config import DATABASE_FILE_NAME
from desktop_app.domain.errors import DomainError, RuleViolationError
from desktop_app.services.write_permission import NOTHING_RESTORED, ReadOnlyError
from desktop_app.ui.prompts import PathPurpose, Prompts
from desktop_app.ui.workspace import (
    TeamWorkspaceOpener,
    WorkspaceBackups,
    WorkspaceHandle,
    WorkspaceOpener,
)

RESTORE_TITLE: Final = "Restore backup"
RESTORE_TEXT: Final = "Restore"


def restore_question(workspace: Path | None, backup: Path, description: str) -> str:
    """The question asked before a backup replaces the workspace's data."""
    name = workspace.name if workspace is not None else "this workspace"
    return (
        f"Replace the data of {name} with the backup {backup.name}?\n\n{description}\n\n"
        "The current data is saved to the backup folder first, so restoring that copy "
        "undoes this."
    )


def suggested_backup_path(workspace: Path | None, backups: WorkspaceBackups | None) -> Path:
    """``workspace-backup-2026-01-31-1530.sqlite`` in the backup folder (when it exists)."""
    stem = workspace.stem if workspace is not None else "workspace"
    name = f"{stem}-backup-{datetime.now():%Y-%m-%d-%H%M}.sqlite"
    if backups is not None and backups.folder.is_dir():
        return backups.folder / name
    return workspace.with_name(name) if workspace is not None else Path(name)


def unused_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3``… before the suffix when that exists."""
    candidate, stem, suffix = folder / name, Path(name).stem, Path(name).suffix
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


@contextmanager
def wait_cursor() -> Iterator[None]:
    """The busy cursor over the whole application while the block runs."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class WorkspaceShell(Protocol):
    """What the controller needs of the window that shows the workspace."""

    @property
    def read_only_reason(self) -> str | None:
        """Why the open workspace can only be read; None when it can be written."""

    def adopt(self, handle: WorkspaceHandle) -> None:
        """Show ``handle``'s workspace instead of the open one, and close that."""

    def reload(self) -> None:
        """Read everything again: the workspace's data was replaced."""

    def refresh(self) -> None:
        """Read the workspace again into every view."""

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar."""


class WorkspaceController:
    """Opens, creates, backs up and restores workspaces for one window, asking through Prompts."""

    def __init__(
        self,
        shell: WorkspaceShell,
        prompts: Prompts,
        *,
        path: Path | None,
        backups: WorkspaceBackups | None = None,
        open_workspace: WorkspaceOpener | None = None,
        open_team_workspace: TeamWorkspaceOpener | None = None,
        settings: QSettings | None = None,
    ) -> None:
        self.prompts = prompts
        self.path = path
        """The open workspace's file; None for a team workspace on a server."""
        self.backups = backups
        self._shell_ref = weakref.ref(shell)  # weakly: the window holds its controller
        self._open_workspace = open_workspace
        self._open_team_workspace = open_team_workspace
        self._settings = settings

    # what the window offers

    @property
    def can_open(self) -> bool:
        """Open Database… and New Database… work."""
        return self._open_workspace is not None

    @property
    def can_open_team(self) -> bool:
        """Open Team Workspace… works."""
        return self._open_team_workspace is not None

    @property
    def can_back_up(self) -> bool:
        """Back Up… (and Restore… when writable) work."""
        return self.backups is not None

    # opening

    def open_database(self) -> bool:
        """Ask for a workspace file and open it; True when the window shows it."""
        path = self.prompts.ask_path(PathPurpose.WORKSPACE, create=False, start=self._folder())
        return path is not None and self.switch(path, create=False)

    def new_database(self) -> bool:
        """Ask for a new workspace file and create it; True when the window shows it."""
        start = unused_name(self._folder() or Path.cwd(), DATABASE_FILE_NAME)
        path = self.prompts.ask_path(PathPurpose.WORKSPACE, create=True, start=start)
        return path is not None and self.switch(path, create=True)

    def switch(self, path: Path, *, create: bool) -> bool:
        """Open another workspace file in the window; the current one stays on failure."""
        if self._open_workspace is None:
            return False
        if create and path.exists():
            self.prompts.show_error(
                RuleViolationError(f"{path} already exists. Use Open Database… to open it.")
            )
            return False
        try:
            handle = self._open_workspace(path, create)
        except DomainError as error:
            self.prompts.show_error(error)
            return False
        self._adopt(handle)
        return True

    def open_team(self) -> bool:
        """Ask for a team workspace and switch to it; the current one stays when cancelled."""
        if self._open_team_workspace is None:
            return False
        from desktop_app.ui.team_workspace.recent import (
            recent_team_workspaces,
            remember_team_workspace,
        )

        recent = recent_team_workspaces(self._settings)
        opened = self.prompts.ask_team_workspace(self._open_team_workspace, recent)
        if opened is None:
            return False
        handle, fields = opened
        remember_team_workspace(self._settings, fields)
        self._adopt(handle)
        return True

    # backups

    def back_up(self) -> Path | None:
        """Ask for a file and write a consistent copy of the workspace to it; the file."""
        if self.backups is None:
            return None
        start = suggested_backup_path(self.path, self.backups)
        target = self.prompts.ask_path(PathPurpose.BACKUP, create=True, start=start)
        if target is None:
            return None
        try:
            with wait_cursor():
                written = self.backups.back_up(target)
        except DomainError as error:
            self.prompts.show_error(error)
            return None
        self._shell.show_status(f"Backed up to {written}", 10_000)
        return written

    def restore(self) -> bool:
        """Ask for a backup, check it, ask again, then replace the workspace's data by it.

        The data before is kept in a safety backup; every view is read again. True when the
        backup was restored.
        """
        if self.backups is None:
            return False
        reason = self._shell.read_only_reason
        if reason is not None:
            self.prompts.show_error(ReadOnlyError(reason, NOTHING_RESTORED))
            return False
        source = self.prompts.ask_path(PathPurpose.BACKUP, create=False, start=self._backups())
        if source is None:
            return False
        try:
            description = self.backups.describe(source)
        except DomainError as error:
            self.prompts.show_error(error)
            return False
        question = restore_question(self.path, source, description)
        if not self.prompts.confirm(RESTORE_TITLE, question, RESTORE_TEXT, destructive=True):
            return False
        try:
            with wait_cursor():
                safety = self.backups.restore(source)
        except DomainError as error:
            self.prompts.show_error(error)
            self._shell.refresh()
            return False
        with wait_cursor():
            self._shell.reload()
        self._shell.show_status(
            f"Restored {source.name}; the data from before is kept in {safety}", 15_000
        )
        return True

    # state

    @property
    def _shell(self) -> WorkspaceShell:
        shell = self._shell_ref()
        if shell is None:
            raise RuntimeError("The window of this controller is gone")
        return shell

    def _adopt(self, handle: WorkspaceHandle) -> None:
        self.path = handle.path
        self.backups = handle.backups
        self._shell.adopt(handle)

    def _folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None

    def _backups(self) -> Path | None:
        """Where Restore… starts: the backup folder, else the workspace's folder."""
        if self.backups is not None and self.backups.folder.is_dir():
            return self.backups.folder
        return self._folder()
