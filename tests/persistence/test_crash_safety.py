"""Crash safety: workers killed with SIGKILL at random moments lose no committed action."""

from __future__ import annotations

import io
import random
import shutil
import signal
import sqlite3
import sys
import time
from collections import Counter, deque
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app import cli
from tests.support.crash_worker import prepare_workspace
from tests.support.ledger import Ledger, workspace_problems
from tests.support.processes import Child, start_worker
from tests.support.world import VENDOR

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The workers' bulk action is the demo seed (desktop_app.demo.seed.seed_workspace) until an
# import exists; see tests/support/crash_worker.py for every action they perform.
KILL_DELAY_S = (0.02, 0.4)  # after the worker printed "ready" (it opened the workspace)
AHEAD = 3  # workers started ahead of their turn


@pytest.mark.slow
def test_workers_killed_at_random_moments_lose_no_committed_action(
    tmp_path: Path, crash_kills: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crash.sqlite"
    prepare_workspace(path)
    rng = random.Random(20260606)
    ledger = Ledger()
    started = time.perf_counter()
    bulk_workers = 0
    in_transaction: Counter[str] = Counter()
    seeds = [rng.getrandbits(32) for _ in range(crash_kills)]
    # Workers are started ahead (imports and warm-up overlap the running one) and open the
    # file only when their turn comes, after the previous one was killed and checked.
    waiting: deque[Child] = deque()
    running: list[Child] = []
    try:
        for kill, seed in enumerate(seeds, start=1):
            while len(waiting) < AHEAD and kill + len(waiting) <= crash_kills:
                number = kill + len(waiting)
                waiting.append(
                    start_worker(
                        path, seeds[number - 1], tmp_path, f"kill-{number}", wait_for_go=True
                    )
                )
            child = waiting.popleft()
            running.append(child)
            child.go()
            child.wait_ready()
            time.sleep(rng.uniform(*KILL_DELAY_S))
            child.process.send_signal(signal.SIGKILL)
            child.process.wait(timeout=30)
            assert child.process.returncode == -signal.SIGKILL, child.stderr()
            lines = child.lines()
            failures = [line for line in lines if line["action"] in ("error", "refused")]
            assert failures == [], f"worker {seed} (kill {kill}): {failures[:3]}"
            bulk_workers += any(line["action"] == "ready" and line["bulk"] for line in lines)
            if lines[-1]["action"] == "begin":  # killed in a transaction or before reporting it
                in_transaction[lines[-1]["attempt"]] += 1
            for line in lines:
                ledger.record(line)
            result = ledger.verify(path)
            assert result.problems == [], f"after kill {kill} (worker {seed}): {result.problems}"
    finally:
        for child in (*running, *waiting):
            child.process.kill()
            child.process.wait(timeout=30)
    elapsed = time.perf_counter() - started

    out = io.StringIO()
    assert cli.run(["check", "--db", str(path)], out=out) == 0, out.getvalue()
    assert "integrity ok" in out.getvalue() and "foreign keys ok" in out.getvalue()
    assert ledger.actions["update"] and ledger.actions["accept"] and ledger.actions["delete"]
    with capsys.disabled():
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(ledger.actions.items()))
        print(
            f"\ncrash safety: {crash_kills} SIGKILLs survived ({bulk_workers} workers with bulk"
            f" seeds), {ledger.total} committed actions verified after every kill ({counts});"
            f" {sum(in_transaction.values())} kills inside a write transaction or between its"
            f" commit and its report ({dict(sorted(in_transaction.items()))});"
            f" {result.decided_unreported} decisions committed but killed before reporting;"
            f" {result.accounts} accounts in the file; {elapsed:.1f} s"
        )


def _tampered(source: Path, folder: Path, name: str, sql: str) -> Path:
    """A copy of ``source`` changed by ``sql`` behind the application's back."""
    copy = folder / f"{name}.sqlite"
    shutil.copyfile(source, copy)
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return copy


def test_the_verification_notices_what_a_torn_write_would_leave(tmp_path: Path) -> None:
    """Guard against a check that passes vacuously: each kind of damage is reported."""
    path = tmp_path / "w.sqlite"
    prepare_workspace(path)
    child = start_worker(path, 3, tmp_path, "short", "--max-seconds", "0.5")
    child.wait_ready()
    assert child.process.wait(timeout=60) == 0, child.stderr()
    ledger = Ledger()
    for line in child.lines():
        ledger.record(line)
    assert ledger.actions["update"] and ledger.actions["create"] and ledger.actions["accept"]
    assert ledger.verify(path).problems == []
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    updated = conn.execute(
        "SELECT account_id, max(version) FROM tier_account_request GROUP BY account_id"
        " ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    accepted = conn.execute(
        "SELECT id FROM tier_account_request WHERE status = 'accepted' AND vendor_id = ? LIMIT 1",
        (VENDOR.id,),
    ).fetchone()[0]
    conn.close()
    account, version = updated
    damages: dict[str, Callable[[str], bool]] = {
        # the snapshot of the last version is gone, the row says it exists
        f"DELETE FROM tier_account_version WHERE account_id = '{account}'"
        f" AND version = {version}": lambda p: "snapshots" in p or "snapshot (" in p,
        # the row went back to an older version (the edit lost)
        f"UPDATE tier_account SET version = version - 1 WHERE id = '{account}';"
        f"DELETE FROM tier_account_version WHERE account_id = '{account}'"
        f" AND version = {version}": lambda p: "reported version" in p,
        # a request raised by the edit is missing
        f"DELETE FROM tier_account_request WHERE account_id = '{account}'"
        f" AND version = {version}": lambda p: "requests of" in p,
        # a decision lost
        f"UPDATE tier_account_request SET status = 'pending' WHERE id = '{accepted}'": (
            lambda p: accepted in p
        ),
        # a row that refers to nothing
        f"UPDATE tier_account SET hub_id = 'HB-9999-9999' WHERE id = '{account}'": (
            lambda p: "foreign_key_check" in p
        ),
    }
    for number, (sql, expected) in enumerate(damages.items()):
        copy = _tampered(path, tmp_path, f"damaged-{number}", sql)
        problems = ledger.verify(copy).problems
        assert any(expected(p) for p in problems), (sql, problems)


def test_a_fresh_workspace_satisfies_the_invariants(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    prepare_workspace(path)
    conn = sqlite3.connect(path)
    assert workspace_problems(conn) == []
    conn.close()
