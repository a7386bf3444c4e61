"""Running the command line inside the test process, as every CLI test does."""

from __future__ import annotations

import pytest

from govrules.cli import cli


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of ``govrules ARGS``."""
    code: object = 0
    try:
        cli.main(list(args))
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out.out, out.err
