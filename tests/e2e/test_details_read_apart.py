"""An account's list tabs read on the window's reading thread: a slow list keeps the window live."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from desktop_app.app import create_main_window
from desktop_app.domain.enums import AccountType
from desktop_app.services.directory import DirectoryService
from desktop_app.services.history import HistoryService
from desktop_app.services.listing import Listing
from desktop_app.services.requests import RequestService
from desktop_app.ui.details.account_details_view import AccountDetailsView, Tab
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models import background_reads
from desktop_app.ui.models.account_table_model import Column
from tests.support.world import draft, open_world

READING_THREAD = "workspace-reads"
LISTS = (
    (DirectoryService, "children", Tab.CHILD_ACCOUNTS),
    (DirectoryService, "fulfillment_requests", Tab.REQUESTS),
    (RequestService, "listing", Tab.TIER_ACCOUNT_REQUESTS),
    (DirectoryService, "subscriptions", Tab.SUBSCRIPTIONS),
    (DirectoryService, "tier_config_requests", Tab.TIER_CONFIG_REQUESTS),
    (DirectoryService, "tier_configs", Tab.TIER_CONFIGS),
)


class Gate:
    """Holds the counts of one account's list back on the reading thread until opened."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.open = threading.Event()
        self.asked = threading.Event()
        """A count waits at the gate."""
        self.counted_on: list[str] = []
        """The thread of every count of the list, wherever it ran."""

    def patch(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        original: Callable[..., Listing[Any]] = getattr(owner, name)

        def gated(service: Any, *args: Any, **kwargs: Any) -> Listing[Any]:
            listing = original(service, *args, **kwargs)
            if not any(self.mentioned(arg) for arg in args):
                return listing  # another list of the same kind (the Requests tab's)

            def count() -> int:
                thread = threading.current_thread().name
                self.counted_on.append(thread)
                if thread == READING_THREAD:
                    self.asked.set()
                    assert self.open.wait(10)
                return listing.count()

            return Listing(count=count, fetch=listing.fetch)

        monkeypatch.setattr(owner, name, gated)

    def mentioned(self, arg: object) -> bool:
        """True for the account's id, or a query of its rows."""
        return self.account_id in (arg, getattr(arg, "account_id", None))


def reseller_with_children(tmp_path: Path, names: list[str]) -> tuple[Path, str]:
    world = open_world(tmp_path / "details.sqlite")
    reseller = world.services.accounts.create(draft(name="Harbor Logistics", external_id="HL"))
    for name in names:
        world.services.accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=reseller.account.id, name=name)
        )
    world.store.close()
    return world.path, reseller.account.id


def open_window(qtbot: Any, tmp_path: Path, path: Path) -> MainWindow:
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    assert window.directory_view.model.wait_for_rows()  # the window's reading thread is up
    assert window.requests_view.model.wait_for_rows()  # and holds the Requests tab's rows
    return window


def as_in_the_application(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers are waited for as briefly as the application waits (tests wait for them all)."""
    monkeypatch.setattr(background_reads, "quick_wait_s", 0.005)
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 0.0)


def heartbeat() -> tuple[QTimer, list[int]]:
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    return timer, ticks


def names_shown(view: AccountDetailsView) -> list[str]:
    model = view.children_tab.model
    assert model is not None
    return [model.data(model.index(row, Column.NAME)) for row in range(model.rowCount())]


@pytest.mark.parametrize(("owner", "name", "tab"), LISTS, ids=[t.name for *_o, t in LISTS])
def test_each_list_tab_of_an_account_counts_on_the_reading_thread_and_the_window_stays_live(
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    owner: type,
    name: str,
    tab: Tab,
) -> None:
    path, reseller = reseller_with_children(tmp_path, ["Alpine Kunde", "Nordic Kunde"])
    window = open_window(qtbot, tmp_path, path)
    gate = Gate(reseller)
    gate.patch(monkeypatch, owner, name)
    as_in_the_application(monkeypatch)
    view = window.open_account(reseller)
    page = view.listing_tabs()[tab - Tab.CHILD_ACCOUNTS]
    timer, ticks = heartbeat()

    view.show_tab(tab)

    assert gate.asked.wait(10)
    qtbot.waitUntil(lambda: len(ticks) >= 10)  # the event loop runs while the list is counted
    assert page.model is not None and page.model.loading
    assert not page.is_showing_placeholder()  # an empty table meanwhile, not "No …"
    assert not page.count_label.isVisible()
    with qtbot.waitSignal(page.model.rows_arrived):
        gate.open.set()
    timer.stop()
    assert set(gate.counted_on) == {READING_THREAD}  # never counted on the window's thread
    if tab == Tab.CHILD_ACCOUNTS:
        assert sorted(names_shown(view)) == ["Alpine Kunde", "Nordic Kunde"]
        assert page.count_label.text() == "2 child accounts"
    else:
        assert page.is_showing_placeholder()
    window.close()


def test_a_refresh_keeps_the_old_rows_and_the_current_one_until_the_new_rows_arrive(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, reseller = reseller_with_children(tmp_path, ["Alpine Kunde", "Nordic Kunde"])
    window = open_window(qtbot, tmp_path, path)
    view = window.open_account(reseller)
    view.show_tab(Tab.CHILD_ACCOUNTS)
    table = view.children_table
    model = view.children_tab.model
    assert model is not None and model.wait_for_rows()
    nordic = names_shown(view).index("Nordic Kunde")
    table.setCurrentIndex(model.index(nordic, Column.NAME))
    chosen = model.item_id(nordic)
    gate = Gate(reseller)
    gate.patch(monkeypatch, DirectoryService, "children")
    as_in_the_application(monkeypatch)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    services = window.services
    first = services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller, name="Aachen Kunde")
    )
    second = services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller, name="Bremen Kunde")
    )

    view.apply_changes(first.changes)
    assert gate.asked.wait(10)
    view.apply_changes(second.changes)  # asked again while the first answer is out

    assert model.rowCount() == 2  # the old rows stay meanwhile
    assert model.item_id(table.currentIndex().row()) == chosen
    with qtbot.waitSignal(model.rows_arrived):
        gate.open.set()
    # the first answer came before the second (one thread, in order) and was dropped
    assert resets == [4]
    assert sorted(names_shown(view)) == [
        "Aachen Kunde",
        "Alpine Kunde",
        "Bremen Kunde",
        "Nordic Kunde",
    ]
    assert model.item_id(table.currentIndex().row()) == chosen  # found among the new rows
    assert view.children_tab.count_label.text() == "4 child accounts"
    window.close()


def test_the_history_is_read_on_the_reading_thread_and_kept_until_a_new_one_arrives(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, reseller = reseller_with_children(tmp_path, [])
    window = open_window(qtbot, tmp_path, path)
    view = window.open_account(reseller)
    view.show_tab(Tab.HISTORY)
    page = view.history_tab
    assert page.history is not None and len(page.history.entries) == 1
    gate, asked = threading.Event(), threading.Event()
    history_of = HistoryService.history

    def slow_on_the_reading_thread(service: HistoryService, account_id: str) -> Any:
        if threading.current_thread().name == READING_THREAD:
            asked.set()
            assert gate.wait(10)
        return history_of(service, account_id)

    monkeypatch.setattr(HistoryService, "history", slow_on_the_reading_thread)
    as_in_the_application(monkeypatch)
    services = window.services
    edited = services.accounts.update(reseller, draft(name="Harbor Logistik", external_id="HL"))
    timer, ticks = heartbeat()

    view.apply_changes(edited.changes)

    assert asked.wait(10)
    qtbot.waitUntil(lambda: len(ticks) >= 10)  # the event loop runs while the history is read
    assert len(page.history.entries) == 1  # the versions shown stay meanwhile
    assert page.versions_tree.topLevelItemCount() == 1
    gate.set()
    qtbot.waitUntil(lambda: page.history is not None and len(page.history.entries) == 2)
    timer.stop()
    assert page.versions_tree.topLevelItemCount() == 2
    window.close()
