"""File → Export… and File → Import… in the main window, with progress, preview and cancel."""

from typing import ClassVar

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop_app.app import create_main_window
from desktop_app.interop.importer import ImportMode, RowOutcome
from desktop_app.interop.writeback import ResultsTarget
from desktop_app.persistence.store import SqliteStore
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.exchange.exchange_flow import RESULT_BOX_NAME
from desktop_app.ui.exchange.import_preview_dialog import ImportChoice, ImportPreviewDialog
from desktop_app.ui.exchange.job_progress import JobProgress
from tests.interop.sheets import row, workbook
from tests.support.jobs import Lockstep
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import window_over
from tests.support.world import dump, open_world


def trigger(window, name, qtbot=None):
    """Trigger the action; with ``qtbot``, wait until its jobs ended (they run on threads)."""
    if qtbot is None:
        window.findChild(QAction, name).trigger()
        return None
    with qtbot.waitSignal(window.exchange.finished, timeout=30_000) as blocker:
        window.findChild(QAction, name).trigger()
    return blocker.args[0]


class CancellingProgress(JobProgress):
    """A real progress dialog whose Cancel is pressed once ``after`` rows are reported."""

    after = 0

    def report(self, done, total):
        if done >= self.after:
            self.dialog.cancel()
        return super().report(done, total)


def test_export_writes_what_the_directory_shows(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller", "Alpine Trade"])
    window.directory_view.set_search_text("alp")
    qtbot.waitUntil(lambda: window.directory_view.model.rowCount() == 2)
    target = tmp_path / "out.xlsx"
    window.prompts = ScriptedPrompts(window, path=target)
    trigger(window, "action_export", qtbot)
    sheet = openpyxl.load_workbook(target)["Customers"]
    names = sorted(sheet.cell(r, 10).value for r in range(2, sheet.max_row + 1))
    assert names == ["Alpha Reseller", "Alpine Trade"]
    assert "Exported 2 accounts" in window.statusBar().currentMessage()


def test_cancelled_export_writes_no_file(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.interop.export.STEP", 1)
    Lockstep(monkeypatch)
    window = window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller"])
    target = tmp_path / "out.csv"
    prompts = window.prompts = ScriptedPrompts(window, path=target)
    prompts.progress_with = CancellingProgress
    trigger(window, "action_export", qtbot)
    assert not target.exists()
    assert "cancelled" in window.statusBar().currentMessage()


def test_import_previews_then_writes_and_refreshes(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = workbook(
        tmp_path / "in.xlsx",
        [
            row(External_ID="NEW", Company_Name="Imported Reseller"),
            row(
                Type="customer",
                Company_Name="Imported Customer",
                Parent_Search_Criteria="external_id",
                Parent_Search_Value="NEW",
            ),
        ],
    )
    prompts = window.prompts = ScriptedPrompts(window, path=source)
    seen = []

    def review(report):
        seen.append(report)
        return ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.COPY)

    prompts.review = review
    trigger(window, "action_import", qtbot)
    assert seen[0].count(RowOutcome.CREATED) == 2 and not seen[0].committed
    qtbot.waitUntil(lambda: window.directory_view.model.rowCount() == 3)
    box = window.findChild(QMessageBox, RESULT_BOX_NAME)
    assert box is not None and "2 created" in box.text()
    assert "in-imported.xlsx" in box.text()
    copy = openpyxl.load_workbook(tmp_path / "in-imported.xlsx")["Customers"]
    assert copy.cell(2, 1).value.startswith("TA-") and copy.cell(2, 4).value == "-"


def test_cancelling_the_preview_or_the_import_writes_nothing(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.interop.importer.STEP", 1)
    Lockstep(monkeypatch)
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = workbook(tmp_path / "in.xlsx", [row(External_ID=f"N{i}") for i in range(4)])
    prompts = window.prompts = ScriptedPrompts(window, path=source)
    store = SqliteStore.open(tmp_path / "workspace.sqlite")
    before = dump(store)
    prompts.review = lambda report: None
    trigger(window, "action_import", qtbot)
    assert dump(store) == before
    prompts.review = lambda report: ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.FILE)
    CancellingProgress.after = 2
    prompts.progress_with = CancellingProgress
    trigger(window, "action_import", qtbot)
    assert dump(store) == before
    assert "cancelled" in window.statusBar().currentMessage()
    store.close()


def test_a_file_that_cannot_be_imported_is_explained(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = tmp_path / "in.xlsx"
    source.write_text("not a workbook")
    prompts = window.prompts = ScriptedPrompts(window, path=source)
    prompts.review = lambda report: (_ for _ in ()).throw(AssertionError("no preview"))
    trigger(window, "action_import", qtbot)
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "in.xlsx" in box.text()


def test_preview_dialog_lists_every_error_and_offers_the_valid_rows(qtbot, tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    from desktop_app.interop.importer import import_file

    source = workbook(
        tmp_path / "in.xlsx",
        [row(), row(City="", Country="XX"), row(Action="delete"), row(External_ID="B")],
    )
    report = import_file(world.services, source, ImportMode.PREVIEW)
    dialog = ImportPreviewDialog(None, report)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.issue_model.rowCount() == len(report.issues) == 3
    cells = [[dialog.issue_model.index(r, c).data() for c in range(3)] for r in range(3)]
    assert [c[:2] for c in cells] == [["3", "City"], ["3", "Country"], ["4", "Action"]]
    assert not dialog.import_button.isVisible()
    assert dialog.valid_button.isVisible() and dialog.valid_button.text() == "Import 2 &Valid Rows"
    assert dialog.count_labels["Rows with errors"].text() == "2"
    assert dialog.count_labels["To create"].text() == "2"
    dialog.file_radio.setChecked(True)
    qtbot.mouseClick(dialog.valid_button, Qt.MouseButton.LeftButton)
    assert dialog.choice() == ImportChoice(ImportMode.VALID_ROWS, ResultsTarget.FILE)
    world.store.close()


def test_preview_of_a_clean_file_offers_import(qtbot, tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    from desktop_app.interop.importer import import_file

    report = import_file(
        world.services, workbook(tmp_path / "in.xlsx", [row()]), ImportMode.PREVIEW
    )
    dialog = ImportPreviewDialog(None, report)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.import_button.isVisible() and dialog.import_button.isEnabled()
    assert not dialog.issue_table.isVisible()
    dialog.findChild(QPushButton, "import_button").click()
    assert dialog.choice() == ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.COPY)
    world.store.close()


def test_read_only_workspace_cannot_import(qtbot, tmp_path):
    world = open_world(tmp_path / "workspace.sqlite")
    world.store.close()
    window = create_main_window(world.path, settings_path=tmp_path / "s.ini", read_only=True)
    qtbot.addWidget(window)
    assert not window.findChild(QAction, "action_import").isEnabled()
    assert window.findChild(QAction, "action_export").isEnabled()


def test_results_that_cannot_be_written_are_explained_and_the_import_stays(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Kept Anyway")])
    (tmp_path / "in-imported.xlsx").mkdir()  # the copy's place is taken by a folder
    prompts = window.prompts = ScriptedPrompts(window, path=source)
    prompts.review = lambda report: ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.COPY)
    trigger(window, "action_import", qtbot)
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "accounts are saved" in box.text()
    qtbot.waitUntil(lambda: window.directory_view.model.rowCount() == 2)
    result = window.findChild(QMessageBox, RESULT_BOX_NAME)
    assert result is not None and "1 created" in result.text()


class RecordingProgress(JobProgress):
    """A real progress dialog that notes its labels and whether Cancel was taken away."""

    made: ClassVar[list["RecordingProgress"]] = []

    def __init__(self, parent, title, label):
        super().__init__(parent, title, label)
        self.labels = [label]
        self.cancel_taken = False
        RecordingProgress.made.append(self)

    def set_label(self, label):
        self.labels.append(label)
        super().set_label(label)

    def forbid_cancel(self):
        self.cancel_taken = True
        super().forbid_cancel()


def test_once_the_import_commits_cancel_is_gone_and_the_dialog_says_so(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    prompts = window.prompts = ScriptedPrompts(window, path=source)
    prompts.review = lambda report: ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.COPY)
    RecordingProgress.made = []
    prompts.progress_with = RecordingProgress
    trigger(window, "action_import", qtbot)
    check, commit = RecordingProgress.made
    assert not check.cancel_taken, "the check pass writes nothing: Cancel stays offered"
    assert commit.cancel_taken
    assert commit.labels[-1] == "Saving, and writing the new IDs to in-imported.xlsx…"
    assert (tmp_path / "in-imported.xlsx").exists()
    box = window.findChild(QMessageBox, RESULT_BOX_NAME)
    assert box is not None and "in-imported.xlsx" in box.text()
