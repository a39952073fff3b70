"""How controllers ask the user (a path, yes or no, an import's review) and show progress."""

from __future__ import annotations

import weakref
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import DomainError
from desktop_app.ui.background_job import Progress
from desktop_app.ui.dialogs import error_dialog
from desktop_app.ui.workspace import TeamWorkspaceOpener, WorkspaceHandle

if TYPE_CHECKING:
    from desktop_app.interop.importer import ImportReport
    from desktop_app.ui.exchange.import_preview_dialog import ImportChoice
    from desktop_app.ui.team_workspace.server_fields import ServerFields

WORKSPACE_FILTER: Final = "Workspaces (*.sqlite *.db);;All files (*)"
BACKUP_FILTER: Final = "Workspace backups (*.sqlite *.db);;All files (*)"


class PathPurpose(StrEnum):
    """What a file chosen in a file dialog is for."""

    WORKSPACE = "workspace"
    BACKUP = "backup"
    EXCHANGE = "exchange"
    """A customers workbook or CSV to export to (create) or import from."""


class Prompts(Protocol):
    """Everything a controller asks of the user or tells them; tests pass a fake."""

    def ask_path(self, purpose: PathPurpose, *, create: bool, start: Path | None) -> Path | None:
        """A file to create (``create``) or to read for ``purpose``; None when cancelled."""

    def confirm(self, title: str, question: str, action: str, *, destructive: bool = True) -> bool:
        """Yes or no; a ``destructive`` question answers No to Enter and Space."""

    def review_import(self, report: ImportReport) -> ImportChoice | None:
        """The user's choice after the import preview; None when cancelled."""

    def progress(self, title: str, label: str) -> Progress:
        """Show a long job's progress until its ``close`` (reports come on this thread)."""

    def ask_team_workspace(
        self, opener: TeamWorkspaceOpener, recent: list[str]
    ) -> tuple[WorkspaceHandle, ServerFields] | None:
        """Ask for a team workspace and open it with ``opener``; None when cancelled."""

    def show_error(self, error: DomainError) -> None:
        """Tell why a service refused (no traceback)."""

    def show_result(self, title: str, text: str) -> None:
        """Tell how a job ended, without waiting for the user."""


class WidgetPrompts:
    """The application's dialogs over ``parent`` (the main window)."""

    def __init__(self, parent: QWidget) -> None:
        # Weakly: the window holds its prompts, and a reference cycle through a widget lets
        # the garbage collector delete it at a random moment.
        self._parent_ref = weakref.ref(parent)

    @property
    def _parent(self) -> QWidget:
        parent = self._parent_ref()
        if parent is None:
            raise RuntimeError("The window of these prompts is gone")
        return parent

    def ask_path(self, purpose: PathPurpose, *, create: bool, start: Path | None) -> Path | None:
        """The file dialog for ``purpose`` (a native one only on Windows)."""
        from desktop_app.ui.file_dialogs import ask_file  # not with the window: when first asked

        if purpose is PathPurpose.EXCHANGE:
            from desktop_app.ui.exchange.exchange_flow import ask_export_path, ask_import_path

            if create:
                return ask_export_path(self._parent, start)
            return ask_import_path(self._parent, start)
        if purpose is PathPurpose.BACKUP:
            title = "Back Up Workspace" if create else "Restore Backup"
            filters = BACKUP_FILTER
        else:
            title = "New Database" if create else "Open Database"
            filters = WORKSPACE_FILTER
        return ask_file(self._parent, title, start, filters, save=create, default_suffix="sqlite")[
            0
        ]

    def confirm(self, title: str, question: str, action: str, *, destructive: bool = True) -> bool:
        """The modal ConfirmDialog; its confirming button is named ``action``."""
        from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog

        return ConfirmDialog.ask(self._parent, title, question, action, destructive=destructive)

    def review_import(self, report: ImportReport) -> ImportChoice | None:
        """The modal import preview."""
        from desktop_app.ui.exchange.import_preview_dialog import ImportPreviewDialog

        dialog = ImportPreviewDialog(self._parent, report)
        try:
            dialog.exec()
            return dialog.choice()
        finally:
            dialog.deleteLater()

    def progress(self, title: str, label: str) -> Progress:
        """A window-modal progress dialog with Cancel."""
        from desktop_app.ui.exchange.job_progress import JobProgress

        return JobProgress(self._parent, title, label)

    def ask_team_workspace(
        self, opener: TeamWorkspaceOpener, recent: list[str]
    ) -> tuple[WorkspaceHandle, ServerFields] | None:
        """The modal Open Team Workspace dialog."""
        from desktop_app.ui.team_workspace.connect_dialog import TeamWorkspaceDialog

        return TeamWorkspaceDialog.ask(self._parent, opener, recent)

    def show_error(self, error: DomainError) -> None:
        """The window-modal error message."""
        error_dialog.show_error(self._parent, error)

    def show_result(self, title: str, text: str) -> None:
        """An information box that closes itself when dismissed."""
        from desktop_app.ui.exchange.exchange_flow import show_result

        show_result(self._parent, title, text)
