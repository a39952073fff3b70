"""What every measurement reports, and small timing helpers."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeVar

T = TypeVar("T")

ROOT: Final = Path(__file__).resolve().parents[2]
"""The project folder: measured commands run there, so that ``desktop_app`` imports."""


@dataclass
class Result:
    """One row of the benchmark table: a figure against its target."""

    what: str
    measured: str
    target: str
    ok: bool | None
    """None: the figure has no target (it is shown only)."""
    notes: list[str] = field(default_factory=list)
    compared: str = ""
    """The same figure for another workspace (``run --compare``)."""


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds ``action`` took, and what it returned."""
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def median(values: list[float]) -> float:
    """The median (0 when empty)."""
    return statistics.median(values) if values else 0.0


def ms(seconds: float) -> str:
    """``12.3 ms``."""
    return f"{seconds * 1000:.1f} ms"


def say(text: str) -> None:
    """Progress on stderr, so that the table on stdout stays clean."""
    print(text, file=sys.stderr, flush=True)


# Started as a fresh, small interpreter that starts the measured command: the peak memory of
# a child counts what it held between fork and exec, which for a child forked straight from
# the benchmark would be the benchmark's own memory.
_LAUNCHER: Final = r"""
import json, resource, subprocess, sys, time
command, report = json.loads(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
code = subprocess.call(command)
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as out:
    json.dump({"code": code, "seconds": seconds, "peak_kb": peak_kb}, out)
"""


@dataclass(frozen=True)
class Launched:
    """A command run to its end: exit code, wall time, peak memory and what it printed."""

    code: int
    seconds: float
    peak_rss_mb: float
    output: str


def launch(command: list[str], env: dict[str, str] | None = None) -> Launched:
    """Run ``command`` from a small launcher; time it spawn to exit and read its peak RSS.

    The time and ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` are taken in the launcher, around
    the command alone. Standard output and error are returned together.
    """
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        with (Path(folder) / "output.txt").open("w+") as output:
            subprocess.run(
                [sys.executable, "-c", _LAUNCHER, json.dumps(command), str(report)],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
                check=True,
            )
            output.seek(0)
            text = output.read()
        found = json.loads(report.read_text())
    return Launched(int(found["code"]), float(found["seconds"]), found["peak_kb"] / 1024, text)
