"""The connect-cli workbook: sheets, placeholder, actions, criteria (columns: workbook_columns)."""

from __future__ import annotations

from typing import Final

from desktop_app.domain.validation import EMPTY_MARK

CUSTOMERS_SHEET: Final = "Customers"
COUNTRIES_SHEET: Final = "Countries"
PLACEHOLDER: Final = EMPTY_MARK
"""What connect-cli writes for a missing value, and the Action of a row to skip; no account
field may hold it alone (the validation refuses it), so every value comes back as it went."""

ACTION_SKIP: Final = PLACEHOLDER
ACTION_CREATE: Final = "create"
ACTION_UPDATE: Final = "update"
ACTIONS: Final = (ACTION_SKIP, ACTION_CREATE, ACTION_UPDATE)

CRITERIA_NONE: Final = PLACEHOLDER
CRITERIA_ID: Final = "id"
CRITERIA_EXTERNAL_ID: Final = "external_id"
CRITERIA_EXTERNAL_UID: Final = "external_uid"
CRITERIA: Final = (CRITERIA_NONE, CRITERIA_ID, CRITERIA_EXTERNAL_ID, CRITERIA_EXTERNAL_UID)

HEADER_FILL: Final = "#D3D3D3"
COUNTRY_HEADERS: Final = ("2 letters country code", "Country name")
NOT_SELECTED: Final = (PLACEHOLDER, "Not Selected")
