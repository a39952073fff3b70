"""A team workspace whose server crashes or restarts, or whose network drops, mid-action.

The module runs a server of its own (started again on its folder and port) and takes it down
hard in the middle of an edit, an import or a seed: every process killed (a crash), or
``pg_ctl stop -m immediate`` (SIGQUIT: no checkpoint, crash recovery on the next start).
A network drop is a relay in front of the run's server that cuts its connections. The action
must end in one clear message naming host and database, never a traceback and never half a
change, and the same store (or the same command) must work again once the server is back.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.errors import ConnectionLostError, StorageError
from desktop_app.interop.importer import import_file
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.persistence.postgres_listener import ChangeListener
from desktop_app.persistence.postgres_store import PostgresStore
from tests.interop.sheets import csv_file, row
from tests.support import postgres
from tests.support.ledger import connect, workspace_problems
from tests.support.processes import ROOT
from tests.support.proxy import DroppingProxy
from tests.support.world import draft, open_world

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

HOW = ("crash", "immediate")
IMPORT_ROWS = 8000  # the command-line import: seconds of work to cut short (2,000 took 0.7 s)
SEED_ACCOUNTS = 3000


class RestartableServer:
    """A server of the test's own, taken down hard and started again on the same port."""

    def __init__(self) -> None:
        self.server = postgres.start()  # a temporary folder, removed when the run ends
        self.folder = self.server.folder
        self.port = self.server.port
        self.databases = itertools.count(1)

    def down(self, how: str) -> None:
        """Take the server down: ``crash`` (every process SIGKILLed) or ``immediate``."""
        if how == "crash":
            self.server.crash()
        else:
            self.server.stop_immediately()

    def up(self) -> None:
        """Start it again on its folder and port (crash recovery runs first)."""
        self.server = postgres.start(self.folder, port=self.port)

    def is_up(self) -> bool:
        return self.server.process is not None and self.server.process.poll() is None

    def workspace(self) -> ServerAddress:
        """A new database holding an empty workspace."""
        name = f"restart_{os.getpid()}_{next(self.databases)}"  # names live on across restarts
        with self.server.admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        address = parse_location(self.server.url(name))
        assert isinstance(address, ServerAddress)
        PostgresStore.open(address, create=True).close()
        return address


@pytest.fixture(scope="module")
def own_server() -> Iterator[RestartableServer]:
    """One server for the module's tests (each test works in a database of its own)."""
    running = RestartableServer()
    try:
        yield running
    finally:
        if running.is_up():
            running.server.stop_immediately()  # its data goes: no need for a checkpoint
        shutil.rmtree(running.folder, ignore_errors=True)


@pytest.fixture
def restartable(own_server: RestartableServer) -> RestartableServer:
    """The module's server, up (a test that failed while it was down left it so)."""
    if not own_server.is_up():
        own_server.up()
    return own_server


def problems_of(address: ServerAddress) -> list[str]:
    """The workspace's invariants, read over plain psycopg."""
    conn = connect(address.url)
    try:
        return workspace_problems(conn)
    finally:
        conn.close()


def count(address: ServerAddress, sql: str, *params: Any) -> int:
    with psycopg.connect(address.url, autocommit=True) as conn:
        found = conn.execute(sql, params).fetchone()
    assert found is not None
    return int(found[0])


def assert_one_clear_line(message: str, address: ServerAddress) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert f"127.0.0.1:{address.port}/{address.database}" in message, message


def going_down_after(
    restartable: RestartableServer, how: str, method: Callable[..., Any], when: Callable[..., bool]
) -> Callable[..., Any]:
    """``method``, that takes the server down once it ran with arguments ``when`` accepts."""

    def hooked(*args: Any) -> Any:
        result = method(*args)
        if when(*args):
            restartable.down(how)
        return result

    return hooked


@pytest.mark.parametrize("how", HOW)
def test_an_edit_cut_by_the_server_going_down_saves_nothing_and_the_next_one_works(
    restartable: RestartableServer, how: str
) -> None:
    address = restartable.workspace()
    world = open_world(address)
    try:
        account = world.services.accounts.create(draft(name="Vorher GmbH")).account
        store = world.store
        # After the new version's snapshot was sent, before the row itself: mid-transaction.
        store.accounts.add_version = going_down_after(  # type: ignore[method-assign]
            restartable, how, store.accounts.add_version, lambda version: True
        )
        with pytest.raises(ConnectionLostError) as lost:
            world.services.accounts.update(account.id, draft(name="Nachher GmbH"))
        del store.accounts.add_version
        assert_one_clear_line(lost.value.message, address)
        assert "nothing of this change was saved" in lost.value.message

        # While the server is away each action says so (it tries to connect again each time).
        with pytest.raises(StorageError, match="cannot be reached") as away:
            world.services.accounts.get(account.id)
        assert not isinstance(away.value, ConnectionLostError)
        assert_one_clear_line(away.value.message, address)

        restartable.up()
        assert problems_of(address) == []
        kept = world.services.accounts.get(account.id)  # the same store connects again
        assert (kept.version, kept.data.name) == (1, "Vorher GmbH")
        edited = world.services.accounts.update(account.id, draft(name="Nachher GmbH")).account
        assert (edited.version, edited.data.name) == (2, "Nachher GmbH")
        assert problems_of(address) == []
    finally:
        world.store.close()


@pytest.mark.parametrize("how", HOW)
def test_a_server_restarted_while_the_workspace_is_idle_is_connected_again_unnoticed(
    restartable: RestartableServer, how: str
) -> None:
    address = restartable.workspace()
    world = open_world(address)
    try:
        account = world.services.accounts.create(draft()).account
        restartable.down(how)
        restartable.up()
        assert world.services.accounts.get(account.id).version == 1  # a read: sent again
        restartable.down(how)
        restartable.up()
        edited = world.services.accounts.update(account.id, draft(name="Neu GmbH")).account
        assert edited.version == 2  # its BEGIN met the dropped connection: sent again
        assert problems_of(address) == []
    finally:
        world.store.close()


def _import_rows(count: int) -> list[dict[str, Any]]:
    return [row(External_ID=f"R{n}", Company_Name=f"Zeile {n} GmbH") for n in range(count)]


IMPORTED = "SELECT count(*) FROM tier_account WHERE external_id LIKE 'R%%'"


@pytest.mark.parametrize("how", HOW)
def test_an_import_cut_by_the_server_going_down_saves_nothing_and_the_retry_works(
    restartable: RestartableServer, how: str, tmp_path: Path
) -> None:
    address = restartable.workspace()
    world = open_world(address)
    try:
        world.services.accounts.create(draft())
        path = csv_file(tmp_path / "in.csv", _import_rows(300))
        store = world.store
        store.accounts.insert = going_down_after(  # type: ignore[method-assign]
            restartable, how, store.accounts.insert, lambda a: a.data.external_id == "R150"
        )
        with pytest.raises(ConnectionLostError) as lost:
            import_file(world.services, path)
        del store.accounts.insert
        assert_one_clear_line(lost.value.message, address)
        restartable.up()
        assert count(address, IMPORTED) == 0
        assert problems_of(address) == []
        report = import_file(world.services, path)  # the retry, on the same store
        assert report.committed and not report.issues
        assert count(address, IMPORTED) == 300
        assert count(address, "SELECT count(*) FROM tier_account") == 301
        assert problems_of(address) == []
    finally:
        world.store.close()


@pytest.fixture
def relayed() -> Iterator[tuple[DroppingProxy, ServerAddress]]:
    """A new workspace on the run's server, reached through a relay that can drop."""
    direct = parse_location(postgres.workspace_url())
    assert isinstance(direct, ServerAddress)
    with DroppingProxy(postgres.server().port) as proxy:
        address = parse_location(proxy.url(direct.database))
        assert isinstance(address, ServerAddress)
        yield proxy, address
    postgres.server().drop_database(direct.database)


def test_an_edit_cut_by_a_network_drop_saves_nothing_and_the_next_one_works(
    relayed: tuple[DroppingProxy, ServerAddress],
) -> None:
    proxy, address = relayed
    world = open_world(address)
    try:
        account = world.services.accounts.create(draft(name="Vorher GmbH")).account
        store = world.store
        added = store.accounts.add_version

        def add_version_then_the_network_drops(version: Any) -> None:
            added(version)
            assert proxy.drop() == 1

        store.accounts.add_version = add_version_then_the_network_drops  # type: ignore[method-assign]
        with pytest.raises(ConnectionLostError) as lost:
            world.services.accounts.update(account.id, draft(name="Nachher GmbH"))
        del store.accounts.add_version
        assert_one_clear_line(lost.value.message, address)
        kept = world.services.accounts.get(account.id)
        assert (kept.version, kept.data.name) == (1, "Vorher GmbH")
        edited = world.services.accounts.update(account.id, draft(name="Nachher GmbH")).account
        assert (edited.version, edited.data.name) == (2, "Nachher GmbH")
        assert problems_of(address) == []
    finally:
        world.store.close()


def test_a_network_drop_as_an_edit_is_committed_says_it_may_not_have_been_saved(
    relayed: tuple[DroppingProxy, ServerAddress],
) -> None:
    """Whether a ``COMMIT`` lost on its way arrived is not known: the message says so."""
    proxy, address = relayed
    world = open_world(address)
    try:
        account = world.services.accounts.create(draft(name="Vorher GmbH")).account
        db = world.store.db
        cursor, added = db.cursor, world.store.accounts.add_version
        armed: list[bool] = []

        def cursor_cut_before_the_commit(*args: Any) -> Any:
            if armed and not db.transaction_depth():  # the transaction ends: its COMMIT
                armed.clear()
                proxy.drop()
            return cursor(*args)

        def add_version_then_arm(version: Any) -> None:
            added(version)
            armed.append(True)

        db.cursor = cursor_cut_before_the_commit  # type: ignore[method-assign]
        world.store.accounts.add_version = add_version_then_arm  # type: ignore[method-assign]
        with pytest.raises(ConnectionLostError, match="may or may not have been saved") as lost:
            world.services.accounts.update(account.id, draft(name="Nachher GmbH"))
        del db.cursor, world.store.accounts.add_version
        assert_one_clear_line(lost.value.message, address)
        assert world.services.accounts.get(account.id).version == 1  # it never arrived
        assert world.services.accounts.update(account.id, draft(name="Nachher GmbH")).account
        assert problems_of(address) == []
    finally:
        world.store.close()


def test_a_transaction_whose_connection_dropped_is_never_committed_on_a_new_one(
    relayed: tuple[DroppingProxy, ServerAddress],
) -> None:
    """Even when the error that met the drop was swallowed inside the transaction."""
    proxy, address = relayed
    world = open_world(address)
    try:
        lost = pytest.raises(ConnectionLostError, match="nothing of this change was saved")
        with lost, world.store.write():
            world.services.accounts.create(draft())
            proxy.drop()
            with contextlib.suppress(Exception):
                world.store.db.execute_sql("SELECT 1")  # meets the drop
        assert count(address, "SELECT count(*) FROM tier_account") == 0
        assert world.services.accounts.create(draft()).account.version == 1
        assert count(address, "SELECT count(*) FROM tier_account") == 1
    finally:
        world.store.close()


def test_an_import_cut_by_a_network_drop_saves_nothing_and_the_retry_works(
    relayed: tuple[DroppingProxy, ServerAddress], tmp_path: Path
) -> None:
    proxy, address = relayed
    world = open_world(address)
    try:
        path = csv_file(tmp_path / "in.csv", _import_rows(120))
        store = world.store
        inserted = store.accounts.insert

        def insert_then_the_network_drops(account: Any) -> None:
            inserted(account)
            if account.data.external_id == "R60":
                proxy.drop()

        store.accounts.insert = insert_then_the_network_drops  # type: ignore[method-assign]
        with pytest.raises(ConnectionLostError) as lost:
            import_file(world.services, path)
        del store.accounts.insert
        assert_one_clear_line(lost.value.message, address)
        assert count(address, IMPORTED) == 0
        assert import_file(world.services, path).committed  # the retry, on the same store
        assert count(address, IMPORTED) == 120
        assert problems_of(address) == []
    finally:
        world.store.close()


def test_a_seed_cut_by_a_network_drop_saves_nothing_and_the_retry_works(
    relayed: tuple[DroppingProxy, ServerAddress], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, address = relayed
    world = open_world(address)
    try:
        before = count(address, "SELECT count(*) FROM tier_account")
        sent = BulkWriter.rows
        batches = []

        def rows_then_the_network_drops(writer: BulkWriter, model: Any, rows: Any) -> int:
            written = sent(writer, model, rows)
            batches.append(model)
            if len(batches) == 3:  # accounts and versions sent, more to come
                proxy.drop()
            return written

        monkeypatch.setattr(BulkWriter, "rows", rows_then_the_network_drops)
        with pytest.raises(ConnectionLostError) as lost:
            seed_workspace(world.store, 60, random_seed=5)
        monkeypatch.setattr(BulkWriter, "rows", sent)
        assert len(batches) >= 3
        assert_one_clear_line(lost.value.message, address)
        assert count(address, "SELECT count(*) FROM tier_account") == before
        assert count(address, "SELECT count(*) FROM subscription") == 0
        report = seed_workspace(world.store, 60, random_seed=5)  # the retry
        assert count(address, "SELECT count(*) FROM tier_account") == before + report.accounts
        assert problems_of(address) == []
    finally:
        world.store.close()


def test_after_a_network_drop_the_window_is_still_not_told_of_its_own_saves(
    relayed: tuple[DroppingProxy, ServerAddress],
) -> None:
    """The listener ignores the store's connection as it is now, a new one after the drop."""
    proxy, address = relayed
    world = open_world(address)
    heard: queue.Queue[frozenset[str]] = queue.Queue()
    stop = world.store.watch_changes(heard.put, lambda reason: None)
    assert stop is not None
    try:
        first = world.store.db.backend_pid
        time.sleep(0.3)  # the listener's connection comes up
        assert proxy.drop() == 2
        assert heard.get(timeout=5) == frozenset()  # back: anything may have changed meanwhile
        world.services.accounts.create(draft())  # connects again
        assert world.store.db.backend_pid not in (None, first)
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.7)  # its own save is no news to it
    finally:
        stop()
        world.store.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's TCP options")
def test_a_network_that_drops_silently_is_noticed_by_tcp_keepalive(
    relayed: tuple[DroppingProxy, ServerAddress],
) -> None:
    """No reset ever comes from a pulled cable: the kernel's probes must find the peer gone.

    Not dropped here (a relay's kernel would answer the probes): the sockets of the store's
    connection and of the change listener's are checked to probe within seconds.
    """
    _proxy, address = relayed
    world = open_world(address)
    connections: list[Any] = []
    try:
        connections.append(world.store.db.connection())
        listener = ChangeListener(address, lambda tables: None)
        connections.append(listener._connect())
        for conn in connections:
            with socket.socket(fileno=os.dup(conn.fileno())) as probe:
                assert probe.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
                assert probe.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) <= 10
                assert probe.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) <= 3
                assert probe.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) <= 30_000
    finally:
        for conn in connections[1:]:
            conn.close()
        world.store.close()


def _desktop_app(*args: str, folder: Path, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    """``python -m desktop_app ARGS`` started (not waited for); its stderr goes to a file."""
    err = folder / f"{name}.err.txt"
    with err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", *args],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    return process, err


def _wait_for_its_transaction(address: ServerAddress, process: subprocess.Popen[bytes]) -> float:
    """Wait until the command's connection is in a transaction older than opening's; its age."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the command ended before its transaction began"
        with psycopg.connect(address.url, autocommit=True) as conn:
            found = conn.execute(
                "SELECT extract(epoch FROM now() - xact_start) FROM pg_stat_activity"
                " WHERE datname = %s AND application_name = 'desktop-app'"
                " AND xact_start IS NOT NULL",
                (address.database,),
            ).fetchone()
        if found is not None and float(found[0]) > 0.05:  # opening's own take a few ms
            return float(found[0])
        time.sleep(0.05)
    raise AssertionError("the command's transaction never began")


@pytest.mark.slow
@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("command", ["import", "seed"])
def test_a_command_cut_by_a_server_restart_ends_in_one_clear_line_and_its_retry_works(
    restartable: RestartableServer,
    how: str,
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``desktop-app import`` (a few thousand rows) or ``seed``, the server down mid-way."""
    address = restartable.workspace()
    rng = random.Random(f"{command}-{how}")
    if command == "import":
        open_world(address).store.close()  # the catalog the rows refer to
        path = csv_file(tmp_path / "in.csv", _import_rows(IMPORT_ROWS))
        args = ["import", "--db", address.url, str(path), "--results", "none"]
        counted, expected = IMPORTED, IMPORT_ROWS
    else:
        args = ["seed", "--db", address.url, "--accounts", str(SEED_ACCOUNTS)]
        counted, expected = "SELECT count(*) FROM tier_account", SEED_ACCOUNTS
    started = time.perf_counter()
    process, err = _desktop_app(*args, folder=tmp_path, name="cut")
    age = _wait_for_its_transaction(address, process)
    time.sleep(rng.uniform(0.0, 0.3 if command == "import" else 0.2))
    restartable.down(how)
    status = process.wait(timeout=120)
    restartable.up()
    stderr = err.read_text(encoding="utf-8", errors="replace")
    found = count(address, counted)
    if status == 0:  # it committed before the server went down: all of it is there
        assert command == "seed", "the import ended before the cut: nothing was tested"
        assert found == expected, stderr
    else:
        assert "Traceback" not in stderr, stderr
        last = stderr.strip().splitlines()[-1]
        assert last.startswith("desktop-app: The connection to the team workspace"), stderr
        assert_one_clear_line(last, address)
        if "may or may not have been saved" in last:  # cut as its COMMIT was on its way
            assert found in (0, expected), stderr
        else:
            assert found == 0, f"{found} of {expected} rows of a command that failed: {stderr}"
    assert problems_of(address) == []

    retry, retry_err = _desktop_app(*args, folder=tmp_path, name="retry")
    assert retry.wait(timeout=300) == 0, retry_err.read_text(errors="replace")
    if command == "import":
        assert count(address, counted) == expected  # exactly: the retry adds no duplicate
    else:
        assert count(address, counted) == found + expected  # a seed adds new accounts
    assert problems_of(address) == []
    with capsys.disabled():
        print(
            f"\n{command} cut by the server going down ({how}) "
            f"{age:.1f} s+ into its transaction: exit {status}, {found} rows kept, retry ok;"
            f" {time.perf_counter() - started:.1f} s"
        )
