"""From a row's 20 cells to the account draft the wizard would have made of them."""

from __future__ import annotations

from typing import Final

from desktop_app.domain.accounts import TEXT_FIELDS, AccountDraft, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.interop.workbook_columns import cell_value, index_of, reader

DRAFT_TEXT: Final = TEXT_FIELDS
"""The text fields of a draft, each read from its column."""
TYPES: Final = (AccountType.CUSTOMER.value, AccountType.RESELLER.value)
_DRAFT_READERS: Final = tuple((name, reader(name)) for name in DRAFT_TEXT)
_ACTION_INDEX: Final = index_of("action")
_read_action: Final = reader("action")


def read_action(cells: tuple[str, ...]) -> str:
    """The action of a row's cells, in lower case: ``-`` to skip, empty when none is given."""
    return _read_action(cells[_ACTION_INDEX])


def read_criteria(cells: dict[str, str]) -> str:
    """How the row finds its parent, in lower case; empty when not given (or ``-``)."""
    return cell_value(cells, "parent_criteria")


def row_type(cells: dict[str, str]) -> AccountType | None:
    """The row's account type; None when it is neither customer nor reseller."""
    text = cell_value(cells, "type")
    return AccountType(text) if text in TYPES else None


def names_a_parent(cells: dict[str, str]) -> bool:
    """True when the row gives both a parent search criteria and a value."""
    return bool(read_criteria(cells)) and bool(cell_value(cells, "parent_id"))


def draft_from_cells(
    cells: dict[str, str],
    account_type: AccountType,
    parent_id: str | None,
    current: TierAccount | None,
) -> AccountDraft:
    """The draft of a row; ``current`` is the account an update row changes."""
    values = {name: read(cells[name]) for name, read in _DRAFT_READERS}
    if not values["name"]:  # connect-cli names a company after its contact
        values["name"] = f"{values['first_name']} {values['last_name']}".strip()
    if current is not None and not values["postal_code"]:
        # connect-cli exports "-" as every Zip: an update keeps the account's own
        values["postal_code"] = current.data.postal_code
    phone = current.data.phone if current is not None else None
    if phone is not None and values["phone"] == phone.joined():
        # the file's phone is the account's own, its parts run together (an extension
        # cannot be told apart there): keep the stored parts
        values["phone"] = phone.editable()
    hub = cell_value(cells, "hub_id")
    return AccountDraft(type=account_type, parent_id=parent_id, hub_id=hub or None, **values)
