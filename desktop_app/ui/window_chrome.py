"""The main window's chrome: menus, tool bar, the read-only banner and the acting operator."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.config import APP_NAME
from desktop_app.domain.errors import DomainError
from desktop_app.services.workspace import WorkspaceService
from desktop_app.services.write_permission import READ_ONLY_BADGE, read_only_banner
from desktop_app.ui.actions import Actions

OPERATOR_TIP: Final = "The vendor or provider account this workspace acts as"
BANNER_STYLE: Final = (
    "QLabel#read_only_banner { background: #fff4e0; color: #5c3b00;"
    " border: 1px solid #f0cf8f; border-radius: 4px; padding: 6px 8px; }"
)
READ_ONLY_STATUS_STYLE: Final = (
    "QLabel#read_only_status { background: #fff4e0; color: #5c3b00;"
    " border: 1px solid #f0cf8f; border-radius: 8px; padding: 0 8px; font-weight: bold; }"
)


def window_title(workspace_path: Path | None, workspace_name: str = "") -> str:
    """``workspace.sqlite — Tier Accounts`` (a team workspace: ``customers on db1``)."""
    if workspace_path is not None:
        return f"{workspace_path.name} — {APP_NAME}"
    return f"{workspace_name} — {APP_NAME}" if workspace_name else APP_NAME


def unavailable_tip(reason: str) -> str:
    """The tooltip of an action refused now (a read-only workspace, an account on an OA hub)."""
    return f"Not available: {reason}"


def build_menus(window: QMainWindow, actions: Actions) -> None:
    """File, Accounts, View and Help."""
    file_menu = window.menuBar().addMenu("&File")
    file_menu.setObjectName("file_menu")
    file_menu.addAction(actions.new_database)
    file_menu.addAction(actions.open_database)
    file_menu.addAction(actions.open_team_workspace)
    file_menu.addSeparator()
    file_menu.addAction(actions.back_up)
    file_menu.addAction(actions.restore)
    file_menu.addSeparator()
    file_menu.addAction(actions.import_accounts)
    file_menu.addAction(actions.export_accounts)
    file_menu.addSeparator()
    file_menu.addAction(actions.close_tab)
    file_menu.addAction(actions.close_other_tabs)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    accounts_menu = window.menuBar().addMenu("&Accounts")
    accounts_menu.setObjectName("accounts_menu")
    accounts_menu.setToolTipsVisible(True)  # why Edit or Delete is closed
    accounts_menu.addAction(actions.add_customer)
    accounts_menu.addAction(actions.edit)
    accounts_menu.addAction(actions.delete)
    accounts_menu.addSeparator()
    accounts_menu.addAction(actions.copy_id)
    accounts_menu.addAction(actions.show_account_requests)
    view_menu = window.menuBar().addMenu("&View")
    view_menu.setObjectName("view_menu")
    view_menu.addAction(actions.show_directory)
    view_menu.addAction(actions.show_requests)
    view_menu.addAction(actions.show_products)
    view_menu.addAction(actions.show_hierarchy)
    view_menu.addSeparator()
    view_menu.addAction(actions.refresh)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.setObjectName("help_menu")
    help_menu.addAction(actions.keyboard_shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(actions.about)


def build_toolbar(window: QMainWindow, actions: Actions, operator_combo: QComboBox) -> QToolBar:
    """Add, Edit, Delete and Refresh on the left, the acting operator on the right."""
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (actions.add_customer, actions.edit):
        toolbar.addAction(action)
    toolbar.addAction(actions.delete)
    toolbar.addSeparator()
    toolbar.addAction(actions.refresh)
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
    toolbar.addWidget(spacer)
    acting = QLabel("Acting as ")
    acting.setBuddy(operator_combo)
    toolbar.addWidget(acting)
    toolbar.addWidget(operator_combo)
    return toolbar


class ReadOnlyIndicators:
    """The banner above the tabs and the badge in the status bar of a read-only workspace."""

    def __init__(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("read_only_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner_row = QWidget()
        self.banner_row.setObjectName("read_only_banner_row")
        layout = QVBoxLayout(self.banner_row)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.banner)
        self.banner_row.setVisible(False)
        self.status = QLabel(READ_ONLY_BADGE)
        self.status.setObjectName("read_only_status")
        self.status.setStyleSheet(READ_ONLY_STATUS_STYLE)
        self.status.setVisible(False)

    def above(self, tabs: QWidget) -> QWidget:
        """The window's central widget: the banner's row above ``tabs``."""
        central = QWidget()
        central.setObjectName("central_widget")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner_row)
        layout.addWidget(tabs, 1)
        return central

    def show(self, reason: str | None) -> None:
        """Show why the workspace is read-only; hide both when it is writable."""
        self.banner_row.setVisible(reason is not None)
        self.status.setVisible(reason is not None)
        if reason is not None:
            self.banner.setText(read_only_banner(reason))
            self.status.setToolTip(read_only_banner(reason))


class OperatorDisplay:
    """Who the workspace acts as: a combo in the tool bar, a label in the status bar."""

    def __init__(self) -> None:
        self.combo = QComboBox()
        self.combo.setObjectName("operator_combo")
        self.combo.setToolTip(OPERATOR_TIP)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label = QLabel()
        self.label.setObjectName("operator_label")

    def add_to(self, status_bar: QStatusBar) -> None:
        """Put the label at the right end of ``status_bar``."""
        status_bar.addPermanentWidget(self.label)

    def show(self, workspace: WorkspaceService) -> None:
        """Read the operator and the ones to choose from; none can be chosen read-only."""
        try:
            operator = workspace.operator()
            operators = workspace.operators()
        except DomainError as error:
            self.label.setText(error.message)
            self.combo.setEnabled(False)
            return
        self.combo.blockSignals(True)
        self.combo.clear()
        for candidate in operators:
            self.combo.addItem(
                f"{candidate.name} ({candidate.id}, {candidate.role.value})", candidate.id
            )
        self.combo.setCurrentIndex(self.combo.findData(operator.id))
        permission = workspace.write_permission()
        self.combo.setEnabled(len(operators) > 1 and permission.allowed)
        self.combo.setToolTip(
            OPERATOR_TIP if permission.allowed else unavailable_tip(permission.reason)
        )
        self.combo.blockSignals(False)
        self.label.setText(f"Acting as {operator.name} ({operator.id}, {operator.role.value})")
