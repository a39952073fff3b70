"""Accept all / Ignore all: one reason, one confirmation, batches with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError
from desktop_app.services.decision import BulkOutcome, DecisionPlan
from desktop_app.services.requests import RequestService
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.dialogs.reason_dialog import ReasonDialog

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


class BulkDecisions:
    """Asks, confirms and decides many requests for a view, a batch per transaction."""

    def __init__(self, parent: QWidget, requests: Callable[[], RequestService]) -> None:
        self._parent = parent
        self._requests = requests

    def ask_reason(self, plan: DecisionPlan) -> str | None:
        """The one reason for every request ignored; None when cancelled."""
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
        title, verb = ACTIONS[status][:2]
        return ConfirmDialog.ask(
            self._parent, title, question(plan, status), f"{verb} all", destructive=True
        )

    def decide(self, request_ids: Sequence[str], status: RequestStatus) -> BulkResult | None:
        """The whole flow for the selected ``request_ids``; None when nothing was asked for."""
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
        return self._run(service, plan, status, reason)

    def _run(
        self, service: RequestService, plan: DecisionPlan, status: RequestStatus, reason: str
    ) -> BulkResult:
        ids = list(plan.allowed)
        progress = self._progress(len(ids), status) if len(ids) > PROGRESS_ABOVE else None
        decided = left_out = 0
        cancelled = failed = False
        try:
            for start in range(0, len(ids), BATCH):
                if progress is not None:
                    progress.setValue(start)
                    QApplication.processEvents()
                    if progress.wasCanceled():
                        cancelled = True
                        break
                batch = ids[start : start + BATCH]
                outcome: BulkOutcome = (
                    service.accept_many(batch)
                    if status is RequestStatus.ACCEPTED
                    else service.ignore_many(batch, reason)
                )
                decided += len(outcome.decided)
                left_out += outcome.left_out
        except DomainError as error:
            failed = True
            show_error(self._parent, error)
        finally:
            if progress is not None:
                progress.close()
                progress.deleteLater()
        return BulkResult(decided, plan.left_out_count + left_out, cancelled, failed)

    def _progress(self, total: int, status: RequestStatus) -> QProgressDialog:
        title, _, _, doing = ACTIONS[status]
        dialog = QProgressDialog(f"{doing} {_requests(total)}…", "Cancel", 0, total, self._parent)
        dialog.setObjectName("bulk_progress_dialog")
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        return dialog
