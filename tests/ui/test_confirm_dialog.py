from PySide6.QtCore import Qt

from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog


def test_confirm_button_accepts(qtbot):
    dialog = ConfirmDialog(None, "Delete account", "Delete TA-1?", "Delete", destructive=True)
    qtbot.addWidget(dialog)
    assert dialog.confirm_button.text() == "Delete"
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
