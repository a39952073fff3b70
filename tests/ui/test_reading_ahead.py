"""A list read apart has its reading thread read its anchors ahead; far pages come from them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.persistence import keyset
from desktop_app.persistence.keyset_reads import KeysetRepository
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from desktop_app.ui.models.account_table_model import AccountTableModel
from desktop_app.ui.models.background_reads import BackgroundReader
from tests.support.world import World, draft


class Reads:
    """What the repositories were asked: steps read ahead (by thread) and pages from a key."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, bool]] = []
        self.keyed: list[bool] = []
        self.done = threading.Event()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    monkeypatch.setattr(keyset, "ROWS_MIN", 1)
    monkeypatch.setattr(keyset, "STEP_MIN", 10)
    monkeypatch.setattr(keyset, "STEP_SECONDS", 0.0)  # a key a step: many steps
    seen = Reads()
    ahead, keyed = KeysetRepository._keys_ahead, KeysetRepository._keyed_ids

    def reading_ahead(self: KeysetRepository, *args: Any) -> bool:
        more = ahead(self, *args)
        seen.steps.append((threading.current_thread().name, more))
        if not more:
            seen.done.set()
        return more

    def reading_keyed(self: KeysetRepository, *args: Any) -> list[str] | None:
        found = keyed(self, *args)
        seen.keyed.append(found is not None)
        return found

    monkeypatch.setattr(KeysetRepository, "_keys_ahead", reading_ahead)
    monkeypatch.setattr(KeysetRepository, "_keyed_ids", reading_keyed)
    yield seen


def _model(qtbot: Any, world: World) -> tuple[AccountTableModel, BackgroundReader]:
    model = AccountTableModel(world.services.directory, page_size=20)
    reader = BackgroundReader(world.services.on_own_connection)
    model.use_reader(reader)
    assert model.wait_for_rows()
    return model, reader


def test_the_reading_thread_reads_ahead_and_far_pages_come_from_the_keys(
    qtbot: Any, world: World, accounts: list[Any], reads: Reads
) -> None:
    model, reader = _model(qtbot, world)
    sort = SortSpec(DirectoryColumn.NAME, descending=False)
    model.set_sort(sort)
    assert model.wait_for_rows()
    qtbot.waitUntil(reads.done.is_set)
    assert len(reads.steps) > 10  # one short step at a time, each asked after the last
    assert {name for name, _more in reads.steps} == {"workspace-reads"}
    expected = [
        r.id for r in world.services.directory.accounts(DirectoryQuery(), sort).fetch(0, 10_000)
    ]
    middle = len(expected) // 2
    assert model.item_id(middle) == expected[middle]
    assert reads.keyed[-1], "the middle page was read after a key"
    reader.close()


def test_a_new_sort_reads_its_own_keys_and_a_sort_shown_again_keeps_them_until_a_write(
    qtbot: Any, world: World, accounts: list[Any], reads: Reads
) -> None:
    model, reader = _model(qtbot, world)
    qtbot.waitUntil(reads.done.is_set)
    first = len(reads.steps)
    reads.done.clear()
    model.set_sort(SortSpec(DirectoryColumn.CITY))
    model.set_sort(SortSpec(DirectoryColumn.COUNTRY))  # the city's steps are dropped
    assert model.wait_for_rows()
    qtbot.waitUntil(reads.done.is_set)
    assert first < len(reads.steps) < 2 * first + 2  # the country's keys, the city's few
    before = len(reads.steps)
    reads.done.clear()
    model.set_sort(SortSpec())  # the first order again: its keys are kept
    assert model.wait_for_rows()
    qtbot.waitUntil(reads.done.is_set)
    assert len(reads.steps) == before + 1
    reads.done.clear()
    world.services.accounts.create(draft(name="Neu GmbH"))
    model.refresh()  # after a write: the keys are read again
    qtbot.waitUntil(reads.done.is_set)
    assert len(reads.steps) > before + first
    reader.close()


def test_the_read_ahead_timer_goes_with_its_model_on_the_window_thread(qtbot: Any) -> None:
    from PySide6.QtCore import QObject, QTimer

    from desktop_app.ui.models.listing_jobs import ReadingAhead

    owner = QObject()
    ahead = ReadingAhead(owner)
    timers = owner.findChildren(QTimer)
    assert len(timers) == 1  # Qt's to delete with the model, not the last Python reference's
    del ahead
    assert owner.findChildren(QTimer) == timers  # dropping the reader-side object keeps it
    owner.deleteLater()
