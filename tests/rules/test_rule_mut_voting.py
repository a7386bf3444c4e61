"""Voting outside the tie arithmetic: procedures, the matter named, votes not counted, whether
a decision binds, and a base the document can be read two ways. Each trust isolates one rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules import QueryError
from govrules.interfaces.cli import cli
from govrules.language.schema import Trust

MAJORITY = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "5.1"}


def trust(
    voting: dict[str, Any] | None = None,
    *,
    seats: tuple[str, ...] = ("a", "b", "c", "d"),
    quorum: dict[str, Any] | None = None,
    procedures: list[dict[str, Any]] | None = None,
    partners: list[dict[str, Any]] | None = None,
    seat_partner: dict[str, str] | None = None,
    gaps: list[dict[str, Any]] | None = None,
    matters: tuple[str, ...] = (),
) -> Trust:
    """One body, ``board``, of one-place seats; the quorum is two unless given; ``matters``
    are the kinds of matter declared."""
    board: dict[str, Any] = {
        "id": "board",
        "name": "The Board",
        "source": "1",
        "seats": [
            {"id": s, "title": s.upper(), **({"partner": seat_partner[s]} if seat_partner else {})}
            for s in seats
        ],
        "quorum": quorum or {"number": 2, "source": "4.1"},
    }
    if voting is not None:
        board["voting"] = voting
    data: dict[str, Any] = {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "bodies": [board],
        "procedures": procedures or [],
        "partners": partners or [],
        "gaps": gaps or [],
        "matters": [{"id": m, "name": m} for m in matters],
    }
    return Trust.model_validate(data)


def seats_of(rights: tuple[govrules.SeatRight, ...]) -> list[str]:
    return [r.seat for r in rights]


# --- procedures -------------------------------------------------------------------------------

TWO_THIRDS_PROCEDURE = {
    "id": "special",
    "name": "Special resolution",
    "source": "9",
    "applies_to": ["board"],
    "steps": [
        {"action": "Debate", "source": "9.1"},
        {
            "action": "Vote",
            "source": "9.2",
            "vote": {
                "threshold": {"at_least": "2/3"},
                "base": "votes-cast",
                "voters": ["a", "b", "c"],
                "source": "9.2",
            },
        },
    ],
}


def test_a_procedure_vote_uses_the_procedures_threshold_and_voters() -> None:
    t = trust(MAJORITY, procedures=[TWO_THIRDS_PROCEDURE])
    # 2 for, 1 against: carried either way (exactly two thirds of the votes cast).
    general = govrules.vote(t, "board", for_=["a", "b"], against=["c"])
    special = govrules.vote(t, "board", for_=["a", "b"], against=["c"], procedure="special")
    assert general.answer == "carried" and general.procedure is None
    assert special.answer == "carried" and special.procedure == "special"
    short = govrules.vote(t, "board", for_=["a"], against=["b", "c"], procedure="special")
    assert short.answer == "lost" and (short.required, short.required_text) == (2, "2 of 3")
    # `d` has no vote under the procedure: its vote is not counted, and says why.
    with_d = govrules.vote(t, "board", for_=["a", "d"], against=["b", "c"], procedure="special")
    assert with_d.answer == "lost" and (with_d.for_, with_d.against) == (1, 2)
    assert seats_of(with_d.not_counted) == ["d"]
    assert any("`d` is not counted" in r.text for r in with_d.explanation)


def test_voters_under_a_procedure_name_it_and_its_voters() -> None:
    t = trust(MAJORITY, procedures=[TWO_THIRDS_PROCEDURE])
    a = govrules.voters(t, "board", procedure="special")
    assert a.answer == "determined" and a.procedure == "special"
    assert seats_of(a.voters) == ["a", "b", "c"] and seats_of(a.non_voters) == ["d"]
    assert a.explanation[0].text.startswith("Under procedure `special`")
    assert a.explanation[0].source is not None and a.explanation[0].source.clause == "9.2"
    plain = govrules.voters(t, "board")
    assert plain.procedure is None and seats_of(plain.voters) == ["a", "b", "c", "d"]
    assert plain.explanation[0].text.startswith("In general")


def test_a_procedure_without_a_voting_step_leaves_every_seat_undetermined() -> None:
    talk = {"id": "talk", "name": "Talk", "source": "8", "steps": [{"action": "Discuss"}]}
    t = trust(MAJORITY, procedures=[talk])
    a = govrules.voters(t, "board", procedure="talk")
    assert a.answer == "unspecified"
    assert seats_of(a.undetermined) == ["a", "b", "c", "d"] and a.voters == ()
    assert "has no voting step" in a.undetermined[0].reason
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c"], procedure="talk")
    assert v.answer == "unspecified" and v.procedure == "talk"


def test_a_procedure_for_another_body_is_refused() -> None:
    other = {**TWO_THIRDS_PROCEDURE, "applies_to": ["panel"]}
    t = trust(MAJORITY, procedures=[other])
    with pytest.raises(QueryError, match="does not apply to `board`"):
        govrules.vote(t, "board", for_=["a"], procedure="special")
    with pytest.raises(QueryError, match="has no procedure `nope`"):
        govrules.voters(t, "board", procedure="nope")


# --- the matter named -------------------------------------------------------------------------

AFFECTED = {**MAJORITY, "condition": {"affected": ["any"]}}
PARTNERS = [{"id": "council", "name": "Council"}, {"id": "police", "name": "Police"}]
OF_PARTNER = {"a": "council", "b": "council", "c": "police", "d": "police"}


def test_naming_the_affected_partner_gives_its_seats_the_vote() -> None:
    t = trust(AFFECTED, partners=PARTNERS, seat_partner=OF_PARTNER)
    a = govrules.voters(t, "board", affects=[" council "])
    assert a.answer == "determined"
    assert seats_of(a.voters) == ["a", "b"] and seats_of(a.non_voters) == ["c", "d"]
    # A seat named alone counts, whatever its partner.
    b = govrules.voters(t, "board", implementers=[], affects=["c"])
    assert seats_of(b.voters) == ["c"]
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c", "d"], affects=["council"])
    assert v.answer == "carried" and (v.for_, v.against) == (2, 0)
    assert seats_of(v.not_counted) == ["c", "d"]


def test_unknown_names_in_the_matter_are_refused() -> None:
    t = trust(AFFECTED, partners=PARTNERS, seat_partner=OF_PARTNER)
    with pytest.raises(QueryError, match="`fire` in the affected is neither"):
        govrules.voters(t, "board", affects=["fire"])
    with pytest.raises(QueryError, match="`fire` in the implementers is neither"):
        govrules.vote(t, "board", for_=["a"], implementers=["council", "fire"])


def test_an_unnamed_matter_leaves_the_condition_open_and_the_vote_unsettled() -> None:
    t = trust(AFFECTED, partners=PARTNERS, seat_partner=OF_PARTNER)
    # The matter is a fact the question lacks, not a silence of the MoU: incomplete, asking for
    # it (it was `unspecified`).
    a = govrules.voters(t, "board")
    assert a.answer == "incomplete" and seats_of(a.undetermined) == ["a", "b", "c", "d"]
    assert a.needs == ("--affects",)  # the rule reads only whom the matter affects
    # 2-1 or 1-2 depending on who votes: the question must describe the matter.
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c"])
    assert v.answer == "incomplete" and v.base is None
    assert v.needs == ("--affects",)
    assert any("depends on whether those seats vote" in r.text for r in v.explanation)
    # Described as affecting nobody, nobody votes under this condition: settled, nothing needed.
    assert govrules.voters(t, "board", affects=[]).needs == ()


def test_the_outcome_stands_when_every_reading_of_open_seats_agrees() -> None:
    rule = {**MAJORITY, "exceptions": [{"seat": "d", "votes": "unspecified", "note": "unclear"}]}
    t = trust(rule)
    v = govrules.vote(t, "board", for_=["a", "b", "c"], against=["d"])
    # `votes: unspecified` is read as two readings: d votes (as encoded, 3-1) or not (3-0).
    assert v.answer == "carried" and (v.for_, v.against) == (3, 1)
    assert sorted(dict(r.facts)["against"] for r in v.readings) == [0, 1]
    assert [r.answer for r in v.readings] == ["carried", "carried"]
    assert any(r.text == "Recorded gap (unspecified): unclear" for r in v.explanation)
    assert v.not_counted == ()  # an open seat is weighed, not reported as not counted
    split = govrules.vote(t, "board", for_=["a"], against=["b", "d"])
    assert split.answer == "unspecified"
    assert sorted(r.answer for r in split.readings) == ["lost", "unspecified"]


def test_an_exception_without_a_vote_is_not_counted() -> None:
    rule = {**MAJORITY, "exceptions": [{"seat": "d", "votes": False, "source": "5.3"}]}
    t = trust(rule)
    a = govrules.voters(t, "board")
    assert seats_of(a.non_voters) == ["d"] and a.non_voters[0].source is not None
    assert a.non_voters[0].source.clause == "5.3"
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c", "d"])
    assert v.answer == "carried" and (v.for_, v.against, v.abstain) == (2, 1, 0)
    assert seats_of(v.not_counted) == ["d"]


# --- binding and effect -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inquorate", "binding", "effect"),
    [
        ("void", False, "void"),
        ("in-principle", False, "in-principle"),
        ("binding", True, "binding"),
    ],
)
def test_an_inquorate_vote_binds_as_the_mou_says(
    inquorate: str, binding: bool, effect: str
) -> None:
    t = trust(MAJORITY, quorum={"number": 3, "source": "4.1", "inquorate_decisions": inquorate})
    v = govrules.vote(t, "board", for_=["a"], against=[], abstain=["b"])
    assert v.answer == "carried" and v.present == 2
    assert (v.binding, v.effect) == (binding, effect)
    quorate = govrules.vote(t, "board", for_=["a", "b"], against=["c"])
    assert (quorate.binding, quorate.effect) == (True, "binding")


def test_an_inquorate_vote_whose_effect_is_unstated_has_unknown_force() -> None:
    t = trust(MAJORITY, quorum={"number": 3, "source": "4.1"})
    v = govrules.vote(t, "board", for_=["a"], against=["b"])
    assert (v.binding, v.effect) == (None, "unspecified")


def test_a_vote_where_the_quorum_is_unsettled_may_or_may_not_bind() -> None:
    t = trust(MAJORITY, quorum={"status": "unspecified", "source": "4.1"})
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c"])
    assert v.answer == "carried"
    assert (v.binding, v.effect) == (None, "unspecified")
    assert v.explanation[-1].text == "So whether the decision binds is not settled."


def test_those_present_but_not_voting_count_towards_the_quorum() -> None:
    t = trust(MAJORITY, quorum={"number": 3, "source": "4.1", "inquorate_decisions": "void"})
    v = govrules.vote(t, "board", for_=["a"], against=["b"], abstain=[], present=["a", "b", "c"])
    assert v.present == 3 and v.binding is True
    with pytest.raises(QueryError, match="seat `d` voted or abstained 1 time"):
        govrules.vote(t, "board", for_=["a", "d"], present=["a", "b"])


# --- the rule's base and threshold ----------------------------------------------------------


# `base_alternatives` is gone: the other reading of the base is written as an ambiguous gap on
# `board.voting.base` with `readings`, and the answer lists each reading and its outcome.
BASE_READ_TWO_WAYS = {
    "kind": "ambiguous",
    "subject": "board.voting.base",
    "note": "a majority of those present and voting",
    "source": {"clause": "5.2", "quote": "a majority of those present and voting"},
    "encoded": "the votes cast",
    "readings": [{"value": "present", "note": "those present"}],
}


def test_a_base_read_two_ways_settles_only_where_both_readings_agree() -> None:
    rule = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "5.1"}
    t = trust(rule, seats=("a", "b", "c", "d", "e"), gaps=[BASE_READ_TWO_WAYS])
    # 2 for, 1 against, 2 abstaining: more than half of the votes cast, not of those present.
    split = govrules.vote(t, "board", for_=["a", "b"], against=["c"], abstain=["d", "e"])
    assert split.answer == "unspecified" and split.needs == ()
    readings = split.to_dict()["readings"]
    assert [(r["answer"], r["values"]) for r in readings] == [
        ("carried", []),
        ("lost", [{"subject": "board.voting.base", "value": "present"}]),
    ]
    assert all(r["source"]["clause"] == "5.2" for r in readings)
    texts = [r.text for r in split.explanation]
    assert (
        "Under board.voting.base = votes-cast (the votes cast): carried (2 for, 1 against; "
        "2 of 3 needed), binding." in texts
    )
    assert (
        "Under board.voting.base = present (those present): lost (2 for, 1 against; 3 of 5 "
        "needed)." in texts
    )
    (why,) = [r for r in split.explanation if "give different answers" in r.text]
    assert why.source is not None and why.source.clause == "5.2"
    # Where the readings disagree, the count only the encoded reading gives is not presented.
    assert not any(r.text.startswith("Counted votes") for r in split.explanation)
    agreed = govrules.vote(t, "board", for_=["a", "b", "c"], against=["d"], abstain=["e"])
    # Carried on a base of 4 votes cast, or of 5 present: the base is each reading's.
    assert agreed.answer == "carried" and agreed.base is None
    assert [dict(r.facts)["base"] for r in agreed.readings] == [4, 5]
    assert [r["answer"] for r in agreed.to_dict()["readings"]] == ["carried", "carried"]
    assert "Read under 2 readings of 5.2; every reading gives carried." in [
        r.text for r in agreed.explanation
    ]
    assert not any("give different answers" in r.text for r in agreed.explanation)


@pytest.mark.parametrize(
    ("base", "counted", "answer"),
    [("votes-cast", 3, "carried"), ("present", 5, "lost"), ("voting-members", 6, "lost")],
)
def test_each_base_counts_its_own_members(base: str, counted: int, answer: str) -> None:
    rule = {"threshold": {"more_than": "1/2"}, "base": base, "source": "5.1"}
    t = trust(rule, seats=("a", "b", "c", "d", "e", "f"))
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c"], abstain=["d", "e"])
    assert (v.answer, v.base) == (answer, counted)


@pytest.mark.parametrize(
    ("threshold", "words", "answers"),
    [
        ({"more_than": "1/2"}, "more than one half of", ("lost", "carried")),
        ({"at_least": "1/2"}, "at least one half of", ("carried", "carried")),
        ({"unanimous": True}, "every one of", ("lost", "lost")),
    ],
)
def test_thresholds_in_words_and_in_effect(
    threshold: dict[str, Any], words: str, answers: tuple[str, str]
) -> None:
    t = trust({"threshold": threshold, "base": "voting-members", "source": "5.1"})
    a = govrules.voters(t, "board")
    assert f"needs {words} all voting members, present or not" in a.explanation[0].text
    # 2 of 4 members for (no one against), then 3 of 4.
    two = govrules.vote(t, "board", for_=["a", "b"], abstain=["c"])
    three = govrules.vote(t, "board", for_=["a", "b", "c"], abstain=["d"])
    assert (two.answer, three.answer) == answers


def test_no_voting_rule_leaves_vote_and_voters_unspecified() -> None:
    t = trust(None)
    a = govrules.voters(t, "board")
    assert a.answer == "unspecified" and seats_of(a.undetermined) == ["a", "b", "c", "d"]
    assert a.undetermined[0].reason == "The MoU states no voting rule for the The Board."
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c"])
    assert v.answer == "unspecified" and v.base is None and v.required is None


def test_a_body_with_no_seats_has_unspecified_voters() -> None:
    t = trust(MAJORITY, seats=())
    a = govrules.voters(t, "board")
    assert a.answer == "unspecified" and a.voters == ()
    assert any("lists no seats for the The Board" in r.text for r in a.explanation)


def test_a_recorded_gap_about_the_voting_is_in_every_answer() -> None:
    gap = {"kind": "ambiguous", "note": "who counts as present", "source": "5.9"}
    t = trust(
        MAJORITY,
        procedures=[TWO_THIRDS_PROCEDURE],
        gaps=[{**gap, "subject": "board.voting"}, {**gap, "note": "other", "subject": "special"}],
    )
    plain = [r.text for r in govrules.voters(t, "board").explanation]
    assert "Recorded gap (ambiguous): who counts as present" in plain
    assert not any("other" in text for text in plain)
    special = [r.text for r in govrules.voters(t, "board", procedure="special").explanation]
    assert "Recorded gap (ambiguous): other" in special


# --- the command line -------------------------------------------------------------------------


def test_the_cli_answers_a_procedure_vote_with_the_uncounted_seat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = trust(MAJORITY, procedures=[TWO_THIRDS_PROCEDURE])
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(t.model_dump(mode="json", by_alias=True, exclude_none=True)))
    args = ["vote", str(path), "board", "--for", "a,b,d", "--against", "c"]
    code = 0
    try:
        cli.main([*args, "--procedure", "special", "--format", "json"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["answer"] == "carried" and data["procedure"] == "special"
    assert [r["seat"] for r in data["not_counted"]] == ["d"]
    assert (data["for"], data["against"]) == (2, 1)


# --- answers and refusals in words ------------------------------------------------------------


def test_a_voters_answer_names_its_question_and_body() -> None:
    a = govrules.voters(trust(MAJORITY), "board")
    assert (a.trust, a.body, a.question, a.answer) == ("t", "board", "voters", "determined")
    v = govrules.vote(trust(MAJORITY), "board", for_=["a", "b"], against=["c"])
    assert (v.trust, v.body, v.question) == ("t", "board", "vote")


@pytest.mark.parametrize(
    ("votes", "where"),
    [
        ({"for_": ["z"]}, "the votes for"),
        ({"for_": ["a"], "against": ["z"]}, "the votes against"),
        ({"for_": ["a"], "abstain": ["z"]}, "the abstentions"),
        ({"for_": ["a"], "present": ["a", "z"]}, "those present"),
    ],
)
def test_an_unknown_seat_is_refused_where_it_is_named(votes: dict[str, Any], where: str) -> None:
    with pytest.raises(QueryError) as caught:
        govrules.vote(trust(MAJORITY), "board", **votes)
    assert str(caught.value) == f"`board` has no seat `z` in {where} (seats: a, b, c, d)"


@pytest.mark.parametrize(
    ("status", "opening"),
    [
        ("placeholder", "The MoU has only a drafting placeholder for who votes in the The Board"),
        ("to-be-developed", "The MoU leaves to be developed who votes in the The Board"),
        ("ambiguous", "The MoU is ambiguous about who votes in the The Board"),
        ("unspecified", "The MoU does not state who votes in the The Board"),
    ],
)
def test_an_unsettled_voting_rule_says_how_it_is_unsettled(status: str, opening: str) -> None:
    t = trust({"status": status, "note": "see 5.9", "source": "5"})
    a = govrules.voters(t, "board")
    assert a.answer == "unspecified"
    assert {r.reason for r in a.undetermined} == {f"{opening}: see 5.9"}
    assert a.explanation[0].text == f"{opening}: see 5.9"


def test_on_a_kind_of_matter_decided_by_lot_a_tie_goes_to_lot() -> None:
    rule = {
        **MAJORITY,
        "casting_vote": "chair-has",
        "tie_by_lot_on": ["appointment"],
        "tie_by_lot_source": "5.7",
    }
    t = trust(rule, matters=("appointment", "budget"))
    v = govrules.vote(t, "board", for_=["a", "b"], against=["c", "d"], matter_kind="appointment")
    assert v.answer == "tied"
    (lot,) = [r for r in v.explanation if "decided by lot, not by a casting vote" in r.text]
    assert lot.text.startswith("On a matter of kind `appointment`")
    assert lot.source is not None and lot.source.clause == "5.7"
    # Another kind of matter keeps the casting vote.
    other = govrules.vote(t, "board", for_=["a", "b"], against=["c", "d"], matter_kind="budget")
    assert other.answer == "tied"
    assert not any("decided by lot" in r.text for r in other.explanation)
    carried = govrules.vote(
        t, "board", for_=["a", "b"], against=["c", "d"], chair_casts="for", matter="none"
    )
    assert carried.answer == "carried"
    # Not saying the kind, where it decides the tie, leaves the question incomplete.
    unsaid = govrules.vote(t, "board", for_=["a", "b"], against=["c", "d"], chair_casts="for")
    assert (unsaid.answer, unsaid.needs) == ("incomplete", ("--matter",))


def test_an_exception_that_leaves_a_seats_vote_open_says_so_without_a_note() -> None:
    rule = {**MAJORITY, "exceptions": [{"seat": "b", "votes": "unspecified"}]}
    a = govrules.voters(trust(rule), "board")
    assert a.answer == "unspecified"
    assert [(r.seat, r.reason) for r in a.undetermined] == [
        ("b", "the readings of the text differ on whether this seat votes")
    ]
    assert a.undetermined[0].source is not None and a.undetermined[0].source.clause == "5.1"
    # The reading made of the shorthand says the same in words, with the rule's clause.
    assert "Recorded gap (unspecified): The MoU does not settle whether `b` votes." in [
        r.text for r in a.explanation
    ]
    assert [(r.seat, r.reason) for r in a.voters][:1] == [("a", "one vote")]
