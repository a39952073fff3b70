"""The open tabs remembered in the settings, and opened again when the workspace is next shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTabWidget

from desktop_app.domain.errors import DomainError
from desktop_app.ui.documents import HIERARCHY_KEY, PRODUCTS_KEY, DocumentTabs

KEY_OPEN_TABS: Final = "main_window/open_tabs"
KEY_CURRENT_TAB: Final = "main_window/current_tab"
KEY_TABS_WORKSPACE: Final = "main_window/tabs_workspace"
MAX_REOPENED: Final = 50
"""A window closed with more tabs open gets back the first fifty."""


@dataclass(frozen=True)
class OpenTabs:
    """The documents open in one workspace's window: keys in tab order, the current one's."""

    workspace: str
    keys: tuple[str, ...]
    current: str | None


class Shown(Protocol):
    """A document that says when what it shows could not be read."""

    def is_showing_missing(self) -> bool: ...


class DocumentOpener(Protocol):
    """What reopening needs of the main window: its ``open_*`` and ``show_*`` and its tabs."""

    @property
    def documents(self) -> DocumentTabs: ...

    @property
    def tabs(self) -> QTabWidget: ...

    def open_account(self, account_id: str) -> Shown: ...

    def open_request(self, request_id: str) -> Shown: ...

    def open_product(self, product_id: str) -> Shown: ...

    def show_products(self) -> object: ...

    def show_hierarchy(self) -> object: ...


def remember_tabs(settings: QSettings, documents: DocumentTabs, workspace: str) -> None:
    """Remember the open documents of ``workspace``'s window, in tab order, and the current one."""
    current = documents.current()
    save_open_tabs(
        settings,
        OpenTabs(
            workspace=workspace,
            keys=tuple(document.key for document in documents.documents()),
            current=current.key if current is not None else None,
        ),
    )


def reopen_tabs(opener: DocumentOpener, settings: QSettings, workspace: str) -> None:
    """Open again the tabs open when ``workspace``'s window last closed; the current one shown.

    Nothing when the window that closed last showed another workspace.
    """
    remembered = saved_open_tabs(settings)
    if remembered.workspace != workspace or not remembered.keys:
        return
    for key in remembered.keys:
        reopen_document(opener, key)
    current = opener.documents.widget_of(remembered.current) if remembered.current else None
    opener.tabs.setCurrentIndex(opener.tabs.indexOf(current) if current is not None else 0)


def save_open_tabs(settings: QSettings, tabs: OpenTabs) -> None:
    """Remember ``tabs`` (the last window closed wins)."""
    settings.setValue(KEY_TABS_WORKSPACE, tabs.workspace)
    settings.setValue(KEY_OPEN_TABS, list(tabs.keys))
    settings.setValue(KEY_CURRENT_TAB, tabs.current or "")


def saved_open_tabs(settings: QSettings) -> OpenTabs:
    """What :func:`save_open_tabs` kept; nothing when it kept nothing readable."""
    keys = settings.value(KEY_OPEN_TABS, [])
    if isinstance(keys, str):  # an INI file gives back a one-item list as the item
        keys = [keys]
    if not isinstance(keys, list):
        keys = []
    return OpenTabs(
        workspace=str(settings.value(KEY_TABS_WORKSPACE, "", type=str)),
        keys=tuple(str(key) for key in keys if key)[:MAX_REOPENED],
        current=str(settings.value(KEY_CURRENT_TAB, "", type=str)) or None,
    )


def reopen_document(opener: DocumentOpener, key: str) -> None:
    """Open the document of ``key`` again; one that is gone (deleted, unknown) stays closed."""
    kind, _, item_id = key.partition(":")
    try:
        if key == PRODUCTS_KEY:
            opener.show_products()
            return
        if key == HIERARCHY_KEY:
            opener.show_hierarchy()
            return
        if kind == "account":
            shown = opener.open_account(item_id)
        elif kind == "request":
            shown = opener.open_request(item_id)
        elif kind == "product":
            shown = opener.open_product(item_id)
        else:
            return
    except DomainError:
        opener.documents.close(key)
        return
    if shown.is_showing_missing():
        opener.documents.close(key)
