"""Step 4 of the wizard: what was created or saved, and the requests an edit raised."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.domain.accounts import FIELD_LABELS
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.services.accounts import SaveResult
from desktop_app.ui.elided_label import ElidedLabel
from desktop_app.ui.wizard.field_errors import mute

TITLE: Final = "Summary"
SUBTITLE_CREATE: Final = "The tier account was created."
SUBTITLE_EDIT: Final = "The tier account update was saved."
SUBTITLE_UNCHANGED: Final = "The tier account was not changed."
CLOSE_TEXT: Final = "&Close"
NOTHING_CHANGED: Final = "Nothing changed; no new version was saved."
NO_REQUEST: Final = "No tier account request was generated: no product is linked to this account."
PENDING_NOTE: Final = "Pending requests wait for the vendor to accept or ignore them."
UNSUPPORTED_NOTE: Final = (
    "Unsupported requests were ignored automatically: the product's Tier Accounts Sync "
    "capability is off."
)
NO_PARENT_TEXT: Final = "None — direct reseller"
REQUEST_COLUMNS: Final = ("Request", "Product", "Status")
VISIBLE_REQUESTS: Final = 8


def requests_text(count: int) -> str:
    """``2 tier account requests were generated:`` (one request: ``was``)."""
    if count == 0:
        return NO_REQUEST
    if count == 1:
        return "1 tier account request was generated:"
    return f"{count} tier account requests were generated:"


def request_row(request: TierAccountRequest, product_name: str | None) -> tuple[str, str, str]:
    """``(TAR-…, Cloud Mail (PRD-…), Pending)``: a line of the request list."""
    product = f"{product_name} ({request.product_id})" if product_name else request.product_id
    return request.id, product, request.status.label


class SummaryPage(QWizardPage):
    """The final page: Back is gone (the data is saved), Close and Go to Details remain."""

    def __init__(
        self,
        *,
        editing: bool,
        product_name: Callable[[str], str | None] = lambda _id: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("summary_page")
        self.setTitle(TITLE)
        self.setSubTitle(SUBTITLE_EDIT if editing else SUBTITLE_CREATE)
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, CLOSE_TEXT)
        self._editing = editing
        self._product_name = product_name

        self.heading_label = ElidedLabel()
        self.heading_label.setObjectName("summary_heading_label")
        font = QFont(self.heading_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading_label.setFont(font)
        self.heading_label.setWordWrap(True)

        self.id_label = self._value_label("summary_id_label")
        self.name_label = self._value_label("summary_name_label")
        self.type_label = self._value_label("summary_type_label")
        self.parent_label = self._value_label("summary_parent_label")
        self.version_label = self._value_label("summary_version_label")
        self.warnings_label = self._value_label("summary_warnings_label")
        self.warnings_label.setWordWrap(True)
        form = QFormLayout()
        form.setObjectName("summary_form")
        form.addRow("Account ID:", self.id_label)
        form.addRow("Name:", self.name_label)
        form.addRow("Type:", self.type_label)
        form.addRow("Parent:", self.parent_label)
        if editing:
            form.addRow("Version:", self.version_label)
        form.addRow("Note:", self.warnings_label)
        self._form = form

        self.requests_label = QLabel()
        self.requests_label.setObjectName("summary_requests_label")
        self.requests_label.setWordWrap(True)
        self.requests_list = QTreeWidget()
        self.requests_list.setObjectName("requests_list")
        self.requests_list.setHeaderLabels(list(REQUEST_COLUMNS))
        self.requests_list.setRootIsDecorated(False)
        self.requests_list.setUniformRowHeights(True)
        self.requests_list.setAlternatingRowColors(True)
        self.requests_list.header().setStretchLastSection(True)
        self.requests_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.requests_note_label = QLabel()
        self.requests_note_label.setObjectName("summary_requests_note_label")
        self.requests_note_label.setWordWrap(True)
        mute(self.requests_note_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(10)
        layout.addWidget(self.requests_label)
        layout.addWidget(self.requests_list)
        layout.addWidget(self.requests_note_label)
        layout.addStretch(1)
        for widget in (self.requests_label, self.requests_list, self.requests_note_label):
            widget.setVisible(False)
        self._form.setRowVisible(self.warnings_label, False)

    @staticmethod
    def _value_label(name: str) -> QLabel:
        label = ElidedLabel()  # a 255-character name with no space must not widen the wizard
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_result(self, result: SaveResult, parent_name: str | None) -> None:
        """Show what ``result`` saved; ``parent_name`` names the parent account."""
        account = result.account
        if not self._editing:
            self.heading_label.setText(f"{account.name} was created.")
        elif result.changed:
            self.heading_label.setText(f"{account.name} was saved as version {account.version}.")
        else:
            self.setSubTitle(SUBTITLE_UNCHANGED)
            self.heading_label.setText(NOTHING_CHANGED)
        self.id_label.setText(account.id)
        self.name_label.setText(account.name)
        self.type_label.setText(account.type.label)
        parent_id = account.parent_id
        self.parent_label.setText(
            f"{parent_name or parent_id} ({parent_id})" if parent_id else NO_PARENT_TEXT
        )
        self.version_label.setText(str(account.version))
        notes = [f"{FIELD_LABELS.get(i.field, i.field)}: {i.message}" for i in result.warnings]
        self.warnings_label.setText("\n".join(notes))
        self._form.setRowVisible(self.warnings_label, bool(notes))
        if self._editing and result.changed:
            self._show_requests(result.requests)

    def _show_requests(self, requests: Sequence[TierAccountRequest]) -> None:
        self.requests_label.setText(requests_text(len(requests)))
        self.requests_label.setVisible(True)
        tree = self.requests_list
        tree.clear()
        for request in requests:
            tree.addTopLevelItem(
                QTreeWidgetItem(list(request_row(request, self._product_name(request.product_id))))
            )
        for column in range(len(REQUEST_COLUMNS) - 1):
            tree.resizeColumnToContents(column)
        shown = min(len(requests), VISIBLE_REQUESTS)
        row_height = tree.sizeHintForRow(0) if requests else 0
        tree.setFixedHeight(
            tree.header().sizeHint().height() + row_height * shown + 2 * tree.frameWidth() + 2
        )
        tree.setVisible(bool(requests))
        statuses = {request.status for request in requests}
        notes = []
        if RequestStatus.PENDING in statuses:
            notes.append(PENDING_NOTE)
        if RequestStatus.UNSUPPORTED in statuses:
            notes.append(UNSUPPORTED_NOTE)
        self.requests_note_label.setText(" ".join(notes))
        self.requests_note_label.setVisible(bool(notes))

    def request_rows(self) -> list[tuple[str, str, str]]:
        """The request list as shown: request id, product, status."""
        tree = self.requests_list
        rows = []
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            if item is not None:
                rows.append((item.text(0), item.text(1), item.text(2)))
        return rows
