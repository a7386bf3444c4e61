"""Answers the first full mutation run showed no test pinning: each test changes when the code
it names gives another answer or another explanation."""

from __future__ import annotations

from typing import Any

import pytest

import govrules
from govrules import QueryError
from govrules.language.schema import Trust

MAJORITY = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "5.1"}


def board(
    voting: dict[str, Any], seats: tuple[str, ...] = ("a", "b", "c", "d"), **extra: Any
) -> Trust:
    body: dict[str, Any] = {
        "id": "board",
        "name": "The Board",
        "source": "1",
        "seats": [{"id": s, "title": s.upper()} for s in seats],
        "quorum": {"number": 2, "source": "4.1"},
        "voting": voting,
    }
    body.update(extra)
    return Trust.model_validate(
        {
            "id": "t",
            "name": "T",
            "document": {"title": "T"},
            "bodies": [body, {"id": "panel", "name": "The Panel"}],
        }
    )


def texts(answer: govrules.Answer) -> list[str]:
    return [r.text for r in answer.explanation]


def test_an_unknown_body_lists_the_bodies_there_are() -> None:
    with pytest.raises(QueryError) as err:
        govrules.quorum(board(MAJORITY), "cabinet", count=1)
    assert str(err.value) == "trust `t` has no body `cabinet` (bodies: board, panel)"


def test_too_many_seats_of_unsettled_right_is_unspecified_not_guessed() -> None:
    nine = tuple(f"s{i}" for i in range(9))
    rule = {**MAJORITY, "exceptions": [{"seat": s, "votes": "unspecified"} for s in nine]}
    got = govrules.vote(board(rule, nine), "board", for_=nine[:5], against=nine[5:])
    assert got.answer == "unspecified"
    # Each open seat is two readings: 2**9 combinations is more than are weighed.
    assert any("512 combinations: more than the 256 weighed" in t for t in texts(got))
    assert got.to_dict()["answer"] == "unspecified"


def test_an_unsettled_seat_that_cannot_change_the_outcome_is_said_so() -> None:
    rule = {**MAJORITY, "exceptions": [{"seat": "d", "votes": "unspecified"}]}
    got = govrules.vote(board(rule), "board", for_=["a", "b", "c"], against=["d"])
    assert got.answer == "carried"
    assert "Read under 2 readings of 5.1; every reading gives carried." in texts(got)


def test_a_tie_no_casting_vote_can_break_says_by_how_much() -> None:
    # 2-2 with 2 of 6 present abstaining under "more than half of those present": one more
    # vote for makes 3 of 6, still short of the 4 needed.
    rule = {"threshold": {"more_than": "1/2"}, "base": "present", "source": "5.1"}
    six = ("a", "b", "c", "d", "e", "f")
    got = govrules.vote(
        board(rule, six), "board", for_=["a", "b"], against=["c", "d"], abstain=["e", "f"]
    )
    assert (got.answer, got.tie) == ("lost", "cannot-change")
    short = "one more vote for would make 3 of 6, short of the 4 needed"
    assert any(short in t for t in texts(got))
    assert not any("unanimous" in t for t in texts(got))


def test_a_tie_with_no_casting_vote_fails_and_says_so() -> None:
    rule = {**MAJORITY, "casting_vote": "none"}
    got = govrules.vote(board(rule), "board", for_=["a", "b"], against=["c", "d"])
    assert (got.answer, got.tie) == ("lost", "fails")
    assert "A tie: there is no casting vote, so the resolution fails." in texts(got)


def test_when_quorum_is_unsettled_the_binding_line_cites_the_quorum_clause() -> None:
    trust = board(MAJORITY, quorum={"status": "unspecified", "source": "4.2"})
    got = govrules.vote(trust, "board", for_=["a", "b"], against=["c"])
    assert (got.answer, got.binding, got.effect) == ("carried", None, "unspecified")
    line = next(r for r in got.explanation if r.text.startswith("So whether the decision binds"))
    assert line.source is not None and line.source.clause == "4.2"


def _record(decision: dict[str, Any]) -> dict[str, Any]:
    return {
        "body": "board",
        "date": "2010-03-01",
        "attendees": ["a", "b", "c", "d"],
        "decisions": [{"motion": "Adopt the plan", **decision}],
    }


def test_a_tied_vote_in_a_record_awaits_the_casting_vote_with_a_warning() -> None:
    rule = {**MAJORITY, "casting_vote": "chair-has", "casting_source": "5.3"}
    got = govrules.check(_record({"for": ["a", "b"], "against": ["c", "d"]}), trust=board(rule))
    assert got.decisions[0].answer == "tied"
    tie = [f for f in got.findings if "tied" in f.text]
    assert [(f.severity, f.decision) for f in tie] == [("warning", 0)]
    assert got.answer == "valid"


def test_an_unsettled_decision_in_a_record_cites_the_voting_clause() -> None:
    rule = {**MAJORITY, "exceptions": [{"seat": "d", "votes": "unspecified", "source": "5.2"}]}
    got = govrules.check(_record({"for": ["a", "b"], "against": ["c", "d"]}), trust=board(rule))
    # Tied 2-2 if `d` votes, carried 2-1 (with `d`'s vote out of order) if not.
    (finding,) = [f for f in got.findings if f.decision == 0]
    assert finding.severity == "unspecified"
    assert "differ on whether it was carried" in finding.text
    assert got.decisions[0].answer == "unspecified"
    # The clause whose readings differ: the exception's own.
    assert finding.source is not None and finding.source.clause == "5.2"


def test_a_decision_in_a_check_answer_is_frozen_and_keeps_its_explanation() -> None:
    import dataclasses

    got = govrules.check(_record({"for": ["a", "b", "c"], "against": ["d"]}), trust=board(MAJORITY))
    decision = got.decisions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.answer = "lost"  # type: ignore[misc]
    data = got.to_dict()["decisions"][0]
    assert data["answer"] == "carried" and data["explanation"]
    assert data["explanation"][0]["text"].startswith("In general, a resolution of the The Board")


# --- every gap on a rule an answer read appears in its explanation ---------------------------


def _with_gap(subject: str, **body: Any) -> Trust:
    data: dict[str, Any] = {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "bodies": [
            {
                "id": "board",
                "name": "The Board",
                "source": "1",
                "seats": [{"id": s, "title": s.upper()} for s in ("a", "b", "c", "d")],
                "quorum": {"number": 2, "source": "4.1"},
                "voting": MAJORITY,
                **body,
            }
        ],
        "gaps": [{"kind": "unspecified", "subject": subject, "note": "NOTE", "source": "9.9"}],
    }
    return Trust.model_validate(data)


def _gap_lines(answer: govrules.Answer) -> list[str]:
    return [r.text for r in answer.explanation if r.text.startswith("Recorded gap")]


def test_voters_names_a_gap_about_the_seats() -> None:
    got = govrules.voters(_with_gap("board.seats.a"), "board")
    assert _gap_lines(got) == ["Recorded gap (unspecified): NOTE"]


def test_eligible_names_a_gap_about_the_seats() -> None:
    trust = _with_gap("board.seats.b", chair={"selection": "elected", "source": "3.1"})
    got = govrules.eligible(trust, "board", "b")
    assert _gap_lines(got) == ["Recorded gap (unspecified): NOTE"]


def test_a_chair_or_vice_chair_quorum_names_a_gap_about_the_vice_chair() -> None:
    quorum = {
        "number": 2,
        "source": "4.1",
        "must_include": [{"office": "chair-or-vice-chair"}],
    }
    trust = _with_gap(
        "board.vice_chair",
        quorum=quorum,
        chair={"seat": "a", "source": "3.1"},
        vice_chair={"seat": "b", "source": "3.2"},
    )
    got = govrules.quorum(trust, "board", present=["a", "c"])
    assert got.answer == "quorate"
    assert _gap_lines(got) == ["Recorded gap (unspecified): NOTE"]


def test_a_chair_quorum_names_a_gap_about_the_chair_and_cites_its_own_clause() -> None:
    quorum = {
        "number": 2,
        "source": "4.1",
        "must_include": [{"office": "chair", "source": "4.2"}],
    }
    trust = _with_gap("board.chair", quorum=quorum, chair={"seat": "a", "source": "3.1"})
    got = govrules.quorum(trust, "board", present=["a", "c"])
    assert got.answer == "quorate"
    assert _gap_lines(got) == ["Recorded gap (unspecified): NOTE"]
    line = next(r for r in got.explanation if r.text == "The quorum needs the chair: present.")
    assert line.source is not None and line.source.clause == "4.2"


def test_a_body_with_no_seats_cites_the_body_for_its_voters() -> None:
    trust = Trust.model_validate(
        {
            "id": "t",
            "name": "T",
            "document": {"title": "T"},
            "bodies": [{"id": "forum", "name": "The Forum", "source": "7", "voting": MAJORITY}],
        }
    )
    got = govrules.voters(trust, "forum")
    line = next(r for r in got.explanation if r.text == "The MoU lists no seats for the The Forum.")
    assert line.source is not None and line.source.clause == "7"


def test_a_casting_vote_the_mou_does_not_grant_is_not_counted_and_said_so() -> None:
    rule = {**MAJORITY, "casting_vote": "none"}
    got = govrules.vote(
        board(rule), "board", for_=["a", "b"], against=["c", "d"], chair_casts="for"
    )
    assert (got.answer, got.tie) == ("lost", "fails")
    assert "The chair's casting vote given was not counted: the MoU grants none." in texts(got)


def test_an_unknown_procedure_in_a_trust_with_none_says_so() -> None:
    with pytest.raises(QueryError) as err:
        govrules.voters(board(MAJORITY), "board", procedure="appeal")
    assert str(err.value) == "trust `t` has no procedure `appeal` (procedures: none)"
