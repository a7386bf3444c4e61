"""The same rules through the command line: exit codes, and JSON equal to the library's answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from clirun import run_cli

import govrules

PARTNERS = [{"id": "council", "name": "Council"}, {"id": "health", "name": "Health"}]
BOARD = {
    "id": "board",
    "name": "The Board",
    "chair": {"seat": "head", "source": "3.1"},
    "vice_chair": {"selection": "elected", "ineligible": [{"seat": "gp"}], "source": "3.2"},
    "seats": [
        {"id": "head", "title": "Leader", "partner": "council"},
        {"id": "cllr", "title": "Councillor", "partner": "council", "count": 3},
        {"id": "gp", "title": "GP", "partner": "health", "count": 2},
        {"id": "observer", "title": "Observer"},
    ],
    "quorum": {
        "number": 3,
        "must_include": [{"office": "chair"}, {"partner": "health"}],
        "inquorate_decisions": "void",
        "source": "4",
    },
    "voting": {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "exceptions": [{"seat": "observer", "votes": False}],
        "source": "5",
    },
}
PROCEDURES = [
    {
        "id": "dispute",
        "name": "Dispute",
        "applies_to": ["board"],
        "steps": [{"action": "refer"}],
        "source": "9",
    },
    {
        "id": "budget",
        "name": "Budget",
        "applies_to": ["panel"],
        "steps": [
            {"action": "vote", "vote": {"threshold": {"unanimous": True}, "base": "present"}}
        ],
    },
]


@pytest.fixture
def trust_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    data = {
        "id": "rules",
        "name": "Rules",
        "document": {"title": "Rules"},
        "partners": PARTNERS,
        "bodies": [BOARD, {"id": "panel", "name": "Panel", "seats": [{"id": "x", "title": "X"}]}],
        "procedures": PROCEDURES,
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, *args, "--format", "json")
    assert err == ""
    data: dict[str, Any] = json.loads(out)
    return code, data


@pytest.mark.parametrize(
    ("question", "code", "answer"),
    [
        (["--present", "head,gp,cllr"], 0, "quorate"),
        (["--present", "cllr,gp,cllr"], 1, "inquorate"),  # the chair is absent
        (["--present", "head,cllr,cllr"], 1, "inquorate"),  # nobody from health
        (["--present", "head,gp"], 1, "inquorate"),  # too few
        # Who is present decides it, a fact the question lacks: incomplete (exit 4), not
        # unspecified (exit 3), asking for --present.
        (["--count", "5"], 4, "incomplete"),
    ],
)
def test_quorum_with_presence_exit_codes(
    capsys: pytest.CaptureFixture[str],
    trust_file: Path,
    question: list[str],
    code: int,
    answer: str,
) -> None:
    status, data = as_json(capsys, "quorum", str(trust_file), "board", *question)
    assert (status, data["answer"], data["required"]) == (code, answer, 3)
    trust = govrules.load(trust_file)
    if question[0] == "--present":
        library = govrules.quorum(trust, "board", present=question[1].split(","))
    else:
        library = govrules.quorum(trust, "board", count=int(question[1]))
    assert data == library.to_dict()
    assert data["inquorate_decisions"] == "void"
    # Only a count leaves the presence open; the set, as the engine lists --present once per
    # requirement it cannot check.
    assert set(data.get("needs", ())) == ({"--present"} if question[0] == "--count" else set())


def test_quorum_text_names_the_absent_chair(
    capsys: pytest.CaptureFixture[str], trust_file: Path
) -> None:
    status, out, _ = run(capsys, "quorum", str(trust_file), "board", "--present", "cllr,gp,cllr")
    assert status == 1
    assert "The quorum needs the chair, who is not present." in out


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (["--present", "head,mayor"], "has no seat `mayor`"),
        (["--present", "gp,gp,gp"], "listed 3 times in present but has 2 places"),
        (["--count", "8"], "8 attendees, but `board` has only 7 places"),
    ],
)
def test_quorum_refusals_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], trust_file: Path, question: list[str], message: str
) -> None:
    status, out, err = run(capsys, "quorum", str(trust_file), "board", *question)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("govrules: error:") and message in err


def test_voters_lists_and_exit_code(capsys: pytest.CaptureFixture[str], trust_file: Path) -> None:
    status, data = as_json(capsys, "voters", str(trust_file), "board")
    assert status == 0 and data["answer"] == "determined"
    assert [v["seat"] for v in data["voters"]] == ["head", "cllr", "gp"]
    assert [v["seat"] for v in data["non_voters"]] == ["observer"]
    assert data == govrules.voters(govrules.load(trust_file), "board").to_dict()


def test_voters_under_a_procedure_with_no_voting_step_exits_3(
    capsys: pytest.CaptureFixture[str], trust_file: Path
) -> None:
    status, data = as_json(capsys, "voters", str(trust_file), "board", "--procedure", "dispute")
    assert (status, data["answer"], data["procedure"]) == (3, "unspecified", "dispute")
    assert [v["seat"] for v in data["undetermined"]] == ["head", "cllr", "gp", "observer"]


def test_voters_under_a_procedure_for_another_body_exits_2(
    capsys: pytest.CaptureFixture[str], trust_file: Path
) -> None:
    status, out, err = run(capsys, "voters", str(trust_file), "board", "--procedure", "budget")
    assert status == 2 and out == ""
    assert "procedure `budget` does not apply to `board` (it applies to: panel)" in err


def test_voters_on_a_body_with_no_voting_rule_exits_3(
    capsys: pytest.CaptureFixture[str], trust_file: Path
) -> None:
    status, data = as_json(capsys, "voters", str(trust_file), "panel")
    assert (status, data["answer"]) == (3, "unspecified")
    assert [v["seat"] for v in data["undetermined"]] == ["x"] and data["voters"] == []


@pytest.mark.parametrize(
    ("seat", "office", "code", "answer"),
    [
        ("head", "chair", 0, "eligible"),
        ("gp", "chair", 1, "ineligible"),  # the chair is the leader, ex officio
        ("gp", "vice-chair", 1, "ineligible"),  # barred from the vice-chair by name
        ("cllr", "vice-chair", 0, "eligible"),
    ],
)
def test_eligible_answers_each_office_from_its_rule(
    capsys: pytest.CaptureFixture[str],
    trust_file: Path,
    seat: str,
    office: str,
    code: int,
    answer: str,
) -> None:
    status, data = as_json(capsys, "eligible", str(trust_file), "board", seat, "--office", office)
    assert (status, data["answer"]) == (code, answer)
    library = govrules.eligible(govrules.load(trust_file), "board", seat, office)  # type: ignore[arg-type]
    assert data == library.to_dict()


def test_eligible_for_an_office_the_body_lacks_exits_3(
    capsys: pytest.CaptureFixture[str], trust_file: Path
) -> None:
    status, data = as_json(capsys, "eligible", str(trust_file), "panel", "x")
    assert (status, data["answer"]) == (3, "unspecified")
