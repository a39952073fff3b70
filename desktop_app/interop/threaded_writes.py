"""A binary stream written on a thread of its own: deflating into a zip overlaps making rows.

zlib lets go of the interpreter's lock while it deflates, so on two cores an export's sheet
is compressed while the next rows are read and made into XML, instead of after them.
"""

from __future__ import annotations

import queue
import threading
from types import TracebackType
from typing import IO, Final

QUEUED: Final = 4
"""Chunks waiting at most (each about 100 KB of XML): memory stays flat."""


class ThreadedWrites:
    """Writes what it is given to ``out`` on a thread; the thread's error is raised here.

    Used as a context manager: leaving it waits for every write (on error too, after the
    queued writes are dropped), and then re-raises a write's error, if one failed.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._queue: queue.Queue[bytes | None] = queue.Queue(QUEUED)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="workbook-writes", daemon=True)

    def __enter__(self) -> ThreadedWrites:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:  # the rows failed or were cancelled: drop what waits
            self._drain()
        self._queue.put(None)
        self._thread.join()
        if kind is None and self._error is not None:
            raise self._error

    def write(self, data: bytes) -> None:
        """Queue ``data``; raises at once if an earlier write failed."""
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._out.write(data)
                except BaseException as exc:  # raised again on the caller's thread
                    self._error = exc

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return
