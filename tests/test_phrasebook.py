"""The phrasebook: every value the format allows has its words, the words live only there,
and every surface that shows a value says it in the phrasebook's words."""

from __future__ import annotations

import ast
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules.authoring.diff import diff
from govrules.evaluating.voting import vote
from govrules.language import phrasebook as pb
from govrules.language.schema import Body, Gap, Presence, Quorum, Status, Substitutes, Voting
from govrules.presenting.charts import chart
from govrules.presenting.describe import show
from govrules.presenting.render import render_text
from govrules.presenting.report import build_html, prepare
from tests.builders import one_body_trust, trust_of

PACKAGE = Path(govrules.__file__).resolve().parent
PHRASEBOOK = PACKAGE / "language" / "phrasebook.py"


def allowed(model: type[Any], field: str) -> set[Any]:
    """The values a model's field allows (its ``Literal``, less ``None`` unless optional)."""
    annotation = model.model_fields[field].annotation
    values: set[Any] = set()
    for arg in (*typing.get_args(annotation), annotation):
        values |= set(typing.get_args(arg)) if typing.get_origin(arg) is typing.Literal else set()
    return values


# --- every value has its words ---------------------------------------------------------------


def test_every_value_of_the_format_has_its_words() -> None:
    assert set(pb.STATUS) == {s.value for s in Status}
    assert set(pb.GAP_KIND) == allowed(Gap, "kind")
    assert set(pb.CASTING_VOTE) == allowed(Voting, "casting_vote")
    assert set(pb.TIE) == allowed(Voting, "tie") | {None}
    assert set(pb.BASE) == allowed(Voting, "base")
    assert set(pb.INQUORATE_EFFECT) == allowed(Quorum, "inquorate_decisions")
    assert set(pb.QUORUM_OF) == allowed(Quorum, "of")
    assert set(pb.OFFICE) == allowed(Presence, "office")
    assert set(pb.LINK) == {f for f in Body.model_fields if f.endswith("_to")}
    assert set(pb.SEAT_RIGHT) == {True, False, None}
    for field, words in pb.SUBSTITUTE.items():
        assert field in Substitutes.model_fields
        assert set(words) == {True, False, None}


def test_a_gap_kind_that_is_also_a_status_is_flagged_alike() -> None:
    for status, words in pb.STATUS.items():
        if status != "stated":
            assert pb.GAP_KIND[status] == words.flag
        assert words.of_rule.count("{rule}") == 1  # the rule is named once, in its place


def test_an_exception_left_open_is_worded_as_a_right_not_settled() -> None:
    assert pb.seat_right("unspecified") == pb.SEAT_RIGHT[None]
    assert pb.seat_right(False).verb == "does not vote"


def test_small_helpers() -> None:
    assert pb.as_clause("There is no casting vote.") == "there is no casting vote"
    assert pb.code_list(["a", "b"]) == "`a`, `b`"
    assert pb.path_words(("bodies", 0, "quorum")) == "bodies[0].quorum"
    assert pb.path_words(()) == "the file"
    assert pb.split_ids(" a, ,b ") == ["a", "b"]
    assert pb.split_ids(["a", 2]) == ["a", "2"]
    assert pb.split_ids(None) == []
    assert (pb.counted(1, "place"), pb.counted(2, "place")) == ("1 place", "2 places")
    assert pb.counted(3, "vacancy", "vacancies") == "3 vacancies"
    assert pb.holidays_words("scotland") == "bank holidays of Scotland"


# --- the words live only in the phrasebook ----------------------------------------------------


def _words(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, Mapping):
        return [w for value in entry.values() for w in _words(value)]
    if isinstance(entry, tuple) and hasattr(entry, "_asdict"):  # a record of words
        return [v for v in entry._asdict().values() if isinstance(v, str)]
    return []


def tables() -> dict[str, tuple[set[Any], set[str]]]:
    """Each table of the phrasebook: its keys and every word it holds."""
    out = {}
    for name in pb.__all__:
        table = getattr(pb, name)
        if name.isupper() and isinstance(table, Mapping):
            out[name] = (set(table), set(_words(table)))
    return out


def _key(node: ast.expr | None) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    is_status = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    if is_status and node.value.id == "Status":  # type: ignore[union-attr]
        return Status[node.attr].value  # type: ignore[union-attr]  # its value
    return ...


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def word_tables(source: str) -> list[str]:
    """The dictionaries in ``source`` that word a concept the phrasebook holds: keyed by two
    or more of a table's values with text for each, or holding two or more of its words."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        keys = [_key(k) for k in node.keys]
        # The texts each key is worded by: a string, or the strings of a tuple or a call.
        parts = [
            v.elts if isinstance(v, ast.Tuple) else v.args if isinstance(v, ast.Call) else [v]
            for v in node.values
        ]
        strings = {s.value for p in parts for s in p if _is_text(s) and isinstance(s, ast.Constant)}
        texts = [p for p in parts if any(_is_text(s) for s in p)]
        for name, (values, words) in tables().items():
            # bools and None key many a dictionary of other things: only the words say
            keyed = [k for k in keys if k in values and not isinstance(k, bool) and k is not None]
            if (len(keyed) >= 2 and len(texts) == len(node.values)) or len(strings & words) >= 2:
                found.append(f"line {node.lineno}: a table of {name}")
    return found


def sentences() -> set[str]:
    """The phrasebook's longer words: a sentence written anywhere else is a second home."""
    return {w for _, words in tables().values() for w in words if len(w) > 24}


def test_no_other_module_words_a_concept_the_phrasebook_holds() -> None:
    long_words = sentences()
    found = []
    for file in sorted(PACKAGE.rglob("*.py")):
        if file == PHRASEBOOK:
            continue
        source = file.read_text(encoding="utf-8")
        found += [f"{file.relative_to(PACKAGE)}: {t}" for t in word_tables(source)]
        strings = {
            node.value
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        found += [f"{file.relative_to(PACKAGE)}: {w!r}" for w in sorted(strings & long_words)]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        # the casting vote's values worded again, in either form
        'WORDS = {"none": "no casting vote", "chair-has": "the chair casts", "chair-may": "x"}',
        'W = {1: "There is no casting vote.", 2: "not stated", 3: "no casting vote"}',
        # a rule's status, keyed by the enum
        "W = {Status.UNSPECIFIED: 'gone', Status.AMBIGUOUS: 'unclear'}",
        # a seat's right to vote
        'W = {True: "votes", False: "does not vote", None: "who knows"}',
    ],
)
def test_the_check_finds_a_second_table(source: str) -> None:
    assert word_tables(source) != []


def test_the_check_passes_a_dictionary_of_other_things() -> None:
    assert word_tables('W = {"binding": True, "in-principle": False, "void": False}') == []
    assert word_tables('W = {True: "info", False: "error", None: "unspecified"}') == []


# --- every surface says a value in the same words ---------------------------------------------


@pytest.mark.parametrize("casting", sorted(pb.CASTING_VOTE))
def test_show_the_report_and_diff_word_the_casting_vote_alike(casting: str) -> None:
    voting = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "casting_vote": casting}
    quorum = {"number": 2}
    other = "none" if casting != "none" else "chair-has"
    before = one_body_trust(quorum, voting | {"casting_vote": other}, 5)
    trust = one_body_trust(quorum, voting | {"tie": "lot"}, 5)
    words = pb.CASTING_VOTE[casting]
    tie = pb.TIE["lot"].sentence
    assert tie is not None
    shown = show(trust).to_dict()["bodies"][0]["voting"]["text"]
    assert words.sentence in shown
    page = build_html(prepare([("t", trust)], svg=False))
    assert f"{words.sentence} {tie}" in page.replace("&#x27;", "'")
    (change,) = [c for c in diff(before, trust).changes if c.kind == "casting-vote-changed"]
    assert change.after == words.value


def test_a_resolution_carried_while_inquorate_is_marked_with_its_clause() -> None:
    # "Decisions made while inquorate are agreed in principle only" [Q2]: the text answer
    # marks the resolution with the phrasebook's headline and the clause of that sentence.
    quorum = {"number": 3, "inquorate_decisions": "in-principle", "inquorate_source": "Q2"}
    trust = one_body_trust(quorum, {"threshold": {"more_than": "1/2"}, "base": "votes-cast"}, 5)
    answer = vote(trust, "board", for_=["member"])
    assert answer.effect == "in-principle"
    headline = render_text(answer.to_dict()).splitlines()[0]
    assert pb.INQUORATE_EFFECT["in-principle"].headline + " (Q2)" in headline


def test_a_rule_govrules_cannot_express_is_worded_on_every_surface() -> None:
    # A rule marked `not-encoded` has words like any other status: the review page, the
    # charts and diff name it (each once looked it up in a table of its own that lacked it).
    def trust(quorum: dict[str, Any]) -> Any:
        note = {"status": "not-encoded", "note": "beyond the format"}
        return trust_of(
            {
                "id": "board",
                "name": "Board",
                "seats": [{"id": "m", "title": "M", "count": 3}],
                "quorum": quorum,
                "chair": note | {"source": "4"},
            },
            procedures=({"id": "p", "name": "P", "steps": [], **note, "source": "5"},),
        )

    stated = trust({"number": 2, "source": "1"})
    unexpressed = trust({"status": "not-encoded", "note": "beyond the format", "source": "1"})
    words = pb.STATUS["not-encoded"]
    page = build_html(prepare([("t", unexpressed)], svg=False))
    assert f'<strong class="flag">{words.flag}:</strong>' in page
    assert f"chair: {words.value}" in chart(unexpressed, "mermaid", "structure")
    assert f"P ({words.value})" in chart(unexpressed, "mermaid", "escalation")
    (change,) = [c for c in diff(stated, unexpressed).changes if c.kind == "quorum-changed"]
    assert change.after == words.value


def test_the_classes_the_language_knows_are_the_classes_the_phrasebook_words() -> None:
    from govrules.language import vocabulary

    assert list(pb.BUILT_IN_CLASSES) == list(vocabulary.BUILT_IN)
    assert list(pb.DERIVED_CLASSES) == list(vocabulary.DERIVED)
