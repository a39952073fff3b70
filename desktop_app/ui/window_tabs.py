"""The main window's tabs: Directory and Requests pinned first and always in sight, then documents.

However many accounts, requests and products are open, the tab bar never scrolls the pinned
tabs away and never widens the window: document tabs share the width left, narrowing as more
open (their titles elided, the full title in the tooltip); the ⌄ menu lists every open tab.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QMenu, QTabBar, QTabWidget, QToolButton, QWidget

PINNED: Final = 2
"""Directory and Requests: the first tabs, never closed, never moved (and the Overview's, when
the window pins it: :meth:`PinnedTabBar.pinned`)."""
MAX_TAB_WIDTH: Final = 240
SLACK: Final = 4
OPEN_TABS_TEXT: Final = "⌄"
TITLE_CHARACTERS: Final = 4
"""A document tab narrower than its close button and this many characters hides the button."""


class PinnedTabBar(QTabBar):
    """A tab bar whose first :data:`PINNED` tabs stay put and in sight."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_tab_bar")
        self.setUsesScrollButtons(False)  # scrolling would hide Directory and Requests
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setExpanding(False)
        self._drag_allowed = True

    def pinned(self) -> int:
        """How many tabs are pinned first (Directory, Requests, the Overview)."""
        owner = self.parentWidget()
        return owner.pinned_count() if isinstance(owner, WindowTabs) else PINNED

    def _available(self) -> int:
        """The width the tab widget gives its bar (not the bar's own: that follows its hint)."""
        owner = self.parentWidget()
        if owner is None:
            return self.width()
        corner = 0
        if isinstance(owner, QTabWidget):
            widget = owner.cornerWidget(Qt.Corner.TopRightCorner)
            corner = widget.sizeHint().width() if widget is not None else 0
        return max(0, owner.width() - corner)

    def tabSizeHint(self, index: int) -> QSize:
        """Pinned tabs at their size; documents share the rest, down to a few characters."""
        natural = super().tabSizeHint(index)
        pinned = self.pinned()
        if index < pinned:
            return natural
        widest = min(natural.width(), MAX_TAB_WIDTH)
        room = self._available() - SLACK
        room -= sum(super(PinnedTabBar, self).tabSizeHint(i).width() for i in range(pinned))
        documents = max(1, self.count() - pinned)
        if widest * documents <= room:
            return QSize(widest, natural.height())
        # Crowded: the current tab stays readable and the others share what is left. Every
        # tab fits: Qt would otherwise scroll the bar and the pinned tabs out of sight.
        current = self.currentIndex()
        if current >= pinned and documents > 1:
            current_width = min(super().tabSizeHint(current).width(), MAX_TAB_WIDTH, room // 2)
            if index == current:
                return QSize(current_width, natural.height())
            room -= current_width
            documents -= 1
        return QSize(max(1, min(widest, room // documents)), natural.height())

    def minimumTabSizeHint(self, index: int) -> QSize:
        """Never more than the hint: the bar shrinks documents before it asks for room."""
        return self.tabSizeHint(index)

    def minimumSizeHint(self) -> QSize:
        """The pinned tabs' width: more open documents never widen the window."""
        height = super().minimumSizeHint().height()
        pinned = sum(super(PinnedTabBar, self).tabSizeHint(i).width() for i in range(self.pinned()))
        return QSize(min(pinned, self._available() or pinned), height)

    def sizeHint(self) -> QSize:
        """What the tabs need, at most the width available."""
        hint = super().sizeHint()
        return QSize(min(hint.width(), max(self._available(), 1)), hint.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A pinned tab is selected, never dragged."""
        self._drag_allowed = self.isMovable()
        if self.tabAt(event.position().toPoint()) < self.pinned():
            self.setMovable(False)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """After a drag, documents dropped among the pinned tabs go back behind them."""
        super().mouseReleaseEvent(event)
        self.setMovable(self._drag_allowed)
        owner = self.parentWidget()
        if isinstance(owner, WindowTabs):
            owner.keep_pinned_first()


class WindowTabs(QTabWidget):
    """Directory and Requests pinned first, then documents; a menu of every open tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_tabs")
        self.setTabBar(PinnedTabBar(self))
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self._pinned: list[QWidget] = []

        self.open_tabs_menu = QMenu(self)
        self.open_tabs_menu.setObjectName("open_tabs_menu")
        self.open_tabs_menu.aboutToShow.connect(self._on_open_tabs_menu_about_to_show)
        self.open_tabs_button = QToolButton()
        self.open_tabs_button.setObjectName("open_tabs_button")
        self.open_tabs_button.setText(OPEN_TABS_TEXT)
        self.open_tabs_button.setToolTip("Every open tab, to switch to one that is out of sight")
        self.open_tabs_button.setAutoRaise(True)
        self.open_tabs_button.setMenu(self.open_tabs_menu)
        self.open_tabs_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.open_tabs_button.setStyleSheet(
            "QToolButton::menu-indicator { image: none; width: 0; }"
        )
        self.setCornerWidget(self.open_tabs_button, Qt.Corner.TopRightCorner)
        self.currentChanged.connect(self._on_self_current_changed)

    def tabInserted(self, index: int) -> None:
        """A new tab: narrow tabs keep their close button only while current."""
        super().tabInserted(index)
        self._show_close_buttons()

    def tabRemoved(self, index: int) -> None:
        """A tab less: the others widen, and may show their close buttons again."""
        super().tabRemoved(index)
        self._show_close_buttons()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrower or wider tabs: which show a close button."""
        super().resizeEvent(event)
        self._show_close_buttons()

    def _show_close_buttons(self) -> None:
        """Narrow tabs show their close button only while current (Ctrl+W closes them too)."""
        bar = self.tabBar()
        room = bar.fontMetrics().horizontalAdvance("M" * TITLE_CHARACTERS)
        for index in range(self.count()):
            button = bar.tabButton(index, QTabBar.ButtonPosition.RightSide)
            if button is None:
                continue
            wide = bar.tabSizeHint(index).width() >= button.sizeHint().width() + room
            button.setVisible(wide or index == self.currentIndex())

    @Slot(int)
    def _on_self_current_changed(self, _index: int) -> None:
        bar = self.tabBar()
        bar.setElideMode(bar.elideMode())  # lays the tabs out again: the current one is wider
        self._show_close_buttons()

    def pin(self, widget: QWidget, title: str) -> int:
        """Add ``widget`` as the next pinned tab: no close button, never moved."""
        index = self.insertTab(len(self._pinned), widget, title)
        self._pinned.append(widget)
        self.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, None)
        self.tabBar().setTabButton(index, QTabBar.ButtonPosition.LeftSide, None)
        return index

    def pinned_count(self) -> int:
        """How many tabs are pinned."""
        return len(self._pinned)

    def move_pinned(self, widget: QWidget, position: int) -> None:
        """Put the pinned ``widget`` at ``position`` among the pinned tabs."""
        self._pinned.remove(widget)
        self._pinned.insert(position, widget)
        self.keep_pinned_first()

    def is_pinned(self, index: int) -> bool:
        """True for the Directory's and the Requests tab's index."""
        return self.widget(index) in self._pinned

    def keep_pinned_first(self) -> None:
        """Move the pinned tabs back to the front when a drag put a document before them."""
        bar = self.tabBar()
        for position, widget in enumerate(self._pinned):
            index = self.indexOf(widget)
            if index != position:
                bar.moveTab(index, position)

    @Slot()
    def _on_open_tabs_menu_about_to_show(self) -> None:
        menu = self.open_tabs_menu
        menu.clear()
        for index in range(self.count()):
            title = self.tabText(index)
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(index == self.currentIndex())
            action.setToolTip(self.tabToolTip(index))
            widget = self.widget(index)
            action.triggered.connect(lambda _checked=False, w=widget: self.setCurrentWidget(w))
