"""ListingTableModel: model tester, cached count, pages on demand, LRU cache, roles, resets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.domain.errors import StorageError
from desktop_app.services.listing import Listing
from desktop_app.ui.models.listing_table_model import (
    PAGE_SIZE,
    ColumnSpec,
    IdRole,
    ListingTableModel,
)


@dataclass(frozen=True)
class Thing:
    id: str
    name: str


@dataclass
class CountingListing:
    """A listing over ``size`` made-up rows that records every count and page fetched."""

    size: int
    prefix: str = "T"
    counts: int = 0
    fetches: list[tuple[int, int]] = field(default_factory=list)
    fail: bool = False

    def row(self, number: int) -> Thing:
        return Thing(f"{self.prefix}-{number:06d}", f"Thing {number}")

    def count(self) -> int:
        self.counts += 1
        if self.fail:
            raise StorageError("The workspace file cannot be read.")
        return self.size

    def fetch(self, offset: int, limit: int) -> Sequence[Thing]:
        self.fetches.append((offset, limit))
        if self.fail:
            raise StorageError("The workspace file cannot be read.")
        return [self.row(n) for n in range(offset, min(offset + limit, self.size))]

    @property
    def listing(self) -> Listing[Thing]:
        return Listing(count=self.count, fetch=self.fetch)


COLUMNS: tuple[ColumnSpec[Thing], ...] = (
    ColumnSpec("ID", lambda t: t.id),
    ColumnSpec("Name", lambda t: t.name, lambda t: f"Named {t.name}"),
)


def make_model(source: CountingListing, **kwargs) -> ListingTableModel[Thing]:
    return ListingTableModel(source.listing, COLUMNS, lambda t: t.id, **kwargs)


@pytest.mark.parametrize("force_py", [False, True])
@pytest.mark.parametrize("size", [0, 1, 250])
def test_model_passes_the_model_tester(qtmodeltester, size, force_py):
    model = make_model(CountingListing(size))
    assert model.rowCount() == size
    qtmodeltester.check(model, force_py=force_py)


def test_count_is_asked_once_and_no_row_is_fetched_for_it():
    source = CountingListing(500)
    model = make_model(source)

    assert model.rowCount() == 500
    assert model.rowCount() == 500
    assert model.columnCount() == 2
    assert source.counts == 1
    assert source.fetches == []


def test_rows_are_fetched_one_page_at_a_time():
    source = CountingListing(250)
    model = make_model(source)

    assert model.index(0, 0).data() == "T-000000"
    assert source.fetches == [(0, PAGE_SIZE)]
    for row in range(PAGE_SIZE):
        model.index(row, 1).data()
    assert source.fetches == [(0, PAGE_SIZE)], "rows of a cached page are not fetched again"

    assert model.index(249, 1).data() == "Thing 249"
    last = 249 // PAGE_SIZE * PAGE_SIZE
    assert source.fetches == [(0, PAGE_SIZE), (last, PAGE_SIZE)]


def test_a_hundred_thousand_rows_are_never_all_loaded():
    source = CountingListing(100_000)
    model = make_model(source)

    assert model.rowCount() == 100_000
    assert model.index(99_999, 0).data() == "T-099999"
    assert model.item(50_000) == source.row(50_000)
    last = 99_999 // PAGE_SIZE * PAGE_SIZE
    assert source.fetches == [(last, PAGE_SIZE), (50_000, PAGE_SIZE)]


def test_least_recently_used_page_is_dropped():
    source = CountingListing(1000)
    model = make_model(source, page_size=10, cached_pages=2)

    for row in (0, 10, 0, 20):  # pages 0, 1, 0 (cached), 2 (drops page 1)
        model.index(row, 0).data()
    assert [offset for offset, _ in source.fetches] == [0, 10, 20]

    model.index(5, 0).data()
    assert len(source.fetches) == 3, "page 0 was used recently and is kept"
    model.index(15, 0).data()
    assert [offset for offset, _ in source.fetches] == [0, 10, 20, 10]


def test_roles_item_and_id():
    source = CountingListing(3)
    model = make_model(source)

    assert model.index(1, 0).data(IdRole) == "T-000001"
    assert model.index(1, 1).data(IdRole) == "T-000001"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "Named Thing 1"
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.item(2) == Thing("T-000002", "Thing 2")
    assert model.item_id(0) == "T-000000"
    assert model.item(3) is None and model.item(-1) is None
    assert model.item_id(3) is None
    assert model.data(QModelIndex()) is None


def test_headers_and_flags():
    model = make_model(CountingListing(3))

    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(2)] == ["ID", "Name"]
    assert model.headerData(2, horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.columns == COLUMNS


def test_refresh_counts_and_fetches_again(qtbot):
    source = CountingListing(5)
    model = make_model(source)
    model.index(0, 0).data()

    source.size = 7
    with qtbot.waitSignal(model.modelReset):
        model.refresh()
    assert model.rowCount() == 7
    model.index(6, 0).data()
    assert source.counts == 2
    assert source.fetches == [(0, PAGE_SIZE), (0, PAGE_SIZE)]


def test_set_listing_shows_the_new_rows(qtbot):
    model = make_model(CountingListing(5))
    other = CountingListing(2, prefix="O")

    with qtbot.waitSignal(model.modelReset):
        model.set_listing(other.listing)
    assert model.listing.count == other.count
    assert model.rowCount() == 2
    assert [model.index(r, 0).data() for r in range(2)] == ["O-000000", "O-000001"]


def test_failure_is_reported_once_and_shows_no_rows(qtbot):
    source = CountingListing(5, fail=True)
    model = make_model(source)

    with qtbot.waitSignal(model.load_failed) as blocker:
        assert model.rowCount() == 0
    assert isinstance(blocker.args[0], StorageError)

    source.fail, source.size = False, 3
    model.refresh()
    assert model.rowCount() == 3
    source.fail = True
    with qtbot.waitSignal(model.load_failed):
        assert model.index(0, 0).data() is None
    with qtbot.assertNotEmitted(model.load_failed):
        model.index(1, 0).data()


def test_page_size_must_be_positive():
    with pytest.raises(ValueError, match="page_size"):
        make_model(CountingListing(1), page_size=0)


def test_a_rows_texts_are_formatted_once_while_its_page_is_held():
    source = CountingListing(1000)
    formatted: list[str] = []

    def name(thing: Thing) -> str:
        formatted.append(thing.id)
        return thing.name

    model = ListingTableModel(
        source.listing, (ColumnSpec("Name", name),), lambda t: t.id, page_size=10, cached_pages=1
    )
    for _paint in range(3):  # a view asks every visible cell at every paint
        assert [model.index(row, 0).data() for row in (0, 1)] == ["Thing 0", "Thing 1"]
    assert formatted == ["T-000000", "T-000001"]

    assert model.index(10, 0).data() == "Thing 10"  # page 1 replaces page 0, texts and all
    assert model.index(0, 0).data() == "Thing 0"
    assert formatted == ["T-000000", "T-000001", "T-000010", "T-000000"]
    assert source.fetches == [(0, 10), (10, 10), (0, 10)]


def test_a_refresh_shows_the_new_texts_of_a_row():
    source = CountingListing(5)
    model = make_model(source)
    assert model.index(0, 0).data() == "T-000000"

    source.prefix = "U"
    model.refresh()

    assert model.index(0, 0).data() == "U-000000"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Named Thing 0"
