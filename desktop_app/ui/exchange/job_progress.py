"""A window-modal progress dialog with Cancel that a long job (export, import) reports to.

The job runs on a thread of its own (:mod:`desktop_app.ui.background_job`); its reports reach
this dialog on the window's thread, whose event loop paints it and hears Cancel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget


class JobProgress:
    """Shows how far a job is and tells it when the user pressed Cancel."""

    def __init__(self, parent: QWidget, title: str, label: str) -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setObjectName("job_progress_dialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)  # shown by Qt's own timer unless the job ends first
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        # the bar is set directly: a modal QProgressDialog's setValue runs processEvents
        self._bar = QProgressBar(self.dialog)
        self._bar.setRange(0, 0)
        self.dialog.setBar(self._bar)
        self._label = label

    def report(self, done: int, total: int) -> bool:
        """Show ``done`` of ``total`` rows; False once the user cancelled."""
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
            self.dialog.setLabelText(f"{self._label}\n{done:,} of {total:,} rows")
        else:
            self._bar.setRange(0, 0)
            self.dialog.setLabelText(f"{self._label}\n{done:,} rows" if done else self._label)
        return not self.dialog.wasCanceled()

    def on_cancel(self, cancel: Callable[[], None]) -> None:
        """Call ``cancel`` when Cancel is pressed."""
        self.dialog.canceled.connect(cancel)

    def set_label(self, label: str) -> None:
        """Name the next stage of the job."""
        self._label = label
        self.dialog.setLabelText(label)

    def forbid_cancel(self) -> None:
        """No Cancel button from now on: the job finishes what it started."""
        self.dialog.setCancelButton(None)

    def close(self) -> None:
        """Hide the dialog and let Qt delete it."""
        self.dialog.close()
        self.dialog.deleteLater()
