"""Two instances on one workspace file: writes wait for each other, none is lost, none fails raw."""

from __future__ import annotations

import copy
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.errors import StorageError
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from tests.support.crash_worker import prepare_workspace
from tests.support.ledger import Ledger
from tests.support.processes import start_worker
from tests.support.world import draft

ACTIONS_EACH = 250
# Holds the write lock of a workspace from another process until a line arrives on stdin.
BLOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def _mentions_lock(line: dict[str, Any]) -> bool:
    text = f"{line.get('error', '')} {line.get('text', '')} {line.get('traceback', '')}".lower()
    return "locked" in text or "busy" in text or "operationalerror" in text


def test_two_instances_editing_at_once_lose_no_write(tmp_path: Path, capsys) -> None:
    path = tmp_path / "shared.sqlite"
    shared = prepare_workspace(path)
    children = {
        tag: start_worker(
            path,
            seed,
            tmp_path,
            tag,
            "--mode",
            "concurrent",
            "--tag",
            tag,
            "--actions",
            str(ACTIONS_EACH),
            "--max-seconds",
            "60",
            wait_for_go=True,
        )
        for tag, seed in (("A", 1), ("B", 2))
    }
    try:
        for child in children.values():
            child.wait_ready()
        for child in children.values():
            child.go()
        for child in children.values():
            assert child.process.wait(timeout=120) == 0, child.stderr()
    finally:
        for child in children.values():
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait()
    lines = {tag: child.lines() for tag, child in children.items()}

    # No child ever saw a raw "database is locked", nor any error; only the other instance's
    # decision or edit coming first (ConflictError) may refuse an action.
    for tag, child in children.items():
        assert child.stderr() == "", child.stderr()
        assert lines[tag][-1]["action"] == "done", lines[tag][-3:]
        assert not [line for line in lines[tag] if _mentions_lock(line)]
        assert [line for line in lines[tag] if line["action"] == "error"] == []
        refused = [line for line in lines[tag] if line["action"] == "refused"]
        assert all(line["error"] == "ConflictError" for line in refused), refused

    ledger = Ledger()
    for line in sorted(lines["A"] + lines["B"], key=lambda line: line["t"]):
        ledger.record(line)
    result = ledger.verify(path)
    assert result.problems == []
    assert result.decided_unreported == 0  # every commit was reported: nothing pending lost

    # Exactly: every version of a shared account in the file was written by one instance and
    # reported by it, none twice; the file holds what the last writer wrote.
    conn = sqlite3.connect(path)
    writers: dict[str, dict[int, str]] = {account: {} for account in shared}
    for tag in ("A", "B"):
        for line in lines[tag]:
            if line["action"] == "update":
                versions = writers.setdefault(line["account"], {})
                assert line["version"] not in versions, f"{line} reported twice"
                versions[line["version"]] = tag
    for account in shared:
        version = conn.execute(
            "SELECT version FROM tier_account WHERE id = ?", (account,)
        ).fetchone()[0]
        assert sorted(writers[account]) == list(range(2, version + 1)), account
    created = {tag: sum(line["action"] == "create" for line in lines[tag]) for tag in ("A", "B")}
    for tag, count in created.items():
        in_file = conn.execute(
            "SELECT count(*) FROM tier_account WHERE external_id LIKE ?", (f"{tag}-%",)
        ).fetchone()[0]
        assert in_file == count
    decided = conn.execute(
        "SELECT count(*) FROM tier_account_request WHERE status IN ('accepted', 'ignored')"
    ).fetchone()[0]
    assert decided == ledger.actions["accept"] + ledger.actions["ignore"]
    conn.close()

    # They did run at once: their commits interleave on the same accounts.
    interleaved = sum(
        1
        for versions in writers.values()
        for v in versions
        if v - 1 in versions and versions[v - 1] != versions[v]
    )
    assert interleaved > 0
    # and their working times overlap (a loaded machine may leave one only a few actions)
    times = {tag: [line["t"] for line in lines[tag] if "t" in line] for tag in ("A", "B")}
    spans = {tag: (min(times[tag]), max(times[tag])) for tag in ("A", "B")}
    assert spans["A"][0] < spans["B"][1] and spans["B"][0] < spans["A"][1]
    kinds = Counter(line["action"] for tag in ("A", "B") for line in lines[tag] if "ms" in line)
    slowest = max(line["ms"] for tag in ("A", "B") for line in lines[tag] if "ms" in line)
    refusals = sum(line["action"] == "refused" for tag in ("A", "B") for line in lines[tag])
    with capsys.disabled():
        print(
            f"\ntwo instances: {sum(kinds.values())} commits ({dict(sorted(kinds.items()))}),"
            f" {interleaved} versions written right after the other instance's,"
            f" {refusals} refused as changed meanwhile, slowest action {slowest:.0f} ms,"
            " no lock error"
        )


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, list[str], str]:
    """A prepared workspace, its shared accounts and a pending request."""
    path = tmp_path / "w.sqlite"
    shared = prepare_workspace(path)
    store = SqliteStore.open(path)
    services = Services.over(store)
    customer = services.accounts.get(shared[2])
    result = services.accounts.update(
        customer.id, replace(AccountDraft.from_data(customer.data), name="Before the lock")
    )
    store.close()
    pending = next(r.id for r in result.requests if r.status is RequestStatus.PENDING)
    return path, shared, pending


class Blocker:
    """Another process holding the workspace's write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", BLOCKER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        """Commit and end; waits for the process."""
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0


def _dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_a_writer_blocked_past_the_busy_timeout_is_told_and_nothing_is_written(
    linked: tuple[Path, list[str], str],
) -> None:
    path, (reseller, _r2, customer, other_customer), pending = linked
    store = SqliteStore.open(path, busy_timeout_ms=200)
    services = Services.over(store)
    typed_new = draft(
        type=AccountType.CUSTOMER, parent_id=reseller, name="Typed while busy", external_id="9"
    )
    typed_edit = replace(
        AccountDraft.from_data(services.accounts.get(customer).data), name="Edited while busy"
    )
    kept = copy.deepcopy((typed_new, typed_edit))
    attempts = {
        "create": lambda: services.accounts.create(typed_new),
        "update": lambda: services.accounts.update(customer, typed_edit),
        "delete": lambda: services.accounts.delete(other_customer),
        "accept": lambda: services.requests.accept(pending),
        "ignore": lambda: services.requests.ignore(pending, "Wrong address"),
    }
    blocker = Blocker(path)
    try:
        # A third instance still opens the workspace and reads it while the lock is held.
        reader = SqliteStore.open(path, create=False, busy_timeout_ms=200)
        assert reader.accounts.get(customer).name == "Before the lock"
        reader.close()
        before = _dump(path)
        for name, attempt in attempts.items():
            started = time.monotonic()
            with pytest.raises(StorageError) as caught:
                attempt()
            waited = time.monotonic() - started
            message = caught.value.message
            assert type(caught.value) is StorageError, name
            assert message.startswith("The workspace is busy"), (name, message)
            assert "nothing was saved" in message and "locked" not in message.lower(), message
            assert 0.15 <= waited < 3, (name, waited)  # it waited for the timeout, no longer
        assert _dump(path) == before  # nothing partial
        assert (typed_new, typed_edit) == kept  # what was typed is still there to retry
    finally:
        blocker.release()

    # Once the other instance is done, the same typed data saves.
    created = services.accounts.create(typed_new)
    updated = services.accounts.update(customer, typed_edit)
    services.accounts.delete(other_customer)
    accepted = services.requests.accept(pending)
    store.close()
    reopened = SqliteStore.open(path)
    assert reopened.accounts.get(created.account.id).name == "Typed while busy"
    assert reopened.accounts.get(customer).name == "Edited while busy"
    assert reopened.accounts.get(customer).version == updated.account.version
    assert reopened.accounts.get(other_customer).is_decommissioned
    assert reopened.requests.get(accepted.id).status is RequestStatus.ACCEPTED
    reopened.close()


def test_a_writer_waits_for_another_process_shorter_than_the_timeout(
    linked: tuple[Path, list[str], str],
) -> None:
    path, (reseller, *_), _pending = linked
    store = SqliteStore.open(path)  # the default 5 s busy timeout
    services = Services.over(store)
    blocker = Blocker(path)
    releaser = threading.Timer(0.4, blocker.release)
    started = time.monotonic()
    releaser.start()
    try:
        created = services.accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=reseller, name="Waited", external_id="8")
        )
    finally:
        releaser.join()
    waited = time.monotonic() - started
    assert 0.3 <= waited < 4.5
    assert store.accounts.get(created.account.id).name == "Waited"
    store.close()
