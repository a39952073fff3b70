"""An import takes at most 250,000 rows; a small file that unpacks to a million is refused fast."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.interop import reading, row_cap
from desktop_app.interop.importer import ImportMode, import_file
from desktop_app.interop.workbook_columns import HEADERS
from tests.interop.sheets import csv_file, row, workbook


def _with_sheet_rows(path: Path, rows: int, prefix: str = "") -> Path:
    """``path`` (a workbook from openpyxl) with its Customers sheet replaced by ``rows`` rows."""
    p = f"{prefix}:" if prefix else ""
    xmlns = (
        f"xmlns{':' + prefix if prefix else ''}="
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    )
    header = "".join(
        f'<{p}c r="{chr(65 + i) if i < 26 else "A"}1" t="inlineStr"><{p}is><{p}t>{h}</{p}t>'
        f"</{p}is></{p}c>"
        for i, h in enumerate(HEADERS)
    )
    body = "".join(
        f'<{p}row r="{n}"><{p}c r="D{n}" t="inlineStr"><{p}is><{p}t>-</{p}t></{p}is></{p}c>'
        f"</{p}row>"
        for n in range(2, rows + 2)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}><{p}sheetData>'
        f'<{p}row r="1">{header}</{p}row>{body}</{p}sheetData></{p}worksheet>'
    )
    bomb = path.with_name(f"bomb-{rows}{prefix}.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode()
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return bomb


@pytest.mark.parametrize("prefix", ["", "x"])
def test_a_workbook_over_the_cap_is_refused_before_any_reader_loads_it(world, tmp_path, prefix):
    base = workbook(tmp_path / "base.xlsx", [row()])
    bomb = _with_sheet_rows(base, row_cap.MAX_IMPORT_ROWS + 1, prefix)
    assert bomb.stat().st_size < 5_000_000
    with pytest.raises(ExchangeFileError, match="more than 250,000 rows"):
        import_file(world.services, bomb, ImportMode.PREVIEW)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM (Linux)")
def test_the_refusal_keeps_memory_flat(tmp_path):
    base = workbook(tmp_path / "base.xlsx", [row()])
    bomb = _with_sheet_rows(base, 1_100_000)
    script = (  # VmHWM: ru_maxrss would keep the test process's peak across exec
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop_app.interop.reading import open_source\n"
        "from desktop_app.domain.errors import ExchangeFileError\n"
        "try:\n"
        "    open_source(Path(sys.argv[1]))\n"
        "except ExchangeFileError as exc:\n"
        "    print(exc.message)\n"
        "status = Path('/proc/self/status').read_text().splitlines()\n"
        "print(next(line.split()[1] for line in status if line.startswith('VmHWM')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, check=True
    )
    message, peak_kib = done.stdout.strip().splitlines()
    assert "more than 250,000 rows" in message
    assert int(peak_kib) < 150_000  # KiB: the sheet (hundreds of MB unpacked) is never held


def test_rows_past_the_cap_are_refused_in_csv_and_workbooks(world, tmp_path, monkeypatch):
    monkeypatch.setattr(row_cap, "MAX_IMPORT_ROWS", 40)
    monkeypatch.setattr(reading, "MAX_IMPORT_ROWS", 40)
    rows = [row(External_ID=f"E{n}", Company_Name=f"Firma {n}") for n in range(41)]
    for source in (csv_file(tmp_path / "many.csv", rows), workbook(tmp_path / "many.xlsx", rows)):
        with pytest.raises(ExchangeFileError, match="more than 40 rows"):
            import_file(world.services, source, ImportMode.PREVIEW)
    exactly = csv_file(tmp_path / "forty.csv", rows[:40])
    report = import_file(world.services, exactly, ImportMode.PREVIEW)
    assert report.rows == 40 and not report.issues


@pytest.mark.parametrize("prefix", ["", "x"])
def test_rows_are_counted_exactly_when_their_bound_passes_the_cap(tmp_path, monkeypatch, prefix):
    monkeypatch.setattr(row_cap, "MAX_IMPORT_ROWS", 40)
    sheet = "xl/worksheets/sheet1.xml"
    base = workbook(tmp_path / "base.xlsx", [row()])
    within = _with_sheet_rows(base, 30, prefix)  # with a prefix, closing tags count as well
    with zipfile.ZipFile(within) as archive:
        assert row_cap.row_tags_at_most(archive, sheet) == (62 if prefix else 31)
        row_cap.refuse_too_many_rows(archive, sheet, within.name)  # 31 rows: taken
    over = _with_sheet_rows(base, 41, prefix)
    with zipfile.ZipFile(over) as archive, pytest.raises(ExchangeFileError, match="40 rows"):
        row_cap.refuse_too_many_rows(archive, sheet, over.name)
