"""The exchange controller over a real workspace, a fake window, fake Prompts; jobs on threads."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.errors import StorageError
from desktop_app.interop.importer import ImportMode, ImportReport
from desktop_app.interop.writeback import ResultsTarget
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery, SortSpec
from desktop_app.ui.exchange.import_preview_dialog import ImportChoice
from desktop_app.ui.exchange_controller import CANCELLED, ExchangeController
from desktop_app.ui.prompts import PathPurpose
from tests.interop.sheets import row, workbook
from tests.support.jobs import Lockstep
from tests.support.prompts import FakePrompts
from tests.support.world import World, draft, dump, open_world


class FakeShell:
    """A window over ``world`` that notes what it was told."""

    def __init__(self, world: World, read_only_reason: str | None = None) -> None:
        self.services: Services = world.services
        self.workspace_path: Path | None = Path(str(world.path))
        self.read_only_reason = read_only_reason
        self.refreshes = 0
        self.status: list[str] = []

    def export_listing(self) -> tuple[DirectoryQuery, SortSpec]:
        return DirectoryQuery(), SortSpec()

    def refresh(self) -> None:
        self.refreshes += 1

    def show_status(self, message: str, timeout_ms: int) -> None:
        self.status.append(message)


def ended(qtbot, controller: ExchangeController, action):
    """Run ``action`` and wait for the controller to say how it ended; what it said."""
    with qtbot.waitSignal(controller.finished, timeout=30_000) as blocker:
        action()
    assert not controller.busy
    return blocker.args[0]


@pytest.fixture
def world(tmp_path):
    opened = open_world(tmp_path / "workspace.sqlite")
    opened.services.accounts.create(draft(name="Alpha Reseller", external_id="Alpha"))
    yield opened
    opened.store.close()


def test_export_asks_for_a_new_file_beside_the_workspace(qtbot, world, tmp_path):
    target = tmp_path / "out.csv"
    prompts = FakePrompts(paths=[target])
    shell = FakeShell(world)
    controller = ExchangeController(shell, prompts)
    report = ended(qtbot, controller, controller.export_accounts)
    assert report is not None and report.accounts == 1 and target.exists()
    (asked,) = prompts.asked
    assert (asked.purpose, asked.create, asked.start) == (PathPurpose.EXCHANGE, True, tmp_path)
    assert prompts.progresses[0].closed
    assert shell.status == [f"Exported 1 account to {target}"]


def test_an_import_cancelled_at_the_preview_writes_nothing(qtbot, world, tmp_path):
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    prompts = FakePrompts(paths=[source], choice=None)
    shell = FakeShell(world)
    before = dump(world.store)
    controller = ExchangeController(shell, prompts)
    assert ended(qtbot, controller, controller.import_accounts) is None
    assert len(prompts.reviewed) == 1 and not prompts.reviewed[0].committed
    assert dump(world.store) == before
    assert shell.status == [CANCELLED] and shell.refreshes == 0
    assert prompts.results == [] and prompts.errors == []


class CancelledAfterThePreview(FakePrompts):
    """The user chooses to import, then presses Cancel in the import's progress."""

    def review_import(self, report: ImportReport) -> ImportChoice | None:
        self.cancel_after = 2
        return super().review_import(report)


def test_an_import_cancelled_under_way_writes_nothing(qtbot, world, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.interop.importer.STEP", 1)
    Lockstep(monkeypatch)
    rows = [row(External_ID=f"N{i}", Company_Name=f"Imported {i}") for i in range(4)]
    source = workbook(tmp_path / "in.xlsx", rows)
    choice = ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.FILE)
    prompts = CancelledAfterThePreview(paths=[source], choice=choice)
    shell = FakeShell(world)
    before = dump(world.store)
    controller = ExchangeController(shell, prompts)
    assert ended(qtbot, controller, controller.import_accounts) is None
    assert len(prompts.reviewed) == 1 and len(prompts.progresses) == 2
    assert dump(world.store) == before
    assert shell.status == [CANCELLED] and shell.refreshes == 0


def test_an_import_writes_the_rows_and_tells_how_it_went(qtbot, world, tmp_path):
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    choice = ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.COPY)
    prompts = FakePrompts(paths=[source], choice=choice)
    shell = FakeShell(world)
    controller = ExchangeController(shell, prompts)
    report = ended(qtbot, controller, controller.import_accounts)
    assert report is not None and report.committed
    assert shell.refreshes == 1
    ((title, text),) = prompts.results
    assert title == "Import finished" and "1 created" in text and "in-imported.xlsx" in text
    assert not prompts.progresses[-1].cancellable, "the results file is written whole"


def test_a_read_only_workspace_refuses_an_import_before_reading_the_file(qtbot, world, tmp_path):
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    prompts = FakePrompts(paths=[source], choice=None)
    shell = FakeShell(world, "damaged")  # held: the controller holds its window weakly
    controller = ExchangeController(shell, prompts)
    assert ended(qtbot, controller, controller.import_accounts) is None
    assert prompts.reviewed == [] and prompts.progresses == []
    assert isinstance(prompts.errors[0], StorageError)
