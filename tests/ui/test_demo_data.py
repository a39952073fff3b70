"""Load demo data on a job's thread: progress with Cancel; the window says whom it acts as after."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
)

from desktop_app.app import _demo_loader
from desktop_app.domain.catalog import OperatorAccount
from desktop_app.domain.enums import OperatorRole
from desktop_app.domain.errors import RuleViolationError
from desktop_app.ui.demo_data import CANCELLED_TEXT, STAGES
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.exchange.exchange_flow import RESULT_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.workspace import DemoLoaded, DemoProgress
from tests.support.jobs import Lockstep
from tests.support.world import VENDOR, World, dump

LOCAL = OperatorAccount("VA-999-999", "Local vendor", OperatorRole.VENDOR)


def make_window(qtbot, world: World, load) -> MainWindow:
    window = MainWindow(world.services, load_demo_data=load)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_load(qtbot, window: MainWindow) -> None:
    """Click Load Demo Data and wait until its job ended (the button is enabled again)."""
    button = window.findChild(QPushButton, "load_demo_button")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.isEnabled(), timeout=60_000)


def progress_dialog(window: MainWindow) -> QProgressDialog:
    found = window.findChild(QProgressDialog, "demo_progress_dialog")
    assert found is not None, "no progress dialog"
    return found


def result_box(window: MainWindow) -> QMessageBox:
    box = window.findChild(QMessageBox, RESULT_BOX_NAME)
    assert box is not None, "no result box"
    return box


def test_progress_is_shown_stage_by_stage_while_the_data_is_written(qtbot, world, monkeypatch):
    seen: list[tuple[bool, str, int]] = []
    window: MainWindow

    def look() -> None:  # on the window's thread, after each report was shown
        dialog = progress_dialog(window)
        seen.append(
            (dialog.isVisible(), dialog.labelText(), dialog.findChild(QProgressBar).value())
        )

    Lockstep(monkeypatch, shown=look)

    def load(progress: DemoProgress) -> DemoLoaded:
        for stage, done, total in (
            ("pools", 0, 26),
            ("pools", 13, 26),
            ("catalog", 1, 1),
            ("accounts", 250, 500),
            ("tier configs", 79, 79),
        ):
            progress(stage, done, total)
        return DemoLoaded(500, 321, LOCAL, VENDOR)

    window = make_window(qtbot, world, load)
    click_load(qtbot, window)

    assert all(visible for visible, _, _ in seen)
    assert [label for _, label, _ in seen] == [
        STAGES["pools"][0],
        STAGES["pools"][0],
        STAGES["catalog"][0],
        STAGES["accounts"][0],
        STAGES["tier configs"][0],
    ]
    values = [value for _, _, value in seen]
    assert values == sorted(values) and values[0] < values[-1] <= 99
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog, "demo_progress_dialog") is None)
    result_box(window).close()


def test_the_window_says_which_operator_acts_now_when_the_demo_changed_it(qtbot, world):
    def load(progress: DemoProgress) -> DemoLoaded:
        progress("pools", 0, 1)
        return DemoLoaded(500, 321, LOCAL, VENDOR)

    window = make_window(qtbot, world, load)
    click_load(qtbot, window)

    expected = (
        "Loaded 500 demo tier accounts with 321 tier account requests. Now acting as "
        "Acme Software (VA-111-111, vendor), the demo vendor with the most products, instead "
        "of Local vendor (VA-999-999, vendor); choose another in the tool bar's Acting as box."
    )
    assert window.statusBar().currentMessage() == expected
    box = result_box(window)
    assert box.text() == expected
    label = window.statusBar().findChild(QLabel, "operator_label")
    assert label.text() == "Acting as Acme Software (VA-111-111, vendor)"
    box.close()


def test_an_unchanged_operator_is_named_too(qtbot, world):
    window = make_window(qtbot, world, lambda progress: DemoLoaded(3, 0, VENDOR, VENDOR))
    click_load(qtbot, window)
    assert window.statusBar().currentMessage() == (
        "Loaded 3 demo tier accounts with 0 tier account requests. "
        "Acting as Acme Software (VA-111-111, vendor)."
    )
    result_box(window).close()


class CancelAt:
    """Clicks the dialog's Cancel once ``stage`` shows; notes every stage shown."""

    def __init__(self, qtbot, stage: str) -> None:
        self._qtbot, self._stage = qtbot, stage
        self.window: MainWindow | None = None
        self.shown: list[str] = []
        self.clicked = False

    def __call__(self) -> None:  # on the window's thread, after a report was shown
        dialog = progress_dialog(self.window)
        label = dialog.labelText()
        if not self.shown or self.shown[-1] != label:
            self.shown.append(label)
        if label == STAGES[self._stage][0] and not self.clicked:
            self.clicked = True
            cancel = dialog.findChild(QPushButton)
            self._qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)


def test_cancel_while_rows_are_written_writes_nothing_and_keeps_the_operator(
    qtbot, world, monkeypatch
):
    world.services.workspace.switch_operator(VENDOR.id)
    before = dump(world.store)
    cancel = CancelAt(qtbot, "accounts")
    Lockstep(monkeypatch, shown=cancel)
    load = _demo_loader(world.store, world.services)  # the real seed, in one transaction

    window = cancel.window = make_window(qtbot, world, load)
    click_load(qtbot, window)

    assert cancel.clicked
    assert STAGES["accounts"][0] in cancel.shown
    assert STAGES["subscriptions"][0] not in cancel.shown
    assert window.statusBar().currentMessage() == CANCELLED_TEXT
    assert window.findChild(QMessageBox, RESULT_BOX_NAME) is None
    assert dump(world.store) == before
    assert world.services.workspace.operator() == VENDOR
    assert window.directory_view.is_showing_empty_state()
    assert window.findChild(QPushButton, "load_demo_button").isEnabled()


def test_cancel_while_names_are_made_stops_before_any_row(qtbot, world, monkeypatch):
    before = dump(world.store)
    cancel = CancelAt(qtbot, "pools")
    Lockstep(monkeypatch, shown=cancel)
    load = _demo_loader(world.store, world.services)

    window = cancel.window = make_window(qtbot, world, load)
    click_load(qtbot, window)

    assert window.statusBar().currentMessage() == CANCELLED_TEXT
    assert cancel.clicked
    assert cancel.shown == [STAGES["pools"][0]]
    assert dump(world.store) == before


def test_the_window_stays_live_while_the_data_is_loaded(qtbot, world):
    answered = threading.Event()
    ticks: list[str] = []
    threads: list[str] = []

    def load(progress: DemoProgress) -> DemoLoaded:
        progress("pools", 1, 26)
        # Set only by a timer of the window's thread: the load ends only if the loop runs.
        assert answered.wait(timeout=10), "the window's event loop did not run"
        threads.append(progress.apart(lambda told: threading.current_thread().name))
        progress("pools", 25, 26)
        return DemoLoaded(1, 0, VENDOR, VENDOR)

    def tick() -> None:
        dialog = window.findChild(QProgressDialog, "demo_progress_dialog")
        if dialog is not None and dialog.isVisible():
            ticks.append(dialog.labelText())
            answered.set()

    window = make_window(qtbot, world, load)
    timer = QTimer(window)
    timer.timeout.connect(tick)
    timer.start(20)
    click_load(qtbot, window)
    timer.stop()

    assert ticks and ticks[0] == STAGES["pools"][0]
    assert threads and threads[0] != threading.main_thread().name  # loaded on a job's thread
    assert window.statusBar().currentMessage().startswith("Loaded 1 demo tier accounts")
    result_box(window).close()


def test_an_error_in_the_load_is_shown_without_a_traceback(qtbot, world):
    def load(progress: DemoProgress) -> DemoLoaded:
        def work(told) -> None:
            raise RuleViolationError("No demo data today.")

        return progress.apart(work)

    window = make_window(qtbot, world, load)
    click_load(qtbot, window)

    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and box.text() == "No demo data today."
    assert window.directory_view.is_showing_empty_state()
    box.close()
