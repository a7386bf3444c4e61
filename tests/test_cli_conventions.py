"""The command line's everyday conventions: JSON errors, `-` for standard input, --quiet,
--color and NO_COLOR, a bare `govrules`, `fmt --diff`, `init`, one finding shape."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from clirun import complete

import govrules
from govrules.interfaces.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SUFFOLK = ROOT / "trusts" / "suffolk.yaml"
RECORD = ROOT / "examples" / "suffolk-board-2010-03-01.yaml"
SCENARIOS = ROOT / "tests" / "scenarios" / "suffolk.yaml"


def run(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, env=env)


# --- errors as JSON -------------------------------------------------------------------------


def _error(result: Result) -> dict[str, Any]:
    assert result.exit_code == 2, result.output
    data = json.loads(result.stdout)
    assert data["answer"] == "error"
    assert {"trust", "body", "question", "explanation"} <= data.keys()
    assert {"message", "file", "line", "column"} <= data["error"].keys()
    assert result.stderr.startswith("govrules: error: ") and result.stderr.count("\n") == 1
    return data


@pytest.mark.parametrize(
    "args",
    [
        ["quorum", "suffolk", "nope", "--count", "3"],
        ["voters", "suffolk", "nope"],
        ["vote", "suffolk", "strategic-board", "--for", "nobody"],
        ["escalate", "suffolk", "strategic-board", "--procedure", "nope"],
        ["eligible", "suffolk", "strategic-board", "nobody"],
        ["show", "suffolk", "nope"],
        ["check", "no-such-record.yaml"],
        ["audit", "nope", str(RECORD)],
        ["test", "no-such-scenarios.yaml"],
        ["diff", "suffolk", "nope"],
    ],
)
def test_an_unanswerable_question_is_a_json_error_on_stdout(args: list[str]) -> None:
    data = _error(run(*args, "--format", "json"))
    assert data["question"] == args[0]
    assert data["error"]["message"]


def test_a_usage_error_under_format_json_is_json_too() -> None:
    data = _error(run("quorum", "suffolk", "--format", "json"))
    assert "BODY" in data["error"]["message"]
    assert data["error"]["hint"] == "see `govrules quorum --help`"
    data = _error(run("quorum", "suffolk", "strategic-board", "--count", "x", "--format=json"))
    assert "--count" in data["error"]["message"]


def test_a_json_error_names_the_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nbodies: [\n", encoding="utf-8")
    error = _error(run("show", str(bad), "--format", "json"))["error"]
    assert (error["file"], error["line"]) == (str(bad), 3)
    assert isinstance(error["column"], int)


def test_without_format_json_an_error_prints_nothing_on_stdout() -> None:
    result = run("quorum", "suffolk", "nope", "--count", "3")
    assert result.exit_code == 2 and result.stdout == ""


def test_bare_govrules_prints_the_help_and_exits_2() -> None:
    result = run()
    assert result.exit_code == 2
    assert "Usage:" in result.stdout and "quorum" in result.stdout
    assert run("--help").exit_code == 0


# --- --quiet --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["quorum", "suffolk", "strategic-board", "--count", "9"], 0),
        (["-q", "quorum", "suffolk", "strategic-board", "--count", "7", "--vacancies", "0"], 1),
        (["quorum", "suffolk", "nope", "--count", "8", "--format", "json"], 2),
        (["validate", str(SUFFOLK), "--strict"], 1),
    ],
)
def test_quiet_prints_nothing_and_keeps_the_exit_status(args: list[str], status: int) -> None:
    if "-q" not in args:
        args = [*args, "--quiet"]
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (status, "", "")


# --- --color and NO_COLOR -------------------------------------------------------------------


def test_color_always_and_never() -> None:
    always = run("validate", str(SUFFOLK), "--color", "always")
    never = run("validate", str(SUFFOLK), "--color", "never")
    assert "\x1b[" in always.stdout
    assert "\x1b[" not in never.stdout
    assert always.exit_code == never.exit_code == 0
    assert run("validate", str(SUFFOLK), "--color", "sometimes").exit_code == 2


class _Terminal(io.StringIO):
    """Standard output as a terminal."""

    def isatty(self) -> bool:
        return True


def _on_a_terminal(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    with contextlib.suppress(SystemExit):
        cli.main(list(args))
    return screen.getvalue()


@pytest.mark.parametrize(
    ("no_color", "option", "coloured"),
    [
        (None, (), True),
        ("", (), True),  # the empty string does not count (no-color.org)
        ("1", (), False),
        ("1", ("--color", "always"), True),
        (None, ("--color", "never"), False),
    ],
)
def test_no_color_turns_colour_off_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, no_color: str | None, option: tuple[str, ...], coloured: bool
) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    out = _on_a_terminal(monkeypatch, "validate", str(SUFFOLK), *option)
    assert click.unstyle(out).strip()  # the findings, printed either way
    assert ("\x1b[" in out) is coloured


# --- `-` for standard input -----------------------------------------------------------------


def test_a_trust_from_standard_input() -> None:
    text = SUFFOLK.read_text(encoding="utf-8")
    result = run("quorum", "-", "strategic-board", "--count", "9", "--format", "json", stdin=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["answer"] == "quorate"
    validated = run("validate", "-", "--format", "json", stdin=text)
    assert json.loads(validated.stdout)["files"] == ["-"]
    assert run("diff", "-", str(SUFFOLK), stdin=text).exit_code == 0
    changed = text.replace("      at_least: 50%", "      at_least: one third")
    assert run("diff", str(SUFFOLK), "-", stdin=changed).exit_code == 1


def test_records_and_scenarios_from_standard_input() -> None:
    record = RECORD.read_text(encoding="utf-8")
    checked = run("check", "-", "--format", "json", stdin=record)
    assert (checked.exit_code, json.loads(checked.stdout)["answer"]) == (0, "valid")
    audited = run("audit", "suffolk", "-", "--format", "json", stdin=record)
    assert json.loads(audited.stdout)["records"] == 1
    tested = run("test", "-", "--format", "json", stdin=SCENARIOS.read_text(encoding="utf-8"))
    assert tested.exit_code == 0 and json.loads(tested.stdout)["failed"] == 0


def test_malformed_standard_input_is_located_as_dash() -> None:
    result = run("show", "-", stdin="id: x\nbodies: [\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("govrules: error: -:3:")


def test_standard_input_over_the_limit_is_refused() -> None:
    result = run("validate", "-", "--max-bytes", "10", "--format", "json", stdin="id: x\n" * 5)
    assert result.exit_code == 2
    assert "more than the limit of 10" in json.loads(result.stdout)["findings"][0]["text"]


def test_fmt_reads_standard_input_and_prints_the_layout() -> None:
    messy = "id: x   \nbodies:\n- id: a  # keep\n"
    result = run("fmt", "-", stdin=messy)
    assert (result.exit_code, result.stdout) == (0, "id: x\nbodies:\n  - id: a  # keep\n")
    assert run("fmt", "--check", "-", stdin=messy).exit_code == 1
    assert run("fmt", "--check", "-", stdin=result.stdout).exit_code == 0


# --- fmt --diff -----------------------------------------------------------------------------


def test_fmt_diff_prints_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    messy = tmp_path / "messy.yaml"
    before = "# keep me\nid: x   \nbodies:\n- id: a  # and me\n"
    messy.write_text(before, encoding="utf-8")
    result = run("fmt", "--diff", str(messy))
    assert result.exit_code == 1
    assert "-id: x   \n+id: x\n" in result.stdout
    assert "+  - id: a  # and me" in result.stdout
    assert messy.read_text(encoding="utf-8") == before
    tidy = run("fmt", "--diff", str(SUFFOLK))
    assert (tidy.exit_code, tidy.stdout) == (0, "")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1,\n", encoding="utf-8")
    assert run("fmt", "--diff", str(bad)).exit_code == 2


# --- init -----------------------------------------------------------------------------------


def test_init_writes_a_commented_skeleton_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "new-mou.yaml"
    result = run("init", str(target))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.count("#") > 20  # commented
    report = govrules.validate(target)
    assert report.counts()["error"] == 0 and report.answer == "ok"
    trust = govrules.load(target)
    assert govrules.quorum(trust, trust.bodies[0].id, count=2).answer == "quorate"
    printed = run("init")
    assert printed.exit_code == 0 and printed.stdout == text


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("id: mine\n", encoding="utf-8")
    refused = run("init", str(target))
    assert refused.exit_code == 2 and "already exists" in refused.stderr
    assert target.read_text(encoding="utf-8") == "id: mine\n"
    assert run("init", str(target), "--force").exit_code == 0
    assert govrules.validate(target).answer == "ok"


# --- one finding shape; numbers as numbers ----------------------------------------------------


def _findings(args: list[str]) -> list[dict[str, Any]]:
    result = run(*args, "--format", "json")
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    assert found, args
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(SUFFOLK)],
        ["check", str(ROOT / "examples" / "suffolk-board-inquorate.yaml")],
        ["audit", "suffolk", str(ROOT / "examples" / "suffolk-2010")],
    ],
)
def test_every_command_gives_findings_one_shape(args: list[str]) -> None:
    for finding in _findings(args):
        assert {"severity", "code", "text", "source"} <= finding.keys()
        assert isinstance(finding["code"], str) and finding["code"]
        if finding["source"] is not None:
            assert {"document", "clause"} <= finding["source"].keys()


def test_validate_findings_keep_their_older_names() -> None:
    cited = [f for f in _findings(["validate", str(SUFFOLK)]) if f["clause"] is not None]
    assert cited
    for f in cited:
        assert f["text"] == f["message"]
        assert f["source"] == {
            "document": "Suffolk Children's Trust Governance Arrangements",
            "clause": f["clause"],
        }
        assert f["location"] == {"file": f["file"], "line": f["line"], "column": f["column"]}


def test_a_votes_required_is_a_number_and_its_words_are_kept() -> None:
    result = run(
        *("vote", "suffolk", "strategic-board", "--format", "json"),
        *("--for", "portfolio-holder,director-cyp,nhs-suffolk,vcs,vcs,governors-forum"),
        *("--against", "schools,schools,jobcentre-plus", "--abstain", "fe-college"),
    )
    data = json.loads(result.stdout)
    # Under each reading of 10.3.1; as encoded (voting members present) 6 of 10.
    [encoded] = [r for r in data["readings"] if not r["values"]]
    assert (encoded["required"], encoded["required_text"], encoded["base"]) == (6, "6 of 10", 10)
    assert (data["required"], data["required_text"], data["base"]) == (None, None, None)


def test_a_scenario_may_still_give_a_votes_required_in_words(tmp_path: Path) -> None:
    case = (
        "trust: suffolk\ncases:\n  - name: words\n    question: vote\n"
        "    body: strategic-board\n    for: [portfolio-holder, director-cyp]\n"
        "    against: [vcs]\n    expect: {required: %s}\n"
    )
    for expected, status in (("2 of 3", 0), ("3 of 3", 1), ("2", 0), ("3", 1)):
        path = tmp_path / "words.yaml"
        path.write_text(case % expected, encoding="utf-8")
        assert run("test", str(path)).exit_code == status, expected


# --- pre-commit hooks -----------------------------------------------------------------------


def _hooks() -> dict[str, dict[str, Any]]:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def _hook_args(hook: dict[str, Any]) -> list[str]:
    import shlex

    program, *args = shlex.split(hook["entry"])
    assert program == "govrules"
    return args


def test_the_fmt_hook_fixes_files(tmp_path: Path) -> None:
    messy = tmp_path / "messy.yaml"
    messy.write_text("id: x   \n", encoding="utf-8")
    result = run(*_hook_args(_hooks()["govrules-fmt"]), str(messy))
    assert result.exit_code == 0
    assert messy.read_text(encoding="utf-8") == "id: x\n"


def test_the_validate_hook_checks_trust_files_only(tmp_path: Path) -> None:
    import re

    hook = _hooks()["govrules-validate"]
    records = ROOT / "examples" / "suffolk-2010"
    files = [str(SUFFOLK), str(RECORD), str(SCENARIOS), *map(str, sorted(records.iterdir()))]
    result = run(*_hook_args(hook), *files, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"] == [str(SUFFOLK)]
    assert f"skipped {RECORD}: a meeting record" in result.stderr
    assert f"skipped {SCENARIOS}: a scenario file" in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nname: X\nbodies: 3\n", encoding="utf-8")
    assert run(*_hook_args(hook), str(broken), str(RECORD)).exit_code == 1
    assert re.search(hook["exclude"], "governance/records/2010-03-01.yaml")
    assert re.search(hook["exclude"], "tests/scenarios/suffolk.yaml")
    assert not re.search(hook["exclude"], "trusts/suffolk.yaml")


# --- shell completion -----------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_exist(shell: str) -> None:
    result = CliRunner().invoke(
        cli, [], prog_name="govrules", env={"_GOVRULES_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0 and "_GOVRULES_COMPLETE" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"_GOVRULES_COMPLETE={shell}_source govrules" in readme


def test_completion_of_trust_body_seat_and_procedure_ids() -> None:
    assert complete("govrules quorum s") == ["suffolk", "s"]  # then files
    assert complete("govrules quorum suffolk st") == ["strategic-board"]
    assert complete("govrules show wirral ") == [b.id for b in govrules.load("wirral").bodies]
    assert complete("govrules eligible wirral board l") == ["lead-member"]
    assert complete("govrules vote suffolk strategic-board --for portfolio-holder,d") == [
        "portfolio-holder,district-borough",
        "portfolio-holder,director-cyp",
    ]
    # options before the arguments, an option's value being completed
    assert complete("govrules quorum --format json wirral board --present l") == ["lead-member"]
    assert complete("govrules escalate rutland board --procedure c") == ["conflict-resolution"]


def test_completion_never_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    assert complete("govrules quorum nosuch b") == []
    assert complete(f"govrules quorum {bad} b") == []
    assert complete("govrules quorum suffolk nobody --present a") == []
    assert complete("govrules quorum - b") == []


# --- test --coverage ------------------------------------------------------------------------


def _scenario(tmp_path: Path, cases: str) -> Path:
    from govrules.authoring.skeleton import SKELETON

    (tmp_path / "mou.yaml").write_text(SKELETON, encoding="utf-8")
    path = tmp_path / "cases.yaml"
    path.write_text("trust: mou.yaml\ncases:\n" + cases, encoding="utf-8")
    return path


QUORUM_CASE = """\
  - name: half the board
    question: quorum
    body: board
    count: 2
    expect: {answer: quorate, required: 2}
"""
OTHER_CASES = """\
  - name: the lead member may chair
    question: eligible
    body: board
    seat: lead-member
    expect: {answer: eligible}
  - name: a majority carries
    question: vote
    body: board
    for: [lead-member, dcs]
    against: [health]
    expect: {answer: carried, required: 2}
  - name: disputes end at the board
    question: escalate
    body: board
    procedure: dispute-resolution
    expect: {final_arbiter: board}
"""


def test_coverage_lists_the_rules_and_clauses_no_scenario_exercises(tmp_path: Path) -> None:
    result = run("test", "--coverage", "--format", "json", str(_scenario(tmp_path, QUORUM_CASE)))
    assert result.exit_code == 0, result.output
    [trust] = json.loads(result.stdout)["coverage"]["trusts"]
    missed = [r["rule"] for r in trust["not_exercised"]["rules"]]
    assert missed == ["board.voting", "board.chair", "procedures.dispute-resolution"]
    assert (trust["rules"], trust["rules_exercised"]) == (4, 1)
    assert "2.4" not in trust["not_exercised"]["clauses"]  # the quorum's clause, cited
    assert {"1.1", "2.5", "3.2"} <= set(trust["not_exercised"]["clauses"])
    text = run("test", "--coverage", str(_scenario(tmp_path, QUORUM_CASE))).stdout
    assert "1 of 4 rules exercised" in text and "    - board.chair [2.3]" in text


def test_full_coverage_leaves_no_rule_unexercised(tmp_path: Path) -> None:
    path = _scenario(tmp_path, QUORUM_CASE + OTHER_CASES)
    result = run("test", "--coverage", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    [trust] = json.loads(result.stdout)["coverage"]["trusts"]
    assert trust["not_exercised"]["rules"] == []
    assert trust["rules_exercised"] == trust["rules"] == 4
    assert {"2.3", "2.4", "2.5", "3.1", "3.2"}.isdisjoint(trust["not_exercised"]["clauses"])
    assert "coverage" not in json.loads(run("test", "--format", "json", str(path)).stdout)
