"""Every file dialog, browsing the workspace's own folder, leaves SQLite guarding the workspace.

Qt's default icon provider reads each listed file to find its type; closing that descriptor
of the open workspace dropped every POSIX lock SQLite held on it, and another process's
connect and disconnect then deleted the ``-wal`` still in use: committed data was lost and
the file corrupted. Each dialog here is opened from the main window's own action, pointed at
the workspace's folder in the detail view, and cancelled; then a second process connects
and disconnects, the window saves an account, another process imports one, F5 shows it, and
after quitting ``desktop-app check`` is clean with both accounts in the file.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from desktop_app.ui.main_window import MainWindow
from tests.interop.sheets import csv_file, row
from tests.support.processes import run_desktop_app
from tests.support.sqlite_locks import ConnectProbe, can_see_locks, locked_files
from tests.support.windows import window_over
from tests.support.world import draft, open_world

LISTED_FOR_S = 0.6
"""How long a dialog stays open after its folder is listed: icons and types are fetched."""
GIVE_UP_S = 15.0


class BrowseThenCancel:
    """Points the next file dialog at ``folder`` in the detail view, waits, then cancels it.

    The folder counts as listed once one of ``expected`` shows (the workspace itself is
    hidden by the filters of the Export and Import dialogs, yet still typed).
    """

    def __init__(self, folder: Path, *expected: Path) -> None:
        self.folder, self.expected = folder, expected
        self.dialog: QFileDialog | None = None
        self.title = ""
        self.listed_at: float | None = None
        self.started = time.monotonic()
        self.timed_out = False
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        if time.monotonic() - self.started > GIVE_UP_S:
            self.timed_out = True
            self._finish()
            return
        if self.dialog is None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QFileDialog):
                self.dialog, self.title = dialog, dialog.windowTitle()
                dialog.setViewMode(QFileDialog.ViewMode.Detail)
                dialog.setDirectory(str(self.folder))
            return
        if self.listed_at is None:
            model = self.dialog.findChild(QFileSystemModel)
            if model is not None and any(model.index(str(p)).isValid() for p in self.expected):
                self.listed_at = time.monotonic()
            return
        if time.monotonic() - self.listed_at >= LISTED_FOR_S:
            self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()


def _open_and_cancel(window: MainWindow, action: str, workspace: Path) -> BrowseThenCancel:
    kept = [workspace.with_name(f"customers-2026-11-30.{suffix}") for suffix in ("xlsx", "csv")]
    for path in kept:  # exports the user keeps beside the workspace
        path.write_text("not read by this test\n")
    browsing = BrowseThenCancel(workspace.parent, workspace, *kept)
    getattr(window.app_actions, action).trigger()  # exec() runs until the dialog is cancelled
    assert browsing.dialog is not None and not browsing.timed_out, action
    return browsing


@pytest.mark.parametrize(
    ("action", "title"),
    [
        ("export_accounts", "Export Accounts"),
        ("import_accounts", "Import Accounts"),
        ("back_up", "Back Up Workspace"),
        ("restore", "Restore Backup"),
        ("open_database", "Open Database"),
        ("new_database", "New Database"),
    ],
)
def test_a_file_dialog_on_the_workspace_folder_keeps_it_guarded(qtbot, tmp_path, action, title):
    window = window_over(qtbot, tmp_path, ["Alpha Trading GmbH", "Beta Systems AG"])
    workspace = tmp_path / "workspace.sqlite"
    wal = tmp_path / "workspace.sqlite-wal"
    assert window.directory_view.model.rowCount() == 2 and wal.exists()

    browsing = _open_and_cancel(window, action, workspace)

    assert browsing.title == title
    if can_see_locks():
        assert locked_files(workspace) == {"db", "shm"}
    probe = ConnectProbe()
    try:
        assert probe.touch(workspace) == "ok"
    finally:
        probe.close()
    assert wal.exists(), "another process's disconnect deleted the write-ahead log in use"

    window.services.accounts.create(draft(name="Gamma Fenster GmbH", external_id="Gamma"))
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    source = csv_file(
        incoming / "one.csv", [row(Company_Name="Delta Import AG", External_ID="Delta")]
    )
    imported = run_desktop_app("import", "--db", str(workspace), str(source), "--results", "none")
    assert imported.returncode == 0, imported.stdout + imported.stderr

    window.activateWindow()
    qtbot.keyClick(window.directory_view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.directory_view.model.rowCount() == 4)
    window.close()

    checked = run_desktop_app("check", "--db", str(workspace))
    assert checked.returncode == 0 and "Clean." in checked.stdout, checked.stdout
    world = open_world(workspace, seed_catalog=False)
    try:
        rows = world.store.db.execute_sql(
            "SELECT name FROM tier_account WHERE decommissioned_at IS NULL"
        ).fetchall()
        names = {name for (name,) in rows}
    finally:
        world.store.close()
    assert {"Gamma Fenster GmbH", "Delta Import AG"} <= names
