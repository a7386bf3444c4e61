"""`show --format json` carries each rule in structured form next to its prose: the rule as
the trust file writes it, which reads back into the same rule and follows the answer schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from builders import trust_of
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import govrules
from govrules.interfaces.cli import cli
from govrules.language.schema import Meetings, Office, Procedure, Quorum, Substitutes, Voting
from govrules.presenting.answerschema import answer_schema

BUNDLED = ("rutland", "wirral", "durham", "cumbria", "suffolk")
CONTRACT_KEYS = {"id", "name", "seats", "members_total", "chair", "quorum", "voting"}

PARTNERS = ({"id": "north", "name": "North"}, {"id": "south", "name": "South"})
BOARD = {
    "id": "board",
    "name": "Joint Board",
    "seats": [
        {"id": "north", "title": "North member", "partner": "north", "count": 3},
        {"id": "south", "title": "South member", "partner": "south", "count": 2},
    ],
    "chair": {"seat": "north", "source": "3.1"},
    "quorum": {
        "more_than": "1/2",
        "minimum": 3,
        "rounding": "up",
        "must_include": [{"partner": "south"}],
        "inquorate_decisions": "void",
        "source": {"clause": "4.1", "quote": "More than half, with South present."},
    },
    "voting": {
        "threshold": {"at_least": "2/3"},
        "base": "present",
        "casting_vote": "chair-has",
        "exceptions": [{"seat": "south", "votes": False, "source": "5.3"}],
        "source": "5.1",
    },
}
PROCEDURE = {
    "id": "disputes",
    "name": "Disputes",
    "steps": [
        {"action": "Officers meet", "max_days": 10, "working_days": True, "source": "7.1"},
        {"action": "The board decides", "body": "board", "final": True, "source": "7.2"},
    ],
    "routes": [{"from": "board", "to": "board", "optional": True}],
    "final_arbiter": "board",
}


def _json(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, ["show", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(answer_schema())


def test_structured_rules_sit_next_to_the_prose() -> None:
    trust = trust_of(BOARD, partners=PARTNERS, procedures=(PROCEDURE,))
    body = govrules.show(trust).to_dict()["bodies"][0]
    assert set(body) >= CONTRACT_KEYS
    assert "must include" in body["quorum"]["text"]  # the prose stays
    q = body["quorum_rule"]
    assert (q["status"], q["more_than"], q["minimum"], q["rounding"]) == ("stated", "1/2", 3, "up")
    assert "at_least" not in q and "number" not in q  # unset fields are left out
    assert q["must_include"] == [{"seats": [], "partner": "south", "classes": [], "at_least": 1}]
    assert q["inquorate_decisions"] == "void"
    assert q["source"] == {"clause": "4.1", "quote": "More than half, with South present."}
    v = body["voting_rule"]
    assert (v["threshold"], v["base"], v["casting_vote"]) == (
        {"at_least": "2/3", "unanimous": False},
        "present",
        "chair-has",
    )
    assert v["exceptions"] == [
        {"seat": "south", "votes": False, "matters": [], "source": {"clause": "5.3"}}
    ]
    assert v["source"] == {"clause": "5.1"}  # the short form, as an object
    assert body["chair_rule"]["seat"] == "north"
    assert body["vice_chair_rule"] is None and body["substitutes_rule"] is None


def test_a_procedure_carries_its_steps_and_routes_structured() -> None:
    trust = trust_of(BOARD, partners=PARTNERS, procedures=(PROCEDURE,))
    proc = govrules.show(trust).to_dict()["procedures"][0]
    assert len(proc["steps"]) == len(proc["rule"]["steps"]) == 2
    first = proc["rule"]["steps"][0]
    assert (first["max_days"], first["working_days"]) == (10, True)
    assert proc["rule"]["routes"] == [
        {
            "from": "board",
            "to": "board",
            "optional": True,
            "working_days": False,
            "clear_days": False,
        }
    ]
    assert proc["rule"]["final_arbiter"] == "board"


@pytest.mark.parametrize("name", BUNDLED)
def test_each_structured_rule_reads_back_into_the_same_rule(name: str) -> None:
    trust = govrules.load(name)
    status, data = _json(name)
    assert status == 0
    assert data == json.loads(json.dumps(govrules.show(trust).to_dict()))  # CLI = library
    for shown, body in zip(data["bodies"], trust.bodies, strict=True):
        assert set(shown) >= CONTRACT_KEYS
        for key, model, rule in (
            ("quorum_rule", Quorum, body.quorum),
            ("voting_rule", Voting, body.voting),
            ("chair_rule", Office, body.chair),
            ("vice_chair_rule", Office, body.vice_chair),
            ("meets_rule", Meetings, body.meets),
            ("substitutes_rule", Substitutes, body.substitutes),
        ):
            got = shown[key]
            assert (got is None) == (rule is None), key
            if got is not None:
                assert model.model_validate(got) == rule, (body.id, key)
    for shown_proc, proc in zip(data["procedures"], trust.procedures, strict=True):
        assert Procedure.model_validate(shown_proc["rule"]) == proc


@pytest.mark.parametrize("name", BUNDLED)
def test_show_json_follows_the_answer_schema(validator: Draft202012Validator, name: str) -> None:
    _, data = _json(name)
    assert [e.message for e in validator.iter_errors(data)] == []


def test_the_schema_checks_the_structured_rules(validator: Draft202012Validator) -> None:
    data = govrules.show(trust_of(BOARD, partners=PARTNERS, procedures=(PROCEDURE,))).to_dict()
    assert validator.is_valid(data)
    body = data["bodies"][0]

    def with_quorum(**change: Any) -> dict[str, Any]:
        return {**data, "bodies": [{**body, "quorum_rule": {**body["quorum_rule"], **change}}]}

    assert not validator.is_valid(with_quorum(inquorate_decisions="maybe"))
    assert not validator.is_valid(with_quorum(quorate_when="always"))  # no such field
    assert not validator.is_valid({**data, "bodies": [{**body, "quorum": "half"}]})
    proc = data["procedures"][0]
    bad = {**proc, "rule": {**proc["rule"], "steps": [{"max_days": 3}]}}  # a step needs action
    assert not validator.is_valid({**data, "procedures": [bad]})
