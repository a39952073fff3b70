"""The benchmark workspace: seeded once and reused, the raw-write baseline, the 100k reseller.

A workspace is a file (SQLite) or a database on a PostgreSQL server (``postgresql://`` URL);
scratch copies of a server's workspace are databases of their own on the same server.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from desktop_app.demo.seed import DEMO_USER_NAME
from desktop_app.domain.accounts import Event, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.database import open_database
from desktop_app.persistence.location import Location, ServerAddress, parse_location
from desktop_app.persistence.mapping import ACCOUNT_COLUMNS, account_from_row
from desktop_app.persistence.opening import Store, open_store
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
    """The baseline: the same rows written with plain ``sqlite3`` ``executemany`` (a file),
    or with ``COPY … FROM STDIN`` (a server)."""

    seconds: float
    rows: int
    how: str


# -- where the workspace lives ---------------------------------------------------------------


def on_server(where: Location) -> bool:
    """True for a workspace on a PostgreSQL server."""
    return isinstance(where, ServerAddress)


def _database_url(address: ServerAddress, database: str) -> str:
    parts = urlsplit(address.url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def sibling(where: Location, suffix: str) -> Location:
    """A scratch workspace beside ``where``: ``FILE.suffix.sqlite``, or database ``db_suffix``."""
    if isinstance(where, ServerAddress):
        name = f"{where.database}_{suffix}".replace("-", "_")
        return parse_location(_database_url(where, name))
    return Path(f"{where}.{suffix}.sqlite")


def _admin(address: ServerAddress) -> Any:
    """An autocommit connection to the server's ``postgres`` database, as the URL's user."""
    import psycopg

    return psycopg.connect(_database_url(address, "postgres"), autocommit=True)


def _create_database(address: ServerAddress, template: str | None = None) -> None:
    """An empty UTF-8 database (as the README's team workspace), or a copy of ``template``."""
    made = (
        f'TEMPLATE "{template}"'
        if template
        else "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    )
    with _admin(address) as admin:
        admin.execute(f'CREATE DATABASE "{address.database}" {made}')


def remove_workspace(where: Location) -> None:
    """Delete a workspace: the file, its WAL side files and backups; or the database."""
    if isinstance(where, ServerAddress):
        with _admin(where) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{where.database}" WITH (FORCE)')
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{where}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{where}.backups", ignore_errors=True)


def copy_workspace(source: Location, target: Location) -> None:
    """``target`` as a copy of ``source``: the file copied and synced, or the database
    made from it as a template (nobody may be connected to ``source`` meanwhile)."""
    remove_workspace(target)
    if isinstance(source, ServerAddress):
        assert isinstance(target, ServerAddress)
        _create_database(target, template=source.database)
        return
    shutil.copyfile(source, target)
    os.sync()  # the copy's pages reach the disk now, not while something is timed


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


_SEEDED: Final = (
    "SELECT count(*) FROM tier_account WHERE created_by ="
    " (SELECT id FROM app_user WHERE name = ? ORDER BY id LIMIT 1)"
)


def seeded_accounts(where: Location) -> int | None:
    """How many accounts the demo seed wrote into ``where``; None when it is no workspace."""
    if isinstance(where, ServerAddress):
        import psycopg

        try:
            with psycopg.connect(where.url) as conn:
                row = conn.execute(_SEEDED.replace("?", "%s"), (DEMO_USER_NAME,)).fetchone()
        except psycopg.Error:
            return None
        return None if row is None else int(row[0])
    path = where
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = _read_only(path)
        try:
            row = conn.execute(_SEEDED, (DEMO_USER_NAME,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(row[0])


def run_seed(where: Location, accounts: int) -> SeedRun:
    """``python -m desktop_app seed --db WHERE --accounts N`` into a new workspace, timed.

    On a server the database is made anew and ``desktop-app init`` makes its schema first
    (not timed: the seed of a file makes the file's schema itself, a few milliseconds).
    """
    remove_workspace(where)
    if isinstance(where, ServerAddress):
        _create_database(where)
        init = launch([sys.executable, "-m", "desktop_app", "init", "--db", where.url])
        if init.code != 0:
            raise RuntimeError(f"desktop-app init failed ({init.code}):\n{init.output}")
    command = [
        sys.executable,
        "-m",
        "desktop_app",
        "seed",
        "--db",
        where.url if isinstance(where, ServerAddress) else str(where),
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


def raw_baseline(source: Location, target: Location) -> RawRun:
    """Write every row the seed wrote in ``source`` into a new workspace at ``target``.

    Plain ``sqlite3`` ``executemany`` into a file (below); ``COPY … FROM STDIN`` on a server
    (:func:`copy_baseline`).
    """
    if isinstance(source, ServerAddress):
        assert isinstance(target, ServerAddress)
        return copy_baseline(source, target)
    assert isinstance(source, Path) and isinstance(target, Path)
    return _executemany_baseline(source, target)


def _executemany_baseline(source: Path, target: Path) -> RawRun:
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
    return RawRun(seconds, rows, "raw sqlite3 executemany")


def copy_baseline(source: ServerAddress, target: ServerAddress) -> RawRun:
    """Write every row the seed wrote in ``source`` into a new database with ``COPY``.

    The database gets the workspace's schema as ``desktop-app init`` makes it (tables,
    indexes, the trigram search index, the tallies' and change notices' triggers). Each
    table's rows are first copied out of ``source`` into a file (``COPY … TO STDOUT``, not
    timed), then sent with ``COPY … FROM STDIN`` on one connection, in one transaction, in the
    order the seed writes the tables. Only the ``COPY … FROM STDIN``, the commit and the close
    are timed.
    """
    import psycopg
    from psycopg import sql

    from desktop_app.persistence.postgres_store import PostgresStore

    remove_workspace(target)
    _create_database(target)
    PostgresStore.open(target, create=True).close()
    rows = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-copy-") as folder:
        files: list[tuple[str, sql.Composed, Path]] = []
        with psycopg.connect(source.url) as reader:
            for table in SEEDED_TABLES:
                columns = [
                    str(r[0])
                    for r in reader.execute(
                        "SELECT column_name FROM information_schema.columns"
                        " WHERE table_schema = current_schema() AND table_name = %s"
                        " ORDER BY ordinal_position",
                        (table,),
                    )
                ]
                names = sql.SQL(", ").join(map(sql.Identifier, columns))
                skip = (
                    sql.SQL(" WHERE id != {}").format(sql.Literal(NO_HUB_ID))
                    if table == "hub"
                    else sql.SQL("")
                )
                out = Path(folder) / f"{table}.copy"
                query = sql.SQL("COPY (SELECT {} FROM {}{}) TO STDOUT").format(
                    names, sql.Identifier(table), skip
                )
                with out.open("wb") as dump, reader.cursor().copy(query) as copy:
                    for chunk in copy:
                        dump.write(chunk)
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)
                files.append((table, statement, out))
        started = time.perf_counter()
        writer = psycopg.connect(target.url)
        seconds += time.perf_counter() - started
        try:
            for table, statement, path in files:
                with path.open("rb") as data:
                    started = time.perf_counter()
                    with writer.cursor() as cursor:
                        with cursor.copy(statement) as copy:
                            while chunk := data.read(1 << 20):
                                copy.write(chunk)
                        written = cursor.rowcount
                    seconds += time.perf_counter() - started
                rows += written
                say(f"    COPY {table}: {written:,} rows, {seconds:.1f} s so far")
            started = time.perf_counter()
            writer.commit()
            writer.close()
            seconds += time.perf_counter() - started
        finally:
            writer.close()
    return RawRun(seconds, rows, "COPY FROM STDIN")


def big_reseller_id(store: Store) -> str | None:
    """The id of the benchmark's reseller with 100k children, when the file has it."""
    row = store.db.execute_sql(
        "SELECT id FROM tier_account WHERE name = ? AND type = 'reseller'"
        " AND decommissioned_at IS NULL ORDER BY id LIMIT 1",
        (BIG_RESELLER_NAME,),
    ).fetchone()
    return None if row is None else str(row[0])


def ensure_big_reseller(where: Location) -> str:
    """Add (once) a reseller with 100,000 live customers under it; returns its id.

    The reseller is made through the services; its children are copies of seeded customers
    (new ids and UUIDs, authored by the workspace's user, so that they do not count as seeded)
    written in one transaction with the application's ``BulkWriter``.
    """
    store = open_store(where, create=False)
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
            f" AND decommissioned_at IS NULL ORDER BY {row_order(where)} LIMIT ?",
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


def row_order(where: Location) -> str:
    """The order rows were written in: SQLite's rowid, a fresh PostgreSQL table's ctid."""
    return "ctid" if on_server(where) else "rowid"


def _account_id(rng: random.Random) -> str:
    digits = f"{rng.randrange(10**12):012d}"
    return f"TA-{digits[:4]}-{digits[4:8]}-{digits[8:]}"
