"""Files that cannot be read part-way are refused with a message naming them, never raised."""

import csv
import os
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.interop.importer import ImportMode, import_file
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from tests.interop.sheets import csv_file, row, workbook
from tests.interop.test_exchange_commands import run
from tests.interop.test_formula_detection import SHEET, rewrite
from tests.support import damage
from tests.support.processes import run_desktop_app
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import exchanged, window_over
from tests.support.world import dump


def huge_cell_csv(folder: Path) -> Path:
    path = csv_file(folder / "huge.csv", [row(External_ID="A"), row(External_ID="B")])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("Neue Handels GmbH", "x" * (csv.field_size_limit() + 10))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def malformed_xml(folder: Path) -> Path:
    path = workbook(folder / "malformed.xlsx", [row(External_ID="A")])
    return rewrite(path, lambda data: data.replace(b"<row", b"<row <<", 1))


def malformed_formula_sheet(folder: Path) -> Path:
    """Damaged XML after a formula: the parse stops at the formula, openpyxl meets the damage."""
    path = workbook(folder / "late.xlsx", [row(External_ID="A", City="=1+1"), row()])
    return rewrite(path, lambda data: data.replace(b'<row r="3"', b'<row r="3" <<', 1))


def wrong_crc(folder: Path) -> Path:
    """A workbook whose sheet's stored CRC-32 does not match its bytes (both headers agree)."""
    path = workbook(folder / "crc.xlsx", [row(External_ID="A")])
    damage.wrong_crc(path, SHEET)
    with zipfile.ZipFile(path) as archive, pytest.raises(zipfile.BadZipFile, match="CRC"):
        archive.read(SHEET)
    return path


CASES = {
    "huge.csv": (huge_cell_csv, "a cell on line 3 is longer than 131,072 characters"),
    "malformed.xlsx": (malformed_xml, "is damaged or not an Excel workbook"),
    "late.xlsx": (malformed_formula_sheet, "is damaged or not an Excel workbook"),
    "crc.xlsx": (wrong_crc, "Bad CRC-32"),
}


@pytest.mark.parametrize(("make", "said"), list(CASES.values()), ids=list(CASES))
@pytest.mark.parametrize("mode", [ImportMode.PREVIEW, ImportMode.VALID_ROWS])
def test_an_unreadable_file_is_refused_naming_it(world, tmp_path, make, said, mode):
    path = make(tmp_path)
    before = dump(world.store)
    with pytest.raises(ExchangeFileError) as refused:
        import_file(world.services, path, mode)
    assert refused.value.message.startswith(path.name) and said in refused.value.message
    assert len(refused.value.message) < 400
    assert dump(world.store) == before


@pytest.mark.parametrize(("make", "said"), list(CASES.values()), ids=list(CASES))
def test_the_command_exits_2_with_one_line(world, tmp_path, make, said):
    path = make(tmp_path)
    code, out, err = run("import", "--db", str(world.path), str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"desktop-app: {path.name}") and said in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("make", [huge_cell_csv, malformed_xml, wrong_crc])
def test_the_window_shows_the_refusal_not_the_error_report(qtbot, tmp_path, make):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    source = make(tmp_path)
    prompts = window.prompts = ScriptedPrompts(window, path=source)
    prompts.review = lambda report: (_ for _ in ()).throw(AssertionError("no preview"))
    exchanged(qtbot, window, "action_import")
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and source.name in box.text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_to_import_is_refused_without_waiting(world, tmp_path):
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    # opening the pipe would wait for a writer forever: the timeout ends such a run
    done = run_desktop_app("import", "--db", str(world.path), str(fifo), cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "is not a regular file" in done.stderr and str(fifo) in done.stderr
    assert "Traceback" not in done.stderr
