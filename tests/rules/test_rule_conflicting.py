"""Another clause stating a rule otherwise (``conflicting``): every answer that reads the rule
is ``unspecified`` and names the clause, unless readings written for the conflict settle it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import builders
import pytest
import yaml
from clirun import run_cli

import govrules
from govrules import Answer

CONFLICT = [{"source": "9", "note": "clause 9 states the rule otherwise"}]
SEATS = [{"id": s, "title": s.title()} for s in ("alpha", "beta", "gamma", "observer")]
QUORUM = {"number": 3, "source": "2"}
VOTING = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "3"}
PROCEDURE = {"id": "disputes", "name": "Disputes", "steps": [{"action": "Meet"}], "source": "8"}


def board(**conflicting: bool) -> dict[str, Any]:
    """The board, its rules named in ``conflicting`` stated otherwise by clause 9."""
    rules: dict[str, Any] = {
        "quorum": QUORUM,
        "voting": VOTING,
        "substitutes": {"allowed": True, "votes": False, "counts_for_quorum": False, "source": "4"},
        "interests": {"withdraws": False, "may_vote": True, "source": "5"},
    }
    for name in conflicting:
        rules[name] = {**rules[name], "conflicting": CONFLICT}
    return {"id": "board", "name": "The Board", "seats": SEATS, **rules}


def trust(*, procedure: bool = False, gaps: tuple[dict[str, Any], ...] = (), **rules: bool) -> Any:
    proc = {**PROCEDURE, "conflicting": CONFLICT} if procedure else PROCEDURE
    return builders.trust_of(board(**rules), procedures=(proc,), gaps=list(gaps))


def clauses(answer: Answer) -> list[str]:
    return [r.source.clause for r in answer.explanation if r.source is not None]


def quorum(t: Any) -> Answer:
    return govrules.quorum(t, "board", count=4)


def vote(t: Any) -> Answer:
    return govrules.vote(t, "board", for_=["alpha", "beta", "gamma"], against=["observer"])


def voters(t: Any) -> Answer:
    return govrules.voters(t, "board")


def escalate(t: Any) -> Answer:
    return govrules.escalate(t, "board")


@pytest.mark.parametrize(
    ("ask", "rule", "settled"),
    [
        (quorum, "quorum", "quorate"),
        (vote, "voting", "carried"),
        (vote, "quorum", "carried"),  # the vote's effect turns on the quorum
        (voters, "voting", "determined"),
        (escalate, "procedure", "determined"),
    ],
)
def test_a_conflicting_clause_unsettles_every_answer_that_reads_the_rule(
    ask: Any, rule: str, settled: str
) -> None:
    assert ask(trust()).answer == settled
    got = ask(trust(**{rule: True}))
    assert got.answer == "unspecified"
    assert "9" in clauses(got)


@pytest.mark.parametrize(
    ("ask", "rule"),
    [(quorum, "voting"), (voters, "quorum"), (escalate, "voting"), (quorum, "procedure")],
)
def test_an_answer_that_does_not_read_the_rule_is_unaffected(ask: Any, rule: str) -> None:
    got = ask(trust(**{rule: True}))
    assert got.answer == ask(trust()).answer and got.answer != "unspecified"
    assert "9" not in clauses(got)


def test_a_vote_unsettled_by_a_conflict_has_no_effect_to_report() -> None:
    got = govrules.vote(
        trust(voting=True), "board", for_=["alpha", "beta", "gamma"], against=["observer"]
    )
    assert (got.answer, got.effect, got.binding) == ("unspecified", "unspecified", None)


def test_a_missing_fact_comes_before_the_conflict() -> None:
    # Whether the quorum is met turns on whether `alpha` attended: complete the question
    # first, the conflict still named.
    t = builders.trust_of(
        {
            **board(),
            "quorum": {**QUORUM, "must_include": [{"seats": ["alpha"]}], "conflicting": CONFLICT},
        }
    )
    got = govrules.quorum(t, "board", count=3)
    assert (got.answer, got.needs) == ("incomplete", ("--present",))
    assert "9" in clauses(got)


# The conflict written as readings of the rule (a `conflict` gap whose readings are what
# clause 9 says): the readings decide, and agree on some questions.
AS_READINGS = (
    {
        "kind": "conflict",
        "subject": "board.quorum.number",
        "note": "clause 9 has a quorum of four",
        "source": "9",
        "readings": [{"value": 4, "note": "four, as clause 9 says"}],
    },
)


@pytest.mark.parametrize(
    ("count", "answer"), [(4, "quorate"), (3, "unspecified"), (2, "inquorate")]
)
def test_readings_of_the_conflict_settle_what_they_agree_on(count: int, answer: str) -> None:
    got = govrules.quorum(trust(quorum=True, gaps=AS_READINGS), "board", count=count)
    assert got.answer == answer
    assert sorted(r.answer for r in got.readings) == sorted(
        ["quorate" if count >= 3 else "inquorate", "quorate" if count >= 4 else "inquorate"]
    )


def test_readings_of_something_else_under_the_rule_do_not_weigh_the_conflict() -> None:
    # Whether `observer` votes is open (a gap with readings under the voting rule), but that
    # is not what clause 9 says of the rule: the conflict stands, in the vote and in a
    # record of it, though `observer` takes no part.
    open_vote = {
        "kind": "unspecified",
        "subject": "board.voting.exceptions.observer.votes",
        "note": "whether the observer votes is not said",
        "source": "3",
        "readings": [{"value": False, "note": "the observer does not vote"}],
    }
    voting = {**VOTING, "exceptions": [{"seat": "observer", "votes": True, "source": "3"}]}
    rules = {**board(voting=True), "voting": {**voting, "conflicting": CONFLICT}}
    t = builders.trust_of(rules, procedures=(PROCEDURE,), gaps=[open_vote])
    got = govrules.vote(t, "board", for_=["alpha", "beta"], against=["gamma"])
    assert got.answer == "unspecified" and "9" in clauses(got)
    record = {
        **MEETING,
        "decisions": [{"motion": "M", "for": ["alpha", "beta"], "against": ["gamma"]}],
    }
    checked = govrules.check(record, trust=t)
    assert checked.answer == "unspecified"
    (decided,) = checked.decisions
    assert decided.vote is not None and "9" in clauses(decided.vote)


def test_readings_written_for_another_clause_do_not_weigh_the_conflict() -> None:
    # A conflict gap under the quorum, but for clause 8 (what an inquorate decision is
    # worth): clause 9's number is not weighed by it, and still unsettles the quorum.
    for_clause_8 = {
        "kind": "conflict",
        "subject": "board.quorum.inquorate_decisions",
        "note": "clause 8 makes decisions of an inquorate meeting void",
        "source": "8",
        "readings": [{"value": "void"}],
    }
    got = quorum(trust(quorum=True, gaps=(for_clause_8,)))
    assert got.answer == "unspecified" and "9" in clauses(got)


MEETING = {"body": "board", "date": "2024-03-10", "attendees": ["alpha", "beta", "gamma"]}


def test_a_meeting_with_a_substitute_is_unsettled_by_a_conflict_on_substitutes() -> None:
    record = {
        **MEETING,
        "attendees": ["alpha", "beta", "gamma", "observer"],
        "substitutes": ["alpha"],
    }
    assert govrules.check(record, trust=trust()).answer == "valid"
    got = govrules.check(record, trust=trust(substitutes=True))
    assert got.answer == "unspecified"
    assert [f.severity for f in got.findings if f.source and f.source.clause == "9"] == [
        "unspecified"
    ]
    # Without a substitute the rule is not read.
    assert govrules.check(MEETING, trust=trust(substitutes=True)).answer == "valid"


def test_a_declared_interest_is_unsettled_by_a_conflict_on_interests() -> None:
    decision = {"motion": "Adopt", "interests": ["gamma"], "for": ["alpha", "beta", "gamma"]}
    record = {**MEETING, "decisions": [decision]}
    assert govrules.check(record, trust=trust()).answer == "valid"
    got = govrules.check(record, trust=trust(interests=True))
    assert got.answer == "unspecified"
    assert [
        (f.severity, f.decision) for f in got.findings if f.source and f.source.clause == "9"
    ] == [("unspecified", 0)]
    undeclared = {**record, "decisions": [{**decision, "interests": []}]}
    assert govrules.check(undeclared, trust=trust(interests=True)).answer == "valid"


def test_the_command_line_exits_3_and_names_the_clause(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "rules.yaml"
    data = {"id": "rules", "name": "Rules", "document": {"title": "Rules"}}
    path.write_text(yaml.safe_dump({**data, "bodies": [board(quorum=True)]}), encoding="utf-8")
    code, out, _ = run_cli(capsys, "quorum", str(path), "board", "--count", "4", "--format", "json")
    got = json.loads(out)
    assert (code, got["answer"]) == (3, "unspecified")
    assert "9" in [r["source"]["clause"] for r in got["explanation"] if r.get("source")]


def _every_contradiction(value: object) -> bool:
    """Brute force: every model and tuple walked, no class pruned."""
    from pydantic import BaseModel

    from govrules.language.schema import Office, Rule

    if isinstance(value, Rule) and not isinstance(value, Office) and value.conflicting:
        return True
    if isinstance(value, tuple):
        return any(_every_contradiction(v) for v in value)
    if isinstance(value, BaseModel):
        return any(_every_contradiction(getattr(value, n)) for n in type(value).model_fields)
    return False


def test_a_trust_with_no_contradiction_is_told_apart_without_walking_every_model(
    tmp_path: Path,
) -> None:
    # The once-per-trust answer that spares the look-up of contradictions agrees with a walk
    # of every model, on every bundled trust and example, and on a contradiction that lies
    # only in a procedure step's vote.
    from govrules.evaluating.readings import _contradicted_anywhere

    root = Path(__file__).resolve().parents[2]
    paths = [*sorted((root / "trusts").glob("*.yaml")),
             *sorted((root / "examples" / "public-sector").glob("*.yaml"))]  # fmt: skip
    for path in paths:
        trust = govrules.load(path)
        assert _contradicted_anywhere(trust) == _every_contradiction(trust), path
    data = yaml.safe_load((root / "examples" / "public-sector" / "federation.yaml").read_text())
    data["procedures"][0]["steps"][1]["vote"]["conflicting"] = [{"source": "6.9", "note": "x"}]
    trust = govrules.load(data)
    assert _contradicted_anywhere(trust) and _every_contradiction(trust)
    ayes, noes = ["headteacher", "la-governor"], ["staff-governor"]
    a = govrules.vote(
        trust, "governing-body", ayes, noes, procedure="federation", step=2, vacancies=0
    )
    assert a.answer == "unspecified"
    assert any("6.9 says otherwise" in r.text for r in a.explanation)
