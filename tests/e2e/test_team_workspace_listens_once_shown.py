"""A team workspace's window listens for others' changes once shown, missing none before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop_app.app import create_main_window
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.ui.window_watch import CHANGED_ELSEWHERE
from tests.support import postgres
from tests.support.world import draft, open_world


def test_the_window_listens_once_shown_and_shows_what_was_saved_before(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres.workspace_url()
    address = parse_location(url)
    assert isinstance(address, ServerAddress)
    colleague = open_world(address)  # someone else, in another program
    colleague.services.accounts.create(draft())
    try:
        window = create_main_window(url, settings_path=tmp_path / "settings.ini")
        qtbot.addWidget(window)
        monkeypatch.setattr(window.watch, "activated", lambda: None)  # shown behind another
        table = window.findChild(QTableView, "directory_table")
        assert table.model().rowCount() == 1
        assert not window._change_watch.active  # its thread would slow the first paint
        colleague.services.accounts.create(draft(external_id="300400", name="Zweite GmbH"))
        window.show()
        qtbot.waitUntil(lambda: window._change_watch.active, timeout=1000)
        # no notice was heard of that save: the window looked for it when it began to listen
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == CHANGED_ELSEWHERE)
        qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=2000)
        assert window.directory_view.count_label.text() == "2 accounts"
        window.close()
    finally:
        colleague.store.close()
        postgres.server().drop_database(address.database)
