"""The start's wait while an older workspace file is brought to this version: said, not silent.

Updating a file of a million accounts (its check, its backup copy, new indexes) takes a minute
or more; before, the window simply did not come. The work runs on a thread of its own, on a
connection of its own, while a small window says what it is doing; the event loop runs on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Final

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressDialog

TITLE: Final = "Updating the Workspace"
TEXT_WIDTH_CHARACTERS: Final = 60
"""The text wraps at about this many characters (a long path would make a wide window)."""
LOOK_EVERY_MS: Final = 30
"""How often the window looks whether the work ended (a few times a frame: nothing to see)."""


def update_text(name: str, version: int, backups: str) -> str:
    """What the window says while ``name`` (at schema ``version``) is updated."""
    return (
        f"“{name}” was saved by an older version of the application (schema {version}) and "
        f"is being updated to this one. A backup copy is made first, in {backups}.\n\n"
        "A large workspace takes a minute or two; nothing needs to be done meanwhile."
    )


def run_showing(text: str, work: Callable[[], None], *, shown: bool = True) -> None:
    """Run ``work`` on a thread of its own; meanwhile a small window (``shown``) says ``text``.

    Returns when the work ended; what it raised is raised here, on the calling thread. There is
    no Cancel: an update stopped half-way is undone by SQLite, but leaves the file as old.
    """
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="workspace-update", daemon=True)
    dialog = None
    if shown:
        dialog = QProgressDialog(text, "", 0, 0)  # a busy bar: the steps have no count
        dialog.setObjectName("schema_update_dialog")
        label = dialog.findChild(QLabel)  # the dialog's own: it lives and goes with it
        if label is not None:
            label.setWordWrap(True)
            label.setMinimumWidth(label.fontMetrics().averageCharWidth() * TEXT_WIDTH_CHARACTERS)
        dialog.setWindowTitle(TITLE)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.show()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(LOOK_EVERY_MS)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    thread.start()
    timer.start()
    if thread.is_alive():
        loop.exec()
    timer.stop()
    thread.join()
    if dialog is not None:
        dialog.close()
        shiboken6.delete(dialog)  # now, and its wrapper with it: nothing left for later
    if failed:
        raise failed[0]
