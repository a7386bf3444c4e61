"""Running the command line inside the test process, as every CLI test does."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from govrules.interfaces.cli import cli


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of ``govrules ARGS``."""
    code: object = 0
    try:
        cli.main(list(args))
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out.out, out.err


def complete(words: str) -> list[str]:
    """What Tab offers after ``words`` (the last word is the one being completed), asked as
    bash's completion script asks."""
    parts = words.split(" ")
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="govrules",
        env={
            "_GOVRULES_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
    )
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]
