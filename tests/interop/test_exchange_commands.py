"""``desktop-app export`` and ``desktop-app import``: files, filters, exit codes, messages."""

import io

import openpyxl

from desktop_app import cli
from tests.interop.sheets import row, workbook
from tests.support.world import dump


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_export_with_filters_and_formats(world, accounts, tmp_path):
    db = str(world.path)
    code, out, _ = run("export", "--db", db, "--out", str(tmp_path / "all.xlsx"))
    assert code == 0 and "Exported 5 accounts" in out
    code, out, _ = run(
        "export",
        "--db",
        db,
        "--out",
        str(tmp_path / "r.txt"),
        "--format",
        "csv",
        "--type",
        "reseller",
    )
    assert code == 0 and "Exported 3 accounts" in out and "(csv)" in out
    assert (tmp_path / "r.txt").read_text(encoding="utf-8-sig").startswith("ID,External ID")
    code, out, _ = run(
        "export",
        "--db",
        db,
        "--out",
        str(tmp_path / "c.xlsx"),
        "--parent",
        accounts.hub_reseller.id,
    )
    assert code == 0 and "Exported 1 account " in out


def test_export_refusals(world, accounts, tmp_path):
    code, _, err = run("export", "--db", str(world.path), "--out", str(tmp_path / "no" / "x.xlsx"))
    assert code == 1 and "does not exist" in err
    code, _, err = run("export", "--db", str(tmp_path / "missing.sqlite"), "--out", "x.xlsx")
    assert code == 2 and err.startswith("desktop-app:")
    assert not (tmp_path / "missing.sqlite").exists()


def test_import_all_or_nothing_then_valid_rows_with_results(world, accounts, tmp_path):
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="A"), row(City=""), row(Action="-")])
    before = dump(world.store)
    code, out, _ = run("import", "--db", str(world.path), str(source))
    assert code == 1
    assert "row 3, City: Enter the city." in out
    assert "Nothing was written" in out
    assert dump(world.store) == before
    code, out, _ = run("import", "--db", str(world.path), str(source), "--valid-rows")
    assert code == 1 and "1 created" in out and "in-imported.xlsx" in out
    written = openpyxl.load_workbook(tmp_path / "in-imported.xlsx")["Customers"]
    assert written.cell(2, 1).value.startswith("TA-") and written.cell(2, 4).value == "-"
    assert written.cell(3, 4).value == "create"  # the refused row is left as it was


def test_import_clean_file_into_itself_and_preview(world, accounts, tmp_path):
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="A")])
    before = dump(world.store)
    code, out, _ = run("import", "--db", str(world.path), str(source), "--preview")
    assert code == 0 and "1 created" in out and dump(world.store) == before
    code, out, _ = run("import", "--db", str(world.path), str(source), "--results", "file")
    assert code == 0 and "1 created" in out
    assert openpyxl.load_workbook(source)["Customers"].cell(2, 4).value == "-"
    code, out, _ = run("import", "--db", str(world.path), str(source))
    assert code == 0 and "1 skipped" in out


def test_import_of_a_bad_file_exits_2(world, accounts, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00" * 100)
    code, out, err = run("import", "--db", str(world.path), str(bad))
    assert code == 2 and "bad.xlsx" in err and out == ""
