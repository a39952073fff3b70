"""Unexpected errors anywhere: logged with the traceback, shown in a copyable report, survived."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

from desktop_app.ui.dialogs.crash_report_dialog import CRASH_DIALOG_NAME, CrashReportDialog
from desktop_app.ui.error_hook import (
    ErrorHook,
    active_error_hook,
    install_error_hook,
    uninstall_error_hook,
)
from desktop_app.ui.main_window import MainWindow
from tests.support.world import World, draft

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "desktop-app.log"


@pytest.fixture
def hook(log_file: Path) -> Iterator[ErrorHook]:
    previous, previous_thread = sys.excepthook, threading.excepthook
    installed = install_error_hook(log_file)
    yield installed
    dialog = installed.dialog()
    uninstall_error_hook()
    if dialog is not None:
        dialog.close()
    assert sys.excepthook is previous
    assert threading.excepthook is previous_thread


def shown_window(qtbot, world: World) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def crash_dialog(window: MainWindow) -> CrashReportDialog | None:
    found = window.findChild(CrashReportDialog, CRASH_DIALOG_NAME)
    if found is not None:
        return found
    tops = [  # shown: another test's closed dialog may not be collected yet
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, CrashReportDialog) and w.isVisible()
    ]
    return tops[0] if tops else None


def add_broken_button(window: MainWindow) -> QPushButton:
    button = QPushButton("Break", window)
    button.setObjectName("broken_button")

    def broken_slot() -> None:
        raise RuntimeError("a bug in a slot")

    button.clicked.connect(broken_slot)
    button.show()
    return button


def test_an_error_in_a_slot_is_logged_shown_and_the_window_keeps_working(
    qtbot, world, hook, log_file
):
    world.services.accounts.create(draft(name="Before The Error"))
    window = shown_window(qtbot, world)
    button = add_broken_button(window)
    assert not log_file.exists(), "nothing is written before the first error"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: crash_dialog(window) is not None)

    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: a bug in a slot" in logged
    assert "broken_slot" in logged

    dialog = crash_dialog(window)
    assert dialog is hook.dialog()
    assert dialog.isVisible()
    assert not dialog.isModal()
    report = dialog.findChild(QPlainTextEdit, "report_edit")
    assert report.isReadOnly()
    assert "RuntimeError: a bug in a slot" in report.toPlainText()
    assert "Traceback (most recent call last)" in report.toPlainText()
    assert str(log_file) in dialog.intro_label.text()

    copy = dialog.findChild(QPushButton, "copy_button")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report.toPlainText()

    # the window still works: an action, a service call and a refresh
    window.services.accounts.create(draft(name="After The Error"))
    window.findChild(QAction, "action_refresh").trigger()
    assert window.directory_view.count_label.text() == "2 accounts"
    dialog.findChild(QPushButton, "close_button").click()
    qtbot.waitUntil(lambda: hook.dialog() is None)


def test_a_burst_of_errors_shares_one_dialog(qtbot, world, hook, log_file):
    window = shown_window(qtbot, world)
    buttons = []
    for number in range(3):
        button = QPushButton(f"Break {number}", window)

        def broken_slot(_checked: bool = False, number: int = number) -> None:
            raise RuntimeError(f"bug number {number}")

        button.clicked.connect(broken_slot)
        buttons.append(button)
    for button in buttons:
        button.click()
    qtbot.waitUntil(lambda: crash_dialog(window) is not None)
    dialog = crash_dialog(window)
    qtbot.waitUntil(lambda: len(dialog.reports()) == 3)
    assert dialog.count_label.text() == "3 errors, oldest first:"
    assert len(window.findChildren(CrashReportDialog)) == 1
    logged = log_file.read_text(encoding="utf-8")
    assert all(f"RuntimeError: bug number {n}" in logged for n in range(3))


def test_an_error_storm_is_reported_once_and_counted_in_the_log(qtbot, world, hook, log_file):
    window = shown_window(qtbot, world)
    button = add_broken_button(window)
    for _ in range(200):  # a damaged page read for every cell of a table did this
        button.click()
    qtbot.waitUntil(lambda: crash_dialog(window) is not None)
    qtbot.wait(50)
    assert len(crash_dialog(window).reports()) == 1
    hook.flush_repeats()
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("Traceback") == 1
    assert "repeated 199 more times after its report" in logged
    assert log_file.stat().st_size < 5_000


def test_an_error_in_another_thread_is_reported_in_the_gui_thread(qtbot, world, hook, log_file):
    window = shown_window(qtbot, world)

    def work() -> None:
        raise ValueError("a bug in a worker thread")

    worker = threading.Thread(target=work, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: crash_dialog(window) is not None)
    dialog = crash_dialog(window)
    assert dialog.thread() is QApplication.instance().thread()
    assert "ValueError: a bug in a worker thread" in dialog.report_text()
    assert "Thread: import-worker" in dialog.report_text()
    assert "a bug in a worker thread" in log_file.read_text(encoding="utf-8")


def test_installing_again_replaces_the_hook(tmp_path):
    first = install_error_hook(tmp_path / "one.log")
    second = install_error_hook(tmp_path / "two.log")
    try:
        assert active_error_hook() is second
        assert sys.excepthook == second.handle_exception
        assert second.log_file == tmp_path / "two.log"
    finally:
        second.uninstall()
    assert active_error_hook() is None
    assert sys.excepthook != first.handle_exception


def test_a_log_file_given_as_a_callable_is_asked_for_with_the_first_error(qtbot, world, tmp_path):
    # app.main passes the data folder's path so: platformdirs loads with the first error
    asked: list[Path] = []

    def where() -> Path:
        asked.append(tmp_path / "later" / "desktop-app.log")
        return asked[-1]

    hook = install_error_hook(where)
    try:
        window = shown_window(qtbot, world)
        assert asked == []
        qtbot.mouseClick(add_broken_button(window), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: crash_dialog(window) is not None)
        assert "RuntimeError: a bug in a slot" in asked[0].read_text(encoding="utf-8")
        assert hook.log_file == asked[0]
        assert str(asked[0]) in crash_dialog(window).intro_label.text()
        assert len(asked) == 1  # asked once, kept
    finally:
        dialog = hook.dialog()
        uninstall_error_hook()
        if dialog is not None:
            dialog.close()
