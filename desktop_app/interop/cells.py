"""Cell values in and out: placeholders, numbers typed as text, and formula neutralisation."""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final

from desktop_app.interop.layout import PLACEHOLDER

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""
CSV_TEXT_MARK: Final = "'"
"""Put before a risky CSV value: spreadsheets then show the value as text."""


class CellError(ValueError):
    """A cell whose value cannot be taken as text (a date, a formula, an error value)."""


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (the ``-`` placeholder is not)."""
    return text != PLACEHOLDER and text.startswith(FORMULA_STARTS)


def _marked_in_csv(text: str) -> bool:
    """Risky in a CSV: a formula, or ``'`` marks before one (so that ``'=`` comes back whole)."""
    return looks_like_formula(text.lstrip(CSV_TEXT_MARK))


def csv_out(text: str) -> str:
    """A CSV value that no spreadsheet reads as a formula: risky values get a leading ``'``."""
    return CSV_TEXT_MARK + text if _marked_in_csv(text) else text


def csv_in(text: str) -> str:
    """Undo :func:`csv_out`: a ``'`` before a risky value is dropped, anything else is kept."""
    if text.startswith(CSV_TEXT_MARK) and _marked_in_csv(text[1:]):
        return text[1:]
    return text


def exported(value: str | None) -> str:
    """The text written for a value: ``-`` when missing or empty."""
    return value if value else PLACEHOLDER


def imported(text: str) -> str:
    """The value a cell's text stands for: ``-`` and blanks stand for nothing."""
    stripped = text.strip()
    return "" if stripped == PLACEHOLDER else stripped


def cell_text(value: object) -> str:
    """The text of a workbook cell's value; numbers become their digits (``10115.0`` → ``10115``).

    Raises :class:`CellError` for dates and times: a zip or an id turned into a date by a
    spreadsheet cannot be read back safely.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = float(value)
        if math.isfinite(number) and number == int(number):
            return str(int(number))
        return repr(number) if isinstance(value, float) else str(value)
    if isinstance(value, datetime | date | time):
        raise CellError("The cell holds a date; type the value as text.")
    return str(value)
