"""The window's start: the garbage collector paused until it is shown, whom it acts as read once."""

from __future__ import annotations

import gc
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app import start_collector
from desktop_app.domain.catalog import OperatorAccount
from desktop_app.ui.gui_collector import GuiCollector
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.workspace import WorkspaceHandle
from tests.support.world import open_world

pytestmark = pytest.mark.usefixtures("python_collector")  # each test checks how it is set


@pytest.fixture
def quiet_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """``main`` with its settings and log in ``tmp_path``; what it saw of the collector."""
    seen: list[tuple[str, bool]] = []
    build = partial(app_module.create_main_window, settings_path=tmp_path / "settings.ini")

    def create_main_window(*args: object, **kwargs: object) -> MainWindow:
        seen.append(("building", gc.isenabled()))
        return build(*args, **kwargs)

    monkeypatch.setattr(app_module, "create_main_window", create_main_window)
    monkeypatch.setattr(app_module, "default_log_path", lambda: tmp_path / "logs" / "app.log")
    return seen


def _gui_collector(app: QApplication) -> GuiCollector | None:
    found = app.findChildren(GuiCollector)
    return found[-1] if found else None


def test_the_collector_is_paused_while_the_window_is_built_and_then_runs_on_its_thread(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    qapp: QApplication,
    quiet_start: list[tuple[str, bool]],
) -> None:
    monkeypatch.setattr(start_collector, "RESUMES_AFTER_MS", 0)
    before = set(qapp.findChildren(GuiCollector))

    def run_event_loop(_app: QApplication) -> int:
        quiet_start.append(("shown", gc.isenabled()))

        def started() -> bool:
            collector = _gui_collector(qapp)
            return collector is not None and collector not in before and collector.running

        qtbot.waitUntil(started)  # the window's timer starts it, not main's return
        quiet_start.append(("running", gc.isenabled()))  # Python's own: off
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)

    assert app_module.main(["--db", str(tmp_path / "w.sqlite")]) == 0
    assert quiet_start == [("building", False), ("shown", False), ("running", False)]
    collector = _gui_collector(qapp)
    assert collector is not None and not collector.running
    assert gc.isenabled()  # Python's own collector again once the window is gone


def test_a_workspace_that_cannot_be_opened_leaves_the_collector_running(
    tmp_path: Path, qapp: QApplication, quiet_start: list[tuple[str, bool]]
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"definitely not sqlite")

    assert app_module.main(["--db", str(bad)]) == app_module.EXIT_CANNOT_OPEN
    assert quiet_start == [("building", False)]
    assert gc.isenabled()


def test_building_the_window_reads_whom_it_acts_as_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = open_world(tmp_path / "workspace.sqlite")  # acting as the vendor VA-111-111
    world.store.close()
    opened = app_module.open_workspace
    looks: list[str] = []

    def open_workspace(*args: object, **kwargs: object) -> WorkspaceHandle:
        handle = opened(*args, **kwargs)  # its own checks come before the window's
        find = handle.services.workspace._find_operator

        def counted() -> OperatorAccount:
            looks.append("operator")
            return find()

        monkeypatch.setattr(handle.services.workspace, "_find_operator", counted)
        return handle

    monkeypatch.setattr(app_module, "open_workspace", open_workspace)
    window = app_module.create_main_window(world.path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)

    assert looks == ["operator"]  # the title, the status bar, the Requests tab: one read
    assert window.operator_label.text()
    window.services.workspace.operator()
    assert looks == ["operator", "operator"]  # after the build, each look reads again


def test_resuming_freezes_what_the_start_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(start_collector, "freezes", True)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    resume = start_collector.pause()
    try:
        assert not gc.isenabled()
        resume()
        frozen = gc.get_freeze_count()
        assert gc.isenabled() and frozen > 0  # everything alive now: out of the passes' sight
        made_later = [[] for _ in range(100)]  # tracked, made after the start
        resume()  # a second resume freezes nothing more: the collector runs already
        assert gc.get_freeze_count() == frozen
        assert made_later
    finally:
        gc.unfreeze()  # the tests' own objects go back to the collector
        gc.enable()
