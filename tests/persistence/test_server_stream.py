"""On a server an export reads its accounts through a cursor of the server's own, a batch at a
time, in a transaction that ends when it stops reading."""

from __future__ import annotations

import psycopg

from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support.world import draft

ROWS = 25
BY_NAME = SortSpec(DirectoryColumn.NAME, descending=False)


def _fill(world) -> list[str]:
    with world.services.accounts.batch():
        for number in range(ROWS):
            world.services.accounts.create(draft(name=f"Stream {number:02}"))
    return [f"Stream {number:02}" for number in range(ROWS)]


def _server_cursors(world) -> list[str]:
    """The cursors declared on the world's own connection (its current transaction)."""
    rows = world.store.db.execute_sql("SELECT name FROM pg_cursors").fetchall()
    return [str(r[0]) for r in rows]


def test_a_stream_reads_a_server_cursor_a_batch_at_a_time(server_world, monkeypatch):
    names = _fill(server_world)
    fetched: list[int] = []
    real = psycopg.ServerCursor.fetchmany

    def noted(self, size=0):
        rows = real(self, size)
        fetched.append(len(rows))
        return rows

    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", noted)
    queries = server_world.store.queries
    stream = queries.accounts_in_order(DirectoryQuery(), BY_NAME, batch=10)
    first = next(stream)
    assert first.name == names[0]
    assert _server_cursors(server_world) == ["accounts_in_order"]
    assert [a.name for a in stream] == names[1:]
    assert fetched == [10, 10, 5, 0]  # the server sent ten at a time, not all at once
    assert not server_world.store.db.in_transaction()


def test_a_stream_stopped_early_ends_its_transaction_and_the_next_write_commits(server_world):
    _fill(server_world)
    stream = server_world.store.queries.accounts_in_order(DirectoryQuery(), BY_NAME, batch=4)
    assert next(stream).name == "Stream 00"
    assert server_world.store.db.in_transaction()
    stream.close()  # as an export cancelled part-way does
    assert not server_world.store.db.in_transaction()
    assert _server_cursors(server_world) == []
    saved = server_world.services.accounts.create(draft(name="After the stream")).account
    other = psycopg.connect(server_world.store.db.address.url)
    try:
        row = other.execute("SELECT name FROM tier_account WHERE id = %s", (saved.id,)).fetchone()
    finally:
        other.close()
    assert row == ("After the stream",)  # committed: no transaction was left open around it


def test_a_command_line_export_failing_part_way_says_so_and_leaves_the_workspace_closed(
    server_world, tmp_path, monkeypatch
):
    """The export's stream is closed however the export ends: its open transaction made
    closing the workspace fail with a traceback instead of the export's own message."""
    import errno
    import io

    from desktop_app import cli
    from desktop_app.interop import export

    _fill(server_world)

    def full_disk(rows, target):
        next(rows)  # the stream has begun: its transaction is open
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "_write_csv", full_disk)
    out, err = io.StringIO(), io.StringIO()
    url = server_world.store.db.address.url
    code = cli.run(["export", "--db", url, "--out", str(tmp_path / "all.csv")], out, err)
    assert code == 1
    assert "No space left on device" in err.getvalue()
    assert "Nothing was exported" in err.getvalue()
    assert not (tmp_path / "all.csv").exists()
