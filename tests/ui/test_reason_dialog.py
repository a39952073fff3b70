"""The reject reason dialog: OK only for 1–255 clean characters, Cancel rejects."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton

from desktop_app.ui.dialogs.reason_dialog import ReasonDialog

REQUEST_ID = "TAR-1234-5678-9012-002-001"


@pytest.fixture
def dialog(qtbot) -> ReasonDialog:
    made = ReasonDialog(None, REQUEST_ID)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_children_have_role_names(dialog):
    assert dialog.findChild(QPlainTextEdit, "reason_edit") is dialog.reason_edit
    assert dialog.findChild(QPushButton, "ok_button") is dialog.ok_button
    assert dialog.findChild(QPushButton, "cancel_button") is dialog.cancel_button
    assert dialog.findChild(QLabel, "reason_counter") is dialog.reason_counter
    assert dialog.findChild(QLabel, "reason_label").text() == "Reject reason"
    assert REQUEST_ID in dialog.intro_label.text()


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_empty_or_blank_reason_keeps_ok_disabled(dialog, text):
    dialog.reason_edit.setPlainText(text)
    assert not dialog.ok_button.isEnabled()
    assert dialog.reason_counter.text() == "0 / 255"
    assert dialog.hint_label.text() == "Enter the reason for ignoring the request."
    assert dialog.reason() == ""


def test_typed_reason_enables_ok_and_is_returned_cleaned(qtbot, dialog):
    qtbot.keyClicks(dialog.reason_edit, "  Wrong city  ")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason_counter.text() == "10 / 255"
    assert dialog.hint_label.text() == ""
    assert dialog.reason() == "Wrong city"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.reason() == "Wrong city"


def test_255_characters_are_enough(dialog):
    dialog.reason_edit.setPlainText("y" * 255)
    assert dialog.ok_button.isEnabled()
    assert dialog.reason_counter.text() == "255 / 255"
    assert dialog.reason() == "y" * 255


def test_256_characters_are_refused_with_a_message(dialog):
    dialog.reason_edit.setPlainText("y" * 256)
    assert not dialog.ok_button.isEnabled()
    assert dialog.reason_counter.text() == "256 / 255"
    assert dialog.hint_label.text() == "Use at most 255 characters (256 now)."
    assert dialog.reason() == ""


def test_length_counts_the_text_as_stored(dialog):
    dialog.reason_edit.setPlainText("   " + "y" * 255 + "   ")
    assert dialog.ok_button.isEnabled(), "surrounding blanks are trimmed, as the service does"
    assert dialog.reason() == "y" * 255


@pytest.mark.parametrize("bad", ["bad\x00reason", "bell\x07", "esc\x1b[0m"])
def test_control_characters_are_refused(dialog, bad):
    dialog.reason_edit.setPlainText(bad)
    assert not dialog.ok_button.isEnabled()
    assert dialog.hint_label.text() == "Remove the control characters."


def test_line_breaks_are_kept(dialog):
    dialog.reason_edit.setPlainText("Wrong city.\nPlease check the address.")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason() == "Wrong city.\nPlease check the address."


def test_cancel_rejects(qtbot, dialog):
    qtbot.keyClicks(dialog.reason_edit, "Wrong city")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_ok_cannot_close_an_invalid_reason(dialog):
    dialog.accept()  # as the button box or a shortcut would
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.isVisible()


def test_ctrl_enter_submits(qtbot, dialog):
    qtbot.keyClicks(dialog.reason_edit, "Wrong city")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()


def test_ask_returns_the_reason_or_none(qtbot, monkeypatch):
    answers = iter([QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected])

    def fake_exec(self: ReasonDialog) -> int:
        self.reason_edit.setPlainText(" Wrong city ")
        return next(answers)

    monkeypatch.setattr(ReasonDialog, "exec", fake_exec)
    assert ReasonDialog.ask(None, REQUEST_ID) == "Wrong city"
    assert ReasonDialog.ask(None, REQUEST_ID) is None
