"""The garbage collector of the window's thread: due generations only, and only on that thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.gui_collector import GuiCollector

pytestmark = pytest.mark.usefixtures("python_collector")  # each test sets the collector itself


class Cyclic:
    """An object in a cycle with itself that says on which thread it was collected."""

    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[GuiCollector]:
    made = GuiCollector(qapp, interval_ms=10)
    yield made
    made.stop()
    made.deleteLater()


def test_a_collection_is_made_only_once_a_threshold_is_passed(collector: GuiCollector) -> None:
    gc.collect()
    gc.disable()  # Python's own would collect first (the fixture's stop enables it again)
    seen: list[str] = []
    Cyclic(seen)
    assert gc.get_count()[0] <= gc.get_threshold()[0]
    assert collector.collect() == 0 and seen == []  # not due yet
    garbage = [[] for _ in range(gc.get_threshold()[0] + 1)]
    assert collector.collect() > 0 and seen == [threading.current_thread().name]
    assert garbage


def test_started_only_the_windows_thread_collects(qtbot: QtBot, collector: GuiCollector) -> None:
    gc.collect()
    seen: list[str] = []
    collector.start()
    assert not gc.isenabled() and collector.running
    Cyclic(seen)

    kept: list[list[object]] = []

    def allocate() -> None:  # Python would collect here, on this thread, a hundred times
        kept.extend([] for _ in range(100 * gc.get_threshold()[0]))

    worker = threading.Thread(target=allocate, name="reading-thread")
    worker.start()
    worker.join()
    assert seen == []
    qtbot.waitUntil(lambda: seen != [])  # the timer's next look
    assert seen == [threading.current_thread().name]
    assert kept
    collector.stop()
    assert gc.isenabled() and not collector.running
