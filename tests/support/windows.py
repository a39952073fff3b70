"""A main window over a new workspace file, for the widget tests that go through File menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop_app.app import create_main_window
from desktop_app.persistence.store import SqliteStore
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.background_reads import BackgroundReader
from tests.support.world import World, draft, open_world


def window_over(qtbot: QtBot, tmp_path: Path, names: list[str]) -> MainWindow:
    """The main window, shown on its Directory, over ``tmp_path/workspace.sqlite``.

    The workspace holds resellers ``names``, each with the first word of its name as external
    id. A window over accounts opens on the Overview: View → Directory (Ctrl+1) is chosen here.
    """
    world = open_world(tmp_path / "workspace.sqlite")
    for name in names:
        world.services.accounts.create(draft(name=name, external_id=name.split()[0]))
    world.store.close()
    window = create_main_window(world.path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return on_directory(window)


def on_directory(window: MainWindow) -> MainWindow:
    """``window`` switched to its Directory by View → Directory, as a user would (Ctrl+1)."""
    action(window, "action_show_directory").trigger()
    assert window.tabs.currentWidget() is window.directory_view
    return window


def names_in(path: Path) -> list[str]:
    """The live account names in the file, read through a store of its own."""
    store = SqliteStore.open(path)
    try:
        rows = store.db.execute_sql(
            "SELECT name FROM tier_account WHERE decommissioned_at IS NULL ORDER BY name"
        )
        return [name for (name,) in rows]
    finally:
        store.close()


def action(window: MainWindow, name: str) -> QAction:
    """The window's action named ``name``."""
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def exchanged(qtbot: QtBot, window: MainWindow, name: str) -> object:
    """Trigger File → Import…/Export… (``name``) and wait until its jobs ended; how it ended.

    The jobs run on threads of their own: the action returns at once.
    """
    with qtbot.waitSignal(window.exchange.finished, timeout=30_000) as blocker:
        action(window, name).trigger()
    return blocker.args[0]


def directory_over_reader(qtbot: QtBot, world: World) -> tuple[DirectoryView, BackgroundReader]:
    """A Directory of ``world`` shown at 900×500, its rows taken over by a reading thread."""
    view = DirectoryView(world.services.directory)
    qtbot.addWidget(view)
    reader = BackgroundReader(world.services.on_own_connection)
    view.use_reader(reader)
    assert view.model.wait_for_rows()
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    return view, reader
