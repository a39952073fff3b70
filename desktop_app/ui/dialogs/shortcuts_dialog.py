"""Help → Keyboard Shortcuts: every shortcut of the window, read from its actions and menus."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

TITLE: Final = "Keyboard Shortcuts"
OTHER_GROUP: Final = "Elsewhere in the window"
KEYS_GROUP: Final = "In lists, search boxes and dialogs"

# Keys the views handle themselves (no action stands for them).
VIEW_KEYS: Final[tuple[tuple[str, str], ...]] = (
    ("Enter", "Open the current row (an account, a request, a product)"),
    ("Down", "From a search box: move into its results"),
    ("Esc", "In a search box: clear the search"),
    ("Alt + underlined letter", "Press that button or go to that field"),
)


@dataclass(frozen=True)
class Shortcut:
    """One line of the list: what it does and its keys, as the platform writes them."""

    text: str
    keys: str


@dataclass(frozen=True)
class ShortcutGroup:
    """The shortcuts of one menu (or of none)."""

    title: str
    shortcuts: tuple[Shortcut, ...]


def plain(text: str) -> str:
    """A menu text without its mnemonic marker and ellipsis: ``&Edit…`` → ``Edit``."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


DEDICATED_KEYS_FROM: Final = 0x01000060
"""Qt's codes from here on are keys of their own on some keyboards (Open, Refresh, Back…):
a standard shortcut lists them, but nobody looks for them in this list."""


def _typed(key: QKeySequence) -> bool:
    """True unless ``key`` is one dedicated key (a keyboard's Open or Refresh key)."""
    if key.isEmpty():
        return False
    first = key[0]  # type: ignore[index]  # a QKeyCombination; the stubs miss operator[]
    return bool(first.keyboardModifiers()) or first.key().value < DEDICATED_KEYS_FROM


def keys_text(action: QAction) -> str:
    """The shortcuts of ``action`` that are typed, as the platform writes them: ``Ctrl+W``."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(key.toString(native) for key in action.shortcuts() if _typed(key))


def _shortcuts(actions: Iterable[QAction]) -> tuple[Shortcut, ...]:
    return tuple(
        Shortcut(plain(a.text()), keys_text(a))
        for a in actions
        if not a.isSeparator() and keys_text(a)
    )


def shortcut_groups(menu_bar: QMenuBar, window_actions: Sequence[QAction]) -> list[ShortcutGroup]:
    """The menus' shortcuts in menu order, then those of actions in no menu, then view keys."""
    groups: list[ShortcutGroup] = []
    listed: set[int] = set()
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        actions = [a for a in menu.actions() if not a.isSeparator()]
        listed.update(id(a) for a in actions)
        found = _shortcuts(actions)
        if found:
            groups.append(ShortcutGroup(plain(top.text()), found))
    rest = _shortcuts(a for a in window_actions if id(a) not in listed)
    if rest:
        groups.append(ShortcutGroup(OTHER_GROUP, rest))
    groups.append(ShortcutGroup(KEYS_GROUP, tuple(Shortcut(t, k) for k, t in VIEW_KEYS)))
    return groups


class ShortcutsDialog(QDialog):
    """The groups as a two-column tree: what, and which keys."""

    def __init__(self, parent: QWidget | None, groups: Sequence[ShortcutGroup]) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(TITLE)
        self.groups = tuple(groups)

        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcuts_tree")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for group in self.groups:
            title = QTreeWidgetItem(self.tree, [group.title])
            title.setFirstColumnSpanned(True)
            font = title.font(0)
            font.setBold(True)
            title.setFont(0, font)
            for shortcut in group.shortcuts:
                QTreeWidgetItem(title, [shortcut.text, shortcut.keys])
            title.setExpanded(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(620, 580)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(group, action, keys)`` for every line, in display order."""
        return [
            (group.title, shortcut.text, shortcut.keys)
            for group in self.groups
            for shortcut in group.shortcuts
        ]
