"""Large imports: a second process validates the create rows while this one writes."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Final

from desktop_app.domain.accounts import AccountData
from desktop_app.domain.errors import FieldIssue, ValidationError
from desktop_app.domain.validation import validate_draft
from desktop_app.interop.layout import ACTION_CREATE
from desktop_app.interop.reading import SheetRow
from desktop_app.interop.row_uids import row_external_uid
from desktop_app.interop.rows import draft_from_cells, names_a_parent, read_action, row_type
from desktop_app.interop.workbook_columns import cell_value, row_fields

PARALLEL_MIN_ROWS: Final = 20_000
"""Below this a second process costs more to start (~1 s) than it saves."""
CHUNK: Final = 1_000
IN_FLIGHT: Final = 3
PR_SET_PDEATHSIG: Final = 1
"""prctl(2): the signal a process gets when its parent ends (Linux)."""
PARENT_POLL_S: Final = 1.0
PARENT_PLACEHOLDER: Final = "TA-0000-0000-0000"
"""Stands for the parent while validating; the writer puts the parent it found instead."""


@dataclass(frozen=True)
class Checked:
    """A create row's draft after :func:`validate_draft`: its data, or its errors."""

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
        parent = PARENT_PLACEHOLDER if names_a_parent(cells) else None
        draft = draft_from_cells(cells, account_type, parent, None)
        derived = "" if cell_value(cells, "external_uid") else row_external_uid(cells)
        try:
            data, warnings = validate_draft(draft)
        except ValidationError as exc:
            out.append(Checked(None, tuple(exc.issues), derived))
            continue
        out.append(Checked(data, tuple(warnings), derived))
    return out


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


def prevalidated(
    rows: Iterator[SheetRow], parallel: bool
) -> Iterator[tuple[SheetRow, Checked | None]]:
    """``rows`` with their create rows validated in a worker process when ``parallel``.

    The worker runs a few chunks ahead of the caller; if it cannot start or fails, the rows
    come without a check and the caller validates them itself.
    """
    if not parallel:
        for row in rows:
            yield row, None
        return
    try:
        executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
    except (OSError, ValueError):
        for row in rows:
            yield row, None
        return
    pending: deque[tuple[list[SheetRow], Future[list[Checked | None]] | None]] = deque()
    broken = False
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < IN_FLIGHT:
                chunk = _take(rows, CHUNK)
                if not chunk:
                    exhausted = True
                    break
                future = None
                if not broken:
                    try:
                        future = executor.submit(check_rows, [r.cells for r in chunk])
                    except Exception:  # the worker is gone: this process validates the rest
                        broken = True
                pending.append((chunk, future))
            if not pending:
                return
            chunk, future = pending.popleft()
            checks: list[Checked | None] = [None] * len(chunk)
            if future is not None:
                try:
                    checks = future.result()
                except Exception:  # a worker that died: this process validates instead
                    broken = True
            yield from zip(chunk, checks, strict=True)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _take(rows: Iterator[SheetRow], count: int) -> list[SheetRow]:
    chunk: list[SheetRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= count:
            break
    return chunk
