"""Starting on a file of an older version: a window says it is being updated, then it opens."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from desktop_app import app as app_module
from desktop_app.domain.errors import StorageError
from desktop_app.persistence import database
from desktop_app.persistence.backups import backup_folder
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.ui import application, schema_update
from desktop_app.ui.main_window import MainWindow

OLD_FILE = Path(__file__).parents[1] / "persistence" / "data" / "workspace-v1.sqlite"


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def shown_update_dialogs() -> list[QProgressDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.objectName() == "schema_update_dialog"
    ]


def test_an_older_file_is_updated_off_the_windows_thread_while_a_window_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(OLD_FILE, path)
    monkeypatch.setattr(application, "dialogs_are_seen", lambda: True)  # none offscreen
    monkeypatch.setattr(app_module, "default_log_path", lambda: tmp_path / "logs" / "app.log")
    monkeypatch.setattr(
        app_module,
        "create_main_window",
        partial(app_module.create_main_window, settings_path=tmp_path / "settings.ini"),
    )
    seen: list[object] = []
    update = database.update_file

    def watched_update(target: Path, *args: Any, **kwargs: Any) -> None:
        seen.append(threading.current_thread().name)
        update(target, *args, **kwargs)

    monkeypatch.setattr(database, "update_file", watched_update)
    dialogs: list[str] = []

    def look_at_the_dialog() -> None:  # on the window's thread, while the update runs
        dialogs.extend(d.labelText() for d in shown_update_dialogs() if d.isVisible())

    QTimer.singleShot(0, look_at_the_dialog)

    def run_event_loop(_app: QApplication) -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.directory_view.model.rowCount() > 0)
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert app_module.main(["--db", str(path)]) == 0

    assert seen == ["workspace-update", True]  # updated on a thread of its own, then shown
    assert dialogs and "old.sqlite" in dialogs[0] and "schema 1" in dialogs[0]
    assert str(backup_folder(path)) in dialogs[0]
    assert not shown_update_dialogs()  # gone, not merely hidden: nothing is left for later
    assert user_version(path) == LATEST_VERSION
    assert list(backup_folder(path).glob("*.sqlite"))  # the backup it spoke of


def test_a_file_at_this_version_opens_with_no_such_window(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(OLD_FILE, path)
    assert database.schema_behind(path) == 1
    database.update_file(path)
    assert database.schema_behind(path) is None
    assert database.schema_behind(tmp_path / "missing.sqlite") is None
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all")
    assert database.schema_behind(tmp_path / "junk.sqlite") is None  # opening says why


def test_what_the_work_raises_is_raised_on_the_callers_thread(qapp: QApplication) -> None:
    def refuse() -> None:
        raise StorageError("The disk is full.")

    with pytest.raises(StorageError, match="disk is full"):
        schema_update.run_showing("Updating", refuse)
    assert not shown_update_dialogs()  # gone, not merely hidden: nothing is left for later


def test_the_window_keeps_running_while_the_work_runs(qapp: QApplication) -> None:
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.timeout.connect(lambda: release.set() if len(ticks) >= 3 else None)
    timer.start(10)

    def work() -> None:
        assert release.wait(10)

    schema_update.run_showing("Updating", work)
    timer.stop()
    assert len(ticks) >= 3  # the timer ticked while the work waited: the loop ran
