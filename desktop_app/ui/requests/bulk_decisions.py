"""Accept all / Ignore all: one reason, one confirmation, batches on a job's thread with Cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar, QProgressDialog, QWidget

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.decision import BulkOutcome, DecisionPlan
from desktop_app.services.requests import RequestService
from desktop_app.ui.background_job import BackgroundJob, JobControl
from desktop_app.ui.dialogs.error_dialog import show_error

BATCH: Final = 1000
"""Requests decided in one transaction; the progress dialog moves once a batch."""
PROGRESS_ABOVE: Final = 1000
"""More requests than this show progress with Cancel."""
PRODUCTS_SHOWN: Final = 5

ACTIONS: Final[dict[RequestStatus, tuple[str, str, str, str]]] = {
    RequestStatus.ACCEPTED: ("Accept requests", "Accept", "accepted", "Accepting"),
    RequestStatus.IGNORED: ("Ignore requests", "Ignore", "ignored", "Ignoring"),
}
"""Per decision: the dialogs' title, the verb, the past participle, the progress's verb."""


def _requests(count: int) -> str:
    return f"{count:,} request{'s' * (count != 1)}"


def left_out_text(plan: DecisionPlan) -> str:
    """``3 are left out: …`` with each reason and its count; empty when none is."""
    if not plan.left_out:
        return ""
    count = plan.left_out_count
    reasons = "; ".join(f"{reason} ({n:,})" for reason, n in plan.left_out)
    return f"{_requests(count)} {'is' if count == 1 else 'are'} left out: {reasons}"


def question(plan: DecisionPlan, status: RequestStatus) -> str:
    """How many, for which products, and what is left out."""
    verb = ACTIONS[status][1]
    products = ", ".join(f"{name}: {n:,}" for name, n in plan.products[:PRODUCTS_SHOWN])
    more = len(plan.products) - PRODUCTS_SHOWN
    if more > 0:
        products += f" and {more:,} more product{'s' * (more != 1)}"
    text = f"{verb} {_requests(len(plan.allowed))} ({products})?"
    left_out = left_out_text(plan)
    return f"{text}\n\n{left_out}." if left_out else text


@dataclass(frozen=True)
class BulkResult:
    """What a run decided, and whether it stopped early."""

    decided: int
    left_out: int
    cancelled: bool = False
    failed: bool = False

    def summary(self, status: RequestStatus) -> str:
        """``1,200 requests accepted; 3 left out.`` (and whether it stopped)."""
        text = f"{_requests(self.decided)} {ACTIONS[status][2]}"
        if self.left_out:
            text += f"; {self.left_out:,} left out"
        if self.cancelled:
            text += "; cancelled before the rest"
        if self.failed:
            text += "; stopped by an error"
        return text + "."


class BulkProgress:
    """The window-modal progress of a bulk decision: how many are decided, with Cancel."""

    def __init__(self, parent: QWidget, total: int, status: RequestStatus) -> None:
        title, _, _, doing = ACTIONS[status]
        self.dialog = QProgressDialog(f"{doing} {_requests(total)}…", "Cancel", 0, total, parent)
        self.dialog.setObjectName("bulk_progress_dialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        # the bar is set directly: a modal QProgressDialog's setValue runs processEvents
        self._bar = QProgressBar(self.dialog)
        self._bar.setRange(0, total)
        self.dialog.setBar(self._bar)
        self.dialog.show()

    def report(self, done: int, total: int) -> bool:
        """``done`` of ``total`` decided; False once cancelled."""
        self._bar.setValue(min(done, total))
        return not self.dialog.wasCanceled()

    def on_cancel(self, cancel: Callable[[], None]) -> None:
        """Call ``cancel`` when Cancel is pressed."""
        self.dialog.canceled.connect(cancel)

    def set_label(self, label: str) -> None:
        """Not used: the label says what is decided."""

    def forbid_cancel(self) -> None:
        """Not used: Cancel stops between batches."""

    def close(self) -> None:
        """Hide the dialog and let Qt delete it."""
        self.dialog.close()
        self.dialog.deleteLater()


class BulkDecisions:
    """Asks, confirms and decides many requests for a view, a batch per transaction.

    Up to :data:`PROGRESS_ABOVE` requests (one batch) are decided at once on the window's
    thread; more run on a thread of their own over their own connection
    (:class:`BackgroundJob`) under a progress dialog with Cancel, the window live meanwhile.
    """

    def __init__(
        self,
        parent: QWidget,
        requests: Callable[[], RequestService],
        services: Callable[[], Services] | None = None,
    ) -> None:
        self._parent = parent
        self._requests = requests
        self._services = services
        """Opens a job's own connection; without it every batch is decided on this thread."""

    def ask_reason(self, plan: DecisionPlan) -> str | None:
        """The one reason for every request ignored; None when cancelled."""
        from desktop_app.ui.dialogs.reason_dialog import ReasonDialog  # when first asked

        dialog = ReasonDialog(self._parent, "")
        dialog.setObjectName("bulk_reason_dialog")
        dialog.intro_label.setText(
            f"Ignore {_requests(len(plan.allowed))}? The accounts keep their changes; the "
            "reason tells why the requests were flagged."
        )
        try:
            if dialog.exec() == ReasonDialog.DialogCode.Accepted:
                return dialog.reason()
            return None
        finally:
            dialog.deleteLater()

    def confirm(self, plan: DecisionPlan, status: RequestStatus) -> bool:
        """One confirmation; Cancel is the default (Enter never confirms)."""
        from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog

        title, verb = ACTIONS[status][:2]
        return ConfirmDialog.ask(
            self._parent, title, question(plan, status), f"{verb} all", destructive=True
        )

    def decide(
        self,
        request_ids: Sequence[str],
        status: RequestStatus,
        then: Callable[[BulkResult], None] | None = None,
    ) -> BulkResult | None:
        """The whole flow for the selected ``request_ids``; None when nothing was asked for.

        Decided here, the result is returned (and handed to ``then``); decided on a job's
        thread, None is returned and ``then`` gets the result once the job ended.
        """
        service = self._requests()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # every selected row is read
        try:
            plan = service.plan(request_ids)
        except DomainError as error:
            QApplication.restoreOverrideCursor()
            show_error(self._parent, error)
            return None
        QApplication.restoreOverrideCursor()
        if not plan.allowed:
            QMessageBox.information(
                self._parent,
                ACTIONS[status][0],
                f"None of the {_requests(len(request_ids))} selected can be "
                f"{ACTIONS[status][2]} by you. {left_out_text(plan)}.",
            )
            return None
        reason = ""
        if status is RequestStatus.IGNORED:
            asked = self.ask_reason(plan)
            if asked is None:
                return None
            reason = asked
        if not self.confirm(plan, status):
            return None
        if len(plan.allowed) > PROGRESS_ABOVE and self._services is not None:
            self._start(self._services(), plan, status, reason, then)
            return None
        result = self._decided(_decide(service, plan, status, reason, None), plan)
        if then is not None:
            then(result)
        return result

    def _start(
        self,
        services: Services,
        plan: DecisionPlan,
        status: RequestStatus,
        reason: str,
        then: Callable[[BulkResult], None] | None,
    ) -> None:
        def work(control: JobControl) -> _Run:
            own, close = services.on_own_connection()
            try:
                return _decide(own.requests, plan, status, reason, control)
            finally:
                close()

        def done(run: _Run) -> None:
            result = self._decided(run, plan)
            if then is not None:
                then(result)

        def failed(error: DomainError) -> None:
            show_error(self._parent, error)

        BackgroundJob(
            self._parent,
            ACTIONS[status][0],
            BulkProgress(self._parent, len(plan.allowed), status),
            work,
            done=done,
            failed=failed,
        ).start()

    def _decided(self, run: _Run, plan: DecisionPlan) -> BulkResult:
        if run.error is not None:  # the batches before stay decided, as the summary says
            show_error(self._parent, run.error)
        return BulkResult(
            run.decided, plan.left_out_count + run.left_out, run.cancelled, run.error is not None
        )


@dataclass
class _Run:
    """What deciding in batches did (on whichever thread it ran)."""

    decided: int = 0
    left_out: int = 0
    cancelled: bool = False
    error: DomainError | None = None


def _decide(
    service: RequestService,
    plan: DecisionPlan,
    status: RequestStatus,
    reason: str,
    control: JobControl | None,
) -> _Run:
    """Decide ``plan``'s requests a batch per transaction; stop between batches on Cancel."""
    ids = list(plan.allowed)
    run = _Run()
    try:
        for start in range(0, len(ids), BATCH):
            if control is not None and not control.report(start, len(ids)):
                run.cancelled = True
                break
            batch = ids[start : start + BATCH]
            outcome: BulkOutcome = (
                service.accept_many(batch)
                if status is RequestStatus.ACCEPTED
                else service.ignore_many(batch, reason)
            )
            run.decided += len(outcome.decided)
            run.left_out += outcome.left_out
    except DomainError as error:
        run.error = error
    return run
