"""A Customers sheet's XML streamed through expat, with given cells of given rows replaced.

Everything is copied byte for byte but, in each row that gets values, the cells of the
columns written, which are replaced (or inserted where missing) by inline strings; rows that
are missing are inserted in their place. What the XML spells is read by the parser, never by
a pattern over the bytes: only the tags of elements the parser reported are looked at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pyexpat import ParserCreate
from typing import IO, Final

from desktop_app.interop.cell_xml import (
    CELL_REF,
    column_index,
    column_letters,
    grown,
    inline_cell,
    xml_attribute,
)
from desktop_app.interop.workbook_reading import (
    CHUNK,
    MAIN_NAMESPACES,
    UnreadableWorkbookError,
    no_dtd,
    reading,
)

MAX_ROW: Final = 1_048_576

# A start tag the parser has already accepted, so well-formed: its name, its attributes, then
# ``/>`` (group 1 is ``/``) or ``>``. Only matched where expat reported an element.
_START_TAG: Final = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_SPANS: Final = re.compile(rb"""\sspans\s*=\s*(?:"[^"]*"|'[^']*')""")
_REF: Final = re.compile(rb"""(\sref\s*=\s*)(?:"[^"]*"|'[^']*')""")


def _split(name: str) -> tuple[str, str, str]:
    """(namespace, local name, prefix) of an expat name reported with its prefix."""
    parts = name.split(" ")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return "", name, ""


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
        parser.StartDoctypeDeclHandler = no_dtd(part)
        parser.EntityDeclHandler = no_dtd(part)
        parser.XmlDeclHandler = self._declaration
        self._parser = parser
        self._handlers()

    def run(self, stream: IO[bytes]) -> None:
        """Read the part from ``stream`` to its end and write it."""
        with reading(self._part):
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
        found = CELL_REF.fullmatch(ref.strip(" \t\r\n"))
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
        wider = grown(ref, last_row, max(self._columns, default=0))
        if wider == ref:
            return
        tag = self._tag(offset)
        replaced = _REF.sub(
            lambda m: m.group(1) + b'"' + self._encoded(xml_attribute(wider)) + b'"',
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
        return self._encoded(inline_cell(row.prefix, ref, value, style))

    def _new_rows(self, upto: int) -> bytes:
        """Rows for the pending numbers before index ``upto``, which the source lacks."""
        made = []
        prefix = self._data_prefix
        for number in self._pending[self._next : upto]:
            cells = "".join(
                inline_cell(prefix, f"{column_letters(column)}{number}", value, None)
                for column, value in zip(self._columns, self._rows[number], strict=True)
            )
            made.append(f'<{prefix}row r="{number}">{cells}</{prefix}row>')
        self._next = max(self._next, upto)
        return self._encoded("".join(made))
