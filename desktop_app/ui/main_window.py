"""The main window: the Directory tab, menus and toolbar, the operator in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from desktop_app.config import APP_NAME
from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.ui.actions import Actions
from desktop_app.ui.dialogs import error_dialog
from desktop_app.ui.directory.directory_view import DirectoryView

DIRECTORY_TAB: Final = "Directory"
DEFAULT_SIZE: Final = (1280, 760)
KEY_GEOMETRY: Final = "main_window/geometry"
KEY_STATE: Final = "main_window/state"


def window_title(workspace_path: Path | None) -> str:
    """``workspace.sqlite — Tier Accounts``; the application name alone without a file."""
    return f"{workspace_path.name} — {APP_NAME}" if workspace_path else APP_NAME


class MainWindow(QMainWindow):
    """One open workspace: its accounts in tabs, acting as one vendor or provider account."""

    def __init__(
        self,
        services: Services,
        *,
        workspace_path: Path | str | None = None,
        settings: QSettings | None = None,
        load_demo_data: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.services = services
        self.workspace_path = Path(workspace_path) if workspace_path is not None else None
        self._settings = settings
        self._load_demo_data = load_demo_data
        self.setWindowTitle(window_title(self.workspace_path))
        if self.workspace_path is not None:
            self.setWindowFilePath(str(self.workspace_path))

        self.app_actions = Actions(self)
        self.addActions(self.app_actions.all())
        self.app_actions.refresh.triggered.connect(self._on_action_refresh_triggered)
        self.app_actions.quit.triggered.connect(self._on_action_quit_triggered)

        self.directory_view = DirectoryView(
            services.directory, offer_demo_data=load_demo_data is not None
        )
        self.directory_view.error_occurred.connect(self._on_directory_view_error_occurred)
        self.directory_view.load_demo_requested.connect(self._on_directory_view_load_demo_requested)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.directory_view, DIRECTORY_TAB)
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self.toolbar = self._build_toolbar()

        self.operator_label = QLabel()
        self.operator_label.setObjectName("operator_label")
        self.statusBar().setObjectName("status_bar")
        self.statusBar().addPermanentWidget(self.operator_label)
        self._show_operator()

        self.resize(*DEFAULT_SIZE)
        self._restore_settings()

    # building

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.setObjectName("file_menu")
        file_menu.addAction(self.app_actions.refresh)
        file_menu.addSeparator()
        file_menu.addAction(self.app_actions.quit)

    def _build_toolbar(self) -> QToolBar:
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.app_actions.refresh)
        return toolbar

    # public

    def refresh(self) -> None:
        """Read the workspace again into every view."""
        self._show_operator()
        self.directory_view.refresh()

    def show_error(self, error: DomainError) -> QMessageBox:
        """Tell the user why a service refused (no traceback); returns the open message box."""
        return error_dialog.show_error(self, error)

    def save_settings(self) -> None:
        """Keep the window geometry and the directory's layout and search in the settings."""
        if self._settings is None:
            return
        self._settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self._settings.setValue(KEY_STATE, self.saveState())
        self.directory_view.save_settings(self._settings)
        self._settings.sync()

    # state

    def _show_operator(self) -> None:
        try:
            operator = self.services.workspace.operator()
        except DomainError as error:
            self.operator_label.setText(error.message)
            return
        self.operator_label.setText(
            f"Acting as {operator.name} ({operator.id}, {operator.role.value})"
        )

    def _restore_settings(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self._settings.value(KEY_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.directory_view.restore_settings(self._settings)

    # Qt overrides

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window state before closing."""
        self.save_settings()
        super().closeEvent(event)

    # slots

    @Slot()
    def _on_action_refresh_triggered(self) -> None:
        self.refresh()

    @Slot()
    def _on_action_quit_triggered(self) -> None:
        self.close()

    @Slot(object)
    def _on_directory_view_error_occurred(self, error: DomainError) -> None:
        self.show_error(error)

    @Slot()
    def _on_directory_view_load_demo_requested(self) -> None:
        if self._load_demo_data is None:
            return
        button = self.directory_view.load_demo_button
        if button is not None:
            button.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._load_demo_data()
        except DomainError as error:
            self.show_error(error)
        finally:
            QGuiApplication.restoreOverrideCursor()
            if button is not None:
                button.setEnabled(True)
            self.refresh()
