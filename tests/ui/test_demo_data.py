"""Load demo data: a progress dialog with Cancel, and the window says whom it acts as after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QPushButton

from desktop_app.app import _demo_loader
from desktop_app.domain.catalog import OperatorAccount
from desktop_app.domain.enums import OperatorRole
from desktop_app.ui.demo_data import CANCELLED_TEXT, STAGES
from desktop_app.ui.exchange.exchange_flow import RESULT_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.workspace import DemoLoaded, DemoProgress
from tests.support.world import VENDOR, World, dump

LOCAL = OperatorAccount("VA-999-999", "Local vendor", OperatorRole.VENDOR)


def make_window(qtbot, world: World, load) -> MainWindow:
    window = MainWindow(world.services, load_demo_data=load)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_load(qtbot, window: MainWindow) -> None:
    button = window.findChild(QPushButton, "load_demo_button")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def progress_dialog(window: MainWindow) -> QProgressDialog:
    found = window.findChild(QProgressDialog, "demo_progress_dialog")
    assert found is not None, "no progress dialog"
    return found


def result_box(window: MainWindow) -> QMessageBox:
    box = window.findChild(QMessageBox, RESULT_BOX_NAME)
    assert box is not None, "no result box"
    return box


def test_progress_is_shown_stage_by_stage_while_the_data_is_written(qtbot, world):
    seen: list[tuple[bool, str, int]] = []

    def load(progress: DemoProgress) -> DemoLoaded:
        for stage, done, total in (
            ("pools", 0, 26),
            ("pools", 13, 26),
            ("catalog", 1, 1),
            ("accounts", 250, 500),
            ("tier configs", 79, 79),
        ):
            progress(stage, done, total)
            dialog = progress_dialog(window)
            seen.append((dialog.isVisible(), dialog.labelText(), dialog.value()))
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


def test_cancel_writes_nothing_and_keeps_the_operator(qtbot, world):
    world.services.workspace.switch_operator(VENDOR.id)
    before = dump(world.store)
    load = _demo_loader(world.store, world.services)  # the real seed, in one transaction
    reported: list[str] = []

    def cancelling(progress: DemoProgress):
        def report(stage: str, done: int, total: int) -> None:
            reported.append(stage)
            if stage == "accounts":  # rows are being written: the user presses Cancel
                dialog = progress_dialog(window)
                cancel = dialog.findChild(QPushButton)
                qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            progress(stage, done, total)

        return load(report)

    window = make_window(qtbot, world, cancelling)
    click_load(qtbot, window)

    assert "accounts" in reported and "subscriptions" not in reported
    assert window.statusBar().currentMessage() == CANCELLED_TEXT
    assert window.findChild(QMessageBox, RESULT_BOX_NAME) is None
    assert dump(world.store) == before
    assert world.services.workspace.operator() == VENDOR
    assert window.directory_view.is_showing_empty_state()
    assert window.findChild(QPushButton, "load_demo_button").isEnabled()
