"""Exit codes follow effect, and the table refuses an answer word it does not know."""

from __future__ import annotations

import json
import re
from pathlib import Path

from builders import health_board_file
from click.testing import CliRunner

from govrules.interfaces.cli import cli, exit_status
from govrules.presenting.meaning import EXIT

WORDS = {
    # every answer word the commands give (the contract's list, and the diff, audit and
    # scenario words)
    "quorate", "inquorate", "unspecified", "incomplete", "carried", "lost", "tied",
    "determined", "valid", "invalid", "ok", "problems", "passed", "failed", "eligible",
    "ineligible", "clean", "findings", "unchanged", "changed", "shown", "error",
}  # fmt: skip


def test_every_answer_word_has_an_exit_status() -> None:
    source = "\n".join(p.read_text() for p in Path("govrules").glob("*.py"))
    found = set(
        re.findall(
            r'(?:answer|value)\s*=\s*"([a-z-]+)"|(?:answer|result|settled)\("([a-z-]+)"', source
        )
    )
    words = {w for pair in found for w in pair if w} | WORDS
    assert words - set(EXIT) == set()
    assert {EXIT["incomplete"], EXIT["unspecified"], EXIT["error"]} == {4, 3, 2}


def test_an_unknown_word_is_an_internal_error_not_a_yes() -> None:
    assert exit_status({"question": "quorum", "answer": "perhaps"}) == 2


def test_carried_exits_by_effect() -> None:
    vote = {"question": "vote", "answer": "carried"}
    assert exit_status({**vote, "effect": "binding"}) == 0
    assert exit_status({**vote, "effect": "in-principle"}) == 1
    assert exit_status({**vote, "effect": "void"}) == 1
    assert exit_status({**vote, "effect": "unspecified"}) == 3


def test_a_vote_of_an_inquorate_suffolk_board_binds_in_principle_only() -> None:
    args = ["vote", "suffolk", "strategic-board", "--for", "portfolio-holder,director-cyp,vcs"]
    args += ["--against", "nhs-suffolk", "--vacancies", "0"]  # every place filled
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "CARRIED — NOT BINDING: inquorate, in principle only (10.1)" in result.output
    data = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    assert (data["answer"], data["effect"], data["binding"]) == ("carried", "in-principle", False)


def test_the_headline_says_which_presence_rule_failed(tmp_path: Path) -> None:
    path = health_board_file(tmp_path)
    result = CliRunner().invoke(cli, ["quorum", str(path), "board", "--present", "council," * 6])
    assert result.exit_code == 1
    assert "INQUORATE: at least 1 member(s) from `health` not present (6 present, 4 needed)" in (
        result.output
    )


def test_check_of_decisions_while_inquorate_follows_what_the_mou_says(tmp_path: Path) -> None:
    def record(effect: str) -> Path:
        trust = {
            "id": "t",
            "name": "T",
            "document": {"title": "T"},
            "bodies": [
                {
                    "id": "board",
                    "name": "Board",
                    "seats": [{"id": "m", "title": "M", "count": 10}],
                    "quorum": {"number": 6, "inquorate_decisions": effect, "source": "1"},
                    "voting": {
                        "threshold": {"more_than": "1/2"},
                        "base": "votes-cast",
                        "source": "2",
                    },
                }
            ],
        }
        (tmp_path / f"{effect}.yaml").write_text(json.dumps(trust), encoding="utf-8")
        path = tmp_path / f"{effect}-record.yaml"
        path.write_text(
            f"trust: {effect}.yaml\nbody: board\ndate: 2010-03-01\n"
            "attendees: [m, m, m]\n"
            "decisions:\n  - motion: Approve\n    for: [m, m]\n    against: [m]\n",
            encoding="utf-8",
        )
        return path

    outcomes = {}
    for effect in ("unspecified", "void", "in-principle"):
        result = CliRunner().invoke(cli, ["check", str(record(effect)), "--format", "json"])
        outcomes[effect] = (result.exit_code, json.loads(result.output)["answer"])
    assert outcomes["unspecified"] == (3, "unspecified")
    assert outcomes["void"] == (1, "invalid")
