"""The main window, a shell: menus, tool bar, status bar and the registry of document tabs.

What the window does lives beside it: the workspace and exchange controllers (File menu),
account_actions (Add Customer, Edit, Delete), document_opener and pinned_views (the tabs),
window_watch (changes made elsewhere, damage), window_actions and window_settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import QEvent, QSettings, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery, SortSpec
from desktop_app.services.write_permission import opened_message
from desktop_app.ui.account_actions import AccountActions
from desktop_app.ui.actions import Actions
from desktop_app.ui.background_job import may_close
from desktop_app.ui.change_watch import ChangeWatch
from desktop_app.ui.dialogs import error_dialog
from desktop_app.ui.document_opener import DocumentOpener
from desktop_app.ui.documents import DocumentTabs, deliver
from desktop_app.ui.exchange_controller import ExchangeController
from desktop_app.ui.help_menu import connect_help
from desktop_app.ui.integrity_watch import IntegrityWatch
from desktop_app.ui.lifetime import release_workspace
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.overview.overview_placement import OverviewPlacement
from desktop_app.ui.pinned_views import PinnedViews
from desktop_app.ui.prompts import Prompts, WidgetPrompts
from desktop_app.ui.requests.requests_view import RequestsView
from desktop_app.ui.tab_memory import remember_tabs, reopen_tabs
from desktop_app.ui.warm_up import warm_up
from desktop_app.ui.window_actions import WindowState, enable_actions, on_current
from desktop_app.ui.window_chrome import (
    OperatorDisplay,
    ReadOnlyIndicators,
    build_menus,
    build_toolbar,
    window_title,
)
from desktop_app.ui.window_settings import restore_window, save_window
from desktop_app.ui.window_tabs import WindowTabs
from desktop_app.ui.window_watch import ACTIVATION_REFRESH_MS as ACTIVATION_REFRESH_MS
from desktop_app.ui.window_watch import WindowWatch
from desktop_app.ui.workspace import (
    DemoLoader,
    ReaderOpener,
    TeamWorkspaceOpener,
    WorkspaceBackups,
    WorkspaceHandle,
    WorkspaceOpener,
)
from desktop_app.ui.workspace_controller import WorkspaceController

DEFAULT_SIZE: Final = (1280, 760)


class MainWindow(QMainWindow):
    """One open workspace: the Directory and open accounts in tabs, acting as one operator."""

    def __init__(
        self,
        services: Services,
        *,
        workspace_path: Path | str | None = None,
        workspace_name: str = "",
        settings: QSettings | None = None,
        load_demo_data: DemoLoader | None = None,
        open_workspace: WorkspaceOpener | None = None,
        close_workspace: Callable[[], None] | None = None,
        backups: WorkspaceBackups | None = None,
        open_team_workspace: TeamWorkspaceOpener | None = None,
        open_reader: ReaderOpener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.services = services
        self.workspace_name = workspace_name
        """A team workspace's name (no file): its database and server."""
        self._settings = settings
        self._load_demo_data = load_demo_data
        self._close_workspace = close_workspace
        self._closing = False
        self._prompts: Prompts = WidgetPrompts(self)
        self.workspace = WorkspaceController(
            self,
            self._prompts,
            path=Path(workspace_path) if workspace_path is not None else None,
            backups=backups,
            open_workspace=open_workspace,
            open_team_workspace=open_team_workspace,
            settings=settings,
        )
        """File → New, Open, Open Team Workspace, Back Up and Restore."""
        self.exchange = ExchangeController(self, self._prompts)
        """File → Import… and Export…."""
        self._show_title()
        self.watch = WindowWatch(self, self)
        """Changes saved elsewhere and damage found on disk."""

        self.app_actions = Actions(self)
        self.addActions(self.app_actions.all())

        self.tabs = WindowTabs()
        self.documents = DocumentTabs(self.tabs)
        """The closable tabs (accounts, requests, products, the tree) by key."""
        self.accounts = AccountActions(self, self)
        """Add Customer, Edit and Delete."""
        self.opener = DocumentOpener(self, self.documents, self.accounts)
        """Finds or builds the tab of an account, request or product."""
        warm_up(self)  # a few seconds on, the first account opened finds its modules loaded
        # their entry points, as the window's own (tests and tab memory call them here)
        self.open_account = self.opener.open_account
        self.open_request = self.opener.open_request
        self.open_product = self.opener.open_product
        self.show_products = self.opener.show_products
        self.show_hierarchy = self.opener.show_hierarchy
        self.account_view = self.opener.account_view
        self.account_views = self.opener.account_views
        self.add_customer = self.accounts.add_customer
        self.edit_account = self.accounts.edit_account
        self.delete_account = self.accounts.delete_account
        self.pinned = PinnedViews(
            self,
            self.tabs,
            self.opener,
            offer_demo_data=load_demo_data is not None,
            row_actions=self.app_actions.row_actions(),
        )
        """The Directory and Requests tabs."""
        self.directory_view, self.requests_view = self.pinned.views()
        self.directory_view.load_demo_requested.connect(self._on_directory_view_load_demo_requested)
        self.tabs.tabCloseRequested.connect(self.documents.close_at)
        self.tabs.currentChanged.connect(self._update_actions)
        self._connect_actions()

        self._read_only = ReadOnlyIndicators()
        self.read_only_banner = self._read_only.banner
        self.setCentralWidget(self._read_only.above(self.tabs))

        self._operator = OperatorDisplay()
        self.operator_combo = self._operator.combo
        self.operator_label = self._operator.label
        self.operator_combo.activated.connect(self._on_operator_combo_activated)

        build_menus(self, self.app_actions)
        connect_help(self, self, self.app_actions)
        self.overview = OverviewPlacement(
            self, self.tabs, self.pinned, self.services, settings, self.show_error
        )
        """The Overview tab (Ctrl+0; first when the user wants it) and what its bars open."""
        self.toolbar = build_toolbar(self, self.app_actions, self.operator_combo)

        self.statusBar().setObjectName("status_bar")
        self.statusBar().addPermanentWidget(self._read_only.status)
        self._operator.add_to(self.statusBar())
        self._operator.show(self.services.workspace)
        self._read_only.show(self.read_only_reason)

        self.resize(*DEFAULT_SIZE)
        self.pinned.read_apart(open_reader)
        if settings is not None:
            restore_window(settings, self, self.pinned.views())
            reopen_tabs(self, settings, self._workspace_label())
        self._update_actions()

    def _connect_actions(self) -> None:
        """Each action to what it does; those about one account act on the current one."""
        actions, workspace, exchange = self.app_actions, self.workspace, self.exchange
        for action, act in (
            (actions.edit, self.accounts.edit_account),
            (actions.delete, self.accounts.delete_account),
            (actions.open_account, self.opener.open_account),
            (actions.copy_id, self._copy_id),
            (actions.show_account_requests, self.show_requests),
        ):
            action.triggered.connect(on_current(self.current_account_id, act))
        for action, slot in (
            (actions.add_customer, self.accounts.add_customer),
            (actions.refresh, self.refresh),
            (actions.open_database, workspace.open_database),
            (actions.open_team_workspace, workspace.open_team),
            (actions.new_database, workspace.new_database),
            (actions.back_up, workspace.back_up),
            (actions.restore, workspace.restore),
            (actions.import_accounts, exchange.import_accounts),
            (actions.export_accounts, exchange.export_accounts),
            (actions.close_tab, self._close_current_tab),
            (actions.close_other_tabs, self._close_other_tabs),
            (actions.show_directory, self.pinned.show_directory),
            (actions.show_requests, self.pinned.show_all_requests),
            (actions.show_products, self.opener.show_products),
            (actions.show_hierarchy, self.opener.show_hierarchy),
            (actions.quit, self.close),
        ):
            action.triggered.connect(slot)

    # public

    @property
    def prompts(self) -> Prompts:
        """How the window's controllers ask the user; tests set a fake."""
        return self._prompts

    @prompts.setter
    def prompts(self, prompts: Prompts) -> None:
        self._prompts = self.workspace.prompts = self.exchange.prompts = prompts

    @property
    def reader(self) -> BackgroundReader | None:
        """The thread the window's lists read on (the wizard's parent list too)."""
        return self.pinned.reader

    @property
    def workspace_path(self) -> Path | None:
        """The open workspace's file; None for a team workspace on a server."""
        return self.workspace.path

    @property
    def read_only_reason(self) -> str | None:
        """Why the open workspace can only be read; None when it can be written."""
        return self.services.workspace.read_only_reason

    @property
    def integrity_watch(self) -> IntegrityWatch:
        """The background check of the open workspace's file."""
        return self.watch.integrity

    @property
    def _change_watch(self) -> ChangeWatch:
        return self.watch.changes

    def refresh(self) -> None:
        """Read the workspace again into every view; each keeps its selection and scroll."""
        self.apply_changes(Changes.all())

    def apply_changes(self, changes: Changes) -> None:
        """Hand what an action changed to every open view; each reads only what it shows."""
        self.watch.seen()
        if changes.everything:
            self._read_only.show(self.read_only_reason)
            self._operator.show(self.services.workspace)
        self.pinned.apply_changes(changes)
        self.overview.apply_changes(changes)
        for document in self.documents.documents():
            deliver(document, changes)
            self.documents.retitle(document)
        self._update_actions()

    def refresh_if_changed(self) -> bool:
        """Refresh when another window or program saved to the workspace since the last look."""
        return self.watch.refresh_if_changed()

    def show_error(self, error: DomainError) -> QMessageBox:
        """Tell the user why a service refused (no traceback); returns the open message box."""
        return error_dialog.show_error(self, error)

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar for ``timeout_ms``."""
        self.statusBar().showMessage(message, timeout_ms)

    @Slot(str)
    def show_requests(self, account_id: str | None = None) -> RequestsView:
        """The Requests tab, filtered to ``account_id`` (its pending ones when it has any)."""
        return self.pinned.show_requests(account_id)

    def current_account_id(self) -> str | None:
        """The account the Edit and Delete actions apply to: the open tab's, or the selection."""
        if self.tabs.currentWidget() is self.directory_view:
            return self.directory_view.current_account_id()
        document = self.documents.current()
        return document.current_account_id() if document is not None else None

    # workspace

    def switch_workspace(self, path: Path, *, create: bool) -> bool:
        """Open another workspace file in this window; the current one stays on failure."""
        return self.workspace.switch(path, create=create)

    def export_listing(self) -> tuple[DirectoryQuery, SortSpec]:
        """What the Directory shows (its search and type filter) in its order: for export."""
        return self.directory_view.query(), self.directory_view.model.sort_spec

    def adopt(self, handle: WorkspaceHandle) -> None:
        """Show ``handle``'s workspace, then close the one shown before."""
        # Everything that reads the old workspace goes or follows the new one before it closes.
        self.accounts.close_wizards()
        self.documents.close_all()
        close_previous = self._close_workspace
        self.services = handle.services
        self.workspace_name = handle.name if handle.path is None else ""
        self._load_demo_data = handle.load_demo_data
        self._close_workspace = handle.close
        self._show_title()
        self.watch.follow()
        self.pinned.follow(handle.services, handle.open_reader)
        self.overview.follow(handle.services)
        if close_previous is not None:
            close_previous()
        self.refresh()
        self.tabs.setCurrentWidget(self.overview.home())
        self.show_status(opened_message(handle.label, handle.read_only_reason), 5000)

    def reload(self) -> None:
        """After a restore: every open tab may show data that is gone; read all again."""
        self.documents.close_all()
        self.pinned.follow(self.services)
        self.overview.follow(self.services)
        self.refresh()
        self.tabs.setCurrentWidget(self.overview.home())

    def save_settings(self) -> None:
        """Keep the window geometry and the directory's layout and search in the settings."""
        if self._settings is None:
            return
        save_window(self._settings, self, self.pinned.views())
        remember_tabs(self._settings, self.documents, self._workspace_label())
        self._settings.sync()

    def _workspace_label(self) -> str:
        """Which workspace the remembered tabs belong to."""
        return str(self.workspace_path) if self.workspace_path else self.workspace_name

    def _show_title(self) -> None:
        self.setWindowTitle(window_title(self.workspace_path, self.workspace_name))
        self.setWindowFilePath(str(self.workspace_path) if self.workspace_path else "")

    def update_actions(self) -> None:
        """Enable the actions that apply to what is current now, and say why the others do not."""
        if self._closing:  # children signal while being torn down
            return
        permission = self.services.workspace.write_permission()
        account_id = self.current_account_id()
        change = self.accounts.change_decision(account_id) if permission.allowed else None
        state = WindowState.of(permission, change, self.documents, account_id)
        enable_actions(self.app_actions, state, self.workspace)

    def _update_actions(self, *_args: object) -> None:
        self.update_actions()

    # Qt overrides

    def showEvent(self, event: QShowEvent) -> None:
        """After the first paint, check the workspace's file in the background."""
        super().showEvent(event)
        self.watch.shown()

    def changeEvent(self, event: QEvent) -> None:
        """When the window becomes active again, look for changes saved elsewhere."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.watch.activated()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window state, let go of the workspace everywhere, then close it.

        The window and its widgets may live on (hidden, or until deleted): from here on no
        timer of theirs runs and no model or view of theirs reads the closed workspace.
        While a long job runs the user is asked first (by default the window stays open).
        """
        if not may_close(self, self._prompts):
            event.ignore()
            return
        self.save_settings()
        self._closing = True
        self.watch.stop()
        super().closeEvent(event)
        self.accounts.close_wizards()
        release_workspace(self)
        self.pinned.read_apart(None)
        if self._close_workspace is not None:
            self._close_workspace()
            self._close_workspace = None

    # slots

    def _close_current_tab(self) -> None:
        self.documents.close_at(self.tabs.currentIndex())

    def _close_other_tabs(self) -> None:
        self.documents.close_others()
        self._update_actions()

    def _copy_id(self, account_id: str) -> None:
        QGuiApplication.clipboard().setText(account_id)
        self.show_status(f"Copied {account_id}", 3000)

    @Slot(int)
    def _on_operator_combo_activated(self, index: int) -> None:
        operator_id = self.operator_combo.itemData(index)
        try:
            self.services.workspace.switch_operator(str(operator_id))
        except DomainError as error:
            self.show_error(error)
        self.refresh()

    @Slot()
    def _on_directory_view_load_demo_requested(self) -> None:
        if self._load_demo_data is not None:
            from desktop_app.ui.demo_data import load_into_window

            button = self.directory_view.load_demo_button
            load_into_window(self, self, self._load_demo_data, button)
