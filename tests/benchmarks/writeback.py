"""Write-back of import results at 250,000 rows, against our export of the same rows.

    python -m tests.benchmarks.writeback [--rows 250000]

Writes a workbook of ROWS ``create`` rows (no ID, as a file to import has them) with our
export's writer, timed: the export's figure for the same rows. Then a result goes into every
row (ID, External UID, Action ``-``), in a process of its own started from a small launcher,
which gives its peak RSS; a second process does all the same but the write-back: the
interpreter's baseline (the modules and the results in memory). Targets: the write-back takes
at most 2× the export (issue 20), and its process peaks at most 150 MB over the baseline.
Exit status 1 when a target is missed.

``measure_writeback`` takes any customers workbook, so ``tests.benchmarks.exchange`` can
measure the write-back into the file it exported.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from tests.benchmarks.common import Result, launch, say, timed

WRITEBACK_RATIO: Final = 2.0
MEMORY_OVER_BASELINE_MB: Final = 150.0
DEFAULT_ROWS: Final = 250_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.writeback", description=__doc__
    )
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="rows to write back")
    parser.add_argument("--child", nargs=3, metavar=("SOURCE", "TARGET", "ROWS"), help="internal")
    parser.add_argument("--baseline", action="store_true", help="internal: do not write")
    return parser


def create_rows(count: int) -> Iterator[list[str]]:
    """``count`` create rows of a file to import: no ID, no External UID, 20 texts each."""
    for n in range(count):
        yield [
            "",
            f"EXT-{n:07d}",
            "-",
            "create",
            "-",
            "-",
            "-",
            "customer" if n % 5 else "reseller",
            f"DE{n:09d}",
            f"Beispiel Handels GmbH {n}",
            f"Torstraße {n % 200 + 1}",
            "-" if n % 3 else f"Hinterhaus {n % 7}",
            "Berlin",
            "Berlin",
            f"{10115 + n % 900:05d}",
            "DE",
            "Jonas",
            f"Weber{n % 97}",
            f"jonas.weber{n}@example.com",
            f"+49 30 {1000000 + n:07d}",
        ]


def _results(count: int) -> list:
    from desktop_app.interop.importer import RowOutcome, RowResult

    return [
        RowResult(
            n,
            RowOutcome.CREATED,
            f"TA-{n % 10000:04d}-{n // 10000:04d}-0001",
            str(uuid.UUID(int=n)),
        )
        for n in range(2, count + 2)
    ]


def _child(source: Path, target: Path, count: int, baseline: bool) -> None:
    """The measured process: the results of ``count`` rows, written into ``source`` unless
    ``baseline``; prints the write-back's own seconds."""
    from desktop_app.interop.writeback import write_results

    results = _results(count)
    seconds = 0.0
    if not baseline:
        seconds, _ = timed(lambda: write_results(source, target, results))
    print(json.dumps({"seconds": seconds}))


def _run_child(source: Path, target: Path, count: int, baseline: bool) -> tuple[float, float]:
    command = [
        sys.executable,
        "-m",
        "tests.benchmarks.writeback",
        "--child",
        str(source),
        str(target),
        str(count),
    ]
    launched = launch([*command, "--baseline"] if baseline else command)
    if launched.code != 0:
        raise RuntimeError(f"the write-back process failed:\n{launched.output}")
    seconds = json.loads(launched.output.strip().splitlines()[-1])["seconds"]
    return float(seconds), launched.peak_rss_mb


def measure_writeback(source: Path, count: int, export_seconds: float) -> Result:
    """Write a result into each of ``count`` rows of ``source``; against the export's time."""
    target = source.with_name(f"{source.stem}-imported.xlsx")
    say("write-back: the baseline process (results in memory, nothing written)")
    _, baseline_mb = _run_child(source, target, count, baseline=True)
    say(f"write-back: {count:,} rows")
    seconds, peak_mb = _run_child(source, target, count, baseline=False)
    ratio = seconds / export_seconds
    over = peak_mb - baseline_mb
    ok = ratio <= WRITEBACK_RATIO and over <= MEMORY_OVER_BASELINE_MB
    return Result(
        f"write back {count:,} rows",
        f"{seconds:.1f} s = {ratio:.2f}× our export ({export_seconds:.1f} s); "
        f"peak {peak_mb:.0f} MB = baseline + {over:.0f} MB",
        f"≤ {WRITEBACK_RATIO}×, ≤ +{MEMORY_OVER_BASELINE_MB:.0f} MB",
        ok,
        [
            f"source {source.stat().st_size / 1e6:.1f} MB, written "
            f"{target.stat().st_size / 1e6:.1f} MB",
            f"baseline process (modules and {count:,} results, no write-back): "
            f"{baseline_mb:.0f} MB",
        ],
    )


def main(argv: list[str] | None = None) -> int:
    """Export ROWS rows, write results into all of them; print the table."""
    args = _parser().parse_args(argv)
    if args.child:
        source, target, count = args.child
        _child(Path(source), Path(target), int(count), args.baseline)
        return 0
    from desktop_app.interop.export import ExportFormat, write_rows
    from tests.benchmarks.run import print_table

    folder = Path(tempfile.mkdtemp(prefix="writeback-bench-"))
    try:
        source = folder / "create.xlsx"
        say(f"export: {args.rows:,} rows with our workbook writer")
        started = time.perf_counter()
        write_rows(create_rows(args.rows), source, ExportFormat.XLSX)
        export_seconds = time.perf_counter() - started
        result = measure_writeback(source, args.rows, export_seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print_table([result])
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
