"""Write an import's results back into its file, as connect-cli does: ID, External UID, ``-``.

Both kinds of file are streamed, so memory stays flat however many rows there are: a CSV file
row by row, a workbook member by member with its Customers sheet passed through a parser
(:mod:`desktop_app.interop.workbook_results`, :mod:`~desktop_app.interop.sheet_writer`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.file_ops import discard
from desktop_app.interop.cells import csv_out
from desktop_app.interop.importer import RowResult
from desktop_app.interop.layout import ACTION_SKIP
from desktop_app.interop.workbook_columns import COLUMN_COUNT, index_of
from desktop_app.interop.workbook_reading import UnreadableWorkbookError
from desktop_app.interop.workbook_results import write_workbook
from desktop_app.open_files import open_workspace_refusal

_ID, _EXTERNAL_UID, _ACTION = index_of("id"), index_of("external_uid"), index_of("action")
_COLUMNS = (_ID, _EXTERNAL_UID, _ACTION)
_ZIP_MAGIC = b"PK\x03\x04"
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})


class _UnreadableCsvError(Exception):
    """The CSV source cannot be read: the message says why, to follow the file's name."""


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
        if _is_workbook(source):
            write_workbook(source, temp, _ResultCells(updates), _COLUMNS)
        else:
            _write_csv(source, temp, updates)
        os.replace(temp, target)
    except (UnreadableWorkbookError, _UnreadableCsvError) as exc:
        raise ExchangeFileError(
            f"The results could not be written to {target}: {source.name} {exc}. "
            "The accounts are saved in the workspace."
        ) from exc
    except OSError as exc:
        raise ExchangeFileError(
            f"The results could not be written to {target}: {exc.strerror or exc}. "
            "The accounts are saved in the workspace."
        ) from exc
    finally:
        discard(temp)
    return target


def _is_workbook(source: Path) -> bool:
    """Told apart as the import does: a zip is a workbook, and so is what is named one."""
    with source.open("rb") as handle:
        if handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC:
            return True
    return source.suffix.lower() in _WORKBOOK_SUFFIXES


class _ResultCells(Mapping[int, Sequence[str]]):
    """Each result's row → its ID, External UID and Action, made when asked for (no copies)."""

    def __init__(self, updates: dict[int, RowResult]) -> None:
        self._updates = updates

    def __getitem__(self, row: int) -> Sequence[str]:
        result = self._updates[row]
        return (result.account_id, result.external_uid, ACTION_SKIP)

    def __iter__(self) -> Iterator[int]:
        return iter(self._updates)

    def __len__(self) -> int:
        return len(self._updates)


def _updated(row: list[str], result: RowResult) -> list[str]:
    row += [""] * (COLUMN_COUNT - len(row))
    row[_ID] = result.account_id
    row[_EXTERNAL_UID] = csv_out(result.external_uid)
    row[_ACTION] = ACTION_SKIP
    return row


def _write_csv(source: Path, target: Path, updates: dict[int, RowResult]) -> None:
    """Copy the CSV ``source`` record by record; a result past its end gets rows of its own."""
    with (
        source.open(encoding="utf-8-sig", newline="") as handle,
        target.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        reader = csv.reader(handle)
        writer = csv.writer(out)
        number = 0
        try:
            for number, row in enumerate(reader, start=1):
                result = updates.get(number)
                writer.writerow(row if result is None else _updated(row, result))
        except UnicodeDecodeError as exc:
            raise _UnreadableCsvError("is not UTF-8 text") from exc
        except csv.Error as exc:
            raise _UnreadableCsvError(
                f"is not a readable CSV file (line {reader.line_num:,}: {exc})"
            ) from exc
        for missing in sorted(n for n in updates if n > number):
            writer.writerows([] for _ in range(missing - number - 1))
            writer.writerow(_updated([], updates[missing]))
            number = missing
