"""The window over a team workspace: opened by URL, following others' saves without F5."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QTableView

from desktop_app.app import create_main_window
from desktop_app.persistence.location import ServerAddress, parse_location
from tests.support import postgres
from tests.support.world import draft, open_world


def test_the_window_opens_a_team_workspace_and_shows_others_saves_within_a_second(qtbot, tmp_path):
    url = postgres.workspace_url()
    address = parse_location(url)
    assert isinstance(address, ServerAddress)
    colleague = open_world(address)  # someone else, in another program
    colleague.services.accounts.create(draft())
    try:
        window = create_main_window(url, settings_path=tmp_path / "settings.ini")
        qtbot.addWidget(window)
        window.show()
        assert address.database in window.windowTitle()
        assert window.read_only_reason is None
        table = window.findChild(QTableView, "directory_table")
        assert table.model().rowCount() == 1
        qtbot.waitUntil(lambda: window._change_watch.active, timeout=1000)
        time.sleep(0.3)  # the listener's connection comes up
        started = time.monotonic()
        colleague.services.accounts.create(draft(external_id="300400", name="Zweite GmbH"))
        qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=2000)
        assert time.monotonic() - started < 1.5
        assert window.directory_view.count_label.text() == "2 accounts"
        window.close()
    finally:
        colleague.store.close()
        postgres.server().drop_database(address.database)
