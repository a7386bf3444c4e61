"""The mistakes a new author makes, each a located message in plain words with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

import govrules
from govrules import LoadError
from govrules.authoring.findings import CODES, Finding

DRAFT = """\
id: draft
name: Draft
document: {title: Draft MoU}
partners:
  - {id: council, name: Council}
  - {id: health, name: Health Trust}
bodies:
  - id: board
    name: Board
    seats:
      - {id: council, title: Council member, partner: council}
      - {id: health, title: Health member, partner: health}
    voting:
      threshold: {more_than: 1/2}
      base: votes-cast
      source: "5.1"
"""


def _findings(tmp_path: Path, text: str) -> list[Finding]:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return list(govrules.validate(path).findings)


def _one(tmp_path: Path, text: str) -> Finding:
    (finding,) = _findings(tmp_path, text)
    return finding


def test_the_draft_is_clean(tmp_path: Path) -> None:
    assert _findings(tmp_path, DRAFT) == []


def test_an_unquoted_comma_in_a_flow_mapping_says_quote_the_value(tmp_path: Path) -> None:
    text = DRAFT.replace("name: Health Trust}", "name: Health, Community Health Trust}")
    f = _one(tmp_path, text)
    assert (f.code, f.severity, f.line, f.column) == ("GR002", "error", 6, 32)
    assert f.message == (
        "`Community Health Trust` in partners[1] is not a field: a comma in `name` ended its value"
    )
    assert f.hint == 'quote the value: name: "Health, Community Health Trust"'
    # a lowercase word after the comma is the rest of the value too, not a misspelt field
    cut = _one(tmp_path, DRAFT.replace("name: Health Trust}", "name: Health, community}"))
    assert cut.hint == 'quote the value: name: "Health, community"'
    # the quoted value loads
    assert _findings(tmp_path, text.replace("Health, Community Health Trust", '"&"')) == []


def test_a_threshold_in_words_says_how_to_write_one(tmp_path: Path) -> None:
    f = _one(tmp_path, DRAFT.replace("threshold: {more_than: 1/2}", "threshold: simple majority"))
    assert (f.code, f.line, f.column) == ("GR002", 14, 7)
    assert f.message == (
        "`threshold` is written as a mapping such as `{more_than: 1/2}`, not the text "
        '"simple majority"'
    )
    assert f.hint is not None and "`{at_least: 2/3}` two-thirds" in f.hint
    assert "dictionary" not in f.message + f.hint


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "words"),
    [
        # a key indented one space too far
        ("    seats:\n", "     seats:\n", 10, 11, "indented further than the keys it belongs with"),
        # a key indented one space too little, inside a list item
        ("    name: Board\n", "   name: Board\n", 9, 4, "does not line up with the lines above it"),
    ],
)
def test_an_indentation_slip_is_worded(
    tmp_path: Path, old: str, new: str, line: int, column: int, words: str
) -> None:
    f = _one(tmp_path, DRAFT.replace(old, new))
    assert (f.code, f.line, f.column) == ("GR001", line, column)
    assert words in f.message
    assert "not allowed here" not in f.message and "<block" not in f.message
    assert f.hint is not None and ("line" in f.hint or "indent" in f.hint)


@pytest.mark.parametrize(
    ("old", "new", "field", "meant", "where"),
    [
        ("partners:\n", "partnres:\n", "partnres", "partners", "the file"),
        (
            "      base: votes-cast\n",
            "      bsae: votes-cast\n",
            "bsae",
            "base",
            "bodies[0].voting",
        ),
        (
            "{id: council, title: Council member",
            "{id: council, titel: Council member",
            "titel",
            "title",
            "bodies[0].seats[0]",
        ),
    ],
)
def test_an_unknown_field_gets_the_closest_known_one(
    tmp_path: Path, old: str, new: str, field: str, meant: str, where: str
) -> None:
    found = [
        f for f in _findings(tmp_path, DRAFT.replace(old, new)) if f.message.startswith("unknown")
    ]
    assert found[0].message == f"unknown field `{field}` in {where}"
    assert found[0].hint == f"did you mean `{meant}`? `govrules schema` lists every field"
    assert found[0].line is not None and found[0].column is not None


def test_an_unknown_field_of_a_record_gets_a_field_of_records(tmp_path: Path) -> None:
    record = tmp_path / "meeting.yaml"
    record.write_text(
        "trust: suffolk\nbody: strategic-board\ndate: 2010-03-01\nattendees: []\nsubstitues: []\n",
        "utf-8",
    )
    with pytest.raises(LoadError) as caught:
        govrules.check(record)
    assert (caught.value.line, caught.value.column) == (5, 1)
    assert caught.value.hint == "did you mean `substitutes`? `govrules schema` lists every field"


def test_an_unknown_seat_in_a_condition_is_refused(tmp_path: Path) -> None:
    text = DRAFT + "      condition: {not: {seat_in: [counsil]}}\n"
    f = _one(tmp_path, text)
    assert (f.code, f.severity, f.line, f.column) == ("GR010", "error", 17, 35)
    assert f.message == "unknown seat `counsil` in `board`; did you mean `council`?"
    assert _findings(tmp_path, text.replace("counsil", "council")) == []


def test_an_unknown_seat_in_a_procedure_votes_condition_is_refused(tmp_path: Path) -> None:
    text = DRAFT + (
        "procedures:\n"
        "  - id: disputes\n"
        "    name: Disputes\n"
        "    steps:\n"
        "      - action: the board votes\n"
        "        body: board\n"
        "        vote:\n"
        "          threshold: {more_than: 1/2}\n"
        "          base: votes-cast\n"
        "          condition: {any: [{affected: [finances]}, {seat_in: [helth]}]}\n"
    )
    problems = [f for f in _findings(tmp_path, text) if f.code == "GR010"]
    assert [(f.line, f.message) for f in problems] == [
        (26, "unknown seat `helth` in `board`; did you mean `health`?")
    ]


def test_a_clause_label_yaml_reads_as_another_number_is_a_warning(tmp_path: Path) -> None:
    assert "GR307" in CODES
    f = _one(tmp_path, DRAFT.replace('source: "5.1"', "source: 5.10"))
    assert (f.code, f.severity, f.line, f.column) == ("GR307", "warning", 16, 7)
    assert f.message == "clause `5.10` is read as the number 5.1, so it cites clause 5.1"
    assert f.hint == 'quote it: source: "5.10"'
    # the documented short form, a number YAML keeps as written, is not a finding
    assert _findings(tmp_path, DRAFT.replace('source: "5.1"', "source: 5.1")) == []
    # any numeric-looking label read as another number: 1e3 is 1000.0
    e = _one(tmp_path, DRAFT.replace('source: "5.1"', "source: 1e3"))
    assert (e.code, e.hint) == ("GR307", 'quote it: source: "1e3"')


def test_a_clause_list_or_clause_field_written_as_a_number_says_what_yaml_read(
    tmp_path: Path,
) -> None:
    text = DRAFT.replace("{title: Draft MoU}", "{title: Draft MoU, clauses: [5.1, 5.10]}")
    problems = _findings(tmp_path, text)
    assert [(f.line, f.column, f.hint) for f in problems] == [
        (3, 40, 'quote it: "5.1"'),
        (3, 45, 'quote it: "5.10"'),
    ]
    assert problems[1].message == (
        "`document.clauses[1]` must be text, not the number 5.1 (YAML reads `5.10` as 5.1)"
    )
