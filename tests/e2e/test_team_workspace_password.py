"""Opening a team workspace from the window when its server wants a password: asked, never kept."""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from desktop_app.app import create_main_window_asking_password
from desktop_app.config import default_log_path
from desktop_app.domain.errors import PasswordRequiredError
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.ui.team_workspace.connect_dialog import TeamWorkspaceDialog
from desktop_app.ui.team_workspace.password_dialog import WRONG_PASSWORD, PasswordDialog
from tests.support import postgres
from tests.support.modal import answering
from tests.support.windows import window_over
from tests.support.world import draft, open_world

_numbers = itertools.count(1)
NAMES = ("Alpha Reseller GmbH", "Beta Reseller GmbH")


@dataclass(frozen=True)
class Guarded:
    """A team workspace whose role must give a password (scram-sha-256) on 127.0.0.1."""

    address: ServerAddress
    """As that role, without a password."""
    role: str
    password: str


@pytest.fixture
def guarded(monkeypatch, tmp_path) -> Iterator[Guarded]:
    """A workspace holding two accounts, and a role the server asks a password of."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("PGSERVICE", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no.pgpass"))
    running = postgres.server()
    owner = parse_location(postgres.workspace_url())
    assert isinstance(owner, ServerAddress)
    world = open_world(owner)
    for name in NAMES:
        world.services.accounts.create(draft(name=name, external_id=name.split()[0]))
    world.store.close()
    role = f"guarded_{os.getpid()}_{next(_numbers)}"
    password = f"Pw-{os.getpid()}-{role}-sekrit"
    with running.admin() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}'")
        hba = Path(str(admin.execute("SHOW hba_file").fetchone()[0]))
    before = hba.read_text()
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{before}")
    try:
        with running.admin() as admin:
            admin.execute("SELECT pg_reload_conf()")
        address = parse_location(running.url(owner.database, user=role))
        assert isinstance(address, ServerAddress)
        yield Guarded(address, role, password)
    finally:
        hba.write_text(before)
        with running.admin() as admin:
            admin.execute("SELECT pg_reload_conf()")
        running.drop_database(owner.database)
        with running.admin() as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")


def fill(dialog: TeamWorkspaceDialog, guarded: Guarded) -> None:
    """Type the address into the fields, as a user would."""
    address = guarded.address
    for edit, text in (
        (dialog.host_edit, address.host),
        (dialog.port_edit, str(address.port)),
        (dialog.database_edit, address.database),
        (dialog.user_edit, guarded.role),
    ):
        edit.clear()
        QTest.keyClicks(edit, text)


def give(password: str, seen: list[str]):
    """An answer to the password dialog: note what it says, type ``password``, OK."""

    def answer(dialog: PasswordDialog) -> None:
        seen.append(dialog.error_label.text() if dialog.error_label.isVisibleTo(dialog) else "")
        seen.append(dialog.intro_label.text())
        assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
        QTest.keyClicks(dialog.password_edit, password)
        dialog.ok_button.click()

    return answer


def rows(window) -> int:
    return window.findChild(QTableView, "directory_table").model().rowCount()


def files_holding(folder: Path, text: str) -> list[Path]:
    found = []
    for path in folder.rglob("*") if folder.exists() else []:
        if path.is_file() and text.encode() in path.read_bytes():
            found.append(path)
    return found


def test_the_window_opens_a_team_workspace_with_the_password_and_keeps_it_nowhere(
    qtbot, tmp_path, guarded, caplog
):
    caplog.set_level(logging.DEBUG)
    window = window_over(qtbot, tmp_path, ["Local Only GmbH"])
    seen: list[str] = []

    def connect(dialog: TeamWorkspaceDialog) -> None:
        fill(dialog, guarded)
        dialog.ok_button.click()

    with answering(connect, give(guarded.password, seen)) as answered:
        assert window.app_actions.open_team_workspace.isEnabled()
        window.app_actions.open_team_workspace.trigger()
    assert answered.dialogs == ["team_workspace_dialog", "password_dialog"]
    assert seen[0] == ""  # asked, not refused
    assert f"{guarded.role}@127.0.0.1:{guarded.address.port}/{guarded.address.database}" in seen[1]
    address = guarded.address
    assert window.windowTitle().startswith(f"{address.database} on 127.0.0.1 — ")
    assert rows(window) == len(NAMES)
    assert window.workspace_path is None
    qtbot.waitUntil(lambda: window._change_watch.active, timeout=3000)  # its own connection too
    window.save_settings()
    settings = (tmp_path / "settings.ini").read_text()
    assert address.database in settings and guarded.role in settings  # remembered…
    window.close()
    secret = guarded.password
    assert secret not in settings  # …without the password
    assert secret not in window.windowTitle()
    assert files_holding(default_log_path().parent, secret) == []
    assert files_holding(tmp_path, secret) == []
    assert secret not in caplog.text


def test_a_wrong_password_is_said_and_asked_again(qtbot, tmp_path, guarded):
    window = window_over(qtbot, tmp_path, ["Local Only GmbH"])
    seen: list[str] = []

    def connect(dialog: TeamWorkspaceDialog) -> None:
        QTest.keyClicks(dialog.url_edit, guarded.address.url)  # a pasted URL fills the fields
        dialog.ok_button.click()

    answers = (connect, give("not-it", seen), give(guarded.password, seen))
    with answering(*answers) as answered:
        window.app_actions.open_team_workspace.trigger()
    assert answered.dialogs == ["team_workspace_dialog", "password_dialog", "password_dialog"]
    assert seen[0] == "" and seen[2] == WRONG_PASSWORD
    assert rows(window) == len(NAMES)
    assert guarded.address.database in window.windowTitle()
    window.close()


def test_cancel_keeps_the_fields_then_the_previous_workspace_open(qtbot, tmp_path, guarded):
    window = window_over(qtbot, tmp_path, ["Local Only GmbH"])
    title = window.windowTitle()
    kept: list[object] = []

    def connect(dialog: TeamWorkspaceDialog) -> None:
        fill(dialog, guarded)
        dialog.ok_button.click()  # the password is asked, and cancelled
        kept.extend([dialog.isVisible(), dialog.database_edit.text(), dialog.status_label.text()])
        dialog.cancel_button.click()

    def cancel(dialog: PasswordDialog) -> None:
        QTest.keyClicks(dialog.password_edit, "half-typed")
        dialog.cancel_button.click()

    with answering(connect, cancel) as answered:
        window.app_actions.open_team_workspace.trigger()
    assert answered.dialogs == ["team_workspace_dialog", "password_dialog"]
    assert kept == [True, guarded.address.database, ""]
    assert window.windowTitle() == title
    assert rows(window) == 1
    window.services.accounts.create(draft(name="Still Here GmbH", external_id="Still"))
    window.refresh()
    assert rows(window) == 2
    window.save_settings()
    assert "team_workspaces" not in (tmp_path / "settings.ini").read_text()
    window.close()


def test_start_up_asks_for_the_password_the_server_wants(qtbot, tmp_path, guarded):
    seen: list[str] = []
    with answering(give("wrong-again", seen), give(guarded.password, seen)):
        window = create_main_window_asking_password(
            guarded.address, settings_path=tmp_path / "settings.ini"
        )
    assert window is not None
    qtbot.addWidget(window)
    assert seen[2] == WRONG_PASSWORD
    assert rows(window) == len(NAMES)
    assert guarded.password not in window.windowTitle()
    window.close()
    with answering(lambda dialog: dialog.cancel_button.click()):
        cancelled = create_main_window_asking_password(
            guarded.address, settings_path=tmp_path / "settings.ini"
        )
    assert cancelled is None


def test_the_store_tells_a_missing_password_from_a_wrong_one(guarded):
    with pytest.raises(PasswordRequiredError) as missing:
        PostgresStore.open(guarded.address)
    assert not missing.value.wrong
    with pytest.raises(PasswordRequiredError) as wrong:
        PostgresStore.open(guarded.address.with_password("nope"))
    assert wrong.value.wrong and "nope" not in wrong.value.message
    PostgresStore.open(guarded.address.with_password(guarded.password)).close()
