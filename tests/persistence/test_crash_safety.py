"""Crash safety: workers killed with SIGKILL at random moments lose no committed action.

On a file and on a team workspace (a database of its own on the run's PostgreSQL server).
"""

from __future__ import annotations

import io
import random
import shutil
import signal
import sqlite3
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from desktop_app import cli
from desktop_app.persistence.location import ServerAddress, parse_location
from tests.support import postgres
from tests.support.crash_worker import prepare_workspace
from tests.support.ledger import Ledger, connect, workspace_problems
from tests.support.processes import Child, start_worker

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The workers' bulk action is the demo seed (desktop_app.demo.seed.seed_workspace) until an
# import exists; see tests/support/crash_worker.py for every action they perform.
KILL_DELAY_S = (0.02, 0.4)  # after the worker printed "ready" (it opened the workspace)
AHEAD = 3  # workers started ahead of their turn


@pytest.fixture
def workspace(tmp_path: Path, backend: str) -> Iterator[str]:
    """Where the workers work: a file, or a new database on the run's server (dropped after)."""
    if backend == "sqlite":
        yield str(tmp_path / "crash.sqlite")
        return
    url = postgres.workspace_url()
    address = parse_location(url)
    assert isinstance(address, ServerAddress)
    try:
        yield url
    finally:
        postgres.server().drop_database(address.database)


@pytest.mark.slow
@pytest.mark.both_backends
def test_workers_killed_at_random_moments_lose_no_committed_action(
    tmp_path: Path,
    workspace: str,
    backend: str,
    crash_kills: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = workspace
    prepare_workspace(parse_location(path))
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
    if backend == "sqlite":
        assert "integrity ok" in out.getvalue() and "foreign keys ok" in out.getvalue()
    assert ledger.actions["update"] and ledger.actions["accept"] and ledger.actions["delete"]
    with capsys.disabled():
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(ledger.actions.items()))
        print(
            f"\ncrash safety on {backend}: {crash_kills} SIGKILLs survived ({bulk_workers}"
            f" workers with bulk seeds), {ledger.total} committed actions verified after every"
            f" kill ({counts});"
            f" {sum(in_transaction.values())} kills inside a write transaction or between its"
            f" commit and its report ({dict(sorted(in_transaction.items()))});"
            f" {result.decided_unreported} decisions committed but killed before reporting;"
            f" {result.accounts} accounts in the workspace; {elapsed:.1f} s"
        )


def _tampered(source: str, folder: Path, name: str, sql: str) -> str:
    """A copy of the workspace ``source`` changed by ``sql`` behind the application's back.

    On a server: a copy of its database, changed with its triggers and keys switched off.
    """
    address = parse_location(source)
    if isinstance(address, ServerAddress):
        running = postgres.server()
        url = running.url(running.new_database(template=address.database))
        with psycopg.connect(url, autocommit=True) as server_conn:
            server_conn.execute("SET session_replication_role = replica")
            server_conn.execute(sql)  # type: ignore[arg-type]  # the test's own statements
        return url
    copy = folder / f"{name}.sqlite"
    shutil.copyfile(source, copy)
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return str(copy)


@pytest.mark.both_backends
def test_the_verification_notices_what_a_torn_write_would_leave(
    tmp_path: Path, workspace: str
) -> None:
    """Guard against a check that passes vacuously: each kind of damage is reported."""
    path = workspace
    prepare_workspace(parse_location(path))
    # long enough for the seeded sequence to hold every kind, on a busy machine too
    child = start_worker(path, 3, tmp_path, "short", "--max-seconds", "3")
    child.wait_ready()
    assert child.process.wait(timeout=60) == 0, child.stderr()
    ledger = Ledger()
    for line in child.lines():
        ledger.record(line)
    assert ledger.actions["update"] and ledger.actions["create"] and ledger.actions["accept"]
    assert ledger.verify(path).problems == []
    conn = connect(path)
    if isinstance(conn, sqlite3.Connection):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    # The latest reported edit that raised requests (a bulk seed's accounts have versions
    # of their own, which no line reports one by one), and a reported acceptance.
    account, version = max(
        (key for key, raised in ledger.raised.items() if raised and key[1] > 1),
        key=lambda key: key[1],
    )
    assert ledger.versions[account] == version and account not in ledger.deleted
    accepted = next(r for r, (status, _) in ledger.statuses.items() if status == "accepted")
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
        try:
            problems = ledger.verify(copy).problems
        finally:
            copied = parse_location(copy)
            if isinstance(copied, ServerAddress):
                postgres.server().drop_database(copied.database)
        assert any(expected(p) for p in problems), (sql, problems)


@pytest.mark.both_backends
def test_a_fresh_workspace_satisfies_the_invariants(workspace: str) -> None:
    prepare_workspace(parse_location(workspace))
    conn = connect(workspace)
    assert workspace_problems(conn) == []
    conn.close()
