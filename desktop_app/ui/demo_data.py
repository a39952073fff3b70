"""Load demo data into an empty workspace under a progress dialog, and say whom it acts as."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar, cast

from PySide6.QtCore import QEventLoop, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from desktop_app.domain.catalog import OperatorAccount
from desktop_app.domain.errors import DomainError
from desktop_app.ui.prompts import Prompts
from desktop_app.ui.workspace import DemoLoaded, DemoLoader, StageReport

_T = TypeVar("_T")

TITLE: Final = "Load Demo Data"
CANCELLED_TEXT: Final = "Loading demo data was cancelled; nothing was written."
REDRAW_SECONDS: Final = 0.05
MESSAGE_MS: Final = 60_000
"""How long the status bar says what demo data arrived and whom the workspace acts as."""

# Each stage of the seed with what the dialog says and its share of the bar (they add to 100):
# making names and addresses takes most of the time, writing the rows the rest.
STAGES: Final[dict[str, tuple[str, int]]] = {
    "pools": ("Making names, addresses and phone numbers for each country…", 70),
    "catalog": ("Writing hubs, vendors, providers and products…", 2),
    "accounts": ("Writing tier accounts, their versions and requests…", 20),
    "subscriptions": ("Writing subscriptions and fulfillment requests…", 5),
    "tier configs": ("Writing tier configurations…", 2),
    "statistics": ("Updating the query planner's statistics…", 1),
    "indexes": ("Building the indexes…", 0),
}


class DemoCancelledError(Exception):
    """The user pressed Cancel: the transaction is rolled back."""


@dataclass(frozen=True)
class DemoOutcome:
    """How loading ended, in words for the status bar; ``loaded`` when data arrived."""

    loaded: bool
    message: str


def operator_text(operator: OperatorAccount) -> str:
    """``Acme Software (VA-111-111, vendor)``, as the Acting as box names it."""
    return f"{operator.name} ({operator.id}, {operator.role.value})"


def loaded_text(loaded: DemoLoaded) -> str:
    """What arrived, and whom the workspace acts as now (said even when it did not change)."""
    rows = (
        f"Loaded {loaded.accounts:,} demo tier accounts with "
        f"{loaded.tier_account_requests:,} tier account requests."
    )
    now = operator_text(loaded.acting_as)
    if loaded.acted_as is None or loaded.acted_as.id == loaded.acting_as.id:
        return f"{rows} Acting as {now}."
    return (
        f"{rows} Now acting as {now}, the demo vendor with the most products, instead of "
        f"{operator_text(loaded.acted_as)}; choose another in the tool bar's Acting as box."
    )


class DemoProgressDialog(QProgressDialog):
    """Window-modal: which stage the seed is in and how far, with Cancel.

    The rows are written on this (the window's) thread, which the store's one SQLite
    connection belongs to: events are handled between their batches, so that the dialog
    paints and Cancel can be pressed. What touches no workspace, the names and addresses
    that take most of the time, is made on a thread of its own (:meth:`apart`) while the
    window's event loop runs.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(STAGES["pools"][0], "Cancel", 0, 100, parent)
        self.setObjectName("demo_progress_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)  # ~9 s on a slow computer: shown at once
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(460)
        self._drawn_at = 0.0
        self._stage = ""
        self._cancel_asked = False
        """Set on Cancel; read by the worker thread (a plain flag: no widget is touched)."""
        self._latest: tuple[str, int, int] | None = None
        """The worker's last report, shown by the window's thread."""
        self.canceled.connect(self._on_self_canceled)

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` in ``stage``; raises :class:`DemoCancelledError` on Cancel."""
        now = time.perf_counter()
        if stage != self._stage or done >= total or now - self._drawn_at >= REDRAW_SECONDS:
            self._drawn_at = now
            self._show(stage, done, total)
            QApplication.processEvents()
        if self.wasCanceled():
            raise DemoCancelledError

    def apart(self, work: Callable[[StageReport], _T]) -> _T:
        """Run ``work`` on a worker thread while this thread's event loop runs; its result."""
        outcome: dict[str, Any] = {}

        def told(stage: str, done: int, total: int) -> None:
            if self._cancel_asked:
                raise DemoCancelledError
            self._latest = (stage, done, total)

        def run() -> None:
            try:
                outcome["value"] = work(told)
            except BaseException as error:  # handed to the window's thread, raised there
                outcome["error"] = error

        worker = threading.Thread(target=run, name="demo-data", daemon=True)
        loop = QEventLoop(self)
        timer = QTimer(self)
        timer.setInterval(int(REDRAW_SECONDS * 1000))
        timer.timeout.connect(lambda: self._tick(worker, loop))
        worker.start()
        timer.start()
        loop.exec()
        timer.stop()
        timer.deleteLater()
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return cast(_T, outcome["value"])

    def _tick(self, worker: threading.Thread, loop: QEventLoop) -> None:
        latest, self._latest = self._latest, None
        if latest is not None:
            self._show(*latest)
        if not worker.is_alive():
            loop.quit()

    def _show(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._stage = stage
            self.setLabelText(STAGES.get(stage, (f"{stage.capitalize()}…", 0))[0])
        self.setValue(_percent(stage, done, total))

    @Slot()
    def _on_self_canceled(self) -> None:
        self._cancel_asked = True


def _percent(stage: str, done: int, total: int) -> int:
    before = 0
    for name, (_label, share) in STAGES.items():
        if name == stage:
            part = share * done // total if total > 0 else 0
            return min(99, before + part)
        before += share
    return 99


def load_demo_data(parent: QWidget, load: DemoLoader) -> DemoOutcome:
    """Run ``load`` under the progress dialog; refused or cancelled, nothing is written."""
    dialog = DemoProgressDialog(parent)
    dialog.show()
    QApplication.processEvents()
    try:
        loaded = load(dialog)
    except DemoCancelledError:
        return DemoOutcome(False, CANCELLED_TEXT)
    finally:
        dialog.close()
        dialog.deleteLater()
    if loaded is None:
        return DemoOutcome(True, "Loaded the demo data.")
    return DemoOutcome(True, loaded_text(loaded))


class DemoShell(Protocol):
    """What loading from the window needs of it."""

    @property
    def prompts(self) -> Prompts:
        """How the window asks the user."""

    def refresh(self) -> None:
        """Read the workspace again into every view."""

    def show_error(self, error: DomainError) -> object:
        """Tell the user why a service refused."""

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar."""


def load_into_window(
    parent: QWidget, shell: DemoShell, load: DemoLoader, button: QWidget | None
) -> None:
    """The Directory's Load Demo Data: ``button`` waits, every view reads again after.

    The status bar and a message say what arrived and whom the workspace acts as now.
    """
    if button is not None:
        button.setEnabled(False)
    outcome = None
    try:
        outcome = load_demo_data(parent, load)
    except DomainError as error:
        shell.show_error(error)
    finally:
        if button is not None:
            button.setEnabled(True)
        shell.refresh()
    if outcome is not None:  # whom the workspace acts as now, in both places
        shell.show_status(outcome.message, MESSAGE_MS)
        if outcome.loaded:
            shell.prompts.show_result(TITLE, outcome.message)
