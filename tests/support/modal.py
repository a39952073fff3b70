"""Answering the modal dialog that an ``exec()`` shows, with real keys or clicks, never a hang."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

LEFT_OPEN = 99
"""The result given to a dialog that the answer did not close (exec() returns it)."""
POLL_MS = 10
SETTLE_MS = 600
"""How long a dialog may take to close after the answer (a mnemonic clicks after 100 ms)."""


@dataclass
class Answered:
    """What happened to the modal dialogs answered inside :func:`answering`."""

    dialogs: list[str] = field(default_factory=list)
    """The object names of the dialogs answered, in order."""
    results: list[int] = field(default_factory=list)
    """Each dialog's result code; :data:`LEFT_OPEN` when the answer did not close it."""

    @property
    def result(self) -> int:
        """The result of the only dialog answered."""
        assert len(self.results) == 1, self.results
        return self.results[0]


def focused(dialog: QDialog) -> QWidget:
    """The widget that has the keyboard focus in ``dialog`` (where real keys go)."""
    widget = QApplication.focusWidget()
    assert widget is not None and widget.window() is dialog, widget
    return widget


def press(
    key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> Callable[[QDialog], None]:
    """An answer: press ``key`` on the focused widget, as a user would."""

    def answer(dialog: QDialog) -> None:
        QTest.keyClick(focused(dialog), key, modifier)

    return answer


@contextmanager
def answering(*answers: Callable[[QDialog], None], only: str | None = None) -> Iterator[Answered]:
    """Answer the next modal dialogs, one answer each, once each is shown and active.

    ``only`` names the dialogs to answer (others, a progress dialog say, are left alone), and
    one already modal when the block starts (a wizard) is never answered. A dialog still open
    :data:`SETTLE_MS` after its answer (with no other question on top of it) is closed with
    :data:`LEFT_OPEN`, so that a test never hangs in ``exec()``.
    """
    answered = Answered()
    pending = list(answers)
    current: list[QDialog] = []
    already = QApplication.activeModalWidget()
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def watch(dialog: QDialog) -> None:
        if not dialog.isVisible():
            return
        if QApplication.activeModalWidget() is not dialog:
            QTimer.singleShot(SETTLE_MS, dialog, lambda: watch(dialog))  # a question on top
            return
        dialog.done(LEFT_OPEN)

    def finished(dialog: QDialog, result: int) -> None:
        answered.results.append(result)
        if dialog in current:
            current.remove(dialog)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not pending or not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        if dialog is already or (only is not None and dialog.objectName() != only):
            return
        if dialog in current:
            return  # answered, still closing or waiting for its watch
        if not dialog.isActiveWindow():
            dialog.activateWindow()  # the window manager's part; offscreen needs asking
            return
        current.append(dialog)
        answered.dialogs.append(dialog.objectName())
        dialog.finished.connect(lambda result: finished(dialog, result))
        answer = pending.pop(0)
        # From a timer of its own: an answer that opens another question (exec() inside)
        # must not hold up this poll, which answers that question.
        QTimer.singleShot(0, dialog, lambda: answer(dialog))
        QTimer.singleShot(SETTLE_MS, dialog, lambda: watch(dialog))

    timer.timeout.connect(poll)
    timer.start()
    try:
        yield answered
    finally:
        timer.stop()
        timer.deleteLater()
