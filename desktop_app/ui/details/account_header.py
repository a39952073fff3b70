"""The head of an account's details: its name, Edit and ⋮ → Delete, banners and six key facts."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.accounts import AccountSummary
from desktop_app.domain.catalog import oa_hub_refusal
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.services.decision import Decision
from desktop_app.services.workspace import WorkspaceService
from desktop_app.ui.dialogs.delete_account import DELETE_TEXT
from desktop_app.ui.elided_label import elide_words
from desktop_app.ui.labels import (
    LINKS,
    SELECTABLE,
    caption,
    event_text,
    link_html,
    title_label,
    value_label,
)
from desktop_app.ui.window_chrome import unavailable_tip

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
    return oa_hub_refusal("This account", summary.hub_name, summary.account.hub_id)


class AccountHeader(QWidget):
    """Name, Edit, ⋮ → Delete, the deleted and read-only banners, and the facts in a grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.name_label = title_label("name_label")
        self.edit_button = QPushButton(EDIT_TEXT)
        self.edit_button.setObjectName("edit_button")

        self.delete_action = QAction(DELETE_TEXT, self)
        self.delete_action.setObjectName("delete_action")
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
        self.hub_label = value_label("hub_label")
        self.owner_label = value_label("owner_label")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_label")
        self.sync_label.setTextFormat(Qt.TextFormat.RichText)
        self.sync_label.setTextInteractionFlags(LINKS)
        self.sync_label.setOpenExternalLinks(False)
        self.sync_label.setToolTip("Show the tier account requests of this account")

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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.addLayout(top)
        layout.addWidget(self.deleted_banner)
        layout.addWidget(self.read_only_label)
        layout.addSpacing(4)
        layout.addLayout(facts)

    def show_account(
        self, summary: AccountSummary, change: Decision, workspace: WorkspaceService
    ) -> None:
        """Show ``summary``; Edit and Delete follow ``change`` (its reason in their tooltips)."""
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
            self.parent_link.setText(link_html(account.parent_id, shown))
            self.parent_link.setToolTip(f"Open the parent account {parent_text}")

        if account.hub_id == NO_HUB_ID:
            self.hub_label.setText(NO_HUB_TEXT)
        else:
            self.hub_label.setText(f"{summary.hub_name} ({account.hub_id})")
        self.owner_label.setText(f"{summary.owner_name} ({account.owner_id})")
        self.sync_label.setText(link_html("requests", sync_text(summary)))

        decommissioned = account.decommissioned
        self.deleted_banner.setVisible(decommissioned is not None)
        if decommissioned is not None:
            self.deleted_banner.setText(
                f"Deleted on {event_text(workspace, decommissioned)}. "
                "Deleted tier accounts cannot be restored; this one is shown read-only."
            )

        read_only = summary.hub_read_only
        self.read_only_label.setVisible(read_only)
        if read_only:
            self.read_only_label.setText(read_only_text(summary))

        self.edit_button.setEnabled(change.allowed)
        self.delete_action.setEnabled(change.allowed)
        reason = unavailable_tip(change.reason) if not change.allowed else ""
        self.edit_button.setToolTip(reason or "Change the account's data (raises requests)")
        self.delete_action.setToolTip(reason or "Delete the account; it cannot be restored")
