"""Every command of the command line is reached from ``desktop-app``'s first word."""

from __future__ import annotations

import argparse

import pytest

from desktop_app import app, cli
from desktop_app.config import COMMANDS


def test_the_first_words_are_exactly_the_commands_of_the_command_line() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(COMMANDS) == set(sub.choices)


@pytest.mark.parametrize("command", COMMANDS)
def test_main_hands_each_command_to_the_command_line(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    def run(argv: list[str]) -> int:
        seen.append(argv)
        return 0

    monkeypatch.setattr(cli, "run", run)
    assert app.main([command, "--help"]) == 0
    assert seen == [[command, "--help"]]
