"""``desktop-app check``: full integrity check, foreign-key check, schema version and counts."""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.persistence.migrations import LATEST_VERSION
from tests.support.damage import index_out_of_order


def check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["check", "--db", str(path)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace of 60 accounts, its WAL folded into the file, closed."""
    path = tmp_path_factory.mktemp("check") / "seeded.sqlite"
    sink = io.StringIO()
    assert cli.run(["seed", "--db", str(path), "--accounts", "60"], out=sink, err=sink) == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def copy_of(seeded: Path, folder: Path) -> Path:
    target = folder / "copy.sqlite"
    target.write_bytes(seeded.read_bytes())
    return target


def test_a_clean_workspace_is_reported_with_its_schema_and_counts(seeded: Path) -> None:
    before = hashlib.sha256(seeded.read_bytes()).hexdigest()
    code, out, err = check(seeded)
    assert (code, err) == (0, "")
    assert f"schema version {LATEST_VERSION}" in out
    assert "integrity ok" in out and "foreign keys ok" in out
    live, deleted = (int(n) for n in re.findall(r"(\d+) (?:live|deleted) accounts", out))
    assert live + deleted == 60 and live > 0
    assert "pending requests" in out and "products" in out and "acting as" in out
    assert out.rstrip().endswith("Clean.")
    assert hashlib.sha256(seeded.read_bytes()).hexdigest() == before  # check writes nothing


def test_a_broken_foreign_key_fails_the_check_and_names_the_table(
    seeded: Path, tmp_path: Path
) -> None:
    path = copy_of(seeded, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    account = conn.execute("SELECT min(id) FROM tier_account").fetchone()[0]
    conn.execute("UPDATE tier_account SET hub_id = 'HB-9999-9999' WHERE id = ?", (account,))
    conn.commit()
    conn.close()
    code, out, _ = check(path)
    assert code == 1
    assert "foreign keys: 1 broken reference in tier_account" in out
    assert "tier_account row" in out and f"id {account}" in out
    assert "hub_id = 'HB-9999-9999' has no row in hub" in out
    assert "NOT CLEAN" in out and "Clean." not in out


def test_many_broken_references_show_the_first_few(seeded: Path, tmp_path: Path) -> None:
    path = copy_of(seeded, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE subscription SET customer_id = 'TA-0000-0000-0000'")
    broken = conn.execute("SELECT count(*) FROM subscription").fetchone()[0]
    conn.commit()
    conn.close()
    code, out, _ = check(path)
    assert code == 1
    assert f"foreign keys: {broken} broken references in subscription" in out
    assert out.count("has no row in tier_account") == 5
    assert f"… and {broken - 5} more" in out


def test_a_damaged_index_that_quick_check_misses_fails_the_full_check(
    seeded: Path, tmp_path: Path
) -> None:
    path = copy_of(seeded, tmp_path)
    index = index_out_of_order(path)
    code, out, _ = check(path)
    assert code == 1
    assert "integrity: " in out and f"missing from index {index}" in out
    assert "NOT CLEAN" in out


def test_a_file_changed_without_the_triggers_is_reported_and_repaired(
    seeded: Path, tmp_path: Path
) -> None:
    # another tool drops triggers, decommissions an account, sets a request back to pending and
    # overwrites the pending tally
    path = copy_of(seeded, tmp_path)
    conn = sqlite3.connect(path)
    for name in ("tally_account_insert", "tally_request_insert", "tier_account_search_update"):
        conn.execute(f"DROP TRIGGER {name}")
    account = conn.execute(
        "SELECT id FROM tier_account WHERE decommissioned_at IS NULL ORDER BY id LIMIT 1"
    ).fetchone()[0]
    conn.execute(
        "UPDATE tier_account SET decommissioned_at = '2026-01-01T00:00:00.000000Z' WHERE id = ?",
        (account,),
    )
    conn.execute(
        "UPDATE tier_account_request SET status = 'pending' WHERE rowid ="
        " (SELECT min(rowid) FROM tier_account_request WHERE status != 'pending')"
    )
    conn.execute("UPDATE tally SET value = value + 7 WHERE name = 'pending_requests'")
    conn.execute("DROP TRIGGER tally_request_delete")  # an older definition in its place
    conn.execute(
        "CREATE TRIGGER tally_request_delete AFTER DELETE ON tier_account_request BEGIN"
        " SELECT 1; END"
    )
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    code, out, _ = check(path)
    assert code == 1
    assert "triggers missing: tally_account_insert, tally_request_insert" in out
    assert "triggers changed: tally_request_delete" in out
    assert "the search index holds" in out  # the decommissioned account is still in it
    assert "the stored number of pending requests is" in out
    assert "Run desktop-app check --repair" in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # a check writes nothing

    out_, err = io.StringIO(), io.StringIO()
    code = cli.run(["check", "--db", str(path), "--repair"], out=out_, err=err)
    assert code == 0, out_.getvalue()
    assert "repaired: triggers missing" in out_.getvalue()
    assert out_.getvalue().rstrip().endswith("Clean.")
    code, out, _ = check(path)
    assert code == 0 and "search index and tallies ok" in out
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT count(*) FROM tier_account a WHERE a.id = ? AND a.rowid IN"
            " (SELECT rowid FROM account_search WHERE account_search MATCH ?)",
            (account, '"' + account.lower().replace("-", " ") + '"'),
        ).fetchone()[0]
    finally:
        conn.close()
    assert found == 0  # the decommissioned account left the index


def test_repair_leaves_a_damaged_file_to_its_backup(seeded: Path, tmp_path: Path) -> None:
    path = copy_of(seeded, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE tier_account SET hub_id = 'HB-9999-9999'")
    conn.execute("UPDATE tally SET value = 0")
    conn.commit()
    conn.close()
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["check", "--db", str(path), "--repair"], out=out, err=err) == 1
    assert "repaired" not in out.getvalue()
    assert "Restore the file from a backup." in out.getvalue()


def test_a_damaged_search_index_is_found_without_writing_and_repaired(
    seeded: Path, tmp_path: Path
) -> None:
    path = copy_of(seeded, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE account_search_data SET block = zeroblob(length(block))"
        " WHERE id = (SELECT max(id) FROM account_search_data WHERE length(block) > 40)"
    )
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, _ = check(path)
    assert code == 1, out
    assert "the search index is damaged" in out and "Run desktop-app check --repair" in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the check wrote nothing
    out_, err = io.StringIO(), io.StringIO()
    assert cli.run(["check", "--db", str(path), "--repair"], out=out_, err=err) == 0, (
        out_.getvalue() + err.getvalue()
    )
    code, out, _ = check(path)
    assert code == 0 and "search index and tallies ok" in out
