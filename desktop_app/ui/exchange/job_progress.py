"""A window-modal progress dialog with Cancel that a long job (export, import) reports to."""

from __future__ import annotations

import time
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

REDRAW_SECONDS: Final = 0.05
"""The least time between two redraws: reporting costs the job next to nothing."""


class JobProgress:
    """Shows how far a job is and tells it when the user pressed Cancel."""

    def __init__(self, parent: QWidget, title: str, label: str) -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setObjectName("job_progress_dialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self._label = label
        self._shown_at = 0.0

    def report(self, done: int, total: int) -> bool:
        """Show ``done`` of ``total`` rows; False once the user cancelled."""
        now = time.perf_counter()
        if now - self._shown_at >= REDRAW_SECONDS or (total and done >= total):
            self._shown_at = now
            if total > 0:
                self.dialog.setMaximum(total)
                self.dialog.setValue(min(done, total))
                self.dialog.setLabelText(f"{self._label}\n{done:,} of {total:,} rows")
            else:
                self.dialog.setMaximum(0)
                self.dialog.setLabelText(f"{self._label}\n{done:,} rows")
            QApplication.processEvents()
        return not self.dialog.wasCanceled()

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
