"""The Overview tab through the real window (issue 19): first shown (cold), after a change.

Measured in a process of its own (``python -m tests.benchmarks.overview DB`` prints JSON): a
window opens on the Directory, then Ctrl+0's switch to the Overview is timed to the charts
painted with their figures (the chart code loads then, the reading thread opens its
connection); the reseller trees, which come after, separately. Then an account is edited
(twice, back to what it was: the workspace keeps its accounts) and the window hands the change
on, timed to the charts painted again. Beside: the first page of the Directory for each kind
of bar the Overview opens.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from tests.benchmarks.common import ROOT, Result, say

COLD_TARGET_MS: Final = 300.0
CHANGE_TARGET_MS: Final = 50.0
PAGE_TARGET_MS: Final = 50.0
CHANGES: Final = 6
WAIT_S: Final = 60.0


def _wait(app: Any, done: Any) -> None:
    deadline = time.perf_counter() + WAIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise RuntimeError("the Overview's figures did not come within a minute")
        app.processEvents()
        time.sleep(0.0005)


def _probe(db: str) -> dict[str, Any]:
    """In the child: open the window, time the Overview; the figures in milliseconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from desktop_app.app import create_main_window
    from desktop_app.domain.accounts import AccountDraft
    from desktop_app.services.changes import Changes
    from desktop_app.services.overview import TREES
    from desktop_app.services.queries import DirectoryQuery

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        settings = Path(folder) / "settings.ini"
        settings.write_text("[overview]\nfirst=false\n", encoding="utf-8")  # open on the Directory
        window = create_main_window(db, settings_path=settings)
        window.resize(1024, 700)
        window.show()
        for _ in range(20):
            app.processEvents()
        started = time.perf_counter()
        window.overview.show()
        view = window.overview.tab.view
        assert view is not None
        _wait(app, lambda: bool(view.overview().charts))
        window.repaint()
        figures["cold_ms"] = (time.perf_counter() - started) * 1000
        _wait(app, lambda: view.charts[TREES].chart() is not None)
        window.repaint()
        figures["trees_cold_ms"] = (time.perf_counter() - started) * 1000

        services = window.services
        account_id = services.directory.accounts(DirectoryQuery()).fetch(0, 1)[0].id
        original = AccountDraft.from_data(services.accounts.get(account_id).data)
        changed = replace(original, city=f"{original.city} (bench)")
        timings, trees = [], []
        shown = [0]
        view.figures_shown.connect(lambda: shown.__setitem__(0, shown[0] + 1))
        for number in range(CHANGES):
            saved = services.accounts.update(account_id, changed if number % 2 == 0 else original)
            wanted = shown[0] + 1
            started = time.perf_counter()
            window.apply_changes(Changes.saved(saved.account, saved.requests, created=False))
            _wait(app, lambda wanted=wanted: shown[0] >= wanted)
            window.repaint()
            timings.append((time.perf_counter() - started) * 1000)
            if view.read_seconds is not None:
                trees.append(view.read_seconds * 1000)
        figures["change_ms"] = timings
        figures["trees_change_ms"] = trees
        pages: dict[str, float] = {}
        for chart in view.overview().charts:
            for series in chart.series:
                for figure in series.figures:
                    if figure.accounts is None:
                        continue
                    started = time.perf_counter()
                    listing = services.directory.accounts(figure.accounts)
                    listing.count()
                    listing.fetch(0, 100)
                    took = (time.perf_counter() - started) * 1000
                    key = f"{chart.key}: {figure.filter_label}"
                    pages[key] = max(pages.get(key, 0.0), took)
        figures["pages_ms"] = pages
        window.close()
    return figures


def measure(db: str) -> dict[str, Any]:
    """Run the probe in a new process (a cold start of the window and of the chart code)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.overview", db],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"the Overview probe failed:\n{done.stderr[-3000:]}")
    output = done.stdout
    found: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return found


def results(figures: dict[str, Any]) -> list[Result]:
    """The benchmark table's rows."""
    cold, trees = figures["cold_ms"], figures["trees_cold_ms"]
    change = statistics.median(figures["change_ms"])
    pages = figures["pages_ms"]
    worst = max(pages, key=pages.get) if pages else ""
    return [
        Result(
            "Overview: first shown (Ctrl+0) to its charts painted, cold",
            f"{cold:.1f} ms",
            f"≤ {COLD_TARGET_MS:g} ms",
            cold <= COLD_TARGET_MS,
            [
                "a new process: the window opens on the Directory, the chart code loads and the"
                " reading thread opens its connection when the tab is first shown",
                f"the reseller trees chart (a walk of every reseller) came at {trees:.1f} ms",
            ],
        ),
        Result(
            "Overview: reseller trees chart in, cold",
            f"{trees:.1f} ms",
            f"≤ {COLD_TARGET_MS:g} ms",
            trees <= COLD_TARGET_MS,
        ),
        Result(
            "Overview: an account saved to its charts painted again (median)",
            f"{change:.1f} ms",
            f"≤ {CHANGE_TARGET_MS:g} ms",
            change <= CHANGE_TARGET_MS,
            [
                "each: " + ", ".join(f"{t:.1f}" for t in figures["change_ms"]) + " ms",
                "of which asking the reading thread to the figures in the charts: "
                + ", ".join(f"{t:.1f}" for t in figures["trees_change_ms"])
                + " ms (an edit of an address: the trees are not read again)",
            ],
        ),
        Result(
            "Overview: Directory count + first page of a bar's filter (worst)",
            f"{pages.get(worst, 0.0):.1f} ms",
            f"≤ {PAGE_TARGET_MS:g} ms",
            pages.get(worst, 0.0) <= PAGE_TARGET_MS,
            [
                f"worst: {worst}",
                f"{len(pages)} filters, median {statistics.median(pages.values()):.1f} ms",
            ]
            if pages
            else [],
        ),
    ]


if __name__ == "__main__":
    print(json.dumps(_probe(sys.argv[1])))
    say("overview probe done")
