"""Process start to first paint: a bare QMainWindow against the application's first tab."""

from __future__ import annotations

import compileall
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from desktop_app.config import APP_ID
from tests.benchmarks.common import launch

# Each child is started as ``python -c CODE`` with ``QT_QPA_PLATFORM=offscreen``, makes the
# ``QApplication``, and leaves right after the first paint of the watched widget (an event
# filter on it sees the Paint event; a zero timer fires once it was handled)
# with ``os._exit(0)``, so that no teardown is timed. A small launcher process times it from
# spawn to exit and reads its peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``).
#
# The application's child runs ``desktop_app.app.main(["--db", FILE])`` itself (arguments,
# error hook, application set-up, settings, window), with ``create_main_window`` wrapped to
# watch the Directory table's viewport; ``main`` takes the running ``QApplication``. Its
# settings and data folders are new temporary ones (``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``).
#
# The floor child is what any PySide6 program showing this table pays with no application
# code at all: a tab widget, a search box, a label and a ``QTableView`` over a Python
# ``QAbstractTableModel`` whose rows come from one page of the same workspace read through
# peewee (the persistence layer the application imports too), a file's or a server's.

_WATCH: Final = r"""
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])


class PaintWatcher(QObject):
    def __init__(self, is_target, report):
        super().__init__()
        self.seen = False
        self.is_target = is_target
        self.report = report

    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and self.is_target(watched):
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
watcher = PaintWatcher(lambda watched: watched is window, lambda: {})
window.installEventFilter(watcher)
window.show()
app.exec()
"""
)

APP_CHILD: Final = (
    _WATCH
    + r"""
from desktop_app import app as entry

built = []
create_main_window = entry.create_main_window


def watched_window(*args, **kwargs):
    window = create_main_window(*args, **kwargs)
    if window.tabs.currentWidget() is window.overview.tab:
        # The charts are made when the tab is first shown: any of them painted with figures.
        def is_target(watched):
            view = window.overview.tab.view
            return view is not None and any(
                watched is chart and chart.chart() is not None for chart in view.charts.values()
            )

        watcher = PaintWatcher(is_target, report)
        app.installEventFilter(watcher)
    else:
        viewport = window.directory_view.table.viewport()
        watcher = PaintWatcher(lambda watched: watched is viewport, report)
        viewport.installEventFilter(watcher)
    built.extend((window, watcher))
    return window


def report():
    window = built[0]
    view = window.directory_view
    overview = window.overview.tab.view
    return {
        "rows": view.model.rowCount(),
        "count_label": view.count_label.text(),
        "first_row": view.model.account_id(0),
        "empty_state": view.is_showing_empty_state(),
        "overview_first": window.overview.is_first(),
        "charts": 0 if overview is None else len(overview.overview().charts),
        "modules": sorted(sys.modules),
    }


entry.create_main_window = watched_window
sys.exit(entry.main(["--db", sys.argv[1]]))
"""
)

FLOOR_CHILD: Final = (
    _WATCH
    + r"""
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QLabel, QLineEdit, QMainWindow, QTableView, QTabWidget, QVBoxLayout, QWidget
)

from playhouse.db_url import connect

where = sys.argv[1]
database = connect(where if where.startswith("postgresql://") else "sqlite:///" + where)
total = int(  # a Decimal on PostgreSQL
    database.execute_sql(
        "SELECT sum(value) FROM tally WHERE name IN ('live_customer', 'live_reseller')"
    ).fetchone()[0]
)
columns = (
    "id", "name", "type", "parent_id", "external_id", "country", "city", "hub_id", "created_at"
)
page = database.execute_sql(
    f"SELECT {', '.join(columns)} FROM tier_account WHERE decommissioned_at IS NULL"
    " ORDER BY created_at DESC, id DESC LIMIT 100"
).fetchall()


class Model(QAbstractTableModel):
    def rowCount(self, parent=None):
        return total

    def columnCount(self, parent=None):
        return len(columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.row() < len(page):
            return page[index.row()][index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return columns[section]
        return f"{section + 1:,}"


window = QMainWindow()
window.resize(1280, 760)
tabs = QTabWidget()
directory = QWidget()
layout = QVBoxLayout(directory)
layout.addWidget(QLineEdit())
layout.addWidget(QLabel(f"{total:,} accounts"))
table = QTableView()
model = Model()
table.setModel(model)
layout.addWidget(table)
tabs.addTab(directory, "Directory")
tabs.addTab(QWidget(), "Requests")
window.setCentralWidget(tabs)
watcher = PaintWatcher(lambda watched: True, lambda: {"rows": total})
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


def start_once(code: str, *args: str, env: dict[str, str] | None = None) -> Start:
    """Run ``python -c code args…`` offscreen; its wall time and peak memory."""
    run = launch(
        [sys.executable, "-c", code, *args],
        {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )
    lines = [line for line in run.output.splitlines() if line.startswith("{")]
    if run.code != 0 or not lines:
        raise RuntimeError(f"the start probe failed ({run.code}):\n{run.output}")
    return Start(run.seconds, run.peak_rss_mb, json.loads(lines[-1]))


def bare_start() -> Start:
    """A bare QMainWindow: the floor any Qt window process pays."""
    return start_once(BARE_CHILD)


def floor_start(db: str | Path) -> Start:
    """A minimal PySide6 table over ``db`` with no application code: what the toolkit costs."""
    return start_once(FLOOR_CHILD, str(db))


def compile_bytecode() -> None:
    """Write the package's bytecode, as pip and the installers do when the app is installed.

    A source checkout run with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every
    module at every start, which no installed copy does.
    """
    import desktop_app

    compileall.compile_dir(Path(desktop_app.__file__).parent, quiet=1)


def app_start(db: str | Path, *, overview_first: bool = False) -> Start:
    """``desktop-app --db FILE`` (or ``--db postgresql://…``) until its first tab has painted.

    That tab is the Directory when the settings say the Overview is not first, or the Overview
    with its charts' figures in (a new user's settings, ``overview_first``).
    """
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config"
        if not overview_first:
            settings = config / APP_ID / f"{APP_ID}.conf"
            settings.parent.mkdir(parents=True)
            settings.write_text("[overview]\nfirst=false\n", encoding="utf-8")
        home = {"XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": folder}
        return start_once(APP_CHILD, str(db), env=home)
