"""The column table is connect-cli's layout, and what an account writes into it reads back."""

from desktop_app.domain.accounts import TEXT_FIELDS
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.interop.layout import ACTIONS, CRITERIA
from desktop_app.interop.rows import draft_from_cells, read_action, read_criteria, row_type
from desktop_app.interop.workbook_columns import (
    BY_FIELD,
    COLUMNS,
    FIELD_HEADERS,
    HEADERS,
    account_cells,
    column_letter,
    index_of,
    row_fields,
)

# the spec's table (../spec/connect-cli-workbook.md), column letter by column letter
SPEC = {
    "A": "ID",
    "B": "External ID",
    "C": "External UID",
    "D": "Action",
    "E": "Hub ID",
    "F": "Parent Search Criteria",
    "G": "Parent Search Value",
    "H": "Type",
    "I": "Tax ID",
    "J": "Company Name",
    "K": "Address Line 1",
    "L": "Address Line 2",
    "M": "City",
    "N": "State",
    "O": "Zip",
    "P": "Country",
    "Q": "Technical Contact First Name",
    "R": "Technical Contact Last Name",
    "S": "Technical Contact Email",
    "T": "Technical Contact Phone",
}


def test_the_columns_are_the_specs_in_order():
    assert {column_letter(i): c.header for i, c in enumerate(COLUMNS)} == SPEC
    assert list(HEADERS) == list(SPEC.values())
    widths = {column_letter(i): c.width for i, c in enumerate(COLUMNS)}
    assert {k for k, w in widths.items() if w == 50} == set("JKL")
    assert {k for k, w in widths.items() if w == 15} == set("BDEF")
    assert {w for k, w in widths.items() if k not in "JKLBDEF"} == {20}
    lists = {column_letter(i): c.choices.values for i, c in enumerate(COLUMNS) if c.choices}
    assert lists == {"D": ACTIONS, "F": CRITERIA}


def test_every_field_has_one_column():
    assert len(BY_FIELD) == len(COLUMNS) == len(FIELD_HEADERS)
    assert set(TEXT_FIELDS) <= set(BY_FIELD)
    assert FIELD_HEADERS["postal_code"] == "Zip"
    assert index_of("phone") == 19


def test_an_accounts_cells_read_back_as_its_data(accounts):
    for account in accounts.all():
        texts = tuple(account_cells(account))
        assert texts == tuple(column.cell(account) for column in COLUMNS)
        cells = row_fields(texts)
        assert read_action(texts) == "-"
        assert row_type(cells) is account.data.type
        assert bool(read_criteria(cells)) == (account.data.parent_id is not None)
        draft = draft_from_cells(cells, account.data.type, account.data.parent_id, account)
        for name in TEXT_FIELDS:
            if name != "phone":
                assert getattr(draft, name) == getattr(account.data, name), name
        phone = account.data.phone
        assert draft.phone == (phone.editable() if phone else "")
        assert draft.hub_id == (account.hub_id or NO_HUB_ID)


def test_reading_ignores_case_blanks_and_placeholders():
    texts = tuple(" CREATE " if h == "Action" else "-" for h in HEADERS)
    fields = row_fields(texts)
    assert read_action(texts) == "create"
    assert read_criteria(fields) == ""
    assert row_type({**fields, "type": " Reseller "}) is not None
    assert read_criteria({**fields, "parent_criteria": " External_ID "}) == "external_id"
