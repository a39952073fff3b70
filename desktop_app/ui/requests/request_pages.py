"""The Account Data and Details tabs of a request: the versions compared, and its bookkeeping."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFormLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop_app.domain.accounts import FIELD_LABELS, AccountData, display_value
from desktop_app.domain.errors import DomainError
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.services.container import Services
from desktop_app.services.requests import RequestDetails
from desktop_app.ui.details.columns import NONE_TEXT, country_text
from desktop_app.ui.labels import caption, event_text, form_page, full_local_time, value_label
from desktop_app.ui.requests.account_data_model import (
    CHANGED_MARK,
    AccountDataModel,
    Column,
    FieldRow,
)
from desktop_app.ui.row_tables import configure_row_table

NO_HUB_TEXT: Final = "None"
COLUMN_PADDING: Final = 24


def changes_text(details: RequestDetails) -> str:
    """The line above the Account Data table that sums up the changes."""
    version = details.request.version
    if details.previous is None:
        return f"Version {version} is the first; there is no previous version to compare with."
    count = len(details.changes)
    if not count:
        return f"Version {version} changes no field compared with version {version - 1}."
    noun = "field" if count == 1 else "fields"
    return f"● {count} {noun} changed compared with version {version - 1}."


class RequestPages:
    """Builds both tabs' pages and fills them from one request's details."""

    def __init__(self, owner: QObject) -> None:
        self.account_data_page = self._build_account_data_page(owner)
        self.details_form = QFormLayout()
        self.details_page = self._build_details_page()

    def show_request(self, details: RequestDetails, services: Services) -> None:
        """Fill both pages from ``details`` (parent accounts are named through ``services``)."""
        self._show_account_data(details, services)
        self._show_details(details, services)

    def _build_account_data_page(self, owner: QObject) -> QWidget:
        page = QWidget()
        page.setObjectName("account_data_page")
        self.changes_label = QLabel()
        self.changes_label.setObjectName("changes_label")
        self.changes_label.setWordWrap(True)

        self.account_data_model = AccountDataModel(owner)
        self.account_data_table = QTableView()
        self.account_data_table.setObjectName("account_data_table")
        configure_row_table(self.account_data_table)
        self.account_data_table.setModel(self.account_data_model)
        header = self.account_data_table.horizontalHeader()
        # The field column fits the longest label when marked; the values share the rest.
        bold = QFont(self.account_data_table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max(
            metrics.horizontalAdvance(f"{CHANGED_MARK} {label}") for label in FIELD_LABELS.values()
        )
        header.resizeSection(Column.FIELD, widest + COLUMN_PADDING)
        header.setSectionResizeMode(Column.PREVIOUS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.REQUESTED, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(page)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.account_data_table, 1)
        return page

    def _build_details_page(self) -> QWidget:
        self.hub_value = value_label("hub_value")
        self.external_id_value = value_label("external_id_value")
        self.created_value = value_label("created_value")
        self.updated_value = value_label("updated_value")
        self.reason_value = value_label("reason_value")
        rows = (
            ("Hub", self.hub_value),
            ("External ID", self.external_id_value),
            ("Created", self.created_value),
            ("Updated", self.updated_value),
            ("Reason", self.reason_value),
        )
        for caption_text, value in rows:
            self.details_form.addRow(caption(caption_text), value)
        return form_page("details_page", self.details_form)

    def _show_account_data(self, details: RequestDetails, services: Services) -> None:
        changed = {change.field for change in details.changes}
        compared = details.previous is not None
        parents: dict[str, str] = {}
        rows = [
            FieldRow(
                field=name,
                label=label,
                before=(
                    field_text(services, details.previous, name, parents)
                    if details.previous is not None
                    else NONE_TEXT
                ),
                after=field_text(services, details.requested, name, parents),
                changed=compared and name in changed,
            )
            for name, label in FIELD_LABELS.items()
        ]
        self.account_data_model.set_rows(rows)
        self.changes_label.setText(changes_text(details))

    def _show_details(self, details: RequestDetails, services: Services) -> None:
        request = details.request
        workspace = services.workspace
        hub_id = details.account.hub_id
        if hub_id == NO_HUB_ID:
            self.hub_value.setText(NO_HUB_TEXT)
        else:
            hub_name = details.hub.name if details.hub is not None else hub_id
            self.hub_value.setText(f"{hub_name} ({hub_id})")
        self.external_id_value.setText(details.requested.external_id or NONE_TEXT)
        self.created_value.setText(event_text(workspace, request.created))
        self.created_value.setToolTip(full_local_time(request.created.at))
        self.updated_value.setText(event_text(workspace, request.updated))
        self.updated_value.setToolTip(full_local_time(request.updated.at))
        self.reason_value.setText(request.reason)
        self.details_form.setRowVisible(self.reason_value, bool(request.reason))


def field_text(services: Services, data: AccountData, name: str, parents: dict[str, str]) -> str:
    """One field's value as the table shows it; a parent by name (``parents`` caches them)."""
    if name == "country":
        return country_text(data.country) or NONE_TEXT
    if name == "parent_id" and data.parent_id:
        parent_id = data.parent_id
        if parent_id not in parents:
            parents[parent_id] = account_text(services, parent_id)
        return parents[parent_id]
    return display_value(data, name) or NONE_TEXT


def account_text(services: Services, account_id: str) -> str:
    """``Name (TA-…)``, or the id alone when the account cannot be read."""
    try:
        account = services.accounts.get(account_id)
    except DomainError:
        return account_id
    return f"{account.name} ({account_id})"
