"""Long jobs on a thread of their own: the window stays live, Cancel stops them, errors shown."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton

from desktop_app.domain.errors import StorageError
from desktop_app.ui.background_job import (
    CLOSE_TITLE,
    BackgroundJob,
    JobControl,
    may_close,
    running_jobs,
)
from desktop_app.ui.exchange.job_progress import JobProgress
from desktop_app.ui.main_window import MainWindow
from tests.support.prompts import FakePrompts, ScriptedPrompts


@pytest.fixture
def owner(qtbot):
    """What the jobs of a test hang off: deleted after the test's jobs ended."""
    return QObject()


def job_over(qtbot, job: BackgroundJob) -> None:
    with qtbot.waitSignal(job.over, timeout=30_000):
        job.start()


def test_the_windows_event_loop_runs_while_the_job_works(qtbot, owner):
    ticked = threading.Event()  # set only by a timer of the window's thread
    ticks: list[str] = []
    timer = QTimer()
    timer.timeout.connect(lambda: (ticks.append(threading.current_thread().name), ticked.set()))
    timer.start(5)
    results: list[tuple[str, bool]] = []

    def work(control: JobControl) -> tuple[str, bool]:
        control.report(1, 2)
        return threading.current_thread().name, ticked.wait(10)

    prompts = FakePrompts()
    job = BackgroundJob(
        owner, "Work", prompts.progress("Work", "…"), work, done=results.append, prompts=prompts
    )
    job_over(qtbot, job)
    timer.stop()
    ((thread, the_loop_ran),) = results
    assert the_loop_ran, "the window's event loop did not run while the job worked"
    assert thread == "job: Work" and set(ticks) == {threading.current_thread().name}
    assert prompts.progresses[0].closed and not job.running


def test_the_progress_dialog_shows_the_rows_and_cancel_stops_the_job(qtbot, owner):
    parent = QPushButton()  # any widget: the dialog is modal to its window
    qtbot.addWidget(parent)
    parent.show()
    progress = JobProgress(parent, "Export", "Exporting…")
    reported = threading.Event()
    outcome: list[str] = []

    def work(control: JobControl) -> None:
        control.report(5, 10)
        reported.set()
        while control.report(5, 10):  # until Cancel is heard (at most every 50 ms a report)
            threading.Event().wait(0.01)
        control.check()

    job = BackgroundJob(
        owner,
        "Export",
        progress,
        work,
        done=lambda _: outcome.append("done"),
        cancelled=lambda: outcome.append("cancelled"),
        prompts=FakePrompts(),
    ).start()
    qtbot.waitUntil(lambda: "5 of 10 rows" in progress.dialog.labelText())
    assert progress.dialog.findChild(QProgressBar).value() == 5
    cancel = progress.dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert outcome == ["cancelled"]


def test_a_refusal_in_the_job_is_shown_and_nothing_else_happens(qtbot, owner):
    prompts = FakePrompts()
    done: list[object] = []

    def work(control: JobControl) -> None:
        raise StorageError("The workspace is busy.")

    job = BackgroundJob(
        owner, "Import", prompts.progress("Import", "…"), work, done=done.append, prompts=prompts
    )
    job_over(qtbot, job)
    assert [str(error) for error in prompts.errors] == ["The workspace is busy."]
    assert done == [] and prompts.progresses[0].closed


def test_any_other_error_reaches_the_error_hook_on_the_windows_thread(qtbot, owner):
    prompts = FakePrompts()

    def work(control: JobControl) -> None:
        raise ValueError("a bug")

    job = BackgroundJob(
        owner, "Import", prompts.progress("Import", "…"), work, done=print, prompts=prompts
    )
    with qtbot.captureExceptions() as caught:
        job_over(qtbot, job)
    assert [str(error) for _, error, _ in caught] == ["a bug"]
    assert prompts.errors == [] and prompts.progresses[0].closed


def test_a_job_that_may_not_be_cancelled_ignores_cancel(qtbot, owner):
    prompts = FakePrompts(cancel_after=0)  # the progress says Cancel at every report
    results: list[int] = []

    def work(control: JobControl) -> int:
        for done in range(3):
            control.stage("Writing…", done, 3)
        return 3 if not control.cancelled else -1

    job = BackgroundJob(
        owner,
        "Write",
        prompts.progress("Write", "…"),
        work,
        done=results.append,
        prompts=prompts,
        cancellable=False,
    )
    job_over(qtbot, job)
    assert results == [3] and not prompts.progresses[0].cancellable


class Gate:
    """A job that waits until the test opens its gate (or Cancel is pressed)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.gate = threading.Event()
        self.outcome: list[str] = []

    def work(self, control: JobControl) -> None:
        self.started.set()
        while not self.gate.wait(0.01):
            control.check()
        self.outcome.append("done")


def window_with_job(qtbot, world, answer: bool):
    window = MainWindow(world.services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    questions: list[str] = []
    window.prompts = ScriptedPrompts(window, confirm=lambda q: questions.append(q) or answer)
    gate = Gate()
    job = BackgroundJob(
        window,
        "Import of in.xlsx",
        window.prompts.progress("Import", "…"),
        gate.work,
        done=lambda _: None,
        cancelled=lambda: gate.outcome.append("cancelled"),
        prompts=window.prompts,
    ).start()
    assert gate.started.wait(10)
    return window, job, gate, questions


def test_closing_the_window_during_a_job_asks_and_by_default_keeps_working(qtbot, world):
    window, job, gate, questions = window_with_job(qtbot, world, answer=False)
    assert running_jobs(window) == [job]
    window.close()
    assert window.isVisible() and job.running
    assert len(questions) == 1 and "Import of in.xlsx is still running" in questions[0]
    gate.gate.set()
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert gate.outcome == ["done"] and window.isVisible()
    window.close()  # nothing runs: closes without asking
    assert not window.isVisible() and len(questions) == 1


def test_closing_the_window_during_a_job_can_cancel_it_and_close_when_it_stopped(qtbot, world):
    window, job, gate, questions = window_with_job(qtbot, world, answer=True)
    window.close()
    assert len(questions) == 1
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert gate.outcome == ["cancelled"] and not job.running


def test_the_close_question_defaults_to_keep_working(qtbot, owner):
    asked: list[tuple[str, str, bool]] = []

    class Asking(FakePrompts):
        def confirm(self, title, question, action, *, destructive=True):
            asked.append((title, action, destructive))
            return False

    parent = QPushButton()
    qtbot.addWidget(parent)
    gate = Gate()
    prompts = Asking()
    job = BackgroundJob(
        parent,
        "Export",
        prompts.progress("Export", "…"),
        gate.work,
        done=lambda _: None,
        prompts=prompts,
    ).start()
    assert not may_close(parent, prompts)
    assert asked == [(CLOSE_TITLE, "Cancel and Close", True)]  # destructive: Enter says No
    gate.gate.set()
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert may_close(parent, prompts) and len(asked) == 1
    assert parent.findChild(QProgressDialog) is None


def test_past_its_point_of_return_a_job_offers_no_cancel_and_closing_waits(qtbot, owner):
    """An import that is committing: Cancel leaves the dialog, and closing says it finishes."""
    asked: list[str] = []

    class Asking(FakePrompts):
        def confirm(self, title, question, action, *, destructive=True):
            asked.append(action)
            return False

    parent = QPushButton()
    qtbot.addWidget(parent)
    prompts = Asking()
    progress = prompts.progress("Import", "…")
    passed, go_on = threading.Event(), threading.Event()
    outcome: list[bool] = []

    def work(control: JobControl) -> bool:
        control.past_return()
        passed.set()
        go_on.wait(10)
        return control.cancelled

    job = BackgroundJob(parent, "Import", progress, work, done=outcome.append, prompts=prompts)
    assert job.cancellable and progress.cancellable
    job.start()
    qtbot.waitUntil(lambda: not progress.cancellable, timeout=10_000)
    assert passed.is_set() and not job.cancellable
    assert not may_close(parent, prompts)
    assert asked == ["Close When Finished"]
    job.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert outcome == [False], "Cancel was heard after the job could no longer stop"


@pytest.mark.both_backends
def test_an_import_on_its_own_connection_is_seen_by_the_window_after_it_ended(
    qtbot, world, tmp_path
):
    from desktop_app.interop.importer import ImportMode
    from desktop_app.interop.writeback import ResultsTarget
    from desktop_app.services.queries import DirectoryQuery
    from desktop_app.ui.exchange.import_preview_dialog import ImportChoice
    from desktop_app.ui.exchange_controller import ExchangeController
    from tests.interop.sheets import row, workbook
    from tests.ui.test_exchange_controller import FakeShell

    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    choice = ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.COPY)
    prompts = FakePrompts(paths=[source], choice=choice)
    shell = FakeShell(world)
    controller = ExchangeController(shell, prompts)
    with qtbot.waitSignal(controller.finished, timeout=30_000) as blocker:
        controller.import_accounts()
    assert blocker.args[0] is not None and blocker.args[0].committed
    assert prompts.errors == [] and shell.refreshes == 1
    found = world.services.directory.accounts(DirectoryQuery(search="Imported")).all()
    assert [r.name for r in found] == ["Imported"]
    assert (tmp_path / "in-imported.xlsx").exists()
