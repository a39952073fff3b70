"""Long jobs in tests: their reports in lockstep with the window, so that Cancel lands in time."""

from __future__ import annotations

import threading

import pytest

from desktop_app.ui.background_job import BackgroundJob, JobControl


class Lockstep:
    """Every report of a job is sent at once and waits until the window's thread has shown it.

    A job of a few rows would otherwise end before the Cancel a test presses is heard; here
    the report after the press already returns False.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reports = 0
        self._shown = threading.Semaphore(0)
        shown = BackgroundJob._on_progressed

        def on_progressed(job: BackgroundJob[object], label: str, done: int, total: int) -> None:
            try:
                shown(job, label, done, total)
            finally:
                self._shown.release()

        def report(control: JobControl, done: int, total: int) -> bool:
            self.reports += 1
            control._job.send(control._label, done, total)
            assert self._shown.acquire(timeout=30), "the window did not show the report"
            return not control.cancelled

        monkeypatch.setattr(BackgroundJob, "_on_progressed", on_progressed)
        monkeypatch.setattr(JobControl, "report", report)
