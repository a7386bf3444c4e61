"""`validate` warns of a field with no effect where it is written (GR204 on a fixed-number quorum,
GR206 elsewhere), at the field's own line and column, through the library and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run_cli

import govrules
from govrules.authoring.findings import CODES

BASE = """\
id: draft
name: Draft
document: {title: Draft}
bodies:
  - id: board
    name: Board
    source: "1"
    seats:
      - {id: chair-seat, title: Chair, source: "1"}
      - {id: member, title: Member, count: 9, source: "1"}
    chair: {seat: chair-seat, source: "2"}
    quorum:
      at_least: 1/2
      source: "3"
    voting:
      threshold: {more_than: 1/2}
      base: votes-cast
      casting_vote: none
      source: "4"
"""


def lint(tmp_path: Path, text: str) -> list[tuple[str, int | None, int | None, str]]:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return [
        (f.code, f.line, f.column, f.message)
        for f in govrules.validate(path).findings
        if f.code in ("GR204", "GR206")
    ]


def test_the_base_draft_has_no_idle_field(tmp_path: Path) -> None:
    assert lint(tmp_path, BASE) == []


@pytest.mark.parametrize(
    ("quorum", "fields"),
    [
        ("number: 4\n      rounding: up\n      of: filled-seats\n", ["rounding", "of"]),
        ("number: 4\n      minimum: 3\n", ["minimum"]),
        ("number: 4\n      minimum: 4\n", ["minimum"]),
    ],
)
def test_gr204_each_field_a_fixed_number_ignores(
    tmp_path: Path, quorum: str, fields: list[str]
) -> None:
    found = lint(tmp_path, BASE.replace("at_least: 1/2\n", quorum))
    assert [(code, message.split("`")[3]) for code, _, _, message in found] == [
        ("GR204", f) for f in fields
    ]
    lines = BASE.replace("at_least: 1/2\n", quorum).splitlines()
    for (_, line, column, _), name in zip(found, fields, strict=True):
        assert line is not None and column is not None
        assert lines[line - 1][column - 1 :].startswith(f"{name}:")


def test_a_minimum_above_a_fixed_number_binds_and_is_not_flagged(tmp_path: Path) -> None:
    assert lint(tmp_path, BASE.replace("at_least: 1/2\n", "number: 4\n      minimum: 5\n")) == []


@pytest.mark.parametrize(
    ("quorum", "flagged"),
    [
        # Half of 10 is 5: a minimum of 5 or less never binds, 6 does.
        ("at_least: 1/2\n      minimum: 5\n", True),
        ("at_least: 1/2\n      minimum: 6\n", False),
        # Of the seats filled, one member in office could meet: half of 1, rounded up, is 1.
        ("at_least: 1/2\n      of: filled-seats\n      rounding: up\n      minimum: 1\n", True),
        ("at_least: 1/2\n      of: filled-seats\n      rounding: up\n      minimum: 3\n", False),
    ],
)
def test_gr206_a_minimum_that_never_binds(tmp_path: Path, quorum: str, flagged: bool) -> None:
    found = lint(tmp_path, BASE.replace("at_least: 1/2\n", quorum))
    assert [code for code, *_ in found] == (["GR206"] if flagged else [])
    if flagged:
        assert "never binds" in found[0][3]


@pytest.mark.parametrize(
    ("addition", "field"),
    [
        ("    substitutes: {allowed: false, votes: true, source: '5'}\n", "votes"),
        ("    interests: {withdraws: true, may_vote: false, source: '6'}\n", "may_vote"),
    ],
)
def test_gr206_details_a_rule_makes_idle(tmp_path: Path, addition: str, field: str) -> None:
    text = BASE + addition
    found = lint(tmp_path, text)
    assert [(code, field in message) for code, _, _, message in found] == [("GR206", True)]
    line, column = found[0][1], found[0][2]
    assert line is not None and column is not None
    assert text.splitlines()[line - 1][column - 1 :].startswith(f"{field}:")
    # The same detail where it does something is not flagged.
    live = addition.replace("allowed: false", "allowed: true").replace(
        "withdraws: true", "withdraws: false"
    )
    assert lint(tmp_path, BASE + live) == []


def test_gr206_at_least_on_an_office_and_a_lot_clause_with_no_lot(tmp_path: Path) -> None:
    text = BASE.replace(
        "      at_least: 1/2\n",
        "      at_least: 1/2\n      must_include: [{office: chair, at_least: 2}]\n",
    ).replace("casting_vote: none\n", "casting_vote: none\n      tie_by_lot_source: '4.2'\n")
    found = lint(tmp_path, text)
    assert [(code, message.split("`")[-2]) for code, _, _, message in found] == [
        ("GR206", "at_least"),
        ("GR206", "tie_by_lot_source"),
    ]


def test_the_cli_reports_the_code_located_and_documented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(BASE.replace("at_least: 1/2\n", "at_least: 1/2\n      minimum: 2\n"))
    code, out, _ = run_cli(capsys, "validate", str(path), "--format", "json")
    assert code == 0  # a warning; --strict fails on it
    assert run_cli(capsys, "validate", "--strict", str(path))[0] == 1
    findings = [f for f in json.loads(out)["findings"] if f["code"] == "GR206"]
    assert [(f["severity"], f["line"], f["column"]) for f in findings] == [("warning", 14, 7)]
    assert "GR206" in CODES
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "GR206" in readme


@pytest.mark.parametrize(
    ("casting", "flagged"), [("chair-has", True), ("chair-may", True), ("none", False)]
)
def test_gr206_a_tie_rule_the_casting_vote_never_reaches(
    tmp_path: Path, casting: str, flagged: bool
) -> None:
    text = BASE.replace("casting_vote: none\n", f"casting_vote: {casting}\n      tie: fails\n")
    found = lint(tmp_path, text)
    assert [(code, message.split("`")[-2]) for code, _, _, message in found] == (
        [("GR206", "tie")] if flagged else []
    )


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            '    quorum:\n      at_least: 1/2\n      source: "3"\n',
            '    quorum:\n      status: unspecified\n      note: Not stated.\n      source: "3"\n'
            "      must_include: [{seats: [chair-seat]}]\n",
            "must_include",
        ),
        (
            "      casting_vote: none\n",
            "      status: unspecified\n      note: Not stated.\n"
            "      exceptions: [{seat: member, votes: false}]\n",
            "exceptions",
        ),
    ],
)
def test_gr206_the_parts_of_a_rule_the_document_does_not_state(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    # Every answer on an unstated rule is unspecified: what is written under it is read by
    # none, and validate says so rather than accept it and ignore it.
    text = BASE.replace(old, new)
    assert text != BASE
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR206"]
    assert [f"`{field}` has no effect" in f.message for f in found] == [True]
