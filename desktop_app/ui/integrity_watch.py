"""SQLite's quick check of the open workspace, run off the GUI thread after the first paint.

The check reads every page (0.8 s for 100,000 accounts with a warm cache, far longer cold),
too slow for every start, so the window shows first and the check follows in a thread of
its own on a connection of its own. When it finds damage the workspace turns read-only with
the banner saying why, so nothing is written to a damaged file.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop_app.config import LOGGER_NAME

_log = logging.getLogger(f"{LOGGER_NAME}.integrity")


class _Result(QObject):
    """Carries the check's answer from its thread to the GUI thread (a queued signal)."""

    found = Signal(list)


class IntegrityWatch:
    """Starts the check once; ``on_damage`` gets its problems in the GUI thread."""

    def __init__(
        self, check: Callable[[], list[str]], on_damage: Callable[[list[str]], None]
    ) -> None:
        self._check = check
        self._result = _Result()
        self._result.found.connect(on_damage)
        self._reporting = True
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Run the check in the background (once; later calls do nothing)."""
        if self._thread is not None:
            return
        result = self._result  # the thread keeps it alive until it has answered
        check = self._check

        def run() -> None:
            try:
                found = check()
            except Exception:  # it could not run (a lock, an I/O error): no verdict on the file
                _log.warning("The background check of the workspace could not run", exc_info=True)
                return
            if found:
                result.found.emit(found)

        self._thread = threading.Thread(target=run, name="integrity-check", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the check to end (tests); True when it has."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop_reporting(self) -> None:
        """Forget the window: a check still running reports to no one."""
        if self._reporting:
            self._reporting = False
            self._result.found.disconnect()
