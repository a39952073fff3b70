"""The window over a file while an import runs on its own thread: closing it cancels cleanly."""

from PySide6.QtWidgets import QProgressDialog

from desktop_app.interop.importer import ImportMode
from desktop_app.interop.writeback import ResultsTarget
from desktop_app.ui.exchange.import_preview_dialog import ImportChoice
from tests.interop.sheets import row, workbook
from tests.support.jobs import Lockstep
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import action, names_in, window_over


def test_closing_the_window_during_an_import_cancels_it_and_writes_nothing(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr("desktop_app.interop.importer.STEP", 1)
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = workbook(tmp_path / "in.xlsx", [row(External_ID=f"N{i}") for i in range(4)])
    book = source.read_bytes()
    questions: list[str] = []
    window.prompts = ScriptedPrompts(
        window,
        path=source,
        confirm=lambda question: questions.append(question) or True,
        review=lambda report: ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.FILE),
    )

    def close_while_importing() -> None:  # on the window's thread, after a report was shown
        importing = [
            dialog
            for dialog in window.findChildren(QProgressDialog, "job_progress_dialog")
            if dialog.labelText().startswith("Importing")
        ]
        if importing and not questions:
            window.close()

    Lockstep(monkeypatch, shown=close_while_importing)
    action(window, "action_import").trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)

    assert len(questions) == 1 and "is still running" in questions[0]
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller"]
    assert source.read_bytes() == book  # no results written into it
