"""The closable tabs of the main window (accounts, requests, products), found by key."""

from __future__ import annotations

from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop_app.services.changes import Changes
from desktop_app.ui.lifetime import release_workspace


class Document(Protocol):
    """A view the main window opens in a closable tab and refreshes with the others."""

    @property
    def key(self) -> str:
        """What it shows, unique among the open tabs: ``account:PA-123``, ``products``."""

    def title(self) -> str:
        """The tab's title."""

    def refresh(self) -> None:
        """Read the workspace again."""

    def current_account_id(self) -> str | None:
        """The account Edit and Delete apply to while this tab is current; None for none."""

    def as_widget(self) -> QWidget:
        """The widget shown in the tab (the document itself)."""


@runtime_checkable
class ChangeAware(Protocol):
    """A view that updates only what an action changed, keeping its selection and scroll."""

    def apply_changes(self, changes: Changes) -> None:
        """Show ``changes``: read again what they touch of what it shows, nothing else."""


class Refreshable(Protocol):
    """A view that can only read everything again."""

    def refresh(self) -> None:
        """Read the workspace again."""


def deliver(view: Refreshable, changes: Changes) -> None:
    """Hand ``changes`` to ``view``: its :meth:`ChangeAware.apply_changes`, else a refresh.

    A view without ``apply_changes`` is read again when anything changed at all.
    """
    if isinstance(view, ChangeAware):
        view.apply_changes(changes)
    elif changes:
        view.refresh()


_Kind = TypeVar("_Kind")


def account_key(account_id: str) -> str:
    """The key of an account's tab."""
    return f"account:{account_id}"


def request_key(request_id: str) -> str:
    """The key of a tier account request's tab."""
    return f"request:{request_id}"


def product_key(product_id: str) -> str:
    """The key of a product's tab."""
    return f"product:{product_id}"


PRODUCTS_KEY = "products"
HIERARCHY_KEY = "hierarchy"


class DocumentTabs:
    """The open documents of a tab widget by key; the tab widget's other tabs are left alone."""

    def __init__(self, tabs: QTabWidget) -> None:
        self._tabs = tabs
        self._open: dict[str, Document] = {}
        self._tips: dict[str, str] = {}

    def find(self, key: str, kind: type[_Kind]) -> _Kind | None:
        """The open document of ``key`` when it is a ``kind``; None otherwise."""
        document = self._open.get(key)
        return document if isinstance(document, kind) else None

    def widget_of(self, key: str) -> QWidget | None:
        """The widget of the open document of ``key``; None when it is not open."""
        document = self._open.get(key)
        return document.as_widget() if document is not None else None

    def documents(self) -> list[Document]:
        """The open documents, in tab order."""
        by_widget = {id(d.as_widget()): d for d in self._open.values()}
        widgets = (self._tabs.widget(i) for i in range(self._tabs.count()))
        return [by_widget[id(w)] for w in widgets if id(w) in by_widget]

    def at(self, index: int) -> Document | None:
        """The document in the tab at ``index``; None for another tab or none."""
        widget = self._tabs.widget(index)
        return next((d for d in self._open.values() if d.as_widget() is widget), None)

    def current(self) -> Document | None:
        """The document of the current tab; None when another tab is current."""
        return self.at(self._tabs.currentIndex())

    def add(self, document: Document, tooltip: str = "") -> None:
        """Show ``document`` in a new tab (not made current)."""
        self._tabs.addTab(document.as_widget(), "")
        self._open[document.key] = document
        self._tips[document.key] = tooltip
        self.retitle(document)

    def show(self, document: Document) -> None:
        """Make ``document``'s tab current."""
        self._tabs.setCurrentWidget(document.as_widget())

    def retitle(self, document: Document) -> None:
        """Show the document's title on its tab (elided there), whole in the tooltip."""
        index = self._tabs.indexOf(document.as_widget())
        if index >= 0:  # "&" is no mnemonic
            title = document.title()
            self._tabs.setTabText(index, title.replace("&", "&&"))
            tip = self._tips.get(document.key, "")
            self._tabs.setTabToolTip(index, f"{title} ({tip})" if tip and tip != title else title)

    def close(self, key: str) -> bool:
        """Remove ``key``'s tab and let Qt delete its view; False when it is not open."""
        document = self._open.pop(key, None)
        self._tips.pop(key, None)
        if document is None:
            return False
        widget = document.as_widget()
        self._tabs.removeTab(self._tabs.indexOf(widget))
        widget.deleteLater()
        return True

    def close_at(self, index: int) -> bool:
        """Close the document in the tab at ``index``; False for a pinned tab or none."""
        document = self.at(index)
        return document is not None and self.close(document.key)

    def close_others(self) -> None:
        """Close every document but the current one (every one when another tab is current)."""
        current = self.current()
        for document in self.documents():
            if document is not current:
                self.close(document.key)

    def close_all(self) -> None:
        """Close every document; until deleted, they read nothing (no timer, no rows)."""
        for document in self.documents():
            release_workspace(document.as_widget())
            self.close(document.key)
