"""Write an import's results back into its file, as connect-cli does: ID, External UID, ``-``.

Both kinds of file are streamed, so memory stays flat however many rows there are: a CSV file
row by row, a workbook member by member with its Customers sheet passed through a parser
(:mod:`desktop_app.interop.workbook_results`, :mod:`~desktop_app.interop.sheet_writer`).
"""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.file_ops import discard
from desktop_app.interop.cells import csv_out
from desktop_app.interop.importer import ImportMode, ImportReport, RowResult, import_file
from desktop_app.interop.layout import ACTION_SKIP
from desktop_app.interop.progress import ProgressCallback
from desktop_app.interop.workbook_columns import COLUMN_COUNT, index_of
from desktop_app.interop.workbook_reading import UnreadableWorkbookError
from desktop_app.interop.workbook_results import write_workbook
from desktop_app.open_files import open_workspace_refusal
from desktop_app.services.container import Services

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


def import_writing_results(
    services: Services,
    source: Path,
    mode: ImportMode,
    progress: ProgressCallback | None,
    target: Path | None,
    committing: Callable[[ImportReport], None] | None = None,
) -> tuple[ImportReport, Path | ExchangeFileError | None]:
    """:func:`~desktop_app.interop.importer.import_file`, its results written into ``target``.

    They are written while the import commits, and put in place once it has; what became of
    them comes with the report: the file written, why it could not be (the accounts stay
    imported), or None (nothing to write). ``committing`` gets the report when the import
    starts committing (from there on it cannot be cancelled).
    """
    writer = ResultsWriter(source, target) if target is not None else None

    def rows_done(report: ImportReport) -> None:
        if committing is not None:
            committing(report)
        if writer is not None and report.results:
            writer.start(report.results)

    try:
        report = import_file(services, source, mode, progress, rows_done)
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    if writer is None:
        return report, None
    if not (report.committed and report.results):  # nothing was started, or nothing kept
        writer.abandon()
        return report, None
    try:
        return report, writer.finish()
    except ExchangeFileError as error:
        return report, error


def write_results(source: Path, target: Path, results: Sequence[RowResult]) -> Path:
    """Copy ``source`` to ``target`` (they may be the same file) with each result's row updated.

    The new file replaces ``target`` only once it is complete.
    """
    writer = ResultsWriter(source, target)
    writer.write(results)
    return writer.finish()


class ResultsWriter:
    """An import's results, written while it commits and put in place once it has.

    :meth:`finish` puts the new file in the target's place, :meth:`abandon` throws it away.
    On a file the import's last seconds are the workspace's own (its indexes built, the
    commit): the results are written meanwhile on a thread of their own.
    """

    def __init__(self, source: Path, target: Path) -> None:
        self.source, self.target = Path(source), Path(target)
        self._temp = self.target.with_name(f".{self.target.name}.{os.getpid()}.part")
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, results: Sequence[RowResult]) -> None:
        """:meth:`write` on a thread of its own."""
        self._thread = threading.Thread(
            target=self.write, args=(results,), name="import-results", daemon=True
        )
        self._thread.start()

    def write(self, results: Sequence[RowResult]) -> None:
        """Write the new file beside the target; a failure is raised by :meth:`finish`."""
        try:
            refusal = open_workspace_refusal(self.target, "for the import's results")
            if refusal is not None:
                raise ExchangeFileError(f"{refusal} The accounts are saved in the workspace.")
            updates = {r.row: r for r in results}
            if _is_workbook(self.source):
                write_workbook(self.source, self._temp, _ResultCells(updates), _COLUMNS)
            else:
                _write_csv(self.source, self._temp, updates)
        except (UnreadableWorkbookError, _UnreadableCsvError) as exc:
            self._error = ExchangeFileError(
                f"The results could not be written to {self.target}: {self.source.name} {exc}. "
                "The accounts are saved in the workspace."
            )
            self._error.__cause__ = exc
        except OSError as exc:
            self._error = self._not_written(exc)
            self._error.__cause__ = exc
        except BaseException as exc:  # raised again by finish(), on the caller's thread
            self._error = exc

    def finish(self) -> Path:
        """Once the import has committed: the new file in the target's place."""
        self._wait()
        try:
            if self._error is not None:
                raise self._error
            try:
                os.replace(self._temp, self.target)
            except OSError as exc:
                raise self._not_written(exc) from exc
        finally:
            discard(self._temp)
        return self.target

    def abandon(self) -> None:
        """The import wrote nothing: neither does this."""
        self._wait()
        discard(self._temp)

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _not_written(self, exc: OSError) -> ExchangeFileError:
        return ExchangeFileError(
            f"The results could not be written to {self.target}: {exc.strerror or exc}. "
            "The accounts are saved in the workspace."
        )


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
