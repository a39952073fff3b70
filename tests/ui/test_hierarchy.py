"""The hierarchy: a lazily fetched tree model of resellers and their children, and its view."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.accounts import AccountData, Event, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import StorageError
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryRow, SortSpec
from desktop_app.ui.hierarchy.account_tree_model import BATCH_SIZE, SORT, AccountTreeModel
from desktop_app.ui.hierarchy.hierarchy_view import HierarchyView, resellers_text
from desktop_app.ui.hierarchy.tree_nodes import Column
from desktop_app.ui.models.listing_table_model import IdRole
from tests.support.world import API_HUB, World, draft, open_world

SEEDED_ACCOUNTS = 10_000
ROOTS = "roots"


# fixtures and helpers


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A demo workspace of 10,000 accounts, shared by the tests that only read."""
    world = open_world(tmp_path_factory.mktemp("hierarchy") / "workspace.sqlite")
    seed_workspace(world.store, SEEDED_ACCOUNTS, random_seed=1)
    yield world
    world.store.close()


@pytest.fixture
def keep_alive():
    """Holds models until after the model tester's own teardown has disconnected."""
    kept: list[object] = []
    yield kept
    kept.clear()


@dataclass
class CountingHierarchy:
    """Wraps a directory service and records every count and fetch of roots and children."""

    inner: object
    counts: list[str] = field(default_factory=list)
    fetches: list[tuple[str, int, int, int]] = field(default_factory=list)
    """(``roots`` or the parent's id, offset, limit, rows returned)."""

    def roots(self, sort: SortSpec | None = None) -> Listing[DirectoryRow]:
        return self._counted(ROOTS, self.inner.roots(sort))  # type: ignore[attr-defined]

    def children(self, account_id: str, sort: SortSpec | None = None) -> Listing[DirectoryRow]:
        return self._counted(account_id, self.inner.children(account_id, sort))  # type: ignore[attr-defined]

    def _counted(self, key: str, listing: Listing[DirectoryRow]) -> Listing[DirectoryRow]:
        def count() -> int:
            self.counts.append(key)
            return listing.count()

        def fetch(offset: int, limit: int) -> Sequence[DirectoryRow]:
            rows = listing.fetch(offset, limit)
            self.fetches.append((key, offset, limit, len(rows)))
            return rows

        return Listing(count=count, fetch=fetch)

    def child_fetches(self) -> list[tuple[str, int, int, int]]:
        return [fetch for fetch in self.fetches if fetch[0] != ROOTS]


def live_child_counts(world: World) -> dict[str, int]:
    """Every reseller with live children and how many, from SQL rather than the services."""
    rows = world.store.db.execute_sql(
        "SELECT parent_id, count(*) FROM tier_account"
        " WHERE parent_id IS NOT NULL AND decommissioned_at IS NULL GROUP BY parent_id"
    ).fetchall()
    return {str(parent): int(count) for parent, count in rows}


def largest_reseller(world: World) -> tuple[str, int]:
    counts = live_child_counts(world)
    account_id = max(counts, key=counts.__getitem__)
    return account_id, counts[account_id]


def small_reseller(world: World) -> str:
    counts = live_child_counts(world)
    return min((a for a, c in counts.items() if 2 <= c <= 10), key=counts.__getitem__)


def fetch_all(model: AccountTreeModel, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
    while model.has_more(parent):
        model.fetchMore(parent)


def load_down_to(model: AccountTreeModel, world: World, account_id: str) -> QModelIndex:
    """Fetch the parents of ``account_id`` until it has an index."""
    path = world.store.db.execute_sql(
        "WITH RECURSIVE up(id, parent_id, depth) AS ("
        " SELECT id, parent_id, 0 FROM tier_account WHERE id = ?"
        " UNION ALL SELECT t.id, t.parent_id, up.depth + 1 FROM tier_account t"
        " JOIN up ON t.id = up.parent_id)"
        " SELECT id FROM up ORDER BY depth DESC",
        (account_id,),
    ).fetchall()
    parent = QModelIndex()
    for (step,) in path:
        index = model.index_of(step)
        while not index.isValid() and model.has_more(parent):
            model.fetchMore(parent)
            index = model.index_of(step)
        assert index.isValid(), f"{step} is not under its parent"
        parent = index
    return parent


def child_ids(model: AccountTreeModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, Column.ID, parent).data() for row in range(model.rowCount(parent))]


def make_view(qtbot, directory, *, show: bool = True) -> HierarchyView:
    view = HierarchyView(directory)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    if show:
        view.show()
        qtbot.waitExposed(view)
    return view


def add_big_reseller(world: World, children: int) -> str:
    """A direct reseller with ``children`` customers, inserted in one statement; its id."""
    user_id = world.services.workspace.ensure_user().id
    start = datetime(2025, 6, 1, tzinfo=UTC)

    def account(number: int, parent_id: str | None) -> TierAccount:
        data = AccountData(
            type=AccountType.CUSTOMER if parent_id else AccountType.RESELLER,
            parent_id=parent_id,
            name=f"Big Customer {number:06d}" if parent_id else "Big Reseller",
            external_id=f"BIG-{number}",
            external_uid=f"00000000-0000-4000-9000-{number:012d}",
            tax_id="",
            address_line1=f"Street {number}",
            address_line2="",
            city="Berlin",
            state="",
            postal_code="10117",
            country="DE",
            first_name="Anna",
            last_name="Test",
            email=f"big{number}@example.com",
            phone=None,
        )
        event = Event(start + timedelta(seconds=number), user_id)
        return TierAccount(
            id=f"TA-9999-{number // 10_000:04d}-{number % 10_000:04d}",
            version=1,
            data=data,
            hub_id=API_HUB.id,
            owner_id="VA-111-111",
            created=event,
            updated=event,
        )

    reseller = account(0, None)
    with world.store.write():
        BulkWriter(world.store.db).accounts(
            [reseller, *(account(n, reseller.id) for n in range(1, children + 1))]
        )
    return reseller.id


# the model


@pytest.mark.parametrize("force_py", [False, True])
def test_model_tester_with_nodes_expanded(keep_alive, qtmodeltester, seeded, force_py):
    model = AccountTreeModel(seeded.services.directory)
    keep_alive.append(model)
    fetch_all(model)  # every direct reseller
    big, big_count = largest_reseller(seeded)
    assert big_count > 2 * BATCH_SIZE
    index = load_down_to(model, seeded, big)
    fetch_all(model, index)  # every batch of the largest reseller
    small = load_down_to(model, seeded, small_reseller(seeded))
    model.fetchMore(small)
    assert model.rowCount(index) == big_count
    assert model.rowCount() == model.top_level_count() > BATCH_SIZE

    qtmodeltester.check(model, force_py=force_py)


def test_model_tester_in_python_on_a_few_expanded_nodes(keep_alive, qtmodeltester, world):
    services = world.services
    top = services.accounts.create(draft(name="Top Reseller")).account
    middle = services.accounts.create(draft(name="Middle Reseller", parent_id=top.id)).account
    for name in ("Ada", "Bea"):
        services.accounts.create(draft(type=AccountType.CUSTOMER, name=name, parent_id=middle.id))
    services.accounts.create(draft(name="Lonely Reseller"))
    model = AccountTreeModel(services.directory, batch_size=1)
    keep_alive.append(model)
    model.fetchMore(QModelIndex())
    model.fetchMore(model.index_of(top.id))
    model.fetchMore(model.index_of(middle.id))

    qtmodeltester.check(model, force_py=True)
    # Batches fetched while the tester watches: every insertion and change is checked.
    model.fetchMore(model.index_of(middle.id))
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2
    assert model.rowCount(model.index_of(middle.id)) == 2


def test_model_tester_on_an_empty_workspace(keep_alive, qtmodeltester, world):
    model = AccountTreeModel(world.services.directory)
    keep_alive.append(model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0
    assert model.top_level_count() == 0
    assert not model.has_more(QModelIndex())


def test_top_level_is_the_direct_resellers_in_batches(seeded):
    directory = seeded.services.directory
    model = AccountTreeModel(directory)
    roots = directory.roots(SORT).all()

    assert model.rowCount() == 0, "nothing is read before the view asks"
    model.fetchMore(QModelIndex())
    assert model.rowCount() == BATCH_SIZE
    fetch_all(model)
    assert child_ids(model, QModelIndex()) == [row.id for row in roots]
    assert model.top_level_count() == len(roots)
    assert {model.index(row, Column.TYPE).data() for row in range(model.rowCount())} == {"Reseller"}


def test_expanding_a_small_reseller_lists_exactly_its_children(seeded):
    directory = seeded.services.directory
    model = AccountTreeModel(directory)
    account_id = small_reseller(seeded)
    index = load_down_to(model, seeded, account_id)
    expected = directory.children(account_id).all()

    assert model.hasChildren(index)
    assert model.rowCount(index) == 0, "not fetched yet"
    assert model.index(index.row(), Column.CHILDREN, index.parent()).data() == ""
    assert model.canFetchMore(index)

    model.fetchMore(index)

    assert child_ids(model, index) == [row.id for row in expected]
    assert not model.has_more(index)
    assert model.child_count(index) == len(expected)
    assert model.index(index.row(), Column.CHILDREN, index.parent()).data() == str(len(expected))
    for row in range(model.rowCount(index)):
        child = model.index(row, Column.NAME, index)
        assert model.parent(child) == index
        assert child.data(IdRole) == expected[row].id
        assert child.data() == expected[row].name


def test_a_big_reseller_is_fetched_one_batch_at_a_time(qtbot, seeded):
    directory = seeded.services.directory
    model = AccountTreeModel(directory)
    account_id, total = largest_reseller(seeded)
    index = load_down_to(model, seeded, account_id)
    children_cell = model.index(index.row(), Column.CHILDREN, index.parent())

    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore(index)
    assert inserted.args[1:] == [0, BATCH_SIZE - 1]
    assert model.rowCount(index) == BATCH_SIZE
    assert model.has_more(index)
    assert not model.canFetchMore(index), "later batches are the view's to ask for"
    assert children_cell.data() == f"{total:,}"
    assert children_cell.data(Qt.ItemDataRole.ToolTipRole) == (
        f"{BATCH_SIZE:,} of {total:,} child accounts shown; scroll for more"
    )

    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore(index)
    assert inserted.args[1:] == [BATCH_SIZE, 2 * BATCH_SIZE - 1]
    fetch_all(model, index)

    assert child_ids(model, index) == [row.id for row in directory.children(account_id).all()]
    assert not model.has_more(index)
    assert children_cell.data(Qt.ItemDataRole.ToolTipRole) == f"{total:,} child accounts"


def test_nothing_below_the_top_is_read_before_a_node_is_expanded(seeded):
    directory = CountingHierarchy(seeded.services.directory)
    model = AccountTreeModel(directory)
    fetch_all(model)

    for row in range(model.rowCount()):  # everything a view might ask of the top level
        index = model.index(row, Column.NAME)
        assert model.hasChildren(index)
        assert model.rowCount(index) == 0
        for column in Column:
            model.index(row, column).data()
            model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    assert directory.counts == [ROOTS]
    assert directory.child_fetches() == []
    roots = model.top_level_count()
    assert [(offset, limit) for _, offset, limit, _ in directory.fetches] == [
        (offset, min(BATCH_SIZE, roots - offset)) for offset in range(0, roots, BATCH_SIZE)
    ]

    account_id, _ = largest_reseller(seeded)
    index = load_down_to(model, seeded, account_id)
    directory.counts.clear()
    directory.fetches.clear()
    model.fetchMore(index)
    model.fetchMore(index)
    assert directory.counts == [account_id]
    assert directory.fetches == [
        (account_id, 0, BATCH_SIZE, BATCH_SIZE),
        (account_id, BATCH_SIZE, BATCH_SIZE, BATCH_SIZE),
    ]


def test_a_reseller_without_children_loses_its_arrow_once_expanded(qtbot, world):
    reseller = world.services.accounts.create(draft(name="Childless")).account
    model = AccountTreeModel(world.services.directory)
    model.fetchMore(QModelIndex())
    index = model.index_of(reseller.id)

    assert model.hasChildren(index), "assumed without asking"
    with qtbot.waitSignal(model.dataChanged):
        model.fetchMore(index)
    assert not model.hasChildren(index)
    assert not model.has_more(index)
    assert model.index(0, Column.CHILDREN).data() == "0"


def test_cells_roles_headers_and_flags(world):
    services = world.services
    parent = services.accounts.create(draft(name="Parent Reseller")).account
    child = services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=parent.id, name="Child", city="Hamburg")
    ).account
    model = AccountTreeModel(services.directory)
    model.fetchMore(QModelIndex())
    top = model.index(0, Column.NAME)
    model.fetchMore(top)
    below = model.index(0, Column.NAME, top)

    assert model.rowCount() == 1, "the customer is not on the top level"
    assert [model.index(0, column, top).data() for column in Column] == [
        "Child",
        child.id,
        "Customer",
        "DE",
        "Hamburg",
        "",
    ]
    assert [model.index(0, column).data() for column in Column] == [
        "Parent Reseller",
        parent.id,
        "Reseller",
        "DE",
        "Berlin",
        "1",
    ]
    assert below.data(Qt.ItemDataRole.ToolTipRole) == f"Child ({child.id})"
    assert model.index(0, Column.COUNTRY, top).data(Qt.ItemDataRole.ToolTipRole) == "Germany"
    assert model.index(0, Column.CITY, top).data(IdRole) == child.id
    assert top.data(IdRole) == parent.id
    assert model.account_id(below) == child.id
    assert model.row_at(below).parent_id == parent.id
    assert model.account_id(QModelIndex()) is None
    assert model.index(0, Column.CHILDREN, top).data(Qt.ItemDataRole.ToolTipRole) is None

    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert labels == ["Name", "ID", "Type", "Country", "City", "Children"]
    customer_flags = model.flags(below)
    assert customer_flags & Qt.ItemFlag.ItemNeverHasChildren
    assert not customer_flags & Qt.ItemFlag.ItemIsEditable
    assert not model.hasChildren(below)
    assert not model.has_more(below)
    assert not model.flags(top) & Qt.ItemFlag.ItemNeverHasChildren
    assert not model.index(0, 0, model.index(0, Column.ID)).isValid(), "children hang off Name"


def test_refresh_forgets_every_node(qtbot, world):
    reseller = world.services.accounts.create(draft(name="Reseller")).account
    directory = CountingHierarchy(world.services.directory)
    model = AccountTreeModel(directory)
    model.fetchMore(QModelIndex())
    model.fetchMore(model.index_of(reseller.id))
    stale = model.index_of(reseller.id)

    with qtbot.waitSignal(model.modelReset):
        model.refresh()

    assert model.rowCount() == 0
    assert model.fetched_account_ids() == []
    assert not model.index_of(reseller.id).isValid()
    assert model.account_id(stale) is None, "keys are never reused"
    model.fetchMore(QModelIndex())
    assert directory.counts == [ROOTS, reseller.id, ROOTS]


class FailingDirectory:
    def __init__(self) -> None:
        self.error = StorageError("The workspace is busy.")

    def roots(self, sort: SortSpec | None = None) -> Listing[DirectoryRow]:
        return self._failing()

    def children(self, account_id: str, sort: SortSpec | None = None) -> Listing[DirectoryRow]:
        return self._failing()

    def _failing(self) -> Listing[DirectoryRow]:
        def count() -> int:
            return 3

        def fetch(offset: int, limit: int) -> list[DirectoryRow]:
            raise self.error

        return Listing(count=count, fetch=fetch)


def test_a_failed_fetch_is_reported_once_and_stops_fetching():
    directory = FailingDirectory()
    model = AccountTreeModel(directory)
    reported = []
    model.load_failed.connect(reported.append)

    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())

    assert model.rowCount() == 0
    assert not model.has_more(QModelIndex())
    assert reported == [directory.error]


def test_batch_size_must_be_positive(world):
    with pytest.raises(ValueError, match="at least 1"):
        AccountTreeModel(world.services.directory, batch_size=0)


# the view


def test_view_shows_the_top_level_and_reads_no_children(qtbot, seeded):
    directory = CountingHierarchy(seeded.services.directory)
    view = make_view(qtbot, directory)

    tree = view.findChild(QTreeView, "hierarchy_tree")
    assert tree is view.tree
    assert tree.uniformRowHeights()
    assert not tree.expandsOnDoubleClick()
    assert tree.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert tree.header().objectName() == "hierarchy_header"
    assert [tree.model().headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        c.label for c in Column
    ]
    roots = seeded.services.directory.roots().count()
    assert view.count_label.objectName() == "hierarchy_count_label"
    assert view.count_label.text() == resellers_text(roots)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    view.tree.viewport().repaint()
    assert directory.counts == [ROOTS]
    assert directory.fetches == [(ROOTS, 0, BATCH_SIZE, BATCH_SIZE)]


def test_scrolling_to_the_end_of_the_top_level_fetches_the_next_batch(qtbot, seeded):
    directory = CountingHierarchy(seeded.services.directory)
    view = make_view(qtbot, directory)
    qtbot.waitUntil(lambda: view.model.rowCount() == BATCH_SIZE)

    view.tree.scrollToBottom()

    qtbot.waitUntil(lambda: view.model.rowCount() == 2 * BATCH_SIZE)
    assert directory.fetches == [
        (ROOTS, 0, BATCH_SIZE, BATCH_SIZE),
        (ROOTS, BATCH_SIZE, BATCH_SIZE, BATCH_SIZE),
    ]
    assert directory.child_fetches() == []


def test_resellers_text():
    assert resellers_text(0) == "0 direct resellers"
    assert resellers_text(1) == "1 direct reseller"
    assert resellers_text(59_999) == "59,999 direct resellers"


def test_expanding_in_the_view_fetches_one_batch_and_scrolling_the_next(qtbot, seeded):
    directory = CountingHierarchy(seeded.services.directory)
    view = make_view(qtbot, directory)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    account_id, total = largest_reseller(seeded)
    index = load_down_to(view.model, seeded, account_id)
    directory.fetches.clear()

    view.tree.expand(index)
    view.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: view.model.rowCount(index) > 0)
    view.tree.viewport().repaint()
    qtbot.wait(20)  # a pass of the event loop: the view must not fetch a second batch
    assert directory.child_fetches() == [(account_id, 0, BATCH_SIZE, BATCH_SIZE)]

    # Rows inserted elsewhere make the tree lay out every expanded node again: no fetch.
    view.model.fetchMore(QModelIndex())
    view.tree.viewport().repaint()
    qtbot.wait(20)
    assert directory.child_fetches() == [(account_id, 0, BATCH_SIZE, BATCH_SIZE)]

    # Scrolling to the last fetched child fetches the next batch, though rows follow it.
    last = view.model.index(BATCH_SIZE - 1, 0, index)
    assert view.tree.indexBelow(last).isValid()
    view.tree.scrollTo(last)
    qtbot.waitUntil(lambda: view.model.rowCount(index) == 2 * BATCH_SIZE)
    view.tree.viewport().repaint()
    qtbot.wait(20)
    assert directory.child_fetches() == [
        (account_id, 0, BATCH_SIZE, BATCH_SIZE),
        (account_id, BATCH_SIZE, BATCH_SIZE, BATCH_SIZE),
    ]
    assert total > 2 * BATCH_SIZE


def test_double_click_and_enter_open_an_account(qtbot, seeded):
    view = make_view(qtbot, seeded.services.directory)
    qtbot.waitUntil(lambda: view.model.rowCount() > 1)
    index = view.model.index(1, Column.NAME)
    expected = view.model.account_id(index)
    center = view.tree.visualRect(view.model.index(1, Column.ID)).center()

    with qtbot.waitSignal(view.account_activated) as opened:
        qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened.args == [expected]
    assert not view.tree.isExpanded(index), "a double-click opens, it does not expand"
    assert view.current_account_id() == expected

    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index(0, Column.ID))
    with qtbot.waitSignal(view.account_activated) as opened:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert opened.args == [view.model.account_id(view.model.index(0, 0))]


def test_current_account_is_announced(qtbot, world):
    reseller = world.services.accounts.create(draft(name="Reseller")).account
    view = make_view(qtbot, world.services.directory)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)

    with qtbot.waitSignal(view.current_account_changed) as changed:
        assert view.select_account(reseller.id)
    assert changed.args == [reseller.id]
    assert not view.select_account("TA-0000-0000-0000")


def test_refresh_shows_a_new_child_and_keeps_the_tree_open(qtbot, world):
    services = world.services
    top = services.accounts.create(draft(name="Top Reseller")).account
    middle = services.accounts.create(draft(name="Middle Reseller", parent_id=top.id)).account
    services.accounts.create(draft(type=AccountType.CUSTOMER, name="Old", parent_id=middle.id))
    view = make_view(qtbot, services.directory)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.tree.expand(view.model.index_of(top.id))
    qtbot.waitUntil(lambda: view.model.index_of(middle.id).isValid())
    view.tree.expand(view.model.index_of(middle.id))
    qtbot.waitUntil(lambda: view.model.rowCount(view.model.index_of(middle.id)) == 1)
    view.select_account(middle.id)

    created = services.accounts.create(
        draft(type=AccountType.CUSTOMER, name="Brand New", parent_id=middle.id)
    ).account
    view.refresh()

    middle_index = view.model.index_of(middle.id)
    assert view.tree.isExpanded(view.model.index_of(top.id))
    assert view.tree.isExpanded(middle_index)
    assert child_ids(view.model, middle_index)[0] == created.id, "newest first"
    assert view.model.rowCount(middle_index) == 2
    assert view.model.index(middle_index.row(), Column.CHILDREN, middle_index.parent()).data() == (
        "2"
    )
    assert view.current_account_id() == middle.id


def test_refresh_counts_a_new_direct_reseller(qtbot, world):
    world.services.accounts.create(draft(name="First"))
    view = make_view(qtbot, world.services.directory)
    assert view.count_label.text() == "1 direct reseller"

    world.services.accounts.create(draft(name="Second"))
    view.refresh()

    assert view.count_label.text() == "2 direct resellers"
    assert view.model.rowCount() == 2


def test_set_directory_shows_another_workspace(qtbot, world, tmp_path):
    world.services.accounts.create(draft(name="Here"))
    view = make_view(qtbot, world.services.directory)
    other = open_world(tmp_path / "other.sqlite")
    try:
        for name in ("There", "Elsewhere"):
            other.services.accounts.create(draft(name=name))
        with qtbot.waitSignal(view.model.modelReset):
            view.set_directory(other.services.directory)
        assert view.count_label.text() == "2 direct resellers"
        qtbot.waitUntil(lambda: view.model.rowCount() == 2)
        names = {view.model.index(row, Column.NAME).data() for row in range(2)}
        assert names == {"There", "Elsewhere"}
    finally:
        view.set_directory(world.services.directory)
        other.store.close()


def test_a_failed_load_is_reported_to_the_window(qtbot):
    directory = FailingDirectory()
    view = make_view(qtbot, directory, show=False)
    with qtbot.waitSignal(view.error_occurred) as failed:
        view.show()
    assert failed.args == [directory.error]


# figures, not run by default: HIERARCHY_MEASURE=1 pytest tests/ui/test_hierarchy.py -k measure -s


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("HIERARCHY_MEASURE"), reason="HIERARCHY_MEASURE not set")
def test_measure_at_100_000_accounts(qtbot, tmp_path: Path):
    world = open_world(tmp_path / "big.sqlite")
    try:
        started = time.perf_counter()
        seed_workspace(world.store, 100_000, random_seed=1)
        print(f"\nseeded 100,000 accounts in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        view = make_view(qtbot, world.services.directory, show=False)
        view.show()
        qtbot.waitExposed(view)
        view.tree.viewport().repaint()
        shown = time.perf_counter() - started
        print(f"view built and top level shown: {shown * 1000:.0f} ms ({view.count_label.text()})")

        account_id, total = largest_reseller(world)
        index = load_down_to(view.model, world, account_id)
        started = time.perf_counter()
        view.tree.expand(index)
        view.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        view.tree.viewport().repaint()
        expanded = time.perf_counter() - started
        assert view.model.rowCount(index) == BATCH_SIZE
        print(f"largest seeded reseller ({total:,} children) expanded: {expanded * 1000:.0f} ms")

        big = add_big_reseller(world, 100_000)
        view.refresh()
        index = load_down_to(view.model, world, big)
        started = time.perf_counter()
        view.tree.expand(index)
        view.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        view.tree.viewport().repaint()
        expanded = time.perf_counter() - started
        print(f"reseller with 100,000 children expanded: {expanded * 1000:.0f} ms")
        for batch in (2, 50, 500):
            while view.model.rowCount(index) < (batch - 1) * BATCH_SIZE:
                view.model.fetchMore(index)
            started = time.perf_counter()
            view.model.fetchMore(index)
            print(
                f"  batch {batch} (offset {(batch - 1) * BATCH_SIZE:,}):"
                f" {(time.perf_counter() - started) * 1000:.0f} ms"
            )
    finally:
        world.store.close()
