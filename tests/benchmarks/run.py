"""Run the million-account benchmark: ``python -m tests.benchmarks.run --db FILE``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from tests.benchmarks import dataset, measures, startup
from tests.benchmarks.common import Result, median, ms, say

MEASURES: Final = ("startup", "search", "sort", "jump", "seed", "write", "children")
DEFAULT_ACCOUNTS: Final = 1_000_000
START_REPEATS: Final = 5
START_RATIO: Final = 1.5
START_MEMORY_MB: Final = 150.0
SEARCH_MS: Final = 5.0
SORT_MS: Final = 50.0
JUMP_MS: Final = 30.0
SEED_RATIO: Final = 2.0
WRITE_MS: Final = 5.0
CHILD_TAB_MS: Final = 100.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.run",
        description="Measure the application at a million accounts against its targets.",
    )
    parser.add_argument("--db", type=Path, required=True, help="benchmark workspace file")
    parser.add_argument("--accounts", type=int, default=DEFAULT_ACCOUNTS, help="seeded accounts")
    parser.add_argument("--rebuild", action="store_true", help="seed the file again")
    parser.add_argument("--only", nargs="+", choices=MEASURES, help="run only these")
    return parser


class Bench:
    """One run: the workspace file, the measures chosen and the results so far."""

    def __init__(self, db: Path, accounts: int, only: list[str] | None) -> None:
        self.db = db
        self.accounts = accounts
        self.chosen = set(only or MEASURES)
        self.results: list[Result] = []
        self.seed_run: dataset.SeedRun | None = None
        self.big_reseller = ""

    # the workspace

    def prepare(self, rebuild: bool) -> None:
        """Seed the file unless it holds the accounts already; add the 100k reseller."""
        found = None if rebuild else dataset.seeded_accounts(self.db)
        if found == self.accounts:
            say(f"- reusing {self.db} ({found:,} seeded accounts)")
        else:
            done = measures.progress(f"seeding {self.db} with {self.accounts:,} accounts")
            self.seed_run = dataset.run_seed(self.db, self.accounts)
            done()
            if "seed" in self.chosen:
                self.seed_against_raw(self.db)
        if "seed" in self.chosen and self.seed_run is None:
            scratch = Path(f"{self.db}.seed-scratch.sqlite")
            done = measures.progress(f"seeding a scratch copy {scratch} (timed)")
            self.seed_run = dataset.run_seed(scratch, self.accounts)
            done()
            try:
                self.seed_against_raw(scratch)
            finally:
                dataset.remove_workspace(scratch)
        done = measures.progress("the reseller with 100,000 children")
        self.big_reseller = dataset.ensure_big_reseller(self.db)
        done()

    def seed_against_raw(self, seeded: Path) -> None:
        """Time plain executemany of the rows of ``seeded`` into a new file; compare."""
        assert self.seed_run is not None
        raw_file = Path(f"{self.db}.raw-scratch.sqlite")
        done = measures.progress(f"raw sqlite3 executemany of the same rows into {raw_file}")
        try:
            raw = dataset.raw_baseline(seeded, raw_file)
        finally:
            dataset.remove_workspace(raw_file)
        done()
        ratio = self.seed_run.seconds / raw.seconds
        self.results.append(
            Result(
                f"seed --accounts {self.accounts:,} with all related data",
                f"{self.seed_run.seconds:.1f} s = {ratio:.2f}× raw {raw.seconds:.1f} s",
                f"≤ {SEED_RATIO:g}× raw executemany",
                ratio <= SEED_RATIO,
                [
                    f"seed: {self.seed_run.summary}",
                    f"seed peak memory {self.seed_run.peak_rss_mb:.0f} MB",
                    f"raw: {raw.rows:,} rows in {len(dataset.SEEDED_TABLES)} tables;"
                    " executemany, commit and close timed",
                ],
            )
        )

    # measures

    def run(self) -> None:
        """Every chosen measure, writes last (they change the file)."""
        steps: list[tuple[str, Callable[[], None]]] = [
            ("startup", self.startup),
            ("search", self.search),
            ("sort", self.sort),
            ("jump", self.jump),
            ("children", self.children),
            ("write", self.write),
        ]
        for name, step in steps:
            if name in self.chosen:
                done = measures.progress(name)
                step()
                done()

    def startup(self) -> None:
        """Bare QMainWindow, the application and the toolkit's floor, in turns."""
        bare: list[startup.Start] = []
        app: list[startup.Start] = []
        floor: list[startup.Start] = []
        startup.compile_bytecode()
        for _ in range(START_REPEATS):
            bare.append(startup.bare_start())
            app.append(startup.app_start(self.db))
            floor.append(startup.floor_start(self.db))
        bare_s = median([s.seconds for s in bare])
        app_s = median([s.seconds for s in app])
        floor_s = median([s.seconds for s in floor])
        ratio = app_s / bare_s
        peak = max(s.peak_rss_mb for s in app)
        report = app[-1].report
        painted = report.get("rows", 0) and not report.get("empty_state")
        self.results.append(
            Result(
                "process start → Directory painted",
                f"{app_s:.2f} s = {ratio:.2f}× bare {bare_s:.2f} s",
                f"≤ {START_RATIO:g}× bare QMainWindow start",
                ratio <= START_RATIO and bool(painted),
                [
                    "app runs: " + ", ".join(f"{s.seconds:.2f}" for s in app) + " s",
                    "bare runs: " + ", ".join(f"{s.seconds:.2f}" for s in bare) + " s",
                    f"Directory showed {report.get('count_label')} (first row"
                    f" {report.get('first_row')})",
                    "the app's child runs desktop_app.app.main(['--db', FILE]) to the first paint",
                    f"floor, no application code (a PySide6 table over a Python model of the same"
                    f" file): {floor_s:.2f} s = {floor_s / bare_s:.2f}× bare; runs "
                    + ", ".join(f"{s.seconds:.2f}" for s in floor)
                    + " s",
                ],
            )
        )
        self.results.append(
            Result(
                "  peak memory of that start",
                f"{peak:.0f} MB (bare {max(s.peak_rss_mb for s in bare):.0f} MB)",
                f"≤ {START_MEMORY_MB:g} MB",
                peak <= START_MEMORY_MB,
            )
        )

    def _services(self) -> tuple[SqliteStore, Services]:
        store = SqliteStore.open(self.db)
        return store, Services.over(store)

    def search(self) -> None:
        """Typing real values; counts checked against every account's fields."""
        store, services = self._services()
        try:
            terms = measures.search_terms(store)
            figures = measures.measure_search(services, terms)
            done = measures.progress("checking every count against all accounts' fields")
            expected = measures.brute_force_counts(store, list(figures.counts))
            done()
        finally:
            store.close()
        wrong = [t for t, n in figures.counts.items() if expected[t] != n]
        short = [t for t in figures.counts if len(t) <= 2]
        short_empty = [t for t in short if figures.counts[t] == 0]
        accent_pairs = [
            (a.strip(), measures.fold(a.strip())) for a in terms[0].keystrokes()
        ]  # the accent-free term typed the same letters: its keystrokes hold every fold
        accents_differ = [
            (a, f) for a, f in accent_pairs if figures.counts[a] != figures.counts.get(f, -1)
        ]
        found_all = all(figures.counts[t.text.strip()] > 0 for t in terms)
        med = median(figures.times)
        ok = med * 1000 <= SEARCH_MS and not wrong and not short_empty and not accents_differ
        notes = [
            f"{len(figures.times)} keystrokes ({measures.SEARCH_PASSES} passes over"
            f" {len(figures.counts)} texts) in: "
            + "; ".join(f"{t.field} {t.text!r}" for t in terms),
            f"1-2 character terms ({', '.join(repr(t) for t in short)}):"
            f" median {ms(median(figures.short_times))}, max {ms(max(figures.short_times))}",
            "median by length: "
            + "; ".join(
                f"{k} {ms(median(v))} ({len(v)})" for k, v in sorted(figures.by_length.items())
            ),
            f"all keystrokes: max {ms(max(figures.times))}; slowest: "
            + "; ".join(f"{t!r} {ms(s)} ({n:,} found)" for s, t, n in figures.slowest),
            f"counts checked against a scan of every live account: {len(wrong)} wrong"
            + (f" ({', '.join(repr(t) for t in wrong[:5])})" if wrong else ""),
            f"accents ignored: {terms[0].text!r} and {terms[1].text!r} count alike at every"
            f" keystroke: {'yes' if not accents_differ else 'NO ' + repr(accents_differ[:3])}",
            f"every full term found its account: {'yes' if found_all else 'NO'}",
        ]
        self.results.append(
            Result(
                "search as you type (count + first page)",
                f"median {ms(med)}",
                f"≤ {SEARCH_MS:g} ms per keystroke; counts right",
                ok and found_all,
                notes,
            )
        )

    def sort(self) -> None:
        """First page by each column and direction."""
        store, services = self._services()
        try:
            figures = measures.measure_sort(services)
        finally:
            store.close()
        worst = max(figures, key=lambda k: figures[k])
        self.results.append(
            Result(
                "sort by any directory column (first page)",
                f"worst {ms(figures[worst])} ({worst})",
                f"≤ {SORT_MS:g} ms",
                figures[worst] * 1000 <= SORT_MS,
                measures.describe(figures),
            )
        )

    def jump(self) -> None:
        """Rows at the end and in the middle, through the table model."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        store, services = self._services()
        try:
            figures = measures.measure_jump(services)
        finally:
            store.close()
        app.processEvents()
        worst = max(figures, key=lambda k: figures[k])
        self.results.append(
            Result(
                "jump to any row (page at the end / middle)",
                f"worst {ms(figures[worst])} ({worst})",
                f"≤ {JUMP_MS:g} ms",
                figures[worst] * 1000 <= JUMP_MS,
                measures.describe(figures),
            )
        )

    def children(self) -> None:
        """The Child Accounts tab of the reseller with 100k children."""
        from PySide6.QtWidgets import QApplication

        _app = QApplication.instance() or QApplication([sys.argv[0]])
        store, services = self._services()
        try:
            figures = measures.measure_child_tab(services, self.big_reseller)
        finally:
            store.close()
        med = median(figures.paint)
        self.results.append(
            Result(
                "Child Accounts tab of a reseller with 100k children",
                f"median {ms(med)} to first paint",
                f"≤ {CHILD_TAB_MS:g} ms",
                med * 1000 <= CHILD_TAB_MS,
                [
                    f"{self.big_reseller}: the tab says {figures.count_label!r}",
                    "tab switch to painted: " + ", ".join(ms(s) for s in figures.paint),
                    "opening its details (header, counts) before that: "
                    + ", ".join(ms(s) for s in figures.open_view),
                ],
            )
        )

    def write(self) -> None:
        """Creates and edits through the services, each committed."""
        store, services = self._services()
        try:
            figures = measures.measure_writes(store, services, self.big_reseller)
        finally:
            store.close()
        create, edit = median(figures.creates), median(figures.edits)
        worst = max(create, edit)
        self.results.append(
            Result(
                "create or edit an account (requests included)",
                f"create {ms(create)}, edit {ms(edit)}",
                f"≤ {WRITE_MS:g} ms per committed action",
                worst * 1000 <= WRITE_MS,
                [
                    f"{len(figures.creates)} creates, max {ms(max(figures.creates))}",
                    f"{len(figures.edits)} edits raising {figures.requests} requests,"
                    f" max {ms(max(figures.edits))}",
                ],
            )
        )


def print_table(results: list[Result]) -> None:
    """The figures against their targets, then the notes."""
    rows = [("what", "measured", "target", "")] + [
        (r.what, r.measured, r.target, "OK" if r.ok else "MISSED") for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for number, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("-+-".join("-" * width for width in widths))
    for result in results:
        if result.notes:
            print(f"\n{result.what.strip()}:")
            for note in result.notes:
                print(f"  {note}")


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the workspace, measure, print; 1 when a target is missed."""
    args = _parser().parse_args(argv)
    bench = Bench(args.db, args.accounts, args.only)
    bench.prepare(args.rebuild)
    bench.run()
    print_table(bench.results)
    return 0 if all(r.ok for r in bench.results) else 1


if __name__ == "__main__":
    sys.exit(main())
