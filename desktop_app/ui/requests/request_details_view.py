"""The Tier Account Request Details screen: what an edit asks for, and Accept or Ignore."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from functools import partial
from typing import Any, Final

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.catalog import Subscription, TierConfig
from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.services.requests import RequestDetails
from desktop_app.ui.details.columns import SUBSCRIPTION_COLUMNS, TIER_CONFIG_COLUMNS
from desktop_app.ui.details.listing_tab import ListingTab
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.dialogs.reason_dialog import ReasonDialog
from desktop_app.ui.documents import request_key
from desktop_app.ui.object_stack import ObjectStack
from desktop_app.ui.requests.request_header import RequestHeader
from desktop_app.ui.requests.request_pages import RequestPages


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

ACCEPT_TITLE: Final = "Accept request"


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

        self.header = RequestHeader()
        """Id, status, Accept and Ignore, the unsupported notice and the facts."""
        header = self.header
        header.accept_button.clicked.connect(self._on_accept_button_clicked)
        header.ignore_button.clicked.connect(self._on_ignore_button_clicked)
        header.account_link.linkActivated.connect(self._on_account_link_link_activated)
        header.product_link.linkActivated.connect(self._on_product_link_link_activated)
        header.open_product_button.clicked.connect(self._on_open_product_button_clicked)
        self.request_id_label, self.status_label = header.request_id_label, header.status_label
        self.accept_button, self.ignore_button = header.accept_button, header.ignore_button
        self.decision_label, self.account_link = header.decision_label, header.account_link
        self.product_link, self.vendor_label = header.product_link, header.vendor_label
        self.provider_label, self.version_label = header.provider_label, header.version_label
        self.type_label, self.created_label = header.type_label, header.created_label
        self.updated_label, self.unsupported_notice = (
            header.updated_label,
            header.unsupported_notice,
        )
        self.unsupported_text = header.unsupported_text
        self.open_product_button = header.open_product_button
        self.pages = RequestPages(self)
        """The Account Data and Details tabs."""
        pages = self.pages
        self.changes_label, self.account_data_model = pages.changes_label, pages.account_data_model
        self.account_data_table, self.details_form = pages.account_data_table, pages.details_form
        self.hub_value, self.external_id_value = pages.hub_value, pages.external_id_value
        self.created_value, self.updated_value = pages.created_value, pages.updated_value
        self.reason_value = pages.reason_value

        self.stack = ObjectStack(header, self._build_tabs(), name="request_stack")
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
        decision = self._services.requests.decision(details.request)
        self.header.show_request(details, decision, self._services.workspace)
        self.pages.show_request(details, self._services)
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
            RequestTab.ACCOUNT_DATA: self.pages.account_data_page,
            RequestTab.DETAILS: self.pages.details_page,
            RequestTab.SUBSCRIPTIONS: self.subscriptions_tab,
            RequestTab.TIER_CONFIGURATION: self.tier_configs_tab,
        }
        for tab in RequestTab:
            self.request_tabs.addTab(pages[tab], tab.title)
        self.request_tabs.currentChanged.connect(self._on_request_tabs_current_changed)
        return self.request_tabs

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
