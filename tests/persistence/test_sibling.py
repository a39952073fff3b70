"""A sibling store: the open workspace again on a connection of a job's thread, on both backends."""

import threading

import pytest

from desktop_app import open_files
from desktop_app.domain.errors import StorageError
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.queries import DirectoryQuery
from desktop_app.services.write_permission import ReadOnlyError
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def on_a_thread(work):
    """Run ``work`` on a thread of its own; what it returned, or raise what it raised."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="job")
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_a_job_writes_on_its_own_thread_and_the_window_sees_it_after_the_commit(world):
    count = DirectoryQuery()
    assert world.services.directory.count(count) == 0
    written, go_on = threading.Event(), threading.Event()
    threads: list[str] = []
    operator = world.services.workspace.operator().id

    def job():
        services, close = world.services.on_own_connection()
        try:
            assert services.workspace.operator().id == operator
            with services._store.write():  # one transaction, held open until the test says
                services.accounts.create(draft(name="Job Reseller", external_id="JOB"))
                threads.append(threading.current_thread().name)
                written.set()
                assert go_on.wait(30)
            return services.directory.count(count)
        finally:
            close()

    thread, outcome = start(job)
    assert written.wait(30), outcome
    assert world.services.directory.count(count) == 0  # the window reads on, uncommitted
    go_on.set()
    thread.join(30)
    assert outcome == {"value": 1} and threads == ["job"]
    assert world.services.directory.count(count) == 1  # the window's own connection


def start(work):
    """Start ``work`` on a thread named job; the thread and where its outcome will be."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="job")
    thread.start()
    return thread, outcome


def test_a_job_that_fails_writes_nothing(world):
    def job():
        services, close = world.services.on_own_connection()
        try:
            with services._store.write():
                services.accounts.create(draft(name="Half Done", external_id="HALF"))
                raise StorageError("stopped")
        finally:
            close()

    with pytest.raises(StorageError, match="stopped"):
        on_a_thread(job)
    assert world.services.directory.count(DirectoryQuery()) == 0


def test_the_sibling_keeps_the_read_only_reason(world):
    world.store._read_only_reason = "it is damaged"

    def job():
        services, close = world.services.on_own_connection()
        try:
            assert services.workspace.read_only_reason == "it is damaged"
            services.accounts.create(draft(name="Refused", external_id="NO"))
        finally:
            close()

    with pytest.raises(ReadOnlyError):
        on_a_thread(job)
    world.store._read_only_reason = None
    assert world.services.directory.count(DirectoryQuery()) == 0


def test_a_closed_sibling_leaves_the_window_its_connection(world):
    def job():
        store = world.store.sibling()
        assert store is not world.store and store.db is not world.store.db
        if isinstance(store, SqliteStore):
            assert store.path == world.store.path
            assert store.db.file in open_files.open_workspaces()
        store.close()
        return store.db.is_closed()

    assert on_a_thread(job) is True
    assert not world.store.db.is_closed()
    if isinstance(world.store, SqliteStore):
        assert world.store.db.file.resolve() in open_files.open_workspaces()
        pragma = world.store.db.execute_sql("PRAGMA journal_mode").fetchone()[0]
        assert pragma == "wal"
    world.services.accounts.create(draft(name="After", external_id="AFTER"))
    assert world.services.directory.count(DirectoryQuery()) == 1
