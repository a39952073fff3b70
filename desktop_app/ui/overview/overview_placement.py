"""Where the Overview sits in the window: a pinned tab (first when the user wants it so).

View → Overview (Ctrl+0) shows it. It comes first, and the window opens on it, unless the user
unticks View → Show Overview First (remembered in the window's settings); an empty workspace
opens on the Directory, which offers demo data. A click on a bar opens the Directory or the
Requests tab filtered to exactly the rows it counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.ui.overview.overview_tab import OverviewTab
from desktop_app.ui.pinned_views import PinnedViews
from desktop_app.ui.window_settings import keep_overview_first, overview_first
from desktop_app.ui.window_tabs import WindowTabs

if TYPE_CHECKING:  # the figures' code loads with the charts, when the Overview is first shown
    from desktop_app.services.overview import Figure

OVERVIEW_TAB: Final = "Overview"
SHORTCUT: Final = "Ctrl+0"


class OverviewPlacement(QObject):
    """The Overview tab of one window, its two View actions, and what its clicks open."""

    def __init__(
        self,
        window: QMainWindow,
        tabs: WindowTabs,
        pinned: PinnedViews,
        services: Services,
        settings: QSettings | None,
        show_error: Callable[[DomainError], object],
    ) -> None:
        super().__init__(window)
        self.setObjectName("overview_placement")
        self._tabs = tabs
        self._pinned = pinned
        self._settings = settings
        self.tab = OverviewTab(services)
        self.tab.figure_clicked.connect(self._on_tab_figure_clicked)
        self.tab.error_occurred.connect(show_error)
        first = overview_first(settings)
        tabs.pin(self.tab, OVERVIEW_TAB)
        self.show_action = QAction("&Overview", window)
        self.show_action.setObjectName("action_show_overview")
        self.show_action.setShortcut(QKeySequence(SHORTCUT))
        self.show_action.setStatusTip("The workspace at a glance, in charts")
        self.show_action.setToolTip("The workspace at a glance, in charts")
        self.show_action.triggered.connect(self.show)
        self.first_action = QAction("Show Overview &First", window)
        self.first_action.setObjectName("action_overview_first")
        self.first_action.setCheckable(True)
        self.first_action.setStatusTip("Put the Overview before the Directory and open on it")
        self.first_action.setChecked(first)
        self.first_action.toggled.connect(self._on_first_action_toggled)
        window.addAction(self.show_action)
        menu = window.menuBar().findChild(QMenu, "view_menu")
        if menu is not None and menu.actions():  # first in View, above Directory
            before = menu.actions()[0]
            menu.insertAction(before, self.show_action)
            menu.insertAction(before, self.first_action)
            menu.insertSeparator(before)
        if first:
            self._place(first=True)
        tabs.setCurrentWidget(self.home())

    def is_first(self) -> bool:
        """True when the Overview is the first tab."""
        return self._tabs.indexOf(self.tab) == 0

    def home(self) -> QWidget:
        """The tab a window opens on: the Overview when first, the Directory when empty."""
        directory = self._pinned.directory
        if self.is_first() and not directory.is_showing_empty_state():
            return self.tab
        return directory

    def show(self) -> None:
        """Switch to the Overview."""
        self._tabs.setCurrentWidget(self.tab)

    def set_first(self, first: bool) -> None:
        """Put the Overview first (or after Directory and Requests) and remember it."""
        self.first_action.setChecked(first)

    def apply_changes(self, changes: Changes) -> None:
        """The charts read again what ``changes`` may have moved."""
        self.tab.apply_changes(changes)

    def follow(self, services: Services) -> None:
        """Another workspace (or the same after a restore): its figures from now on."""
        self.tab.follow(services)

    def open_figure(self, figure: Figure) -> None:
        """The Directory or the Requests tab filtered to exactly the rows ``figure`` counts."""
        if figure.accounts is not None:
            directory = self._pinned.directory
            directory.show_narrowed(figure.accounts, figure.filter_label)
            self._tabs.setCurrentWidget(directory)
            directory.table.setFocus()
            return
        requests = self._pinned.requests
        try:
            requests.show_filtered(figure.request_status, figure.product_id)
        except DomainError as error:
            self.tab.error_occurred.emit(error)
            return
        self._tabs.setCurrentWidget(requests)

    def _place(self, *, first: bool) -> None:
        self._tabs.move_pinned(self.tab, 0 if first else self._tabs.pinned_count() - 1)

    @Slot(bool)
    def _on_first_action_toggled(self, first: bool) -> None:
        self._place(first=first)
        keep_overview_first(self._settings, first)

    @Slot(object)
    def _on_tab_figure_clicked(self, figure: Figure) -> None:
        self.open_figure(figure)
