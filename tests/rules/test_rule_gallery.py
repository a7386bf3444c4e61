"""The gallery of public-sector constitutions (examples/public-sector): each trust validates
without errors, cites a clause for every rule, and has a scenario file
(``scenarios/NAME.yaml``) whose every case passes, through the library and `govrules test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run_cli

import govrules
from govrules.authoring.scenarios import run_scenarios

GALLERY = Path(__file__).parents[2] / "examples" / "public-sector"
TRUSTS = sorted(GALLERY.glob("*.yaml"))
CASES = sorted((GALLERY / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize(
    "name",
    [
        "school-governing-body",
        "federation",
        "joint-committee",
        "combined-authority",
        "nhs-board",
        "health-and-wellbeing-board",
    ],
)
def test_the_gallery_has_each_kind_of_body(name: str) -> None:
    assert GALLERY / f"{name}.yaml" in TRUSTS
    assert GALLERY / "scenarios" / f"{name}.yaml" in CASES


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


def test_a_substitute_under_a_rule_that_is_not_encoded_leaves_the_meeting_unsettled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The Health and Wellbeing Board's 2.4 (a councillor's substitute must be a councillor)
    # is a not-encoded gap on `board.substitutes`: a record with a substitute is not valid on
    # its face, one without is judged as usual.
    trust = govrules.load(GALLERY / "health-and-wellbeing-board.yaml")
    record = {
        "body": "board",
        "date": "2026-03-10",
        "attendees": ["councillors", "icb", "public-health-director"],
        "decisions": [{"motion": "Note it", "matter": "none", "for": ["councillors", "icb"]}],
    }
    plain = govrules.check(record, trust=trust)
    assert (plain.answer, plain.quorate) == ("valid", "quorate")
    subbed = govrules.check({**record, "substitutes": ["councillors"]}, trust=trust)
    assert (subbed.answer, subbed.quorate) == ("unspecified", "quorate")
    (gap,) = [f for f in subbed.findings if f.severity == "unspecified"]
    assert gap.source is not None and gap.source.clause == "2.4" and "not-encoded" in gap.text
    path = tmp_path / "meeting.yaml"
    lines = [f"trust: {GALLERY / 'health-and-wellbeing-board.yaml'}", "body: board"]
    lines += ["date: 2026-03-10", "attendees: [councillors, icb, public-health-director]"]
    path.write_text("\n".join([*lines, "substitutes: [councillors]", ""]), encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(path), "--format", "json")
    data = json.loads(out)
    assert (code, data["answer"]) == (3, "unspecified")
    assert [f["source"]["clause"] for f in data["findings"] if f["severity"] == "unspecified"] == [
        "2.4"
    ]
