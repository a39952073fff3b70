"""Export and import at 100,000 accounts against connect-cli's exporter and openpyxl's reader.

    python -m tests.benchmarks.exchange --db /tmp/bench-100k.sqlite [--accounts 100000]

Seeds the workspace when it does not hold that many demo accounts. Export: our workbook
writer (reading the accounts from the workspace included) against connect-cli 41.0's own
exporter driven offline with a stand-in client that returns the same accounts, already in
memory (target: at most 0.5× its time). Import: 100,000 ``create`` rows into a copy of the
workspace, every row validated and saved as the wizard would, in one transaction, against
openpyxl's bare read-only iteration of the same file (target: at most 1.5×). Write-back: a
result (ID, External UID, ``-``) into every row of that file, in a process of its own, against
our export's time (at most 2×) and the peak RSS of a process that does all but the write-back
(at most 150 MB more; ``tests.benchmarks.writeback`` measures it alone at 250,000 rows). Exit
status 1 when a target is missed; connect-cli's row is skipped when connect-cli is not
installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from desktop_app.interop.export import ExportFormat, account_cells, export_accounts, write_rows
from desktop_app.interop.importer import ImportMode, import_file
from desktop_app.interop.layout import ACTION_CREATE, CUSTOMERS_SHEET, PLACEHOLDER
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.benchmarks.common import Result, say, timed
from tests.benchmarks.dataset import remove_workspace, run_seed, seeded_accounts
from tests.benchmarks.run import print_table
from tests.benchmarks.writeback import measure_writeback
from tests.support.connect_cli import connect_cli_python, connect_shaped, run_driver

EXPORT_TARGET = 0.5
IMPORT_TARGET = 1.5
ORDER = SortSpec(DirectoryColumn.CREATED, descending=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.exchange", description=__doc__
    )
    parser.add_argument("--db", type=Path, required=True, help="benchmark workspace file")
    parser.add_argument("--accounts", type=int, default=100_000, help="accounts to export/import")
    return parser


def _prepare(db: Path, accounts: int) -> None:
    if seeded_accounts(db) != accounts:
        say(f"seeding {accounts:,} accounts into {db}")
        run_seed(db, accounts)


def _export(services: Services, folder: Path, limit: int) -> tuple[Result, Path, float]:
    query = DirectoryQuery()
    total = min(limit, services.directory.count(query))
    ours_path = folder / "ours.xlsx"

    def ours() -> int:
        stream = services.directory.stream(query, ORDER)
        return export_accounts(_first(stream, total), total, ours_path).accounts

    say("export: ours")
    ours_seconds, count = timed(ours)
    python = connect_cli_python()
    if python is None:
        return (
            Result(
                "export 100k",
                f"{ours_seconds:.1f} s",
                "≤ 0.5× connect-cli",
                False,
                ["connect-cli is not installed: no baseline (bash .ci/run installs it)"],
            ),
            ours_path,
            ours_seconds,
        )
    shaped_path = folder / "accounts.json"
    shaped = [connect_shaped(a) for a in _first(services.directory.stream(query, ORDER), total)]
    shaped_path.write_text(json.dumps(shaped), encoding="utf-8")
    say("export: connect-cli 41.0")
    theirs_path = (folder / "theirs.xlsx").resolve()  # the driver runs in a folder of its own
    theirs = run_driver(python, "export", str(theirs_path), str(shaped_path.resolve()))
    ratio = ours_seconds / theirs["seconds"]
    return (
        Result(
            f"export {count:,} accounts",
            f"{ours_seconds:.1f} s = {ratio:.2f}× connect-cli ({theirs['seconds']:.1f} s)",
            f"≤ {EXPORT_TARGET}×",
            ratio <= EXPORT_TARGET,
            [
                f"ours {ours_path.stat().st_size / 1e6:.1f} MB, connect-cli's "
                f"{(folder / 'theirs.xlsx').stat().st_size / 1e6:.1f} MB"
            ],
        ),
        ours_path,
        ours_seconds,
    )


def _first(stream, count):
    for number, item in enumerate(stream):
        if number >= count:
            return
        yield item


def _create_rows(services: Services, total: int):
    """Every account again as a ``create`` row: no ID, no external UID (new ones are made)."""
    for account in _first(services.directory.stream(DirectoryQuery(), ORDER), total):
        cells = account_cells(account)
        cells[0] = ""
        cells[2] = PLACEHOLDER
        cells[3] = ACTION_CREATE
        cells[4] = PLACEHOLDER  # the parent's hub (a new account cannot go on an OA hub)
        phone = account.data.phone
        if phone is not None and phone.extension:  # the joined form cannot tell it apart
            cells[19] = replace(phone, extension="").joined()
        yield cells


def _import(db: Path, services: Services, folder: Path, limit: int) -> Result:
    total = min(limit, services.directory.count(DirectoryQuery()))
    source = folder / "create.xlsx"
    say("import: writing the file of create rows")
    write_rows(_create_rows(services, total), source, ExportFormat.XLSX)

    def bare() -> int:
        import openpyxl

        book = openpyxl.load_workbook(source, read_only=True)
        rows = sum(1 for _ in book[CUSTOMERS_SHEET].iter_rows(values_only=True))
        book.close()
        return rows

    say("import: openpyxl's bare read-only iteration")
    bare_seconds, rows = timed(bare)
    copy = folder / "import.sqlite"
    shutil.copyfile(db, copy)
    os.sync()  # the copy's pages reach the disk now, not while the import is timed
    store = SqliteStore.open(copy)
    try:
        say("import: ours, into a copy of the workspace")
        ours_seconds, report = timed(
            lambda: import_file(Services.over(store), source, ImportMode.ALL_OR_NOTHING)
        )
    finally:
        store.close()
    ratio = ours_seconds / bare_seconds
    ok = report.committed and not report.issues and ratio <= IMPORT_TARGET
    return Result(
        f"import {report.rows:,} create rows",
        f"{ours_seconds:.1f} s = {ratio:.2f}× openpyxl's bare read ({bare_seconds:.1f} s)",
        f"≤ {IMPORT_TARGET}×",
        ok,
        [f"{report.summary()}", f"openpyxl read {rows - 1:,} data rows"]
        + [f"first error: {report.issues[0]}" for _ in report.issues[:1]],
    )


def main(argv: list[str] | None = None) -> int:
    """Measure export, import and write-back; print the table; 1 when a target is missed."""
    args = _parser().parse_args(argv)
    _prepare(args.db, args.accounts)
    folder = Path(tempfile.mkdtemp(prefix="exchange-bench-"))
    store = SqliteStore.open(args.db)
    try:
        services = Services.over(store)
        export_result, _, export_seconds = _export(services, folder, args.accounts)
        import_result = _import(args.db, services, folder, args.accounts)
        rows = min(args.accounts, services.directory.count(DirectoryQuery()))
        writeback_result = measure_writeback(folder / "create.xlsx", rows, export_seconds)
    finally:
        store.close()
        remove_workspace(folder / "import.sqlite")
        shutil.rmtree(folder, ignore_errors=True)
    results = [export_result, import_result, writeback_result]
    print_table(results)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
