"""The facts a question may lack are worded through one declared vocabulary
(:mod:`govrules.evaluating.lacking`): a question names its options, as before."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules.evaluating import lacking
from govrules.evaluating.lacking import FACTS
from govrules.evaluating.meetings import Decision, MeetingRecord
from govrules.evaluating.questions import QUESTIONS
from govrules.language.schema import Trust
from tests.builders import trust_of
from tests.clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHOOL = EXAMPLES / "public-sector" / "school-governing-body.yaml"
JOINT = EXAMPLES / "public-sector" / "joint-committee.yaml"
OPTION = re.compile(r"--[a-z]")

# --- the records and the questions ---------------------------------------------------------


def _co_opted(quorum: dict[str, Any], base: str) -> Trust:
    """Four members and up to two co-opted: how many places are filled is a fact."""
    seats = [
        {"id": "m", "title": "M", "count": 4},
        {"id": "co", "title": "C", "count": 2, "up_to": True},
    ]
    voting = {"threshold": {"more_than": "1/2"}, "base": base, "source": "2"}
    return trust_of(
        {"id": "board", "name": "Board", "seats": seats, "quorum": quorum, "voting": voting}
    )


SHARE = {"at_least": "1/2", "inquorate_decisions": "void", "source": "1"}
NUMBER = {"number": 2, "inquorate_decisions": "void", "source": "1"}


def _tie() -> Trust:
    voting = {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "casting_vote": "chair-has",
        "casting_source": "5.3",
        "source": "5.1",
    }
    seats = [{"id": s, "title": s.upper()} for s in "abcd"]
    quorum = {"number": 3, "source": "4"}
    return trust_of(
        {"id": "board", "name": "Board", "seats": seats, "quorum": quorum, "voting": voting}
    )


# --- a question keeps its options -------------------------------------------------------------


def test_the_command_lines_quorum_and_vote_keep_their_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    school = [str(SCHOOL), "governing-body"]
    present = "parent,parent,parent,authority,authority,head,community"
    _, out, _ = run_cli(capsys, "quorum", *school, "--present", present)
    assert (
        "The quorum is a share of the seats filled, and with every seat filled this is not "
        "enough: give the vacancies (--vacancies) to settle it." in out
    )
    votes = ["--for", "parent,parent,parent,authority,authority,community", "--abstain", "head"]
    _, out, _ = run_cli(capsys, "vote", *school, *votes)
    assert "So whether the decision binds turns on what the question leaves out (give " in out
    assert "(give --vacancies)." in out

    rutland = ["rutland", "executive", "--procedure", "conflict-resolution"]
    cast = ["--for", "dcs,deputy-chief-constable", "--against", "nhs-provider-services"]
    who = ["--present", "dcs,nhs-provider-services,deputy-chief-constable,schools,probation-trust"]
    _, out, _ = run_cli(capsys, "vote", *rutland, *cast, *who, "--implementer", "none")
    assert "name the partners it affects (`none` for nobody)" in out
    assert (
        "and the question does not describe the matter: give --affects, `none` for nobody." in out
    )
    _, out, _ = run_cli(capsys, "vote", *rutland, *cast, *who, "--affects", "none")
    assert "name who implements it (`none` for nobody)" in out
    assert "and the question does not describe the matter: give --implementer." in out

    joint = [
        str(JOINT),
        "committee",
        "--for",
        "north-member,north-member,south-member,south-member",
    ]
    _, out, _ = run_cli(capsys, "vote", *joint, "--against", "east-member")
    assert (
        "The answer depends on the kind of matter, which the question does not say (give "
        "--matter, `none` for a matter of no declared kind)" in out
    )


def test_the_librarys_quorum_and_vote_keep_their_options() -> None:
    up_to = _co_opted(SHARE, "votes-cast")
    said = _texts(govrules.quorum(up_to, "board", present=["m", "m"]))
    assert (
        "With none of them filled, 2 of 4 would be needed: name the places not filled "
        "(--vacant; --vacancies 0 for none) to settle it." in said
    )
    counted = _co_opted(NUMBER, "voting-members")
    said = _texts(govrules.vote(counted, "board", for_=["m"] * 3, against=[]))
    assert any(
        line.endswith("changes the outcome: name the places not filled (--vacant; --vacancies 0 "
                      "for none).")
        for line in said
    )  # fmt: skip
    tied = govrules.vote(_tie(), "board", for_=["a", "b"], against=["c", "d"])
    assert (
        "A tie: the chair has a second and casting vote, not yet recorded (give --chair-casts)."
        in _texts(tied)
    )


def _texts(answer: Any) -> list[str]:
    return [r.text for r in answer.explanation]


# --- the vocabulary -------------------------------------------------------------------------------


def test_each_fact_is_an_option_of_a_question_and_a_field_of_a_record() -> None:
    flags = {flag for q in QUESTIONS for a in q.arguments for flag in a.flags}
    fields = {f.alias or n for n, f in MeetingRecord.model_fields.items()}
    fields |= {f.alias or n for n, f in Decision.model_fields.items()}
    for option, fact in FACTS.items():
        assert option == fact.option and option in flags
        assert fact.field in fields
        assert option in fact.asked and not OPTION.search(fact.recorded)
        assert f"`{fact.field}`" in fact.recorded
    with lacking.for_records():
        assert [lacking.named(o) for o in FACTS] == [
            f"{f.what} ({f.recorded})" for f in FACTS.values()
        ]
        assert lacking.record_fields(FACTS) == [f.field for f in FACTS.values()]
        assert (lacking.asker(), lacking.nobody()) == ("the record", "`[]`")
    assert [lacking.named(o) for o in FACTS] == [f"{f.what} ({f.asked})" for f in FACTS.values()]
    assert (lacking.asker(), lacking.nobody()) == ("the question", "`none`")


# Not an answer's words: which fields of the format no answer reads, and why.
NOT_ANSWERS = {"kinds.py", "lacking.py", "questions.py"}


def test_no_explanation_spells_an_option_but_through_the_vocabulary() -> None:
    # Every line of an answer that asks for a fact words it by `lacking`, so a record's check
    # can name its field instead: no string of running text in the evaluators spells an
    # option itself. Docstrings and refusals (`QueryError`, which a record's check refuses
    # before) are not lines of an answer.
    spelled = []
    for path in sorted((ROOT / "govrules" / "evaluating").glob("*.py")):
        if path.name in NOT_ANSWERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                exempt.add(id(node.value))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QueryError":
                exempt |= {id(n) for n in ast.walk(node)}
        spelled += [
            f"{path.name}:{node.lineno}: {node.value}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in exempt
            and " " in node.value
            and OPTION.search(node.value)
        ]
    assert spelled == []
