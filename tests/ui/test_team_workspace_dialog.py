"""The Open Team Workspace dialog and the password dialog, by typing and clicking (no server)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from desktop_app.domain.errors import PasswordRequiredError, StorageError
from desktop_app.ui.team_workspace.connect_dialog import URL_PASSWORD_NOTE, TeamWorkspaceDialog
from desktop_app.ui.team_workspace.password_dialog import PasswordDialog
from desktop_app.ui.team_workspace.recent import (
    KEY_RECENT,
    recent_team_workspaces,
    remember_team_workspace,
)
from desktop_app.ui.team_workspace.server_fields import ServerFields, login_name
from tests.support.modal import answering

URL = "postgresql://anna@db1:5433/customers"


class Opener:
    """Records each attempt; refuses with ``errors`` in turn, then opens (a stand-in handle)."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls: list[tuple[str, str | None]] = []
        self.handle = object()

    def __call__(self, url: str, password: str | None):
        self.calls.append((url, password))
        if self.errors:
            raise self.errors.pop(0)
        return self.handle


def dialog_with(qtbot, opener=None, recent=()):
    dialog = TeamWorkspaceDialog(None, opener or Opener(), list(recent))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def retype(edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(edit, text)


def test_the_fields_start_with_postgresql_port_and_the_login_name(qtbot):
    dialog = dialog_with(qtbot)
    assert dialog.port_edit.text() == "5432"
    assert dialog.user_edit.text() == login_name()
    assert not dialog.ok_button.isEnabled()
    assert not dialog.host_error.isVisible()  # nothing typed yet: no scolding


def test_an_empty_host_or_database_and_a_bad_port_are_said_next_to_the_field(qtbot):
    dialog = dialog_with(qtbot)
    QTest.keyClicks(dialog.host_edit, "db1")
    retype(dialog.host_edit, "")
    assert dialog.host_error.isVisible()
    assert "host" in dialog.host_error.text()
    for bad in ("abc", "0", "70000"):
        retype(dialog.port_edit, bad)
        assert dialog.port_error.isVisible(), bad
        assert "1 to 65535" in dialog.port_error.text()
    retype(dialog.host_edit, "db1:5432")
    assert "own field" in dialog.host_error.text()
    QTest.keyClicks(dialog.database_edit, "x")
    retype(dialog.database_edit, "")
    assert dialog.database_error.isVisible()
    assert not dialog.ok_button.isEnabled()
    retype(dialog.host_edit, "db1")
    retype(dialog.port_edit, "5433")
    retype(dialog.database_edit, "customers")
    assert not any(
        e.isVisible() for e in (dialog.host_error, dialog.port_error, dialog.database_error)
    )
    assert dialog.ok_button.isEnabled()


def test_a_pasted_url_fills_the_fields_and_its_password_leaves_the_screen(qtbot):
    opener = Opener()
    dialog = dialog_with(qtbot, opener)
    dialog.url_edit.setText("postgresql://anna:s3cret@db1:5433/customers")
    assert dialog.fields() == ServerFields("db1", "5433", "customers", "anna")
    assert dialog.url_edit.text() == URL
    assert dialog.url_error.text() == URL_PASSWORD_NOTE
    dialog.ok_button.click()
    assert opener.calls == [(URL, "s3cret")]  # used once, for this connection
    assert dialog.handle() is opener.handle
    assert dialog.result() == TeamWorkspaceDialog.DialogCode.Accepted


def test_editing_the_address_after_a_pasted_url_drops_its_password(qtbot):
    opener = Opener()
    dialog = dialog_with(qtbot, opener)
    dialog.url_edit.setText("postgresql://anna:s3cret@db1:5433/customers")
    retype(dialog.database_edit, "sales")
    assert not dialog.url_error.isVisible()
    dialog.ok_button.click()
    assert opener.calls == [("postgresql://anna@db1:5433/sales", None)]


def test_the_labels_mnemonics_reach_the_fields(qtbot):
    dialog = dialog_with(qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.database_edit
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.port_edit
    order = []
    for _ in range(4):
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget().objectName())
    assert order == ["database_edit", "user_edit", "cancel_button", "url_edit"]  # OK: disabled


def test_a_url_without_a_database_is_said_next_to_it(qtbot):
    dialog = dialog_with(qtbot)
    dialog.url_edit.setText("postgresql://anna@db1:5433/")
    assert dialog.url_error.isVisible()
    assert "no database" in dialog.url_error.text()
    dialog.url_edit.setText("postgresql://anna@db1:port/x")
    assert "port" in dialog.url_error.text()


def test_a_server_that_cannot_be_reached_is_said_in_the_dialog_which_stays(qtbot):
    opener = Opener(StorageError("The team workspace … cannot be reached: connection refused."))
    dialog = dialog_with(qtbot, opener)
    dialog.fill(ServerFields("db1", "5433", "customers", "anna"))
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "cannot be reached" in dialog.status_label.text()
    assert dialog.handle() is None


def test_a_password_is_asked_when_the_server_wants_one_and_cancel_keeps_the_fields(qtbot):
    refusal = PasswordRequiredError("asks", who="anna@db1:5433/customers", wrong=False)
    opener = Opener(refusal, refusal)
    dialog = dialog_with(qtbot, opener)
    dialog.fill(ServerFields("db1", "5433", "customers", "anna"))
    with answering(lambda d: d.cancel_button.click()) as answered:
        dialog.ok_button.click()
    assert answered.dialogs == ["password_dialog"]
    assert dialog.isVisible() and dialog.handle() is None
    assert dialog.fields() == ServerFields("db1", "5433", "customers", "anna")
    assert opener.calls == [(URL, None)]


def test_a_recent_workspace_fills_the_fields(qtbot):
    dialog = dialog_with(qtbot, recent=[URL, "postgresql://ben@db2:5432/sales"])
    assert dialog.recent_combo.isVisible()
    dialog.recent_combo.setCurrentIndex(1)
    dialog.recent_combo.activated.emit(1)
    assert dialog.fields() == ServerFields("db2", "5432", "sales", "ben")
    assert dialog.ok_button.isEnabled()


def test_recent_workspaces_are_kept_latest_first_and_never_with_a_password(tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert recent_team_workspaces(settings) == []
    remember_team_workspace(settings, ServerFields("db1", "5433", "customers", "anna"))
    remember_team_workspace(settings, ServerFields("db2", "5432", "sales", "ben"))
    remember_team_workspace(settings, ServerFields("db1", "5433", "customers", "anna"))
    assert recent_team_workspaces(settings) == [URL, "postgresql://ben@db2:5432/sales"]
    settings.setValue(KEY_RECENT, ["postgresql://eve:leaked@db3:5432/x", "not a url"])
    assert recent_team_workspaces(settings) == ["postgresql://eve@db3:5432/x"]


def test_the_password_dialog_hides_what_is_typed_and_says_a_refusal(qtbot):
    dialog = PasswordDialog(None, "anna@db1:5433/customers", wrong=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert "anna@db1:5433/customers" in dialog.intro_label.text()
    assert dialog.error_label.isVisible()
    assert not dialog.ok_button.isEnabled()
    QTest.keyClicks(dialog.password_edit, "pw")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.password() == "pw"
