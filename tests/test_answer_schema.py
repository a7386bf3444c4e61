"""Every command's JSON answer, and every error document, against the published schema
(`govrules schema --answers`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from govrules.interfaces.cli import cli
from govrules.presenting.answerschema import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _json(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    result = CliRunner().invoke(cli, ["schema", "--answers"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


ANSWERS = [
    ["quorum", "suffolk", "strategic-board", "--count", "9"],
    ["quorum", "suffolk", "ccsg", "--count", "3"],
    ["quorum", "rutland", "board", "--count", "5"],
    ["voters", "rutland", "executive", "--procedure", "conflict-resolution"],
    ["voters", "suffolk", "strategic-board"],
    [
        *("vote", "suffolk", "strategic-board"),
        *("--for", "portfolio-holder,director-cyp,vcs", "--against", "schools"),
    ],
    ["vote", "wirral", "board", "--for", "lead-member", "--against", "dcs"],
    ["escalate", "suffolk", "strategic-board"],
    ["escalate", "rutland", "board"],
    ["eligible", "suffolk", "ccsg", "cluster-development-coordinator"],
    ["show", "suffolk"],
    ["show", "cumbria", "cypb"],
    ["check", str(EXAMPLES / "suffolk-board-2010-03-01.yaml")],
    ["check", str(EXAMPLES / "rutland-executive-too-soon.yaml")],
    ["audit", "suffolk", str(EXAMPLES / "suffolk-2010")],
    ["diff", "suffolk", str(ROOT / "trusts" / "suffolk.yaml")],
    ["validate", str(ROOT / "trusts" / "wirral.yaml")],
    ["test", str(ROOT / "tests" / "scenarios" / "durham.yaml")],
    ["fmt", "--check", str(ROOT / "trusts" / "suffolk.yaml")],
    ["test", "--coverage", str(ROOT / "tests" / "scenarios" / "suffolk.yaml")],
    [
        *("coverage", str(ROOT / "tests" / "fixtures" / "sources" / "model.yaml")),
        *("--source", str(ROOT / "tests" / "fixtures" / "sources" / "model.txt")),
    ],
]


@pytest.mark.parametrize("args", ANSWERS, ids=lambda a: " ".join(a[:3]))
def test_every_commands_answer_follows_the_schema(
    validator: Draft202012Validator, args: list[str]
) -> None:
    status, data = _json(*args)
    assert status != 2, data
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []
    assert data["question"] == args[0]


def test_the_schema_covers_every_command_with_json_output() -> None:
    from govrules.interfaces.cli import cli as group

    with_json = {
        name
        for name, command in group.commands.items()
        for p in command.params
        if p.name == "fmt" and "json" in getattr(p.type, "choices", ())
    }
    assert with_json == set(QUESTIONS)
    assert {a[0] for a in ANSWERS} == set(QUESTIONS)


ERRORS = [
    ["quorum", "suffolk", "nope", "--count", "3"],
    ["quorum", "suffolk"],
    ["vote", "suffolk", "strategic-board", "--chair-casts", "maybe"],
    ["check", str(ROOT / "examples" / "suffolk-board-bad-record.yaml")],
    ["show", str(ROOT / "no-such-trust.yaml")],
]


@pytest.mark.parametrize("args", ERRORS, ids=lambda a: " ".join(a[:3]))
def test_every_error_document_follows_the_schema(
    validator: Draft202012Validator, args: list[str]
) -> None:
    status, data = _json(*args)
    assert status == 2
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["answer"] == "error"


def test_the_schema_refuses_what_the_contract_forbids(validator: Draft202012Validator) -> None:
    _, vote = _json(
        "vote", "suffolk", "strategic-board", "--for", "portfolio-holder", "--against", "vcs"
    )
    assert validator.is_valid(vote)
    assert not validator.is_valid({**vote, "required": "1 of 2"})  # numbers are numbers
    _, found = _json("validate", str(ROOT / "trusts" / "suffolk.yaml"))
    assert validator.is_valid(found)
    finding = dict(found["findings"][0])
    del finding["text"]
    assert not validator.is_valid({**found, "findings": [finding]})
    assert not validator.is_valid({"answer": "error", "error": {"file": None}})
    assert not validator.is_valid({**vote, "question": "quorum"})
