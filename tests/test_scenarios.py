"""Every scenario file under tests/scenarios runs as one parametrised test per case."""

from __future__ import annotations

from pathlib import Path

import pytest

import govrules
from govrules.authoring.scenarios import CaseResult, run_scenarios

HERE = Path(__file__).parent
SCENARIOS = sorted((HERE / "scenarios").glob("*.yaml"))
REAL_WORLD = sorted((HERE / "real_world").glob("*cases.yaml"))
RESULTS = run_scenarios(SCENARIOS + REAL_WORLD).results


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{Path(r.file).stem}:{r.line}")
def test_scenario(result: CaseResult) -> None:
    assert result.status == "passed", "\n".join(
        [f"{result.name} [{result.clause}]", *result.problems, *result.explanation]
    )


def test_every_case_names_its_clause() -> None:
    assert all(r.clause for r in RESULTS)


@pytest.mark.parametrize("trust", ["rutland", "wirral", "durham", "cumbria", "suffolk"])
def test_each_trust_has_ten_cases(trust: str) -> None:
    assert sum(Path(r.file).stem == trust for r in RESULTS) >= 10


@pytest.mark.parametrize("trust", ["school-board", "joint-committee", "joint-waste-committee"])
def test_real_world_rules_validate_cleanly(trust: str) -> None:
    # Rules from other bodies (real-world-rules.md) are expressible without schema errors.
    import govrules

    result = govrules.validate(HERE / "real_world" / f"{trust}.yaml")
    assert [f.render() for f in result.findings if f.severity == "error"] == []


def test_places_the_document_does_not_number_cap_nothing() -> None:
    # Wirral 20.3.4 and Cumbria's Who's Who name constituencies without numbers: the seats
    # record `count_stated: false`, so attendance is not capped and no total is claimed.
    import govrules

    wirral, cumbria = govrules.load("wirral"), govrules.load("cumbria")
    assert govrules.quorum(cumbria, "cypb", count=3).answer == "unspecified"
    vote = govrules.vote(wirral, "board", for_=["nhs", "nhs"], against=["dcs"])
    assert (vote.for_, vote.against) == (2, 1)
    board = govrules.show(wirral, "board").to_dict()["bodies"][0]
    assert board["members_total"] is None
    assert {s["id"] for s in board["seats"] if not s["count_stated"]} >= {"nhs", "vcf-sector"}


def test_an_expectation_on_a_field_the_answer_lacks_is_refused(tmp_path: Path) -> None:
    # `voters: []` of a quorum answer would compare against nothing and pass.
    path = tmp_path / "s.yaml"
    path.write_text(
        "trust: suffolk\ncases:\n  - {name: x, question: quorum, body: strategic-board, "
        "count: 9, vacancies: 0, expect: {answer: quorate, voters: []}}\n",
        encoding="utf-8",
    )
    with pytest.raises(govrules.LoadError, match="`voters` is not a field of a quorum answer"):
        govrules.run_tests(path)
