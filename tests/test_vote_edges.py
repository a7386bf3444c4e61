"""Ties no casting vote can break, results with no votes for or against, and casting votes
under every base and threshold, through the library and the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import one_body_trust
from clirun import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import govrules

BOARD = "strategic-board"


def board(
    base: str, threshold: dict[str, Any], casting: str = "chair-has", seats: int = 10, **voting: Any
) -> govrules.Trust:
    """A one-seat board whose ``seats`` members are ``member``; the chair holds that seat."""
    trust = one_body_trust(
        {"number": 1},
        {"threshold": threshold, "base": base, "casting_vote": casting, "source": "2", **voting},
        seats,
    )
    data = trust.model_dump(by_alias=True, exclude_defaults=True)
    data["bodies"][0]["chair"] = {"seat": "member", "source": "3"}
    return govrules.Trust.model_validate(data)


def ask(
    trust: govrules.Trust,
    f: int,
    a: int,
    b: int = 0,
    present: int | None = None,
    chair: str | None = None,
) -> govrules.VoteAnswer:
    return govrules.vote(
        trust,
        "board",
        for_=["member"] * f,
        against=["member"] * a,
        abstain=["member"] * b,
        present=None if present is None else ["member"] * present,
        chair_casts=chair,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------ the three faults


def test_suffolk_tie_no_casting_vote_could_break_is_lost(suffolk: govrules.Trust) -> None:
    # 10.3.1: more than half of the 10 voting members present. 3-3 with 4 abstaining: a
    # casting vote would make 4 of 10, still short of 6, so the silence of 10.3 cannot matter.
    a = govrules.vote(
        suffolk,
        BOARD,
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk"],
        against=["schools", "schools", "jobcentre-plus"],
        abstain=["fe-college", "governors-forum", "vcs", "vcs"],
    )
    # Read as the votes cast (a reading of 10.3.1), 3-3 is a tie the MoU gives no way to
    # break; under the readings that count those present it is lost, as here.
    assert (a.answer, a.for_, a.against, a.base) == ("unspecified", 3, 3, None)
    by_base = {
        dict(r.values).get("strategic-board.voting.base", "present"): r.answer for r in a.readings
    }
    assert by_base == {"present": "lost", "everyone-present": "lost", "votes-cast": "unspecified"}


@pytest.mark.parametrize("casting", ["chair-has", "chair-may", "unspecified", "none"])
@pytest.mark.parametrize("chair", [None, "for", "against"])
def test_one_all_under_three_quarters_of_votes_cast_is_lost(
    casting: str, chair: str | None
) -> None:
    # 2 of 3 (with the casting vote) is less than three quarters: lost whatever the chair does.
    trust = board("votes-cast", {"at_least": "3/4"}, casting, seats=4)
    a = ask(trust, 1, 1, chair=chair)
    assert (a.answer, a.tie) == ("lost", "cannot-change")


@pytest.mark.parametrize("base", ["votes-cast", "present", "voting-members"])
@pytest.mark.parametrize("casting", ["chair-has", "chair-may", "unspecified", "none"])
@pytest.mark.parametrize("chair", [None, "for", "against"])
def test_everyone_abstaining_is_lost_and_never_called_a_tie(
    base: str, casting: str, chair: str | None
) -> None:
    trust = board(base, {"more_than": "1/2"}, casting, seats=3)
    for abstaining in (1, 3):
        a = ask(trust, 0, 0, abstaining, chair=chair)
        assert (a.answer, a.tie) == ("lost", "no-votes"), (abstaining, a.explanation)
        text = " ".join(r.text for r in a.explanation)
        assert "A tie" not in text and "not settled" not in text
        assert "needed needed" not in text and "carry needed" not in text
        assert "no votes for or against" in text


def test_nothing_can_carry_is_no_longer_said() -> None:
    a = ask(board("votes-cast", {"more_than": "1/2"}, seats=3), 0, 0, 2)
    assert all("nothing can carry" not in r.text for r in a.explanation)
    assert (a.required, a.required_text) == (1, "at least 1 vote for")


# ------------------------------------------------------------------ casting votes, every base


# base, threshold, for, against, abstaining, spoilt, present, chair's vote, answer, tie
CASES: list[tuple[str, dict[str, Any], int, int, int, int, int, str | None, str, str | None]] = [
    # "present": the casting vote adds a vote for but no one present: 4 of 8 is not > 4.
    ("present", {"more_than": "1/2"}, 3, 3, 2, 0, 8, "for", "lost", "cannot-change"),
    ("present", {"more_than": "1/2"}, 3, 3, 2, 0, 8, None, "lost", "cannot-change"),
    ("present", {"more_than": "1/2"}, 3, 3, 1, 0, 7, "for", "carried", "casting-vote"),
    ("present", {"more_than": "1/2"}, 3, 3, 1, 0, 7, None, "tied", "awaiting-casting-vote"),
    ("present", {"more_than": "1/2"}, 3, 3, 1, 0, 7, "against", "lost", "casting-vote"),
    ("present", {"at_least": "3/4"}, 3, 3, 0, 0, 6, "for", "lost", "cannot-change"),
    ("present", {"at_least": "2/3"}, 2, 2, 0, 0, 4, "for", "carried", "casting-vote"),
    # "votes-cast": the casting vote is one more vote cast: 4 of 7 is more than half.
    ("votes-cast", {"more_than": "1/2"}, 3, 3, 4, 0, 10, "for", "carried", "casting-vote"),
    ("votes-cast", {"at_least": "2/3"}, 2, 2, 0, 0, 4, "for", "lost", "cannot-change"),
    ("votes-cast", {"more_than": "2/3"}, 5, 5, 0, 0, 10, None, "lost", "cannot-change"),
    ("votes-cast", {"at_least": "3/4"}, 3, 3, 0, 0, 6, "for", "lost", "cannot-change"),
    # equal votes the count carries on its own: no casting vote is used
    ("votes-cast", {"at_least": "1/2"}, 2, 2, 0, 0, 4, "against", "carried", None),
    ("votes-cast", {"more_than": "1/3"}, 2, 2, 0, 0, 4, None, "carried", None),
    # "voting-members": every member, present or not (10): 6 of 10 > 5, 5 of 10 is not.
    ("voting-members", {"more_than": "1/2"}, 5, 5, 0, 0, 10, "for", "carried", "casting-vote"),
    ("voting-members", {"more_than": "1/2"}, 4, 4, 0, 0, 8, "for", "lost", "cannot-change"),
    ("voting-members", {"at_least": "2/3"}, 5, 5, 0, 0, 10, "for", "lost", "cannot-change"),
    # "ballots-cast": abstentions and spoilt ballots count, and so does the casting vote.
    ("ballots-cast", {"more_than": "1/2"}, 3, 3, 0, 0, 6, "for", "carried", "casting-vote"),
    ("ballots-cast", {"more_than": "1/2"}, 3, 3, 1, 0, 7, "for", "lost", "cannot-change"),
    ("ballots-cast", {"more_than": "1/2"}, 3, 3, 0, 1, 7, "for", "lost", "cannot-change"),
    ("ballots-cast", {"more_than": "1/2"}, 4, 3, 0, 2, 9, None, "lost", None),
    ("ballots-cast", {"more_than": "1/2"}, 4, 3, 0, 0, 9, None, "carried", None),
    # unanimity: a tie has votes against, so nothing can carry it
    ("votes-cast", {"unanimous": True}, 1, 1, 0, 0, 2, "for", "lost", "cannot-change"),
    ("present", {"unanimous": True}, 2, 0, 1, 0, 3, None, "lost", None),
    ("present", {"unanimous": True}, 3, 0, 0, 0, 3, None, "carried", None),
]


def _case_id(case: tuple[Any, ...]) -> str:
    base, threshold, f, a, b, x, present, chair = case[:8]
    words = "-".join(f"{k}-{v}" for k, v in threshold.items()).replace("/", "_")
    return f"{base}-{words}-{f}-{a}-{b}-{x}of{present}-{chair}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_casting_votes_under_every_base_and_threshold(case: tuple[Any, ...]) -> None:
    base, threshold, f, a, b, spoilt, present, chair, answer, tie = case
    trust = board(base, threshold)
    got = govrules.vote(
        trust,
        "board",
        for_=["member"] * f,
        against=["member"] * a,
        abstain=["member"] * b,
        present=["member"] * present,
        chair_casts=chair,
        invalid=spoilt,
    )
    assert (got.answer, got.tie) == (answer, tie), [r.text for r in got.explanation]
    assert (got.for_, got.against, got.abstain, got.invalid) == (f, a, b, spoilt)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli(capsys, *args)
    assert err == ""
    return code, json.loads(out)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_casting_votes_through_the_command_line(
    case: tuple[Any, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, threshold, f, a, b, spoilt, present, chair, answer, tie = case
    path = tmp_path / "board.yaml"
    path.write_text(
        yaml.safe_dump(board(base, threshold).model_dump(mode="json", by_alias=True)),
        encoding="utf-8",
    )
    ids = {n: ",".join(["member"] * n) for n in {f, a, b, present}}
    args = ["vote", str(path), "board", "--present", ids[present], "--format", "json"]
    for option, n in (("--for", f), ("--against", a), ("--abstain", b)):
        if n:
            args += [option, ids[n]]
    if chair:
        args += ["--chair-casts", chair]
    if spoilt:
        args += ["--invalid", str(spoilt)]
    status, data = _cli(capsys, *args)
    assert (data["answer"], data["tie"], data["invalid"]) == (answer, tie, spoilt)
    assert status == {"carried": 0, "lost": 1, "tied": 1}[answer]


# ------------------------------------------------------------ explanations state the answer

STATED = {
    # words an explanation uses to state an outcome, and the outcome they state
    "so the resolution is lost": "lost",
    "so the resolution is carried": "carried",
    "so the resolution fails": "lost",
    "so the tie stands": "tied",
    "not yet recorded (give --chair-casts)": "tied",
    "to be decided by lot": "tied",
    "so the tie is not settled": "unspecified",
    "so the MoU does not settle it": "unspecified",
}
TIE_ANSWERS = {
    "no-votes": {"lost"},
    "cannot-change": {"lost"},
    "casting-vote": {"carried", "lost"},
    "awaiting-casting-vote": {"tied"},
    "stands": {"tied"},
    "lot": {"tied"},
    "fails": {"lost"},
    "unsettled": {"unspecified"},
    None: {"carried", "lost", "unspecified"},
}


@st.composite
def questions(draw: st.DrawFn) -> tuple[govrules.Trust, dict[str, Any]]:
    seats = draw(st.integers(1, 8))
    how = draw(st.sampled_from(["more_than", "at_least", "unanimous"]))
    if how == "unanimous":
        threshold: dict[str, Any] = {"unanimous": True}
    else:
        q = draw(st.integers(1, 6))
        threshold = {how: f"{draw(st.integers(1, q))}/{q}"}
    bases = draw(
        st.lists(
            st.sampled_from(["votes-cast", "ballots-cast", "present", "voting-members"]),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    extra: dict[str, Any] = {}
    tie = draw(st.sampled_from([None, "fails", "lot"]))
    if tie:
        extra["tie"] = tie
    casting = draw(st.sampled_from(["none", "chair-has", "chair-may", "unspecified"]))
    trust = board(bases[0], threshold, casting, seats, **extra)
    if len(bases) > 1:
        # Another reading of the base, recorded as a gap's readings.
        data = trust.model_dump(by_alias=True, exclude_defaults=True)
        data["gaps"] = [
            {
                "kind": "ambiguous",
                "note": "the base admits another reading",
                "source": "2",
                "subject": "board.voting.base",
                "readings": [{"value": b} for b in bases[1:]],
            }
        ]
        trust = govrules.Trust.model_validate(data)
    present = draw(st.integers(1, seats))
    f = draw(st.integers(0, present))
    a = draw(st.integers(0, present - f))
    b = draw(st.integers(0, present - f - a))
    spoilt = draw(st.integers(0, present - f - a - b))
    if f + a + b + spoilt == 0:
        b = 1
    question = {
        "for_": ["member"] * f,
        "against": ["member"] * a,
        "abstain": ["member"] * b,
        "present": ["member"] * present,
        "invalid": spoilt,
        "chair_casts": draw(st.sampled_from([None, "for", "against"])),
    }
    return trust, question


@settings(max_examples=300, deadline=None)
@given(questions())
def test_the_explanation_never_contradicts_the_answer(
    drawn: tuple[govrules.Trust, dict[str, Any]],
) -> None:
    trust, question = drawn
    got = govrules.vote(trust, "board", **question)
    stated = [
        (words, outcome)
        for r in got.explanation
        for words, outcome in STATED.items()
        if words in r.text
    ]
    assert all(outcome == got.answer for _, outcome in stated), (got.answer, stated)
    assert got.answer in TIE_ANSWERS[got.tie], (got.answer, got.tie)
    if got.tie is not None or got.answer in ("tied", "unspecified"):
        assert stated, [r.text for r in got.explanation]  # a tie always says how it ended
    text = " ".join(r.text for r in got.explanation)
    assert "needed needed" not in text and "carry needed" not in text
    if got.for_ == 0 and got.against == 0:
        assert (got.answer, got.tie) == ("lost", "no-votes")
        assert "A tie" not in text
