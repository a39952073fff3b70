"""Large imports: a second process reads the file and checks the create rows; this one writes."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections.abc import Generator, Iterator
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any, Final, NamedTuple

from desktop_app.domain.accounts import AccountData
from desktop_app.domain.errors import ExchangeFileError, FieldIssue, ValidationError
from desktop_app.domain.ids import is_tier_account_id
from desktop_app.domain.validation import validate_draft
from desktop_app.interop.layout import ACTION_CREATE, CRITERIA_ID
from desktop_app.interop.reading import ImportSource, SheetRow
from desktop_app.interop.row_uids import row_external_uid
from desktop_app.interop.rows import (
    draft_from_cells,
    names_a_parent,
    read_action,
    read_criteria,
    row_type,
)
from desktop_app.interop.sheet_rows import plain_sheet
from desktop_app.interop.workbook_columns import cell_value, row_fields

PARALLEL_MIN_ROWS: Final = 20_000
"""Below this a second process costs more to start (~1 s) than it saves."""
CHUNK: Final = 1_000
IN_FLIGHT: Final = 10
"""Chunks the reading process may be ahead: two of the writer's look-ahead chunks (5,000 rows,
``row_uids.LOOK_AHEAD``), which it takes at once (with 3 it waited ~30 ms a chunk for them)."""
PR_SET_PDEATHSIG: Final = 1
"""prctl(2): the signal a process gets when its parent ends (Linux)."""
PARENT_POLL_S: Final = 1.0
WORKER_JOIN_S: Final = 5.0
PARENT_PLACEHOLDER: Final = "TA-0000-0000-0000"
"""Stands for a parent found by an external id or UID while validating; the writer puts the
parent it found instead."""


class Checked(NamedTuple):
    """A create row's draft after :func:`validate_draft`: its data, or its errors.

    The data holds the external UID made for the row (when it gives none) and the parent
    when given by its id, as the writer will: it is saved as it is, with no copy made there.
    A named tuple: the writer unpickles one a row, a frozen dataclass costs ~3 µs more.
    """

    data: AccountData | None
    issues: tuple[FieldIssue, ...]
    """The errors when ``data`` is None, else the warnings."""
    derived_uid: str = ""
    """The external UID made from the row's data when it gives none (:func:`row_external_uid`)."""


def check_rows(rows: list[tuple[str, ...]]) -> list[Checked | None]:
    """Validate the create rows among ``rows`` (None for the others); runs in the worker."""
    out: list[Checked | None] = []
    for values in rows:
        cells = row_fields(values)
        account_type = row_type(cells)
        if read_action(values) != ACTION_CREATE or account_type is None:
            out.append(None)
            continue
        derived = "" if cell_value(cells, "external_uid") else row_external_uid(cells)
        draft = draft_from_cells(cells, account_type, _parent(cells), None)
        try:
            data, warnings = validate_draft(draft)
        except ValidationError as exc:
            out.append(Checked(None, tuple(exc.issues), derived))
            continue
        if derived:  # as the writer's service would take it (a made UID is not validated)
            # made just now and held by no one else: a replace() would cost ~7 µs a row
            vars(data)["external_uid"] = derived
        out.append(Checked(data, tuple(warnings), derived))
    return out


def _parent(cells: dict[str, str]) -> str | None:
    """The parent the row's data is validated with: the one the writer will find, if known.

    A parent given by its id is that id (the writer finds no other: its data then needs no
    copy there); one found by an external id or UID stands as :data:`PARENT_PLACEHOLDER`.
    """
    if not names_a_parent(cells):
        return None
    value = cell_value(cells, "parent_id")
    if read_criteria(cells) == CRITERIA_ID and is_tier_account_id(value):
        return value
    return PARENT_PLACEHOLDER


def die_with_parent(parent_pid: int) -> None:
    """Run in the worker: end it when the process that started it ends, however it ends.

    A killed import would otherwise leave its worker (and multiprocessing's resource
    tracker, which waits for it) running with no parent. Linux ends it at once
    (``PR_SET_PDEATHSIG``); elsewhere a thread notices within a second.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent ended before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def prevalidated(source: ImportSource, parallel: bool) -> Iterator[tuple[SheetRow, Checked | None]]:
    """The rows of ``source``, create rows validated; read in a second process if ``parallel``.

    That process reads the file and validates a few chunks ahead of the caller, which only
    writes. If it cannot start or dies, the caller reads on from the row after the last one
    it was given, and validates those rows itself. What reading the file raises (a damaged
    or too long file) is raised here.
    """
    if not parallel:
        for row in source.rows():
            yield row, None
        return
    context = multiprocessing.get_context("spawn")
    try:
        chunks: Queue[Any] = context.Queue(IN_FLIGHT)
        # a workbook's look for formulas is made here while that process starts, which waits
        verdicts: Queue[bool] | None = (
            context.Queue(1) if source.kind == "xlsx" and source.plain is None else None
        )
        worker = context.Process(
            target=read_and_check,
            args=(
                str(source.path),
                source.kind,
                source.estimated_rows,
                chunks,
                os.getpid(),
                source.plain if verdicts is None else None,
                verdicts,
            ),
            name="import-reader",
            daemon=True,
        )
        worker.start()
    except (OSError, ValueError):
        for row in source.rows():
            yield row, None
        return
    last = 0
    try:
        if verdicts is not None:
            source.plain = plain_sheet(source.path)  # a damaged sheet is refused here
            verdicts.put(source.plain)
        while (item := _next_chunk(chunks, worker)) is not None:
            if isinstance(item, BaseException):
                raise item
            rows, checks = item
            for row, check in zip(rows, checks, strict=True):
                last = row.number
                yield row, check
    except _WorkerGone:  # this process reads on, and validates what it reads
        for row in source.rows():
            if row.number > last:
                yield row, None
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(WORKER_JOIN_S)
        for made in (chunks, verdicts):
            if made is not None:
                made.close()
                made.cancel_join_thread()


class _WorkerGone(Exception):  # noqa: N818 - control flow, never shown
    """The reading process ended without saying it was done."""


def _next_chunk(chunks: Queue[Any], worker: BaseProcess) -> Any:
    """The reading process's next item: (rows, checks), an error, or None at the end."""
    while True:
        try:
            return chunks.get(timeout=PARENT_POLL_S)
        except queue.Empty:
            if not worker.is_alive():
                raise _WorkerGone from None
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            raise _WorkerGone from exc


def read_and_check(
    path: str,
    kind: str,
    estimated: int | None,
    chunks: Queue[Any],
    parent_pid: int,
    plain: bool | None = None,
    verdicts: Queue[bool] | None = None,
) -> None:
    """Run in the reading process: put the file's rows and their checks, a chunk at a time.

    ``plain``: whether the workbook holds no formulas, when known; else the importing
    process sends it on ``verdicts`` (it looks while this process reads ahead), or the
    reading looks first.

    Then None; or the error reading raised, as it was raised (one that cannot be sent goes
    as an :class:`ExchangeFileError` with its text).
    """
    die_with_parent(parent_pid)
    try:
        source = ImportSource(Path(path), kind, estimated, plain)
        made = _checked_chunks(source) if verdicts is None else _checked_ahead(source, verdicts)
        for item in made:
            chunks.put(item)
    except BaseException as exc:  # raised again in the importing process
        try:
            pickle.dumps(exc)
        except Exception:
            exc = ExchangeFileError(f"{Path(path).name} cannot be read: {exc}.")
        chunks.put(exc)
        return
    chunks.put(None)


_Chunk = tuple[list[SheetRow], list[Checked | None]]


def _checked_chunks(source: ImportSource) -> Generator[_Chunk]:
    """``source``'s rows a chunk at a time, each with its rows' checks."""
    rows = source.rows()
    while chunk := _take(rows, CHUNK):
        yield chunk, check_rows([r.cells for r in chunk])


def _checked_ahead(source: ImportSource, verdicts: Queue[bool]) -> Iterator[_Chunk]:
    """The chunks of a workbook the importing process is still looking at for formulas.

    Meanwhile they are read as if it held none (with calamine) and kept, up to
    :data:`IN_FLIGHT` chunks: the look takes ~0.8 s at 100,000 rows, which the first rows
    spent waiting. A plain sheet's chunks then go as they are (and what reading raised is
    raised); one with formulas is read again, with openpyxl.
    """
    guessed = _checked_chunks(ImportSource(source.path, source.kind, source.estimated_rows, True))
    kept: list[_Chunk] = []
    failure: Exception | None = None
    verdict: bool | None = None
    try:
        while verdict is None and len(kept) < IN_FLIGHT:
            item = next(guessed, None)
            if item is None:
                break
            kept.append(item)
            with contextlib.suppress(queue.Empty):
                verdict = verdicts.get_nowait()
    except Exception as exc:  # a sheet calamine cannot read may be one with formulas
        failure = exc
    if verdict is None:
        verdict = verdicts.get()
    if verdict:
        if failure is not None:
            raise failure
        yield from kept
        yield from guessed
        return
    guessed.close()
    kept.clear()
    yield from _checked_chunks(ImportSource(source.path, source.kind, source.estimated_rows, False))


def _take(rows: Iterator[SheetRow], count: int) -> list[SheetRow]:
    chunk: list[SheetRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= count:
            break
    return chunk
