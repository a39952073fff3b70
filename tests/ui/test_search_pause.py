"""The Directory's typing pause: shorter for a longer text once searches prove cheap."""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer

from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryQuery, DirectoryRow, SortSpec
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.row_tables import QUICK_SEARCH_DELAY_MS, SEARCH_DELAY_MS


class StubDirectory:
    """Finds nothing, after ``delay`` seconds of counting; records every search counted."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.searched: list[str] = []

    def is_empty(self) -> bool:
        return False

    def accounts(
        self, query: DirectoryQuery, sort: SortSpec | None = None
    ) -> Listing[DirectoryRow]:
        def count() -> int:
            time.sleep(self.delay)
            self.searched.append(query.search)
            return 0

        def fetch(_offset: int, _limit: int) -> Sequence[DirectoryRow]:
            return ()

        return Listing(count=count, fetch=fetch)


def make_view(qtbot, directory: StubDirectory) -> DirectoryView:
    view = DirectoryView(directory)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.search_edit.setFocus()
    return view


def pause_ms(view: DirectoryView) -> int:
    timer = view.findChild(QTimer, "search_timer")
    assert timer is not None
    return timer.interval()


def type_and_wait(qtbot, view: DirectoryView, directory: StubDirectory, keys: str) -> None:
    qtbot.keyClicks(view.search_edit, keys)
    text = view.search_edit.text()
    qtbot.waitUntil(lambda: directory.searched[-1:] == [text])


def test_a_longer_text_waits_less_once_a_search_was_cheap(qtbot):
    directory = StubDirectory()
    view = make_view(qtbot, directory)

    qtbot.keyClicks(view.search_edit, "ber")
    assert pause_ms(view) == SEARCH_DELAY_MS, "no search has run yet"
    qtbot.waitUntil(lambda: directory.searched[-1:] == ["ber"])

    type_and_wait(qtbot, view, directory, "l")
    assert pause_ms(view) == QUICK_SEARCH_DELAY_MS
    assert directory.searched[-1] == "berl"


def test_one_or_two_characters_wait_the_whole_pause_however_cheap(qtbot):
    directory = StubDirectory()
    view = make_view(qtbot, directory)
    type_and_wait(qtbot, view, directory, "berlin")

    qtbot.keyClick(view.search_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.search_edit, "m")
    assert view.search_edit.text() == "m"
    assert pause_ms(view) == SEARCH_DELAY_MS
    type_and_wait(qtbot, view, directory, "u")
    assert pause_ms(view) == SEARCH_DELAY_MS


def test_after_a_dear_search_the_next_waits_the_whole_pause(qtbot):
    directory = StubDirectory(delay=0.05)
    view = make_view(qtbot, directory)
    type_and_wait(qtbot, view, directory, "ber")

    type_and_wait(qtbot, view, directory, "l")
    assert pause_ms(view) == SEARCH_DELAY_MS
    assert directory.searched[-1] == "berl"
