"""An open window picks up what another instance saved when it is activated again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.ui.main_window import ACTIVATION_REFRESH_MS, MainWindow
from tests.support.world import World, draft


@pytest.fixture
def elsewhere(world: World) -> Iterator[Services]:
    """Services over a second connection to the same file, as another instance has."""
    store = SqliteStore.open(world.path)
    yield Services.over(store)
    store.close()


def shown(qtbot, world: World) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_activating_the_window_shows_what_another_instance_saved(qtbot, world, elsewhere):
    world.services.accounts.create(draft(name="Here From The Start"))
    window = shown(qtbot, world)
    assert window.directory_view.count_label.text() == "1 account"

    other_window = QWidget()
    qtbot.addWidget(other_window)
    other_window.show()
    other_window.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())

    elsewhere.accounts.create(draft(name="Saved By Another Instance"))
    assert window.directory_view.count_label.text() == "1 account", "no polling"

    window.activateWindow()
    qtbot.waitUntil(lambda: window.directory_view.count_label.text() == "2 accounts")
    assert "another window or program" in window.statusBar().currentMessage()


def test_activation_events_are_debounced_into_one_look(qtbot, world, elsewhere):
    window = shown(qtbot, world)
    timer = window.findChild(QTimer, "activation_timer")
    fired: list[bool] = []
    timer.timeout.connect(lambda: fired.append(True))
    elsewhere.accounts.create(draft(name="Saved Elsewhere"))

    for _ in range(5):
        QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert timer.isActive()
    qtbot.waitUntil(lambda: fired == [True])
    qtbot.wait(ACTIVATION_REFRESH_MS * 2)
    assert fired == [True]
    assert window.directory_view.count_label.text() == "1 account"


def test_nothing_is_read_again_when_nothing_changed_elsewhere(qtbot, world):
    window = shown(qtbot, world)
    world.services.accounts.create(draft(name="Saved In This Window"))  # this connection
    assert not window.refresh_if_changed()
    assert window.directory_view.count_label.text() == "0 accounts"


def test_no_refresh_while_a_wizard_is_open(qtbot, world, elsewhere):
    world.services.accounts.create(draft(name="Here From The Start"))
    window = shown(qtbot, world)
    wizard = window.add_customer()
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    elsewhere.accounts.create(draft(name="Saved While Typing"))

    assert not window.refresh_if_changed()
    assert window.directory_view.count_label.text() == "1 account"

    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: window.directory_view.count_label.text() == "2 accounts")


def test_another_windows_message_does_not_hold_this_one_back(qtbot, world, elsewhere):
    window = shown(qtbot, world)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    box = QMessageBox(QMessageBox.Icon.Warning, "Workspace problem", "Other window", parent=other)
    box.open()  # window-modal: it blocks its own window only
    qtbot.waitUntil(box.isVisible)
    assert QApplication.activeModalWidget() is box
    elsewhere.accounts.create(draft(name="Saved Elsewhere"))
    assert window.refresh_if_changed()
    assert window.directory_view.count_label.text() == "1 account"
    box.close()
