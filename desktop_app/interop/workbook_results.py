"""Write values into a workbook's Customers sheet as a stream, in constant memory.

The ``.xlsx`` zip is copied member by member, in its order and with each member's compression;
every member but the Customers sheet's XML (found by :mod:`~desktop_app.interop.customers_part`)
is copied as it is; that part passes through :class:`~desktop_app.interop.sheet_writer.SheetWriter`,
which replaces the cells of the columns written and keeps the rest byte for byte.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from desktop_app.interop.customers_part import customers_part
from desktop_app.interop.sheet_writer import SheetWriter
from desktop_app.interop.workbook_reading import CHUNK, UnreadableWorkbookError, reading

__all__ = ["UnreadableWorkbookError", "write_workbook"]

_ZIP64_EXTRA: Final = 0x0001
_LEVELS: Final = {1: 9, 2: 1, 3: 1}
"""Deflate's level from bits 1–2 of a member's flags (0, normal, is zlib's default)."""


def write_workbook(
    source: Path, target: Path, rows: Mapping[int, Sequence[str]], columns: Sequence[int]
) -> None:
    """Copy the workbook ``source`` to ``target`` with ``rows`` written into its Customers sheet.

    ``rows[n]`` holds the texts of row ``n`` (1-based) for ``columns`` (0-based, ascending).
    Raises :class:`UnreadableWorkbookError` when ``source`` cannot be read, ``OSError`` when
    ``target`` cannot be written.
    """
    with reading("the workbook"):
        archive = zipfile.ZipFile(source)
    with archive:
        part = customers_part(archive)
        with zipfile.ZipFile(target, "w") as out:
            out.comment = archive.comment
            for info in archive.infolist():
                _copy_member(archive, info, out, part, rows, columns)


def _copy_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    out: zipfile.ZipFile,
    part: str,
    rows: Mapping[int, Sequence[str]],
    columns: Sequence[int],
) -> None:
    copy = _copied_info(info)
    big = info.file_size > zipfile.ZIP64_LIMIT // 2  # the sheet grows a little
    with (
        reading(info.filename),
        archive.open(info) as stream,
        out.open(copy, "w", force_zip64=big) as written,
    ):
        if info.filename == part:
            SheetWriter(written, rows, columns, part).run(stream)
        else:
            shutil.copyfileobj(stream, written, CHUNK)


def _copied_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry like ``info``: name, time, compression (and level), attributes, comment."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    if info.compress_type == zipfile.ZIP_DEFLATED:
        copy._compresslevel = _LEVELS.get((info.flag_bits >> 1) & 3)  # type: ignore[attr-defined]
    copy.create_system = info.create_system
    copy.external_attr = info.external_attr
    copy.internal_attr = info.internal_attr
    copy.comment = info.comment
    copy.extra = _without_zip64(info.extra)
    return copy


def _without_zip64(extra: bytes) -> bytes:
    """The extra field's records but the zip64 one, which the writer makes again if needed."""
    kept = bytearray()
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        if kind != _ZIP64_EXTRA:
            kept += extra[at : at + 4 + size]
        at += 4 + size
    return bytes(kept)
