"""Load demo data into an empty workspace on a job's thread, with progress; say whom it acts as."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from desktop_app.domain.catalog import OperatorAccount
from desktop_app.domain.errors import DomainError
from desktop_app.ui.background_job import BackgroundJob, JobControl
from desktop_app.ui.prompts import Prompts
from desktop_app.ui.workspace import DemoLoaded, DemoLoader, StageReport

_T = TypeVar("_T")

TITLE: Final = "Load Demo Data"
CANCELLED_TEXT: Final = "Loading demo data was cancelled; nothing was written."
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


class DemoProgressDialog:
    """Window-modal: which stage the seed is in and how far, with Cancel.

    The seed runs on a thread of its own over its own connection (:class:`BackgroundJob`);
    its reports reach this dialog on the window's thread, whose event loop paints it.
    """

    def __init__(self, parent: QWidget) -> None:
        self.dialog = QProgressDialog(STAGES["pools"][0], "Cancel", 0, 100, parent)
        self.dialog.setObjectName("demo_progress_dialog")
        self.dialog.setWindowTitle(TITLE)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(460)
        # the bar is set directly: a modal QProgressDialog's setValue runs processEvents
        self._bar = QProgressBar(self.dialog)
        self._bar.setRange(0, 100)
        self._bar.setValue(0)
        self.dialog.setBar(self._bar)
        self.dialog.show()  # ~9 s on a slow computer: shown at once

    def report(self, done: int, total: int) -> bool:
        """``done`` percent of the whole seed; False once cancelled."""
        self._bar.setValue(min(done, 99))
        return not self.dialog.wasCanceled()

    def set_label(self, label: str) -> None:
        """Say which stage the seed is in."""
        self.dialog.setLabelText(label)

    def on_cancel(self, cancel: Callable[[], None]) -> None:
        """Call ``cancel`` when Cancel is pressed."""
        self.dialog.canceled.connect(cancel)

    def forbid_cancel(self) -> None:
        """Not used: the seed is one transaction, undone on Cancel."""

    def close(self) -> None:
        """Hide the dialog and let Qt delete it."""
        self.dialog.close()
        self.dialog.deleteLater()


class _JobStages:
    """The loader's :class:`DemoProgress` on the job's thread: stages to the dialog, Cancel back."""

    def __init__(self, control: JobControl) -> None:
        self._control = control
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Report ``done`` of ``total`` in ``stage``; raises :class:`DemoCancelledError`."""
        if self._control.cancelled:
            raise DemoCancelledError
        percent = _percent(stage, done, total)
        if stage != self._stage:
            self._stage = stage
            self._control.stage(STAGES.get(stage, (f"{stage.capitalize()}…", 0))[0], percent, 100)
        else:
            self._control.report(percent, 100)

    def apart(self, work: Callable[[StageReport], _T]) -> _T:
        """Run ``work`` here: this already is a thread apart from the window's."""
        return work(self)


def _percent(stage: str, done: int, total: int) -> int:
    before = 0
    for name, (_label, share) in STAGES.items():
        if name == stage:
            part = share * done // total if total > 0 else 0
            return min(99, before + part)
        before += share
    return 99


def outcome_of(loaded: DemoLoaded | None) -> DemoOutcome:
    """What the status bar says after the demo data arrived."""
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
) -> BackgroundJob[DemoLoaded | None]:
    """The Directory's Load Demo Data: ``button`` waits, every view reads again after.

    ``load`` runs on a thread of its own (it opens its own connection to the workspace); this
    returns at once. The status bar and a message say what arrived and whom the workspace
    acts as now; refused or cancelled, nothing is written.
    """
    if button is not None:
        button.setEnabled(False)

    outcome: list[DemoOutcome] = []

    def say() -> None:
        for told in outcome:  # whom the workspace acts as now, in both places
            shell.show_status(told.message, MESSAGE_MS)
            if told.loaded:
                shell.prompts.show_result(TITLE, told.message)

    def refused(error: DomainError) -> None:
        shell.show_error(error)

    def ended() -> None:
        if button is not None:
            button.setEnabled(True)
        shell.refresh()

    job: BackgroundJob[DemoLoaded | None] = BackgroundJob(
        parent,
        "Loading demo data",
        DemoProgressDialog(parent),
        lambda control: load(_JobStages(control)),
        done=lambda loaded: outcome.append(outcome_of(loaded)),
        cancelled=lambda: outcome.append(DemoOutcome(False, CANCELLED_TEXT)),
        failed=refused,
        ended=ended,
        cancelled_by=(DemoCancelledError,),
    )
    job.over.connect(say)
    return job.start()
