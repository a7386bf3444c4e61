"""A meeting record's check asks for what the record lacks by the record's fields, never by
the command line's options (which its author cannot give); a question keeps its options.

Both read one declared vocabulary (:mod:`govrules.evaluating.lacking`): each case below is a
real record that lacks one fact, checked as the library, the command line, ``audit`` and the
web page show it, beside the question that lacks the same fact, whose words are unchanged.
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import pytest
import yaml

import govrules
from govrules.evaluating import lacking
from govrules.evaluating.lacking import FACTS
from govrules.evaluating.meetings import Decision, MeetingRecord
from govrules.evaluating.questions import QUESTIONS
from govrules.language.schema import Trust
from govrules.presenting.render import render_text
from tests.builders import trust_of
from tests.clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHOOL = EXAMPLES / "public-sector" / "school-governing-body.yaml"
JOINT = EXAMPLES / "public-sector" / "joint-committee.yaml"
OPTION = re.compile(r"--[a-z]")

# --- the records and the questions ---------------------------------------------------------


def _school(**more: Any) -> dict[str, Any]:
    """Seven of 18 governors, a quorum of half those in office: the vacancies decide it."""
    return {
        "trust": str(SCHOOL),
        "body": "governing-body",
        "date": "2026-03-10",
        "attendees": ["parent"] * 3 + ["authority"] * 2 + ["head", "community"],
        "decisions": [
            {
                "motion": "Approve the school budget for 2026-27",
                "for": ["parent"] * 3 + ["authority"] * 2 + ["community"],
                "abstain": ["head"],
            }
        ],
        **more,
    }


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


def _board(**more: Any) -> dict[str, Any]:
    return {"body": "board", "date": "2026-03-10", **more}


def _rutland(*left_out: str) -> dict[str, Any]:
    """Appendix A (e): a partner votes if the matter affects it or it implements it."""
    record: dict[str, Any] = yaml.safe_load(
        (EXAMPLES / "rutland-executive-too-soon.yaml").read_text()
    )
    for key in left_out:
        del record["decisions"][0][key]
    record["decisions"][0]["objection_date"] = "2010-02-26"  # in time
    return record


def _joint() -> dict[str, Any]:
    """The joint committee's quorum differs on a change to the constitution."""
    return {
        "trust": str(JOINT),
        "body": "committee",
        "date": "2026-03-01",
        "attendees": ["north-member"] * 2 + ["south-member"] * 2 + ["east-member"],
        "decisions": [
            {
                "motion": "Amend the standing orders",
                "for": ["north-member"] * 2 + ["south-member"] * 2,
                "against": ["east-member"],
            }
        ],
    }


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


class Case(NamedTuple):
    fact: str
    """The option a question lacks, for the field the record lacks."""
    record: dict[str, Any]
    trust: Trust | None
    needs: tuple[str, ...]
    """The fields the record's check needs."""
    said: tuple[str, ...]
    """Lines of the record's check (its findings, or a decision's explanation)."""


CASES = {
    "vacancies": Case(
        "--vacancies",
        _school(),
        None,
        ("vacancies",),
        (
            "The quorum is a share of the seats filled, and with every seat filled this is not "
            "enough: give the vacancies (`vacancies` or `vacant`) to settle it.",
            "So whether the decision binds turns on what the record leaves out (give "
            "`vacancies` or `vacant`).",
        ),
    ),
    "vacant-quorum": Case(
        "--vacant",
        _board(attendees=["m", "m"], decisions=[{"motion": "M", "for": ["m", "m"]}]),
        _co_opted(SHARE, "votes-cast"),
        ("vacant",),
        (
            "With none of them filled, 2 of 4 would be needed: name the places not filled "
            "(`vacant`, or `vacancies: 0` for none) to settle it.",
            "So whether the decision binds turns on what the record leaves out (give "
            "`vacant`, or `vacancies: 0` for none).",
        ),
    ),
    "vacant-count": Case(
        "--vacant",
        _board(attendees=["m"] * 3, decisions=[{"motion": "M", "for": ["m"] * 3}]),
        _co_opted(NUMBER, "voting-members"),
        ("vacant",),
        (
            "A resolution needs a share of every voting member, and seats of up to some number "
            "of places count those filled: co (up to 2); how many are filled changes the "
            "outcome: name the places not filled (`vacant`, or `vacancies: 0` for none).",
        ),
    ),
    "matter": Case(
        "--matter",
        _joint(),
        None,
        ("matter",),
        (
            "The answer depends on the kind of matter, which the record does not say (give "
            "`matter`, `none` for a matter of no declared kind)",
        ),
    ),
    "affects": Case(
        "--affects",
        _rutland("affects"),
        None,
        ("affects",),
        (
            "the matter is not described: name the partners it affects (`[]` for nobody).",
            "and the record does not describe the matter: give `affects`, `[]` for nobody.",
        ),
    ),
    "implementers": Case(
        "--implementer",
        _rutland("implementers"),
        None,
        ("implementers",),
        (
            "the matter is not described: name who implements it (`[]` for nobody).",
            "and the record does not describe the matter: give `implementers`.",
        ),
    ),
    "both": Case(
        "--affects",
        _rutland("affects", "implementers"),
        None,
        ("affects", "implementers"),
        (
            "name the partners it affects or who implement it (`[]` for nobody).",
            "and the record does not describe the matter: give `affects` or `implementers`, "
            "`[]` for nobody.",
        ),
    ),
    "chair_casts": Case(
        "--chair-casts",
        _board(
            attendees=["a", "b", "c", "d"],
            decisions=[{"motion": "M", "for": ["a", "b"], "against": ["c", "d"]}],
        ),
        _tie(),
        (),
        ("A tie: the chair has a second and casting vote, not yet recorded (give `chair_casts`).",),
    ),
}


def _lines(answer: dict[str, Any]) -> list[str]:
    """Every line a check's (or an audit's) JSON shows: findings, explanations, and each
    decision's explanation."""
    lines = [f["text"] for f in answer.get("findings", [])]
    lines += [r["text"] for r in answer.get("explanation", [])]
    for d in answer.get("decisions", []):
        lines += [r["text"] for r in d.get("explanation", [])]
    return lines


def _check(case: Case) -> govrules.CheckAnswer:
    return govrules.check(case.record, trust=case.trust)


# --- the record's check names its fields -----------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_a_records_check_names_the_records_fields_never_an_option(name: str) -> None:
    case = CASES[name]
    answer = _check(case)
    assert answer.needs == case.needs
    lines = _lines(answer.to_dict())
    for said in case.said:
        assert any(said in line for line in lines), (said, lines)
    assert [line for line in lines if OPTION.search(line)] == []
    assert not OPTION.search(render_text(answer.to_dict()))


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.trust is not None])
def test_a_check_after_questions_on_the_same_trust_still_names_the_fields(name: str) -> None:
    # What a trust keeps of its questions (each body's table of rights, the readings' lines)
    # holds no line worded for a question: asked first, the record's check still names its
    # fields.
    case = CASES[name]
    trust, record = case.trust, case.record
    assert trust is not None
    for decision in record.get("decisions", []):
        with contextlib.suppress(govrules.QueryError):
            govrules.vote(
                trust,
                record["body"],
                for_=decision.get("for", []),
                against=decision.get("against", []),
                abstain=decision.get("abstain", []),
            )
    with contextlib.suppress(govrules.QueryError):
        govrules.quorum(trust, record["body"], present=record["attendees"])
    lines = _lines(_check(case).to_dict())
    assert [line for line in lines if OPTION.search(line)] == []


def test_the_command_line_check_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "record.yaml"
    path.write_text(yaml.safe_dump(_school()), encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", str(path))
    assert code == 4
    assert "Needs: vacancies (the record lacks these fields)" in out
    assert "give the vacancies (`vacancies` or `vacant`) to settle it." in out
    assert "--" not in out
    code, out, _ = run_cli(capsys, "check", str(path), "--format", "json")
    assert not [line for line in _lines(json.loads(out)) if OPTION.search(line)]


def test_an_audit_of_the_records_names_no_option() -> None:
    case = CASES["vacancies"]
    school = govrules.load(SCHOOL)
    audit = govrules.audit(school, [case.record])
    assert (audit.answer, audit.needs) == ("incomplete", ("vacancies",))
    assert not OPTION.search(render_text(audit.to_dict()))
    # An invalid meeting's errors are the audit's own finding, as the check words them.
    held = _school(vacancies=0)
    audit = govrules.audit(school, [held])
    assert [line for line in _lines(audit.to_dict()) if OPTION.search(line)] == []


def test_the_record_page_shows_the_records_fields() -> None:
    pytest.importorskip("fastapi")
    from govrules.interfaces.web import _check_record

    class Served:
        trusts: ClassVar[dict[str, Trust]] = {"rutland": govrules.load("rutland")}

    text = yaml.safe_dump(_rutland("affects"))
    shown = _check_record(Served(), text, "record.yaml")
    assert shown["error"] is None
    lines = _lines(shown["answer"])
    assert any("give `affects`, `[]` for nobody" in line for line in lines)
    assert [line for line in lines if OPTION.search(line)] == []


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


def test_a_question_after_a_check_names_its_options_again() -> None:
    tied = _tie()

    def ask() -> list[str]:
        return _texts(govrules.vote(tied, "board", for_=["a", "b"], against=["c", "d"]))

    before = ask()
    _check(CASES["chair_casts"])
    with pytest.raises(govrules.QueryError), lacking.for_records():
        raise govrules.QueryError("refused")  # left by an error, the wording is restored
    assert ask() == before and any("(give --chair-casts)" in line for line in before)


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


def test_an_option_the_vocabulary_does_not_declare_is_named_as_it_is() -> None:
    # Worded mid-answer: an undeclared option is said as given, not refused with a traceback.
    assert (lacking.how("--step"), lacking.named("--step")) == ("--step", "--step")
    with lacking.for_records():
        assert lacking.how("--vacancies") == "`vacancies` or `vacant`"
        assert lacking.how("--step") == "--step"
