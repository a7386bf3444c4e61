"""A quorum is weighed under readings with the other readings' explanations left out until
they are shown: its answers are those of evaluating every reading in full."""

from __future__ import annotations

import pytest

from govrules import QueryError
from govrules.evaluating.answers import QuorumAnswer
from govrules.evaluating.inoffice import OfficeFacts
from govrules.evaluating.quorate import SeatsNamed, _quorum_words, evaluate_quorum
from govrules.evaluating.readings import Reads, under_readings
from govrules.language.schema import Trust

BOARD = "strategic-board"
FACTS = ("required", "membership", "inquorate_decisions")
SEATS = [
    "portfolio-holder",
    "district-borough",
    "district-borough",
    "nhs-suffolk",
    "police-authority",
    "vcs",
    "vcs",
    "director-cyp",
    "fe-college",
]


def _answer(
    trust: Trust, count: int | None, present: list[str] | None, brief: bool, body: str = BOARD
) -> object:
    vacant = ["vcs"] if count is not None and body == BOARD else None
    facts = OfficeFacts.of(None, vacant, None)
    named = SeatsNamed(present) if present is not None else None

    def full(t: Trust, reads: Reads) -> QuorumAnswer:
        return evaluate_quorum(t, body, named, count, facts, reads)

    def unexplained(t: Trust, reads: Reads) -> QuorumAnswer:
        return evaluate_quorum(t, body, named, count, facts, reads, explain=False)

    try:
        return under_readings(
            trust,
            full,
            facts=FACTS,
            words=_quorum_words,
            unexplained=unexplained if brief else None,
        )
    except QueryError as exc:
        return str(exc)


@pytest.mark.parametrize("count", range(19))
def test_a_count_is_answered_as_in_full(suffolk: Trust, count: int) -> None:
    assert _answer(suffolk, count, None, True) == _answer(suffolk, count, None, False)


@pytest.mark.parametrize("schools", range(4))
@pytest.mark.parametrize("others", [0, 4, 7, 9])
def test_the_seats_present_are_answered_as_in_full(
    suffolk: Trust, schools: int, others: int
) -> None:
    present = [*SEATS[:others], *["schools"] * schools]
    assert _answer(suffolk, None, present, True) == _answer(suffolk, None, present, False)


def test_the_readings_differ_on_some(suffolk: Trust) -> None:
    # The places of the schools decide some counts: their explanations are shown in full.
    answers = [_answer(suffolk, c, None, True) for c in range(19)]
    assert any(isinstance(a, QuorumAnswer) and a.answer == "unspecified" for a in answers)
    assert any(isinstance(a, QuorumAnswer) and a.answer == "quorate" for a in answers)
    assert any(isinstance(a, str) for a in answers)  # a count no reading admits


def test_readings_found_by_other_readings_are_listed_in_the_order_of_a_full_evaluation() -> None:
    # The reading of the quorum's base leads the voting seats to be counted, so a second gap
    # (whether `b` votes) is read only under it: the combinations grow as they are evaluated,
    # and the answer lists them in that order, whether or not explanations were left out first.
    import builders

    board = {
        "id": "board",
        "name": "Board",
        "seats": [{"id": "a", "title": "A", "count": 2}, {"id": "b", "title": "B"}],
        "quorum": {"at_least": "1/2", "of": "seats", "source": "1"},
        "voting": {
            "threshold": {"more_than": "1/2"},
            "base": "votes-cast",
            "source": "2",
            "exceptions": [{"seat": "b", "votes": "unspecified"}],
        },
    }
    gap = builders.reading_gap("board.quorum.of", "voting-seats")
    trust = builders.trust_of(board, gaps=[gap])
    brief, full = (_answer(trust, 1, None, b, body="board") for b in (True, False))
    assert isinstance(brief, QuorumAnswer) and brief.answer == "incomplete"
    assert len(brief.readings) > 2 and brief == full
