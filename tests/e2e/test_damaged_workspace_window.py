"""A workspace damaged on disk opens, turns read-only with the reason, and raises no error storm."""

from __future__ import annotations

import io

from PySide6.QtWidgets import QTableView

from desktop_app import cli
from desktop_app.app import create_main_window
from tests.support.damage import digest, overwrite_page


def test_a_damaged_workspace_turns_read_only_after_the_first_paint(qtbot, tmp_path):
    path = tmp_path / "damaged.sqlite"
    sink = io.StringIO()
    assert cli.run(["seed", "--db", str(path), "--accounts", "300"], out=sink, err=sink) == 0
    overwrite_page(path, "tier_account_request")
    before = digest(path)
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.read_only_reason is None  # the check runs after the first paint
    qtbot.waitUntil(lambda: window.read_only_reason is not None, timeout=10_000)
    assert "damaged" in window.read_only_reason
    assert window.read_only_banner.isVisible()
    assert "restore it from a backup" in window.read_only_banner.text()
    assert not window.app_actions.add_customer.isEnabled()
    # every table that reads the damaged page fails once, quietly: no exception per cell
    window.tabs.setCurrentWidget(window.requests_view)
    table = window.requests_view.findChild(QTableView)
    table.scrollToBottom()
    qtbot.wait(300)
    window.close()
    assert digest(path) == before
