"""The Overview's charts, read on a thread and a connection of their own.

The figures are asked for when the tab is first shown and after every change the window hands
on; the charts keep showing the previous figures until the new ones come. The quick figures
(the tallies) come first, the reseller trees (a walk of every reseller) after them, and only
when accounts changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.overview import (
    ACCOUNTS_BY_COUNTRY,
    ACCOUNTS_BY_TYPE,
    PENDING_BY_PRODUCT,
    REQUESTS_BY_STATUS,
    TOP_PARENTS,
    TREES,
    WEEKS_CHART,
    Figure,
    Overview,
)
from desktop_app.ui.models.background_reads import BackgroundReader, Ticket
from desktop_app.ui.overview.bar_chart import BarChart

LAYOUT: Final = (
    # (chart, row, column, columns spanned, drawn as columns)
    (ACCOUNTS_BY_TYPE, 0, 0, 1, False),
    (REQUESTS_BY_STATUS, 0, 1, 1, False),
    (ACCOUNTS_BY_COUNTRY, 1, 0, 1, False),
    (PENDING_BY_PRODUCT, 1, 1, 1, False),
    (WEEKS_CHART, 2, 0, 2, True),
    (TREES, 3, 0, 1, False),
    (TOP_PARENTS, 3, 1, 1, False),
)
READING: Final = "Reading the figures…"
OpenServices = Callable[[], tuple[Services, Callable[[], None]]]


def _read_quick(services: Services) -> Overview:
    return services.overview.read(trees=False)


def _read_all(services: Services) -> Overview:
    return services.overview.read(trees=True)


class OverviewView(QWidget):
    """Seven charts in a scrolling grid; a click on a bar emits its figure."""

    figure_clicked = Signal(object)
    """The :class:`~desktop_app.services.overview.Figure` of the bar clicked."""
    figures_shown = Signal()
    """New figures are in the charts (tests and the benchmark wait for it)."""
    error_occurred = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview_view")
        self._services = services
        self._overview = Overview()
        self._stale = False
        self._stale_trees = False
        self._force_trees = False
        self._trees_structure: int | None = None
        """The trees' checksum when they were last read (None: never)."""
        self._released = False
        self._quick_slot, self._trees_slot = object(), object()
        self.read_seconds: float | None = None
        """How long the last quick read took, from asking to the figures shown."""
        self._reader = self._new_reader(services)

        self.status_label = QLabel(READING)
        self.status_label.setObjectName("overview_status_label")
        self.charts: dict[str, BarChart] = {}
        grid_page = QWidget()
        grid_page.setObjectName("overview_page")
        grid = QGridLayout(grid_page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for key, row, column, span, columns in LAYOUT:
            chart = BarChart(columns=columns)
            chart.setObjectName(f"chart_{key}")
            chart.figure_clicked.connect(self.figure_clicked)
            chart.figure_current.connect(self._on_chart_figure_current)
            grid.addWidget(chart, row, column, 1, span, Qt.AlignmentFlag.AlignTop)
            self.charts[key] = chart
        grid.setRowStretch(len(LAYOUT), 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("overview_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(grid_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.scroll_area, 1)
        self.read(trees=True)

    def _new_reader(self, services: Services) -> BackgroundReader:
        """A reading thread of the view's own, ended when the view goes however it goes.

        Not a child of the view: a window dropped without a close deletes its children at
        once, while the thread may still be reading; this one lives until it was ended.
        """
        reader = BackgroundReader(services.on_own_connection)
        self.destroyed.connect(reader.close)
        return reader

    # public

    def overview(self) -> Overview:
        """The figures shown now (empty until the first read is in)."""
        return self._overview

    def read(self, *, trees: bool = False) -> None:
        """Ask for the figures again; shown as they come.

        The reseller trees follow when their checksum moved since they were read (or
        ``trees``: whatever it says).
        """
        if self._released:
            return
        self._force_trees = self._force_trees or trees or self._stale_trees
        self._stale = self._stale_trees = False
        started = time.perf_counter()
        if self._overview.charts:
            self.status_label.setText(f"{self._updated_text()}; reading again…")
        ticket: Ticket[Overview] = self._reader.ask(
            self._quick_slot, _read_quick, lambda o: self._show(o, started), self._report
        )
        self._reader.wait(ticket)  # a quick answer is painted in this very turn

    def apply_changes(self, changes: Changes) -> None:
        """Read again after any change; later, when the tab is not in sight."""
        if not changes:
            return
        if not self.isVisible():
            self._stale = True
            self._stale_trees = self._stale_trees or changes.everything
            return
        self.read(trees=changes.everything)

    def follow(self, services: Services) -> None:
        """Read another workspace from now on (the previous figures go)."""
        self._reader.close()
        self._services = services
        self._reader = self._new_reader(services)
        self._released = False
        self._trees_structure = None
        self._overview = Overview()
        for chart in self.charts.values():
            chart.set_chart(None)
        self.status_label.setText(READING)
        self.read(trees=True)

    def release_workspace(self) -> None:
        """Read nothing more: the workspace is being closed (its connection closes here)."""
        self._released = True
        self._reader.close()

    # answers

    def _show(self, overview: Overview, started: float | None = None) -> None:
        if self._released or not isValid(self):  # the window went while this was read
            return
        overview = overview.with_trees_of(self._overview)
        self._overview = overview
        for chart in overview.charts:
            if chart.key in self.charts and (chart.series or chart.key != TREES):
                self.charts[chart.key].set_chart(chart)
        if started is not None:
            self.read_seconds = time.perf_counter() - started
        self.status_label.setText(self._updated_text())
        self.figures_shown.emit()
        if self._force_trees or overview.structure != self._trees_structure:
            self._force_trees = False
            self._reader.ask(self._trees_slot, _read_all, self._show_all, self._report)

    def _show_all(self, overview: Overview) -> None:
        self._trees_structure = overview.structure
        self._show(overview)

    def _updated_text(self) -> str:
        return (
            f"Figures of {time.strftime('%H:%M:%S')}. Click a bar to list its accounts or requests"
        )

    def _on_chart_figure_current(self, figure: Figure) -> None:
        self.status_label.setText(f"{figure.tip}. Enter lists them")

    def _report(self, error: DomainError) -> None:
        if self._released or not isValid(self):
            return
        self.status_label.setText(f"The figures could not be read: {error}")
        self.error_occurred.emit(error)

    def showEvent(self, event: QShowEvent) -> None:
        """Figures that went stale while out of sight are read again."""
        super().showEvent(event)
        if self._stale:
            self.read()  # the trees too when their checksum moved meanwhile
