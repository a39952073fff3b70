"""Prompts for tests: scripted answers, or the real dialogs with a few answers scripted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import DomainError
from desktop_app.interop.importer import ImportReport
from desktop_app.ui.exchange.import_preview_dialog import ImportChoice
from desktop_app.ui.prompts import PathPurpose, Progress, WidgetPrompts
from desktop_app.ui.team_workspace.server_fields import ServerFields
from desktop_app.ui.workspace import TeamWorkspaceOpener, WorkspaceHandle


@dataclass
class AskedPath:
    """One ``ask_path`` call."""

    purpose: PathPurpose
    create: bool
    start: Path | None


class ScriptedPrompts(WidgetPrompts):
    """The window's real dialogs, except for the answers a test scripts.

    ``path`` answers every file dialog; ``confirm`` gets the question, ``review`` the
    preview's report, ``progress`` (a JobProgress class) the window, title and label.
    Left None, the real dialog shows.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        path: Path | None = None,
        confirm: Callable[[str], bool] | None = None,
        review: Callable[[ImportReport], ImportChoice | None] | None = None,
        progress: Callable[[QWidget, str, str], Progress] | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.confirm_with = confirm
        self.review = review
        self.progress_with = progress
        self.asked: list[AskedPath] = []

    def ask_path(self, purpose: PathPurpose, *, create: bool, start: Path | None) -> Path | None:
        """The scripted path (the real dialog when there is none)."""
        self.asked.append(AskedPath(purpose, create, start))
        if self.path is None:
            return super().ask_path(purpose, create=create, start=start)
        return self.path

    def confirm(self, title: str, question: str, action: str, *, destructive: bool = True) -> bool:
        """The scripted answer to ``question``."""
        if self.confirm_with is None:
            return super().confirm(title, question, action, destructive=destructive)
        return self.confirm_with(question)

    def review_import(self, report: ImportReport) -> ImportChoice | None:
        """The scripted choice."""
        if self.review is None:
            return super().review_import(report)
        return self.review(report)

    def progress(self, title: str, label: str) -> Progress:
        """The scripted progress."""
        if self.progress_with is None:
            return super().progress(title, label)
        return self.progress_with(self._parent, title, label)


class FakeProgress:
    """Counts reports; cancels once ``cancel_after`` rows are reported (None: never)."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.cancel_after = cancel_after
        self.reports = 0
        self.closed = False
        self.cancellable = True
        self.labels: list[str] = []
        self.cancel: Callable[[], None] = lambda: None

    def report(self, done: int, total: int) -> bool:
        """False once ``cancel_after`` rows are done."""
        self.reports += 1
        return self.cancel_after is None or done < self.cancel_after

    def set_label(self, label: str) -> None:
        """Noted."""
        self.labels.append(label)

    def on_cancel(self, cancel: Callable[[], None]) -> None:
        """Kept: ``cancel()`` presses Cancel."""
        self.cancel = cancel

    def forbid_cancel(self) -> None:
        """Noted."""
        self.cancellable = False

    def close(self) -> None:
        """Noted."""
        self.closed = True


@dataclass
class FakePrompts:
    """No widget at all: the answers given, and what was asked and told."""

    paths: list[Path | None] = field(default_factory=list)
    """The answers to the file dialogs, in order; None when they run out."""
    confirm_answer: bool = False
    choice: ImportChoice | None = None
    cancel_after: int | None = None
    asked: list[AskedPath] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    reviewed: list[ImportReport] = field(default_factory=list)
    errors: list[DomainError] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)
    progresses: list[FakeProgress] = field(default_factory=list)

    def ask_path(self, purpose: PathPurpose, *, create: bool, start: Path | None) -> Path | None:
        """The next scripted path."""
        self.asked.append(AskedPath(purpose, create, start))
        return self.paths.pop(0) if self.paths else None

    def confirm(self, title: str, question: str, action: str, *, destructive: bool = True) -> bool:
        """``confirm_answer``."""
        self.questions.append(question)
        return self.confirm_answer

    def review_import(self, report: ImportReport) -> ImportChoice | None:
        """``choice``."""
        self.reviewed.append(report)
        return self.choice

    def progress(self, title: str, label: str) -> Progress:
        """A FakeProgress."""
        progress = FakeProgress(self.cancel_after)
        self.progresses.append(progress)
        return progress

    def ask_team_workspace(
        self, opener: TeamWorkspaceOpener, recent: list[str]
    ) -> tuple[WorkspaceHandle, ServerFields] | None:
        """Cancelled."""
        return None

    def show_error(self, error: DomainError) -> None:
        """Noted."""
        self.errors.append(error)

    def show_result(self, title: str, text: str) -> None:
        """Noted."""
        self.results.append((title, text))
