"""Escalation steps that carry a vote: a vote on a condition, and a vote the MoU leaves open."""

from __future__ import annotations

from typing import Any

import pytest

import govrules
from govrules.language.schema import Trust


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


ROUTED = {
    "id": "t",
    "name": "T",
    "document": {"title": "T"},
    "bodies": [
        {"id": "panel", "name": "The Panel"},
        {"id": "board", "name": "The Board"},
        {"id": "council", "name": "The Council"},
    ],
    "procedures": [
        {
            "id": "referral",
            "name": "Referral",
            "source": "8",
            "steps": [{"action": "Discuss", "source": "8.1"}],
            "routes": [
                {"from": "panel", "to": "board", "optional": True, "source": "8.2"},
                {"from": "board", "to": "council", "source": "8.3"},
            ],
            "final_arbiter": "council",
        },
        {
            "id": "grievance",
            "name": "Grievance",
            "source": "9",
            "routes": [{"from": "panel", "to": "council", "source": "9.1"}],
        },
    ],
}


def test_a_referral_step_has_only_what_the_route_gives() -> None:
    t = Trust.model_validate(ROUTED)
    a = govrules.escalate(t, "board", procedure="referral")
    assert (a.question, a.procedure, a.final_arbiter) == ("escalate", "referral", "council")
    own, referral = a.steps
    assert own.body == "board"
    assert referral.to_dict() == {
        "step": 2,
        "body": "council",
        "action": "The matter is referred to `council`.",
        "actor": "council",
        "min_days_after_previous": None,
        "max_days": None,
        "working_days": False,
        "clear_days": False,
        "region": None,
        "counted_from": None,
        "timing": None,
        "dates": None,
        "vote": None,
        "final": True,
        "optional": False,
        "source": referral.source.to_dict() if referral.source else None,
    }
    assert referral.source is not None and referral.source.clause == "8.3"


def test_choosing_between_procedures_names_them_and_where_each_is_used() -> None:
    t = Trust.model_validate(ROUTED)
    with pytest.raises(govrules.QueryError) as several:
        govrules.escalate(t, "panel")
    assert str(several.value) == (
        "several procedures apply to `panel` (referral, grievance); choose one with --procedure"
    )
    with pytest.raises(govrules.QueryError) as unused:
        govrules.escalate(t, "council", procedure="grievance")
    assert str(unused.value) == "procedure `grievance` is not used in `council` (used in: panel)"
