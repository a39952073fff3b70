"""The Directory over a reading thread: a current row far down is announced once its page is in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.directory import DirectoryService
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryColumn, SortSpec
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.models import background_reads, listing_table_model
from desktop_app.ui.models.account_table_model import PAGE_SIZE, Column
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.models.listing_table_model import ListingTableModel
from desktop_app.ui.row_tables import HOLD_PAINT_MS
from tests.support.windows import directory_over_reader
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


def test_a_tall_table_gets_the_rows_it_shows_in_one_read(
    qtbot: Any, world: World, accounts: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[tuple[int, int]] = []
    listing_of = DirectoryService.accounts

    def counted(self: DirectoryService, query: Any, sort: Any = None) -> Listing[Any]:
        listing = listing_of(self, query, sort)

        def fetch(offset: int, limit: int) -> Any:
            if threading.current_thread().name == "workspace-reads":
                reads.append((offset, limit))
            return listing.fetch(offset, limit)

        return Listing(count=listing.count, fetch=fetch)

    monkeypatch.setattr(DirectoryService, "accounts", counted)
    view = DirectoryView(world.services.directory)
    qtbot.addWidget(view)
    view.resize(900, 3000)
    view.show()
    qtbot.waitExposed(view)
    reader = BackgroundReader(world.services.on_own_connection)
    view.use_reader(reader)
    assert view.model.wait_for_rows()
    shown = view.table.rowAt(view.table.viewport().height() - 1) + 1
    assert shown > PAGE_SIZE  # more than a page in view
    reads.clear()

    view.model.set_sort(SortSpec(DirectoryColumn.NAME, descending=True))
    assert view.model.wait_for_rows()
    view.table.viewport().repaint()

    pages = -(-shown // PAGE_SIZE)
    assert reads == [(0, pages * PAGE_SIZE)]  # one read, every row in view: none asked after
    names = sorted((a.name for a in accounts), key=str.casefold, reverse=True)
    column = Column.NAME
    assert [view.model.index(row, column).data() for row in range(shown)] == names[:shown]
    reader.close()


@pytest.fixture
def painted_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows whose text a paint asked for."""
    rows: list[int] = []
    data = ListingTableModel.data

    def recorded(self: ListingTableModel[Any], index: Any, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            rows.append(index.row())
        return data(self, index, role)

    monkeypatch.setattr(ListingTableModel, "data", recorded)
    return rows


def test_a_jump_paints_its_rows_once_they_came_never_blank_cells_first(
    qtbot: Any, world: World, accounts: list[Any], gate: threading.Event, painted_rows: list[int]
) -> None:
    view, reader = directory_over_reader(qtbot, world)
    middle = len(accounts) // 2
    gate.clear()
    painted_rows.clear()
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(HOLD_PAINT_MS // 2)
    assert not [row for row in painted_rows if row >= PAGE_SIZE]  # held, not painted blank
    gate.set()
    qtbot.waitUntil(lambda: middle in painted_rows)
    top = view.table.rowAt(0)
    assert view.model.index(top, Column.ID).data() == view.model.account_id(top)
    reader.close()


def test_rows_that_do_not_come_are_painted_blank_after_a_while(
    qtbot: Any, world: World, accounts: list[Any], gate: threading.Event, painted_rows: list[int]
) -> None:
    view, reader = directory_over_reader(qtbot, world)
    gate.clear()
    painted_rows.clear()
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: len(accounts) - 1 in painted_rows)  # blank cells, the page held up
    assert not view.model.is_loaded(len(accounts) - 1)
    gate.set()
    reader.close()


def test_rows_in_view_across_two_pages_are_read_in_one_question(
    qtbot: Any, world: World, accounts: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    view, reader = directory_over_reader(qtbot, world)
    read: list[tuple[int, int]] = []
    made = listing_table_model.page_job

    def recorded(listing: Any, page: int, size: int, texts_of: Any, pages: int = 1) -> Any:
        read.append((page, pages))
        return made(listing, page, size, texts_of, pages)

    monkeypatch.setattr(listing_table_model, "page_job", recorded)
    table = view.table
    shown = table.viewport().height() // table.rowHeight(0)
    assert 4 < shown < PAGE_SIZE
    top = 3 * PAGE_SIZE - shown // 2  # the rows in view straddle pages 2 and 3
    table.scrollTo(view.model.index(top, 0), table.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: view.model.is_loaded(top) and view.model.is_loaded(top + shown - 1))
    assert read == [(2, 2)]  # one read of both pages, one trip to the reading thread
    for row in (top, 3 * PAGE_SIZE - 1, 3 * PAGE_SIZE, top + shown - 1):
        assert view.model.index(row, Column.ID).data() == view.model.account_id(row)
    assert accounts  # six hundred: pages 2 and 3 are full
    reader.close()
