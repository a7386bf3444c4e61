"""A rule the schema cannot hold makes every answer that reads it unspecified, never definite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

import govrules
from govrules.interfaces.cli import cli


def mayor_trust(tmp_path: Path, quorum: dict[str, Any] | None = None) -> Path:
    data = {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "bodies": [
            {
                "id": "board",
                "name": "Board",
                "seats": [
                    {"id": "mayor", "title": "Mayor"},
                    {"id": "member", "title": "Member", "count": 9},
                ],
                "quorum": quorum or {"number": 5, "source": "1"},
                "voting": {
                    "threshold": {"more_than": "1/2"},
                    "base": "votes-cast",
                    "source": "2",
                },
            }
        ],
        "gaps": [
            {
                "kind": "not-encoded",
                "subject": "board.voting",
                "note": "The majority must include the vote of the Mayor.",
                "source": {
                    "clause": "2",
                    "quote": "a simple majority of members present and voting, which must "
                    "include the vote of the Mayor",
                },
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_majority_that_must_include_the_mayor_is_never_carried_silently(
    tmp_path: Path,
) -> None:
    trust = govrules.load(mayor_trust(tmp_path))
    a = govrules.vote(trust, "board", for_=["member"] * 6, against=["mayor", "member"])
    assert a.answer == "unspecified" and a.binding is None
    assert any("cannot express" in r.text and "Mayor" in r.text for r in a.explanation)
    args = ["vote", str(mayor_trust(tmp_path)), "board", "--for", "member," * 6]
    result = CliRunner().invoke(cli, [*args, "--against", "mayor,member"])
    assert result.exit_code == 3
    voters = govrules.voters(trust, "board")
    assert voters.answer == "unspecified"


def test_an_answer_that_does_not_read_the_rule_is_unaffected(tmp_path: Path) -> None:
    trust = govrules.load(mayor_trust(tmp_path))
    assert govrules.quorum(trust, "board", count=5).answer == "quorate"


def test_validate_lists_it_with_its_own_code(tmp_path: Path) -> None:
    path = mayor_trust(tmp_path, {"status": "not-encoded", "note": "a weighted quorum"})
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert codes.count("GR308") == 2  # the gap and the rule
    quorum = govrules.quorum(govrules.load(path), "board", count=9)
    assert quorum.answer == "unspecified"
    assert "cannot express" in quorum.explanation[0].text
