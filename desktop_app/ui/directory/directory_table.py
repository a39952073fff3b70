"""The Directory's table: column widths from sample texts, movable columns, newest first."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop_app.ui.models.account_table_model import Column
from desktop_app.ui.row_tables import configure_row_table

# Widest text a column usually shows; widths come from these, never from reading every row.
COLUMN_SAMPLES: Final[dict[Column, str]] = {
    Column.ID: "TA-0000-0000-0000",
    Column.NAME: "Müller Handels GmbH & Co. KG",
    Column.TYPE: "Customer",
    Column.PARENT: "Northwind (TA-0000-0000-0000)",
    Column.EXTERNAL_ID: "EXT-0000000",
    Column.COUNTRY: "Country",
    Column.CITY: "Frankfurt am Main",
    Column.HUB: "Commerce hub",
    Column.CREATED: "2026-01-01 00:00",
}
COLUMN_PADDING: Final = 24
SORT_ARROW_WIDTH: Final = 16


def set_up_directory_table(table: QTableView) -> None:
    """Rows as every list's; each column as wide as its sample; sorted newest first."""
    configure_row_table(table)
    header = table.horizontalHeader()
    header.setObjectName("directory_header")
    header.setSectionsMovable(True)
    header.setStretchLastSection(True)
    metrics = table.fontMetrics()
    for column, sample in COLUMN_SAMPLES.items():
        label = metrics.horizontalAdvance(column.label) + SORT_ARROW_WIDTH
        widest = max(metrics.horizontalAdvance(sample), label)
        header.resizeSection(column, widest + COLUMN_PADDING)
    # The default order (newest first) is shown before sorting is switched on, which sorts
    # once by the indicator.
    header.setSortIndicator(Column.CREATED, Qt.SortOrder.DescendingOrder)
    table.setSortingEnabled(True)
