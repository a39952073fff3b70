"""What worker processes reported as committed, and the check that a workspace holds it.

A workspace file is read with plain sqlite3, a team workspace (a ``postgresql://`` URL) with
plain psycopg: never through the application's own code.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from desktop_app.persistence.location import is_server_url
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

    def verify(self, location: Path | str) -> Verification:
        """Open ``location`` (a file, or a server's URL) plainly and compare it with the ledger."""
        conn = connect(location)
        try:
            return self._verify(conn)
        finally:
            conn.close()

    def _verify(self, conn: Connection) -> Verification:
        problems = workspace_problems(conn)
        accounts = {
            r[0]: (r[1], r[2])
            for r in _rows(conn, "SELECT id, version, decommissioned_at FROM tier_account")
        }
        snapshots = {
            (r[0], r[1]): (r[2], r[3])
            for r in _rows(
                conn,
                f"SELECT account_id, version, {_field(conn, 'data', 'name')},"
                f" {_field(conn, 'data', 'city')} FROM tier_account_version",
            )
        }
        requests = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in _rows(
                conn, "SELECT id, account_id, version, status, reason FROM tier_account_request"
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

    def _verify_subscriptions(self, conn: Connection) -> list[str]:
        found = {
            r[0]: (r[1], r[2])
            for r in _rows(conn, "SELECT id, customer_id, product_id FROM subscription")
        }
        return [
            f"subscription {sid}: reported {expected}, file has {found.get(sid)}"
            for sid, expected in self.subscriptions.items()
            if found.get(sid) != expected
        ]

    def _verify_seeds(
        self, conn: Connection, accounts: dict[str, tuple[int, str | None]]
    ) -> list[str]:
        problems = []
        for seed in self.seeds:
            ids = seed["accounts"]
            missing = [a for a in ids if a not in accounts]
            if missing:
                problems.append(f"seed: {len(missing)} of {len(ids)} accounts missing")
                continue
            requests, subscriptions = _counts_of(conn, ids)
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


Connection = sqlite3.Connection | psycopg.Connection[tuple[Any, ...]]
"""A plain connection to a workspace: sqlite3's to a file, psycopg's to a server's database."""


def connect(location: Path | str) -> Connection:
    """A plain connection to the workspace at ``location`` (a file, or a server's URL).

    On a server it reads in autocommit: each check sees what is committed when it runs.
    """
    if isinstance(location, str) and is_server_url(location):
        return psycopg.connect(location, autocommit=True)
    return sqlite3.connect(location)


def _on_server(conn: Connection) -> bool:
    return isinstance(conn, psycopg.Connection)


def _rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (written with ``?`` placeholders) on either backend."""
    if isinstance(conn, psycopg.Connection):
        return conn.execute(sql.replace("?", "%s"), params or None).fetchall()
    return conn.execute(sql, params).fetchall()


def _field(conn: Connection, column: str, name: str) -> str:
    """The SQL for one field of the JSON snapshot in ``column``."""
    if _on_server(conn):
        return f"({column}::json ->> '{name}')"
    return f"json_extract({column}, '$.{name}')"


def _counts_of(conn: Connection, ids: list[str]) -> tuple[int, int]:
    """The requests and the subscriptions of the accounts ``ids``."""
    if isinstance(conn, psycopg.Connection):
        requests = _rows(
            conn, "SELECT count(*) FROM tier_account_request WHERE account_id = ANY(?)", (ids,)
        )
        subscriptions = _rows(
            conn, "SELECT count(*) FROM subscription WHERE customer_id = ANY(?)", (ids,)
        )
        return int(requests[0][0]), int(subscriptions[0][0])
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS seeded (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM seeded")
    conn.executemany("INSERT INTO seeded VALUES (?)", [(a,) for a in ids])
    requests = conn.execute(
        "SELECT count(*) FROM tier_account_request WHERE account_id IN seeded"
    ).fetchone()[0]
    subscriptions = conn.execute(
        "SELECT count(*) FROM subscription WHERE customer_id IN seeded"
    ).fetchone()[0]
    return int(requests), int(subscriptions)


def workspace_problems(conn: Connection) -> list[str]:
    """What is wrong with a workspace by itself, whatever anyone reported.

    A file: SQLite's full integrity check and the foreign-key check; a server's database: no
    invalid index and no foreign key left unchecked (the server checks its pages and keys
    itself). Then the application's own atomicity invariants: every account has exactly the
    snapshots 1..version, its row equals its latest snapshot, every request points at an
    existing snapshot, and the tallies count what they count.
    """
    server = _on_server(conn)
    file = isinstance(conn, sqlite3.Connection)
    problems = _file_problems(conn) if file else _server_problems(conn)  # type: ignore[arg-type]
    distinct = "IS DISTINCT FROM" if server else "IS NOT"
    gaps = _rows(
        conn,
        "SELECT a.id, a.version, count(v.version), max(v.version) FROM tier_account a"
        " LEFT JOIN tier_account_version v ON v.account_id = a.id GROUP BY a.id"
        f" HAVING count(v.version) != a.version OR max(v.version) {distinct} a.version"
        " OR min(v.version) != 1 LIMIT 5",
    )
    if gaps:
        problems.append(f"accounts whose snapshots are not exactly 1..version: {gaps}")
    differs = " OR ".join(f"{_field(conn, 'v.data', f)} {distinct} a.{f}" for f in ROW_FIELDS)
    torn = _rows(
        conn,
        "SELECT a.id, a.version FROM tier_account a JOIN tier_account_version v"
        f" ON v.account_id = a.id AND v.version = a.version WHERE {differs} LIMIT 5",
    )
    if torn:
        problems.append(f"accounts whose row differs from their latest snapshot: {torn}")
    orphans = _rows(
        conn,
        "SELECT r.id FROM tier_account_request r WHERE NOT EXISTS (SELECT 1 FROM"
        " tier_account_version v WHERE v.account_id = r.account_id AND v.version = r.version)"
        " LIMIT 5",
    )
    if orphans:
        problems.append(f"requests without the snapshot they were raised for: {orphans}")
    tallied = dict(_rows(conn, "SELECT name, value FROM tally"))
    counted = {
        "live_customer": "SELECT count(*) FROM tier_account"
        " WHERE decommissioned_at IS NULL AND type = 'customer'",
        "live_reseller": "SELECT count(*) FROM tier_account"
        " WHERE decommissioned_at IS NULL AND type = 'reseller'",
        "pending_requests": "SELECT count(*) FROM tier_account_request WHERE status = 'pending'",
    }
    for name, sql in counted.items():
        if tallied.get(name) != _rows(conn, sql)[0][0]:
            problems.append(f"the tally of {name} ({tallied.get(name)}) is not their number")
    if isinstance(conn, sqlite3.Connection):
        problems += _file_search_problems(conn)
    return problems


def _file_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity[:5]}")
    foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    if foreign:
        problems.append(f"foreign_key_check: {len(foreign)} violations, first {foreign[:5]}")
    return problems


def _server_problems(conn: psycopg.Connection[tuple[Any, ...]]) -> list[str]:
    """An import that rebuilds indexes or a migration's DDL, cut short, would leave these."""
    problems = []
    invalid = _rows(conn, "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
    if invalid:
        problems.append(f"invalid indexes: {invalid}")
    unchecked = _rows(
        conn, "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
    )
    if unchecked:
        problems.append(f"foreign keys not validated: {unchecked}")
    keys = _rows(
        conn,
        "SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text,"
        " array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute"
        " ON attrelid = c.conrelid AND attnum = k.n ORDER BY k.i),"
        " array(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute"
        " ON attrelid = c.confrelid AND attnum = k.n ORDER BY k.i)"
        " FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace"
        " WHERE c.contype = 'f' AND s.nspname = current_schema()",
    )
    if not any(table == "tier_account_version" for _name, table, *_rest in keys):
        problems.append("tier_account_version has no foreign key: nothing checks its rows")
    # The server checks every key as rows are written; this finds a row written around it.
    for name, table, target, columns, targets in keys:
        joined = " AND ".join(f't."{t}" = r."{c}"' for c, t in zip(columns, targets, strict=True))
        present = " AND ".join(f'r."{c}" IS NOT NULL' for c in columns)
        dangling = _rows(
            conn,
            f"SELECT {', '.join(f'r.{c}' for c in columns)} FROM {table} r WHERE {present}"
            f" AND NOT EXISTS (SELECT 1 FROM {target} t WHERE {joined}) LIMIT 5",
        )
        if dangling:
            problems.append(f"foreign_key_check: {name} on {table}: {dangling}")
    return problems


def _file_search_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
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
