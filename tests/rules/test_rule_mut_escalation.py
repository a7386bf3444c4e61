"""Escalation steps that carry a vote: a vote on a condition, and a vote the MoU leaves open."""

from __future__ import annotations

from typing import Any

import pytest

import govrules
from govrules.schema import Trust


def trust(vote: dict[str, Any]) -> Trust:
    """A board whose one procedure is a discussion, then a vote, then a referral outside."""
    return Trust.model_validate(
        {
            "id": "t",
            "name": "T",
            "document": {"title": "T"},
            "partners": [{"id": "council", "name": "Council"}],
            "bodies": [
                {
                    "id": "board",
                    "name": "The Board",
                    "seats": [{"id": "a", "title": "A", "partner": "council"}],
                }
            ],
            "procedures": [
                {
                    "id": "disputes",
                    "name": "Disputes",
                    "source": "7",
                    "applies_to": ["board"],
                    "steps": [
                        {"action": "Discuss", "source": "7.1"},
                        {"action": "Vote", "source": "7.2", "vote": vote},
                        {"action": "Refer to mediation", "outside": True, "source": "7.3"},
                    ],
                }
            ],
        }
    )


def test_a_vote_on_a_condition_says_who_votes() -> None:
    a = govrules.escalate(
        trust(
            {
                "threshold": {"at_least": "2/3"},
                "base": "present",
                "condition": {"implements": True},
                "casting_vote": "none",
                "source": "7.2",
            }
        ),
        "board",
    )
    assert a.answer == "determined"
    first, vote_step, outside = a.steps
    assert first.vote is None and outside.vote is None
    assert (first.body, vote_step.body, outside.body) == ("board", "board", None)
    assert vote_step.vote is not None
    condition = "its partner is to be responsible for implementation"
    assert vote_step.vote["condition"] == condition
    assert vote_step.vote["casting_vote"] == "none"
    assert vote_step.vote["casting_source"] is None
    assert vote_step.vote["text"] == (
        "A resolution needs at least two thirds of the voting members present (an abstention "
        f"weighs against). A partner votes only if {condition}. There is no casting vote."
    )


def test_a_vote_the_mou_leaves_open_is_said_with_its_note() -> None:
    a = govrules.escalate(
        trust({"status": "ambiguous", "note": "the majority is not stated", "source": "7.2"}),
        "board",
    )
    vote = a.steps[1].vote
    assert vote == {
        "text": "A vote whose rule the MoU does not settle: the majority is not stated",
        "casting_vote": "unspecified",
    }
    a = govrules.escalate(trust({"status": "unspecified", "source": "7.2"}), "board")
    assert a.steps[1].vote is not None
    assert a.steps[1].vote["text"] == "A vote whose rule the MoU does not settle:"


@pytest.mark.parametrize(
    ("casting", "words"),
    [
        ("none", "There is no casting vote."),
        ("chair-has", "The chair has a second and casting vote in the event of a tie."),
        ("chair-may", "The chair may use a second or casting vote in the event of a tie."),
        ("unspecified", "The MoU does not say whether the chair has a casting vote."),
    ],
)
def test_a_vote_step_says_whether_the_chair_has_a_casting_vote(casting: str, words: str) -> None:
    rule = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "casting_vote": casting}
    a = govrules.escalate(trust({**rule, "casting_source": "7.4", "source": "7.2"}), "board")
    vote = a.steps[1].vote
    assert vote is not None and vote["casting_vote"] == casting
    assert vote["text"] == (
        "A resolution needs more than one half of the votes cast (members present and voting; "
        f"abstentions do not count). {words}"
    )
    assert vote["casting_source"]["clause"] == "7.4" and vote["condition"] is None
