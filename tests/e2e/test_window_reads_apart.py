"""The window's Directory and Requests tab read on a thread and a connection of their own."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from desktop_app import open_files
from desktop_app.app import create_main_window
from desktop_app.domain.enums import AccountType
from desktop_app.services.container import Services
from desktop_app.services.directory import DirectoryService
from desktop_app.ui.models import background_reads
from desktop_app.ui.models.account_table_model import Column
from desktop_app.ui.wizard.parent_page import resellers_text
from tests.support.world import draft, open_world


def workspace_with(tmp_path: Path, names: list[str]) -> Path:
    world = open_world(tmp_path / "apart.sqlite")
    for name in names:
        world.services.accounts.create(draft(name=name, external_id=name[:3]))
    world.store.close()
    return world.path


def slow_search(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> tuple[threading.Event, threading.Event]:
    """A search for ``text`` on the reading thread waits for the gate (the first event).

    The second event is set once it waits.
    """
    gate, gated = threading.Event(), threading.Event()
    accounts = DirectoryService.accounts

    def slow_on_the_reading_thread(self: DirectoryService, query: Any, sort: Any = None) -> Any:
        if threading.current_thread().name == "workspace-reads" and query.search == text:
            gated.set()
            assert gate.wait(10)
        return accounts(self, query, sort)

    monkeypatch.setattr(DirectoryService, "accounts", slow_on_the_reading_thread)
    return gate, gated


def reading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "workspace-reads"]


def test_the_directory_is_read_apart_and_the_reader_closes_with_the_window(
    qtbot: Any, tmp_path: Path
) -> None:
    path = workspace_with(tmp_path, ["Alpine Systems", "Nordic Media", "Alpine Trading"])
    before = set(reading_threads())  # windows of other tests that were never closed
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    view = window.directory_view

    view.set_search_text("alpine")

    assert view.model.rowCount() == 2
    assert view.count_label.text() == "2 accounts"
    assert len(set(reading_threads()) - before) == 2  # the lists', the Overview's (first tab)
    assert path.resolve() in open_files.open_workspaces()
    window.close()
    assert set(reading_threads()) - before == set()
    assert path.resolve() not in open_files.open_workspaces()  # both connections closed


def test_a_slow_search_keeps_the_window_responsive_and_its_old_rows_until_it_answers(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace_with(tmp_path, ["Alpine Systems", "Nordic Media", "Alpine Trading"])
    gate, gated = slow_search(monkeypatch, "nordic")
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    view = window.directory_view
    assert view.model.wait_for_rows()  # the reader took the rows over
    assert view.model.rowCount() == 3
    monkeypatch.setattr(background_reads, "quick_wait_s", 0.005)
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 0.0)
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start(1)

    view.set_search_text("nordic")

    assert gated.wait(10)
    qtbot.waitUntil(lambda: len(ticks) >= 10)  # the event loop runs while the query is out
    assert view.model.rowCount() == 3  # the old rows stay meanwhile
    assert view.model.data(view.model.index(0, Column.NAME)) is not None
    with qtbot.waitSignal(view.model.rows_arrived):
        gate.set()
    heartbeat.stop()
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, Column.NAME)) == "Nordic Media"
    assert view.count_label.text() == "1 account"
    window.close()


def test_an_account_saved_in_the_window_is_found_by_the_reading_thread(
    qtbot: Any, tmp_path: Path
) -> None:
    path = workspace_with(tmp_path, ["Alpine Systems"])
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    services: Services = window.services
    reseller = services.accounts.create(draft(name="Harbor Logistics", external_id="HL"))
    window.apply_changes(reseller.changes)

    window.directory_view.set_search_text("harbor")

    model = window.directory_view.model
    assert model.rowCount() == 1
    assert model.account_id(0) == reseller.account.id
    customer = services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.account.id, name="Harbor Kunde")
    )
    window.apply_changes(customer.changes)
    assert model.rowCount() == 2
    window.close()


def test_the_first_paint_does_not_wait_for_the_reading_connection(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace_with(tmp_path, ["Alpine Systems", "Nordic Media"])
    gate = threading.Event()
    own_connection = Services.on_own_connection

    def slow_to_open(self: Services) -> Any:
        assert gate.wait(10)
        return own_connection(self)

    monkeypatch.setattr(Services, "on_own_connection", slow_to_open)
    monkeypatch.setattr(background_reads, "quick_wait_s", 0.005)  # as in the application
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 0.0)
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    model = window.directory_view.model

    assert model.rowCount() == 2  # read on the window's connection meanwhile
    assert {model.data(model.index(row, Column.NAME)) for row in (0, 1)} == {
        "Alpine Systems",
        "Nordic Media",
    }
    assert not model.wait_for_rows(0.05)  # the reader is still opening its connection
    gate.set()
    assert model.wait_for_rows()
    window.directory_view.set_search_text("nordic")
    assert model.wait_for_rows()
    assert model.rowCount() == 1
    window.close()


def test_opening_another_workspace_ends_the_old_reading_thread(qtbot: Any, tmp_path: Path) -> None:
    first = workspace_with(tmp_path, ["Alpine Systems"])
    other = open_world(tmp_path / "other.sqlite")
    other.services.accounts.create(draft(name="Harbor Logistics", external_id="HL"))
    other.store.close()
    before = set(reading_threads())
    window = create_main_window(first, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    assert window.directory_view.model.wait_for_rows()
    old = set(reading_threads()) - before

    assert window.switch_workspace(other.path, create=False)

    model = window.directory_view.model
    assert model.wait_for_rows()
    assert [model.data(model.index(0, Column.NAME))] == ["Harbor Logistics"]
    assert len(old) == 2 and not any(thread.is_alive() for thread in old)  # lists, Overview
    assert first.resolve() not in open_files.open_workspaces()  # both its connections closed
    window.close()


def test_the_parent_list_of_add_customer_searches_on_the_reading_thread(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace_with(tmp_path, ["Alpine Systems", "Nordic Media", "Alpine Trading"])
    gate, gated = slow_search(monkeypatch, "nordic")
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    wizard = window.add_customer()
    assert wizard is not None
    page = wizard.parent_page
    assert page.model.wait_for_rows()  # the window's reading thread took the list over
    assert page.model.rowCount() == 3
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 0.0)  # as in the application

    page.search_edit.setText("nordic")
    page.apply_search()

    assert gated.wait(10)
    assert page.model.rowCount() == 3  # the wizard stays live and shows the old list meanwhile
    with qtbot.waitSignal(page.model.rows_arrived):
        gate.set()
    assert page.model.rowCount() == 1
    assert page.count_label.text() == resellers_text(1, "nordic")
    wizard.reject()
    window.close()
