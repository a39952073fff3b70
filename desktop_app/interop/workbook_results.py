"""Write values into a workbook's Customers sheet as a stream, in constant memory.

The ``.xlsx`` zip is copied member by member, in its order and with each member's compression;
every member but the Customers sheet's XML is copied as it is. That part passes through expat
chunk by chunk: its bytes are copied verbatim except, in each row that gets values, the cells
of those columns, which are replaced (or inserted where missing) by inline strings, so the
shared strings stay as they are. Rows that are missing are inserted in their place. Whatever
the source's XML spells (namespace prefixes, cells or rows without ``r``, formulas,
shared-string or number cells in the columns written) is read by the parser, never by a
pattern over the bytes; only the tags of the elements the parser reported are looked at as
bytes, to copy them.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from pyexpat import ExpatError, ParserCreate
from typing import IO, Final

from desktop_app.interop.layout import CUSTOMERS_SHEET

CHUNK: Final = 1 << 20
"""Bytes read (and, at most about, written) at a time."""
MAIN_NAMESPACES: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict
    }
)
OFFICE_DOCUMENT: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)
PACKAGE_RELS: Final = "_rels/.rels"
DEFAULT_WORKBOOK: Final = "xl/workbook.xml"
MAX_ROW: Final = 1_048_576
READ_ERRORS: Final = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
"""What reading a zip member raises when it is damaged (a wrong CRC, a cut stream), encrypted
or packed with a method Python cannot unpack."""
_ZIP64_EXTRA: Final = 0x0001
_LEVELS: Final = {1: 9, 2: 1, 3: 1}
"""Deflate's level from bits 1–2 of a member's flags (0, normal, is zlib's default)."""

# A start tag the parser has already accepted, so well-formed: its name, its attributes, then
# ``/>`` (group 1 is ``/``) or ``>``. Only matched where expat reported an element.
_START_TAG: Final = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_SPANS: Final = re.compile(rb"""\sspans\s*=\s*(?:"[^"]*"|'[^']*')""")
_REF: Final = re.compile(rb"""(\sref\s*=\s*)(?:"[^"]*"|'[^']*')""")
_CELL_REF: Final = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
_ILLEGAL: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\r]|_(?=x[0-9A-Fa-f]{4}_)"
)
"""Characters XML cannot hold (and ``\\r``, which a reader would turn into ``\\n``), and the
``_`` of a literal ``_xHHHH_``: written in OOXML's ``_xHHHH_`` escape."""


class UnreadableWorkbookError(Exception):
    """The source cannot be read: the message says why, to follow the file's name."""


def write_workbook(
    source: Path, target: Path, rows: Mapping[int, Sequence[str]], columns: Sequence[int]
) -> None:
    """Copy the workbook ``source`` to ``target`` with ``rows`` written into its Customers sheet.

    ``rows[n]`` holds the texts of row ``n`` (1-based) for ``columns`` (0-based, ascending).
    Raises :class:`UnreadableWorkbookError` when ``source`` cannot be read, ``OSError`` when
    ``target`` cannot be written.
    """
    with _reading("the workbook"):
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
        _reading(info.filename),
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


@contextmanager
def _reading(what: str) -> Iterator[None]:
    try:
        yield
    except READ_ERRORS as exc:
        said = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableWorkbookError(
            f"is damaged or not an Excel workbook ({what}: {said})"
        ) from exc
    except ExpatError as exc:
        raise UnreadableWorkbookError(
            f"is damaged: the XML of {what} is not well-formed ({exc})"
        ) from exc


# -- which member is the Customers sheet ------------------------------------------------------


class _Found(Exception):  # noqa: N818 - control flow: the answer is known, stop reading
    pass


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _parse(
    archive: zipfile.ZipFile, member: str, start: Callable[[str, dict[str, str]], None]
) -> None:
    """Parse ``member`` calling ``start`` for each element, until it raises :class:`_Found`."""
    parser = ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd(member)
    parser.EntityDeclHandler = _no_dtd(member)
    parser.StartElementHandler = start
    try:
        with _reading(member), archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Found:
        return


def _no_dtd(part: str) -> Callable[..., None]:
    def refuse(*_: object) -> None:
        raise UnreadableWorkbookError(
            f"is damaged: {part} declares a document type (DTD), which no workbook part has"
        )

    return refuse


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


# -- the sheet's XML, streamed ----------------------------------------------------------------


def _split(name: str) -> tuple[str, str, str]:
    """(namespace, local name, prefix) of an expat name reported with its prefix."""
    parts = name.split(" ")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return "", name, ""


def column_index(letters: str) -> int:
    """0 for ``A``, 25 for ``Z``, 26 for ``AA``."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


@functools.lru_cache(maxsize=256)
def column_letters(index: int) -> str:
    """``A`` for 0, ``AA`` for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _escape_char(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def _text(value: str) -> str:
    """``value`` as XML text: markup escaped, what XML cannot hold as ``_xHHHH_``."""
    value = _ILLEGAL.sub(_escape_char, value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;")


_OTHER, _ROW, _CELL, _SHEET_DATA, _DIMENSION = range(5)
_KINDS: Final = {"row": _ROW, "c": _CELL, "sheetData": _SHEET_DATA, "dimension": _DIMENSION}
_DIGITS: Final = "0123456789"


def _kind(name: str) -> tuple[int, str]:
    """What an element named ``name`` (as expat reports it) is, and its prefix with ``:``."""
    namespace, local, prefix = _split(name)
    kind = _KINDS.get(local, _OTHER) if namespace in MAIN_NAMESPACES else _OTHER
    return kind, f"{prefix}:" if prefix else ""


@dataclass(slots=True)
class _Row:
    """A row being rewritten: where it starts, its prefix, where its children start."""

    number: int
    start: int
    prefix: str
    children: list[tuple[int, int, str | None]] = field(default_factory=list)
    """(offset, column, the cell's style) of each child; the column of what is no cell is
    :data:`_NO_CELL`."""
    last_column: int = -1


_NO_CELL: Final = 1 << 30
"""The column of a row's child that is no cell (``extLst``): it stays after the cells."""


class SheetWriter:
    """Copies a sheet's XML to ``out`` with the texts of ``rows`` in ``columns``.

    Everything is copied as it is up to the start of each element of depth 3 or less (the
    worksheet's children, the rows); a row that gets values is held until its end tag and
    written again from its pieces. Memory holds one chunk and one row.
    """

    def __init__(
        self,
        out: IO[bytes],
        rows: Mapping[int, Sequence[str]],
        columns: Sequence[int],
        part: str,
    ) -> None:
        self._out = out
        self._rows = rows
        self._columns = tuple(columns)
        self._column_set = frozenset(columns)
        self._pending = sorted(rows)
        self._next = 0
        self._part = part
        self._buffer = bytearray()
        self._base = 0  # the offset in the part of the buffer's first byte
        self._parts: list[bytes | bytearray] = []
        self._size = 0
        self._in_data = False
        self._data_done = False
        self._data_prefix = ""
        self._row_number = 0
        self._row: _Row | None = None
        self._encoding = "utf-8"
        self._kinds: dict[str, tuple[int, str]] = {}
        self._letters: dict[str, int] = {}
        parser = ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True
        parser.StartDoctypeDeclHandler = _no_dtd(part)
        parser.EntityDeclHandler = _no_dtd(part)
        parser.XmlDeclHandler = self._declaration
        self._parser = parser
        self._handlers()

    def run(self, stream: IO[bytes]) -> None:
        """Read the part from ``stream`` to its end and write it."""
        with _reading(self._part):
            chunk = stream.read(CHUNK)
            if chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]:
                raise UnreadableWorkbookError(f"is not supported: {self._part} is not UTF-8 text")
            while chunk:
                self._buffer += chunk
                self._parser.Parse(chunk, False)
                if self._data_done:
                    self._copy_to(self._base + len(self._buffer))
                if self._size >= CHUNK:
                    self._flush()
                chunk = stream.read(CHUNK)
            self._parser.Parse(b"", True)
        if self._next < len(self._pending):
            raise UnreadableWorkbookError(f"is damaged: {self._part} has no sheetData element")
        self._copy_to(self._base + len(self._buffer))
        self._flush()

    def _handlers(self) -> None:
        """Set the parser's element handlers: closures, as they run for every element."""
        parser = self._parser
        kinds = self._kinds
        letters = self._letters
        depth = 0

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal depth
            depth += 1
            if depth > 4:
                return
            if depth < 4:
                self._outer_start(depth, name, attributes)
                return
            row = self._row
            if row is None:
                return
            kind = kinds.get(name) or self._kind(name)
            offset = parser.CurrentByteIndex
            if kind[0] != _CELL:
                row.children.append((offset, _NO_CELL, None))
                return
            ref = attributes.get("r")
            if ref is None:
                column = row.last_column + 1
            else:
                column = letters.get(ref.rstrip(_DIGITS), -1)
                if column < 0:
                    column = self._column(ref)
            row.last_column = column
            row.children.append((offset, column, attributes.get("s")))

        def end(name: str) -> None:
            nonlocal depth
            depth -= 1
            if depth < 3:
                self._outer_end(depth + 1)

        parser.StartElementHandler = start
        parser.EndElementHandler = end

    def _kind(self, name: str) -> tuple[int, str]:
        kind = self._kinds[name] = _kind(name)
        return kind

    def _column(self, ref: str) -> int:
        """The column of a cell named ``ref`` (``C7``); remembered by its letters."""
        found = _CELL_REF.fullmatch(ref.strip(" \t\r\n"))
        if found is None:
            raise UnreadableWorkbookError(f"is damaged: {self._part} has a cell named “{ref}”")
        column = column_index(found.group(1))
        if ref == found.group(0):
            self._letters[found.group(1)] = column
        return column

    # output

    def _emit(self, data: bytes | bytearray) -> None:
        self._parts.append(data)
        self._size += len(data)

    def _flush(self) -> None:
        if self._parts:
            self._out.write(b"".join(self._parts))
            self._parts.clear()
            self._size = 0

    def _copy_to(self, offset: int) -> None:
        """Copy the source's bytes up to ``offset`` as they are."""
        count = offset - self._base
        if count > 0:
            self._emit(self._buffer[:count])
            del self._buffer[:count]
            self._base = offset

    def _skip_to(self, offset: int) -> None:
        """Drop the source's bytes up to ``offset`` (they were written another way)."""
        del self._buffer[: offset - self._base]
        self._base = offset

    def _tag(self, offset: int) -> re.Match[bytes]:
        """The start tag the parser reported at ``offset``."""
        tag = _START_TAG.match(self._buffer, offset - self._base)
        if tag is None:  # cannot happen for a tag expat accepted; refuse rather than guess
            raise UnreadableWorkbookError(
                f"is not supported: a tag of {self._part} at byte {offset:,}"
            )
        return tag

    def _encoded(self, text: str) -> bytes:
        return text.encode(self._encoding, "xmlcharrefreplace")

    # parser events outside the cells

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding:
            self._encoding = encoding

    def _outer_start(self, depth: int, name: str, attributes: dict[str, str]) -> None:
        """An element of depth 1 to 3 starts: what is before it is copied."""
        if self._data_done:
            return
        offset = self._parser.CurrentByteIndex
        self._copy_to(offset)
        if depth == 1:
            return
        kind, prefix = self._kinds.get(name) or self._kind(name)
        if depth == 3:
            if kind == _ROW and self._in_data:
                self._row_start(offset, attributes, prefix)
        elif kind == _SHEET_DATA:
            self._sheet_data(offset, prefix)
        elif kind == _DIMENSION:
            self._dimension(offset, attributes)

    def _outer_end(self, depth: int) -> None:
        """An element of depth 1 to 3 ends."""
        if self._data_done:
            return
        if depth == 3 and self._row is not None:
            self._row_end(self._row, self._parser.CurrentByteIndex)
        elif depth == 2 and self._in_data:
            self._copy_to(self._parser.CurrentByteIndex)
            self._emit(self._new_rows(len(self._pending)))
            self._in_data = False
            self._data_done = True

    # the elements that change

    def _sheet_data(self, offset: int, prefix: str) -> None:
        self._data_prefix = prefix
        tag = self._tag(offset)
        if not tag.group(1):
            self._in_data = True
            return
        self._data_done = True  # <sheetData/>: every row is new
        if self._next < len(self._pending):
            self._emit(self._buffer[: tag.end() - 2] + b">")
            self._emit(self._new_rows(len(self._pending)))
            self._emit(self._encoded(f"</{prefix}sheetData>"))
            self._skip_to(self._base + tag.end())

    def _dimension(self, offset: int, attributes: dict[str, str]) -> None:
        """Grow the sheet's recorded range when rows or columns are added past it."""
        ref = attributes.get("ref", "")
        last_row = self._pending[-1] if self._pending else 0
        grown = _grown(ref, last_row, max(self._columns, default=0))
        if grown == ref:
            return
        tag = self._tag(offset)
        replaced = _REF.sub(
            lambda m: m.group(1) + b'"' + self._encoded(_attribute(grown)) + b'"',
            bytes(self._buffer[: tag.end()]),
            count=1,
        )
        self._emit(replaced)
        self._skip_to(self._base + tag.end())

    def _row_start(self, offset: int, attributes: dict[str, str], prefix: str) -> None:
        ref = attributes.get("r")
        if ref is None:
            number = self._row_number + 1
        else:
            ref = ref.strip(" \t\r\n")
            if not (ref.isascii() and ref.isdigit() and 0 < int(ref) <= MAX_ROW):
                raise UnreadableWorkbookError(
                    f"is damaged: {self._part} has a row numbered “{ref}”"
                )
            number = int(ref)
        self._row_number = number
        pending = self._pending
        upto = self._next
        while upto < len(pending) and pending[upto] < number:
            upto += 1
        if upto > self._next:
            self._emit(self._new_rows(upto))
        if upto < len(pending) and pending[upto] == number:
            upto += 1
            self._row = _Row(number, offset, prefix)
        self._next = upto

    def _row_end(self, row: _Row, offset: int) -> None:
        """Write the row again: its bytes as they are but for the cells of the columns."""
        self._row = None
        buffer, base = self._buffer, self._base  # base is the row's start: copied up to it
        tag = self._tag(row.start)
        pieces: list[bytes | bytearray] = []
        head: bytes | bytearray
        if tag.group(1):  # <row …/>: no cells
            head = buffer[: tag.end() - 2] + b">"
            tail: bytes | bytearray = self._encoded(f"</{row.prefix}row>")
            close = base + tag.end()
        else:
            close = buffer.index(b">", offset - base) + 1 + base
            starts = [child[0] for child in row.children]
            starts.append(offset)
            head = buffer[: starts[0] - base]
            tail = buffer[offset - base : close - base]
        values = self._rows[row.number]
        columns = self._columns
        written = 0
        inserted = False
        kept = -1  # where a run of cells kept as they are starts, -1 when none
        for start, column, style in row.children:
            if written < len(columns) and columns[written] <= column:
                if kept >= 0:
                    pieces.append(buffer[kept - base : start - base])
                    kept = -1
                while written < len(columns) and columns[written] < column:
                    pieces.append(self._cell(row, columns[written], values[written], None))
                    written += 1
                    inserted = True
                if written < len(columns) and columns[written] == column:
                    pieces.append(self._cell(row, column, values[written], style))  # replaced
                    written += 1
                    continue
            if column in self._column_set:  # a second cell of a column written (damaged)
                if kept >= 0:
                    pieces.append(buffer[kept - base : start - base])
                kept = -1
                continue
            if kept < 0:
                kept = start
        if kept >= 0:
            pieces.append(buffer[kept - base : offset - base])
        for at in range(written, len(columns)):
            pieces.append(self._cell(row, columns[at], values[at], None))
            inserted = True
        if inserted and len(head) >= tag.end():  # the row's recorded span may no longer hold
            head = _SPANS.sub(b"", bytes(head[: tag.end()]), count=1) + head[tag.end() :]
        elif inserted:
            head = _SPANS.sub(b"", bytes(head), count=1)
        pieces.insert(0, head)
        pieces.append(tail)
        self._emit(b"".join(pieces))
        self._skip_to(close)

    def _cell(self, row: _Row, column: int, value: str, style: str | None) -> bytes:
        ref = f"{column_letters(column)}{row.number}"
        return self._encoded(_inline_cell(row.prefix, ref, value, style))

    def _new_rows(self, upto: int) -> bytes:
        """Rows for the pending numbers before index ``upto``, which the source lacks."""
        made = []
        prefix = self._data_prefix
        for number in self._pending[self._next : upto]:
            cells = "".join(
                _inline_cell(prefix, f"{column_letters(column)}{number}", value, None)
                for column, value in zip(self._columns, self._rows[number], strict=True)
            )
            made.append(f'<{prefix}row r="{number}">{cells}</{prefix}row>')
        self._next = max(self._next, upto)
        return self._encoded("".join(made))


def _inline_cell(prefix: str, ref: str, value: str, style: str | None) -> str:
    styled = f' s="{_attribute(style)}"' if style is not None else ""
    space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
    return (
        f'<{prefix}c r="{ref}"{styled} t="inlineStr"><{prefix}is>'
        f"<{prefix}t{space}>{_text(value)}</{prefix}t></{prefix}is></{prefix}c>"
    )


def _grown(ref: str, last_row: int, last_column: int) -> str:
    """The range ``ref`` grown to hold ``last_row`` and ``last_column``; as it is otherwise."""
    first, _, last = ref.strip().partition(":")
    start = _CELL_REF.fullmatch(first)
    end = _CELL_REF.fullmatch(last or first)
    if start is None or end is None:
        return ref
    column = max(column_index(end.group(1)), last_column)
    row = max(int(end.group(2)), last_row)
    if (column, row) == (column_index(end.group(1)), int(end.group(2))):
        return ref
    return f"{start.group(1)}{start.group(2)}:{column_letters(column)}{row}"
