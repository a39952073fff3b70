"""A read-only workspace in the window: a banner says so and nothing that writes is offered."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from desktop_app.app import create_main_window, open_workspace
from desktop_app.domain.enums import RequestStatus
from desktop_app.services.queries import RequestQuery
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.workspace import WorkspaceHandle
from tests.persistence.write_protect import write_protected
from tests.support.prompts import ScriptedPrompts
from tests.support.world import SYNC_PRODUCT, draft, open_world

WRITING_ACTIONS = ("action_add_customer", "action_edit", "action_delete", "action_restore")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def workspace_with_a_pending_request(tmp_path: Path) -> tuple[Path, str, str]:
    """A closed workspace file; the id of a subscribed, edited account and of its request."""
    world = open_world(tmp_path / "workspace.sqlite")
    account = world.services.accounts.create(draft(name="Subscribed Reseller")).account
    world.subscribe("AS-0001-0001-0001", SYNC_PRODUCT, account.id)
    world.services.accounts.update(account.id, draft(name="Renamed Reseller"))
    query = RequestQuery(status=RequestStatus.PENDING)
    request_id = world.services.requests.listing(query).fetch(0, 1)[0].id
    world.store.close()
    return world.path, account.id, request_id


def show(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def assert_read_only_window(window: MainWindow, reason: str) -> None:
    assert window.read_only_reason == reason
    banner = window.findChild(QLabel, "read_only_banner")
    assert banner is not None and banner.isVisible()
    assert f"This workspace is read-only: {reason}." in banner.text()
    status = window.statusBar().findChild(QLabel, "read_only_status")
    assert status.isVisible() and status.text() == "Read-only"
    for name in WRITING_ACTIONS:
        assert not action(window, name).isEnabled(), name
        assert "read-only" in action(window, name).toolTip(), name
    assert action(window, "action_back_up").isEnabled()
    assert action(window, "action_refresh").isEnabled()
    assert not window.operator_combo.isEnabled()


def test_opened_read_only_shows_a_banner_and_disables_every_change(qtbot, tmp_path):
    path, account_id, request_id = workspace_with_a_pending_request(tmp_path)
    before = digest(path)
    window = show(qtbot, create_main_window(path, settings_path=None, read_only=True))
    assert_read_only_window(window, "it was opened for reading only")
    assert window.directory_view.count_label.text() == "1 account"

    view = window.open_account(account_id)
    assert view.name_label.text() == "Renamed Reseller"
    assert not view.edit_button.isEnabled()
    assert not view.delete_action.isEnabled()
    assert "read-only" in view.edit_button.toolTip()
    assert not action(window, "action_edit").isEnabled()
    assert not action(window, "action_delete").isEnabled()

    request_view = window.open_request(request_id)
    assert request_view.details.request.status is RequestStatus.PENDING
    assert not request_view.accept_button.isEnabled()
    assert not request_view.ignore_button.isEnabled()
    assert request_view.decision_label.isVisibleTo(request_view)
    assert "read-only" in request_view.decision_label.text()

    assert window.add_customer() is None
    assert window.findChild(AccountWizard) is None
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "read-only" in box.text()
    box.close()

    backup = tmp_path / "copy.sqlite"
    window.prompts = ScriptedPrompts(window, path=backup)
    action(window, "action_back_up").trigger()  # reading is all a backup needs
    assert backup.exists()
    window.close()
    assert digest(path) == before


def test_a_write_protected_file_opens_read_only_in_the_window(qtbot, tmp_path):
    path, _account_id, _request_id = workspace_with_a_pending_request(tmp_path)
    before = digest(path)
    with write_protected(path):
        window = show(qtbot, create_main_window(path, settings_path=None))
        assert_read_only_window(window, f"the file {path} is write-protected")
        window.close()
    assert digest(path) == before


def test_an_empty_read_only_workspace_offers_no_demo_data(qtbot, tmp_path):
    world = open_world(tmp_path / "empty.sqlite")
    world.store.close()
    window = show(qtbot, create_main_window(world.path, settings_path=None, read_only=True))
    assert window.directory_view.is_showing_empty_state()
    assert window.findChild(QPushButton, "load_demo_button") is None
    window.close()


def test_a_writable_workspace_shows_no_banner(qtbot, world):
    window = show(qtbot, MainWindow(world.services, workspace_path=world.path))
    assert window.read_only_reason is None
    assert not window.findChild(QLabel, "read_only_banner").isVisible()
    assert not window.statusBar().findChild(QLabel, "read_only_status").isVisible()
    assert action(window, "action_add_customer").isEnabled()
    assert action(window, "action_add_customer").toolTip().startswith("Create a customer")


@pytest.mark.parametrize("read_only_first", [True, False])
def test_switching_workspaces_updates_the_read_only_state(qtbot, tmp_path, read_only_first):
    path, _account_id, _request_id = workspace_with_a_pending_request(tmp_path)
    other = open_world(tmp_path / "other.sqlite")
    other.store.close()

    def open_the_other_way(target: Path, create: bool) -> WorkspaceHandle:
        return open_workspace(target, create, read_only=not read_only_first)

    handle = open_workspace(path, False, read_only=read_only_first)
    window = show(
        qtbot,
        MainWindow(
            handle.services,
            workspace_path=handle.path,
            open_workspace=open_the_other_way,
            close_workspace=handle.close,
            backups=handle.backups,
        ),
    )
    assert (window.read_only_reason is not None) is read_only_first
    window.prompts = ScriptedPrompts(window, path=other.path)
    action(window, "action_open_database").trigger()

    assert window.workspace_path == other.path
    assert (window.read_only_reason is not None) is (not read_only_first)
    assert window.findChild(QLabel, "read_only_banner").isVisible() is (not read_only_first)
    assert action(window, "action_add_customer").isEnabled() is read_only_first
    assert action(window, "action_restore").isEnabled() is read_only_first
    window.close()
