"""What worker processes reported as committed, and the check that a workspace file holds it."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.persistence.search_index import TRIGGERS as SEARCH_TRIGGERS

DECIDED = {"accepted", "ignored"}
# The fields of the account row that must equal its latest snapshot's.
ROW_FIELDS = ("type", "parent_id", "name", "external_uid", "email", "city", "country")


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The complete JSON lines of a worker's output; a last line cut by a kill is not one."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [json.loads(line) for line in text.split("\n")[:-1] if line.strip()]


@dataclass
class Ledger:
    """Everything reported committed so far, across workers, in commit order."""

    snapshots: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    raised: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    statuses: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    subscriptions: dict[str, tuple[str, str]] = field(default_factory=dict)
    seeds: list[dict[str, Any]] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)

    def record(self, line: dict[str, Any]) -> None:
        """Take one committed action into account (other lines are ignored)."""
        action = line["action"]
        if action in ("create", "update"):
            account, version = line["account"], line["version"]
            self.snapshots[(account, version)] = (line["name"], line["city"])
            self.versions[account] = max(version, self.versions.get(account, 0))
            if action == "update":
                self.raised[(account, version)] = dict(line["requests"])
                for request_id, status in line["requests"].items():
                    # A decision reported by another worker may come first in the merge.
                    self.statuses.setdefault(request_id, (status, None))
        elif action in ("accept", "ignore"):
            self.statuses[line["request"]] = (line["status"], line.get("reason"))
        elif action == "delete":
            self.deleted.add(line["account"])
        elif action == "subscribe":
            self.subscriptions[line["subscription"]] = (line["customer"], line["product"])
        elif action == "seed":
            self.seeds.append(line)
        elif action == "import":
            for row in line["rows"]:
                account, version = row["account"], row["version"]
                self.snapshots[(account, version)] = (row["name"], row["city"])
                self.versions[account] = max(version, self.versions.get(account, 0))
                self.raised[(account, version)] = dict(row["requests"])
                for request_id, status in row["requests"].items():
                    self.statuses.setdefault(request_id, (status, None))
        else:
            return
        self.actions[action] += 1

    @property
    def total(self) -> int:
        """Committed actions recorded."""
        return sum(self.actions.values())

    def verify(self, path: Path) -> Verification:
        """Open ``path`` with plain sqlite3 and compare it with everything recorded."""
        conn = sqlite3.connect(path)
        try:
            return self._verify(conn)
        finally:
            conn.close()

    def _verify(self, conn: sqlite3.Connection) -> Verification:
        problems = workspace_problems(conn)
        accounts = {
            r[0]: (r[1], r[2])
            for r in conn.execute("SELECT id, version, decommissioned_at FROM tier_account")
        }
        snapshots = {
            (r[0], r[1]): (r[2], r[3])
            for r in conn.execute(
                "SELECT account_id, version, json_extract(data, '$.name'),"
                " json_extract(data, '$.city') FROM tier_account_version"
            )
        }
        requests = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in conn.execute(
                "SELECT id, account_id, version, status, reason FROM tier_account_request"
            )
        }
        by_version: dict[tuple[str, int], set[str]] = {}
        for request_id, (account, version, _status, _reason) in requests.items():
            by_version.setdefault((account, version), set()).add(request_id)

        for key, expected in self.snapshots.items():
            found = snapshots.get(key)
            if found != expected:
                problems.append(f"snapshot {key}: reported {expected}, file has {found}")
        for account, version in self.versions.items():
            row = accounts.get(account)
            if row is None or row[0] < version:
                problems.append(f"{account}: reported version {version}, file has {row}")
        for account in self.deleted:
            if account not in accounts or accounts[account][1] is None:
                problems.append(f"{account}: reported deleted, file has it live or missing")
        for key, raised in self.raised.items():
            if by_version.get(key, set()) != set(raised):
                problems.append(
                    f"requests of {key}: reported {sorted(raised)}, "
                    f"file has {sorted(by_version.get(key, set()))}"
                )
        decided_unreported = 0
        for request_id, (status, reason) in self.statuses.items():
            found_request = requests.get(request_id)
            if found_request is None:
                problems.append(f"{request_id}: reported {status}, missing from the file")
                continue
            found_status, found_reason = found_request[2], found_request[3]
            if status == "pending" and found_status in DECIDED:
                decided_unreported += 1  # decided by an action killed before it reported
            elif found_status != status or (reason is not None and found_reason != reason):
                problems.append(
                    f"{request_id}: reported {status} {reason!r}, "
                    f"file has {found_status} {found_reason!r}"
                )
        problems += self._verify_subscriptions(conn)
        problems += self._verify_seeds(conn, accounts)
        return Verification(problems, self.total, decided_unreported, len(accounts))

    def _verify_subscriptions(self, conn: sqlite3.Connection) -> list[str]:
        found = {
            r[0]: (r[1], r[2])
            for r in conn.execute("SELECT id, customer_id, product_id FROM subscription")
        }
        return [
            f"subscription {sid}: reported {expected}, file has {found.get(sid)}"
            for sid, expected in self.subscriptions.items()
            if found.get(sid) != expected
        ]

    def _verify_seeds(
        self, conn: sqlite3.Connection, accounts: dict[str, tuple[int, str | None]]
    ) -> list[str]:
        problems = []
        for seed in self.seeds:
            ids = seed["accounts"]
            missing = [a for a in ids if a not in accounts]
            if missing:
                problems.append(f"seed: {len(missing)} of {len(ids)} accounts missing")
                continue
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS seeded (id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM seeded")
            conn.executemany("INSERT INTO seeded VALUES (?)", [(a,) for a in ids])
            requests = conn.execute(
                "SELECT count(*) FROM tier_account_request WHERE account_id IN seeded"
            ).fetchone()[0]
            subscriptions = conn.execute(
                "SELECT count(*) FROM subscription WHERE customer_id IN seeded"
            ).fetchone()[0]
            if (requests, subscriptions) != (seed["requests"], seed["subscriptions"]):
                problems.append(
                    f"seed of {len(ids)} accounts: reported {seed['requests']} requests and "
                    f"{seed['subscriptions']} subscriptions, file has {requests} and "
                    f"{subscriptions}"
                )
        return problems


@dataclass(frozen=True)
class Verification:
    """The outcome of one comparison of a file with a ledger."""

    problems: list[str]
    actions: int
    decided_unreported: int
    accounts: int


def workspace_problems(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with a workspace file by itself, whatever anyone reported.

    SQLite's full integrity check and the foreign-key check, then the application's own
    atomicity invariants: every account has exactly the snapshots 1..version, its row equals
    its latest snapshot, and every request points at an existing snapshot.
    """
    problems = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity[:5]}")
    foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    if foreign:
        problems.append(f"foreign_key_check: {len(foreign)} violations, first {foreign[:5]}")
    gaps = conn.execute(
        "SELECT a.id, a.version, count(v.version), max(v.version) FROM tier_account a"
        " LEFT JOIN tier_account_version v ON v.account_id = a.id GROUP BY a.id"
        " HAVING count(v.version) != a.version OR max(v.version) IS NOT a.version"
        " OR min(v.version) != 1 LIMIT 5"
    ).fetchall()
    if gaps:
        problems.append(f"accounts whose snapshots are not exactly 1..version: {gaps}")
    differs = " OR ".join(f"json_extract(v.data, '$.{f}') IS NOT a.{f}" for f in ROW_FIELDS)
    torn = conn.execute(
        "SELECT a.id, a.version FROM tier_account a JOIN tier_account_version v"
        f" ON v.account_id = a.id AND v.version = a.version WHERE {differs} LIMIT 5"
    ).fetchall()
    if torn:
        problems.append(f"accounts whose row differs from their latest snapshot: {torn}")
    orphans = conn.execute(
        "SELECT r.id FROM tier_account_request r WHERE NOT EXISTS (SELECT 1 FROM"
        " tier_account_version v WHERE v.account_id = r.account_id AND v.version = r.version)"
        " LIMIT 5"
    ).fetchall()
    if orphans:
        problems.append(f"requests without the snapshot they were raised for: {orphans}")
    tallied = dict(conn.execute("SELECT name, value FROM tally").fetchall())
    counted = {
        "live_customer": "SELECT count(*) FROM tier_account"
        " WHERE decommissioned_at IS NULL AND type = 'customer'",
        "live_reseller": "SELECT count(*) FROM tier_account"
        " WHERE decommissioned_at IS NULL AND type = 'reseller'",
        "pending_requests": "SELECT count(*) FROM tier_account_request WHERE status = 'pending'",
    }
    for name, sql in counted.items():
        if tallied.get(name) != conn.execute(sql).fetchone()[0]:
            problems.append(f"the tally of {name} ({tallied.get(name)}) is not their number")
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    if not set(SEARCH_TRIGGERS) <= triggers:  # an import drops them inside its transaction
        problems.append(f"search index triggers missing: {sorted(set(SEARCH_TRIGGERS) - triggers)}")
    try:
        conn.execute("INSERT INTO account_search (account_search) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"search index integrity-check: {exc}")
    indexed = conn.execute("SELECT count(*) FROM account_search").fetchone()[0]
    live = conn.execute(
        "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    ).fetchone()[0]
    if indexed != live:
        problems.append(f"search index holds {indexed} rows for {live} live accounts")
    return problems
