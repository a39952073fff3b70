"""Process start to first paint: a bare QMainWindow against the application's Directory."""

from __future__ import annotations

import compileall
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tests.benchmarks.common import launch

# Each child is started as ``python -c CODE`` with ``QT_QPA_PLATFORM=offscreen``, shows its
# window, leaves its event loop right after the first paint of the watched widget (an event
# filter sees the Paint event; a zero timer fires once it was handled) and ends with
# ``os._exit(0)``, so that no teardown is timed. A small launcher process times it from spawn
# to exit and reads its peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``).
#
# The application has no hook that exits once the Directory has painted, so its child does
# what ``desktop_app.app.main`` does, minus argument parsing and application names: make the
# ``QApplication``, ``create_main_window(db)`` (with a new settings file instead of the
# platform's store), show it, and wait for the paint of the Directory table's viewport.

_WATCH: Final = r"""
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])


class PaintWatcher(QObject):
    def __init__(self, report):
        super().__init__()
        self.seen = False
        self.report = report

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.finish)
        return False

    def finish(self):
        sys.stdout.write(json.dumps(self.report()) + "\n")
        sys.stdout.flush()
        os._exit(0)
"""

BARE_CHILD: Final = (
    _WATCH
    + r"""
from PySide6.QtWidgets import QMainWindow

window = QMainWindow()
window.resize(1280, 760)
watcher = PaintWatcher(lambda: {})
window.installEventFilter(watcher)
window.show()
app.exec()
"""
)

APP_CHILD: Final = (
    _WATCH
    + r"""
from desktop_app.app import create_main_window

window = create_main_window(sys.argv[1], settings_path=sys.argv[2])
table = window.directory_view.table


def report():
    return {
        "rows": window.directory_view.model.rowCount(),
        "count_label": window.directory_view.count_label.text(),
        "first_row": window.directory_view.model.account_id(0),
        "empty_state": window.directory_view.is_showing_empty_state(),
    }


watcher = PaintWatcher(report)
table.viewport().installEventFilter(watcher)
window.show()
app.exec()
"""
)


@dataclass(frozen=True)
class Start:
    """One child process: spawn to exit after the first paint."""

    seconds: float
    peak_rss_mb: float
    report: dict[str, object]


def start_once(code: str, *args: str) -> Start:
    """Run ``python -c code args…`` offscreen; its wall time and peak memory."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = launch([sys.executable, "-c", code, *args], env)
    lines = [line for line in run.output.splitlines() if line.startswith("{")]
    if run.code != 0 or not lines:
        raise RuntimeError(f"the start probe failed ({run.code}):\n{run.output}")
    return Start(run.seconds, run.peak_rss_mb, json.loads(lines[-1]))


def bare_start() -> Start:
    """A bare QMainWindow: the floor any Qt window process pays."""
    return start_once(BARE_CHILD)


def compile_bytecode() -> None:
    """Write the package's bytecode, as pip and the installers do when the app is installed.

    A source checkout run with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every
    module at every start, which no installed copy does.
    """
    import desktop_app

    compileall.compile_dir(Path(desktop_app.__file__).parent, quiet=1)


def app_start(db: Path) -> Start:
    """The application's main window over ``db``, until the Directory table has painted."""
    with tempfile.TemporaryDirectory() as folder:
        return start_once(APP_CHILD, str(db), str(Path(folder) / "settings.ini"))
