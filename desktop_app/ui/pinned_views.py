"""The two tabs always open, Directory and Requests: built, wired and moved to a workspace together.

The window keeps them pinned first; what they ask for (an account, a request) opens through the
document opener, and what a decision in the Requests tab changed reaches every view.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Final, Protocol

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.ui.action_changes import decided_changes
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.document_opener import DocumentOpener
from desktop_app.ui.documents import deliver
from desktop_app.ui.lifetime import alive
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.requests.requests_view import RequestsView, requests_tab_title
from desktop_app.ui.window_tabs import WindowTabs
from desktop_app.ui.workspace import ReaderOpener

DIRECTORY_TAB: Final = "Directory"


class PinnedShell(Protocol):
    """What the pinned views need of the window."""

    @property
    def services(self) -> Services:
        """The open workspace's services."""

    def apply_changes(self, changes: Changes) -> None:
        """Hand what an action changed to every open view."""

    def show_error(self, error: DomainError) -> object:
        """Tell the user why a service refused."""

    def update_actions(self) -> None:
        """Enable the actions that apply to what is current now."""


class PinnedViews:
    """The Directory and the Requests tab of one window, pinned first in its ``tabs``."""

    def __init__(
        self,
        shell: PinnedShell,
        tabs: WindowTabs,
        opener: DocumentOpener,
        *,
        offer_demo_data: bool,
        row_actions: Sequence[QAction | None],
    ) -> None:
        self._shell_ref = weakref.ref(shell)  # weakly: the window holds its views
        self._tabs = tabs
        services = shell.services
        self.directory = DirectoryView(services.directory, offer_demo_data=offer_demo_data)
        self.directory.error_occurred.connect(shell.show_error)
        self.directory.current_account_changed.connect(self._on_directory_current_account_changed)
        self.directory.account_activated.connect(opener.open_account)
        self.requests = RequestsView(services)
        self.requests.request_requested.connect(opener.open_request)
        self.requests.pending_count_changed.connect(self._on_requests_pending_count_changed)
        self.requests.requests_decided.connect(self._on_requests_requests_decided)
        tabs.pin(self.directory, DIRECTORY_TAB)
        tabs.pin(self.requests, requests_tab_title(self.requests.pending_count()))
        self.directory.set_row_actions(row_actions)
        self._reader: BackgroundReader | None = None

    @property
    def _shell(self) -> PinnedShell:
        return alive(self._shell_ref)

    @property
    def reader(self) -> BackgroundReader | None:
        """The thread both tables read on; None when they read on the window's thread."""
        return self._reader

    def views(self) -> tuple[DirectoryView, RequestsView]:
        """Both views (each keeps its layout in the settings)."""
        return self.directory, self.requests

    def read_apart(self, open_reader: ReaderOpener | None) -> None:
        """Both tables count and fetch on a reading thread from now on (None: on this one).

        The thread opens its connection with ``open_reader``; the previous thread ends and
        closes its own.
        """
        previous = self._reader
        self._reader = BackgroundReader(open_reader, self.directory) if open_reader else None
        self.directory.use_reader(self._reader)
        self.requests.use_reader(self._reader)
        if previous is not None:
            previous.close()

    def follow(self, services: Services, open_reader: ReaderOpener | None = None) -> None:
        """Read another workspace from now on (``open_reader`` None: the same one, restored)."""
        if open_reader is not None:
            self.read_apart(open_reader)
        self.directory.set_directory(services.directory)
        self.requests.set_services(services)

    def apply_changes(self, changes: Changes) -> None:
        """Each view reads again what it shows of ``changes``."""
        self.directory.apply_changes(changes)
        deliver(self.requests, changes)

    def show_requests(self, account_id: str | None = None) -> RequestsView:
        """The Requests tab, filtered to ``account_id`` (its pending ones when it has any)."""
        if account_id is not None:
            pending = self._shell.services.requests.pending_count(account_id)
            self.requests.show_account(account_id, RequestStatus.PENDING if pending else None)
        self._tabs.setCurrentWidget(self.requests)
        return self.requests

    def show_directory(self) -> None:
        """The Directory tab, its search box focused."""
        self._tabs.setCurrentWidget(self.directory)
        self.directory.search_edit.setFocus()

    def show_all_requests(self) -> None:
        """The Requests tab with its filters as they are."""
        self.show_requests()

    @Slot(object)
    def _on_directory_current_account_changed(self, _account_id: object) -> None:
        self._shell.update_actions()

    @Slot(int)
    def _on_requests_pending_count_changed(self, pending: int) -> None:
        index = self._tabs.indexOf(self.requests)
        title = requests_tab_title(pending)
        if index >= 0 and self._tabs.tabText(index) != title:  # the same text lays out all again
            self._tabs.setTabText(index, title)

    @Slot(list)
    def _on_requests_requests_decided(self, request_ids: list[str]) -> None:
        # the accounts' sync state and open request tabs follow the decisions
        self._shell.apply_changes(decided_changes(self._shell.services, request_ids))
