"""Peak memory of export, import and write-back at 250,000 rows (the import's size limit).

    python -m tests.benchmarks.exchange_memory --db /tmp/bench-250k.sqlite [--rows 250000]

Each runs as ``desktop-app`` commands in a process of its own, started from a small launcher
that reads its peak RSS (the largest of the process and its children: the import's second
process counts on its own, not added). Export: every account of the workspace (seeded with
ROWS accounts when it holds another number) to a workbook. Import: the same accounts as
``create`` rows into a copy of the workspace, results written nowhere. Write-back: a result
into every row of that file (``tests.benchmarks.writeback``'s process). Target: 500 MB each
(issue 20). Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Final

from desktop_app.persistence.location import Location
from desktop_app.persistence.opening import open_store
from desktop_app.services.container import Services
from tests.benchmarks.common import Result, launch, say
from tests.benchmarks.dataset import copy_workspace, remove_workspace, sibling
from tests.benchmarks.run import print_table, workspace

PEAK_MB: Final = 500.0
DEFAULT_ROWS: Final = 250_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.exchange_memory", description=__doc__
    )
    parser.add_argument("--db", help="benchmark workspace: a file or postgresql://…")
    parser.add_argument("--postgres", type=Path, metavar="DIR", help="a server of its own")
    parser.add_argument("--pg-setting", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    return parser


def _db_arg(db: Location) -> str:
    return getattr(db, "url", None) or str(db)


def _result(what: str, peak_mb: float, seconds: float, code: int, output: str) -> Result:
    notes = [] if code == 0 else [f"exit {code}: {output.strip()[-300:]}"]
    return Result(
        what,
        f"peak {peak_mb:.0f} MB ({seconds:.1f} s)",
        f"≤ {PEAK_MB:.0f} MB",
        code == 0 and peak_mb <= PEAK_MB,
        notes,
    )


def measure_memory(db: Location, rows: int, folder: Path) -> list[Result]:
    """Export, import and write back ``rows`` accounts of ``db``, each in its own process."""
    from tests.benchmarks.exchange import write_create_file

    results = []
    exported = folder / "export.xlsx"
    say(f"memory: export of {rows:,} accounts")
    run = launch(
        [sys.executable, "-m", "desktop_app", "export", "--db", _db_arg(db), "--out", str(exported)]
    )
    results.append(
        _result(f"export {rows:,} accounts", run.peak_rss_mb, run.seconds, run.code, run.output)
    )
    store = open_store(db, create=False)
    try:
        source = write_create_file(Services.over(store), folder, rows)
    finally:
        store.close()
    copy = sibling(db, "memory")
    copy_workspace(db, copy)
    try:
        say(f"memory: import of {rows:,} create rows")
        run = launch(
            [
                sys.executable,
                "-m",
                "desktop_app",
                "import",
                "--db",
                _db_arg(copy),
                "--results",
                "none",
                str(source),
            ]
        )
        results.append(
            _result(
                f"import {rows:,} create rows", run.peak_rss_mb, run.seconds, run.code, run.output
            )
        )
    finally:
        remove_workspace(copy)
    say(f"memory: write-back into {rows:,} rows")
    command = [sys.executable, "-m", "tests.benchmarks.writeback", "--child"]
    run = launch([*command, str(source), str(folder / "written.xlsx"), str(rows)])
    results.append(
        _result(f"write back {rows:,} rows", run.peak_rss_mb, run.seconds, run.code, run.output)
    )
    return results


def main(argv: list[str] | None = None) -> int:
    """Measure the three; print the table; 1 when one peaks over the target."""
    from tests.benchmarks.exchange import _prepare

    parser = _parser()
    args = parser.parse_args(argv)
    args.accounts = args.rows  # the name of a server's database
    db = workspace(args, parser)
    _prepare(db, args.rows)
    folder = Path(tempfile.mkdtemp(prefix="exchange-memory-"))
    try:
        results = measure_memory(db, args.rows, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print_table(results)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
