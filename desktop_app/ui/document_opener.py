"""Opening the document tabs (account, request, product, products, tree), each wired once.

Each kind of document is built here with its signals connected to the window's actions, then
kept in the window's registry by key: asking again shows the tab already open.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Slot

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.ui.account_actions import AccountActions
from desktop_app.ui.action_changes import decided_changes
from desktop_app.ui.documents import (
    HIERARCHY_KEY,
    PRODUCTS_KEY,
    DocumentTabs,
    account_key,
    product_key,
    request_key,
)
from desktop_app.ui.lifetime import alive

if TYPE_CHECKING:
    from desktop_app.ui.details.account_details_view import AccountDetailsView
    from desktop_app.ui.hierarchy.hierarchy_view import HierarchyView
    from desktop_app.ui.models.background_reads import BackgroundReader
    from desktop_app.ui.products.product_view import ProductView
    from desktop_app.ui.products.products_view import ProductsView
    from desktop_app.ui.requests.request_details_view import RequestDetailsView


class DocumentShell(Protocol):
    """What opening documents needs of the window."""

    @property
    def services(self) -> Services:
        """The open workspace's services."""

    def apply_changes(self, changes: Changes) -> None:
        """Hand what an action changed to every open view."""

    def show_requests(self, account_id: str | None = None) -> object:
        """The Requests tab, filtered to ``account_id``."""

    def show_error(self, error: DomainError) -> object:
        """Tell the user why a service refused."""

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar."""

    def update_actions(self) -> None:
        """Enable the actions that apply to what is current now."""

    @property
    def reader(self) -> BackgroundReader | None:
        """The thread the window's lists read on (None: they read on the window's thread)."""


class DocumentOpener:
    """Finds or builds the tab of one account, request or product, and shows it."""

    def __init__(
        self, shell: DocumentShell, documents: DocumentTabs, accounts: AccountActions
    ) -> None:
        self._shell_ref = weakref.ref(shell)  # weakly: the window holds its opener
        self._documents = documents
        self._accounts = accounts

    @property
    def _shell(self) -> DocumentShell:
        return alive(self._shell_ref)

    def account_views(self) -> list[AccountDetailsView]:
        """The open account tabs, in tab order."""
        from desktop_app.ui.details.account_details_view import AccountDetailsView

        return [d for d in self._documents.documents() if isinstance(d, AccountDetailsView)]

    def account_view(self, account_id: str) -> AccountDetailsView | None:
        """The open tab of ``account_id``, if any."""
        from desktop_app.ui.details.account_details_view import AccountDetailsView

        return self._documents.find(account_key(account_id), AccountDetailsView)

    @Slot(str)
    def open_account(self, account_id: str) -> AccountDetailsView:
        """Show the account's details in its tab (reused when already open)."""
        from desktop_app.ui.details.account_details_view import AccountDetailsView

        view = self.account_view(account_id)
        if view is None:
            shell = self._shell
            view = AccountDetailsView(shell.services, account_id, reader=shell.reader)
            view.account_requested.connect(self.open_account)
            view.edit_requested.connect(self._accounts.edit_account)
            view.deleted.connect(self._accounts.account_deleted)
            view.requests_requested.connect(self._shell.show_requests)
            view.product_requested.connect(self.open_product)
            view.request_requested.connect(self.open_request)
            self._documents.add(view, account_id)
        self._documents.show(view)
        return view

    @Slot(str)
    def open_request(self, request_id: str) -> RequestDetailsView:
        """Show a tier account request in its tab (reused when already open)."""
        from desktop_app.ui.requests.request_details_view import RequestDetailsView

        view = self._documents.find(request_key(request_id), RequestDetailsView)
        if view is None:
            view = RequestDetailsView(self._shell.services, request_id)
            view.account_requested.connect(self.open_account)
            view.product_requested.connect(self._on_request_view_product_requested)
            view.request_changed.connect(self._on_request_changed)
            self._documents.add(view, request_id)
        self._documents.show(view)
        return view

    @Slot(str)
    def open_product(self, product_id: str) -> ProductView:
        """Show a product's profile in its tab (reused when already open)."""
        from desktop_app.ui.products.product_view import ProductView

        view = self._documents.find(product_key(product_id), ProductView)
        if view is None:
            view = ProductView(self._shell.services, product_id)
            view.product_changed.connect(self._on_product_changed)
            self._documents.add(view, product_id)
        self._documents.show(view)
        return view

    def show_products(self) -> ProductsView:
        """Show the list of products (one tab)."""
        from desktop_app.ui.products.products_view import ProductsView

        view = self._documents.find(PRODUCTS_KEY, ProductsView)
        if view is None:
            view = ProductsView(self._shell.services)
            view.product_requested.connect(self.open_product)
            self._documents.add(view)
        self._documents.show(view)
        return view

    def show_hierarchy(self) -> HierarchyView:
        """Show resellers and their children as a tree (one tab, built when first asked for)."""
        from desktop_app.ui.hierarchy.hierarchy_view import HierarchyView

        view = self._documents.find(HIERARCHY_KEY, HierarchyView)
        if view is None:
            view = HierarchyView(self._shell.services.directory)
            view.account_activated.connect(self.open_account)
            view.current_account_changed.connect(self._on_hierarchy_current_account_changed)
            view.error_occurred.connect(self._shell.show_error)
            self._documents.add(view)
        self._documents.show(view)
        return view

    @Slot(object)
    def _on_hierarchy_current_account_changed(self, _account_id: object) -> None:
        self._shell.update_actions()

    @Slot(str)
    def _on_request_view_product_requested(self, product_id: str) -> None:
        self.open_product(product_id).show_capabilities()

    @Slot(str)
    def _on_request_changed(self, request_id: str) -> None:
        self._shell.apply_changes(decided_changes(self._shell.services, [request_id]))
        self._shell.show_status(f"Saved the decision on {request_id}", 5000)

    @Slot(str)
    def _on_product_changed(self, product_id: str) -> None:
        self._shell.apply_changes(Changes.product(product_id))
        self._shell.show_status(f"Saved the capabilities of {product_id}", 5000)
