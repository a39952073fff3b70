"""The benchmark workspace: seeded once and reused, the raw-write baseline, the 100k reseller."""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from desktop_app.demo.seed import DEMO_USER_NAME
from desktop_app.domain.accounts import Event, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.database import open_database
from desktop_app.persistence.mapping import ACCOUNT_COLUMNS, account_from_row
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from tests.benchmarks.common import launch, say

BIG_RESELLER_NAME: Final = "Benchmark Reseller with 100,000 Children"
BIG_CHILDREN: Final = 100_000
# Tables the seed fills, parents before children (the order the raw baseline writes them).
SEEDED_TABLES: Final = (
    "hub",
    "operator_account",
    "app_user",
    "marketplace",
    "product",
    "tier_account",
    "tier_account_version",
    "tier_account_request",
    "subscription",
    "fulfillment_request",
    "tier_config",
    "tier_config_request",
)
READ_BATCH: Final = 50_000  # the seed's and BulkWriter's batch


@dataclass(frozen=True)
class SeedRun:
    """One ``desktop-app seed`` command, timed from outside."""

    seconds: float
    peak_rss_mb: float
    summary: str


@dataclass(frozen=True)
class RawRun:
    """The baseline: the same rows written with plain ``sqlite3`` ``executemany``."""

    seconds: float
    rows: int


def remove_workspace(path: Path) -> None:
    """Delete a workspace file, its WAL side files and its backup folder."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.backups", ignore_errors=True)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def seeded_accounts(path: Path) -> int | None:
    """How many accounts the demo seed wrote into ``path``; None when it is no workspace."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = _read_only(path)
        try:
            row = conn.execute(
                "SELECT count(*) FROM tier_account WHERE created_by ="
                " (SELECT id FROM app_user WHERE name = ? ORDER BY id LIMIT 1)",
                (DEMO_USER_NAME,),
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(row[0])


def run_seed(path: Path, accounts: int) -> SeedRun:
    """``python -m desktop_app seed --db PATH --accounts N`` into a new file, timed."""
    remove_workspace(path)
    command = [
        sys.executable,
        "-m",
        "desktop_app",
        "seed",
        "--db",
        str(path),
        "--accounts",
        str(accounts),
    ]
    say(f"  $ {' '.join(command[1:])}")
    run = launch(command)
    if run.code != 0:
        raise RuntimeError(f"the seed failed ({run.code}):\n{run.output}")
    return SeedRun(run.seconds, run.peak_rss_mb, run.output.strip().splitlines()[-1])


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f'PRAGMA table_info("{table}")')]


def raw_baseline(source: Path, target: Path) -> RawRun:
    """Write every row the seed wrote in ``source`` into a new workspace file at ``target``.

    The file is made by ``open_database`` (same schema: tables, indexes, the FTS5 search
    index and its triggers); the rows are read from ``source`` a batch at a time, untimed, and
    written with ``executemany`` on a plain ``sqlite3`` connection with the application's
    pragmas, in one transaction. Only the writes, the commit and the close are timed.
    """
    remove_workspace(target)
    made = open_database(target)
    try:  # the pragmas the application's connections have
        pragmas = {
            name: int(made.execute_sql(f"PRAGMA {name}").fetchone()[0])
            for name in ("foreign_keys", "synchronous")
        }
    finally:
        made.close()
    reader = _read_only(source)
    writer = sqlite3.connect(str(target), isolation_level=None)
    seconds = 0.0
    rows = 0
    try:
        for name, value in pragmas.items():
            writer.execute(f"PRAGMA {name} = {value}")
        started = time.perf_counter()
        writer.execute("BEGIN IMMEDIATE")
        seconds += time.perf_counter() - started
        for table in SEEDED_TABLES:
            columns = _columns(reader, table)
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            skip = " WHERE id != ?" if table == "hub" else ""  # open_database made that one
            cursor = reader.execute(
                f'SELECT {names} FROM "{table}"{skip} ORDER BY rowid',
                (NO_HUB_ID,) if skip else (),
            )
            written = 0
            while batch := cursor.fetchmany(READ_BATCH):
                started = time.perf_counter()
                writer.executemany(insert, batch)
                seconds += time.perf_counter() - started
                written += len(batch)
            rows += written
            say(f"    raw {table}: {written:,} rows, {seconds:.1f} s so far")
        started = time.perf_counter()
        writer.execute("COMMIT")
        writer.close()
        seconds += time.perf_counter() - started
    finally:
        reader.close()
        writer.close()
    return RawRun(seconds, rows)


def big_reseller_id(store: SqliteStore) -> str | None:
    """The id of the benchmark's reseller with 100k children, when the file has it."""
    row = store.db.execute_sql(
        "SELECT id FROM tier_account WHERE name = ? AND type = 'reseller'"
        " AND decommissioned_at IS NULL ORDER BY id LIMIT 1",
        (BIG_RESELLER_NAME,),
    ).fetchone()
    return None if row is None else str(row[0])


def ensure_big_reseller(path: Path) -> str:
    """Add (once) a reseller with 100,000 live customers under it; returns its id.

    The reseller is made through the services; its children are copies of seeded customers
    (new ids and UUIDs, authored by the workspace's user, so that they do not count as seeded)
    written in one transaction with the application's ``BulkWriter``.
    """
    store = SqliteStore.open(path)
    try:
        found = big_reseller_id(store)
        if found is not None:
            return found
        services = Services.over(store)
        services.workspace.ensure_ready()
        author = services.workspace.ensure_user().id
        say(f"  adding {BIG_RESELLER_NAME!r} and {BIG_CHILDREN:,} child accounts")
        from desktop_app.demo.randomizer import AccountRandomizer

        draft = AccountRandomizer(20_240_101).draft(country="DE", account_type=AccountType.RESELLER)
        reseller = services.accounts.create(replace(draft, name=BIG_RESELLER_NAME)).account
        db = store.db
        taken_ids = {r[0] for r in db.execute_sql("SELECT id FROM tier_account").fetchall()}
        taken_uids = {
            r[0] for r in db.execute_sql("SELECT external_uid FROM tier_account").fetchall()
        }
        rows = db.execute_sql(
            f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM tier_account WHERE type = 'customer'"
            " AND decommissioned_at IS NULL ORDER BY rowid LIMIT ?",
            (BIG_CHILDREN,),
        ).fetchall()
        rng = random.Random(100_000)
        children: list[TierAccount] = []
        for row in rows:
            account = account_from_row(row)
            while (new_id := _account_id(rng)) in taken_ids:
                pass
            while (uid := str(uuid.UUID(int=rng.getrandbits(128), version=4))) in taken_uids:
                pass
            taken_ids.add(new_id)
            taken_uids.add(uid)
            data = replace(account.data, parent_id=reseller.id, external_uid=uid)
            children.append(
                replace(
                    account,
                    id=new_id,
                    version=1,
                    data=data,
                    hub_id=reseller.hub_id,
                    owner_id=reseller.owner_id,
                    created=Event(account.created.at, author),
                    updated=Event(account.created.at, author),
                    decommissioned=None,
                )
            )
        with store.write():
            BulkWriter(db).accounts(children)
        return reseller.id
    finally:
        store.close()


def _account_id(rng: random.Random) -> str:
    digits = f"{rng.randrange(10**12):012d}"
    return f"TA-{digits[:4]}-{digits[4:8]}-{digits[8:]}"
