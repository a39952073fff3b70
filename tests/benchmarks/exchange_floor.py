"""The export's floor: a plain read of the same rows plus the fastest workbook writer at hand.

The read is one statement that makes the 20 texts of every live account in the database
itself (``-`` for empty values, the phone's parts run together), through plain ``sqlite3``
or ``psycopg``: nothing of the application runs. The writer is ``rustpy-xlsxwriter`` (Rust's
``rust_xlsxwriter`` underneath) when it is installed (``pip install rustpy-xlsxwriter``; a
benchmark tool, not a dependency of the application), else our own streamed writer. The
Rust one writes the same sheets, grey headers, widths and list validations, but it cannot
give the quote prefix to single cells (only to whole columns), so its file is not exactly
connect-cli's layout: as a floor it errs on the fast side.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.interop.layout import (
    COUNTRIES_SHEET,
    COUNTRY_HEADERS,
    CUSTOMERS_SHEET,
    HEADER_FILL,
    NOT_SELECTED,
)
from desktop_app.interop.workbook_columns import COLUMNS, HEADERS
from desktop_app.persistence.location import Location, ServerAddress


def _text(expression: str) -> str:
    return f"coalesce(nullif({expression}, ''), '-')"


_CELLS = (
    "id",
    _text("external_id"),
    _text("external_uid"),
    "'-'",
    _text("hub_id"),
    "CASE WHEN parent_id IS NULL THEN '-' ELSE 'id' END",
    _text("parent_id"),
    "type",
    _text("tax_id"),
    _text("name"),
    _text("address_line1"),
    _text("address_line2"),
    _text("city"),
    _text("state"),
    _text("postal_code"),
    _text("country"),
    _text("first_name"),
    _text("last_name"),
    _text("email"),
    _text("phone_country_code || phone_area_code || phone_number || phone_extension"),
)
FLOOR_QUERY = (
    f"SELECT {', '.join(_CELLS)} FROM tier_account WHERE decommissioned_at IS NULL "
    "ORDER BY created_at, id LIMIT {limit}"
)
BATCH = 5_000


def floor_rows(where: Location, limit: int) -> Iterator[tuple[str, ...]]:
    """The 20 texts of the first ``limit`` live accounts, read with the database's own driver."""
    query = FLOOR_QUERY.format(limit=int(limit))
    if isinstance(where, ServerAddress):
        import psycopg

        with psycopg.connect(where.url) as connection, connection.cursor(name="floor") as cur:
            cur.itersize = BATCH
            cur.execute(query)
            yield from cur
        return
    connection = sqlite3.connect(f"file:{where}?mode=ro", uri=True)
    try:
        cursor = connection.execute(query)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        connection.close()


def fastest_writer() -> str:
    """The name of the writer the floor uses."""
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except ImportError:
        return "our streamed writer (rustpy-xlsxwriter is not installed)"
    return "rustpy-xlsxwriter"


def _write_rust(rows: Iterator[tuple[str, ...]], target: Path) -> None:
    import pycountry
    import rustpy_xlsxwriter as rust

    grey = rust.Format().set_background_color(HEADER_FILL).set_pattern("solid")
    records = (dict(zip(HEADERS, row, strict=True)) for row in rows)
    countries: list[dict[str, Any]] = [
        dict(zip(COUNTRY_HEADERS, (str(c.alpha_2), str(c.name)), strict=True))
        for c in sorted(pycountry.countries, key=lambda c: str(c.alpha_2))
    ]
    countries.append(dict(zip(COUNTRY_HEADERS, NOT_SELECTED, strict=True)))
    validations = {
        column.header: {"type": "list", "values": list(column.choices.values)}
        for column in COLUMNS
        if column.choices is not None
    }
    rust.write_worksheets(
        [(CUSTOMERS_SHEET, records), (COUNTRIES_SHEET, countries)],
        str(target),
        header_format={CUSTOMERS_SHEET: grey, COUNTRIES_SHEET: grey},
        column_widths={
            CUSTOMERS_SHEET: [float(c.width) for c in COLUMNS],
            COUNTRIES_SHEET: [15.0, 50.0],
        },
        data_validations={CUSTOMERS_SHEET: validations},
    )


def measure_floor(where: Location, limit: int, target: Path) -> tuple[float, int]:
    """Seconds to read ``limit`` accounts plainly and write them with the fastest writer."""
    counted = 0

    def counting() -> Iterator[tuple[str, ...]]:
        nonlocal counted
        for row in floor_rows(where, limit):
            counted += 1
            yield row

    started = time.perf_counter()
    if fastest_writer() == "rustpy-xlsxwriter":
        _write_rust(counting(), target)
    else:
        from desktop_app.interop.xlsx_stream import write_customers_workbook

        write_customers_workbook((list(r) for r in counting()), target)
    return time.perf_counter() - started, counted
