"""AccountTableModel: model tester, lazy paging, query-side sorting, filters and roles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import StorageError
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, DirectoryRow, SortSpec
from desktop_app.ui.models.account_table_model import (
    PAGE_SIZE,
    AccountTableModel,
    Column,
    IdRole,
    RowRole,
    created_text,
)
from tests.support.world import draft
from tests.ui.conftest import ACCOUNT_COUNT, CountingDirectory


def column_values(model: AccountTableModel, column: Column) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.mark.parametrize("force_py", [False, True])
def test_model_passes_the_model_tester(qtmodeltester, world, accounts, force_py):
    model = AccountTableModel(world.services.directory)
    assert model.rowCount() == ACCOUNT_COUNT
    qtmodeltester.check(model, force_py=force_py)


def test_model_tester_on_empty_workspace(qtmodeltester, world):
    model = AccountTableModel(world.services.directory)
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)


def test_count_is_asked_once_and_no_row_is_fetched_for_it(world, accounts):
    directory = CountingDirectory(world.services.directory)
    model = AccountTableModel(directory)

    assert model.rowCount() == ACCOUNT_COUNT
    assert model.rowCount() == ACCOUNT_COUNT
    assert directory.counts == 1
    assert directory.fetches == []


def test_rows_are_fetched_one_page_at_a_time(world, accounts):
    directory = CountingDirectory(world.services.directory)
    model = AccountTableModel(directory)
    size = PAGE_SIZE

    assert model.index(0, Column.NAME).data()
    assert directory.fetches == [(0, size, size)]

    for row in range(size):
        model.index(row, Column.ID).data()
    assert directory.fetches == [(0, size, size)], "rows of a cached page are not fetched again"

    model.index(ACCOUNT_COUNT - 1, Column.ID).data()
    last = (ACCOUNT_COUNT - 1) // size * size
    assert directory.fetches[-1] == (last, size, ACCOUNT_COUNT - last)
    assert directory.fetched_rows == size + ACCOUNT_COUNT - last


def test_least_recently_used_page_is_dropped(world, accounts):
    directory = CountingDirectory(world.services.directory)
    model = AccountTableModel(directory, page_size=100, cached_pages=2)

    for row in (0, 100, 0, 200):  # pages 0, 1, 0 (cached), 2 (drops page 1)
        model.index(row, Column.ID).data()
    assert [offset for offset, _, _ in directory.fetches] == [0, 100, 200]

    model.index(0, Column.ID).data()
    assert len(directory.fetches) == 3, "page 0 was used recently and is kept"
    model.index(100, Column.ID).data()
    assert [offset for offset, _, _ in directory.fetches] == [0, 100, 200, 100]


def test_refresh_drops_the_cache_and_counts_again(qtbot, world, accounts):
    directory = CountingDirectory(world.services.directory)
    model = AccountTableModel(directory)
    model.index(0, 0).data()
    world.services.accounts.create(draft(name="Fresh Reseller"))

    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.refresh()

    assert model.rowCount() == ACCOUNT_COUNT + 1
    assert directory.counts == 2
    model.index(0, 0).data()
    assert len(directory.fetches) == 2


@pytest.mark.parametrize(
    ("order", "reverse"),
    [(Qt.SortOrder.AscendingOrder, False), (Qt.SortOrder.DescendingOrder, True)],
)
def test_sorting_by_name_is_done_by_the_query(qtbot, world, accounts, order, reverse):
    model = AccountTableModel(world.services.directory)

    with qtbot.waitSignal(model.modelReset):
        model.sort(Column.NAME, order)

    assert model.sort_spec == SortSpec(DirectoryColumn.NAME, descending=reverse)
    names = [account.name for account in accounts]
    assert column_values(model, Column.NAME) == sorted(names, reverse=reverse)


def test_default_order_is_newest_first(world, accounts):
    model = AccountTableModel(world.services.directory)
    newest_first = sorted(accounts, key=lambda a: a.created.at, reverse=True)
    assert model.account_id(0) == newest_first[0].id
    assert model.account_id(ACCOUNT_COUNT - 1) == newest_first[-1].id


def test_sort_by_a_column_outside_the_table_restores_the_default(world, accounts):
    model = AccountTableModel(world.services.directory)
    model.sort(Column.CITY, Qt.SortOrder.AscendingOrder)
    model.sort(-1, Qt.SortOrder.AscendingOrder)
    assert model.sort_spec == SortSpec()


def test_set_query_filters_by_search_text_and_type(qtbot, world, accounts):
    model = AccountTableModel(world.services.directory)
    with qtbot.waitSignal(model.modelReset):
        model.set_query(DirectoryQuery(search="munchen"))
    expected = sum(1 for a in accounts if a.data.city == "München")
    assert 0 < model.rowCount() == expected
    assert set(column_values(model, Column.CITY)) == {"München"}

    model.set_query(DirectoryQuery(type=AccountType.RESELLER))
    assert model.rowCount() == ACCOUNT_COUNT // 5
    assert set(column_values(model, Column.TYPE)) == {"Reseller"}


def test_setting_the_same_query_does_not_reset(qtbot, world, accounts):
    model = AccountTableModel(world.services.directory)
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_query(DirectoryQuery())


def test_cells_roles_and_headers(world):
    services = world.services
    parent = services.accounts.create(draft(name="Parent Reseller", external_id="P-1")).account
    child = services.accounts.create(
        draft(
            type=AccountType.CUSTOMER,
            parent_id=parent.id,
            name="Child Customer",
            external_id="C-1",
            city="Hamburg",
        )
    ).account
    model = AccountTableModel(services.directory)
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)

    assert model.rowCount() == 2
    cells = {column: model.index(0, column).data() for column in Column}
    assert cells == {
        Column.ID: child.id,
        Column.NAME: "Child Customer",
        Column.TYPE: "Customer",
        Column.PARENT: f"Parent Reseller ({parent.id})",
        Column.EXTERNAL_ID: "C-1",
        Column.COUNTRY: "DE",
        Column.CITY: "Hamburg",
        Column.HUB: "—",
        Column.CREATED: child.created.at.astimezone().strftime("%Y-%m-%d %H:%M"),
    }
    parent_cell = model.index(0, Column.PARENT)
    assert parent_cell.data(Qt.ItemDataRole.ToolTipRole) == (
        f"Parent account: Parent Reseller ({parent.id})"
    )
    assert model.index(1, Column.PARENT).data() == "—"
    assert "Direct reseller" in model.index(1, Column.PARENT).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, Column.COUNTRY).data(Qt.ItemDataRole.ToolTipRole) == "Germany"
    assert model.index(0, Column.NAME).data(IdRole) == child.id
    assert model.index(1, Column.CITY).data(IdRole) == parent.id
    assert isinstance(model.index(0, 0).data(RowRole), DirectoryRow)
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None

    labels = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) for c in Column
    ]
    assert labels == [
        "ID",
        "Name",
        "Type",
        "Parent",
        "External ID",
        "Country",
        "City",
        "Hub",
        "Created",
    ]
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.account_id(5) is None
    assert model.rowCount(model.index(0, 0)) == 0


def test_hub_shows_its_name(world, accounts):
    model = AccountTableModel(world.services.directory)
    model.set_query(DirectoryQuery(search=accounts[0].id))
    assert model.index(0, Column.HUB).data() == "API hub"


def test_created_is_shown_in_local_time():
    row = DirectoryRow(
        "TA-1000-0000-0001",
        "X",
        AccountType.RESELLER,
        None,
        None,
        "",
        "DE",
        "Berlin",
        "HB-0000-0000",
        "HB-0000-0000",
        datetime(2026, 1, 1, 9, 30, tzinfo=UTC),
    )
    expected = datetime(2026, 1, 1, 9, 30, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    assert created_text(row) == expected


class FailingDirectory:
    def __init__(self) -> None:
        self.error = StorageError("The workspace is busy.")

    def is_empty(self) -> bool:
        return False

    def accounts(self, query, sort=None) -> Listing[DirectoryRow]:
        def fail_count() -> int:
            return 3

        def fail_fetch(offset: int, limit: int) -> list[DirectoryRow]:
            raise self.error

        return Listing(count=fail_count, fetch=fail_fetch)


def test_a_failed_fetch_is_reported_once_and_shows_nothing(qtbot):
    directory = FailingDirectory()
    model = AccountTableModel(directory)
    reported = []
    model.load_failed.connect(reported.append)

    assert model.index(0, 0).data() is None
    assert model.index(1, 0).data() is None
    assert model.index(0, 0).data(IdRole) is None
    assert reported == [directory.error]
    assert model.index(0, 0, QModelIndex()).isValid()
