"""The Tier Account Details screen: who the account is, Edit and Delete, and seven tabs."""

from __future__ import annotations

import html
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.accounts import (
    FIELD_LABELS,
    AccountData,
    AccountSummary,
    display_value,
)
from desktop_app.domain.errors import DomainError
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.decision import Decision
from desktop_app.ui.details import account_requests
from desktop_app.ui.details.columns import (
    CHILD_COLUMNS,
    NONE_TEXT,
    REQUEST_COLUMNS,
    SUBSCRIPTION_COLUMNS,
    TIER_CONFIG_COLUMNS,
    TIER_CONFIG_REQUEST_COLUMNS,
    country_text,
)
from desktop_app.ui.details.history_tab import HistoryTab
from desktop_app.ui.details.listing_tab import ListingTab
from desktop_app.ui.dialogs.delete_account import DELETE_TEXT, ask_delete, delete_account
from desktop_app.ui.documents import account_key
from desktop_app.ui.elided_label import elide_words
from desktop_app.ui.labels import (
    LINKS,
    SELECTABLE,
    caption,
    event_text,
    full_local_time,
    title_label,
    value_label,
)
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

# The three groups of the Account Data tab and the fields each shows, in form order.
GENERAL_FIELDS: Final = ("name", "account_id", "external_id", "external_uid", "tax_id")
ADDRESS_FIELDS: Final = (
    "country",
    "state",
    "city",
    "postal_code",
    "address_line1",
    "address_line2",
)
CONTACT_FIELDS: Final = ("first_name", "last_name", "email", "phone")
ACCOUNT_ID_LABEL: Final = "Account ID"

LINK_WORD_CHARACTERS: Final = 30
"""A word of the parent's name longer than about this is elided in the link."""
DIRECT_RESELLER_TEXT: Final = "None (direct reseller)"
NO_HUB_TEXT: Final = "None"
EDIT_TEXT: Final = "Edit"
MORE_TEXT: Final = "⋮"
BANNER_STYLE: Final = (
    "QLabel {{ background: {background}; color: {color}; border: 1px solid {border};"
    " border-radius: 4px; padding: 6px 8px; }}"
)
DELETED_STYLE: Final = BANNER_STYLE.format(background="#fdecea", color="#7a1c14", border="#f1b0a8")
READ_ONLY_STYLE: Final = BANNER_STYLE.format(
    background="#fff4e0", color="#5c3b00", border="#f0cf8f"
)


def sync_text(summary: AccountSummary) -> str:
    """``Up to date`` or ``Awaiting approval, 2 pending``."""
    if summary.pending_requests:
        return f"{summary.sync_state.label}, {summary.pending_requests:,} pending"
    return summary.sync_state.label


def read_only_text(summary: AccountSummary) -> str:
    """Why an account on a CloudBlue Commerce hub cannot be edited or deleted here."""
    account = summary.account
    return (
        f"This account is on the CloudBlue Commerce hub {summary.hub_name} ({account.hub_id}); "
        "it belongs to that system and cannot be changed here."
    )


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


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

    def __init__(self, services: Services, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("account_details_view")
        self._services = services
        self._account_id = account_id
        self._summary: AccountSummary | None = None

        self.values: dict[str, QLabel] = {}
        """The value labels of the Account Data and Details tabs by field name."""

        self.stack = ObjectStack(self._build_header(), self._build_tabs(), name="details_stack")
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
        self._show_header(summary)
        self._show_account_data(summary.account.data)
        self._show_details(summary)
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

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")

        self.name_label = title_label("name_label")

        self.edit_button = QPushButton(EDIT_TEXT)
        self.edit_button.setObjectName("edit_button")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)

        self.delete_action = QAction(DELETE_TEXT, self)
        self.delete_action.setObjectName("delete_action")
        self.delete_action.triggered.connect(self._on_delete_action_triggered)
        menu = QMenu(self)
        menu.setObjectName("more_menu")
        menu.setToolTipsVisible(True)
        menu.addAction(self.delete_action)
        self.more_button = QToolButton()
        self.more_button.setObjectName("more_button")
        self.more_button.setText(MORE_TEXT)
        self.more_button.setToolTip("More actions")
        self.more_button.setMenu(menu)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.more_button.setMinimumWidth(self.edit_button.sizeHint().height())

        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignTop)

        self.deleted_banner = QLabel()
        self.deleted_banner.setObjectName("deleted_banner")
        self.deleted_banner.setWordWrap(True)
        self.deleted_banner.setStyleSheet(DELETED_STYLE)

        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("read_only_label")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setTextInteractionFlags(SELECTABLE)
        self.read_only_label.setStyleSheet(READ_ONLY_STYLE)

        self.id_label = value_label("id_label")
        self.id_label.setWordWrap(False)
        self.type_label = value_label("type_label")
        self.parent_link = QLabel()
        self.parent_link.setObjectName("parent_link")
        self.parent_link.setOpenExternalLinks(False)
        self.parent_link.setWordWrap(True)
        self.parent_link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.parent_link.linkActivated.connect(self._on_parent_link_link_activated)
        self.hub_label = value_label("hub_label")
        self.owner_label = value_label("owner_label")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_label")
        self.sync_label.setTextFormat(Qt.TextFormat.RichText)
        self.sync_label.setTextInteractionFlags(LINKS)
        self.sync_label.setOpenExternalLinks(False)
        self.sync_label.setToolTip("Show the tier account requests of this account")
        self.sync_label.linkActivated.connect(self._on_sync_label_link_activated)

        facts = QGridLayout()
        facts.setHorizontalSpacing(12)
        facts.setVerticalSpacing(4)
        cells = (
            ("Account ID", self.id_label, 0, 0),
            ("Type", self.type_label, 1, 0),
            ("Parent account", self.parent_link, 0, 1),
            ("Owner", self.owner_label, 1, 1),
            ("Hub", self.hub_label, 0, 2),
            ("Sync state", self.sync_label, 1, 2),
        )
        for caption_text, value, row, pair in cells:
            facts.addWidget(caption(caption_text), row, pair * 2)
            facts.addWidget(value, row, pair * 2 + 1)
        # The id and type are short; parent, owner and hub names get the room.
        for pair, stretch in enumerate((1, 2, 2)):
            facts.setColumnStretch(pair * 2 + 1, stretch)

        layout = QVBoxLayout(header)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.addLayout(top)
        layout.addWidget(self.deleted_banner)
        layout.addWidget(self.read_only_label)
        layout.addSpacing(4)
        layout.addLayout(facts)
        return header

    def _build_tabs(self) -> QTabWidget:
        account_id = self._account_id
        directory = self._services.directory
        self.details_tabs = QTabWidget()
        self.details_tabs.setObjectName("details_tabs")
        self.details_tabs.setDocumentMode(True)

        self.children_tab = ListingTab(
            "children_table",
            lambda: directory.children(account_id),
            CHILD_COLUMNS,
            lambda row: row.id,
            ("child account", "child accounts"),
        )
        self.children_tab.item_activated.connect(self._on_children_tab_item_activated)
        self.requests_tab = ListingTab(
            "requests_table",
            lambda: directory.fulfillment_requests(account_id),
            REQUEST_COLUMNS,
            lambda request: request.id,
            ("fulfillment request", "fulfillment requests"),
        )
        self.tier_account_requests_tab = account_requests.account_requests_tab(
            self._services, account_id
        )
        self.tier_account_requests_tab.item_activated.connect(self.request_requested)
        self.subscriptions_tab = ListingTab(
            "subscriptions_table",
            lambda: directory.subscriptions(account_id),
            SUBSCRIPTION_COLUMNS,
            lambda subscription: subscription.id,
            ("subscription", "subscriptions"),
        )
        self.subscriptions_tab.table.activated.connect(self._on_subscriptions_table_activated)
        self.tier_config_requests_tab = ListingTab(
            "tier_config_requests_table",
            lambda: directory.tier_config_requests(account_id),
            TIER_CONFIG_REQUEST_COLUMNS,
            lambda request: request.id,
            ("tier config request", "tier config requests"),
        )
        self.tier_configs_tab = ListingTab(
            "tier_configs_table",
            lambda: directory.tier_configs(account_id),
            TIER_CONFIG_COLUMNS,
            lambda config: config.id,
            ("tier config", "tier configs"),
        )
        self.history_tab = HistoryTab(self._services, account_id)
        self.history_tab.request_activated.connect(self.request_requested)
        self.children_table = self.children_tab.table
        self.requests_table = self.requests_tab.table
        self.subscriptions_table = self.subscriptions_tab.table
        self.tier_config_requests_table = self.tier_config_requests_tab.table
        self.tier_configs_table = self.tier_configs_tab.table

        pages: dict[Tab, QWidget] = {
            Tab.ACCOUNT_DATA: self._build_account_data_page(),
            Tab.CHILD_ACCOUNTS: self.children_tab,
            Tab.REQUESTS: self.requests_tab,
            Tab.TIER_ACCOUNT_REQUESTS: self.tier_account_requests_tab,
            Tab.SUBSCRIPTIONS: self.subscriptions_tab,
            Tab.TIER_CONFIG_REQUESTS: self.tier_config_requests_tab,
            Tab.TIER_CONFIGS: self.tier_configs_tab,
            Tab.DETAILS: self._build_details_page(),
            Tab.HISTORY: self.history_tab,
        }
        for tab in Tab:
            self.details_tabs.addTab(pages[tab], tab.title)
        self.details_tabs.currentChanged.connect(self._on_details_tabs_current_changed)
        return self.details_tabs

    def _group(self, title: str, object_name: str, fields: tuple[str, ...]) -> QGroupBox:
        group = QGroupBox(title)
        group.setObjectName(object_name)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for name in fields:
            label = ACCOUNT_ID_LABEL if name == "account_id" else FIELD_LABELS[name]
            value = value_label(f"{name}_value")
            self.values[name] = value
            form.addRow(caption(label), value)
        return group

    def _build_account_data_page(self) -> QWidget:
        inner = QWidget()
        inner.setObjectName("account_data_inner")
        grid = QGridLayout(inner)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.addWidget(self._group("General", "general_group", GENERAL_FIELDS), 0, 0)
        grid.addWidget(self._group("Address", "address_group", ADDRESS_FIELDS), 0, 1, 2, 1)
        grid.addWidget(
            self._group("Technical Contact", "technical_contact_group", CONTACT_FIELDS), 1, 0
        )
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)

        page = QScrollArea()
        page.setObjectName("account_data_page")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(inner)
        return page

    def _build_details_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("details_page")
        self.details_form = QFormLayout()
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.details_form.setVerticalSpacing(8)
        rows = (
            ("created", "Created"),
            ("updated", "Updated"),
            ("version", "Version"),
            ("owner", "Owner"),
            ("environment", "Environment"),
            ("deleted", "Deleted"),
        )
        for name, caption_text in rows:
            value = value_label(f"{name}_value")
            self.values[name] = value
            self.details_form.addRow(caption(caption_text), value)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(self.details_form)
        layout.addStretch(1)
        return page

    # showing

    def _show_header(self, summary: AccountSummary) -> None:
        account = summary.account
        self.name_label.setText(account.name)
        self.id_label.setText(account.id)
        self.type_label.setText(account.type.label)

        if account.parent_id is None:
            self.parent_link.setTextFormat(Qt.TextFormat.PlainText)
            self.parent_link.setTextInteractionFlags(SELECTABLE)
            self.parent_link.setText(DIRECT_RESELLER_TEXT)
            self.parent_link.setToolTip("")
        else:
            parent_text = f"{summary.parent_name or account.parent_id} ({account.parent_id})"
            self.parent_link.setTextFormat(Qt.TextFormat.RichText)
            self.parent_link.setTextInteractionFlags(LINKS)
            # Rich text is not elided by the label: a word wider than the room would widen it.
            room = self.parent_link.fontMetrics().averageCharWidth() * LINK_WORD_CHARACTERS
            shown = elide_words(parent_text, self.parent_link.fontMetrics(), room)
            self.parent_link.setText(_link(account.parent_id, shown))
            self.parent_link.setToolTip(f"Open the parent account {parent_text}")

        if account.hub_id == NO_HUB_ID:
            self.hub_label.setText(NO_HUB_TEXT)
        else:
            self.hub_label.setText(f"{summary.hub_name} ({account.hub_id})")
        self.owner_label.setText(f"{summary.owner_name} ({account.owner_id})")
        self.sync_label.setText(_link("requests", sync_text(summary)))

        decommissioned = account.decommissioned
        self.deleted_banner.setVisible(decommissioned is not None)
        if decommissioned is not None:
            self.deleted_banner.setText(
                f"Deleted on {event_text(self._services.workspace, decommissioned)}. "
                "Deleted tier accounts cannot be restored; this one is shown read-only."
            )

        read_only = summary.hub_read_only
        self.read_only_label.setVisible(read_only)
        if read_only:
            self.read_only_label.setText(read_only_text(summary))

        try:
            change = self._services.accounts.change_decision(self._account_id)
        except DomainError as error:
            change = Decision(False, error.message)
        self.edit_button.setEnabled(change.allowed)
        self.delete_action.setEnabled(change.allowed)
        reason = f"Not available: {change.reason}" if not change.allowed else ""
        self.edit_button.setToolTip(reason or "Change the account's data (raises requests)")
        self.delete_action.setToolTip(reason or "Delete the account; it cannot be restored")

    def _show_account_data(self, data: AccountData) -> None:
        for name, label in self.values.items():
            if name == "account_id":
                text = self._account_id
            elif name == "country":
                text = country_text(data.country)
            elif name in FIELD_LABELS:
                text = display_value(data, name)
            else:
                continue
            label.setText(text or NONE_TEXT)

    def _show_details(self, summary: AccountSummary) -> None:
        account = summary.account
        self.values["created"].setText(event_text(self._services.workspace, account.created))
        self.values["created"].setToolTip(full_local_time(account.created.at))
        self.values["updated"].setText(event_text(self._services.workspace, account.updated))
        self.values["updated"].setToolTip(full_local_time(account.updated.at))
        self.values["version"].setText(str(account.version))
        self.values["owner"].setText(f"{summary.owner_name} ({account.owner_id})")
        environment = account.environment
        self.values["environment"].setText(
            environment.value.capitalize() if environment is not None else NONE_TEXT
        )
        decommissioned = account.decommissioned
        deleted = self.values["deleted"]
        self.details_form.setRowVisible(deleted, decommissioned is not None)
        if decommissioned is not None:
            deleted.setText(event_text(self._services.workspace, decommissioned))
            deleted.setToolTip(full_local_time(decommissioned.at))

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
