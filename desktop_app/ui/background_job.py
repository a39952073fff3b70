"""Long jobs off the window's thread: a worker thread, its progress by queued signal, Cancel.

An export, an import, writing results back, loading demo data or deciding thousands of requests
runs its work on a thread of its own (opening the workspace there through
``Services.on_own_connection``: the window's connection belongs to the window's thread). The
window's event loop runs on meanwhile: the progress dialog paints, Cancel is pressed, timers
tick; no ``processEvents`` loop and no polling of the thread. The work hears of Cancel through
:class:`JobControl`; what it returns or raises is handed back on the window's thread, where a
DomainError is shown as every refusal is and any other error goes to the error hook.

Closing the window while a job runs asks first (:func:`may_close`): by default the window stays
open and the job goes on; otherwise the job is cancelled and the window closes once it ended.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Final, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import DomainError

R = TypeVar("R")

REPORT_SECONDS: Final = 0.05
"""The least time between two reports sent to the window: the job pays next to nothing."""

CLOSE_TITLE: Final = "Close Window"


class Progress(Protocol):
    """A long job's progress as the user sees it (on the window's thread), with Cancel."""

    def report(self, done: int, total: int) -> bool:
        """Show ``done`` of ``total`` rows (0: unknown); False once the user cancelled."""

    def set_label(self, label: str) -> None:
        """Name the stage the job is in now."""

    def on_cancel(self, cancel: Callable[[], None]) -> None:
        """Call ``cancel`` as soon as the user presses Cancel (the job stops at its next step)."""

    def forbid_cancel(self) -> None:
        """From now on the job cannot be cancelled (it finishes what it started)."""

    def close(self) -> None:
        """The job is over."""


class Asking(Protocol):
    """What a job asks of the window's Prompts: show a refusal, confirm closing."""

    def show_error(self, error: DomainError) -> None:
        """Tell why a service refused (no traceback)."""

    def confirm(self, title: str, question: str, action: str, *, destructive: bool = True) -> bool:
        """Yes or no; a ``destructive`` question answers No to Enter and Space."""


class JobCancelledError(Exception):
    """The user pressed Cancel: the work stops and undoes what it started."""


class JobControl:
    """What a job's work is handed on its thread: tell how far it is, learn of Cancel."""

    def __init__(self, job: BackgroundJob[object]) -> None:
        self._job = job
        self._sent_at = 0.0
        self._label = ""

    @property
    def cancelled(self) -> bool:
        """True once the user pressed Cancel (while Cancel was offered)."""
        return self._job.cancel_requested

    def report(self, done: int, total: int) -> bool:
        """``done`` of ``total`` rows (0: unknown); False once cancelled (a ProgressCallback)."""
        now = time.perf_counter()
        if now - self._sent_at >= REPORT_SECONDS or (total > 0 and done >= total):
            self._sent_at = now
            self._job.send(self._label, done, total)
        return not self.cancelled

    def stage(self, label: str, done: int = 0, total: int = 0) -> None:
        """Name the stage the work is in now (shown at once), and how far it is."""
        self._label = label
        self._sent_at = time.perf_counter()
        self._job.send(label, done, total)

    def check(self) -> None:
        """Raise :class:`JobCancelledError` once the user pressed Cancel."""
        if self.cancelled:
            raise JobCancelledError

    def past_return(self) -> None:
        """From here the work finishes what it started (an import committing): no Cancel."""
        self._job.stop_offering_cancel()


class BackgroundJob(QObject, Generic[R]):
    """One long job: ``work`` on a thread of its own under ``progress``; the outcome back here.

    ``done`` gets the result, ``cancelled`` is called when the work stopped on Cancel (it raised
    :class:`JobCancelledError` or one of ``cancelled_by``), ``failed`` gets a DomainError (None:
    ``prompts.show_error``). Every other error is raised on the window's thread, where the error
    hook reports it. ``ended`` is called last in every case.
    """

    _progressed = Signal(str, int, int)
    _finished = Signal()
    _uncancellable = Signal()
    over = Signal()
    """The job ended and its outcome was handed on (on the window's thread)."""

    def __init__(
        self,
        parent: QObject,
        title: str,
        progress: Progress,
        work: Callable[[JobControl], R],
        *,
        done: Callable[[R], None],
        prompts: Asking | None = None,
        cancelled: Callable[[], None] | None = None,
        failed: Callable[[DomainError], None] | None = None,
        ended: Callable[[], None] | None = None,
        cancelled_by: tuple[type[BaseException], ...] = (),
        cancellable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("background_job")
        self.title = title
        """What the job is, for the question when the window is closed meanwhile."""
        self._progress = progress
        self._work: Callable[[JobControl], R] | None = work
        self._done: Callable[[R], None] | None = done
        self._prompts = prompts
        self._cancelled = cancelled
        self._failed = failed
        self._ended = ended
        self._cancelled_by: tuple[type[BaseException], ...] = (JobCancelledError, *cancelled_by)
        self._cancel = threading.Event()
        self._cancellable = cancellable
        self._label = ""
        self._result: R | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.running = False
        if cancellable:
            progress.on_cancel(self.cancel)
        else:
            progress.forbid_cancel()
        self._progressed.connect(self._on_progressed)
        self._finished.connect(self._on_finished)
        self._uncancellable.connect(self._on_uncancellable)

    @property
    def cancellable(self) -> bool:
        """False for a job that must finish what it started (the results file)."""
        return self._cancellable

    @property
    def cancel_requested(self) -> bool:
        """True once Cancel was pressed (any thread may ask)."""
        return self._cancel.is_set()

    def start(self) -> BackgroundJob[R]:
        """Start the work on its thread; this returns at once."""
        self.running = True
        self._thread = threading.Thread(target=self._run, name=f"job: {self.title}", daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop (it stops at its next report); nothing for a job that may not."""
        if self._cancellable:
            self._cancel.set()

    def stop_offering_cancel(self) -> None:
        """From the work's thread: the job can no longer be cancelled (the dialog told so)."""
        if self._cancellable:
            self._cancellable = False
            with contextlib.suppress(RuntimeError):  # the window, and this job, are gone
                self._uncancellable.emit()

    def send(self, label: str, done: int, total: int) -> None:
        """From the work's thread: show ``done`` of ``total`` (queued to the window's thread)."""
        with contextlib.suppress(RuntimeError):  # the window, and this job, are gone
            self._progressed.emit(label, done, total)

    # the work's thread

    def _run(self) -> None:
        try:
            if self._work is None:
                raise RuntimeError("This job has ended already")
            self._result = self._work(JobControl(self))  # type: ignore[arg-type]
        except BaseException as exc:  # handed to the window's thread
            self._error = exc
        with contextlib.suppress(RuntimeError):  # the window was deleted: nobody to tell
            self._finished.emit()

    # the window's thread

    @Slot(str, int, int)
    def _on_progressed(self, label: str, done: int, total: int) -> None:
        if not self.running:
            return
        if label and label != self._label:
            self._label = label
            self._progress.set_label(label)
        if not self._progress.report(done, total):
            self.cancel()

    @Slot()
    def _on_uncancellable(self) -> None:
        if self.running:
            self._progress.forbid_cancel()

    @Slot()
    def _on_finished(self) -> None:
        if self._thread is not None:
            self._thread.join()  # it has nothing left to do but return
        self.running = False
        self._progress.close()
        error, self._error = self._error, None
        try:
            if error is None:
                if self._done is not None:
                    self._done(self._result)  # type: ignore[arg-type]
            elif isinstance(error, self._cancelled_by):
                if self._cancelled is not None:
                    self._cancelled()
            elif isinstance(error, DomainError) and self._failed is not None:
                self._failed(error)
            elif isinstance(error, DomainError) and self._prompts is not None:
                self._prompts.show_error(error)
            else:
                raise error
        finally:
            if self._ended is not None:
                self._ended()
            self._let_go()
            self.over.emit()

    def _let_go(self) -> None:
        """Drop the work, its result and the callbacks (an import's report can be large).

        The job itself stays a child of its parent until that goes: deleting it here, in its
        own slot, or later while a nested event loop runs, is not safe.
        """
        self._result = None
        self._work = self._done = None
        self._cancelled = self._failed = self._ended = None


def running_jobs(window: QWidget) -> list[BackgroundJob[object]]:
    """The jobs started over ``window`` (or a widget in it) that have not ended."""
    return [job for job in window.findChildren(BackgroundJob) if job.running]


def may_close(window: QWidget, prompts: Asking) -> bool:
    """True when ``window`` may close now: no job runs, else the user is asked.

    The safe answer (Enter) keeps the window open and the job going. Otherwise the jobs are
    cancelled (a job that cannot be, finishes) and the window closes once the last one ended.
    """
    jobs = running_jobs(window)
    if not jobs:
        return True
    names = ", ".join(job.title for job in jobs)
    stoppable = all(job.cancellable for job in jobs)
    question = (
        f"{names} is still running. Cancel it and close the window? Nothing of it is kept."
        if stoppable
        else f"{names} is still running and must finish what it started. Close the window "
        "when it has finished?"
    )
    action = "Cancel and Close" if stoppable else "Close When Finished"
    if not prompts.confirm(CLOSE_TITLE, question, action, destructive=True):
        return False
    for job in jobs:
        job.over.connect(lambda: _close_when_idle(window))
        job.cancel()
    return False


def _close_when_idle(window: QWidget) -> None:
    if not running_jobs(window):
        window.close()
