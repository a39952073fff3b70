"""The head of a request's details: its id and status, Accept and Ignore, and who and what it is."""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import RequestStatus
from desktop_app.services.decision import Decision
from desktop_app.services.requests import RequestDetails
from desktop_app.services.workspace import WorkspaceService
from desktop_app.ui.details.columns import NONE_TEXT
from desktop_app.ui.labels import (
    LINKS,
    SELECTABLE,
    caption,
    event_text,
    full_local_time,
    link_html,
    title_label,
    value_label,
)

ACCEPT_TEXT: Final = "Accept"
IGNORE_TEXT: Final = "Ignore"
OPEN_PRODUCT_TEXT: Final = "Open product"
REQUEST_TYPE_TEXT: Final = "Update"
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


def link_label(name: str, tooltip: str) -> QLabel:
    """A label whose links the view follows itself (none opens in a browser)."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(LINKS)
    label.setOpenExternalLinks(False)
    label.setWordWrap(True)
    label.setToolTip(tooltip)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class RequestHeader(QWidget):
    """Id, status pill, Accept and Ignore with why not, the unsupported notice, and the facts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.request_id_label = title_label("request_id_label", wrap=False)

        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.accept_button = QPushButton(ACCEPT_TEXT)
        self.accept_button.setObjectName("accept_button")
        self.ignore_button = QPushButton(IGNORE_TEXT)
        self.ignore_button.setObjectName("ignore_button")

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
        self.account_link = link_label("account_link", "Open the tier account")
        self.product_link = link_label("product_link", "Open the product profile")
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.addLayout(top)
        layout.addWidget(self.decision_label)
        layout.addWidget(self._build_unsupported_notice())
        layout.addSpacing(4)
        layout.addLayout(facts)

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
        row = QHBoxLayout(self.unsupported_notice)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(12)
        row.addWidget(self.unsupported_text, 1)
        row.addWidget(self.open_product_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return self.unsupported_notice

    def show_request(
        self, details: RequestDetails, decision: Decision, workspace: WorkspaceService
    ) -> None:
        """Show ``details``; Accept and Ignore follow ``decision`` (its reason said beside)."""
        request = details.request
        account = details.account
        product = details.product
        self.request_id_label.setText(request.id)
        self.status_label.setText(request.status.label)
        self.status_label.setStyleSheet(STATUS_STYLES[request.status])

        account_text = f"{account.name} ({account.id})"
        if account.is_decommissioned:
            account_text += ", deleted"
        self.account_link.setText(link_html(account.id, account_text))
        self.product_link.setText(link_html(product.id, f"{product.name} ({product.id})"))
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
            label.setText(event_text(workspace, event))
            label.setToolTip(full_local_time(event.at))

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
