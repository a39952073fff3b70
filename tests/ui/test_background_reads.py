"""Reads on a thread of their own: the event loop runs while a slow query is out, old rows stay."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer

from desktop_app.domain.errors import StorageError
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.ui.models import background_reads
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.models.listing_table_model import PAGE_SIZE, ColumnSpec, ListingTableModel


@dataclass(frozen=True)
class Thing:
    id: str
    name: str


COLUMNS: tuple[ColumnSpec[Thing], ...] = (
    ColumnSpec("ID", lambda t: t.id),
    ColumnSpec("Name", lambda t: t.name),
)


@dataclass
class GatedListing:
    """``size`` made-up rows; every count and page waits until the test opens its gate."""

    size: int
    prefix: str
    gate: threading.Event = field(default_factory=threading.Event)
    threads: list[str] = field(default_factory=list)
    fail: bool = False

    def count(self) -> int:
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(10)
        if self.fail:
            raise StorageError("The workspace file cannot be read.")
        return self.size

    def fetch(self, offset: int, limit: int) -> Sequence[Thing]:
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(10)
        end = min(offset + limit, self.size)
        return [Thing(f"{self.prefix}-{n:06d}", f"{self.prefix} {n}") for n in range(offset, end)]

    @property
    def listing(self) -> Listing[Thing]:
        return Listing(count=self.count, fetch=self.fetch)


@dataclass
class Opened:
    """What the reader opened and closed, and on which thread."""

    opened: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)

    def open(self) -> tuple[Services, Callable[[], None]]:
        self.opened.append(threading.current_thread().name)
        return cast(Services, object()), self.close

    def close(self) -> None:
        self.closed.append(threading.current_thread().name)


@pytest.fixture(autouse=True)
def quick_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the application: a paint waits a few milliseconds, then shows blank cells."""
    monkeypatch.setattr(background_reads, "quick_wait_s", 0.005)
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 0.0)


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def reader(opened: Opened) -> Iterator[BackgroundReader]:
    found = BackgroundReader(opened.open)
    yield found
    found.close()


def recipe_of(listing: GatedListing) -> Any:
    return lambda _services: listing.listing


def shown_model(
    qtbot: Any, reader: BackgroundReader, first: GatedListing, wait: float | None = None
) -> ListingTableModel[Thing]:
    model: ListingTableModel[Thing] = ListingTableModel(
        Listing(count=lambda: 0, fetch=lambda _o, _l: ()), COLUMNS, lambda t: t.id
    )
    model.set_listing(first.listing, recipe_of(first))
    model.use_reader(reader)
    assert model.rowCount() == first.size  # counted here, before the reader takes over
    assert model.wait_for_rows()
    return model


def test_rows_are_read_on_the_readers_thread_and_its_connection_closed_there(
    qtbot: Any, reader: BackgroundReader, opened: Opened
) -> None:
    first = GatedListing(1_000, "A")
    first.gate.set()
    model = shown_model(qtbot, reader, first)

    assert model.item_id(999) == "A-000999"  # asked of the reader, waited for
    assert first.threads[0] == "MainThread"  # counted before the reader took the rows over
    assert set(first.threads[1:]) == {"workspace-reads"}
    reader.close()
    assert opened.opened == ["workspace-reads"]
    assert opened.closed == ["workspace-reads"]
    assert reader.closed


def test_a_slow_search_leaves_the_event_loop_running_and_the_old_rows_shown(
    qtbot: Any, reader: BackgroundReader
) -> None:
    first = GatedListing(1_000, "A")
    first.gate.set()
    model = shown_model(qtbot, reader, first)
    slow = GatedListing(7, "B")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()

    model.set_listing(slow.listing, recipe_of(slow), wait=0.001)

    assert model.loading
    assert model.rowCount() == 1_000  # what was shown stays until the answer comes
    assert model.data(model.index(0, 0)) == "A-000000"
    qtbot.waitUntil(lambda: len(ticks) >= 5)  # the loop runs while the query is out
    with qtbot.waitSignal(model.rows_arrived):
        slow.gate.set()
    timer.stop()
    assert not model.loading
    assert model.rowCount() == 7
    assert model.data(model.index(6, 1)) == "B 6"


def test_an_answer_to_a_superseded_search_is_dropped(qtbot: Any, reader: BackgroundReader) -> None:
    first = GatedListing(1_000, "A")
    first.gate.set()
    model = shown_model(qtbot, reader, first)
    older, newer = GatedListing(50, "OLD"), GatedListing(3, "NEW")
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))

    model.set_listing(older.listing, recipe_of(older), wait=0)
    model.set_listing(newer.listing, recipe_of(newer), wait=0)
    newer.gate.set()
    older.gate.set()
    qtbot.waitUntil(lambda: not model.loading)
    qtbot.wait(50)  # the older answer, if it came at all, has been handed over by now

    assert resets == [3]
    assert model.data(model.index(0, 0)) == "NEW-000000"


def test_a_page_far_down_arrives_later_as_data_changed(
    qtbot: Any, reader: BackgroundReader
) -> None:
    listing = GatedListing(100_000, "A")
    listing.gate.set()
    model = shown_model(qtbot, reader, listing)
    listing.gate.clear()
    far = 50_000
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))

    assert model.data(model.index(far, 0)) is None  # blank while its page is coming
    assert model.data(model.index(far + 1, 1)) is None  # asked once, not waited for again
    with qtbot.waitSignal(model.rows_arrived):
        listing.gate.set()

    first = far - far % PAGE_SIZE
    assert changed == [(first, first + PAGE_SIZE - 1)]
    assert model.data(model.index(far, 0)) == f"A-{far:06d}"
    assert model.item_id(far + 1) == f"A-{far + 1:06d}"


def test_a_row_asked_for_by_an_action_is_waited_for(qtbot: Any, reader: BackgroundReader) -> None:
    listing = GatedListing(100_000, "A")
    listing.gate.set()
    model = shown_model(qtbot, reader, listing)

    assert model.item_id(99_999) == "A-099999"  # opening, copying an id: never a blank


def test_a_failed_count_is_reported_and_shows_no_rows(qtbot: Any, reader: BackgroundReader) -> None:
    first = GatedListing(10, "A")
    first.gate.set()
    model = shown_model(qtbot, reader, first)
    broken = GatedListing(10, "B", fail=True)
    broken.gate.set()

    with qtbot.waitSignal(model.load_failed) as failed:
        model.set_listing(broken.listing, recipe_of(broken), wait=None)

    assert isinstance(failed.args[0], StorageError)
    assert model.rowCount() == 0
    assert model.data(model.index(0, 0)) is None


def test_a_released_model_drops_what_is_coming(qtbot: Any, reader: BackgroundReader) -> None:
    first = GatedListing(10, "A")
    first.gate.set()
    model = shown_model(qtbot, reader, first)
    slow = GatedListing(99, "B")
    model.set_listing(slow.listing, recipe_of(slow), wait=0)

    model.release_workspace()
    slow.gate.set()
    qtbot.wait(50)

    assert model.rowCount() == 0
    assert not model.loading


def test_the_model_tester_passes_over_rows_read_apart(
    qtbot: Any, qtmodeltester: Any, reader: BackgroundReader
) -> None:
    listing = GatedListing(450, "A")
    listing.gate.set()
    model = shown_model(qtbot, reader, listing)

    qtmodeltester.check(model)
    assert model.index(449, 1, QModelIndex()).data(Qt.ItemDataRole.DisplayRole) in (None, "A 449")


def test_the_cells_of_a_page_still_coming_wait_for_it_once_between_them(
    qtbot: Any, reader: BackgroundReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = GatedListing(100_000, "A")
    listing.gate.set()
    model = shown_model(qtbot, reader, listing)
    listing.gate.clear()
    waits: list[object] = []
    wait = reader.wait

    def counted(ticket: Any, timeout: Any = background_reads.QUICK_WAIT) -> bool:
        waits.append(timeout)
        return wait(ticket, timeout)

    monkeypatch.setattr(reader, "wait", counted)

    cells = [
        model.data(model.index(60_000 + row, column)) for row in range(30) for column in (0, 1)
    ]

    assert cells == [None] * 60
    assert len(waits) == 1  # a paint of a screenful waits one short while, not sixty
    with qtbot.waitSignal(model.rows_arrived):
        listing.gate.set()


def test_a_reader_deleted_with_its_window_stops_and_closes_its_connection(
    qtbot: Any, opened: Opened
) -> None:
    window = QObject()
    reader = BackgroundReader(opened.open, window)
    slow = GatedListing(5, "A")
    answers: list[object] = []
    reader.ask(object(), lambda services: slow.listing.count(), answers.append, answers.append)
    qtbot.waitUntil(lambda: bool(slow.threads))  # the job is running on the reading thread

    shiboken6.delete(window)  # Qt deletes the reader with it; nobody called close()
    slow.gate.set()
    qtbot.waitUntil(lambda: opened.closed == ["workspace-reads"])
    qtbot.wait(20)

    assert answers == []  # the answer went nowhere, and nothing crashed
    assert not shiboken6.isValid(reader)


def test_the_reader_takes_the_rows_over_shortly_after_the_first_paint(
    qtbot: Any, reader: BackgroundReader
) -> None:
    listing = GatedListing(1_000, "A")
    listing.gate.set()
    model: ListingTableModel[Thing] = ListingTableModel(
        listing.listing, COLUMNS, lambda t: t.id, recipe=recipe_of(listing)
    )
    assert model.rowCount() == 1_000  # the first paint reads here

    model.use_reader(reader)

    assert listing.threads == ["MainThread"]  # nothing asked of the reader yet
    qtbot.waitUntil(lambda: "workspace-reads" in listing.threads)  # then it takes over
    assert model.wait_for_rows()
    listing.threads.clear()
    assert model.item_id(999) == "A-000999"
    assert listing.threads == ["workspace-reads"]


def test_only_a_question_that_does_not_yield_makes_a_job_end_early(
    qtbot: Any, reader: BackgroundReader
) -> None:
    running, gate = threading.Event(), threading.Event()
    seen: list[bool] = []

    def step(_services: Services) -> bool:  # a step of reading ahead, looking as it reads
        running.set()
        assert gate.wait(10)
        seen.append(reader.waiting())
        return True

    answers: list[object] = []
    reader.ask("ahead", step, answers.append, answers.append, yields=True)
    assert running.wait(10)
    assert not reader.waiting()
    reader.ask("other list ahead", lambda _s: 1, answers.append, answers.append, yields=True)
    assert not reader.waiting()  # two lists reading ahead never end each other's steps
    reader.ask("page", lambda _s: 2, answers.append, answers.append)
    assert reader.waiting()  # a page is asked: the step ends at its next look
    gate.set()
    qtbot.waitUntil(lambda: len(answers) == 3)
    assert seen == [True]
    assert not reader.waiting()
    reader.close()
    assert reader.waiting()  # closing: a step still running ends too


def test_the_check_a_step_makes_holds_no_qt_object(reader: BackgroundReader) -> None:
    check = reader.waiting_check()
    assert not isinstance(getattr(check, "__self__", None), QObject)
    assert check() is False
    reader.close()
    assert check() is True  # closing ends a step still running
