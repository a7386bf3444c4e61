"""What a vote reads of the seats' rights: the members present's, where the base counts those
present alone; every seat's, where it is a share of every voting member. A reading of an
absent seat's right is weighed exactly where it can move the count."""

from __future__ import annotations

import random
from typing import Any

import builders
import pytest

import govrules
from govrules import VoteAnswer
from govrules.evaluating import voting

SEATS = [{"id": s, "title": s.upper()} for s in ("a", "b", "c", "d")]
PRESENT_BASES = ["votes-cast", "ballots-cast", "present", "everyone-present"]


def _trust(base: str, gap_subject: str, value: Any, **voting_more: Any) -> Any:
    # A tie fails: each reading's outcome is carried or lost.
    rule = {"threshold": {"more_than": "1/2"}, "base": base, "casting_vote": "none"}
    rule |= {"source": "6.1", **voting_more}
    body = {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": rule}
    gap = {
        "subject": gap_subject,
        "kind": "ambiguous",
        "note": "Read either way.",
        "source": {"clause": "9"},
        "readings": [{"value": value, "note": "the other way"}],
    }
    return builders.trust_of(body, gaps=[gap])


def _d_votes_or_not(base: str) -> Any:
    """A board of four whose seat ``d`` votes as encoded; 9 reads that it does not."""
    exception = [{"seat": "d", "votes": True, "source": "6.2"}]
    return _trust(base, "board.voting.exceptions.d.votes", False, exceptions=exception)


def _vote(trust: Any, **question: Any) -> VoteAnswer:
    got = govrules.vote(trust, "board", **question)
    assert isinstance(got, VoteAnswer)
    return got


@pytest.mark.parametrize("base", PRESENT_BASES)
def test_an_absent_seats_right_is_not_weighed_where_the_base_counts_those_present(
    base: str,
) -> None:
    got = _vote(_d_votes_or_not(base), for_=["a", "b"], against=["c"])
    assert got.answer == "carried" and got.readings == ()
    assert not any("Recorded gap" in r.text for r in got.explanation)


@pytest.mark.parametrize("base", PRESENT_BASES)
def test_a_present_seats_right_is_weighed_whatever_the_base(base: str) -> None:
    got = _vote(_d_votes_or_not(base), for_=["a", "b"], against=["c", "d"])
    assert any("Recorded gap" in r.text for r in got.explanation)
    if base != "everyone-present":
        # ``d`` counted, 2 for and 2 against is a tie, which fails; not counted, 2 to 1.
        assert got.answer == "unspecified"
        assert sorted(r.answer for r in got.readings) == ["carried", "lost"]
    else:
        # Everyone present is the base either way: 2 of 4 is not more than half.
        assert got.answer == "lost"


def test_an_absent_seats_right_is_weighed_where_the_base_is_every_voting_member() -> None:
    """Two for, none against, ``d`` absent: of four voting members two is not more than half;
    of three (``d`` not voting) it is."""
    got = _vote(_d_votes_or_not("voting-members"), for_=["a", "b"])
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


def test_a_reading_that_adds_an_exception_for_a_present_seat_is_weighed() -> None:
    """The readings are of the whole list of exceptions: one gives ``c`` no vote, though ``c``
    has no exception as encoded."""
    trust = _trust("votes-cast", "board.voting.exceptions", [{"seat": "c", "votes": False}])
    got = _vote(trust, for_=["a"], against=["c"])
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


def _said(answer: VoteAnswer) -> tuple[Any, ...]:
    return (
        answer.answer,
        answer.effect,
        answer.binding,
        answer.tie,
        answer.for_,
        answer.against,
        answer.abstain,
        answer.base,
        answer.required,
        answer.needs,
    )


@pytest.mark.parametrize("name", ["cumbria", "durham", "rutland", "suffolk", "wirral"])
def test_reading_the_members_present_alone_answers_as_reading_every_seat(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every body of a bundled trust, random votes: the answer read from the seats present
    is the answer read from every seat (the outcome, its effect and its numbers)."""
    trust = govrules.load(name)
    rng = random.Random(name)
    questions = []
    for body in trust.bodies:
        places = [s.id for s in body.seats for _ in range(s.count)]
        for _ in range(12 if places else 0):
            present = rng.sample(places, rng.randint(1, len(places)))
            split: tuple[list[str], list[str], list[str]] = ([], [], [])
            for seat in present:
                split[rng.choices((0, 1, 2), weights=(5, 4, 1))[0]].append(seat)
            questions.append((body.id, *split))
    assert questions

    def ask() -> list[tuple[Any, ...]]:
        out = []
        for body_id, for_, against, abstain in questions:
            try:
                got = govrules.vote(trust, body_id, for_=for_, against=against, abstain=abstain)
            except govrules.QueryError as exc:
                out.append(("refused", str(exc)))
                continue
            assert isinstance(got, VoteAnswer)
            out.append(_said(got))
        return out

    precise = ask()
    monkeypatch.setattr(voting, "_COUNTS_PRESENT", frozenset())  # every base reads every seat
    assert precise == ask()
