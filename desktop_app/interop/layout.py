"""The connect-cli customers workbook: sheets, the 20 columns, placeholders and list values."""

from __future__ import annotations

from typing import Final

from desktop_app.domain.validation import EMPTY_MARK

CUSTOMERS_SHEET: Final = "Customers"
COUNTRIES_SHEET: Final = "Countries"
PLACEHOLDER: Final = EMPTY_MARK
"""What connect-cli writes for a missing value, and the Action of a row to skip; no account
field may hold it alone (the validation refuses it), so every value comes back as it went."""

HEADERS: Final = (
    "ID",
    "External ID",
    "External UID",
    "Action",
    "Hub ID",
    "Parent Search Criteria",
    "Parent Search Value",
    "Type",
    "Tax ID",
    "Company Name",
    "Address Line 1",
    "Address Line 2",
    "City",
    "State",
    "Zip",
    "Country",
    "Technical Contact First Name",
    "Technical Contact Last Name",
    "Technical Contact Email",
    "Technical Contact Phone",
)
COLUMN_COUNT: Final = len(HEADERS)

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
WIDE_COLUMNS: Final = frozenset({"Company Name", "Address Line 1", "Address Line 2"})
NARROW_COLUMNS: Final = frozenset({"External ID", "Action", "Hub ID", "Parent Search Criteria"})
COUNTRY_HEADERS: Final = ("2 letters country code", "Country name")
NOT_SELECTED: Final = (PLACEHOLDER, "Not Selected")

# the column each account field is read from and written to (errors name these headers)
FIELD_HEADERS: Final[dict[str, str]] = {
    "id": "ID",
    "external_id": "External ID",
    "external_uid": "External UID",
    "action": "Action",
    "hub_id": "Hub ID",
    "parent_criteria": "Parent Search Criteria",
    "parent_id": "Parent Search Value",
    "type": "Type",
    "tax_id": "Tax ID",
    "name": "Company Name",
    "address_line1": "Address Line 1",
    "address_line2": "Address Line 2",
    "city": "City",
    "state": "State",
    "postal_code": "Zip",
    "country": "Country",
    "first_name": "Technical Contact First Name",
    "last_name": "Technical Contact Last Name",
    "email": "Technical Contact Email",
    "phone": "Technical Contact Phone",
}


def column_width(header: str) -> int:
    """The width connect-cli gives a column, in characters."""
    if header in WIDE_COLUMNS:
        return 50
    if header in NARROW_COLUMNS:
        return 15
    return 20


def column_letter(index: int) -> str:
    """``A`` for column 0 … ``T`` for column 19 (the sheet never goes past Z)."""
    return chr(ord("A") + index)
