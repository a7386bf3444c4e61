"""The README's promises: its test command is what CI runs, and it covers every command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_two_setup_commands() -> None:
    install_and_run, install_and_test = _setup_commands()
    assert "govrules quorum suffolk strategic-board --count 9" in install_and_run
    assert install_and_test.endswith("python -m pytest")


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def test_every_command_is_in_the_readme() -> None:
    from govrules.cli import cli

    missing = [name for name in cli.commands if f"govrules {name}" not in README]
    assert missing == []
