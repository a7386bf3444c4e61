"""Every question is declared once (govrules/evaluating/questions.py), and every surface that
asks or answers questions agrees with the declarations: a question added to the command line,
the HTTP service, the scenario runner, the answer schemas or the library and not declared
fails here."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import click
import pytest
from clirun import run_cli

import govrules
from govrules.authoring import scenarios
from govrules.evaluating.questions import (
    LIBRARY_TOOLS,
    QUESTIONS,
    STAGES,
    TOOLS,
    Meaning,
    Question,
    bind,
    question,
)
from govrules.interfaces import cli as cli_module
from govrules.interfaces.cli import cli, exit_status
from govrules.presenting import render
from govrules.presenting.answerschema import QUESTIONS as ANSWER_SCHEMAS
from govrules.presenting.meaning import EXIT, answer_status

# The parameters every command asked of a trust has besides the question's own arguments.
TRUST_PARAMETERS = {"trust", "body", "as_of", "max_bytes", "max_nodes", "fmt"}


def undeclared(names: Iterable[str], declared: Iterable[str]) -> set[str]:
    return set(names) - set(declared)


def test_every_command_is_a_declared_question_or_tool() -> None:
    asked = {q.name for q in QUESTIONS if q.cli}
    assert undeclared(cli.commands, asked | set(TOOLS)) == set()
    assert asked | set(TOOLS) <= set(cli.commands)
    assert set(TOOLS).isdisjoint(asked)


def test_a_command_added_without_its_declaration_is_caught() -> None:
    # The check above must be able to fail.
    group = click.Group(commands=dict(cli.commands))
    group.add_command(click.Command("quorate-twice"))
    asked = {q.name for q in QUESTIONS if q.cli}
    assert undeclared(group.commands, asked | set(TOOLS)) == {"quorate-twice"}


def test_every_endpoint_answers_a_declared_question() -> None:
    pytest.importorskip("fastapi")
    from govrules.interfaces.serve import _COMMANDS, build_app

    paths = build_app().openapi()["paths"]
    posted = {path.strip("/") for path, methods in paths.items() if "post" in methods}
    assert posted == {q.name for q in QUESTIONS if q.http} == set(_COMMANDS)


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.subject != "other"], ids=lambda q: q.name)
def test_a_question_commands_options_are_its_declared_arguments(q: Question) -> None:
    command = cli.commands[q.name]
    own = [p for p in command.params if p.name not in TRUST_PARAMETERS]
    declared = [a for a in q.arguments if a.flags or a.positional]
    assert [p.name for p in own] == [a.param for a in declared]
    for param, argument in zip(own, declared, strict=True):
        assert isinstance(param, click.Argument) == argument.positional
        if isinstance(param, click.Option):
            assert tuple(param.opts) == argument.flags
            assert param.help == argument.help
    body = next(p for p in command.params if p.name == "body")
    assert body.required == (q.subject == "body")


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.http], ids=lambda q: q.name)
def test_each_request_has_the_declared_arguments(q: Question) -> None:
    pytest.importorskip("fastapi")
    from govrules.interfaces.serve import _ASKS, _COMMANDS

    fields = set(_COMMANDS[q.name].model_fields)
    if q.subject == "other":
        assert q.name in _ASKS  # its request is read by a function of its own
        return
    assert q.name not in _ASKS
    assert fields == {"trust", "body"} | {a.field for a in q.arguments}


def test_the_scenario_runner_asks_the_declared_questions() -> None:
    asked = [q.name for q in QUESTIONS if q.scenario]
    assert list(scenarios._ARGS) == asked
    schema = scenarios.json_schema()
    assert schema["properties"]["cases"]["items"]["properties"]["question"]["enum"] == asked
    for q in QUESTIONS:
        if q.scenario:
            case = schema["$defs"][f"{q.name}-case"]["properties"]
            assert set(case) - {"name", "clause", "body", "note", "expect", "question"} == {
                a.key for a in q.arguments
            }
            # A question asked by a case is answered in a stage the runner may import.
            assert callable(bind(q, "authoring"))


def test_answer_words_are_those_of_the_answer_schemas() -> None:
    for q in QUESTIONS:
        enum = ANSWER_SCHEMAS[q.name]["properties"]["answer"]["enum"]
        assert set(enum) == {w.value for w in q.words}, q.name
    # An answer schema of no question is a tool's answer.
    assert set(ANSWER_SCHEMAS) - {q.name for q in QUESTIONS} <= set(TOOLS)


def test_the_exit_table_is_the_declared_meanings() -> None:
    meanings: dict[str, set[Meaning]] = {}
    for q in QUESTIONS:
        for word in q.words:
            meanings.setdefault(word.value, set()).add(word.meaning)
    # One word, one meaning, whichever question answers with it.
    assert all(len(m) == 1 for m in meanings.values())
    assert {word: int(m.pop()) for word, m in meanings.items()} | {"error": 2} == EXIT
    assert {EXIT["unspecified"], EXIT["incomplete"], EXIT["error"]} == {3, 4, 2}


def test_a_word_another_question_has_is_not_a_yes() -> None:
    # `shown` is a yes for show, but a quorum answer never says it.
    assert EXIT["shown"] == 0
    assert answer_status({"question": "quorum", "answer": "shown"}) is None
    assert exit_status({"question": "quorum", "answer": "shown"}) == 2
    assert answer_status({"question": "quorum", "answer": "error"}) == 2
    assert answer_status({"question": None, "answer": "error"}) == 2


@pytest.mark.parametrize(
    ("effect", "status"), [("binding", 0), ("in-principle", 1), ("void", 1), ("unspecified", 3)]
)
def test_a_carried_vote_means_what_its_effect_says(effect: str, status: int) -> None:
    assert answer_status({"question": "vote", "answer": "carried", "effect": effect}) == status


def test_answer_words_are_their_words() -> None:
    carried = question("vote").words("carried")  # type: ignore[union-attr]
    assert carried == "carried" and f"{carried}" == "carried"
    assert json.dumps({"answer": carried}) == '{"answer": "carried"}'
    assert carried.meaning is Meaning.YES


def test_the_library_exports_every_question() -> None:
    for q in QUESTIONS:
        assert q.exported in govrules.__all__
        assert callable(getattr(govrules, q.exported))
        lazy = govrules._LAZY.get(q.exported)  # type: ignore[attr-defined]
        if lazy is not None:  # exported as it is, not wrapped by the front door
            assert lazy == q.function
            assert getattr(govrules, q.exported) is bind(q, "interfaces")


def test_every_library_function_is_a_question_or_a_tool() -> None:
    functions = {name for name in govrules.__all__ if name[0].islower()}
    exported = {q.exported for q in QUESTIONS}
    assert functions - exported == set(LIBRARY_TOOLS)
    assert exported <= functions


def test_a_question_is_bound_only_from_its_stage_or_above() -> None:
    import test_layout

    assert ("version", *STAGES) == test_layout.STAGES
    diff = question("diff")
    assert diff is not None
    with pytest.raises(ValueError, match="authoring"):
        bind(diff, "evaluating")
    assert bind(diff, "authoring") is bind(diff, "interfaces")


def test_every_declared_answer_type_and_renderer_exists() -> None:
    from importlib import import_module

    for q in QUESTIONS:
        module, name = q.answer
        assert isinstance(getattr(import_module(f"govrules.{module}"), name), type)
        assert callable(getattr(render, q.renderer))


ASKED: dict[str, dict[str, Any]] = {
    "quorum": {"count": 9},
    "voters": {},
    "vote": {"for_": ["portfolio-holder", "director-cyp", "vcs"], "against": ["nhs-suffolk"]},
    "escalate": {"start": dt.date(2010, 3, 1)},
    "eligible": {"seat_id": "portfolio-holder"},
    "show": {},
}


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.subject != "other"], ids=lambda q: q.name)
def test_each_question_answers_with_its_declared_type_and_words(q: Question) -> None:
    from importlib import import_module

    trust = govrules.load("suffolk")
    answer = bind(q, "interfaces")(trust, "strategic-board", **ASKED[q.name])
    module, name = q.answer
    assert isinstance(answer, getattr(import_module(f"govrules.{module}"), name))
    data = answer.to_dict()
    assert data["question"] == q.name
    assert data["answer"] in {w.value for w in q.words}
    assert answer_status(data) is not None


def test_as_of_and_limits_reach_the_library_not_a_context_variable() -> None:
    carried = [
        name
        for name, value in vars(cli_module).items()
        if isinstance(value, contextvars.ContextVar) and value.name in ("as_of", "limits")
    ]
    assert carried == []


def test_as_of_on_the_command_line_is_the_librarys(capsys: pytest.CaptureFixture[str]) -> None:
    day = dt.date(2010, 3, 1)
    args = ["quorum", "suffolk", "strategic-board", "--count", "9", "--as-of", day.isoformat()]
    code, out, _ = run_cli(capsys, *args, "--format", "json")
    library = govrules.quorum(govrules.load("suffolk", as_of=day), "strategic-board", count=9)
    assert json.loads(out) == library.to_dict()
    assert code == answer_status(library.to_dict())


def test_the_text_renderer_words_only_declared_questions() -> None:
    # render_text words each answer by its question: every question it knows is declared,
    # and declared as worded by it.
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(render))
    named = {
        node.comparators[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Name)
        and node.left.id == "q"
        and isinstance(node.comparators[0], ast.Constant)
    }
    assert named  # the walk sees the branches
    by_text = {q.name for q in QUESTIONS if q.renderer == "render_text"}
    assert named <= by_text


def test_every_option_an_answer_names_is_declared() -> None:
    # An answer's `needs` and explanations name the options that would settle it; each is
    # an option of a declared question, so renaming one here cannot leave them stale.
    import re
    from pathlib import Path

    package = Path(govrules.__file__).parent
    named: set[str] = set()
    for stage in ("language", "compiling", "evaluating", "authoring", "presenting"):
        for file in (package / stage).glob("*.py"):
            if file.name != "questions.py":
                named |= set(re.findall(r'"(--[a-z][a-z-]*)"', file.read_text(encoding="utf-8")))
    assert "--affects" in named  # the walk sees them
    declared = {flag for q in QUESTIONS for a in q.arguments for flag in a.flags}
    assert named - declared == set()
