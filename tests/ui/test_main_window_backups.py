"""File → Back Up… and Restore… in the window: a copy while open, a checked, confirmed restore."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox

from desktop_app.app import create_main_window
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.prompts import PathPurpose
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import action, names_in, window_over
from tests.support.world import draft


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def create_through_services(window: MainWindow, name: str) -> None:
    window.services.accounts.create(draft(name=name))
    window.refresh()


def test_back_up_and_restore_sit_in_the_file_menu(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, [])
    file_menu = window.findChild(QMenu, "file_menu")
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts[:5] == [
        "&New Database…",
        "&Open Database…",
        "Open &Team Workspace…",
        "&Back Up…",
        "&Restore…",
    ]
    assert action(window, "action_back_up").isEnabled()
    assert action(window, "action_restore").isEnabled()
    window.close()


def test_back_up_writes_a_copy_the_workspace_keeps_working(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller"])
    target = tmp_path / "my-backup.sqlite"
    prompts = window.prompts = ScriptedPrompts(window, path=target)
    action(window, "action_back_up").trigger()

    assert [(a.create, a.purpose) for a in prompts.asked] == [(True, PathPurpose.BACKUP)]
    assert "Backed up to" in window.statusBar().currentMessage()
    create_through_services(window, "Gamma Reseller")
    window.close()
    assert names_in(target) == ["Alpha Reseller", "Beta Reseller"]
    assert names_in(tmp_path / "workspace.sqlite") == [
        "Alpha Reseller",
        "Beta Reseller",
        "Gamma Reseller",
    ]


def test_a_refused_back_up_is_explained(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    window.prompts = ScriptedPrompts(window, path=window_path(tmp_path))
    action(window, "action_back_up").trigger()
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "is the workspace itself" in box.text()
    box.close()
    window.close()


def window_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.sqlite"


def test_restore_asks_then_replaces_the_data_and_refreshes_every_view(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    backup = tmp_path / "backup.sqlite"
    prompts = window.prompts = ScriptedPrompts(window, path=backup)
    action(window, "action_back_up").trigger()
    backup_digest = digest(backup)

    create_through_services(window, "Made After The Backup")
    later = window.services.accounts.create(draft(name="Open In A Tab")).account
    window.refresh()
    window.open_account(later.id)
    assert window.directory_view.count_label.text() == "3 accounts"

    questions = []

    def confirm(question: str) -> bool:
        questions.append(question)
        return True

    prompts.confirm_with = confirm
    action(window, "action_restore").trigger()

    assert len(questions) == 1
    assert "Replace the data of workspace.sqlite with the backup backup.sqlite?" in questions[0]
    assert "1 live tier account (schema" in questions[0]
    assert window.account_views() == [], "tabs of the data before are closed"
    assert window.tabs.currentWidget() is window.overview.tab  # the first tab, as on opening
    assert window.directory_view.count_label.text() == "1 account"
    assert "Restored backup.sqlite" in window.statusBar().currentMessage()
    assert digest(backup) == backup_digest, "the backup is only read"

    create_through_services(window, "After The Restore")  # the workspace stays writable
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["After The Restore", "Alpha Reseller"]
    safety = sorted((tmp_path / "workspace.sqlite.backups").glob("workspace-before-restore-*"))
    assert len(safety) == 1
    assert names_in(safety[0]) == ["Alpha Reseller", "Made After The Backup", "Open In A Tab"]


def test_restore_cancelled_changes_nothing(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    backup = tmp_path / "backup.sqlite"
    prompts = window.prompts = ScriptedPrompts(window, path=backup)
    action(window, "action_back_up").trigger()
    create_through_services(window, "Kept")
    prompts.confirm_with = lambda question: False
    action(window, "action_restore").trigger()
    assert window.directory_view.count_label.text() == "2 accounts"
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller", "Kept"]
    assert not (tmp_path / "workspace.sqlite.backups").exists()


def test_a_damaged_backup_is_refused_before_any_question(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 300)
    prompts = window.prompts = ScriptedPrompts(window, path=bad)
    asked = []
    prompts.confirm_with = lambda question: asked.append(question) or True
    action(window, "action_restore").trigger()

    assert asked == []
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "damaged" in box.text()
    assert box.windowTitle() == "Workspace problem"
    box.close()
    assert window.directory_view.count_label.text() == "1 account"
    assert bad.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 300
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller"]


def test_another_window_on_the_workspace_sees_the_restored_data(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    backup = tmp_path / "backup.sqlite"
    prompts = window.prompts = ScriptedPrompts(window, path=backup)
    action(window, "action_back_up").trigger()
    create_through_services(window, "Gone After The Restore")

    other = create_main_window(window.workspace_path, settings_path=tmp_path / "other.ini")
    qtbot.addWidget(other)
    assert other.directory_view.count_label.text() == "2 accounts"

    prompts.confirm_with = lambda question: True
    action(window, "action_restore").trigger()
    assert other.refresh_if_changed(), (
        f"modal: {QApplication.activeModalWidget()!r}, dialogs: "
        f"{[d.objectName() for d in other.findChildren(QDialog) if d.isVisible()]}, "
        f"version {other.services.workspace.data_version()}"
    )
    assert other.directory_view.count_label.text() == "1 account"
    other.close()
    window.close()
