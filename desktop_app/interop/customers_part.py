"""Which zip member of a workbook is its Customers sheet, found as a spreadsheet finds it."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from pyexpat import ParserCreate
from typing import Final

from desktop_app.interop.layout import CUSTOMERS_SHEET
from desktop_app.interop.workbook_reading import CHUNK, UnreadableWorkbookError, no_dtd, reading

OFFICE_DOCUMENT: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)
PACKAGE_RELS: Final = "_rels/.rels"
DEFAULT_WORKBOOK: Final = "xl/workbook.xml"


class _Found(Exception):  # noqa: N818 - control flow: the answer is known, stop reading
    pass


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _parse(
    archive: zipfile.ZipFile, member: str, start: Callable[[str, dict[str, str]], None]
) -> None:
    """Parse ``member`` calling ``start`` for each element, until it raises :class:`_Found`."""
    parser = ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = no_dtd(member)
    parser.EntityDeclHandler = no_dtd(member)
    parser.StartElementHandler = start
    try:
        with reading(member), archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Found:
        return


def _member(archive: zipfile.ZipFile, base: str, target: str) -> str | None:
    """The zip member a relationship ``target`` names, relative to the folder ``base``."""
    if target.startswith("/"):
        name = posixpath.normpath(target.lstrip("/"))
    else:
        name = posixpath.normpath(posixpath.join(base, target))
    names = archive.namelist()
    if name in names:
        return name
    folded = name.casefold()  # Office finds parts whatever their case
    return next((n for n in names if n.casefold() == folded), None)


def _relationship_target(
    archive: zipfile.ZipFile, rels: str, wanted: Callable[[dict[str, str]], bool]
) -> str | None:
    found: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "Relationship" and wanted(attributes):
            found.append(attributes.get("Target", ""))
            raise _Found

    if rels not in archive.namelist():
        return None
    _parse(archive, rels, start)
    return found[0] if found else None


def customers_part(archive: zipfile.ZipFile) -> str:
    """The zip member of the sheet named Customers; :class:`UnreadableWorkbookError` if none.

    Found as a reader finds it: the package's relationships name the workbook part, its
    ``sheet`` element the relationship id, the workbook's relationships the part.
    """
    workbook = DEFAULT_WORKBOOK
    target = _relationship_target(
        archive, PACKAGE_RELS, lambda a: a.get("Type", "").strip() in OFFICE_DOCUMENT
    )
    if target:
        workbook = _member(archive, "", target) or DEFAULT_WORKBOOK
    missing = UnreadableWorkbookError(f"has no sheet named “{CUSTOMERS_SHEET}”")
    if workbook not in archive.namelist():
        raise missing
    ids: list[str] = []

    def sheet(name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "sheet" and attributes.get("name") == CUSTOMERS_SHEET:
            # r:id whatever its prefix; its namespace's name has a space in expat's report
            ids.extend(v for k, v in attributes.items() if " " in k and _local(k) == "id")
            ids.extend(v for k, v in attributes.items() if k == "id")
            raise _Found

    _parse(archive, workbook, sheet)
    if not ids:
        raise missing
    folder, file = posixpath.split(workbook)
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    target = _relationship_target(archive, rels, lambda a: a.get("Id") == ids[0])
    part = _member(archive, folder, target) if target else None
    if part is None:
        raise missing
    return part
