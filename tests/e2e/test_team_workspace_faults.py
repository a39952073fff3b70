"""The window over a team workspace when the network drops: it connects again, shows no error."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QMessageBox, QTableView

from desktop_app.app import create_main_window
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from tests.support import postgres
from tests.support.proxy import DroppingProxy
from tests.support.world import draft, open_world


def test_after_a_network_drop_the_window_reads_again_and_follows_others_saves(qtbot, tmp_path):
    """Both of the window's connections cut while it is idle: no message, no report.

    The change listener connects again and says anything may have changed; the window's
    first read then meets its own dropped connection and is sent again on a new one.
    """
    direct = parse_location(postgres.workspace_url())
    assert isinstance(direct, ServerAddress)
    colleague = open_world(direct)  # someone else, not behind the relay
    colleague.services.accounts.create(draft())
    try:
        with DroppingProxy(postgres.server().port) as proxy:
            window = create_main_window(
                proxy.url(direct.database), settings_path=tmp_path / "settings.ini"
            )
            qtbot.addWidget(window)
            window.show()
            table = window.findChild(QTableView, "directory_table")
            assert table.model().rowCount() == 1
            qtbot.waitUntil(lambda: window._change_watch.active, timeout=1000)
            time.sleep(0.3)  # the listener's connection comes up
            assert proxy.drop() >= 2  # the window's own connection and the listener's
            colleague.services.accounts.create(draft(external_id="300400", name="Zweite GmbH"))
            qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=5000)
            assert window.directory_view.count_label.text() == "2 accounts"
            assert window.findChild(QMessageBox, ERROR_BOX_NAME) is None
            window.close()
    finally:
        colleague.store.close()
        postgres.server().drop_database(direct.database)
