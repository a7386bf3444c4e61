"""The vote arithmetic against a deliberately naive reference written from the rules' words.

``reference`` below is each base and threshold as a document words it, in exact fractions,
a few lines each, sharing nothing with ``govrules.evaluating.voting``. The engine must agree with
it on
every tuple of votes for bodies of up to six members (and for a body whose members carry 1, 2
and 3 votes), with every casting-vote rule and casting vote, every reading of the base, and
over generated bodies, weights and thresholds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import govrules

BASES = ("votes-cast", "ballots-cast", "present", "voting-members")
THRESHOLDS: tuple[tuple[str, Fraction], ...] = (
    ("more_than", Fraction(1, 2)),  # a simple majority
    ("at_least", Fraction(1, 2)),
    ("more_than", Fraction(2, 3)),
    ("at_least", Fraction(2, 3)),
    ("at_least", Fraction(3, 4)),
    ("more_than", Fraction(1, 3)),
    ("unanimous", Fraction(1)),
)
CASTINGS: tuple[tuple[str, str | None, str | None], ...] = (
    # (casting_vote, tie, the chair's casting vote given)
    ("chair-has", None, None),
    ("chair-has", None, "for"),
    ("chair-has", None, "against"),
    ("chair-may", None, None),
    ("chair-may", None, "for"),
    ("none", None, "for"),
    ("unspecified", None, None),
    ("unspecified", "lot", None),
    ("unspecified", "fails", "for"),
)

AT_A_TIE = (*CASTINGS[:3], CASTINGS[5], CASTINGS[6])
"""The casting rules a small body's every tie is put to: has (not given, for, against), none
and unspecified."""


@dataclass(frozen=True)
class Count:
    """Votes (a member carrying k votes counts k times), as a reference reads them."""

    for_: int
    against: int
    abstain: int
    invalid: int
    present: int
    members: int


def reference(
    base: str,
    threshold: tuple[str, Fraction],
    casting: str,
    tie: str | None,
    chair: str | None,
    c: Count,
) -> str:
    """The outcome, read from the words of the rule."""
    # "of the votes cast" / "of the ballots cast" / "of the members present" / "of all members"
    of = {
        "votes-cast": c.for_ + c.against,
        "ballots-cast": c.for_ + c.against + c.abstain + c.invalid,
        "present": c.present,
        "voting-members": c.members,
    }[base]

    def met(yes: int, no: int, of: int) -> bool:
        if yes == 0:  # "more than half of no votes" is not met, nor is any share of nothing
            return False
        words, share = threshold
        if words == "unanimous":  # every one of them for
            return no == 0 and yes == of
        if words == "more_than":
            return Fraction(yes, of) > share
        return Fraction(yes, of) >= share

    if c.for_ == 0 and c.against == 0:
        return "lost"  # no one voted on it: nothing carried, nothing tied
    if met(c.for_, c.against, of):
        return "carried"
    if c.for_ != c.against:
        return "lost"
    # Equal votes. A casting vote is one more vote cast (so one more ballot), not one more
    # member present or entitled; a tie it could not carry is lost whoever breaks it.
    if not met(c.for_ + 1, c.against, of + (base in ("votes-cast", "ballots-cast"))):
        return "lost"
    if casting in ("chair-has", "chair-may"):
        return {"for": "carried", "against": "lost", None: "tied"}[chair]
    if tie == "lot":
        return "tied"
    if casting == "none" or tie == "fails":
        return "lost"
    return "unspecified"


def reference_with_readings(
    bases: tuple[str, ...],
    threshold: tuple[str, Fraction],
    casting: str,
    tie: str | None,
    chair: str | None,
    c: Count,
) -> str:
    """Where the wording admits several bases, an outcome they do not all give is unsettled."""
    outcomes = {reference(b, threshold, casting, tie, chair, c) for b in bases}
    return outcomes.pop() if len(outcomes) == 1 else "unspecified"


# ------------------------------------------------------------------------------ the engine


def _threshold(threshold: tuple[str, Fraction]) -> dict[str, Any]:
    words, share = threshold
    if words == "unanimous":
        return {"unanimous": True}
    return {words: f"{share.numerator}/{share.denominator}"}


@cache
def body_trust(
    seats: tuple[tuple[int, int, bool], ...],
    bases: tuple[str, ...],
    threshold: tuple[str, Fraction],
    casting: str,
    tie: str | None,
) -> govrules.Trust:
    """A trust of one body whose seats ``s0``, ``s1``, ... have (places, weight, whether the
    weight is the partner's); ``s0`` chairs."""
    voting: dict[str, Any] = {
        "threshold": _threshold(threshold),
        "base": bases[0],
        "casting_vote": casting,
        "source": "2",
    }
    if tie is not None:
        voting["tie"] = tie
    partners, seat_list = [], []
    for i, (places, weight, by_partner) in enumerate(seats):
        seat: dict[str, Any] = {"id": f"s{i}", "title": f"Seat {i}", "count": places}
        if by_partner:
            partners.append({"id": f"p{i}", "name": f"Partner {i}", "weight": weight})
            seat["partner"] = f"p{i}"
        elif weight != 1:
            seat["weight"] = weight
        seat_list.append(seat)
    return govrules.Trust.model_validate(
        {
            "id": "differential",
            "name": "Differential",
            "document": {"title": "Differential"},
            "partners": partners,
            "bodies": [
                {
                    "id": "board",
                    "name": "The Board",
                    "chair": {"seat": "s0", "source": "3"},
                    "seats": seat_list,
                    "quorum": {"at_least": "1/2", "source": "1"},
                    "voting": voting,
                }
            ],
            # Other readings of the base, recorded as a gap's readings.
            "gaps": [
                {
                    "kind": "ambiguous",
                    "note": "the base admits other readings",
                    "source": "2",
                    "subject": "board.voting.base",
                    "readings": [{"value": b} for b in bases[1:]],
                }
            ]
            if len(bases) > 1
            else [],
        }
    )


@dataclass(frozen=True)
class Ballot:
    """How each member voted: lists of seat ids (a seat once for each of its members)."""

    for_: tuple[str, ...]
    against: tuple[str, ...]
    abstain: tuple[str, ...]
    present: tuple[str, ...]
    invalid: int


def count(seats: tuple[tuple[int, int, bool], ...], ballot: Ballot) -> Count:
    weight = {f"s{i}": w for i, (_, w, _) in enumerate(seats)}

    def votes(ids: tuple[str, ...]) -> int:
        return sum(weight[s] for s in ids)

    return Count(
        votes(ballot.for_),
        votes(ballot.against),
        votes(ballot.abstain),
        ballot.invalid,
        votes(ballot.present),
        sum(places * w for places, w, _ in seats),
    )


def agree(
    seats: tuple[tuple[int, int, bool], ...],
    bases: tuple[str, ...],
    threshold: tuple[str, Fraction],
    casting: tuple[str, str | None, str | None],
    ballot: Ballot,
) -> None:
    vote_rule, tie, chair = casting
    trust = body_trust(seats, bases, threshold, vote_rule, tie)
    answer = govrules.vote(
        trust,
        "board",
        for_=ballot.for_,
        against=ballot.against,
        abstain=ballot.abstain,
        present=ballot.present,
        chair_casts=chair,  # type: ignore[arg-type]
        invalid=ballot.invalid,
    )
    c = count(seats, ballot)
    expected = reference_with_readings(bases, threshold, vote_rule, tie, chair, c)
    assert answer.answer == expected, (bases, threshold, casting, c, answer.explanation)
    assert (answer.for_, answer.against, answer.abstain) == (c.for_, c.against, c.abstain)


def one_seat_ballots(members: int) -> Iterator[Ballot]:
    """Every (for, against, abstaining, spoilt, silent) split of ``members`` members of one seat
    who attend, with the rest absent; a spoilt ballot is a silent member's."""
    for f, a, b, silent in itertools.product(range(members + 1), repeat=4):
        if f + a + b + silent > members or f + a + b == 0:
            continue
        for invalid in sorted({0, silent}):
            yield Ballot(
                ("s0",) * f,
                ("s0",) * a,
                ("s0",) * b,
                ("s0",) * (f + a + b + silent),
                invalid,
            )


def test_every_tuple_of_bodies_up_to_six_members_agrees() -> None:
    checked = 0
    for members in range(1, 7):
        seats = ((members, 1, False),)
        for ballot in one_seat_ballots(members):
            tied = len(ballot.for_) == len(ballot.against)
            for base, threshold in itertools.product(BASES, THRESHOLDS):
                if ballot.invalid and base != "ballots-cast":
                    continue  # only that base counts spoilt ballots; the rest see a silent member
                # A casting-vote rule can matter only at a tie; away from one, one suffices.
                # (The weighted body and the generated votes take every casting rule.)
                for casting in AT_A_TIE if tied else CASTINGS[1:2]:
                    agree(seats, (base,), threshold, casting, ballot)
                    checked += 1
    assert checked > 15_000


def test_every_tuple_of_a_weighted_body_agrees() -> None:
    # Members carrying 1 (the chair), 2 and 3 votes (the last through its partner's weight);
    # each votes for, against, abstains, spoils a ballot, stays silent or is absent.
    seats = ((1, 1, False), (1, 2, False), (1, 3, True))
    checked = 0
    for choices in itertools.product(
        ("for", "against", "abstain", "spoilt", "silent", "away"), repeat=3
    ):
        ids = {c: tuple(f"s{i}" for i, x in enumerate(choices) if x == c) for c in set(choices)}
        ballot = Ballot(
            ids.get("for", ()),
            ids.get("against", ()),
            ids.get("abstain", ()),
            tuple(f"s{i}" for i, x in enumerate(choices) if x != "away"),
            sum(seats[int(s[1:])][1] for s in ids.get("spoilt", ())),
        )
        if not (ballot.for_ or ballot.against or ballot.abstain or ballot.invalid):
            continue
        tied = count(seats, ballot).for_ == count(seats, ballot).against
        for base, threshold in itertools.product(BASES, THRESHOLDS):
            for casting in CASTINGS if tied else CASTINGS[1:2]:
                agree(seats, (base,), threshold, casting, ballot)
                checked += 1
    assert checked > 5_000


def test_every_reading_of_the_base_agrees() -> None:
    checked = 0
    for members in range(1, 4):
        for ballot in one_seat_ballots(members):
            for first, other in itertools.permutations(BASES, 2):
                for threshold in THRESHOLDS[:1] + THRESHOLDS[4:5]:
                    for casting in CASTINGS[:1] + CASTINGS[6:7]:
                        agree(((members, 1, False),), (first, other), threshold, casting, ballot)
                        checked += 1
    assert checked > 1_000


# ------------------------------------------------------------------------- generated votes


@st.composite
def thresholds(draw: st.DrawFn) -> tuple[str, Fraction]:
    words = draw(st.sampled_from(["more_than", "at_least", "unanimous"]))
    if words == "unanimous":
        return words, Fraction(1)
    denominator = draw(st.integers(1, 12))
    return words, Fraction(draw(st.integers(1, denominator)), denominator)


@st.composite
def bodies_and_ballots(
    draw: st.DrawFn,
) -> tuple[tuple[tuple[int, int, bool], ...], Ballot]:
    seats = tuple(
        draw(
            st.lists(
                st.tuples(st.integers(1, 3), st.integers(1, 5), st.booleans()),
                min_size=1,
                max_size=4,
            )
        )
    )
    votes: dict[str, list[str]] = {"for": [], "against": [], "abstain": [], "present": []}
    invalid = 0
    for i, (places, weight, _) in enumerate(seats):
        for _ in range(places):
            choice = draw(
                st.sampled_from(["for", "against", "abstain", "spoilt", "silent", "away"])
            )
            if choice != "away":
                votes["present"].append(f"s{i}")
            if choice in votes:
                votes[choice].append(f"s{i}")
            invalid += weight if choice == "spoilt" else 0
    ballot = Ballot(
        tuple(votes["for"]),
        tuple(votes["against"]),
        tuple(votes["abstain"]),
        tuple(votes["present"]),
        invalid,
    )
    return seats, ballot


@settings(max_examples=150, deadline=None)
@given(
    drawn=bodies_and_ballots(),
    bases=st.lists(st.sampled_from(BASES), min_size=1, max_size=3, unique=True),
    threshold=thresholds(),
    casting=st.sampled_from(CASTINGS),
)
def test_generated_votes_agree(
    drawn: tuple[tuple[tuple[int, int, bool], ...], Ballot],
    bases: list[str],
    threshold: tuple[str, Fraction],
    casting: tuple[str, str | None, str | None],
) -> None:
    seats, ballot = drawn
    if not (ballot.for_ or ballot.against or ballot.abstain or ballot.invalid):
        return  # a question with no votes at all is refused, not answered
    agree(seats, tuple(bases), threshold, casting, ballot)
