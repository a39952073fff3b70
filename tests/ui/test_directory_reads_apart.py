"""The Directory over a reading thread: a current row far down is announced once its page is in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.directory import DirectoryService
from desktop_app.services.listing import Listing
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.models import background_reads
from desktop_app.ui.models.background_reads import BackgroundReader
from tests.support.world import World


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Pages read on the reading thread wait for it; counts and the first page do not."""
    opened = threading.Event()
    opened.set()
    accounts = DirectoryService.accounts

    def gated(self: DirectoryService, query: Any, sort: Any = None) -> Listing[Any]:
        listing = accounts(self, query, sort)

        def fetch(offset: int, limit: int) -> Any:
            if offset and threading.current_thread().name == "workspace-reads":
                assert opened.wait(10)
            return listing.fetch(offset, limit)

        return Listing(count=listing.count, fetch=fetch)

    monkeypatch.setattr(DirectoryService, "accounts", gated)
    yield opened
    opened.set()


def test_ctrl_end_announces_the_last_account_only_when_its_page_came(
    qtbot: Any,
    world: World,
    accounts: list[Any],
    gate: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = DirectoryView(world.services.directory)
    qtbot.addWidget(view)
    reader = BackgroundReader(world.services.on_own_connection)
    view.use_reader(reader)
    assert view.model.wait_for_rows()  # the reader took the rows over
    view.resize(900, 500)
    view.show()
    monkeypatch.setattr(background_reads, "quick_wait_s", 0.002)
    announced: list[object] = []
    view.current_account_changed.connect(announced.append)
    view.table.setCurrentIndex(view.model.index(0, 0))
    assert announced[-1] == view.model.account_id(0)
    announced.clear()
    gate.clear()

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)

    last = view.table.currentIndex().row()
    assert last == len(accounts) - 1
    assert announced == []  # nothing waited for the page on the window's thread
    with qtbot.waitSignal(view.current_account_changed) as told:
        gate.set()
    assert told.args == [view.model.account_id(last)]
    assert told.args[0] is not None
    reader.close()
