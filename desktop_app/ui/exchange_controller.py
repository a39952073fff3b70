"""File → Export… and File → Import…: ask for the file, preview, write, each job on its thread."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery, SortSpec
from desktop_app.services.write_permission import NOTHING_IMPORTED, ReadOnlyError
from desktop_app.ui.background_job import BackgroundJob, JobControl
from desktop_app.ui.prompts import PathPurpose, Prompts

if TYPE_CHECKING:
    from desktop_app.interop.export import ExportReport
    from desktop_app.interop.importer import ImportMode, ImportReport

R = TypeVar("R")

CANCELLED: Final = "Import cancelled; nothing was written"
Written = Path | DomainError | None
"""What became of an import's new IDs: the file they went to, why they could not, or none."""


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


class ExchangeController(QObject):
    """Exports the Directory's accounts and imports customer files, asking through Prompts.

    Each job runs on a thread of its own over its own connection to the workspace
    (:class:`BackgroundJob`); the window stays live under the progress dialog. The methods
    return at once; :attr:`finished` tells how the user's action ended.
    """

    finished = Signal(object)
    """The action ended: its ExportReport or ImportReport, None when cancelled or refused."""

    def __init__(self, shell: ExchangeShell, prompts: Prompts) -> None:
        super().__init__(shell if isinstance(shell, QObject) else None)
        self.prompts = prompts
        self._shell_ref = weakref.ref(shell)  # weakly: the window holds its controller

    @property
    def _shell(self) -> ExchangeShell:
        shell = self._shell_ref()
        if shell is None:
            raise RuntimeError("The window of this controller is gone")
        return shell

    @property
    def busy(self) -> bool:
        """True while a job of this controller runs."""
        return any(job.running for job in self.findChildren(BackgroundJob))

    def export_accounts(self) -> None:
        """Ask for a file and export what the Directory shows to it."""
        target = self.prompts.ask_path(PathPurpose.EXCHANGE, create=True, start=self._folder())
        if target is None:
            self.finished.emit(None)
        else:
            self.export_to(target)

    def import_accounts(self) -> None:
        """Ask for a file, preview it, import it as the user chooses."""
        source = self.prompts.ask_path(PathPurpose.EXCHANGE, create=False, start=self._folder())
        if source is None:
            self.finished.emit(None)
        else:
            self.import_from(source)

    def export_to(self, target: Path) -> None:
        """Export what the Directory shows (its search and type filter, in its order)."""
        from desktop_app.interop.export import export_accounts
        from desktop_app.interop.progress import Cancelled

        query, sort = self._shell.export_listing()
        services = self._shell.services

        def work(control: JobControl) -> ExportReport:
            own, close = services.on_own_connection()
            rows = own.directory.stream(query, sort)
            try:
                total = own.directory.count(query)
                return export_accounts(rows, total, target, None, control.report)
            finally:
                if isinstance(rows, Generator):  # its cursor ends here, on its own thread
                    rows.close()
                close()

        def done(report: ExportReport) -> None:
            accounts = f"{report.accounts:,} account{'s' * (report.accounts != 1)}"
            self._shell.show_status(f"Exported {accounts} to {report.path}", 15_000)
            self.finished.emit(report)

        def cancelled() -> None:
            self._shell.show_status("Export cancelled; no file was written", 10_000)
            self.finished.emit(None)

        self._start(
            "Export",
            f"Exporting accounts to {target.name}…",
            work,
            done,
            cancelled=cancelled,
            cancelled_by=(Cancelled,),
        )

    def import_from(self, source: Path) -> None:
        """Preview ``source``, let the user choose, import, write the results back."""
        from desktop_app.interop.importer import ImportMode

        reason = self._shell.read_only_reason
        if reason is not None:
            self.prompts.show_error(ReadOnlyError(reason, NOTHING_IMPORTED))
            self.finished.emit(None)
            return
        self._run(source, ImportMode.PREVIEW, f"Checking {source.name}…", self._reviewed)

    def _reviewed(self, source: Path, preview: ImportReport, _written: Written) -> None:
        choice = self.prompts.review_import(preview)
        if choice is None:
            self._shell.show_status(CANCELLED, 10_000)
            self.finished.emit(None)
            return
        target = choice.results.path_for(source)
        self._run(source, choice.mode, f"Importing {source.name}…", self._imported, target)

    def _imported(self, source: Path, report: ImportReport, written: Written) -> None:
        self._shell.refresh()
        if not report.committed:
            self.prompts.show_result("Nothing was imported", _changed_meanwhile(report))
            self.finished.emit(report)
            return
        where = ""
        if isinstance(written, DomainError):  # the accounts stay imported: say both
            self.prompts.show_error(written)
        elif written is not None:
            where = f"\n\nThe new IDs and external UIDs are written to {written}."
        self.prompts.show_result("Import finished", f"{report.summary()}{where}")
        self._shell.show_status(f"{source.name}: {report.summary()}", 15_000)
        self.finished.emit(report)

    def _run(
        self,
        source: Path,
        mode: ImportMode,
        label: str,
        then: Callable[[Path, ImportReport, Written], None],
        target: Path | None = None,
    ) -> None:
        """One pass over ``source`` under the progress dialog; ``then`` unless cancelled.

        With a ``target``, the new IDs are written into it while the import commits, and put
        in place once it has; ``then`` gets what became of them.
        """
        from desktop_app.interop.progress import Cancelled
        from desktop_app.interop.writeback import import_writing_results

        services = self._shell.services

        def work(control: JobControl) -> tuple[ImportReport, Written]:
            def committing(report: ImportReport) -> None:
                control.past_return()  # Cancel would not stop it now
                if target is not None and report.results:
                    control.stage(f"Saving, and writing the new IDs to {target.name}…")

            own, close = services.on_own_connection()
            try:
                return import_writing_results(own, source, mode, control.report, target, committing)
            finally:
                close()

        def cancelled() -> None:
            self._shell.show_status(CANCELLED, 10_000)
            self.finished.emit(None)

        self._start(
            "Import",
            label,
            work,
            lambda outcome: then(source, *outcome),
            cancelled=cancelled,
            cancelled_by=(Cancelled,),
        )

    def _start(
        self,
        title: str,
        label: str,
        work: Callable[[JobControl], R],
        done: Callable[[R], None],
        *,
        cancelled: Callable[[], None] | None = None,
        cancelled_by: tuple[type[BaseException], ...] = (),
        cancellable: bool = True,
        failed: Callable[[DomainError], None] | None = None,
    ) -> None:
        def refused(error: DomainError) -> None:
            self.prompts.show_error(error)
            self.finished.emit(None)

        BackgroundJob(
            self,
            title,
            self.prompts.progress(title, label),
            work,
            done=done,
            prompts=self.prompts,
            cancelled=cancelled,
            failed=failed or refused,
            cancelled_by=cancelled_by,
            cancellable=cancellable,
        ).start()

    def _folder(self) -> Path | None:
        path = self._shell.workspace_path
        return path.parent if path is not None else None


def _changed_meanwhile(report: ImportReport) -> str:
    return (
        f"{report.summary()}\n\nThe workspace changed since the preview and "
        f"{report.error_rows:,} row{'s' * (report.error_rows != 1)} now have errors; "
        "import the file again to see them."
    )
