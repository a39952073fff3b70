"""Each way a workspace turns read-only shows the one wording of services/write_permission.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop_app.app import create_main_window
from desktop_app.domain.enums import RequestStatus
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.services.queries import RequestQuery
from desktop_app.services.write_permission import (
    NOTHING_CHANGES,
    NOTHING_IMPORTED,
    NOTHING_RESTORED,
    READ_ONLY_BADGE,
    ReadOnlyError,
    read_only_banner,
    read_only_statement,
)
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from tests.persistence.write_protect import write_protected
from tests.support import postgres
from tests.support.prompts import ScriptedPrompts
from tests.support.world import SYNC_PRODUCT, VENDOR, World, draft, open_world


@dataclass
class ReadOnly:
    """A workspace that can only be read, and the reason its backend gives."""

    location: str | Path
    reason: str
    account_id: str
    request_id: str


def fill(world: World) -> tuple[str, str]:
    """An edited, subscribed account and its pending request; their ids."""
    account = world.services.accounts.create(draft(name="Subscribed Reseller")).account
    world.subscribe("AS-0001-0001-0001", SYNC_PRODUCT, account.id)
    world.services.accounts.update(account.id, draft(name="Renamed Reseller"))
    request = world.services.requests.listing(RequestQuery(status=RequestStatus.PENDING))
    return account.id, request.fetch(0, 1)[0].id


@pytest.fixture(params=["write-protected file", "SELECT-only role"])
def read_only(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReadOnly]:
    if request.param == "write-protected file":
        world = open_world(tmp_path / "workspace.sqlite")
        account_id, request_id = fill(world)
        world.store.close()
        path = tmp_path / "workspace.sqlite"
        with write_protected(path):
            yield ReadOnly(path, f"the file {path} is write-protected", account_id, request_id)
        return
    running = postgres.server()
    url = postgres.workspace_url()
    address = parse_location(url)
    assert isinstance(address, ServerAddress)
    world = open_world(address)
    account_id, request_id = fill(world)
    world.store.close()
    with running.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS reader")
        admin.execute("CREATE ROLE reader LOGIN")
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
        # reader acts as the vendor (the grant command would let it write too)
        owner.execute(
            "INSERT INTO operator_grant (role, operator_id) VALUES ('reader', %s)", (VENDOR.id,)
        )
    reader = running.url(address.database, user="reader")
    try:
        yield ReadOnly(reader, "the database role reader may only read it", account_id, request_id)
    finally:
        running.drop_database(address.database)


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def error_text(window: MainWindow) -> str:
    """The text of the one error box showing; it is closed and let go."""
    (box,) = [b for b in window.findChildren(QMessageBox, ERROR_BOX_NAME) if b.isVisible()]
    text = box.text()
    box.close()
    box.setParent(None)
    return text


def test_every_place_says_the_one_statement(qtbot, tmp_path, read_only: ReadOnly) -> None:
    window = create_main_window(read_only.location, settings_path=None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    statement = read_only_statement(read_only.reason)
    assert window.read_only_reason == read_only.reason
    assert window.read_only_banner.text() == read_only_banner(read_only.reason)
    badge = window.statusBar().findChild(QLabel, "read_only_status")
    assert badge.text() == READ_ONLY_BADGE
    for name in ("action_add_customer", "action_edit", "action_delete", "action_restore"):
        assert action(window, name).toolTip() == f"Not available: {statement}", name

    services = window.services
    assert services.workspace.write_permission().reason == statement
    assert services.accounts.change_decision(read_only.account_id).reason == statement
    request = services.requests.get(read_only.request_id)
    assert services.requests.decision(request).reason == statement

    view = window.open_account(read_only.account_id)
    assert view.edit_button.toolTip() == f"Not available: {statement}"
    request_view = window.open_request(read_only.request_id)
    assert request_view.decision_label.text() == statement
    product_view = window.open_product(SYNC_PRODUCT.id)
    assert product_view.capabilities_note.text() == statement

    # the store refuses with the one error type and its words
    with pytest.raises(ReadOnlyError) as refused:
        services.accounts.update(read_only.account_id, draft(city="Bremen"))
    assert refused.value.message == ReadOnlyError(read_only.reason).message

    assert window.add_customer() is None
    assert error_text(window) == ReadOnlyError(read_only.reason, NOTHING_CHANGES).message
    window.prompts = ScriptedPrompts(window, path=tmp_path / "nothing.xlsx")
    assert window.exchange.import_from(tmp_path / "nothing.xlsx") is None
    assert error_text(window) == ReadOnlyError(read_only.reason, NOTHING_IMPORTED).message
    if isinstance(read_only.location, Path):  # a team workspace has no backups to restore
        assert window.workspace.restore() is False
        assert error_text(window) == ReadOnlyError(read_only.reason, NOTHING_RESTORED).message
    window.close()


def test_a_file_found_damaged_says_the_statement_in_the_status_bar(qtbot, world) -> None:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.watch.damage_found(["*** in database main ***", "Page 5: btree problem"])
    reason = window.read_only_reason
    assert reason is not None and "damaged" in reason
    assert window.statusBar().currentMessage() == read_only_statement(reason)
    assert window.read_only_banner.text() == read_only_banner(reason)
    window.close()
