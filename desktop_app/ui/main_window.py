"""The main window: Directory and open accounts in tabs, menus, toolbar, the acting operator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop_app.config import APP_NAME
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError, RuleViolationError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.decision import Decision
from desktop_app.services.queries import DirectoryQuery, SortSpec
from desktop_app.services.write_permission import (
    NOTHING_CHANGES,
    ReadOnlyError,
    opened_message,
    read_only_statement,
)
from desktop_app.ui.action_changes import decided_changes, deleted_changes
from desktop_app.ui.actions import Actions, explain
from desktop_app.ui.change_watch import ChangeWatch
from desktop_app.ui.dialogs import error_dialog
from desktop_app.ui.dialogs.delete_account import DELETE_TEXT, DELETE_TITLE, delete_account
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.documents import (
    HIERARCHY_KEY,
    PRODUCTS_KEY,
    DocumentTabs,
    account_key,
    deliver,
    product_key,
    request_key,
)
from desktop_app.ui.exchange_controller import ExchangeController
from desktop_app.ui.help_menu import connect_help
from desktop_app.ui.integrity_watch import IntegrityWatch
from desktop_app.ui.lifetime import release_workspace
from desktop_app.ui.prompts import Prompts, WidgetPrompts
from desktop_app.ui.requests.requests_view import RequestsView, requests_tab_title
from desktop_app.ui.tab_memory import remember_tabs, reopen_tabs
from desktop_app.ui.window_chrome import (
    OperatorDisplay,
    ReadOnlyIndicators,
    build_menus,
    build_toolbar,
    unavailable_tip,
)
from desktop_app.ui.window_tabs import WindowTabs
from desktop_app.ui.workspace import (
    DemoLoader,
    TeamWorkspaceOpener,
    WorkspaceBackups,
    WorkspaceHandle,
    WorkspaceOpener,
)
from desktop_app.ui.workspace_controller import WorkspaceController

if TYPE_CHECKING:
    from desktop_app.ui.details.account_details_view import AccountDetailsView
    from desktop_app.ui.hierarchy.hierarchy_view import HierarchyView
    from desktop_app.ui.products.product_view import ProductView
    from desktop_app.ui.products.products_view import ProductsView
    from desktop_app.ui.requests.request_details_view import RequestDetailsView
    from desktop_app.ui.wizard.account_wizard import AccountWizard

DIRECTORY_TAB: Final = "Directory"
DEFAULT_SIZE: Final = (1280, 760)
KEY_GEOMETRY: Final = "main_window/geometry"
KEY_STATE: Final = "main_window/state"
INTEGRITY_CHECK_DELAY_MS: Final = 200
DEMO_MESSAGE_MS: Final = 60_000
"""How long the status bar says what demo data arrived and whom the workspace acts as."""
"""The background check of the file starts this long after the window is shown."""
ACTIVATION_REFRESH_MS: Final = 300
"""How long after the window is activated it looks for changes saved elsewhere."""


def window_title(workspace_path: Path | None, workspace_name: str = "") -> str:
    """``workspace.sqlite — Tier Accounts`` (a team workspace: ``customers on db1``)."""
    if workspace_path is not None:
        return f"{workspace_path.name} — {APP_NAME}"
    return f"{workspace_name} — {APP_NAME}" if workspace_name else APP_NAME


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
        self._seen_version = self._data_version()
        self._show_title()
        self._integrity_watch = self._watch_integrity()
        self._change_watch = self._watch_changes()

        # Activating the window looks for changes saved elsewhere, once per burst of events.
        self._activation_timer = QTimer(self)
        self._activation_timer.setObjectName("activation_timer")
        self._activation_timer.setSingleShot(True)
        self._activation_timer.setInterval(ACTIVATION_REFRESH_MS)
        self._activation_timer.timeout.connect(self._on_activation_timer_timeout)

        self.app_actions = Actions(self)
        self.addActions(self.app_actions.all())
        self._connect_actions()

        self.directory_view = DirectoryView(
            services.directory, offer_demo_data=load_demo_data is not None
        )
        self.directory_view.error_occurred.connect(self._on_directory_view_error_occurred)
        self.directory_view.load_demo_requested.connect(self._on_directory_view_load_demo_requested)
        self.directory_view.account_activated.connect(self.open_account)
        self.directory_view.current_account_changed.connect(self._update_actions)

        self.tabs = WindowTabs()
        self.documents = DocumentTabs(self.tabs)
        """The closable tabs (accounts, requests, products, the tree) by key."""
        self.requests_view = RequestsView(services)
        self.requests_view.request_requested.connect(self.open_request)
        self.requests_view.pending_count_changed.connect(
            self._on_requests_view_pending_count_changed
        )
        self.requests_view.requests_decided.connect(self._on_requests_view_requests_decided)

        self.tabs.pin(self.directory_view, DIRECTORY_TAB)
        self.tabs.pin(self.requests_view, requests_tab_title(self.requests_view.pending_count()))
        self.directory_view.set_row_actions(self.app_actions.row_actions())
        self.tabs.tabCloseRequested.connect(self._on_tabs_tab_close_requested)
        self.tabs.currentChanged.connect(self._update_actions)

        self._read_only = ReadOnlyIndicators()
        self.read_only_banner = self._read_only.banner

        central = QWidget()
        central.setObjectName("central_widget")
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self._read_only.banner_row)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._operator = OperatorDisplay()
        self.operator_combo = self._operator.combo
        self.operator_label = self._operator.label
        self.operator_combo.activated.connect(self._on_operator_combo_activated)

        build_menus(self, self.app_actions)
        connect_help(self, self, self.app_actions)
        self.toolbar = build_toolbar(self, self.app_actions, self.operator_combo)

        self.statusBar().setObjectName("status_bar")
        self.statusBar().addPermanentWidget(self._read_only.status)
        self._operator.add_to(self.statusBar())
        self._operator.show(self.services.workspace)
        self._show_read_only()

        self.resize(*DEFAULT_SIZE)
        self._restore_settings()
        if settings is not None:
            reopen_tabs(self, settings, self._workspace_label())
        self._update_actions()

    # building

    def _connect_actions(self) -> None:
        actions = self.app_actions
        actions.add_customer.triggered.connect(self._on_action_add_customer_triggered)
        actions.edit.triggered.connect(self._on_action_edit_triggered)
        actions.delete.triggered.connect(self._on_action_delete_triggered)
        actions.refresh.triggered.connect(self._on_action_refresh_triggered)
        actions.open_database.triggered.connect(self._on_action_open_database_triggered)
        actions.open_team_workspace.triggered.connect(self._on_action_open_team_workspace_triggered)
        actions.new_database.triggered.connect(self._on_action_new_database_triggered)
        actions.back_up.triggered.connect(self._on_action_back_up_triggered)
        actions.restore.triggered.connect(self._on_action_restore_triggered)
        actions.import_accounts.triggered.connect(self._on_action_import_triggered)
        actions.export_accounts.triggered.connect(self._on_action_export_triggered)
        actions.close_tab.triggered.connect(self._on_action_close_tab_triggered)
        actions.close_other_tabs.triggered.connect(self._on_action_close_other_tabs_triggered)
        actions.open_account.triggered.connect(self._on_action_open_account_triggered)
        actions.copy_id.triggered.connect(self._on_action_copy_id_triggered)
        actions.show_account_requests.triggered.connect(
            self._on_action_show_account_requests_triggered
        )
        actions.show_directory.triggered.connect(self._on_action_show_directory_triggered)
        actions.show_requests.triggered.connect(self._on_action_show_requests_triggered)
        actions.show_products.triggered.connect(self._on_action_show_products_triggered)
        actions.show_hierarchy.triggered.connect(self._on_action_show_hierarchy_triggered)
        actions.quit.triggered.connect(self._on_action_quit_triggered)

    # public

    @property
    def prompts(self) -> Prompts:
        """How the window's controllers ask the user; tests set a fake."""
        return self._prompts

    @prompts.setter
    def prompts(self, prompts: Prompts) -> None:
        self._prompts = self.workspace.prompts = self.exchange.prompts = prompts

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
        return self._integrity_watch

    def _watch_integrity(self) -> IntegrityWatch:
        return IntegrityWatch(self.services.workspace.integrity_problems, self._on_damage_found)

    def showEvent(self, event: QShowEvent) -> None:
        """After the first paint, check the workspace's file in the background."""
        super().showEvent(event)
        QTimer.singleShot(INTEGRITY_CHECK_DELAY_MS, self, self._start_integrity_check)

    def _start_integrity_check(self) -> None:
        if not self._closing:
            self._integrity_watch.start()

    def _on_damage_found(self, found: list[str]) -> None:
        if self._closing:
            return
        reason = self.services.workspace.mark_damaged(found)
        self.refresh()
        self.statusBar().showMessage(read_only_statement(reason), 30_000)

    def refresh(self) -> None:
        """Read the workspace again into every view; each keeps its selection and scroll."""
        self.apply_changes(Changes.all())

    def apply_changes(self, changes: Changes) -> None:
        """Hand what an action changed to every open view; each reads only what it shows."""
        self._seen_version = self._data_version()
        if changes.everything:
            self._show_read_only()
            self._operator.show(self.services.workspace)
        self.directory_view.apply_changes(changes)
        deliver(self.requests_view, changes)
        for document in self.documents.documents():
            deliver(document, changes)
            self.documents.retitle(document)
        self._update_actions()

    def show_error(self, error: DomainError) -> QMessageBox:
        """Tell the user why a service refused (no traceback); returns the open message box."""
        return error_dialog.show_error(self, error)

    def account_views(self) -> list[AccountDetailsView]:
        """The open account tabs, in tab order."""
        from desktop_app.ui.details.account_details_view import AccountDetailsView

        return [d for d in self.documents.documents() if isinstance(d, AccountDetailsView)]

    def account_view(self, account_id: str) -> AccountDetailsView | None:
        """The open tab of ``account_id``, if any."""
        from desktop_app.ui.details.account_details_view import AccountDetailsView

        return self.documents.find(account_key(account_id), AccountDetailsView)

    @Slot(str)
    def open_account(self, account_id: str) -> AccountDetailsView:
        """Show the account's details in its tab (reused when already open)."""
        from desktop_app.ui.details.account_details_view import AccountDetailsView

        view = self.account_view(account_id)
        if view is None:
            view = AccountDetailsView(self.services, account_id)
            view.account_requested.connect(self.open_account)
            view.edit_requested.connect(self.edit_account)
            view.deleted.connect(self._on_account_deleted)
            view.requests_requested.connect(self.show_requests)
            view.product_requested.connect(self.open_product)
            view.request_requested.connect(self.open_request)
            self.documents.add(view, account_id)
        self.documents.show(view)
        return view

    @Slot(str)
    def open_request(self, request_id: str) -> RequestDetailsView:
        """Show a tier account request in its tab (reused when already open)."""
        from desktop_app.ui.requests.request_details_view import RequestDetailsView

        view = self.documents.find(request_key(request_id), RequestDetailsView)
        if view is None:
            view = RequestDetailsView(self.services, request_id)
            view.account_requested.connect(self.open_account)
            view.product_requested.connect(self._on_request_view_product_requested)
            view.request_changed.connect(self._on_request_changed)
            self.documents.add(view, request_id)
        self.documents.show(view)
        return view

    @Slot(str)
    def open_product(self, product_id: str) -> ProductView:
        """Show a product's profile in its tab (reused when already open)."""
        from desktop_app.ui.products.product_view import ProductView

        view = self.documents.find(product_key(product_id), ProductView)
        if view is None:
            view = ProductView(self.services, product_id)
            view.product_changed.connect(self._on_product_changed)
            self.documents.add(view, product_id)
        self.documents.show(view)
        return view

    def show_products(self) -> ProductsView:
        """Show the list of products (one tab)."""
        from desktop_app.ui.products.products_view import ProductsView

        view = self.documents.find(PRODUCTS_KEY, ProductsView)
        if view is None:
            view = ProductsView(self.services)
            view.product_requested.connect(self.open_product)
            self.documents.add(view)
        self.documents.show(view)
        return view

    def show_hierarchy(self) -> HierarchyView:
        """Show resellers and their children as a tree (one tab, built when first asked for)."""
        from desktop_app.ui.hierarchy.hierarchy_view import HierarchyView

        view = self.documents.find(HIERARCHY_KEY, HierarchyView)
        if view is None:
            view = HierarchyView(self.services.directory)
            view.account_activated.connect(self.open_account)
            view.current_account_changed.connect(self._update_actions)
            view.error_occurred.connect(self._on_directory_view_error_occurred)
            self.documents.add(view)
        self.documents.show(view)
        return view

    @Slot(str)
    def show_requests(self, account_id: str | None = None) -> RequestsView:
        """The Requests tab, filtered to ``account_id`` (its pending ones when it has any)."""
        if account_id is not None:
            pending = self.services.requests.pending_count(account_id)
            self.requests_view.show_account(account_id, RequestStatus.PENDING if pending else None)
        self.tabs.setCurrentWidget(self.requests_view)
        return self.requests_view

    def current_account_id(self) -> str | None:
        """The account the Edit and Delete actions apply to: the open tab's, or the selection."""
        if self.tabs.currentWidget() is self.directory_view:
            return self.directory_view.current_account_id()
        document = self.documents.current()
        return document.current_account_id() if document is not None else None

    def add_customer(self) -> AccountWizard | None:
        """Open the Tier Account Creation wizard."""
        return self._open_wizard(None)

    @Slot(str)
    def edit_account(self, account_id: str) -> AccountWizard | None:
        """Open the Tier Account Update wizard for ``account_id``."""
        return self._open_wizard(account_id)

    def delete_account(self, account_id: str) -> bool:
        """Ask, then delete (decommission) the account; True when it was deleted."""
        if not delete_account(self, self.services, account_id, self._confirm_delete):
            return False
        self._on_account_deleted(account_id)
        return True

    def refresh_if_changed(self) -> bool:
        """Refresh when another window or program saved to the workspace since the last look.

        Never while a dialog of this window (a wizard, a question) is open: it may hold what
        the user is typing. True when the views were read again.
        """
        if self._closing or self._dialog_is_open():
            return False
        version = self._data_version()
        if version is None or version == self._seen_version:
            return False
        self.refresh()
        self.statusBar().showMessage("Showing changes saved in another window or program", 5000)
        return True

    def switch_workspace(self, path: Path, *, create: bool) -> bool:
        """Open another workspace file in this window; the current one stays on failure."""
        return self.workspace.switch(path, create=create)

    def export_listing(self) -> tuple[DirectoryQuery, SortSpec]:
        """What the Directory shows (its search and type filter) in its order: for export."""
        return self.directory_view.query(), self.directory_view.model.sort_spec

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar for ``timeout_ms``."""
        self.statusBar().showMessage(message, timeout_ms)

    def save_settings(self) -> None:
        """Keep the window geometry and the directory's layout and search in the settings."""
        if self._settings is None:
            return
        self._settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self._settings.setValue(KEY_STATE, self.saveState())
        self.directory_view.save_settings(self._settings)
        self.requests_view.save_settings(self._settings)
        remember_tabs(self._settings, self.documents, self._workspace_label())
        self._settings.sync()

    # state

    def _close_wizards(self) -> None:
        """Close the wizards over the workspace that is about to close, discarding their input."""
        for wizard in self.findChildren(QWizard):
            release_workspace(wizard)
            if wizard.isVisible():
                wizard.done(QDialog.DialogCode.Rejected)

    def adopt(self, handle: WorkspaceHandle) -> None:
        """Show ``handle``'s workspace, then close the one shown before."""
        # Everything that reads the old workspace goes or follows the new one before it closes.
        self._close_wizards()
        self.documents.close_all()
        close_previous = self._close_workspace
        self.services = handle.services
        self.workspace_name = handle.name if handle.path is None else ""
        self._load_demo_data = handle.load_demo_data
        self._close_workspace = handle.close
        self._show_title()
        self._integrity_watch.stop_reporting()
        self._integrity_watch = self._watch_integrity()
        self._integrity_watch.start()
        self._change_watch.stop()
        self._change_watch = self._watch_changes()
        self.directory_view.set_directory(handle.services.directory)
        self.requests_view.set_services(handle.services)
        if close_previous is not None:
            close_previous()
        self.tabs.setCurrentWidget(self.directory_view)
        self.refresh()
        self.statusBar().showMessage(opened_message(handle.label, handle.read_only_reason), 5000)

    def reload(self) -> None:
        """After a restore: every open tab may show data that is gone; read all again."""
        self.documents.close_all()
        self.directory_view.set_directory(self.services.directory)
        self.requests_view.set_services(self.services)
        self.tabs.setCurrentWidget(self.directory_view)
        self.refresh()

    def _watch_changes(self) -> ChangeWatch:
        """Hear others' commits to a team workspace: the views follow within a second."""
        watch = ChangeWatch(self.services, self)
        watch.changed.connect(self._on_change_watch_changed)
        watch.lost.connect(self._on_change_watch_lost)
        return watch

    @Slot(object)
    def _on_change_watch_changed(self, _tables: frozenset[str]) -> None:
        self.refresh_if_changed()

    @Slot(str)
    def _on_change_watch_lost(self, reason: str) -> None:
        self.statusBar().showMessage(
            f"The connection to the team workspace dropped ({reason}); reconnecting…", 10000
        )

    def _data_version(self) -> int | None:
        try:
            return self.services.workspace.data_version()
        except DomainError:
            return None

    def _dialog_is_open(self) -> bool:
        """A dialog of this window, or one that blocks the whole application, is open.

        Another window's window-modal message (an error it shows) holds up only that window.
        """
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.windowModality() == Qt.WindowModality.ApplicationModal:
            return True
        return any(dialog.isVisible() for dialog in self.findChildren(QDialog))

    def _show_read_only(self) -> None:
        self._read_only.show(self.read_only_reason)

    def _show_title(self) -> None:
        self.setWindowTitle(window_title(self.workspace_path, self.workspace_name))
        self.setWindowFilePath(str(self.workspace_path) if self.workspace_path else "")

    def _update_actions(self, *_args: object) -> None:
        if self._closing:  # children signal while being torn down
            return
        actions = self.app_actions
        permission = self.services.workspace.write_permission()
        writable = permission.allowed
        change = self._change_decision() if writable else None
        actions.add_customer.setEnabled(writable)
        actions.edit.setEnabled(change is not None and change.allowed)
        actions.delete.setEnabled(change is not None and change.allowed)
        actions.close_tab.setEnabled(self.documents.current() is not None)
        actions.close_other_tabs.setEnabled(
            len(self.documents.documents()) > 1
            or (self.documents.current() is None and bool(self.documents.documents()))
        )
        has_account = self.current_account_id() is not None
        for action in (actions.open_account, actions.copy_id, actions.show_account_requests):
            action.setEnabled(has_account)
        actions.open_database.setEnabled(self.workspace.can_open)
        actions.new_database.setEnabled(self.workspace.can_open)
        actions.open_team_workspace.setEnabled(self.workspace.can_open_team)
        actions.back_up.setEnabled(self.workspace.can_back_up)
        actions.restore.setEnabled(self.workspace.can_back_up and writable)
        actions.import_accounts.setEnabled(writable)
        closed = None if writable else unavailable_tip(permission.reason)
        for action in (actions.add_customer, actions.restore, actions.import_accounts):
            explain(action, closed)
        if change is not None and not change.allowed:
            closed = unavailable_tip(change.reason)
        for action in (actions.edit, actions.delete):
            explain(action, closed)

    def _change_decision(self) -> Decision | None:
        """Whether Edit and Delete apply to the current account; None when there is none."""
        account_id = self.current_account_id()
        if account_id is None:
            return None
        try:
            return self.services.accounts.change_decision(account_id)
        except DomainError as error:
            return Decision(False, error.message)

    def _open_wizard(self, account_id: str | None) -> AccountWizard | None:
        from desktop_app.ui.wizard.account_wizard import AccountWizard

        reason = self.read_only_reason
        if reason is not None:
            self.show_error(ReadOnlyError(reason, NOTHING_CHANGES))
            return None
        try:
            if account_id is not None:  # no wizard whose fields ignore what is typed
                change = self.services.accounts.change_decision(account_id)
                if not change.allowed:
                    raise RuleViolationError(change.reason)
            wizard = AccountWizard(self.services, account_id=account_id, parent=self)
        except DomainError as error:
            self.show_error(error)
            return None
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.account_saved.connect(self._on_wizard_account_saved)
        wizard.changes_made.connect(self.apply_changes)
        wizard.details_requested.connect(self.open_account)
        wizard.open()
        return wizard

    def _confirm_delete(self, question: str) -> bool:
        """Ask before deleting; Cancel is the default."""
        return self.prompts.confirm(DELETE_TITLE, question, DELETE_TEXT, destructive=True)

    def _workspace_label(self) -> str:
        """Which workspace the remembered tabs belong to."""
        return str(self.workspace_path) if self.workspace_path else self.workspace_name

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
        self.requests_view.restore_settings(self._settings)

    # Qt overrides

    def changeEvent(self, event: QEvent) -> None:
        """When the window becomes active again, look for changes saved elsewhere."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and not self._closing
            and self.isActiveWindow()
        ):
            self._activation_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window state, let go of the workspace everywhere, then close it.

        The window and its widgets may live on (hidden, or until deleted): from here on no
        timer of theirs runs and no model or view of theirs reads the closed workspace.
        """
        self.save_settings()
        self._closing = True
        self._activation_timer.stop()
        self._integrity_watch.stop_reporting()
        self._change_watch.stop()
        super().closeEvent(event)
        self._close_wizards()
        release_workspace(self)
        if self._close_workspace is not None:
            self._close_workspace()
            self._close_workspace = None

    # slots

    @Slot()
    def _on_action_add_customer_triggered(self) -> None:
        self.add_customer()

    @Slot()
    def _on_action_edit_triggered(self) -> None:
        account_id = self.current_account_id()
        if account_id is not None:
            self.edit_account(account_id)

    @Slot()
    def _on_action_delete_triggered(self) -> None:
        account_id = self.current_account_id()
        if account_id is not None:
            self.delete_account(account_id)

    @Slot()
    def _on_action_refresh_triggered(self) -> None:
        self.refresh()

    @Slot()
    def _on_action_open_database_triggered(self) -> None:
        self.workspace.open_database()

    @Slot()
    def _on_action_open_team_workspace_triggered(self) -> None:
        self.workspace.open_team()

    @Slot()
    def _on_action_new_database_triggered(self) -> None:
        self.workspace.new_database()

    @Slot()
    def _on_action_back_up_triggered(self) -> None:
        self.workspace.back_up()

    @Slot()
    def _on_action_restore_triggered(self) -> None:
        self.workspace.restore()

    @Slot()
    def _on_action_import_triggered(self) -> None:
        self.exchange.import_accounts()

    @Slot()
    def _on_action_export_triggered(self) -> None:
        self.exchange.export_accounts()

    @Slot()
    def _on_activation_timer_timeout(self) -> None:
        if self.isActiveWindow():
            self.refresh_if_changed()

    @Slot()
    def _on_action_close_tab_triggered(self) -> None:
        self._on_tabs_tab_close_requested(self.tabs.currentIndex())

    @Slot()
    def _on_action_close_other_tabs_triggered(self) -> None:
        self.documents.close_others()
        self._update_actions()

    @Slot()
    def _on_action_open_account_triggered(self) -> None:
        account_id = self.current_account_id()
        if account_id is not None:
            self.open_account(account_id)

    @Slot()
    def _on_action_copy_id_triggered(self) -> None:
        account_id = self.current_account_id()
        if account_id is not None:
            QGuiApplication.clipboard().setText(account_id)
            self.statusBar().showMessage(f"Copied {account_id}", 3000)

    @Slot()
    def _on_action_show_account_requests_triggered(self) -> None:
        account_id = self.current_account_id()
        if account_id is not None:
            self.show_requests(account_id)

    @Slot()
    def _on_action_show_directory_triggered(self) -> None:
        self.tabs.setCurrentWidget(self.directory_view)
        self.directory_view.search_edit.setFocus()

    @Slot()
    def _on_action_show_requests_triggered(self) -> None:
        self.show_requests()

    @Slot()
    def _on_action_show_products_triggered(self) -> None:
        self.show_products()

    @Slot()
    def _on_action_show_hierarchy_triggered(self) -> None:
        self.show_hierarchy()

    @Slot()
    def _on_action_quit_triggered(self) -> None:
        self.close()

    @Slot(int)
    def _on_tabs_tab_close_requested(self, index: int) -> None:
        document = self.documents.at(index)
        if document is not None:
            self.documents.close(document.key)

    @Slot(int)
    def _on_operator_combo_activated(self, index: int) -> None:
        operator_id = self.operator_combo.itemData(index)
        try:
            self.services.workspace.switch_operator(str(operator_id))
        except DomainError as error:
            self.show_error(error)
        self.refresh()

    @Slot(list)
    def _on_requests_view_requests_decided(self, request_ids: list[str]) -> None:
        # the accounts' sync state and open request tabs follow the decisions
        self.apply_changes(decided_changes(self.services, request_ids))

    @Slot(int)
    def _on_requests_view_pending_count_changed(self, pending: int) -> None:
        index = self.tabs.indexOf(self.requests_view)
        if index >= 0:
            self.tabs.setTabText(index, requests_tab_title(pending))

    @Slot(str)
    def _on_request_view_product_requested(self, product_id: str) -> None:
        self.open_product(product_id).show_capabilities()

    @Slot(str)
    def _on_request_changed(self, request_id: str) -> None:
        self.apply_changes(decided_changes(self.services, [request_id]))
        self.statusBar().showMessage(f"Saved the decision on {request_id}", 5000)

    @Slot(str)
    def _on_product_changed(self, product_id: str) -> None:
        self.apply_changes(Changes.product(product_id))
        self.statusBar().showMessage(f"Saved the capabilities of {product_id}", 5000)

    @Slot(str)
    def _on_wizard_account_saved(self, account_id: str) -> None:
        # The views follow through the wizard's changes_made.
        self.statusBar().showMessage(f"Saved {account_id}", 5000)

    @Slot(str)
    def _on_account_deleted(self, account_id: str) -> None:
        self.documents.close(account_key(account_id))
        self.apply_changes(deleted_changes(self.services, account_id))
        self.statusBar().showMessage(f"Deleted {account_id}", 5000)

    @Slot(object)
    def _on_directory_view_error_occurred(self, error: DomainError) -> None:
        self.show_error(error)

    @Slot()
    def _on_directory_view_load_demo_requested(self) -> None:
        if self._load_demo_data is None:
            return
        from desktop_app.ui.demo_data import TITLE, load_demo_data

        button = self.directory_view.load_demo_button
        if button is not None:
            button.setEnabled(False)
        outcome = None
        try:
            outcome = load_demo_data(self, self._load_demo_data)
        except DomainError as error:
            self.show_error(error)
        finally:
            if button is not None:
                button.setEnabled(True)
            self.refresh()
        if outcome is not None:  # whom the workspace acts as now, in both places
            self.statusBar().showMessage(outcome.message, DEMO_MESSAGE_MS)
            if outcome.loaded:
                self.prompts.show_result(TITLE, outcome.message)
