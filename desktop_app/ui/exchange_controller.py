"""File → Export… and File → Import…: ask for the file, show progress, preview, write."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery, SortSpec
from desktop_app.services.write_permission import NOTHING_IMPORTED, ReadOnlyError
from desktop_app.ui.prompts import PathPurpose, Prompts

if TYPE_CHECKING:
    from desktop_app.interop.export import ExportReport
    from desktop_app.interop.importer import ImportMode, ImportReport

CANCELLED: Final = "Import cancelled; nothing was written"


class ExchangeShell(Protocol):
    """What the controller needs of the window it imports into and exports from."""

    @property
    def services(self) -> Services:
        """The open workspace's services."""

    @property
    def workspace_path(self) -> Path | None:
        """The open workspace's file: the file dialogs start in its folder."""

    @property
    def read_only_reason(self) -> str | None:
        """Why the open workspace can only be read; None when it can be written."""

    def export_listing(self) -> tuple[DirectoryQuery, SortSpec]:
        """What the Directory shows: its search and type filter, and its order."""

    def refresh(self) -> None:
        """Read the workspace again into every view."""

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar."""


class ExchangeController:
    """Exports the Directory's accounts and imports customer files, asking through Prompts."""

    def __init__(self, shell: ExchangeShell, prompts: Prompts) -> None:
        self.prompts = prompts
        self._shell_ref = weakref.ref(shell)  # weakly: the window holds its controller

    @property
    def _shell(self) -> ExchangeShell:
        shell = self._shell_ref()
        if shell is None:
            raise RuntimeError("The window of this controller is gone")
        return shell

    def export_accounts(self) -> ExportReport | None:
        """Ask for a file and export what the Directory shows to it; the report."""
        target = self.prompts.ask_path(PathPurpose.EXCHANGE, create=True, start=self._folder())
        return None if target is None else self.export_to(target)

    def import_accounts(self) -> ImportReport | None:
        """Ask for a file, preview it, import it as the user chooses; the report."""
        source = self.prompts.ask_path(PathPurpose.EXCHANGE, create=False, start=self._folder())
        return None if source is None else self.import_from(source)

    def export_to(self, target: Path) -> ExportReport | None:
        """Export what the Directory shows (its search and type filter, in its order)."""
        from desktop_app.interop.export import export_accounts
        from desktop_app.interop.progress import Cancelled

        query, sort = self._shell.export_listing()
        directory = self._shell.services.directory
        progress = self.prompts.progress("Export", f"Exporting accounts to {target.name}…")
        try:
            report = export_accounts(
                directory.stream(query, sort),
                directory.count(query),
                target,
                None,
                progress.report,
            )
        except Cancelled:
            self._shell.show_status("Export cancelled; no file was written", 10_000)
            return None
        except DomainError as error:
            self.prompts.show_error(error)
            return None
        finally:
            progress.close()
        accounts = f"{report.accounts:,} account{'s' * (report.accounts != 1)}"
        self._shell.show_status(f"Exported {accounts} to {report.path}", 15_000)
        return report

    def import_from(self, source: Path) -> ImportReport | None:
        """Preview ``source``, let the user choose, import, write the results back."""
        from desktop_app.interop.importer import ImportMode

        reason = self._shell.read_only_reason
        if reason is not None:
            self.prompts.show_error(ReadOnlyError(reason, NOTHING_IMPORTED))
            return None
        preview = self._run(source, ImportMode.PREVIEW, f"Checking {source.name}…")
        if preview is None:
            return None
        choice = self.prompts.review_import(preview)
        if choice is None:
            self._shell.show_status(CANCELLED, 10_000)
            return None
        report = self._run(source, choice.mode, f"Importing {source.name}…")
        if report is None:
            return None
        self._shell.refresh()
        if not report.committed:
            self.prompts.show_result("Nothing was imported", _changed_meanwhile(report))
            return report
        written = self._write_back(source, report, choice.results.path_for(source))
        self.prompts.show_result("Import finished", f"{report.summary()}{written}")
        self._shell.show_status(f"{source.name}: {report.summary()}", 15_000)
        return report

    def _run(self, source: Path, mode: ImportMode, label: str) -> ImportReport | None:
        """One pass over ``source`` under the progress dialog; None when cancelled or refused."""
        from desktop_app.interop.importer import import_file
        from desktop_app.interop.progress import Cancelled

        progress = self.prompts.progress("Import", label)
        try:
            return import_file(self._shell.services, source, mode, progress.report)
        except Cancelled:
            self._shell.show_status(CANCELLED, 10_000)
        except DomainError as error:
            self.prompts.show_error(error)
        finally:
            progress.close()
        return None

    def _write_back(self, source: Path, report: ImportReport, target: Path | None) -> str:
        from desktop_app.interop.writeback import write_results

        if target is None or not report.results:
            return ""
        outcome: list[BaseException | None] = []

        def write() -> None:  # files only, no workspace: safe beside the window's thread
            try:
                write_results(source, target, report.results)
            except BaseException as exc:  # handed to the window's thread below
                outcome.append(exc)
            else:
                outcome.append(None)

        progress = self.prompts.progress("Import", f"Writing the new IDs to {target.name}…")
        progress.forbid_cancel()  # the accounts are saved; the file is written whole
        worker = threading.Thread(target=write, name="write-results", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                progress.report(0, 0)
                worker.join(0.05)
        finally:
            progress.close()
        error = outcome[0] if outcome else None
        if isinstance(error, DomainError):
            self.prompts.show_error(error)
            return ""
        if error is not None:
            raise error
        return f"\n\nThe new IDs and external UIDs are written to {target}."

    def _folder(self) -> Path | None:
        path = self._shell.workspace_path
        return path.parent if path is not None else None


def _changed_meanwhile(report: ImportReport) -> str:
    return (
        f"{report.summary()}\n\nThe workspace changed since the preview and "
        f"{report.error_rows:,} row{'s' * (report.error_rows != 1)} now have errors; "
        "import the file again to see them."
    )
