"""The main window: title, Directory tab, actions, operator in the status bar, settings, errors."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QTableView, QTabWidget, QToolBar

from desktop_app.domain.errors import RuleViolationError, StorageError
from desktop_app.services.listing import Listing
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from tests.support.windows import on_directory
from tests.support.world import PROVIDER, draft


def make_window(qtbot, services, **kwargs) -> MainWindow:
    window = MainWindow(services, **kwargs)
    qtbot.addWidget(window)
    return window


def error_box(window: MainWindow) -> QMessageBox:
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None, "no error message box is open"
    return box


def test_title_names_the_workspace_file_and_the_application(qtbot, world):
    window = make_window(qtbot, world.services, workspace_path=world.path)
    assert window.windowTitle() == "workspace.sqlite — Tier Accounts"


def test_title_without_a_file(qtbot, world):
    assert make_window(qtbot, world.services).windowTitle() == "Tier Accounts"


def test_directory_tab(qtbot, world, accounts):
    window = make_window(qtbot, world.services, workspace_path=world.path)
    window.show()
    qtbot.waitExposed(window)

    tabs = window.findChild(QTabWidget, "main_tabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Overview", "Directory", "Requests"]
    assert tabs.currentWidget() is window.overview.tab  # a workspace with accounts opens there
    table = window.findChild(QTableView, "directory_table")
    assert not table.isVisible()
    on_directory(window)
    assert table.isVisible()
    assert table.model().rowCount() == 600


def test_status_bar_names_the_operator(qtbot, world):
    window = make_window(qtbot, world.services)
    label = window.statusBar().findChild(QLabel, "operator_label")
    assert label.text() == "Acting as Acme Software (VA-111-111, vendor)"

    world.act_as(PROVIDER)
    window.refresh()
    assert label.text() == "Acting as Big Distributor (PA-333-333, provider)"


def test_actions_have_shortcuts_and_sit_in_menus_and_the_toolbar(qtbot, world):
    window = make_window(qtbot, world.services)
    menus = {a.text(): a.menu().actions() for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Accounts", "&View", "&Help"]
    in_menus = [action for actions in menus.values() for action in actions]
    toolbar = window.findChild(QToolBar, "main_toolbar").actions()
    expected = {
        "action_add_customer": ("Ctrl+N", "&Accounts", True),
        "action_edit": ("Ctrl+E", "&Accounts", True),
        "action_delete": ("Del", "&Accounts", True),
        "action_refresh": ("F5", "&View", True),
        "action_open_database": ("Ctrl+O", "&File", False),
        "action_new_database": ("Ctrl+Shift+N", "&File", False),
        "action_close_tab": ("Ctrl+W", "&File", False),
        "action_quit": ("Ctrl+Q", "&File", False),
    }
    for name, (key, menu, on_toolbar) in expected.items():
        action = window.findChild(QAction, name)
        assert action is not None, name
        assert QKeySequence(key) in action.shortcuts(), name
        assert action in menus[menu], name
        assert (action in toolbar) == on_toolbar, name
    assert len(set(in_menus)) == len(in_menus)


def test_refresh_action_shows_accounts_created_meanwhile(qtbot, world, accounts):
    window = make_window(qtbot, world.services)
    count_label = window.directory_view.count_label
    assert count_label.text() == "600 accounts"

    world.services.accounts.create(draft(name="Created Elsewhere"))
    window.findChild(QAction, "action_refresh").trigger()
    assert count_label.text() == "601 accounts"


def test_quit_action_closes_the_window(qtbot, world):
    window = make_window(qtbot, world.services)
    window.show()
    qtbot.waitExposed(window)
    window.findChild(QAction, "action_quit").trigger()
    assert not window.isVisible()


def test_empty_workspace_loads_demo_data_and_shows_the_table(qtbot, world):
    calls = []

    def load_demo_data(progress) -> None:  # on a job's thread: a connection of its own
        calls.append(True)
        services, close = world.services.on_own_connection()
        try:
            services.accounts.create(draft(name="Demo Reseller"))
        finally:
            close()

    window = make_window(qtbot, world.services, load_demo_data=load_demo_data)
    window.show()
    qtbot.waitExposed(window)
    view = window.directory_view
    assert view.is_showing_empty_state()
    button = window.findChild(QPushButton, "load_demo_button")
    assert button.isVisible()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(button.isEnabled)  # the job ended

    assert calls == [True]
    assert not view.is_showing_empty_state()
    table = window.findChild(QTableView, "directory_table")
    assert table.isVisible()
    assert view.count_label.text() == "1 account"
    assert table.model().index(0, 1).data() == "Demo Reseller"


def test_no_demo_button_without_a_loader(qtbot, world):
    window = make_window(qtbot, world.services)
    assert window.directory_view.is_showing_empty_state()
    assert window.findChild(QPushButton, "load_demo_button") is None


def test_a_refused_demo_load_is_shown_in_a_message_box(qtbot, world):
    def load_demo_data(progress) -> None:
        raise RuleViolationError("Demo data needs an empty workspace.")

    window = make_window(qtbot, world.services, load_demo_data=load_demo_data)
    window.show()
    qtbot.waitExposed(window)
    button = window.findChild(QPushButton, "load_demo_button")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(button.isEnabled)  # the job ended

    box = error_box(window)
    assert box.text() == "Demo data needs an empty workspace."
    assert box.windowTitle() == "Not possible"
    assert button.isEnabled()
    assert window.directory_view.is_showing_empty_state()
    box.close()


def test_an_error_while_reading_the_directory_is_shown_in_a_message_box(qtbot, world, accounts):
    error = StorageError("The workspace file cannot be read.")

    class Unreadable:
        def is_empty(self) -> bool:
            return False

        def accounts(self, query, sort=None):
            def fetch(offset: int, limit: int):
                raise error

            return Listing(count=lambda: 10, fetch=fetch)

    services = world.services.replacing(directory=Unreadable())
    window = make_window(qtbot, services)
    window.show()
    on_directory(window)  # the window opens on the Overview; the Directory reads when shown
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, ERROR_BOX_NAME) is not None)

    box = error_box(window)
    assert box.text() == "The workspace file cannot be read."
    assert box.windowTitle() == "Workspace problem"
    assert len(window.findChildren(QMessageBox)) == 1, "one failure, one message"
    box.close()


def test_an_error_while_opening_is_shown_once_the_window_is_up(qtbot, world):
    error = StorageError("The workspace is busy.")

    class Busy:
        def is_empty(self) -> bool:
            raise error

        def accounts(self, query, sort=None):
            return world.services.directory.accounts(query, sort)

    window = make_window(qtbot, world.services.replacing(directory=Busy()))
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, ERROR_BOX_NAME) is not None)
    box = error_box(window)
    assert box.text() == "The workspace is busy."
    box.close()


def test_settings_round_trip(qtbot, world, accounts, settings):
    window = make_window(qtbot, world.services, workspace_path=world.path, settings=settings)
    window.show()
    qtbot.waitExposed(window)
    window.resize(640, 480)
    window.directory_view.set_search_text("Berlin")
    window.directory_view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    window.close()

    stored = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert stored.value("directory/search") == "Berlin"
    again = make_window(qtbot, world.services, workspace_path=world.path, settings=stored)
    assert again.directory_view.search_edit.text() == "Berlin"
    assert again.directory_view.model.query.search == "Berlin"
    assert again.directory_view.model.sort_spec == window.directory_view.model.sort_spec
    assert again.size().width() == 640
    assert again.size().height() == 480


def test_without_settings_nothing_is_saved(qtbot, world):
    window = make_window(qtbot, world.services)
    window.show()
    qtbot.waitExposed(window)
    window.close()
