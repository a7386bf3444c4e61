"""Ties no casting vote can break, results with no votes for or against, and casting votes
under every base and threshold, through the library and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from builders import one_body_trust

import govrules
from govrules.cli import cli

BOARD = "strategic-board"


def board(
    base: str, threshold: dict[str, Any], casting: str = "chair-has", seats: int = 10, **voting: Any
) -> govrules.Trust:
    """A one-seat board whose ``seats`` members are ``member``; the chair holds that seat."""
    trust = one_body_trust(
        {"at_least": "1/2"},
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
    assert (a.answer, a.for_, a.against, a.base, a.tie) == ("lost", 3, 3, 10, "cannot-change")
    assert any("could change the outcome" in r.text for r in a.explanation)
    assert not any(r.text.startswith("A tie:") for r in a.explanation)


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
    assert a.required == "at least 1 vote for"
