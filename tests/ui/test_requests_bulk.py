"""Accept all / Ignore all on the Requests tab: real keys and clicks, one question, its place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.services.listing import Listing
from desktop_app.services.queries import RequestQuery
from desktop_app.services.requests import RequestService
from desktop_app.ui.models import background_reads
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.requests.request_table_model import Column
from desktop_app.ui.requests.requests_view import RequestsView
from tests.support.modal import answering, press
from tests.support.world import OTHER_PRODUCT, SYNC_PRODUCT, dump
from tests.ui.conftest import add_accounts

CTRL = Qt.KeyboardModifier.ControlModifier


def click_confirm(dialog) -> None:
    dialog.confirm_button.click()


def type_reason(text: str):
    def answer(dialog) -> None:
        dialog.reason_edit.setFocus()
        for char in text:
            dialog.reason_edit.insertPlainText(char)
        press(Qt.Key.Key_Return, CTRL)(dialog)

    return answer


@pytest.fixture
def many(world):
    """600 accounts with three requests each: two pending of yours, one of another vendor."""
    accounts = add_accounts(world, 600)
    start = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    requests = []
    for number, account in enumerate(accounts):
        digits = account.id[3:].replace("-", "")
        for seq, product in enumerate((SYNC_PRODUCT, SYNC_PRODUCT, OTHER_PRODUCT), start=1):
            event = Event(start + timedelta(seconds=3 * number + seq), "UR-000-000-001")
            requests.append(
                TierAccountRequest(
                    id=f"TAR-{digits[:4]}-{digits[4:8]}-{digits[8:]}-002-{seq:03d}",
                    account_id=account.id,
                    version=2,
                    product_id=product.id,
                    vendor_id=product.vendor_id,
                    provider_id=None,
                    status=RequestStatus.PENDING,
                    reason="",
                    created=event,
                    updated=event,
                )
            )
    with world.store.write():
        world.store.requests.insert_many(requests)
    return requests


def make_view(qtbot, world) -> RequestsView:
    view = RequestsView(world.services)
    qtbot.addWidget(view)
    view.resize(1400, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def every_request(view: RequestsView) -> None:
    combo = view.filters.vendor_combo
    combo.setCurrentIndex(combo.findData(""))  # all vendors


def statuses(world, ids):
    return {world.services.requests.get(i).status for i in ids}


def test_enter_never_confirms_and_the_question_counts_products_and_left_out(qtbot, world, many):
    view = make_view(qtbot, world)
    every_request(view)
    qtbot.keyClick(view.table, Qt.Key.Key_Home)
    for _ in range(5):  # six rows: four of yours, two of the other vendor's
        qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = view.selected_ids()
    assert len(chosen) == 6
    before = dump(world.store)
    seen = []
    with answering(lambda d: (seen.append(d.message_label.text()), press(Qt.Key.Key_Return)(d))):
        qtbot.mouseClick(view.accept_all_button, Qt.MouseButton.LeftButton)
    assert dump(world.store) == before  # Enter answered Cancel
    assert seen[0].startswith(f"Accept 4 requests (Cloud Mail ({SYNC_PRODUCT.id}): 4)?")
    assert (
        "2 requests are left out: Only the product's vendor (VA-222-222) decides it. (2)"
        in (seen[0])
    )
    with answering(click_confirm) as answered:
        qtbot.mouseClick(view.accept_all_button, Qt.MouseButton.LeftButton)
    assert answered.dialogs == ["confirm_dialog"]
    mine = [i for i in chosen if world.services.requests.get(i).product_id == SYNC_PRODUCT.id]
    assert statuses(world, mine) == {RequestStatus.ACCEPTED}
    assert view.result_label.text() == "4 requests accepted; 2 left out."


def test_ignore_all_asks_one_reason(qtbot, world, many):
    view = make_view(qtbot, world)
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = view.selected_ids()
    with answering(type_reason("Wrong tax ID"), click_confirm) as answered:
        qtbot.mouseClick(view.ignore_all_button, Qt.MouseButton.LeftButton)
    assert answered.dialogs == ["bulk_reason_dialog", "confirm_dialog"]
    for request_id in chosen:
        request = world.services.requests.get(request_id)
        assert (request.status, request.reason) == (RequestStatus.IGNORED, "Wrong tax ID")
    assert view.count_label.text() == "1,198 pending for you"
    assert not set(chosen) & set(view.selected_ids())


def test_the_list_keeps_its_selection_scroll_and_sort_after_a_decision(qtbot, world, many):
    view = make_view(qtbot, world)
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)  # all statuses: decided rows stay
    view.table.sortByColumn(Column.ACCOUNT, Qt.SortOrder.DescendingOrder)
    sort = view.model.query.sort
    view.table.scrollTo(view.model.index(700, 0))
    rect = view.table.visualRect(view.model.index(700, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    rect = view.table.visualRect(view.model.index(703, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, CTRL, rect.center())
    chosen = view.selected_ids()
    assert len(chosen) == 2
    scroll = view.table.verticalScrollBar().value()
    assert scroll > 0
    with answering(click_confirm):
        qtbot.mouseClick(view.accept_all_button, Qt.MouseButton.LeftButton)
    assert statuses(world, chosen) == {RequestStatus.ACCEPTED}
    assert view.selected_ids() == chosen
    assert view.table.verticalScrollBar().value() == scroll
    assert view.model.query.sort == sort
    assert view.table.currentIndex().row() == 703


def test_more_than_a_thousand_show_progress_and_cancel_stops_between_batches(qtbot, world, many):
    view = make_view(qtbot, world)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, CTRL)
    assert len(view.selected_ids()) == 1200
    shown = []

    def cancel_progress() -> None:
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QProgressDialog) and dialog.isVisible():
                shown.append(dialog.labelText())
                dialog.cancel()
                return
        QTimer.singleShot(5, cancel_progress)

    def confirm_then_cancel(dialog) -> None:
        QTimer.singleShot(0, cancel_progress)
        click_confirm(dialog)

    with answering(confirm_then_cancel, only="confirm_dialog"):
        qtbot.mouseClick(view.accept_all_button, Qt.MouseButton.LeftButton)
    # the batches are decided on a thread of their own: the result comes when they stopped
    qtbot.waitUntil(lambda: view.result_label.isVisible(), timeout=30_000)
    assert shown == ["Accepting 1,200 requests…"]
    accepted = world.services.requests.count(RequestQuery(status=RequestStatus.ACCEPTED))
    assert accepted in (0, 1000)  # whole batches only
    assert view.result_label.text().endswith("cancelled before the rest.")
    assert view.count_label.text() == f"{1200 - accepted:,} pending for you"


def test_nothing_you_may_decide_says_so(qtbot, world, many):
    view = make_view(qtbot, world)
    every_request(view)
    view.filters.product_combo.setCurrentIndex(
        view.filters.product_combo.findData(OTHER_PRODUCT.id)
    )
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, CTRL)
    before = dump(world.store)
    seen = []
    with answering(
        lambda d: (seen.append(d.findChild(QLabel, "qt_msgbox_label").text()), d.accept())
    ):
        qtbot.mouseClick(view.accept_all_button, Qt.MouseButton.LeftButton)
    assert dump(world.store) == before
    assert seen[0].startswith("None of the 600 requests selected can be accepted by you.")
    assert "Only the product's vendor (VA-222-222) decides it. (600)" in seen[0]


def test_a_filter_keeps_the_selection_among_rows_read_and_reads_no_page_for_it(
    qtbot, world, many, monkeypatch
):
    fetched: list[int] = []  # every page's offset, in the order read, whichever thread
    listing = RequestService.listing

    def recording(self, query):
        rows = listing(self, query)

        def fetch(offset: int, limit: int):
            fetched.append(offset)
            return rows.fetch(offset, limit)

        return Listing(rows.count, fetch, rows.read_ahead)

    monkeypatch.setattr(RequestService, "listing", recording)
    view = make_view(qtbot, world)
    reader = BackgroundReader(world.services.on_own_connection)
    view.use_reader(reader)
    every_request(view)  # 1,800 pending, oldest first: per account two of SYNC, one of OTHER
    assert view.model.wait_for_rows()
    near, far = 4, 1501  # of SYNC both: rows 3 and 1,001 once only SYNC is listed
    view.table.setFocus()
    view.table.selectRow(near)
    view.table.scrollTo(view.model.index(far, 0))
    qtbot.waitUntil(lambda: view.model.is_loaded(far))
    rect = view.table.visualRect(view.model.index(far, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, CTRL, rect.center())
    chosen = view.selected_ids()
    assert len(chosen) == 2
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 0.0)  # the answer comes later
    monkeypatch.setattr(background_reads, "quick_wait_s", 0.002)
    before = len(fetched)

    combo = view.filters.product_combo
    combo.setCurrentIndex(combo.findData(SYNC_PRODUCT.id))
    assert view.model.loading
    handled: list[int] = []  # after the view's own handling of the answer: what it read
    view.model.rows_arrived.connect(lambda: handled.append(len(fetched)))
    with qtbot.waitSignal(view.model.rows_arrived, timeout=10_000):
        pass

    assert fetched[before : handled[0]] == [0]  # the new first page only: none looked through
    assert view.model.rowCount() == 1200
    assert view.selected_ids() == [chosen[0]]  # the far one's new row was not read: let go
    assert view.model.item_id(near - 1) == chosen[0]
    reader.close()
