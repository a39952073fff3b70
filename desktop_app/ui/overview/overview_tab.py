"""The Overview tab as the window pins it: empty until first shown, then the charts.

The chart code (overview_view, bar_chart) is imported only when the tab is first shown, so a
window that opens on the Directory paints it as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.services.changes import Changes
from desktop_app.services.container import Services

if TYPE_CHECKING:
    from desktop_app.ui.overview.overview_view import OverviewView


class OverviewTab(QWidget):
    """Holds the :class:`OverviewView`, built the first time the tab is shown."""

    figure_clicked = Signal(object)
    """The :class:`~desktop_app.services.overview.Figure` of the bar clicked."""
    error_occurred = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview_tab")
        self._services = services
        self.view: OverviewView | None = None
        """The charts, once the tab was shown."""
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def load(self) -> OverviewView:
        """The charts, built now if they were not yet (their figures are asked for at once)."""
        if self.view is None:
            from desktop_app.ui.overview.overview_view import OverviewView

            self.view = OverviewView(self._services, self)
            self.view.figure_clicked.connect(self.figure_clicked)
            self.view.error_occurred.connect(self.error_occurred)
            self._layout.addWidget(self.view)
        return self.view

    def apply_changes(self, changes: Changes) -> None:
        """The charts read again (nothing to do before they were first shown)."""
        if self.view is not None:
            self.view.apply_changes(changes)

    def follow(self, services: Services) -> None:
        """Show another workspace's figures from now on."""
        self._services = services
        if self.view is not None:
            self.view.follow(services)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time shown: build the charts."""
        self.load()
        super().showEvent(event)
