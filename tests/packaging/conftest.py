"""Start the application the way a person or an installer does: from source or from the bundle."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "desktop-app" / "desktop-app"
PACKAGING_TESTS = os.environ.get("PACKAGING_TESTS") == "1"
SKIP_REASON = (
    "bundle tests: build with `bash packaging/linux/build.sh`, "
    "then `PACKAGING_TESTS=1 pytest -m packaging tests/packaging`"
)
DISPLAY_VARIABLES = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
SMOKE_LINE = re.compile(
    r"^smoke test passed: 100 accounts seeded in \d+ ms, (?P<rows>\d+) rows shown, "
    r"window built in \d+ ms \(Qt platform (?P<platform>\w+)\)$"
)
TIMEOUT = 120


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests of the built bundle and .deb run only when asked to (they need a build first)."""
    if item.get_closest_marker("packaging") and not PACKAGING_TESTS:
        pytest.skip(SKIP_REASON)


@dataclass(frozen=True)
class App:
    """One way to start desktop-app."""

    name: str
    command: tuple[str, ...]

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        unset: tuple[str, ...] = (),
        prefix: tuple[str, ...] = (),
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run it to its end with ``args``; ``env`` added to and ``unset`` taken from ours."""
        environment = {k: v for k, v in os.environ.items() if k not in unset}
        if self.name == "source":
            environment["PYTHONPATH"] = os.pathsep.join(
                [str(ROOT), *filter(None, [environment.get("PYTHONPATH")])]
            )
        environment.update(env or {})
        return subprocess.run(
            [*prefix, *self.command, *args],
            env=environment,
            cwd=cwd or ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


SOURCE = App("source", (sys.executable, "-m", "desktop_app"))


def bundle_app() -> App:
    """The bundle PyInstaller built in dist/ (a failure when asked for and missing)."""
    if not BUNDLE.is_file():
        pytest.fail(f"no bundle at {BUNDLE}: run `bash packaging/linux/build.sh` first")
    return App("bundle", (str(BUNDLE),))


@pytest.fixture(
    params=[
        pytest.param("source", id="source"),
        pytest.param("bundle", id="bundle", marks=pytest.mark.packaging),
    ]
)
def app(request: pytest.FixtureRequest) -> App:
    """desktop-app from the source tree, and (PACKAGING_TESTS=1) the built bundle."""
    return SOURCE if request.param == "source" else bundle_app()


def xvfb_run() -> tuple[str, ...]:
    """The prefix that runs a command on a fresh X server; skips without xvfb-run."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb xauth)")
    return ("xvfb-run", "--auto-servernum", "--server-args=-screen 0 1280x800x24")
