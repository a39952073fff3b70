"""The connect-cli Customers sheet's 20 columns: header, field, to cell, from cell, list, width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Final

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.interop.cells import exported, imported
from desktop_app.interop.layout import (
    ACTION_SKIP,
    ACTIONS,
    CRITERIA,
    CRITERIA_ID,
    CRITERIA_NONE,
    PLACEHOLDER,
)

ToCell = Callable[[TierAccount], str | None]
"""An account's value for a column's cell; an empty one (or None) is written as ``-``."""
FromCell = Callable[[str], str]
"""The value a column's cell text stands for (``-`` and blanks: empty)."""


@dataclass(frozen=True)
class ListValidation:
    """The values a column's cells may hold, offered as a list; ``what`` names one in messages."""

    values: tuple[str, ...]
    what: str

    @property
    def listed(self) -> str:
        """The values as messages show them: ``-, create, update``."""
        return ", ".join(self.values)


@dataclass(frozen=True)
class WorkbookColumn:
    """One column: its header as connect-cli writes it, and how an account goes in and out."""

    header: str
    field: str
    """The account field the column holds, named as validation errors name it (``action`` and
    ``parent_criteria`` are the row's own)."""
    to_cell: ToCell
    """Most are ``attrgetter``s, run in C: a row of 20 cells takes few Python calls."""
    from_cell: FromCell = imported
    choices: ListValidation | None = None
    """The list validation on the column's data cells, if it has one."""
    width: int = 20
    """In characters, as connect-cli sets it."""

    def cell(self, account: TierAccount) -> str:
        """The text ``account`` writes into this column: its value, or ``-``."""
        return exported(self.to_cell(account))


ACTION_CHOICES: Final = ListValidation(ACTIONS, "action")
CRITERIA_CHOICES: Final = ListValidation(CRITERIA, "search criteria")


def _data(name: str) -> ToCell:
    """The value of a field of the account's data."""
    return attrgetter(f"data.{name}")


def _lowered(text: str) -> str:
    """Read as :func:`imported`, in lower case (types and criteria are matched so)."""
    return imported(text).lower()


def _action(text: str) -> str:
    """The action in lower case; ``-`` (skip) stays ``-``, unlike an empty cell."""
    return text.strip().lower()


def _skip(account: TierAccount) -> str:  # an export changes nothing when synced back
    return ACTION_SKIP


def _hub(account: TierAccount) -> str:  # connect-cli refuses updates of a `-` hub
    return account.hub_id or NO_HUB_ID


def _criteria(account: TierAccount) -> str:  # the parent is named by its id
    return CRITERIA_ID if account.data.parent_id else CRITERIA_NONE


def _phone(account: TierAccount) -> str | None:  # parts run together, as connect-cli does
    phone = account.data.phone
    return phone.joined() if phone else None


COLUMNS: Final = (
    WorkbookColumn("ID", "id", attrgetter("id")),
    WorkbookColumn("External ID", "external_id", _data("external_id"), width=15),
    WorkbookColumn("External UID", "external_uid", _data("external_uid")),
    WorkbookColumn("Action", "action", _skip, _action, ACTION_CHOICES, width=15),
    WorkbookColumn("Hub ID", "hub_id", _hub, width=15),
    WorkbookColumn(
        "Parent Search Criteria",
        "parent_criteria",
        _criteria,
        _lowered,
        CRITERIA_CHOICES,
        width=15,
    ),
    WorkbookColumn("Parent Search Value", "parent_id", _data("parent_id")),
    WorkbookColumn("Type", "type", _data("type.value"), _lowered),
    WorkbookColumn("Tax ID", "tax_id", _data("tax_id")),
    WorkbookColumn("Company Name", "name", _data("name"), width=50),
    WorkbookColumn("Address Line 1", "address_line1", _data("address_line1"), width=50),
    WorkbookColumn("Address Line 2", "address_line2", _data("address_line2"), width=50),
    WorkbookColumn("City", "city", _data("city")),
    WorkbookColumn("State", "state", _data("state")),
    WorkbookColumn("Zip", "postal_code", _data("postal_code")),
    WorkbookColumn("Country", "country", _data("country")),
    WorkbookColumn("Technical Contact First Name", "first_name", _data("first_name")),
    WorkbookColumn("Technical Contact Last Name", "last_name", _data("last_name")),
    WorkbookColumn("Technical Contact Email", "email", _data("email")),
    WorkbookColumn("Technical Contact Phone", "phone", _phone),
)
"""Columns A to T of the Customers sheet, in order; exact and case-sensitive headers."""

HEADERS: Final = tuple(column.header for column in COLUMNS)
FIELDS: Final = tuple(column.field for column in COLUMNS)
COLUMN_COUNT: Final = len(COLUMNS)
BY_FIELD: Final = {column.field: column for column in COLUMNS}
FIELD_HEADERS: Final = {column.field: column.header for column in COLUMNS}
"""The header of each field's column: errors on a field are shown under it."""

_TO_CELLS: Final = tuple(column.to_cell for column in COLUMNS)
_FROM_CELLS: Final = {column.field: column.from_cell for column in COLUMNS}


def account_cells(account: TierAccount) -> list[str]:
    """The 20 cells of one account, in :data:`COLUMNS` order, ``-`` for missing values."""
    return [to_cell(account) or PLACEHOLDER for to_cell in _TO_CELLS]  # exported(), inlined


def row_fields(cells: tuple[str, ...]) -> dict[str, str]:
    """A row's 20 cell texts, as they are, by field name."""
    return dict(zip(FIELDS, cells, strict=True))


def cell_value(cells: dict[str, str], field: str) -> str:
    """The value the cell of ``field`` stands for, read by its column's parser."""
    return _FROM_CELLS[field](cells[field])


def reader(field: str) -> FromCell:
    """The parser of the column of ``field`` (taken once, outside loops over rows)."""
    return _FROM_CELLS[field]


def index_of(field: str) -> int:
    """The 0-based position of the column of ``field``."""
    return FIELDS.index(field)


def column_letter(index: int) -> str:
    """``A`` for column 0 … ``T`` for column 19 (the sheet never goes past Z)."""
    return chr(ord("A") + index)
