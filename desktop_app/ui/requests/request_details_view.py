"""The Tier Account Request Details screen: what an edit asks for, and Accept or Ignore."""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import IntEnum
from functools import partial
from typing import Any, Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.accounts import FIELD_LABELS, AccountData, display_value
from desktop_app.domain.catalog import Subscription, TierConfig
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.services.requests import RequestDetails
from desktop_app.ui.details.columns import (
    NONE_TEXT,
    SUBSCRIPTION_COLUMNS,
    TIER_CONFIG_COLUMNS,
    country_text,
)
from desktop_app.ui.details.listing_tab import ListingTab
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.dialogs.reason_dialog import ReasonDialog
from desktop_app.ui.documents import request_key
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
from desktop_app.ui.requests.account_data_model import (
    CHANGED_MARK,
    AccountDataModel,
    Column,
    FieldRow,
)
from desktop_app.ui.row_tables import configure_row_table


class RequestTab(IntEnum):
    """The tabs of the request details screen, in display order."""

    ACCOUNT_DATA = 0
    DETAILS = 1
    SUBSCRIPTIONS = 2
    TIER_CONFIGURATION = 3

    @property
    def title(self) -> str:
        """The tab's title, as users know it from Connect."""
        return TAB_TITLES[self]


TAB_TITLES: Final[dict[RequestTab, str]] = {
    RequestTab.ACCOUNT_DATA: "Account Data",
    RequestTab.DETAILS: "Details",
    RequestTab.SUBSCRIPTIONS: "Subscriptions",
    RequestTab.TIER_CONFIGURATION: "Tier Configuration",
}

ACCEPT_TEXT: Final = "Accept"
IGNORE_TEXT: Final = "Ignore"
ACCEPT_TITLE: Final = "Accept request"
OPEN_PRODUCT_TEXT: Final = "Open product"
REQUEST_TYPE_TEXT: Final = "Update"
NO_HUB_TEXT: Final = "None"
COLUMN_PADDING: Final = 24

PILL_STYLE: Final = (
    "QLabel {{ background: {background}; color: {color}; border: 1px solid {border};"
    " border-radius: 9px; padding: 2px 10px; font-weight: bold; }}"
)
STATUS_STYLES: Final[dict[RequestStatus, str]] = {
    RequestStatus.PENDING: PILL_STYLE.format(
        background="#fff4e0", color="#5c3b00", border="#f0cf8f"
    ),
    RequestStatus.ACCEPTED: PILL_STYLE.format(
        background="#e6f4ea", color="#1e5631", border="#a8d5b5"
    ),
    RequestStatus.IGNORED: PILL_STYLE.format(
        background="#fdecea", color="#7a1c14", border="#f1b0a8"
    ),
    RequestStatus.UNSUPPORTED: PILL_STYLE.format(
        background="#eceff1", color="#37474f", border="#c5ccd0"
    ),
}
NOTICE_STYLE: Final = (
    "QFrame#unsupported_notice { background: #eceff1; border: 1px solid #c5ccd0;"
    " border-radius: 4px; } QFrame#unsupported_notice QLabel { color: #263238; }"
)


def accept_question(request_id: str, details: RequestDetails | None) -> str:
    """The question asked before accepting."""
    if details is None:
        return f"Accept tier account request {request_id}?"
    account = details.account
    return (
        f"Accept tier account request {request_id}?\n\n"
        f"This records that {details.product.name} takes over version {details.request.version} "
        f"of {account.name} ({account.id}). The account itself is not changed."
    )


def unsupported_text(details: RequestDetails) -> str:
    """Why an unsupported request offers no action, and where the capability is switched on."""
    product = details.product
    return (
        "<b>This request is unsupported.</b> The Tier Accounts Sync capability is switched off "
        f"for {html.escape(product.name)} ({html.escape(product.id)}), so the request was "
        "ignored automatically and cannot be accepted. To let vendors accept the requests of "
        "later edits, switch Tier Accounts Sync on in the product profile: "
        "<i>Capabilities</i> tab, <i>General</i> section."
    )


def changes_text(details: RequestDetails) -> str:
    """The line above the Account Data table that sums up the changes."""
    version = details.request.version
    if details.previous is None:
        return f"Version {version} is the first; there is no previous version to compare with."
    count = len(details.changes)
    if not count:
        return f"Version {version} changes no field compared with version {version - 1}."
    noun = "field" if count == 1 else "fields"
    return f"● {count} {noun} changed compared with version {version - 1}."


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def _link_label(name: str, tooltip: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(LINKS)
    label.setOpenExternalLinks(False)
    label.setWordWrap(True)
    label.setToolTip(tooltip)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _empty_listing() -> Listing[Any]:
    # For a request that could not be read: its view shows a message, never these lists.
    return Listing(count=lambda: 0, fetch=lambda _offset, _limit: ())


class RequestDetailsView(QWidget):
    """One tier account request: header with Accept and Ignore, and its data in four tabs."""

    account_requested = Signal(str)
    """The id of the account to open (the account link)."""
    product_requested = Signal(str)
    """The id of the product to open (the product link, "Open product")."""
    request_changed = Signal(str)
    """This request was accepted or ignored; its id."""

    def __init__(self, services: Services, request_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request_details_view")
        self._services = services
        self._request_id = request_id
        self._details: RequestDetails | None = None

        self.stack = ObjectStack(self._build_header(), self._build_tabs(), name="request_stack")
        self.content_page = self.stack.content_page
        self.missing_label = self.stack.missing_label
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.refresh()

    # public

    @property
    def request_id(self) -> str:
        """The id of the request shown."""
        return self._request_id

    @property
    def key(self) -> str:
        """Its key among the open documents."""
        return request_key(self._request_id)

    def current_account_id(self) -> str | None:
        """None: Edit and Delete do not apply to a request."""
        return None

    def as_widget(self) -> QWidget:
        """The view itself, for its tab."""
        return self

    @property
    def details(self) -> RequestDetails | None:
        """What was read on the last refresh; None when the request could not be read."""
        return self._details

    def title(self) -> str:
        """The request id, for a tab title."""
        return self._request_id

    def refresh(self) -> None:
        """Read the request again; tabs that were shown ask their listing again."""
        requests = self._services.requests
        details = self.stack.read(
            f"tier account request {self._request_id}", lambda: requests.details(self._request_id)
        )
        self._details = details
        if details is None:
            return
        self._show_header(details)
        self._show_account_data(details)
        self._show_details(details)
        self.stack.show_content()
        for tab in self.listing_tabs():
            tab.refresh()

    def is_showing_missing(self) -> bool:
        """True while a message replaces the request (it vanished or could not be read)."""
        return self.stack.is_showing_missing()

    def listing_tabs(self) -> tuple[ListingTab[Any], ...]:
        """The two list tabs, in tab order."""
        return (self.subscriptions_tab, self.tier_configs_tab)

    def show_tab(self, tab: RequestTab) -> None:
        """Make ``tab`` the current tab (a list tab loads then)."""
        self.request_tabs.setCurrentIndex(tab)

    # hooks: tests replace them on the instance (methods, so that no reference cycle forms)

    def confirm_accept(self, request_id: str) -> bool:
        """Ask before accepting; True to go on."""
        question = accept_question(request_id, self._details)
        return ConfirmDialog.ask(self, ACCEPT_TITLE, question, "OK")

    def ask_reason(self, request_id: str) -> str | None:
        """Ask the reject reason; None when the user cancelled."""
        return ReasonDialog.ask(self, request_id)

    # building

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")

        self.request_id_label = title_label("request_id_label", wrap=False)

        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.accept_button = QPushButton(ACCEPT_TEXT)
        self.accept_button.setObjectName("accept_button")
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.ignore_button = QPushButton(IGNORE_TEXT)
        self.ignore_button.setObjectName("ignore_button")
        self.ignore_button.clicked.connect(self._on_ignore_button_clicked)

        top = QHBoxLayout()
        top.addWidget(self.request_id_label)
        top.addSpacing(8)
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.accept_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.ignore_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.decision_label = QLabel()
        self.decision_label.setObjectName("decision_label")
        self.decision_label.setTextFormat(Qt.TextFormat.PlainText)
        self.decision_label.setWordWrap(True)
        self.decision_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.decision_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        facts = QGridLayout()
        facts.setHorizontalSpacing(12)
        facts.setVerticalSpacing(4)
        self.account_link = _link_label("account_link", "Open the tier account")
        self.account_link.linkActivated.connect(self._on_account_link_link_activated)
        self.product_link = _link_label("product_link", "Open the product profile")
        self.product_link.linkActivated.connect(self._on_product_link_link_activated)
        self.vendor_label = value_label("vendor_label")
        self.provider_label = value_label("provider_label")
        self.version_label = value_label("version_label")
        self.type_label = value_label("type_label")
        self.created_label = value_label("created_label")
        self.updated_label = value_label("updated_label")
        cells = (
            ("Account", self.account_link, 0, 0),
            ("Product", self.product_link, 1, 0),
            ("Created", self.created_label, 2, 0),
            ("Vendor", self.vendor_label, 0, 1),
            ("Provider", self.provider_label, 1, 1),
            ("Updated", self.updated_label, 2, 1),
            ("Account version", self.version_label, 0, 2),
            ("Type", self.type_label, 1, 2),
        )
        for caption_text, value, row, pair in cells:
            # Every row lines up on its first line when a long name wraps.
            facts.addWidget(caption(caption_text), row, pair * 2, Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
        # Account and product names get the room; version and type are short.
        for pair, stretch in enumerate((3, 2, 1)):
            facts.setColumnStretch(pair * 2 + 1, stretch)

        layout = QVBoxLayout(header)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.addLayout(top)
        layout.addWidget(self.decision_label)
        layout.addWidget(self._build_unsupported_notice())
        layout.addSpacing(4)
        layout.addLayout(facts)
        return header

    def _build_unsupported_notice(self) -> QFrame:
        self.unsupported_notice = QFrame()
        self.unsupported_notice.setObjectName("unsupported_notice")
        self.unsupported_notice.setStyleSheet(NOTICE_STYLE)
        self.unsupported_text = QLabel()
        self.unsupported_text.setObjectName("unsupported_text")
        self.unsupported_text.setTextFormat(Qt.TextFormat.RichText)
        self.unsupported_text.setWordWrap(True)
        self.unsupported_text.setTextInteractionFlags(SELECTABLE)
        self.open_product_button = QPushButton(OPEN_PRODUCT_TEXT)
        self.open_product_button.setObjectName("open_product_button")
        self.open_product_button.setToolTip("Open the product profile to switch the capability on")
        self.open_product_button.clicked.connect(self._on_open_product_button_clicked)
        row = QHBoxLayout(self.unsupported_notice)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(12)
        row.addWidget(self.unsupported_text, 1)
        row.addWidget(self.open_product_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return self.unsupported_notice

    def _build_tabs(self) -> QTabWidget:
        self.request_tabs = QTabWidget()
        self.request_tabs.setObjectName("request_tabs")
        self.request_tabs.setDocumentMode(True)

        # The lists are made from the request's account and product, which never change;
        # partials over the directory service keep this view out of any reference cycle.
        directory = self._services.directory
        try:
            request = self._services.requests.get(self._request_id)
        except DomainError:
            make_subscriptions: Callable[[], Listing[Subscription]] = _empty_listing
            make_configs: Callable[[], Listing[TierConfig]] = _empty_listing
        else:
            make_subscriptions = partial(
                directory.subscriptions, request.account_id, request.product_id
            )
            make_configs = partial(directory.tier_configs, request.account_id, request.product_id)
        self.subscriptions_tab = ListingTab(
            "subscriptions_table",
            make_subscriptions,
            SUBSCRIPTION_COLUMNS,
            lambda subscription: subscription.id,
            ("subscription", "subscriptions"),
        )
        self.tier_configs_tab = ListingTab(
            "tier_configs_table",
            make_configs,
            TIER_CONFIG_COLUMNS,
            lambda config: config.id,
            ("tier configuration", "tier configurations"),
        )
        self.subscriptions_table = self.subscriptions_tab.table
        self.tier_configs_table = self.tier_configs_tab.table

        pages: dict[RequestTab, QWidget] = {
            RequestTab.ACCOUNT_DATA: self._build_account_data_page(),
            RequestTab.DETAILS: self._build_details_page(),
            RequestTab.SUBSCRIPTIONS: self.subscriptions_tab,
            RequestTab.TIER_CONFIGURATION: self.tier_configs_tab,
        }
        for tab in RequestTab:
            self.request_tabs.addTab(pages[tab], tab.title)
        self.request_tabs.currentChanged.connect(self._on_request_tabs_current_changed)
        return self.request_tabs

    def _build_account_data_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("account_data_page")
        self.changes_label = QLabel()
        self.changes_label.setObjectName("changes_label")
        self.changes_label.setWordWrap(True)

        self.account_data_model = AccountDataModel(self)
        self.account_data_table = QTableView()
        self.account_data_table.setObjectName("account_data_table")
        configure_row_table(self.account_data_table)
        self.account_data_table.setModel(self.account_data_model)
        header = self.account_data_table.horizontalHeader()
        # The field column fits the longest label when marked; the values share the rest.
        bold = QFont(self.account_data_table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max(
            metrics.horizontalAdvance(f"{CHANGED_MARK} {label}") for label in FIELD_LABELS.values()
        )
        header.resizeSection(Column.FIELD, widest + COLUMN_PADDING)
        header.setSectionResizeMode(Column.PREVIOUS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.REQUESTED, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(page)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.account_data_table, 1)
        return page

    def _build_details_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("details_page")
        self.details_form = QFormLayout()
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.details_form.setVerticalSpacing(8)
        self.hub_value = value_label("hub_value")
        self.external_id_value = value_label("external_id_value")
        self.created_value = value_label("created_value")
        self.updated_value = value_label("updated_value")
        self.reason_value = value_label("reason_value")
        rows = (
            ("Hub", self.hub_value),
            ("External ID", self.external_id_value),
            ("Created", self.created_value),
            ("Updated", self.updated_value),
            ("Reason", self.reason_value),
        )
        for caption_text, value in rows:
            self.details_form.addRow(caption(caption_text), value)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(self.details_form)
        layout.addStretch(1)
        return page

    # showing

    def _show_header(self, details: RequestDetails) -> None:
        request = details.request
        account = details.account
        product = details.product
        self.request_id_label.setText(request.id)
        self.status_label.setText(request.status.label)
        self.status_label.setStyleSheet(STATUS_STYLES[request.status])

        account_text = f"{account.name} ({account.id})"
        if account.is_decommissioned:
            account_text += ", deleted"
        self.account_link.setText(_link(account.id, account_text))
        self.product_link.setText(_link(product.id, f"{product.name} ({product.id})"))
        self.vendor_label.setText(f"{details.vendor_name} ({request.vendor_id})")
        provider = request.provider_id
        self.provider_label.setText(
            f"{details.provider_name} ({provider})" if provider else NONE_TEXT
        )
        self.version_label.setText(str(request.version))
        self.type_label.setText(REQUEST_TYPE_TEXT)
        # Connect's events.created and events.updated: who and when, in full on hover
        for label, event in (
            (self.created_label, request.created),
            (self.updated_label, request.updated),
        ):
            label.setText(event_text(self._services.workspace, event))
            label.setToolTip(full_local_time(event.at))

        decision = self._services.requests.decision(request)
        unsupported = request.status is RequestStatus.UNSUPPORTED
        for button in (self.accept_button, self.ignore_button):
            button.setEnabled(decision.allowed)
        self.accept_button.setToolTip(
            decision.reason or "Take the change over (after a confirmation)"
        )
        self.ignore_button.setToolTip(
            decision.reason or "Flag the change as a problem, with a reason; nothing is reverted"
        )
        # The unsupported notice says more than the decision's one line.
        self.decision_label.setText(decision.reason)
        self.decision_label.setVisible(not decision.allowed and not unsupported)
        self.unsupported_notice.setVisible(unsupported)
        if unsupported:
            self.unsupported_text.setText(unsupported_text(details))

    def _show_account_data(self, details: RequestDetails) -> None:
        changed = {change.field for change in details.changes}
        compared = details.previous is not None
        parents: dict[str, str] = {}
        rows = [
            FieldRow(
                field=name,
                label=label,
                before=(
                    self._field_text(details.previous, name, parents)
                    if details.previous is not None
                    else NONE_TEXT
                ),
                after=self._field_text(details.requested, name, parents),
                changed=compared and name in changed,
            )
            for name, label in FIELD_LABELS.items()
        ]
        self.account_data_model.set_rows(rows)
        self.changes_label.setText(changes_text(details))

    def _field_text(self, data: AccountData, name: str, parents: dict[str, str]) -> str:
        if name == "country":
            return country_text(data.country) or NONE_TEXT
        if name == "parent_id" and data.parent_id:
            parent_id = data.parent_id
            if parent_id not in parents:
                parents[parent_id] = self._account_text(parent_id)
            return parents[parent_id]
        return display_value(data, name) or NONE_TEXT

    def _account_text(self, account_id: str) -> str:
        try:
            account = self._services.accounts.get(account_id)
        except DomainError:
            return account_id
        return f"{account.name} ({account_id})"

    def _show_details(self, details: RequestDetails) -> None:
        request = details.request
        hub_id = details.account.hub_id
        if hub_id == NO_HUB_ID:
            self.hub_value.setText(NO_HUB_TEXT)
        else:
            hub_name = details.hub.name if details.hub is not None else hub_id
            self.hub_value.setText(f"{hub_name} ({hub_id})")
        self.external_id_value.setText(details.requested.external_id or NONE_TEXT)
        self.created_value.setText(event_text(self._services.workspace, request.created))
        self.created_value.setToolTip(full_local_time(request.created.at))
        self.updated_value.setText(event_text(self._services.workspace, request.updated))
        self.updated_value.setToolTip(full_local_time(request.updated.at))
        self.reason_value.setText(request.reason)
        self.details_form.setRowVisible(self.reason_value, bool(request.reason))

    # deciding

    def _accept(self) -> None:
        request_id = self._request_id
        if not self.confirm_accept(request_id):
            return
        try:
            self._services.requests.accept(request_id)
        except DomainError as error:
            self._refuse(error)
            return
        self.refresh()
        self.request_changed.emit(request_id)

    def _ignore(self) -> None:
        request_id = self._request_id
        reason = self.ask_reason(request_id)
        if reason is None:
            return
        try:
            self._services.requests.ignore(request_id, reason)
        except DomainError as error:
            self._refuse(error)
            return
        self.refresh()
        self.request_changed.emit(request_id)

    def _refuse(self, error: DomainError) -> None:
        show_error(self, error)
        # Another window or instance may have decided meanwhile: show what is true now.
        self.refresh()

    # slots

    @Slot()
    def _on_accept_button_clicked(self) -> None:
        self._accept()

    @Slot()
    def _on_ignore_button_clicked(self) -> None:
        self._ignore()

    @Slot(str)
    def _on_account_link_link_activated(self, href: str) -> None:
        self.account_requested.emit(href)

    @Slot(str)
    def _on_product_link_link_activated(self, href: str) -> None:
        self.product_requested.emit(href)

    @Slot()
    def _on_open_product_button_clicked(self) -> None:
        if self._details is not None:
            self.product_requested.emit(self._details.product.id)

    @Slot(int)
    def _on_request_tabs_current_changed(self, index: int) -> None:
        page = self.request_tabs.widget(index)
        if isinstance(page, ListingTab):
            page.load()
