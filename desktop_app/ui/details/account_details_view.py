"""The Tier Account Details screen: who the account is, Edit and Delete, and seven tabs."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from functools import partial
from typing import Any, Final

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.accounts import AccountSummary
from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.decision import Decision
from desktop_app.ui.details import account_requests
from desktop_app.ui.details.account_data_pages import AccountDataPages
from desktop_app.ui.details.account_header import DIRECT_RESELLER_TEXT as DIRECT_RESELLER_TEXT
from desktop_app.ui.details.account_header import AccountHeader
from desktop_app.ui.details.columns import (
    CHILD_COLUMNS,
    REQUEST_COLUMNS,
    SUBSCRIPTION_COLUMNS,
    TIER_CONFIG_COLUMNS,
    TIER_CONFIG_REQUEST_COLUMNS,
)
from desktop_app.ui.details.history_tab import HistoryTab
from desktop_app.ui.details.listing_tab import ListingTab
from desktop_app.ui.dialogs.delete_account import ask_delete, delete_account
from desktop_app.ui.documents import account_key
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.models.listing_jobs import Recipe
from desktop_app.ui.models.listing_table_model import ColumnSpec
from desktop_app.ui.object_stack import ObjectStack


class Tab(IntEnum):
    """The tabs of the details screen, in display order."""

    ACCOUNT_DATA = 0
    CHILD_ACCOUNTS = 1
    REQUESTS = 2
    TIER_ACCOUNT_REQUESTS = 3
    SUBSCRIPTIONS = 4
    TIER_CONFIG_REQUESTS = 5
    TIER_CONFIGS = 6
    DETAILS = 7
    HISTORY = 8

    @property
    def title(self) -> str:
        """The tab's title, as users know it from Connect."""
        return TAB_TITLES[self]


TAB_TITLES: Final[dict[Tab, str]] = {
    Tab.ACCOUNT_DATA: "Account Data",
    Tab.CHILD_ACCOUNTS: "Child Accounts",
    Tab.REQUESTS: "Requests",
    Tab.TIER_ACCOUNT_REQUESTS: account_requests.TITLE,
    Tab.SUBSCRIPTIONS: "Subscriptions",
    Tab.TIER_CONFIG_REQUESTS: "Tier Config Requests",
    Tab.TIER_CONFIGS: "Tier Configs",
    Tab.DETAILS: "Details",
    Tab.HISTORY: "History",
}


def _item_id(item: Any) -> str:
    """The id of a row of any of the list tabs (an account, a request, a subscription…)."""
    return str(item.id)


class AccountDetailsView(QWidget):
    """One tier account: header with Edit and ⋮ → Delete, and its data in tabs."""

    account_requested = Signal(str)
    """The id of another account to open (the parent link, a child row)."""
    edit_requested = Signal(str)
    """The user clicked Edit; the id of this account."""
    deleted = Signal(str)
    """This account was deleted (decommissioned); its id."""
    requests_requested = Signal(str)
    """The user asked for this account's tier account requests (the sync state link)."""
    product_requested = Signal(str)
    """The user opened a subscription: the id of its product, whose profile to show."""
    request_requested = Signal(str)
    """The id of a tier account request to open (from the History tab)."""

    def __init__(
        self,
        services: Services,
        account_id: str,
        parent: QWidget | None = None,
        *,
        reader: BackgroundReader | None = None,
    ) -> None:
        """With the window's ``reader`` the list tabs read on its thread."""
        super().__init__(parent)
        self.setObjectName("account_details_view")
        self._services = services
        self._account_id = account_id
        self._reader = reader
        self._summary: AccountSummary | None = None

        self.header = AccountHeader()
        """Name, Edit, ⋮ → Delete, banners and key facts."""
        header = self.header
        header.edit_button.clicked.connect(self._on_edit_button_clicked)
        header.delete_action.triggered.connect(self._on_delete_action_triggered)
        header.parent_link.linkActivated.connect(self._on_parent_link_link_activated)
        header.sync_label.linkActivated.connect(self._on_sync_label_link_activated)
        self.name_label, self.edit_button = header.name_label, header.edit_button
        self.delete_action, self.more_button = header.delete_action, header.more_button
        self.deleted_banner, self.read_only_label = header.deleted_banner, header.read_only_label
        self.type_label, self.parent_link = header.type_label, header.parent_link
        self.hub_label, self.owner_label = header.hub_label, header.owner_label
        self.sync_label, self.id_label = header.sync_label, header.id_label
        self.pages = AccountDataPages()
        """The Account Data and Details tabs."""
        self.values = self.pages.values
        """The value labels of the Account Data and Details tabs by field name."""
        self.details_form = self.pages.details_form

        self.stack = ObjectStack(header, self._build_tabs(), name="details_stack")
        self.content_page = self.stack.content_page
        self.missing_label = self.stack.missing_label
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.refresh()

    # public

    @property
    def account_id(self) -> str:
        """The id of the account shown."""
        return self._account_id

    @property
    def key(self) -> str:
        """Its key among the open documents."""
        return account_key(self._account_id)

    def current_account_id(self) -> str | None:
        """The account shown: Edit and Delete apply to it."""
        return self._account_id

    def as_widget(self) -> QWidget:
        """The view itself, for its tab."""
        return self

    @property
    def summary(self) -> AccountSummary | None:
        """What was read on the last refresh; None when the account could not be read."""
        return self._summary

    def title(self) -> str:
        """The account's name for a tab title; its id when it could not be read."""
        return self._summary.account.name if self._summary is not None else self._account_id

    def refresh(self) -> None:
        """Read the account again; tabs that were shown ask their listing again."""
        accounts = self._services.accounts
        summary = self.stack.read(
            f"tier account {self._account_id}", lambda: accounts.summary(self._account_id)
        )
        self._summary = summary
        if summary is None:
            return
        try:
            change = self._services.accounts.change_decision(self._account_id)
        except DomainError as error:
            change = Decision(False, error.message)
        self.header.show_account(summary, change, self._services.workspace)
        self.pages.show_account(self._account_id, summary, self._services.workspace)
        self.stack.show_content()
        for tab in self.listing_tabs():
            tab.refresh()
        self.history_tab.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Read again when the account, its child accounts or its requests changed."""
        if changes.touches_account(self._account_id):
            self.refresh()

    def is_showing_missing(self) -> bool:
        """True while a message replaces the account (it vanished or could not be read)."""
        return self.stack.is_showing_missing()

    def listing_tabs(self) -> tuple[ListingTab[Any], ...]:
        """The list tabs, in tab order."""
        return (
            self.children_tab,
            self.requests_tab,
            self.tier_account_requests_tab,
            self.subscriptions_tab,
            self.tier_config_requests_tab,
            self.tier_configs_tab,
        )

    def show_tab(self, tab: Tab) -> None:
        """Make ``tab`` the current tab (a list tab loads then)."""
        self.details_tabs.setCurrentIndex(tab)

    # building

    def _build_tabs(self) -> QTabWidget:
        account_id, services, reader = self._account_id, self._services, self._reader
        self.details_tabs = QTabWidget()
        self.details_tabs.setObjectName("details_tabs")
        self.details_tabs.setDocumentMode(True)

        def list_tab(
            name: str,
            recipe: Recipe[Any],
            columns: Sequence[ColumnSpec[Any]],
            noun: tuple[str, str],
        ) -> ListingTab[Any]:
            # the recipe reads the account's list over any services: the window's or the
            # reading thread's; it holds neither this view nor its services
            return ListingTab(
                name,
                partial(recipe, services),
                columns,
                _item_id,
                noun,
                recipe=recipe,
                reader=reader,
            )

        self.children_tab = list_tab(
            "children_table",
            lambda apart: apart.directory.children(account_id),
            CHILD_COLUMNS,
            ("child account", "child accounts"),
        )
        self.children_tab.item_activated.connect(self._on_children_tab_item_activated)
        self.requests_tab = list_tab(
            "requests_table",
            lambda apart: apart.directory.fulfillment_requests(account_id),
            REQUEST_COLUMNS,
            ("fulfillment request", "fulfillment requests"),
        )
        self.tier_account_requests_tab = account_requests.account_requests_tab(
            services, account_id, reader
        )
        self.tier_account_requests_tab.item_activated.connect(self.request_requested)
        self.subscriptions_tab = list_tab(
            "subscriptions_table",
            lambda apart: apart.directory.subscriptions(account_id),
            SUBSCRIPTION_COLUMNS,
            ("subscription", "subscriptions"),
        )
        self.subscriptions_tab.table.activated.connect(self._on_subscriptions_table_activated)
        self.tier_config_requests_tab = list_tab(
            "tier_config_requests_table",
            lambda apart: apart.directory.tier_config_requests(account_id),
            TIER_CONFIG_REQUEST_COLUMNS,
            ("tier config request", "tier config requests"),
        )
        self.tier_configs_tab = list_tab(
            "tier_configs_table",
            lambda apart: apart.directory.tier_configs(account_id),
            TIER_CONFIG_COLUMNS,
            ("tier config", "tier configs"),
        )
        self.history_tab = HistoryTab(services, account_id, reader=reader)
        self.history_tab.request_activated.connect(self.request_requested)
        self.children_table = self.children_tab.table
        self.requests_table = self.requests_tab.table
        self.subscriptions_table = self.subscriptions_tab.table
        self.tier_config_requests_table = self.tier_config_requests_tab.table
        self.tier_configs_table = self.tier_configs_tab.table

        pages: dict[Tab, QWidget] = {
            Tab.ACCOUNT_DATA: self.pages.account_data_page,
            Tab.CHILD_ACCOUNTS: self.children_tab,
            Tab.REQUESTS: self.requests_tab,
            Tab.TIER_ACCOUNT_REQUESTS: self.tier_account_requests_tab,
            Tab.SUBSCRIPTIONS: self.subscriptions_tab,
            Tab.TIER_CONFIG_REQUESTS: self.tier_config_requests_tab,
            Tab.TIER_CONFIGS: self.tier_configs_tab,
            Tab.DETAILS: self.pages.details_page,
            Tab.HISTORY: self.history_tab,
        }
        for tab in Tab:
            self.details_tabs.addTab(pages[tab], tab.title)
        self.details_tabs.currentChanged.connect(self._on_details_tabs_current_changed)
        return self.details_tabs

    # deleting

    def confirm_delete(self, question: str) -> bool:
        """Ask before deleting; tests replace it on the instance (a method: no reference cycle)."""
        return ask_delete(self, question)

    def _delete(self) -> None:
        if self._summary is None:
            return
        deleted = delete_account(self, self._services, self._account_id, self.confirm_delete)
        self.refresh()
        if deleted:
            self.deleted.emit(self._account_id)

    # slots

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        self.edit_requested.emit(self._account_id)

    @Slot()
    def _on_delete_action_triggered(self) -> None:
        self._delete()

    @Slot(str)
    def _on_parent_link_link_activated(self, href: str) -> None:
        self.account_requested.emit(href)

    @Slot(str)
    def _on_sync_label_link_activated(self, _href: str) -> None:
        self.requests_requested.emit(self._account_id)

    @Slot(QModelIndex)
    def _on_subscriptions_table_activated(self, index: QModelIndex) -> None:
        # a subscription has no screen of its own: opening one opens its product's profile
        model = self.subscriptions_tab.model
        subscription = model.item(index.row()) if model is not None else None
        if subscription is not None:
            self.product_requested.emit(subscription.product_id)

    @Slot(str)
    def _on_children_tab_item_activated(self, account_id: str) -> None:
        self.account_requested.emit(account_id)

    @Slot(int)
    def _on_details_tabs_current_changed(self, index: int) -> None:
        page = self.details_tabs.widget(index)
        if isinstance(page, ListingTab | HistoryTab):
            page.load()
