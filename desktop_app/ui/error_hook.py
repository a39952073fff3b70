"""One hook for every unexpected error: write it to the log, show a copyable report, go on."""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import shiboken6
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal, Slot, qVersion
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from desktop_app.config import (
    APP_ID,
    APP_NAME,
    LOGGER_NAME,
    app_version,
    close_log_file,
    open_log_file,
)

if TYPE_CHECKING:  # the dialog loads with the first error, not at every start
    from desktop_app.ui.dialogs.crash_report_dialog import CrashReportDialog

_log = logging.getLogger(f"{LOGGER_NAME}.errors")
_active: ErrorHook | None = None

REPEAT_WINDOW_S = 60.0
"""An error like one reported less than this long ago is counted, not reported again."""


def error_key(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> tuple[str, str, str]:
    """What makes two errors the same: type, message and the line that raised it."""
    where = ""
    for frame, line in traceback.walk_tb(tb):
        where = f"{frame.f_code.co_filename}:{line}"
    return exc_type.__qualname__, str(exc)[:300], where


@dataclass
class _Repeats:
    last: float
    count: int = 0


def format_report(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    thread_name: str | None = None,
) -> str:
    """The report people copy: versions, time, thread and the traceback."""
    import platform

    lines = [
        f"{APP_NAME} {app_version()} — unexpected error",
        f"Time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Thread: {thread_name or threading.current_thread().name}",
        f"Python {platform.python_version()}, PySide6 {pyside_version} (Qt {qVersion()}), "
        f"{platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


def _dialog_parent() -> QWidget | None:
    """The window the user is looking at: a modal dialog, the active window or a main window."""
    for widget in (QApplication.activeModalWidget(), QApplication.activeWindow()):
        if widget is not None and widget.isVisible():
            return widget
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    visible = [w for w in windows if w.isVisible()]
    candidates = visible or windows
    return candidates[0] if candidates else None


class ErrorHook(QObject):
    """Catches what nothing else caught (``sys.excepthook`` and ``threading.excepthook``).

    Each error is written to the log file at once, from any thread; the report dialog opens
    in the GUI thread (a queued signal), one dialog collecting a burst of errors.
    """

    reported = Signal(str)
    """A report to show; emitted from any thread, handled in the thread of the hook."""

    def __init__(
        self, log_file: Path | Callable[[], Path] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("error_hook")
        self._handler: logging.Handler | None = None
        self._log_file: Path | Callable[[], Path] | None = None
        """Where reports go; a callable is asked when the path is first needed."""
        if log_file is not None:
            self._log_file = cache(log_file) if callable(log_file) else Path(log_file)
            self._handler = open_log_file(self._log_file)  # asks the same callable: once
        self._dialog: CrashReportDialog | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._handling = threading.local()
        self._installed = False
        self._repeats: dict[tuple[str, str, str], _Repeats] = {}
        self._repeats_lock = threading.Lock()
        self.reported.connect(self._on_self_reported)

    @property
    def log_file(self) -> Path | None:
        """Where reports are written; None when only the dialog shows them."""
        if callable(self._log_file):
            self._log_file = Path(self._log_file())
        return self._log_file

    def dialog(self) -> CrashReportDialog | None:
        """The report dialog while it is open."""
        if self._dialog is not None and not shiboken6.isValid(self._dialog):
            self._dialog = None
        return self._dialog

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook``."""
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle_exception
        threading.excepthook = self.handle_thread_exception
        self._installed = True

    def uninstall(self) -> None:
        """Put the previous hooks back and close the log file."""
        global _active
        if _active is self:
            _active = None
        if self._installed:
            if sys.excepthook == self.handle_exception:
                sys.excepthook = self._previous_hook
            if threading.excepthook == self.handle_thread_exception:
                threading.excepthook = self._previous_thread_hook
            self._installed = False
        self.flush_repeats()
        if self._handler is not None:
            close_log_file(self._handler)
            self._handler = None

    def handle_exception(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> None:
        """Log the error and ask for the dialog; Ctrl+C and errors of the hook pass through."""
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        if getattr(self._handling, "active", False):  # an error while reporting one
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._handling.active = True
        try:
            if self._is_repeat(error_key(exc_type, exc, tb)):
                return  # a storm (a damaged page read for every cell): counted, logged once
            report = format_report(exc_type, exc, tb, thread_name)
            _log.error("%s", report)
            where = f"; the report is in {self.log_file}" if self.log_file else ""
            print(
                f"{APP_ID}: unexpected error ({exc_type.__name__}: {exc}){where}", file=sys.stderr
            )
            self.reported.emit(report)
        except BaseException:  # never let the hook itself take the application down
            sys.__excepthook__(exc_type, exc, tb)
        finally:
            self._handling.active = False

    def _is_repeat(self, key: tuple[str, str, str]) -> bool:
        """True when the same error was reported within :data:`REPEAT_WINDOW_S`."""
        now = time.monotonic()
        with self._repeats_lock:
            seen = self._repeats.get(key)
            if seen is not None and now - seen.last < REPEAT_WINDOW_S:
                seen.last = now
                seen.count += 1
                if seen.count == 1 and sys.stderr is not None:
                    print(
                        f"{APP_ID}: the same error again ({key[0]}: {key[1]}); repeats are "
                        "counted in the log, not reported one by one",
                        file=sys.stderr,
                    )
                return True
            self._repeats[key] = _Repeats(now)
        if seen is not None:
            self._log_repeats(key, seen)
        return False

    def _log_repeats(self, key: tuple[str, str, str], seen: _Repeats) -> None:
        if seen.count:
            _log.error(
                "The error %s: %s (%s) repeated %d more time%s after its report.",
                *key,
                seen.count,
                "s" * (seen.count != 1),
            )

    def flush_repeats(self) -> None:
        """Write how often each reported error repeated since its report, and forget them."""
        with self._repeats_lock:
            repeats, self._repeats = self._repeats, {}
        for key, seen in repeats.items():
            self._log_repeats(key, seen)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: the same report, naming the thread."""
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        name = args.thread.name if args.thread is not None else None
        self.handle_exception(args.exc_type, exc, args.exc_traceback, name)

    def show_report(self, report: str) -> CrashReportDialog:
        """Open the report dialog, or add to the one already open; returns it."""
        from desktop_app.ui.dialogs.crash_report_dialog import CrashReportDialog

        dialog = self.dialog()
        if dialog is not None:
            dialog.add_report(report)
            dialog.activateWindow()
            return dialog
        written = self.log_file if self.log_file and self.log_file.exists() else None
        dialog = CrashReportDialog(_dialog_parent(), report, written)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        dialog.show()
        dialog.activateWindow()
        return dialog

    @Slot(str)
    def _on_self_reported(self, report: str) -> None:
        try:
            self.show_report(report)
        except Exception:  # the log has the report; the dialog is the extra
            _log.exception("The error report dialog could not be shown")

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None


def install_error_hook(log_file: Path | Callable[[], Path] | None = None) -> ErrorHook:
    """Catch every unexpected error from now on (replacing a hook installed before).

    ``log_file`` receives each report (rotating); app.main passes the user's data folder (a
    callable, asked with the first report), tests a temporary path. A QApplication must exist.
    """
    global _active
    if _active is not None:
        _active.uninstall()
    hook = ErrorHook(log_file)
    hook.install()
    _active = hook
    return hook


def uninstall_error_hook() -> None:
    """Put back the hooks that were there before :func:`install_error_hook`."""
    global _active
    if _active is not None:
        _active.uninstall()
        _active = None


def active_error_hook() -> ErrorHook | None:
    """The installed hook, if any."""
    return _active
