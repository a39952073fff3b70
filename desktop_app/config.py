"""Application names, default data paths and constants shared by every layer."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

APP_NAME = "Tier Accounts"
APP_ID = "desktop-app"
ORGANIZATION = "desktop-app"
DESKTOP_FILE_NAME = "io.github.desktop_app"
"""The desktop entry's id (``<id>.desktop``), also the AppStream id and the icon's name."""
DATABASE_FILE_NAME = "workspace.sqlite"
BUSY_TIMEOUT_MS = 5000
BACKUPS_KEPT = 5
LOGGER_NAME = "desktop_app"
LOG_FILE_NAME = "desktop-app.log"
LOG_MAX_BYTES = 1_000_000
LOG_FILES_KEPT = 3


COMMANDS = ("init", "grant", "grants", "seed", "check", "export", "import")
"""The first words that run ``desktop-app`` as a command without a window."""


def app_version() -> str:
    """The application's version (``desktop_app.__version__``, which the metadata copies)."""
    from desktop_app import __version__

    return __version__


def default_data_dir() -> Path:
    """The folder in the user's data area that holds the workspace database."""
    from platformdirs import user_data_path

    return user_data_path(APP_ID, appauthor=False)


def default_database_path() -> Path:
    """The workspace database opened when no ``--db`` is given."""
    return default_data_dir() / DATABASE_FILE_NAME


def default_log_path() -> Path:
    """The log file of unexpected errors, in the user's data folder (rotated at 1 MB)."""
    return default_data_dir() / "logs" / LOG_FILE_NAME


class _LogFile(logging.Handler):
    """A rotating log file made, folder and all, when the first record arrives, not before.

    ``logging.handlers`` (and what it imports: sockets, pickle, queues) loads only then,
    which keeps it out of every start. When the file cannot be written (a read-only home
    folder) it says so once on stderr, instead of printing a traceback for every record.
    """

    def __init__(self, path: Path | Callable[[], Path]) -> None:
        super().__init__()
        self._where = path
        self._file: logging.Handler | None = None
        self._complained = False

    @property
    def path(self) -> Path:
        """The log file; a callable given for it is asked once, when first needed."""
        if not isinstance(self._where, Path):
            self._where = Path(self._where())
        return self._where

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record, opening the file first if this is the first one."""
        if self._complained:
            return
        try:
            if self._file is None:
                self._file = self._open()
            self._file.emit(record)
        except Exception:
            self.handleError(record)

    def _open(self) -> logging.Handler:
        from logging.handlers import RotatingFileHandler

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            self.path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_FILES_KEPT, encoding="utf-8"
        )
        handler.setFormatter(self.formatter)
        handler.handleError = self.handleError  # type: ignore[method-assign]
        return handler

    def handleError(self, record: logging.LogRecord) -> None:
        """One line on stderr the first time the log file cannot be written."""
        if self._complained:
            return
        self._complained = True
        reason = sys.exc_info()[1]
        if sys.stderr is not None:  # None in a windowed Windows program
            print(
                f"{APP_ID}: cannot write the log file {self.path} ({reason}); "
                "errors are shown but not logged.",
                file=sys.stderr,
            )

    def close(self) -> None:
        """Close the file, if it was ever opened."""
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


def open_log_file(path: Path | Callable[[], Path]) -> logging.Handler:
    """Send the application's log records to ``path``, rotating it; returns the handler.

    Nothing is created on disk until the first record (nor ``path`` asked, when it is a
    callable: the data folder's path loads platformdirs, 3-5 ms of every start); remove the
    handler with :func:`close_log_file`.
    """
    handler = _LogFile(path if callable(path) else Path(path))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    return handler


def close_log_file(handler: logging.Handler) -> None:
    """Stop writing to the log file that :func:`open_log_file` opened."""
    logging.getLogger(LOGGER_NAME).removeHandler(handler)
    handler.close()
