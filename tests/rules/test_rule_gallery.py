"""The gallery of public-sector constitutions (examples/public-sector): each trust validates
without errors, cites a clause for every rule, and has a scenario file
(``scenarios/NAME.yaml``) whose every case passes, through the library and `govrules test`."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run_cli

import govrules
from govrules.scenarios import run_scenarios

GALLERY = Path(__file__).parents[2] / "examples" / "public-sector"
TRUSTS = sorted(GALLERY.glob("*.yaml"))
CASES = sorted((GALLERY / "scenarios").glob("*.yaml"))


def test_the_gallery_has_the_school_governing_body() -> None:
    assert GALLERY / "school-governing-body.yaml" in TRUSTS
    assert GALLERY / "scenarios" / "school-governing-body.yaml" in CASES


@pytest.mark.parametrize("path", TRUSTS, ids=lambda p: p.stem)
def test_each_trust_validates_and_has_its_cases(path: Path) -> None:
    result = govrules.validate(path)
    # GR302 is a rule without a clause: every rule of the gallery cites its own.
    assert [f.render() for f in result.findings if f.severity == "error" or f.code == "GR302"] == []
    assert GALLERY / "scenarios" / path.name in CASES


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_case_passes(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = run_scenarios([path]).results
    assert len(results) >= 5 and all(r.clause for r in results)
    failed = [f"{r.name}: {r.problems}" for r in results if r.status != "passed"]
    assert failed == []
    code, out, _ = run_cli(capsys, "test", str(path))
    assert code == 0
    assert out.rstrip().endswith(f"{len(results)} passed, 0 failed")
