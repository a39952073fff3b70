"""A workbook's XML parsed with expat: which part is the Customers sheet, does it hold formulas."""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pyexpat import ExpatError, ParserCreate
from typing import IO, Final

from desktop_app.interop.layout import CUSTOMERS_SHEET

WORKBOOK_PART: Final = "xl/workbook.xml"
WORKBOOK_RELS: Final = "xl/_rels/workbook.xml.rels"
CHUNK: Final = 1 << 20
XML_BLANKS: Final = " \t\r\n"
_NS_SEPARATOR: Final = " "
"""Expat reports ``{uri}local`` names as ``uri local``; a name without a namespace has no space."""
UNPACK_ERRORS: Final = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
"""What reading a zip member raises when it is damaged (a wrong CRC, a cut stream), encrypted
or packed with a method Python cannot unpack."""

_Start = Callable[[str, dict[str, str]], None]


class SheetXmlError(Exception):
    """A part of the workbook is not well-formed XML, declares a DTD, or cannot be unpacked."""


class _Found(Exception):  # noqa: N818 - control flow: the answer is known, stop reading
    """Raised by a handler to stop parsing early."""


def local(name: str) -> str:
    """The local part of an expat name: ``f`` of ``http://…/main f``, ``x:f`` or ``f``."""
    return name.rpartition(_NS_SEPARATOR)[2]


@contextmanager
def _unpacking(part: str) -> Iterator[None]:
    try:
        yield
    except UNPACK_ERRORS as exc:
        said = str(exc)
        raise SheetXmlError(said if part in said else f"{part} cannot be unpacked: {said}") from exc


def parse(stream: IO[bytes], start: _Start, part: str) -> None:
    """Parse ``stream`` chunk by chunk, calling ``start(name, attributes)`` for each element.

    Names carry their namespace (:func:`local` takes it off). A document type declaration is
    refused: no Office part has one, and entity expansion bombs need one.
    """
    parser = ParserCreate(namespace_separator=_NS_SEPARATOR)

    def no_dtd(*_: object) -> None:
        raise SheetXmlError(f"{part} declares a document type (DTD), which no workbook part has")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = start
    try:
        with _unpacking(part):
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except ExpatError as exc:
        raise SheetXmlError(f"the XML of {part} is damaged: {exc}") from exc


def customers_parts(archive: zipfile.ZipFile) -> set[str]:
    """Every zip member the sheet named Customers may be read from; empty when none is found.

    Each ``sheet`` element named Customers, each of its ``id`` attributes (whatever their
    prefix), each relationship with that id: a reader can take none other.
    """
    rel_ids: set[str] = set()
    targets: set[str] = set()

    def sheet(name: str, attributes: dict[str, str]) -> None:
        if local(name) == "sheet" and attributes.get("name") == CUSTOMERS_SHEET:
            rel_ids.update(v for k, v in attributes.items() if local(k) == "id")

    def relationship(name: str, attributes: dict[str, str]) -> None:
        if local(name) == "Relationship" and attributes.get("Id") in rel_ids:
            targets.add(attributes.get("Target", ""))

    try:
        with _unpacking(WORKBOOK_PART), archive.open(WORKBOOK_PART) as stream:
            parse(stream, sheet, WORKBOOK_PART)
        if not rel_ids:
            return set()
        with _unpacking(WORKBOOK_RELS), archive.open(WORKBOOK_RELS) as stream:
            parse(stream, relationship, WORKBOOK_RELS)
    except KeyError:  # a part is missing
        return set()
    return {_member(target) for target in targets}


def _member(target: str) -> str:
    """The zip member a relationship target of the workbook part names."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(WORKBOOK_PART), target))


def holds_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """True when the sheet ``part`` holds a formula or an error value.

    The parser decides: an element whose local name is ``f`` (any prefix, any namespace) is a
    formula; an attribute whose local name is ``t`` and whose value is ``e`` (either quote,
    blanks around it, written with character references) makes an error value. A part whose
    bytes spell neither (:func:`_may_hold_formulas`) needs no parse: a 100,000-row sheet is
    then checked in well under a second instead of five.
    """
    return _may_hold_formulas(archive, part) and parsed_formulas(archive, part)


def parsed_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """:func:`holds_formulas` decided by parsing the whole part, whatever its bytes."""

    def start(name: str, attributes: dict[str, str]) -> None:
        if local(name) == "f" or any(
            local(key) == "t" and value.strip(XML_BLANKS) == "e"
            for key, value in attributes.items()
        ):
            raise _Found

    try:
        with _unpacking(part), archive.open(part) as stream:
            parse(stream, start, part)
    except _Found:
        return True
    return False


_FOLD: Final = bytes.maketrans(b"\t\n\r>/':", b'     "<')
"""Folds what XML lets vary in :data:`_SPELLINGS`: blanks, ``>`` and ``/`` become a space,
``'`` becomes ``"``, ``:`` becomes ``<``."""
_SPELLINGS: Final = (b"<f ", b'="e', b'=" ', b"= ", b"&#", b"<!")
"""After :data:`_FOLD`, every way to write an ``f`` element (``<f`` or ``<x:f``, then a blank,
``>`` or ``/``) or an attribute whose value is ``e`` holds one of these: ``<f `` (the
element), ``="e`` (the value plain), ``=" `` (a blank first), ``= `` (a blank before the
quote), ``&#`` (a character reference), ``<!`` (a document type, whose entities could spell
anything: :func:`parse` refuses it)."""
_DECLARED: Final = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._-]*)[\"']")
_ASCII_MARKUP: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1"})


def _may_hold_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """False only when the part's bytes hold none of :data:`_SPELLINGS`, once folded.

    A part whose markup may not be ASCII bytes (another encoding than UTF-8 or Latin-1, no
    XML at its very start) is always parsed.
    """
    with _unpacking(part), archive.open(part) as stream:
        chunk = stream.read(CHUNK)
        if not _ascii_markup(chunk):
            return True
        tail = b""
        while chunk:
            window = (tail + chunk).translate(_FOLD)
            if any(spelling in window for spelling in _SPELLINGS):
                return True
            tail = window[-8:]
            chunk = stream.read(CHUNK)
    return False


def _ascii_markup(head: bytes) -> bool:
    """True when ``head`` starts an XML document whose markup is written in ASCII bytes."""
    text = head.removeprefix(b"\xef\xbb\xbf")
    if not text.startswith(b"<?xml"):
        return text[:1] == b"<" and text[1:2].isalpha()
    end = text.find(b"?>")
    declared = _DECLARED.match(text[: end + 2]) if end > 0 else None
    if declared is None:
        return end > 0 and b"encoding" not in text[:end]
    return declared.group(1).decode("ascii").lower() in _ASCII_MARKUP
