"""How many rows an import may have, and counting a sheet's rows before any reader loads it.

A workbook of a few MB can unpack to a sheet of a million rows; calamine and openpyxl would
read it whole (minutes and gigabytes for a preview). Every ``<`` in sheet XML starts markup,
so counting ``<row`` and ``<prefix:row`` tags while the part is unpacked, a block at a time,
counts its rows in flat memory.
"""

from __future__ import annotations

import re
import zipfile
from typing import Final

from desktop_app.domain.errors import ExchangeFileError

MAX_IMPORT_ROWS: Final = 250_000
"""The most data rows one import takes (the README's "about 250,000 accounts")."""
SMALLEST_ROW_BYTES: Final = 12
"""``<row></row>``: a part smaller than the cap times this cannot exceed the cap."""
_ROW_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_BLOCK: Final = 1 << 20


def too_many_rows(name: str) -> ExchangeFileError:
    """The refusal of a file with more than :data:`MAX_IMPORT_ROWS` data rows."""
    return ExchangeFileError(
        f"{name} has more than {MAX_IMPORT_ROWS:,} rows; one import takes at most "
        f"{MAX_IMPORT_ROWS:,}. Split it into smaller files; nothing was read into the workspace."
    )


def sheet_rows(archive: zipfile.ZipFile, part: str, stop_after: int) -> int:
    """The row elements of the sheet ``part``, counted up to ``stop_after`` (then it stops)."""
    count = 0
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_BLOCK):
            data = tail + block
            # a tag cut at the block's end is counted with the next block
            cut = data.rfind(b"<", max(0, len(data) - 64))
            head, tail = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            count += len(_ROW_TAG.findall(head))
            if count > stop_after:
                return count
    return count + len(_ROW_TAG.findall(tail))


def row_tags_at_most(archive: zipfile.ZipFile, part: str) -> int:
    """At least the row elements of the sheet ``part``, counted in C (no regular expression).

    Each starts ``<row`` or, with a prefix, holds ``:row`` (as its closing tag does); other
    markup may spell them too (``<rowBreaks``), so this only bounds :func:`sheet_rows`: 0.7 s
    for the 112 MB sheet of 97,294 rows, where the exact count takes 1.7-3 s.
    """
    count = 0
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_BLOCK):
            data = tail + block
            count += data.count(b"<row") + data.count(b":row")
            tail = data[-3:]  # a tag cut at the block's end: counted with the next block
    return count


def refuse_too_many_rows(archive: zipfile.ZipFile, part: str, name: str) -> None:
    """Refuse the workbook when its sheet ``part`` holds more rows than one import takes."""
    size = archive.getinfo(part).file_size
    if size <= MAX_IMPORT_ROWS * SMALLEST_ROW_BYTES:
        return
    limit = MAX_IMPORT_ROWS + 1  # + the headers
    if row_tags_at_most(archive, part) > limit and sheet_rows(archive, part, limit) > limit:
        raise too_many_rows(name)
