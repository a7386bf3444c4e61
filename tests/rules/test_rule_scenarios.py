"""Policy questions as scenario files (tests/rules/scenarios), run by the library and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from govrules.authoring.scenarios import run_scenarios
from govrules.interfaces.cli import cli

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def test_there_are_scenarios() -> None:
    assert SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_case_passes(path: Path) -> None:
    # Run here, not at import, so every case is answered by the code under test in this run.
    results = run_scenarios([path]).results
    assert results and all(r.clause for r in results)
    failed = [
        "\n".join([f"{r.name} [{r.clause}] line {r.line}", *r.problems, *r.explanation])
        for r in results
        if r.status != "passed"
    ]
    assert not failed, "\n\n".join(failed)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_govrules_test_exits_0(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["test", str(path)])
    out = capsys.readouterr().out
    assert exit_.value.code == 0, out
    assert out.rstrip().endswith(" passed, 0 failed")
