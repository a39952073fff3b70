import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.safe_buttons import mnemonic, with_free_mnemonic
from tests.support.modal import LEFT_OPEN, answering, focused, press

ACCEPTED = QDialog.DialogCode.Accepted.value
REJECTED = QDialog.DialogCode.Rejected.value
ALT = Qt.KeyboardModifier.AltModifier


def ask_delete() -> bool:
    return ConfirmDialog.ask(None, "Delete account", "Delete TA-1?", "Delete", destructive=True)


def test_confirm_button_accepts(qtbot):
    dialog = ConfirmDialog(None, "Delete account", "Delete TA-1?", "Delete", destructive=True)
    qtbot.addWidget(dialog)
    assert dialog.confirm_button.text() == "&Delete"
    assert dialog.cancel_button.isDefault() and not dialog.confirm_button.isDefault()
    dialog.show()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ConfirmDialog.DialogCode.Accepted


def test_cancel_and_escape_reject(qtbot):
    dialog = ConfirmDialog(None, "Accept", "Accept the request?")
    qtbot.addWidget(dialog)
    assert dialog.confirm_button.text() == "OK" and dialog.confirm_button.isDefault()
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == ConfirmDialog.DialogCode.Rejected
    dialog.show()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ConfirmDialog.DialogCode.Rejected


def test_a_destructive_question_gives_cancel_the_focus_and_its_button_none(qtbot):
    dialog = ConfirmDialog(None, "Delete account", "Delete TA-1?", "Delete", destructive=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.cancel_button
    assert dialog.cancel_button.isDefault() and dialog.cancel_button.autoDefault()
    assert not dialog.confirm_button.isDefault() and not dialog.confirm_button.autoDefault()
    assert dialog.confirm_button.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space], ids=lambda k: k.name
)
def test_enter_return_and_space_on_the_focused_button_cancel(qtbot, key):
    with answering(press(key)) as answered:
        assert not ask_delete()
    assert answered.result == REJECTED


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter], ids=lambda k: k.name)
def test_enter_and_return_on_the_dialog_cancel(qtbot, key):
    with answering(lambda dialog: qtbot.keyClick(dialog, key)) as answered:
        assert not ask_delete()
    assert answered.result == REJECTED


@pytest.mark.parametrize("tabs", [1, 2, 3])
def test_tab_then_space_never_confirms(qtbot, tabs):
    reached = []

    def tab_then_space(dialog):
        for _ in range(tabs):
            qtbot.keyClick(focused(dialog), Qt.Key.Key_Tab)
        reached.append(focused(dialog).objectName())
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Space)

    with answering(tab_then_space) as answered:
        assert not ask_delete()
    assert reached == ["cancel_button"]
    assert answered.result in (REJECTED, LEFT_OPEN)


def test_backtab_then_enter_never_confirms(qtbot):
    def backtab_then_enter(dialog):
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)

    with answering(backtab_then_enter) as answered:
        assert not ask_delete()
    assert answered.result == REJECTED


def test_the_mnemonic_confirms(qtbot):
    with answering(press(Qt.Key.Key_D, ALT)) as answered:
        assert ask_delete()
    assert answered.result == ACCEPTED


def test_a_click_confirms(qtbot):
    def click(dialog):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    with answering(click) as answered:
        assert ask_delete()
    assert answered.result == ACCEPTED


def test_escape_cancels(qtbot):
    with answering(press(Qt.Key.Key_Escape)) as answered:
        assert not ask_delete()
    assert answered.result == REJECTED


def test_a_question_that_is_not_destructive_keeps_enter_on_its_button(qtbot):
    with answering(press(Qt.Key.Key_Return)):
        assert ConfirmDialog.ask(None, "Accept", "Accept the request?", "OK")


def test_the_mnemonic_never_repeats_cancel_s(qtbot):
    dialog = ConfirmDialog(None, "Cancel", "Cancel it?", "&Cancel order", destructive=True)
    qtbot.addWidget(dialog)
    cancel = mnemonic(dialog.cancel_button.text())
    assert mnemonic(dialog.confirm_button.text()) not in (None, cancel)


@pytest.mark.parametrize(
    ("text", "taken", "expected"),
    [
        ("Delete", [], "&Delete"),
        ("&Restore", ["c"], "&Restore"),
        ("&Cancel order", ["c"], "C&ancel order"),
        ("R&&D report", ["r"], "R&&&D report"),
        ("Discard", ["d", "i", "s"], "Dis&card"),
        ("--", [], "--"),
    ],
)
def test_with_free_mnemonic(text, taken, expected):
    assert with_free_mnemonic(text, taken) == expected


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("&Delete", "d"),
        ("Import 2 &Valid Rows", "v"),
        ("R&&D", None),
        ("Plain", None),
        ("x&", None),
    ],
)
def test_mnemonic(text, letter):
    assert mnemonic(text) == letter
