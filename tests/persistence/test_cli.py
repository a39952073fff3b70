import sqlite3

import pytest

from desktop_app import cli
from desktop_app.app import main


def run(argv, capsys):
    code = cli.run(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_then_check(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    code, out, err = run(
        ["seed", "--db", str(path), "--accounts", "200", "--random-seed", "3"], capsys
    )
    assert code == 0, err
    assert "Seeded 200 accounts" in out
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM tier_account").fetchone()[0] == 200
    conn.close()
    code, out, _ = run(["check", "--db", str(path)], capsys)
    assert code == 0
    assert "integrity ok" in out


def test_seed_is_reproducible(tmp_path, capsys):
    dumps = []
    for name in ("a.sqlite", "b.sqlite"):
        path = tmp_path / name
        assert (
            run(["seed", "--db", str(path), "--accounts", "120", "--random-seed", "9"], capsys)[0]
            == 0
        )
        conn = sqlite3.connect(path)
        dumps.append(
            conn.execute(
                "SELECT group_concat(id || name || city, ',') FROM tier_account"
            ).fetchone()
        )
        conn.close()
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize("content", [b"", b"not a database at all"])
def test_bad_files_give_a_message_and_exit_code_2(tmp_path, capsys, content):
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    code, _, err = run(["check", "--db", str(path)], capsys)
    assert code == 2
    assert err.startswith("desktop-app: ") and "Traceback" not in err
    assert path.read_bytes() == content


def test_check_refuses_a_missing_file(tmp_path, capsys):
    code, _, err = run(["check", "--db", str(tmp_path / "missing.sqlite")], capsys)
    assert code == 2 and "no workspace file" in err


def test_main_dispatches_commands(tmp_path, capsys):
    path = tmp_path / "w.sqlite"
    assert main(["seed", "--db", str(path), "--accounts", "5"]) == 0
    assert "Seeded 5 accounts" in capsys.readouterr().out


def test_bad_arguments_exit_with_usage(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.run(["seed", "--accounts", "0"])
    assert caught.value.code == 2
    assert "at least 1" in capsys.readouterr().err
