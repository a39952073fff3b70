"""Export, import and write-back at 100,000 accounts, each beside a floor measured in the same run.

    python -m tests.benchmarks.exchange --db /tmp/bench-100k.sqlite [--accounts 100000]
    python -m tests.benchmarks.exchange --db postgresql://user@host:port/dbname
    python -m tests.benchmarks.exchange --postgres DIR  # a server of its own, bench_100000
    python -m tests.benchmarks.exchange --db URL_OR_FILE --workspace-accounts 1000000
        # 100,000 of a million accounts exported, and imported into a copy of the million
    (add --connect-cli to time connect-cli 41.0's own exporter too)

Seeds the workspace when it does not hold that many demo accounts. Export: our export
(reading the accounts from the workspace included) against its floor, a plain read of the
same rows (``sqlite3``/``psycopg``, the 20 texts made by the database) written by the fastest
writer at hand (``tests.benchmarks.exchange_floor``; target: at most 2× the floor). Import:
100,000 ``create`` rows into a copy of the workspace (on a server: a database made from it as
a template), every row validated and saved as the wizard would, in one transaction, against
openpyxl's bare read-only iteration of the same file (target: at most 0.5×), and beside it
the storage floor: the same rows written by the database itself, nothing read or checked
(``tests.benchmarks.import_floor``). Write-back: a
result (ID, External UID, ``-``) into every row of that file, in a process of its own,
against our export's time (at most 2×) and the peak RSS of a process that does all but the
write-back (at most 150 MB more). Peak memory at 250,000 rows: ``tests.benchmarks.
exchange_memory``. The machine may be shared: compare the ratios, measured in one run.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from desktop_app.interop.export import ExportFormat, export_accounts, write_rows
from desktop_app.interop.importer import ImportMode, import_file
from desktop_app.interop.layout import ACTION_CREATE, CUSTOMERS_SHEET, PLACEHOLDER
from desktop_app.interop.workbook_columns import account_cells, index_of
from desktop_app.persistence.location import Location
from desktop_app.persistence.opening import open_store
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.benchmarks.common import Result, say, timed
from tests.benchmarks.dataset import (
    copy_workspace,
    remove_workspace,
    run_seed,
    seeded_accounts,
    sibling,
)
from tests.benchmarks.exchange_floor import fastest_writer, measure_floor
from tests.benchmarks.import_floor import measure_storage_floor
from tests.benchmarks.run import print_table, workspace
from tests.benchmarks.writeback import measure_writeback
from tests.support.connect_cli import connect_cli_python, connect_shaped, run_driver

EXPORT_TARGET = 2.0
IMPORT_TARGET = 0.5
ORDER = SortSpec(DirectoryColumn.CREATED, descending=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.exchange", description=__doc__
    )
    parser.add_argument(
        "--db",
        help="benchmark workspace: a file, or postgresql://user@host:port/dbname"
        " (with --postgres: the database's name, default bench_ACCOUNTS)",
    )
    parser.add_argument(
        "--postgres",
        type=Path,
        metavar="DIR",
        help="start a PostgreSQL server of the benchmark's own on DIR/data (kept between runs)",
    )
    parser.add_argument(
        "--pg-setting", action="append", default=[], metavar="NAME=VALUE", help="for --postgres"
    )
    parser.add_argument("--accounts", type=int, default=100_000, help="accounts to export/import")
    parser.add_argument(
        "--workspace-accounts",
        type=int,
        metavar="N",
        help="accounts the workspace holds (seeded when it holds another number); default"
        " --accounts. The first --accounts of them are exported, and imported as create rows",
    )
    parser.add_argument(
        "--connect-cli",
        action="store_true",
        help="also time connect-cli 41.0's own exporter (about 90 s at 100,000 accounts)",
    )
    return parser


def _prepare(db: Location, accounts: int) -> None:
    if seeded_accounts(db) != accounts:
        say(f"seeding {accounts:,} accounts into {db}")
        run_seed(db, accounts)


def _export(
    services: Services, db: Location, folder: Path, limit: int, with_connect_cli: bool
) -> tuple[Result, Path, float]:
    query = DirectoryQuery()
    total = min(limit, services.directory.count(query))
    ours_path = folder / "ours.xlsx"

    def ours() -> int:
        stream = services.directory.stream(query, ORDER)
        return export_accounts(_first(stream, total), total, ours_path).accounts

    say(f"export: the floor ({fastest_writer()} after a plain read)")
    floor_seconds, floor_rows = measure_floor(db, total, folder / "floor.xlsx")
    say("export: ours")
    ours_seconds, count = timed(ours)
    ratio = ours_seconds / floor_seconds
    notes = [
        f"floor: {floor_rows:,} rows read plainly and written with {fastest_writer()}",
        f"ours {ours_path.stat().st_size / 1e6:.1f} MB, the floor's "
        f"{(folder / 'floor.xlsx').stat().st_size / 1e6:.1f} MB",
    ]
    python = connect_cli_python() if with_connect_cli else None
    if python is not None:
        shaped_path = folder / "accounts.json"
        stream = services.directory.stream(query, ORDER)
        shaped = [connect_shaped(a) for a in _first(stream, total)]
        shaped_path.write_text(json.dumps(shaped), encoding="utf-8")
        say("export: connect-cli 41.0")
        theirs_path = (folder / "theirs.xlsx").resolve()  # the driver runs in a folder of its own
        theirs = run_driver(python, "export", str(theirs_path), str(shaped_path.resolve()))
        notes.append(
            f"connect-cli 41.0's own exporter: {theirs['seconds']:.1f} s "
            f"(ours = {ours_seconds / theirs['seconds']:.2f}× it)"
        )
    elif with_connect_cli:
        notes.append("connect-cli is not installed (bash .ci/run installs it)")
    return (
        Result(
            f"export {count:,} accounts",
            f"{ours_seconds:.1f} s = {ratio:.2f}× the floor ({floor_seconds:.1f} s)",
            f"≤ {EXPORT_TARGET}×",
            ratio <= EXPORT_TARGET,
            notes,
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
        cells[index_of("id")] = ""
        cells[index_of("external_uid")] = PLACEHOLDER
        cells[index_of("action")] = ACTION_CREATE
        cells[index_of("hub_id")] = PLACEHOLDER  # the parent's (a new account cannot go on OA)
        phone = account.data.phone
        if phone is not None and phone.extension:  # the joined form cannot tell it apart
            cells[index_of("phone")] = replace(phone, extension="").joined()
        yield cells


def openpyxl_read(source: Path) -> int:
    """Iterate every row of ``source``'s Customers sheet with openpyxl, read-only: the yardstick."""
    import openpyxl

    book = openpyxl.load_workbook(source, read_only=True)
    rows = sum(1 for _ in book[CUSTOMERS_SHEET].iter_rows(values_only=True))
    book.close()
    return rows


def write_create_file(services: Services, folder: Path, limit: int) -> Path:
    total = min(limit, services.directory.count(DirectoryQuery()))
    source = folder / "create.xlsx"
    say("import: writing the file of create rows")
    write_rows(_create_rows(services, total), source, ExportFormat.XLSX)
    return source


def _import(db: Location, source: Path) -> Result:
    """openpyxl's bare read of ``source``, then our import of it into a copy of ``db``.

    Nothing may hold ``db`` open (a server copies a database only while nobody uses it).
    """

    say("import: openpyxl's bare read-only iteration")
    bare_seconds, rows = timed(lambda: openpyxl_read(source))
    say("import: the storage floor (the same rows written by the database itself)")
    floor_seconds, floor_rows = measure_storage_floor(db, rows - 1)
    copy = sibling(db, "import")
    copy_workspace(db, copy)
    try:
        store = open_store(copy, create=False)
        try:
            say(f"import: ours, into a copy of the workspace ({copy})")
            ours_seconds, report = timed(
                lambda: import_file(Services.over(store), source, ImportMode.ALL_OR_NOTHING)
            )
        finally:
            store.close()
    finally:
        remove_workspace(copy)
    ratio = ours_seconds / bare_seconds
    ok = report.committed and not report.issues and ratio <= IMPORT_TARGET
    return Result(
        f"import {report.rows:,} create rows",
        f"{ours_seconds:.1f} s = {ratio:.2f}× openpyxl's bare read ({bare_seconds:.1f} s)",
        f"≤ {IMPORT_TARGET}×",
        ok,
        [
            f"{report.summary()}",
            f"openpyxl read {rows - 1:,} data rows",
            f"storage floor: {floor_rows:,} accounts stored by the database itself in "
            f"{floor_seconds:.1f} s = {floor_seconds / bare_seconds:.2f}× openpyxl's read; "
            f"ours = {ours_seconds / floor_seconds:.2f}× the floor",
        ]
        + [f"first error: {report.issues[0]}" for _ in report.issues[:1]],
    )


def main(argv: list[str] | None = None) -> int:
    """Measure export, import and write-back; print the table; 1 when a target is missed."""
    parser = _parser()
    args = parser.parse_args(argv)
    db = workspace(args, parser)
    _prepare(db, args.workspace_accounts or args.accounts)
    folder = Path(tempfile.mkdtemp(prefix="exchange-bench-"))
    try:
        store = open_store(db, create=False)
        try:
            services = Services.over(store)
            export_result, _, export_seconds = _export(
                services, db, folder, args.accounts, args.connect_cli
            )
            source = write_create_file(services, folder, args.accounts)
            rows = min(args.accounts, services.directory.count(DirectoryQuery()))
        finally:
            store.close()
        import_result = _import(db, source)
        writeback_result = measure_writeback(source, rows, export_seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results = [export_result, import_result, writeback_result]
    print_table(results)
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
