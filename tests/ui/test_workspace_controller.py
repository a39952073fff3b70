"""The workspace controller on a fake window and fake Prompts: what it asks and what it does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import StorageError
from desktop_app.ui.prompts import PathPurpose
from desktop_app.ui.workspace import WorkspaceBackups, WorkspaceHandle, WorkspaceOpener
from desktop_app.ui.workspace_controller import WorkspaceController
from tests.support.prompts import FakePrompts

NO_SERVICES: Any = object()
"""The services of a workspace the controller hands on without reading."""


class FakeShell:
    """A window that notes what it was told."""

    def __init__(self, read_only_reason: str | None = None) -> None:
        self.read_only_reason = read_only_reason
        self.adopted: list[WorkspaceHandle] = []
        self.reloads = 0
        self.refreshes = 0
        self.status: list[str] = []

    def adopt(self, handle: WorkspaceHandle) -> None:
        self.adopted.append(handle)

    def reload(self) -> None:
        self.reloads += 1

    def refresh(self) -> None:
        self.refreshes += 1

    def show_status(self, message: str, timeout_ms: int) -> None:
        self.status.append(message)


class FakeBackups:
    """Back up and restore by noting the calls."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.backed_up: list[Path] = []
        self.restored: list[Path] = []

    def handles(self) -> WorkspaceBackups:
        def back_up(target: Path) -> Path:
            self.backed_up.append(target)
            return target

        def restore(source: Path) -> Path:
            self.restored.append(source)
            return self.folder / "workspace-before-restore.sqlite"

        return WorkspaceBackups(self.folder, back_up, lambda _path: "3 accounts", restore)


def controller(
    tmp_path: Path,
    prompts: FakePrompts,
    shell: FakeShell | None = None,
    open_workspace: WorkspaceOpener | None = None,
) -> tuple[WorkspaceController, FakeShell, FakeBackups]:
    folder = tmp_path / "workspace.sqlite.backups"
    folder.mkdir(exist_ok=True)
    backups = FakeBackups(folder)
    shell = shell or FakeShell()
    made = WorkspaceController(
        shell,
        prompts,
        path=tmp_path / "workspace.sqlite",
        backups=backups.handles(),
        open_workspace=open_workspace,
    )
    return made, shell, backups


def test_back_up_suggests_a_dated_file_in_the_backup_folder(qapp, tmp_path):
    target = tmp_path / "mine.sqlite"
    prompts = FakePrompts(paths=[target])
    made, shell, backups = controller(tmp_path, prompts)
    assert made.back_up() == target
    (asked,) = prompts.asked
    assert (asked.purpose, asked.create) == (PathPurpose.BACKUP, True)
    assert asked.start is not None and asked.start.parent == backups.folder
    assert re.fullmatch(r"workspace-backup-\d{4}-\d\d-\d\d-\d{4}\.sqlite", asked.start.name)
    assert backups.backed_up == [target]
    assert shell.status == [f"Backed up to {target}"]


def test_a_cancelled_back_up_writes_nothing(qapp, tmp_path):
    made, shell, backups = controller(tmp_path, FakePrompts())
    assert made.back_up() is None
    assert backups.backed_up == [] and shell.status == []


def test_restore_is_refused_when_the_user_says_no(qapp, tmp_path):
    backup = tmp_path / "backup.sqlite"
    prompts = FakePrompts(paths=[backup], confirm_answer=False)
    made, shell, backups = controller(tmp_path, prompts)
    assert not made.restore()
    assert prompts.asked[0].start == backups.folder
    (question,) = prompts.questions
    assert "Replace the data of workspace.sqlite with the backup backup.sqlite?" in question
    assert "3 accounts" in question
    assert backups.restored == [] and shell.reloads == 0


def test_restore_replaces_the_data_and_reads_everything_again(qapp, tmp_path):
    backup = tmp_path / "backup.sqlite"
    made, shell, backups = controller(tmp_path, FakePrompts(paths=[backup], confirm_answer=True))
    assert made.restore()
    assert backups.restored == [backup] and shell.reloads == 1
    assert shell.status[0].startswith("Restored backup.sqlite; the data from before is kept")


def test_restore_into_a_read_only_workspace_asks_nothing(qapp, tmp_path):
    prompts = FakePrompts(paths=[tmp_path / "backup.sqlite"], confirm_answer=True)
    made, _shell, backups = controller(tmp_path, prompts, FakeShell("the file is damaged"))
    assert not made.restore()
    assert prompts.asked == [] and backups.restored == []
    assert isinstance(prompts.errors[0], StorageError)


def test_new_database_suggests_an_unused_name_and_refuses_an_existing_file(qapp, tmp_path):
    (tmp_path / "workspace.sqlite").touch()
    opened: list[tuple[Path, bool]] = []

    def open_workspace(path: Path, create: bool) -> WorkspaceHandle:
        opened.append((path, create))
        return WorkspaceHandle(NO_SERVICES, path, None, lambda: None)

    prompts = FakePrompts(paths=[tmp_path / "workspace.sqlite"])
    made, shell, _backups = controller(tmp_path, prompts, None, open_workspace)
    assert not made.new_database()
    assert prompts.asked[0].start == tmp_path / "workspace-2.sqlite"
    assert "already exists" in prompts.errors[0].message
    assert opened == [] and shell.adopted == []

    second = tmp_path / "second.sqlite"
    prompts.paths = [second]
    assert made.new_database()
    assert opened == [(second, True)]
    assert made.path == second and made.backups is None
    assert [handle.path for handle in shell.adopted] == [second]
