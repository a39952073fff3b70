"""The open workspace and its side files are never read, written or replaced outside SQLite.

Each refusal is checked through the command line (its own process holds the workspace
open, as the window does) and through the functions the window calls; the workspace keeps
its locks and its content.
"""

from __future__ import annotations

import io
import os

import pytest

from desktop_app import cli
from desktop_app.domain.errors import DomainError
from desktop_app.interop.importer import import_file
from desktop_app.interop.writeback import write_results
from desktop_app.open_files import open_workspace_file
from desktop_app.persistence.database import open_database
from tests.interop.sheets import csv_file, row
from tests.support.sqlite_locks import can_see_locks, locked_files
from tests.support.world import dump

SIDE_FILES = ["", "-wal", "-shm", "-journal"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("suffix", SIDE_FILES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_never_writes_over_the_workspace_or_its_side_files(world, tmp_path, suffix, fmt):
    target = f"{world.path}{suffix}"
    world.store.close()  # the command opens it itself
    code, out, err = run("export", "--db", str(world.path), "--out", target, "--format", fmt)
    assert code != 0 and "which is open" in err and "Nothing was exported" in err, out + err
    check = run("check", "--db", str(world.path))
    assert check[0] == 0 and "Clean." in check[1]


def test_a_link_to_the_workspace_is_the_workspace(world, tmp_path):
    link = tmp_path / "elsewhere.xlsx"
    link.symlink_to(world.path)
    found = open_workspace_file(link)
    assert found is not None and found.suffix == "" and found.workspace == world.path.resolve()
    hard = tmp_path / "hard-wal.csv"
    os.link(f"{world.path}-wal", hard)
    assert open_workspace_file(hard) is not None
    assert open_workspace_file(tmp_path / "other.xlsx") is None


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_importing_the_workspace_is_refused_without_reading_it(world, suffix):
    before = dump(world.store)
    with pytest.raises(DomainError, match="which is open"):
        import_file(world.services, world.path.with_name(world.path.name + suffix))
    assert dump(world.store) == before


def test_results_are_never_written_over_the_workspace(world, tmp_path):
    source = csv_file(tmp_path / "in.csv", [row()])
    report = import_file(world.services, source)
    assert report.committed and report.results
    with pytest.raises(DomainError, match="which is open"):
        write_results(source, world.path, report.results)
    with pytest.raises(DomainError, match="which is open"):
        write_results(source, world.path.with_name(world.path.name + "-wal"), report.results)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_backups_are_never_written_over_a_side_file(world, suffix):
    with pytest.raises(DomainError, match="which is open"):
        world.store.back_up(world.path.with_name(world.path.name + suffix))


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_the_open_workspace_is_no_backup_to_restore(world, suffix):
    with pytest.raises(DomainError):
        world.store.check_backup(world.path.with_name(world.path.name + suffix))
    with pytest.raises(DomainError):
        world.store.restore(world.path.with_name(world.path.name + suffix))


def test_opening_an_open_workspace_again_keeps_its_locks(world):
    second = open_database(world.path)  # its header is not read outside SQLite
    try:
        assert second.execute_sql("SELECT count(*) FROM tier_account").fetchone()
    finally:
        second.close()
    if can_see_locks():
        assert locked_files(world.path) == {"db", "shm"}
    with pytest.raises(DomainError, match="write-ahead log"):
        open_database(world.path.with_name(world.path.name + "-wal"))
