"""The Account Data and Details tabs of an account: its fields in groups, and its bookkeeping."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from desktop_app.domain.accounts import FIELD_LABELS, AccountSummary, display_value
from desktop_app.services.workspace import WorkspaceService
from desktop_app.ui.details.columns import NONE_TEXT, country_text
from desktop_app.ui.labels import caption, event_text, form_page, full_local_time, value_label

# The three groups of the Account Data tab and the fields each shows, in form order.
GENERAL_FIELDS: Final = ("name", "account_id", "external_id", "external_uid", "tax_id")
ADDRESS_FIELDS: Final = (
    "country",
    "state",
    "city",
    "postal_code",
    "address_line1",
    "address_line2",
)
CONTACT_FIELDS: Final = ("first_name", "last_name", "email", "phone")
ACCOUNT_ID_LABEL: Final = "Account ID"
DETAILS_ROWS: Final = (
    ("created", "Created"),
    ("updated", "Updated"),
    ("version", "Version"),
    ("owner", "Owner"),
    ("environment", "Environment"),
    ("deleted", "Deleted"),
)


class AccountDataPages:
    """Builds both tabs' pages and fills them from one account's summary."""

    def __init__(self) -> None:
        self.values: dict[str, QLabel] = {}
        """The value labels of the Account Data and Details tabs by field name."""
        self.account_data_page = self._build_account_data_page()
        self.details_form = QFormLayout()
        self.details_page = self._build_details_page()

    def show_account(
        self, account_id: str, summary: AccountSummary, workspace: WorkspaceService
    ) -> None:
        """Fill both pages from ``summary``."""
        data = summary.account.data
        for name, label in self.values.items():
            if name == "account_id":
                text = account_id
            elif name == "country":
                text = country_text(data.country)
            elif name in FIELD_LABELS:
                text = display_value(data, name)
            else:
                continue
            label.setText(text or NONE_TEXT)
        self._show_details(summary, workspace)

    def _group(self, title: str, object_name: str, fields: tuple[str, ...]) -> QGroupBox:
        group = QGroupBox(title)
        group.setObjectName(object_name)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for name in fields:
            label = ACCOUNT_ID_LABEL if name == "account_id" else FIELD_LABELS[name]
            value = value_label(f"{name}_value")
            self.values[name] = value
            form.addRow(caption(label), value)
        return group

    def _build_account_data_page(self) -> QWidget:
        inner = QWidget()
        inner.setObjectName("account_data_inner")
        grid = QGridLayout(inner)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.addWidget(self._group("General", "general_group", GENERAL_FIELDS), 0, 0)
        grid.addWidget(self._group("Address", "address_group", ADDRESS_FIELDS), 0, 1, 2, 1)
        grid.addWidget(
            self._group("Technical Contact", "technical_contact_group", CONTACT_FIELDS), 1, 0
        )
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)

        page = QScrollArea()
        page.setObjectName("account_data_page")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(inner)
        return page

    def _build_details_page(self) -> QWidget:
        for name, caption_text in DETAILS_ROWS:
            value = value_label(f"{name}_value")
            self.values[name] = value
            self.details_form.addRow(caption(caption_text), value)
        return form_page("details_page", self.details_form)

    def _show_details(self, summary: AccountSummary, workspace: WorkspaceService) -> None:
        account = summary.account
        self.values["created"].setText(event_text(workspace, account.created))
        self.values["created"].setToolTip(full_local_time(account.created.at))
        self.values["updated"].setText(event_text(workspace, account.updated))
        self.values["updated"].setToolTip(full_local_time(account.updated.at))
        self.values["version"].setText(str(account.version))
        self.values["owner"].setText(f"{summary.owner_name} ({account.owner_id})")
        environment = account.environment
        self.values["environment"].setText(
            environment.value.capitalize() if environment is not None else NONE_TEXT
        )
        decommissioned = account.decommissioned
        deleted = self.values["deleted"]
        self.details_form.setRowVisible(deleted, decommissioned is not None)
        if decommissioned is not None:
            deleted.setText(event_text(workspace, decommissioned))
            deleted.setToolTip(full_local_time(decommissioned.at))
