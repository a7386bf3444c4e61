"""Kinds of matter: a trust's vocabulary, and the rules that differ by kind (vote exceptions,
conditions, thresholds, ties, quorums, procedures), through the library and the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import builders
import pytest
from clirun import complete, run_cli

import govrules
from govrules import GovrulesError, LoadError, QueryError
from govrules.authoring.scenarios import run_scenarios

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "examples" / "public-sector"
JOINT = GALLERY / "joint-committee.yaml"

MATTERS = [
    {"id": "budget", "name": "the budget", "source": "1.1"},
    {"id": "constitution", "name": "a change to the constitution", "source": "1.1"},
    {"id": "co-option", "name": "the co-option of a member", "source": "1.1"},
]
SEATS = [
    {"id": "a", "title": "A", "count": 3},
    {"id": "b", "title": "B", "count": 3},
    {"id": "police", "title": "Police", "partner": "police"},
]
PARTNERS = ({"id": "police", "name": "Police"},)
MAJORITY = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "casting_vote": "chair-has",
    "casting_source": "5.2",
    "source": "5.1",
}


def board(
    voting: dict[str, Any] | None = None,
    quorum: dict[str, Any] | None = None,
    procedures: tuple[dict[str, Any], ...] = (),
    matters: list[dict[str, Any]] | None = None,
) -> govrules.Trust:
    body = {
        "id": "board",
        "name": "The Board",
        "seats": SEATS,
        "quorum": quorum or {"number": 2, "source": "4.1"},
        "voting": {**MAJORITY, **(voting or {})},
    }
    return builders.trust_of(
        body,
        partners=PARTNERS,
        procedures=procedures,
        matters=MATTERS if matters is None else matters,
    )


POLICE_OFF_BUDGET = {
    "exceptions": [{"seat": "police", "votes": False, "matters": ["budget"], "source": "5.3"}]
}


# --- vote exceptions by kind ---------------------------------------------------------------


def test_an_exception_for_one_kind_of_matter_holds_only_on_that_kind() -> None:
    # 5.3 "The police representative does not vote on budget matters."
    t = board(POLICE_OFF_BUDGET)
    budget = govrules.voters(t, "board", matter="budget")
    assert (budget.answer, [r.seat for r in budget.non_voters]) == ("determined", ["police"])
    assert budget.non_voters[0].source is not None and budget.non_voters[0].source.clause == "5.3"
    other = govrules.voters(t, "board", matter="constitution")
    assert other.answer == "determined" and "police" in {r.seat for r in other.voters}
    none = govrules.voters(t, "board", matter="none")
    assert "police" in {r.seat for r in none.voters}


def test_not_saying_the_kind_leaves_only_that_seat_open_and_needs_matter() -> None:
    a = govrules.voters(board(POLICE_OFF_BUDGET), "board")
    assert a.answer == "incomplete"
    assert a.needs == ("--matter",)
    assert [r.seat for r in a.undetermined] == ["police"]
    assert {r.seat for r in a.voters} == {"a", "b"}  # the others are settled without it
    assert "--matter" in a.undetermined[0].reason


def test_a_vote_the_excepted_seat_decides_depends_on_the_kind() -> None:
    t = board(POLICE_OFF_BUDGET)
    votes = {"for_": ["a", "a", "police"], "against": ["b", "b"]}
    assert govrules.vote(t, "board", matter="budget", **votes).answer == "tied"
    assert govrules.vote(t, "board", matter="none", **votes).answer == "carried"
    unsaid = govrules.vote(t, "board", **votes)
    assert (unsaid.answer, unsaid.needs, unsaid.effect) == (
        "incomplete",
        ("--matter",),
        "unspecified",
    )
    assert "on `budget`, tied" in unsaid.explanation[0].text
    assert unsaid.explanation[0].source is not None
    assert unsaid.explanation[0].source.clause == "5.3"


def test_a_vote_the_kind_cannot_change_is_answered_without_it() -> None:
    t = board(POLICE_OFF_BUDGET)
    a = govrules.vote(t, "board", for_=["a", "a", "a", "police"], against=["b"])
    assert a.answer == "carried" and a.needs == ()
    assert "the answer is the same whatever it is" in a.explanation[-1].text


# --- the `matter` condition key --------------------------------------------------------------


def test_a_condition_on_the_kind_is_three_valued() -> None:
    # "The police representative votes except on budget matters", as a condition.
    cond = {"any": [{"not": {"seat_in": ["police"]}}, {"not": {"matter": ["budget"]}}]}
    t = board({"condition": cond})
    unsaid = govrules.voters(t, "board")
    assert (unsaid.answer, unsaid.needs) == ("incomplete", ("--matter",))
    assert [r.seat for r in unsaid.undetermined] == ["police"]
    assert [r.seat for r in govrules.voters(t, "board", matter="budget").non_voters] == ["police"]
    assert govrules.voters(t, "board", matter="co-option").non_voters == ()


def test_a_condition_on_the_kind_in_words() -> None:
    from govrules.evaluating.conditions import describe
    from govrules.language.schema import Condition

    assert describe(Condition.model_validate({"matter": ["budget", "co-option"]})) == (
        "the matter is of kind `budget`, `co-option`"
    )
    assert describe(Condition.model_validate({"not": {"matter": ["budget"]}})) == (
        "the matter is not of kind `budget`"
    )


# --- thresholds by kind -------------------------------------------------------------------------

TWO_THIRDS = {
    "by_matter": [{"matters": ["constitution"], "threshold": {"at_least": "2/3"}, "source": "6.1"}]
}


@pytest.mark.parametrize(
    ("ayes", "noes", "constitution", "other"),
    [
        (["a", "a", "a", "police"], ["b", "b"], "carried", "carried"),  # exactly two thirds
        (["a", "a", "a"], ["b", "b"], "lost", "carried"),  # 3 of 5: a majority, not two thirds
        (["a", "a", "a"], ["b", "b", "b"], "lost", "tied"),  # no casting vote reaches 2/3
    ],
)
def test_a_change_to_the_constitution_needs_two_thirds(
    ayes: list[str], noes: list[str], constitution: str, other: str
) -> None:
    t = board(TWO_THIRDS)
    c = govrules.vote(t, "board", for_=ayes, against=noes, matter="constitution")
    assert c.answer == constitution
    assert c.required == -(-2 * (len(ayes) + len(noes)) // 3)
    assert govrules.vote(t, "board", for_=ayes, against=noes, matter="none").answer == other
    (why,) = [r for r in c.explanation if r.text.startswith("On a matter of kind `constitution`")]
    assert "at least two thirds" in why.text and why.source is not None
    assert why.source.clause == "6.1"


# --- ties by kind: tie_by_lot_on is one such variation --------------------------------------


@pytest.mark.parametrize(
    "voting",
    [
        {"tie_by_lot_on": ["co-option"], "tie_by_lot_source": "5.4"},
        {
            "by_matter": [
                {"matters": ["co-option"], "casting_vote": "none", "tie": "lot", "source": "5.4"}
            ]
        },
    ],
    ids=["tie_by_lot_on", "by_matter"],
)
def test_a_tie_on_a_co_option_is_decided_by_lot(voting: dict[str, Any]) -> None:
    t = board(voting)
    tie = {"for_": ["a", "a"], "against": ["b", "b"], "chair_casts": "for"}
    lot = govrules.vote(t, "board", matter="co-option", **tie)  # type: ignore[arg-type]
    assert (lot.answer, lot.tie) == ("tied", "lot")
    assert any(
        r.text == "On a matter of kind `co-option`, a tie is decided by lot, not by a casting vote."
        and r.source is not None
        and r.source.clause == "5.4"
        for r in lot.explanation
    )
    chair = govrules.vote(t, "board", matter="budget", **tie)  # type: ignore[arg-type]
    assert (chair.answer, chair.tie) == ("carried", "casting-vote")
    unsaid = govrules.vote(t, "board", **tie)  # type: ignore[arg-type]
    assert (unsaid.answer, unsaid.needs) == ("incomplete", ("--matter",))


def test_a_tie_without_a_casting_vote_given_still_depends_on_the_kind() -> None:
    # Tied either way, but awaiting the chair on one kind and going to lot on the other.
    t = board({"tie_by_lot_on": ["co-option"]})
    a = govrules.vote(t, "board", for_=["a", "a"], against=["b", "b"])
    assert a.answer == "incomplete"


# --- quorums by kind -----------------------------------------------------------------------

TWO_THIRDS_PRESENT = {
    "number": 2,
    "source": "4.1",
    "inquorate_decisions": "void",
    "by_matter": [{"matters": ["constitution"], "at_least": "2/3", "source": "6.1"}],
}


def test_a_kind_of_matter_may_have_a_quorum_of_its_own() -> None:
    t = board(quorum=TWO_THIRDS_PRESENT)  # 7 places: two thirds is 5
    own = govrules.quorum(t, "board", count=4, matter="constitution")
    assert (own.answer, own.required) == ("inquorate", 5)
    assert own.explanation[0].source is not None and own.explanation[0].source.clause == "6.1"
    assert govrules.quorum(t, "board", count=4, matter="budget").answer == "quorate"
    unsaid = govrules.quorum(t, "board", count=4)
    assert (unsaid.answer, unsaid.needs, unsaid.required) == ("incomplete", ("--matter",), None)
    assert govrules.quorum(t, "board", count=5).answer == "quorate"  # enough for every kind


def test_a_vote_binds_only_if_quorate_for_its_kind() -> None:
    t = board(quorum=TWO_THIRDS_PRESENT)
    votes = {"for_": ["a", "a", "a"], "against": ["b"]}
    void = govrules.vote(t, "board", matter="constitution", **votes)
    assert (void.answer, void.effect, void.binding) == ("carried", "void", False)
    ok = govrules.vote(t, "board", matter="none", **votes)
    assert (ok.answer, ok.effect) == ("carried", "binding")
    unsaid = govrules.vote(t, "board", **votes)
    assert unsaid.answer == "incomplete" and "carried (void)" in unsaid.explanation[0].text


# --- procedures for a kind of matter -------------------------------------------------------


def test_a_procedure_for_some_kinds_refuses_another() -> None:
    proc = {
        "id": "budget-referral",
        "name": "Budget referral",
        "matters": ["budget"],
        "steps": [{"action": "Vote", "body": "board", "vote": {**MAJORITY}}],
    }
    t = board(procedures=(proc,))
    with pytest.raises(QueryError, match="is for matters of kind `budget`, not `constitution`"):
        govrules.vote(
            t, "board", for_=["a"], against=[], procedure="budget-referral", matter="constitution"
        )
    a = govrules.vote(t, "board", for_=["a"], procedure="budget-referral", matter="budget")
    assert (a.answer, a.procedure) == ("carried", "budget-referral")
    with pytest.raises(QueryError, match="is for matters of kind"):
        govrules.voters(t, "board", procedure="budget-referral", matter="co-option")


# --- the vocabulary ---------------------------------------------------------------------------


def test_a_misspelt_kind_in_a_question_names_the_nearest() -> None:
    with pytest.raises(QueryError, match=r"no kind of matter `budgte`; did you mean `budget`\?"):
        govrules.vote(board(), "board", for_=["a"], matter="budgte")
    with pytest.raises(QueryError, match="no kind of matter `xyz`; kinds: budget, co-option"):
        govrules.quorum(board(), "board", count=3, matter="xyz")


def test_a_trust_without_kinds_refuses_one() -> None:
    with pytest.raises(QueryError, match="declares no kinds of matter"):
        govrules.voters(board(matters=[]), "board", matter="budget")


def test_the_older_name_matter_kind_still_works_and_may_not_disagree() -> None:
    t = board({"tie_by_lot_on": ["co-option"]})
    tie = {"for_": ["a"], "against": ["b"]}
    assert govrules.vote(t, "board", matter_kind="co-option", **tie).tie == "lot"
    with pytest.raises(QueryError, match="two kinds of matter"):
        govrules.vote(t, "board", matter="budget", matter_kind="co-option", **tie)


def _load_text(tmp_path: Path, text: str) -> LoadError:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        govrules.load(path)
    return caught.value


TRUST = """\
id: t
name: T
document: {title: T}
matters:
  - {id: budget, name: the budget}
bodies:
  - id: board
    name: Board
    seats: [{id: a, title: A}]
    voting:
      threshold: {more_than: 1/2}
      base: votes-cast
      by_matter:
        - matters: [budgte]
          threshold: {at_least: 2/3}
"""


def test_a_rule_naming_an_undeclared_kind_is_a_located_error(tmp_path: Path) -> None:
    err = _load_text(tmp_path, TRUST)
    assert (err.line, err.column) == (14, 21)  # at `budgte` itself
    assert "unknown kind of matter `budgte`; did you mean `budget`?" in err.message


def test_an_undeclared_kind_without_any_vocabulary_says_where_to_declare(tmp_path: Path) -> None:
    text = TRUST.replace("matters:\n  - {id: budget, name: the budget}\n", "")
    err = _load_text(tmp_path, text)
    assert "unknown kind of matter `budgte`" in err.message
    assert err.hint is not None and "`matters`" in err.hint


def test_none_is_not_a_kind_and_one_kind_has_one_rule(tmp_path: Path) -> None:
    err = _load_text(tmp_path, TRUST.replace("id: budget,", "id: none,").replace("budgte", "none"))
    assert "`none` cannot be a kind of matter" in err.message
    twice = TRUST.replace("budgte", "budget") + "        - {matters: [budget], tie: lot}\n"
    err = _load_text(tmp_path, twice)
    assert "`budget` is given two different rules" in err.message and err.line == 16
    lot = TRUST.replace("budgte", "budget").replace(
        "      by_matter:", "      tie_by_lot_on: [budget]\n      by_matter:"
    )
    assert "two different rules" in _load_text(tmp_path, lot).message


def test_a_kind_declared_twice_is_refused(tmp_path: Path) -> None:
    text = TRUST.replace("budgte", "budget").replace(
        "  - {id: budget, name: the budget}\n",
        "  - {id: budget, name: the budget}\n  - {id: budget, name: again}\n",
    )
    assert "kind of matter id `budget` is used twice" in _load_text(tmp_path, text).message


# --- validate's lint ---------------------------------------------------------------------------


def _codes(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return [
        (f.code, f.message) for f in govrules.validate(path).findings if f.code.startswith("GR22")
    ]


def test_validate_warns_of_a_kind_no_rule_treats_differently(tmp_path: Path) -> None:
    text = TRUST.replace("budgte", "budget").replace(
        "  - {id: budget, name: the budget}\n",
        "  - {id: budget, name: the budget}\n  - {id: grants, name: grants}\n",
    )
    assert _codes(tmp_path, text) == [
        (
            "GR220",
            "kind of matter `grants` is declared but no rule treats it differently, so naming "
            "it in a question changes nothing",
        )
    ]


def test_validate_warns_of_a_rule_by_kind_with_no_effect(tmp_path: Path) -> None:
    same = TRUST.replace("budgte", "budget").replace("{at_least: 2/3}", "{more_than: 50%}")
    (finding,) = _codes(tmp_path, same)
    assert finding == (
        "GR221",
        "this voting rule for `budget` in `board` is the same as the general one, so it has "
        "no effect",
    )
    quorum = TRUST.replace("budgte", "budget").replace(
        "    voting:\n",
        "    quorum:\n      number: 3\n      by_matter: [{matters: [budget], number: 3}]\n"
        "    voting:\n",
    )
    (finding,) = _codes(tmp_path, quorum)
    assert finding[0] == "GR221" and finding[1].startswith("this quorum rule for `budget`")
    unstated = TRUST.replace("budgte", "budget").replace(
        "      threshold: {more_than: 1/2}\n      base: votes-cast\n", "      status: unspecified\n"
    )
    (finding,) = _codes(tmp_path, unstated)
    assert finding == (
        "GR221",
        "the voting rule of `board` is not stated, so its `by_matter` has no effect",
    )


# --- show, diff ----------------------------------------------------------------------------------


def test_show_says_each_kind_and_each_rule_by_kind() -> None:
    d = govrules.show(govrules.load(JOINT)).to_dict()
    assert [m["id"] for m in d["matters"]] == ["budget", "constitution", "co-option"]
    body = d["bodies"][0]
    police = next(s for s in body["seats"] if s["id"] == "police-member")
    assert (police["voting"], police["votes_if"]) == (None, "the matter is not of kind `budget`")
    texts = [s["text"] for s in body["voting"]["by_matter"]]
    assert texts == [
        "On a matter of kind `constitution`: a resolution needs at least two thirds of the votes "
        "cast (members present and voting; abstentions do not count).",
        "On a matter of kind `co-option`: a tie is decided by lot, not by a casting vote.",
    ]
    (quorum,) = body["quorum"]["by_matter"]
    assert quorum["text"].startswith(
        "On a matter of kind `constitution`: Quorate when at least 2/3"
    )
    assert quorum["source"]["clause"] == "6.1"
    assert d["procedures"][0]["matters"] == ["budget"]


def _changes(old: govrules.Trust, new: govrules.Trust) -> list[tuple[str, str | None, str | None]]:
    return [(c.kind, c.before, c.after) for c in govrules.diff(old, new).changes]


def test_diff_shows_a_changed_rule_for_a_kind() -> None:
    old = board(TWO_THIRDS)
    stricter = {"by_matter": [{**TWO_THIRDS["by_matter"][0], "threshold": {"at_least": "3/4"}}]}
    ((kind, before, after),) = _changes(old, board(stricter))
    assert kind == "matter-rule-changed"
    assert before is not None and "at least two thirds" in before
    assert after is not None and "at least three quarters" in after


def test_diff_reads_tie_by_lot_on_as_the_variation_it_is_short_for() -> None:
    short = board({"tie_by_lot_on": ["co-option"], "tie_by_lot_source": "5.4"})
    long = board(
        {
            "by_matter": [
                {"matters": ["co-option"], "casting_vote": "none", "tie": "lot", "source": "5.4"}
            ]
        }
    )
    assert _changes(short, long) == []
    assert [k for k, _, _ in _changes(board(), short)] == ["matter-rule-changed"]


def test_diff_shows_a_quorum_a_vocabulary_and_a_procedure_changed_by_kind() -> None:
    old, new = (
        board(quorum=TWO_THIRDS_PRESENT),
        board(quorum={**TWO_THIRDS_PRESENT, "by_matter": []}),
    )
    ((kind, before, after),) = _changes(old, new)
    assert kind == "matter-quorum-changed"
    assert before == "on `constitution`, at least 2/3 of the membership"
    assert after == "none (every kind of matter has the same quorum)"
    fewer = board(matters=MATTERS[:2])
    assert _changes(board(), fewer) == [("matters-changed", "the co-option of a member", None)]
    proc = {"id": "p", "name": "P", "matters": ["budget"], "steps": [{"action": "x"}]}
    wider = {**proc, "matters": ["budget", "constitution"]}
    ((kind, before, after),) = _changes(board(procedures=(proc,)), board(procedures=(wider,)))
    assert (kind, before, after) == (
        "procedure-matters-changed",
        "`budget`",
        "`budget`, `constitution`",
    )


# --- meeting records -----------------------------------------------------------------------------

RECORD = """\
trust: {trust}
body: committee
date: 2026-03-01
attendees: [north-member, north-member, south-member, south-member, east-member]
decisions:
  - motion: Amend the standing orders
    matter: {matter}
    for: [north-member, north-member, south-member, south-member]
    against: [east-member]
"""


def _check(tmp_path: Path, matter: str) -> govrules.CheckAnswer:
    path = tmp_path / "record.yaml"
    path.write_text(RECORD.format(trust=JOINT, matter=matter), encoding="utf-8")
    return govrules.check(path)


def test_a_record_says_the_kind_and_is_checked_against_its_quorum(tmp_path: Path) -> None:
    # Five present: quorate for ordinary business (4.2), not for the constitution (6.1).
    amended = _check(tmp_path, "constitution")
    (decision,) = amended.decisions
    assert (decision.answer, decision.effect) == ("carried", "void")
    assert amended.answer == "invalid"
    assert any("needs a quorum of its own" in f.text for f in amended.findings)
    other = _check(tmp_path, "none")
    assert (other.answer, other.decisions[0].effect) == ("valid", "binding")


def test_a_record_without_the_kind_where_it_decides_is_not_settled(tmp_path: Path) -> None:
    text = RECORD.format(trust=JOINT, matter="x").replace("    matter: x\n", "")
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    a = govrules.check(path)
    assert (a.answer, a.needs) == ("incomplete", ("matter",))
    assert any("depends on the kind of matter" in f.text for f in a.findings)


def test_a_record_naming_an_undeclared_kind_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(GovrulesError) as caught:
        _check(tmp_path, "constitushun")
    assert isinstance(caught.value, LoadError) and caught.value.line == 7
    assert "did you mean `constitution`?" in caught.value.message


# --- the command line ---------------------------------------------------------------------------


def test_cli_matter_on_vote_voters_and_quorum(capsys: pytest.CaptureFixture[str]) -> None:
    j = str(JOINT)
    votes = (
        "--for",
        "north-member,north-member,police-member",
        "--against",
        "east-member,east-member",
    )
    code, out, _ = run_cli(capsys, "vote", j, "committee", *votes, "--format", "json")
    assert (code, json.loads(out)["needs"]) == (4, ["--matter"])
    code, out, _ = run_cli(
        capsys, "vote", j, "committee", *votes, "--matter", "budget", "--format", "json"
    )
    tied = json.loads(out)
    assert (code, tied["answer"], tied["for"]) == (1, "tied", 2)  # the police vote not counted
    code, _, _ = run_cli(capsys, "vote", j, "committee", *votes, "--matter-kind", "none")
    assert code == 0
    code, out, _ = run_cli(
        capsys, "voters", j, "committee", "--matter", "budget", "--format", "json"
    )
    assert code == 0 and [r["seat"] for r in json.loads(out)["non_voters"]] == ["police-member"]
    question = ("--count", "5", "--matter", "constitution", "--format", "json")
    code, out, _ = run_cli(capsys, "quorum", j, "committee", *question)
    assert (code, json.loads(out)["answer"], json.loads(out)["required"]) == (1, "inquorate", 6)


def test_cli_a_misspelt_kind_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys, "quorum", str(JOINT), "committee", "--count", "5", "--matter", "co-opton"
    )
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "govrules: error: trust `joint-committee` has no kind of matter `co-opton`; "
        "did you mean `co-option`?"
    ]
    code, out, _ = run_cli(
        capsys, "vote", str(JOINT), "committee", "--for", "north-member", "--matter", "co-opton",
        "--format", "json",
    )  # fmt: skip
    assert code == 2 and "did you mean `co-option`?" in json.loads(out)["error"]["message"]


# --- the gallery ---------------------------------------------------------------------------------


def test_the_joint_committee_validates_and_its_scenarios_pass() -> None:
    errors = [f for f in govrules.validate(JOINT).findings if f.severity == "error"]
    assert errors == []
    report = run_scenarios([GALLERY / "scenarios" / "joint-committee.yaml"])
    assert len(report.results) >= 15
    assert [r.name for r in report.results if r.status != "passed"] == []


def test_govrules_test_runs_the_joint_committee(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "test", str(GALLERY / "scenarios" / "joint-committee.yaml"))
    assert code == 0 and "0 failed" in out


# --- over HTTP ---------------------------------------------------------------------------------


def test_serve_forwards_the_kind_of_matter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serving = pytest.importorskip("test_serve")  # needs the `serve` extra
    (tmp_path / "joint-committee.yaml").write_text(JOINT.read_text(encoding="utf-8"))
    server = serving.start("--trusts-dir", str(tmp_path))
    try:
        votes = {"for": ["north-member", "north-member", "police-member"]}
        votes["against"] = ["east-member", "east-member"]
        base = {"trust": "joint-committee", "body": "committee"}
        args = ("--for", ",".join(votes["for"]), "--against", ",".join(votes["against"]))
        jc = str(tmp_path / "joint-committee.yaml")
        budget = serving.same(
            server, capsys, "/vote", {**base, **votes, "matter": "budget"},
            "vote", jc, "committee", *args, "--matter", "budget",
        )  # fmt: skip
        assert (budget["answer"], budget["for"]) == ("tied", 2)
        older = server.post("/vote", {**base, **votes, "matter_kind": "budget"}).json()
        assert older == budget
        unsaid = server.post("/vote", {**base, **votes})
        assert (unsaid.json()["needs"], unsaid.headers["x-govrules-exit"]) == (["--matter"], "4")
        voters = server.post("/voters", {**base, "matter": "budget"}).json()
        assert [r["seat"] for r in voters["non_voters"]] == ["police-member"]
        quorum = server.post("/quorum", {**base, "count": 5, "matter": "constitution"}).json()
        assert (quorum["answer"], quorum["required"]) == ("inquorate", 6)
        typo = server.post("/quorum", {**base, "count": 5, "matter": "budgte"})
        assert typo.status_code >= 400
        assert "did you mean `budget`?" in typo.json()["error"]["message"]
    finally:
        serving.stop(server)


def test_escalate_says_which_kinds_a_procedure_is_for() -> None:
    a = govrules.escalate(govrules.load(JOINT), "committee", procedure="budget-referral")
    (line,) = [r for r in a.explanation if "kind" in r.text]
    assert line.text == "It is for matters of kind `budget`."
    assert line.source is not None and line.source.clause == "5.5"


def test_tab_completes_the_kinds_a_trust_declares() -> None:
    offered = complete(f"govrules vote {JOINT} committee --matter co")
    assert offered == ["constitution", "co-option"]


def test_diff_shows_a_seat_that_now_votes_only_on_some_kinds() -> None:
    everything = board({"exceptions": [{"seat": "police", "votes": False, "source": "5.3"}]})
    ((kind, before, after),) = _changes(everything, board(POLICE_OFF_BUDGET))
    assert (kind, before, after) == ("vote-now-conditional", "no vote", "votes on some matters")
    (change,) = govrules.diff(everything, board(POLICE_OFF_BUDGET)).changes
    assert "only if the matter is not of kind `budget`" in change.text
    assert change.source is not None and change.source.clause == "5.3"


def test_a_quorum_of_the_voting_seats_counts_a_seat_by_the_kind() -> None:
    # 7 seats, all voting except the police on the budget: half of 7 is 4, half of 6 is 3.
    t = board(POLICE_OFF_BUDGET, quorum={"at_least": "1/2", "of": "voting-seats", "source": "4"})
    present = ["a", "a", "b"]
    assert govrules.quorum(t, "board", present=present, matter="budget").answer == "quorate"
    assert govrules.quorum(t, "board", present=present, matter="none").answer == "inquorate"
    unsaid = govrules.quorum(t, "board", present=present)
    assert (unsaid.answer, unsaid.needs) == ("incomplete", ("--matter",))


def test_a_procedure_for_one_kind_says_the_kind_and_for_several_asks_among_them() -> None:
    step = {"action": "Vote", "body": "board", "vote": {**MAJORITY, **POLICE_OFF_BUDGET}}
    one = {"id": "budget-vote", "name": "Budget vote", "matters": ["budget"], "steps": [step]}
    two = {**one, "id": "money", "matters": ["budget", "constitution"]}
    t = board(procedures=(one, two))
    votes = {"for_": ["a", "a", "police"], "against": ["b", "b"]}
    implied = govrules.vote(t, "board", procedure="budget-vote", **votes)
    assert (implied.answer, implied.for_) == ("tied", 2)  # on the budget: police not counted
    assert [r.seat for r in govrules.voters(t, "board", procedure="budget-vote").non_voters] == [
        "police"
    ]
    among = govrules.vote(t, "board", procedure="money", **votes)
    assert (among.answer, among.needs) == ("incomplete", ("--matter",))
    assert "on `constitution`, carried; on `budget`, tied" in among.explanation[0].text


def test_a_record_without_the_kind_where_a_voter_may_have_had_no_vote(tmp_path: Path) -> None:
    # 4 to 1 carries on every kind, but on a budget matter the police representative's vote
    # was not one it had: the record does not say which.
    text = RECORD.format(trust=JOINT, matter="x").replace("    matter: x\n", "")
    text = text.replace("south-member, east-member]", "south-member, east-member, police-member]")
    text = text.replace(
        "for: [north-member, north-member, south-member, south-member]",
        "for: [north-member, north-member, south-member, police-member]",
    )
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    a = govrules.check(path)
    assert (a.answer, a.needs) == ("incomplete", ("matter",))
    assert a.decisions[0].answer == "carried"
    (finding,) = [f for f in a.findings if "police-member" in f.text]
    assert finding.severity == "unspecified"
    assert "has no vote on a matter of kind `budget`" in finding.text
    assert finding.source is not None and finding.source.clause == "5.3"
    said = path.read_text(encoding="utf-8").replace(
        "  - motion: Amend the standing orders\n",
        "  - motion: Amend the standing orders\n    matter: none\n",
    )
    path.write_text(said, encoding="utf-8")
    assert govrules.check(path).answer == "valid"


def test_audit_judges_each_meeting_by_the_kinds_its_records_give(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "a.yaml").write_text(RECORD.format(trust=JOINT, matter="constitution"))
    later = RECORD.format(trust=JOINT, matter="none").replace("2026-03-01", "2026-06-01")
    (folder / "b.yaml").write_text(later)
    a = govrules.audit(govrules.load(JOINT), [folder])
    assert [(m["date"], m["answer"]) for m in a.meetings] == [
        ("2026-03-01", "invalid"),
        ("2026-06-01", "valid"),
    ]


def test_an_exception_by_kind_that_the_general_rule_agrees_with_leaves_nothing_open() -> None:
    # "The co-opted member votes on co-options": it votes on everything anyway.
    t = board({"exceptions": [{"seat": "police", "votes": True, "matters": ["co-option"]}]})
    a = govrules.voters(t, "board")
    assert (a.answer, a.undetermined) == ("determined", ())
    assert "police" in {r.seat for r in a.voters}
    # Under a condition that already bars the seat, "does not vote on budget matters" is moot.
    barred = board(
        {
            "condition": {"not": {"seat_in": ["police"]}},
            "exceptions": [{"seat": "police", "votes": False, "matters": ["budget"]}],
        }
    )
    b = govrules.voters(barred, "board")
    assert (b.answer, [r.seat for r in b.non_voters]) == ("determined", ["police"])
