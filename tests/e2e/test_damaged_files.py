"""Starting the window on a damaged or unusual file: a dialog, a line on stderr, no change."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import app as app_module
from desktop_app.persistence import migrations
from desktop_app.ui import application
from desktop_app.ui.error_hook import active_error_hook
from desktop_app.ui.main_window import MainWindow
from tests.support.world import draft, open_world


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def workspace(tmp_path: Path) -> Path:
    world = open_world(tmp_path / "w.sqlite")
    for number in range(40):
        world.services.accounts.create(draft(name=f"Account {number}"))
    world.store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    world.store.close()
    return world.path


def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    return path


def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list: milk, bread\n" * 20)
    return path


def truncated(tmp_path: Path) -> Path:
    path = workspace(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def newer(tmp_path: Path) -> Path:
    path = workspace(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


def another_application(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (empty, "is empty (0 bytes)"),
        (text_file, "is not a workspace file (it is not a SQLite database)"),
        (truncated, "is damaged: it is shorter than its own header says (truncated)"),
        (newer, "was saved by a newer version of the application"),
        (another_application, "is a SQLite database of another application"),
    ],
)
def test_main_refuses_the_file_with_a_dialog_and_a_line(
    tmp_path, monkeypatch, capsys, qapp, make: Callable[[Path], Path], message: str
):
    path = make(tmp_path)
    before = digest(path)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(app_module, "default_log_path", lambda: tmp_path / "logs" / "app.log")
    monkeypatch.setattr(application, "dialogs_are_seen", lambda: True)  # none offscreen

    assert app_module.main(["--db", str(path)]) == 2

    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Tier Accounts"
    assert message in text
    err = capsys.readouterr().err
    assert f"desktop-app: {text}" in err
    assert "Traceback" not in err
    assert digest(path) == before, "never written, never migrated"
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "reading a WAL file may leave it empty"
    assert not (tmp_path / f"{path.name}.backups").exists()
    assert active_error_hook() is None, "main puts the hooks back"


def test_main_refuses_a_missing_folder(tmp_path, monkeypatch, capsys, qapp):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(application, "dialogs_are_seen", lambda: True)  # none offscreen
    missing = tmp_path / "no such folder" / "w.sqlite"
    assert app_module.main(["--db", str(missing)]) == 2
    assert "does not exist" in shown[0]
    assert "does not exist" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_main_opens_read_only_says_so_and_catches_errors_while_running(
    tmp_path, monkeypatch, capsys, qapp
):
    path = workspace(tmp_path)
    before = digest(path)
    log_path = tmp_path / "logs" / "app.log"
    monkeypatch.setattr(app_module, "default_log_path", lambda: log_path)
    monkeypatch.setattr(
        app_module,
        "create_main_window",
        partial(app_module.create_main_window, settings_path=tmp_path / "settings.ini"),
    )
    seen: list[object] = []

    def run_event_loop(_app: QApplication) -> int:
        hook = active_error_hook()
        seen.append(hook.log_file if hook is not None else None)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.read_only_reason)
                seen.append(widget.read_only_banner.isVisible())
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert app_module.main(["--db", str(path), "--read-only"]) == 0

    assert seen == [log_path, "it was opened for reading only", True]
    assert f"{path} is open read-only: it was opened for reading only" in capsys.readouterr().err
    assert active_error_hook() is None
    assert digest(path) == before


def test_a_bug_while_opening_shows_the_report_and_logs_it(tmp_path, monkeypatch, capsys, qapp):
    from desktop_app.ui.dialogs.crash_report_dialog import CrashReportDialog

    log_path = tmp_path / "logs" / "app.log"
    monkeypatch.setattr(app_module, "default_log_path", lambda: log_path)

    def broken_window(*_args: object, **_kwargs: object) -> MainWindow:
        raise RuntimeError("a bug while building the window")

    reports: list[str] = []

    def show_modally(dialog: CrashReportDialog) -> int:
        reports.append(dialog.report_text())
        dialog.close()
        return 0

    monkeypatch.setattr(app_module, "create_main_window", broken_window)
    monkeypatch.setattr(CrashReportDialog, "exec", show_modally)
    monkeypatch.setattr(application, "dialogs_are_seen", lambda: True)  # none offscreen
    assert app_module.main(["--db", str(tmp_path / "w.sqlite")]) == 1

    assert len(reports) == 1
    assert "RuntimeError: a bug while building the window" in reports[0]
    assert "Traceback (most recent call last)" in log_path.read_text(encoding="utf-8")
    assert "unexpected error (RuntimeError" in capsys.readouterr().err
    assert active_error_hook() is None
