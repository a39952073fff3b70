"""Write an import's results back into its file, as connect-cli does: ID, External UID, ``-``."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.file_ops import discard
from desktop_app.interop.cells import csv_out
from desktop_app.interop.importer import RowResult
from desktop_app.interop.layout import ACTION_SKIP, COLUMN_COUNT, CUSTOMERS_SHEET
from desktop_app.open_files import open_workspace_refusal

_ID, _EXTERNAL_UID, _ACTION = 0, 2, 3


class ResultsTarget(StrEnum):
    """Where an import's results (new IDs and external UIDs) are written."""

    COPY = "copy"
    """A copy beside the file, ``NAME-imported.xlsx``; the file itself stays as it was."""
    FILE = "file"
    """The imported file itself, as connect-cli does."""
    NONE = "none"
    """Nowhere."""

    def path_for(self, source: Path) -> Path | None:
        """The file the results go to for ``source``; None for :attr:`NONE`."""
        if self is ResultsTarget.FILE:
            return source
        if self is ResultsTarget.COPY:
            return results_copy_path(source)
        return None


def results_copy_path(source: Path) -> Path:
    """Where results go when the original stays as it is: ``NAME-imported.xlsx`` beside it."""
    return source.with_name(f"{source.stem}-imported{source.suffix}")


def write_results(source: Path, target: Path, results: Sequence[RowResult]) -> Path:
    """Copy ``source`` to ``target`` (they may be the same file) with each result's row updated.

    The new file replaces ``target`` only once it is complete.
    """
    source, target = Path(source), Path(target)
    refusal = open_workspace_refusal(target, "for the import's results")
    if refusal is not None:
        raise ExchangeFileError(f"{refusal} The accounts are saved in the workspace.")
    updates = {r.row: r for r in results}
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        if source.suffix.lower() == ".csv":
            _write_csv(source, temp, updates)
        else:
            _write_workbook(source, temp, updates)
        os.replace(temp, target)
    except OSError as exc:
        raise ExchangeFileError(
            f"The results could not be written to {target}: {exc.strerror or exc}. "
            "The accounts are saved in the workspace."
        ) from exc
    finally:
        discard(temp)
    return target


def _write_csv(source: Path, target: Path, updates: dict[int, RowResult]) -> None:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for number, result in updates.items():
        row = rows[number - 1]
        row += [""] * (COLUMN_COUNT - len(row))
        row[_ID] = result.account_id
        row[_EXTERNAL_UID] = csv_out(result.external_uid)
        row[_ACTION] = ACTION_SKIP
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _write_workbook(source: Path, target: Path, updates: dict[int, RowResult]) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    try:
        sheet = workbook[CUSTOMERS_SHEET]
        for number, result in updates.items():
            for column, value in (
                (_ID, result.account_id),
                (_EXTERNAL_UID, result.external_uid),
                (_ACTION, ACTION_SKIP),
            ):
                cell = sheet.cell(number, column + 1)
                cell.value = value
                cell.data_type = "s"
        workbook.save(target)
    finally:
        workbook.close()
