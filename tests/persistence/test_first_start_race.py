"""Two instances starting on one new workspace make one user and one local vendor, not two."""

import threading

from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services


def test_concurrent_first_starts_agree(tmp_path):
    path = tmp_path / "new.sqlite"
    SqliteStore.open(path).close()
    barrier = threading.Barrier(4)
    errors = []

    def start():
        store = SqliteStore.open(path)
        try:
            barrier.wait()
            Services.over(store).workspace.ensure_ready()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = SqliteStore.open(path)
    try:
        assert store.db.execute_sql("SELECT count(*) FROM app_user").fetchone()[0] == 1
        assert store.db.execute_sql("SELECT count(*) FROM operator_account").fetchone()[0] == 1
    finally:
        store.close()
