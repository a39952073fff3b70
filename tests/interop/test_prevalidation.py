"""Large imports validate create rows in a second process: same results, same refusals."""

import os

import pytest

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.interop import prevalidation
from desktop_app.interop.importer import ImportMode, import_file
from desktop_app.interop.progress import Cancelled
from tests.interop.sheets import csv_file, row, workbook
from tests.support.world import dump

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

ROWS = [
    row(External_ID="P1", Company_Name="Parent One"),
    row(
        Type="customer",
        External_ID="C1",
        Parent_Search_Criteria="external_id",
        Parent_Search_Value="P1",
    ),
    row(Type="customer", External_ID="C2"),  # no parent
    row(External_ID="E1", Technical_Contact_Email="nope", Country="XX"),
    row(External_ID="P2", Parent_Search_Criteria="external_id", Parent_Search_Value="nobody"),
    row(External_ID="OK2", Technical_Contact_Phone="+33 1 42 68 53 00", Country="FR"),
    row(Action="-"),
    row(Type="partner"),
]


def outcome(report):
    return (
        [(i.row, i.column, i.message) for i in report.issues],
        [(r.row, r.outcome) for r in report.results],
        report.skipped,
    )


def test_the_second_process_gives_the_same_report(world, accounts, tmp_path, monkeypatch):
    path = workbook(tmp_path / "in.xlsx", ROWS)
    serial = import_file(world.services, path, ImportMode.PREVIEW)
    monkeypatch.setattr(prevalidation, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(prevalidation, "CHUNK", 3)
    calls = []
    real = prevalidation.prevalidated
    monkeypatch.setattr(
        prevalidation,
        "prevalidated",
        lambda source, parallel: calls.append(parallel) or real(source, parallel),
    )
    parallel = import_file(world.services, path, ImportMode.VALID_ROWS)
    assert calls == [True]
    assert outcome(parallel) == outcome(serial)
    assert parallel.committed and len(parallel.results) == 3
    names = {world.services.accounts.get(r.account_id).name for r in parallel.results}
    assert names == {"Parent One", "Neue Handels GmbH"}
    child = world.services.accounts.get(parallel.results[1].account_id)
    assert child.parent_id == parallel.results[0].account_id


def test_cancel_stops_the_second_process_and_writes_nothing(world, accounts, tmp_path, monkeypatch):
    monkeypatch.setattr(prevalidation, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(prevalidation, "CHUNK", 2)
    monkeypatch.setattr("desktop_app.interop.importer.STEP", 1)
    path = workbook(tmp_path / "in.xlsx", [row(External_ID=f"X{i}") for i in range(12)])
    before = dump(world.store)
    with pytest.raises(Cancelled):
        import_file(world.services, path, progress=lambda done, total: done < 5)
    assert dump(world.store) == before


def test_check_rows_validates_only_create_rows():
    from desktop_app.interop.workbook_columns import HEADERS

    def cells(**values):
        return tuple(str(row(**values).get(h, "-")) if h != "ID" else "" for h in HEADERS)

    checks = prevalidation.check_rows(
        [cells(), cells(Action="update"), cells(Technical_Contact_Email="x"), cells(Type="?")]
    )
    assert checks[0] is not None and checks[0].data is not None
    assert checks[0].data.parent_id is None
    assert checks[1] is None and checks[3] is None
    assert checks[2] is not None and checks[2].data is None
    assert [i.field for i in checks[2].issues] == ["email"]


def test_check_rows_makes_the_external_uid_of_create_rows_without_one():
    from desktop_app.interop.row_uids import row_external_uid
    from desktop_app.interop.workbook_columns import HEADERS, row_fields

    def cells(**values):
        return tuple(str(row(**values).get(h, "-")) if h != "ID" else "" for h in HEADERS)

    given = "3f2b8c1e-0d4a-4c55-9a31-2b7e9d0c6a10"
    plain, bad, own = cells(), cells(Technical_Contact_Email="x"), cells(External_UID=given)
    checks = prevalidation.check_rows([plain, bad, own])
    assert [c.derived_uid for c in checks if c is not None] == [
        row_external_uid(row_fields(plain)),
        row_external_uid(row_fields(bad)),
        "",
    ]


def _exit_at_once(*_args: object) -> None:
    """A reading process that dies before it reads anything."""
    os._exit(3)


def test_a_reading_process_that_dies_leaves_the_rows_to_this_one(
    world, accounts, tmp_path, monkeypatch
):
    path = workbook(tmp_path / "in.xlsx", ROWS)
    serial = import_file(world.services, path, ImportMode.PREVIEW)
    monkeypatch.setattr(prevalidation, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(prevalidation, "read_and_check", _exit_at_once)
    assert outcome(import_file(world.services, path, ImportMode.PREVIEW)) == outcome(serial)


def test_what_reading_raises_in_the_second_process_is_raised_here(
    world, accounts, tmp_path, monkeypatch
):
    rows = [row(External_ID=f"E{n}") for n in range(5)]
    path = csv_file(tmp_path / "in.csv", [*rows, row(Company_Name="x" * 200_000)])
    with pytest.raises(ExchangeFileError) as serial:
        import_file(world.services, path, ImportMode.PREVIEW)
    monkeypatch.setattr(prevalidation, "PARALLEL_MIN_ROWS", 1)
    before = dump(world.store)
    with pytest.raises(ExchangeFileError) as parallel:
        import_file(world.services, path, ImportMode.ALL_OR_NOTHING)
    assert parallel.value.message == serial.value.message
    assert "longer than" in parallel.value.message
    assert dump(world.store) == before


def test_check_rows_data_holds_what_the_writer_would_put_in():
    """The derived external UID and a parent given by its id: the writer copies no data."""
    from desktop_app.interop.workbook_columns import HEADERS

    def cells(**values):
        return tuple(str(row(**values).get(h, "-")) if h != "ID" else "" for h in HEADERS)

    by_id = cells(
        Type="customer", Parent_Search_Criteria="id", Parent_Search_Value="TA-1234-5678-9012"
    )
    by_external_id = cells(
        Type="customer", Parent_Search_Criteria="external_id", Parent_Search_Value="P1"
    )
    checks = prevalidation.check_rows([by_id, by_external_id])
    assert [c.data.parent_id for c in checks] == [
        "TA-1234-5678-9012",
        prevalidation.PARENT_PLACEHOLDER,
    ]
    assert [c.data.external_uid for c in checks] == [c.derived_uid for c in checks]
    assert all(c.derived_uid for c in checks)


@pytest.mark.parametrize("formula", [False, True])
def test_the_look_for_formulas_is_made_here_and_the_second_process_reads_as_told(
    world, accounts, tmp_path, monkeypatch, formula
):
    from tests.interop.test_formula_detection import BYPASSES, MARK, with_cell

    path = (
        with_cell(tmp_path, BYPASSES["prefixed"])
        if formula
        else workbook(tmp_path / "in.xlsx", [row(Company_Name=MARK)])
    )
    serial = import_file(world.services, path, ImportMode.PREVIEW)
    assert bool(serial.issues) == formula
    monkeypatch.setattr(prevalidation, "PARALLEL_MIN_ROWS", 1)
    looked = []
    real = prevalidation.plain_sheet
    monkeypatch.setattr(prevalidation, "plain_sheet", lambda p: looked.append(p) or real(p))
    parallel = import_file(world.services, path, ImportMode.PREVIEW)
    assert looked == [path]  # here, once; the second process was told
    assert outcome(parallel) == outcome(serial)
