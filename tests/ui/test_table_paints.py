"""A list that shows new rows paints its table once: laid out before the paint, not during it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject

from desktop_app.domain.enums import RequestStatus
from desktop_app.ui.requests.requests_view import count_text
from desktop_app.ui.row_tables import WIDEST_COUNT, CountLabel
from tests.support.windows import directory_over_reader, window_over
from tests.support.world import World

SETTLE_MS = 150
"""Long enough for a second paint, which the scroll range's change would ask for at once."""


class Paints(QObject):
    """Counts the paint events of the widget it filters."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_each_new_filter_and_search_paints_the_directory_once(
    qtbot: Any, world: World, accounts: list[Any]
) -> None:
    view, reader = directory_over_reader(qtbot, world)
    paints = Paints()
    view.table.viewport().installEventFilter(paints)
    ranges: list[int] = []
    view.table.verticalScrollBar().rangeChanged.connect(lambda _low, high: ranges.append(high))

    for change in (
        lambda: view.type_combo.setCurrentIndex(1),
        lambda: view.type_combo.setCurrentIndex(0),
        lambda: view.set_search_text(accounts[0].name),
        lambda: view.set_search_text(""),
    ):
        qtbot.wait(SETTLE_MS)
        paints.count, ranges[:] = 0, []
        change()
        qtbot.waitUntil(lambda: paints.count > 0)
        qtbot.wait(SETTLE_MS)
        assert ranges, "the row count changed: the scroll range with it"
        assert paints.count == 1
    reader.close()


def test_a_new_count_repaints_its_label_not_the_bar_around_it(
    qtbot: Any, world: World, accounts: list[Any]
) -> None:
    view, reader = directory_over_reader(qtbot, world)
    bar, label = Paints(), Paints()
    view.type_combo.installEventFilter(bar)  # beside the count, and unchanged by a search
    view.count_label.installEventFilter(label)
    for text in (accounts[0].name, "", accounts[1].name[:2]):
        qtbot.wait(SETTLE_MS)
        bar.count = label.count = 0
        before = view.count_label.text()
        view.set_search_text(text)
        qtbot.waitUntil(lambda before=before: view.count_label.text() != before)
        qtbot.wait(SETTLE_MS)
        assert label.count >= 1
        assert bar.count == 0, "a longer or shorter count laid the bar out again"
    reader.close()


def test_a_requests_filter_repaints_neither_the_tab_bar_nor_the_search_box(
    qtbot: Any, tmp_path: Path
) -> None:
    window = window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller"])
    view = window.requests_view
    window.tabs.setCurrentWidget(view)
    view.table.setFocus()  # no cursor blinking in the search box
    qtbot.wait(SETTLE_MS)
    tab_bar, search = Paints(), Paints()
    window.tabs.tabBar().installEventFilter(tab_bar)
    view.search_edit.installEventFilter(search)
    title = window.tabs.tabText(window.tabs.indexOf(view))
    for status in (RequestStatus.ACCEPTED, None, RequestStatus.PENDING):
        view.set_status(status)
        qtbot.wait(SETTLE_MS)
    assert window.tabs.tabText(window.tabs.indexOf(view)) == title  # the pending count stays
    assert tab_bar.count == 0, "the same title set again laid the window out again"
    assert search.count == 0


def test_a_count_label_has_room_for_the_longest_count_from_the_start(qtbot: Any) -> None:
    label = CountLabel()
    qtbot.addWidget(label)
    label.setText("3 pending for you")
    label.reserve(count_text(WIDEST_COUNT, for_you=True))
    size = label.size()
    assert label.text() == "3 pending for you"
    for count, for_you in ((123_284, False), (999_999, True), (0, False)):
        label.setText(count_text(count, for_you))
        assert label.size() == size, "a longer count would lay its window out again"
    label.setText("a text longer than any count the label has room for")
    assert label.width() > size.width()  # widens still, when it must
