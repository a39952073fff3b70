"""Formulas and error values are found however the sheet XML spells them: a real parser decides."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.interop.importer import import_file
from desktop_app.interop.sheet_xml import holds_formulas, parsed_formulas
from tests.interop.sheets import row, workbook
from tests.support.world import dump

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MARK = "MARKED CELL"
"""The Company Name of the row whose cell each case writes its own way."""


def rewrite(path, change, part=SHEET):
    """Rewrite one part of a real workbook in place, as a hostile tool would."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, change(data) if info.filename == part else data)
    return path


def with_cell(tmp_path, cell: str, head: str = ""):
    """A workbook of one valid create row whose Company Name cell (J2) is ``cell``."""
    path = workbook(tmp_path / "in.xlsx", [row(Company_Name=MARK)])
    inline = f'<c r="J2" t="inlineStr"><is><t>{MARK}</t></is></c>'.encode()

    def change(data: bytes) -> bytes:
        assert data.count(inline) == 1, data[:600]
        data = data.replace(inline, cell.encode())
        if head:
            assert data.count(b"<worksheet") == 1
            data = data.replace(b"<worksheet", head.encode() + b"<worksheet")
        return data

    return rewrite(path, change)


BYPASSES = {
    "newline in the tag": '<c r="J2" t="str"><f\n>1+1</f\n><v>CACHED</v></c>',
    "tab in the tag": '<c r="J2" t="str"><f\t>1+1</f><v>CACHED</v></c>',
    "prefixed": f'<c r="J2" t="str"><x:f xmlns:x="{MAIN}">1+1</x:f><v>CACHED</v></c>',
    "no cached value": '<c r="J2"><f\n>1+1</f></c>',
    "error, single quotes": "<c r=\"J2\" t='e'><v>#N/A</v></c>",
    "error, blanks around =": '<c r="J2" t = "e"><v>#N/A</v></c>',
    "error, character reference": '<c r="J2" t="&#101;"><v>#REF!</v></c>',
    "error, blank inside": '<c r="J2" t=" e "><v>#DIV/0!</v></c>',
}


@pytest.mark.parametrize("cell", list(BYPASSES.values()), ids=list(BYPASSES))
def test_no_spelling_of_a_formula_or_an_error_value_is_imported(world, tmp_path, cell):
    path = with_cell(tmp_path, cell)
    with zipfile.ZipFile(path) as archive:
        assert holds_formulas(archive, SHEET)
    before = dump(world.store)
    report = import_file(world.services, path)
    assert [(i.row, i.column) for i in report.issues] == [(2, "Company Name")]
    assert "formula" in report.issues[0].message or "error value" in report.issues[0].message
    assert not report.committed and dump(world.store) == before


def test_plain_cells_are_read_fast_and_imported(world, tmp_path):
    plain = '<c r="J2" t="inlineStr"><is><t xml:space="preserve">= e &amp; f </t></is></c>'
    path = with_cell(tmp_path, plain)
    with zipfile.ZipFile(path) as archive:
        assert not holds_formulas(archive, SHEET)
    report = import_file(world.services, path)
    assert report.issues == [] and report.committed
    assert world.services.accounts.get(report.results[0].account_id).name == "= e & f"


def test_a_document_type_is_refused_before_its_entities_are_expanded(world, tmp_path):
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "e"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    path = with_cell(tmp_path, '<c r="J2" t="&a;"><v>#N/A</v></c>', head=laughs)
    before = dump(world.store)
    with pytest.raises(ExchangeFileError, match=r"in\.xlsx .*document type \(DTD\)"):
        import_file(world.services, path)
    assert dump(world.store) == before


# the byte check that spares most sheets a parse never says "no" where the parser says "yes"

NAMES = st.sampled_from(["f", "x:f", "v", "is", "t", "x:v", "fo", "if"])
VALUES = st.sampled_from(
    ["e", " e", "e ", "\te\n", "&#101;", "&#x65;", "&#32;e", "s", "str", "inlineStr", "E", "ee"]
)
ATTRIBUTES = st.sampled_from(["t", "x:t", "r", "s"])
BLANKS = st.sampled_from(["", " ", "\n", "\t", "\r\n"])


@st.composite
def cells(draw):
    attributes = []
    for name in draw(st.lists(ATTRIBUTES, max_size=2, unique=True)):
        quote = draw(st.sampled_from(['"', "'"]))
        value = draw(VALUES)
        attributes.append(f" {name}{draw(BLANKS)}={draw(BLANKS)}{quote}{value}{quote}")
    children = ""
    for name in draw(st.lists(NAMES, max_size=2)):
        blank = draw(BLANKS)
        if draw(st.booleans()):
            children += f"<{name}{blank}/>"
        else:
            children += f"<{name}{blank}>{draw(st.sampled_from(['1', 'e', '&amp;']))}</{name}>"
    return f"<c{''.join(attributes)}>{children}</c>"


def sheet_zip(cell: str) -> zipfile.ZipFile:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">'
        f'<sheetData><row r="1">{cell}</row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(SHEET, xml.encode())
    return zipfile.ZipFile(buffer)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells())
def test_the_byte_check_agrees_with_the_parser(cell):
    with sheet_zip(cell) as archive:
        assert holds_formulas(archive, SHEET) == parsed_formulas(archive, SHEET), cell


def test_a_sheet_in_another_encoding_is_always_parsed():
    xml = (
        f'<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c t="e"><v>#N/A</v></c></row></sheetData></worksheet>'
    ).encode("utf-16")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(SHEET, xml)
    with zipfile.ZipFile(buffer) as archive:
        assert holds_formulas(archive, SHEET)
