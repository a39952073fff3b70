"""Long jobs in tests: their reports in lockstep with the window, so that Cancel lands in time."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from desktop_app.ui.background_job import BackgroundJob, JobControl


class Lockstep:
    """Every report of a job is sent at once and waits until the window's thread has shown it.

    A job of a few rows would otherwise end before the Cancel a test presses is heard; here
    the report after the press already returns False. ``shown`` runs on the window's thread
    after each report is shown (a test looks at the dialog there, or presses Cancel).
    """

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, shown: Callable[[], None] | None = None
    ) -> None:
        self.reports = 0
        self._shown = threading.Semaphore(0)
        show = BackgroundJob._on_progressed

        def on_progressed(job: BackgroundJob[object], label: str, done: int, total: int) -> None:
            try:
                show(job, label, done, total)
                if shown is not None:
                    shown()
            finally:
                self._shown.release()

        def send_and_wait(control: JobControl, label: str, done: int, total: int) -> None:
            self.reports += 1
            control._job.send(label, done, total)
            assert self._shown.acquire(timeout=30), "the window did not show the report"

        def report(control: JobControl, done: int, total: int) -> bool:
            send_and_wait(control, control._label, done, total)
            return not control.cancelled

        def stage(control: JobControl, label: str, done: int = 0, total: int = 0) -> None:
            control._label = label
            send_and_wait(control, label, done, total)

        monkeypatch.setattr(BackgroundJob, "_on_progressed", on_progressed)
        monkeypatch.setattr(JobControl, "report", report)
        monkeypatch.setattr(JobControl, "stage", stage)
