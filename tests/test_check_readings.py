"""A meeting record is checked under every reading of the rules the check reads itself.

The questions ``check`` asks (the quorum, each vote, eligibility, timing) weigh their own
readings; the rules it applies itself (on substitutes, declared interests, what a decision
made while inquorate is worth, a saving clause for irregular votes) are weighed here. A
record is ``valid`` or ``invalid`` only where every reading says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import govrules
from govrules.interfaces.cli import cli
from govrules.language.schema import Trust
from tests.builders import reading_gap, trust_of


def _board(**rules: Any) -> dict[str, Any]:
    """``board``: seat ``a`` of two places, ``b``, ``c`` and ``d`` of one; a quorum of 3; a
    majority of the votes cast; decisions made while inquorate are void."""
    return {
        "id": "board",
        "name": "Board",
        "seats": [
            {"id": "a", "title": "A", "count": 2},
            {"id": "b", "title": "B"},
            {"id": "c", "title": "C"},
            {"id": "d", "title": "D"},
        ],
        "quorum": {"number": 3, "inquorate_decisions": "void", "source": "1"},
        "voting": {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "2"},
        **rules,
    }


SUBSTITUTES = {
    "allowed": True,
    "votes": True,
    "counts_for_quorum": True,
    "source": "3",
}


def _trust(*gaps: dict[str, Any], **rules: Any) -> Trust:
    return trust_of(_board(**rules), gaps=list(gaps))


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "body": "board",
        "date": "2026-03-10",
        "attendees": ["a", "b", "c"],
        "decisions": [{"motion": "M", "for": ["a", "b"], "against": ["c"]}],
    }
    record.update(changes)
    return record


def test_a_substitute_counted_for_the_quorum_only_under_one_reading_leaves_it_open() -> None:
    # As encoded the substitute counts: 3 present, quorate, carried. Read the other way only
    # 2 count: inquorate, and the decision is void.
    trust = _trust(
        reading_gap("board.substitutes.counts_for_quorum", False, "substitutes do not count"),
        substitutes=SUBSTITUTES,
    )
    a = govrules.check(_record(substitutes=["c"]), trust)
    assert a.answer == "unspecified"
    assert a.quorate == "unspecified"
    assert [(d.answer, d.binding, d.effect) for d in a.decisions] == [
        ("unspecified", None, "unspecified")
    ]
    unsettled = [f.text for f in a.findings if f.severity == "unspecified"]
    assert any("counts_for_quorum = true" in t and ": valid (quorate" in t for t in unsettled)
    assert any("counts_for_quorum = false" in t and ": invalid (inquorate" in t for t in unsettled)
    assert any("give different results" in t for t in unsettled)
    assert all(f.source is not None and f.source.clause == "9" for f in a.findings)


def test_as_encoded_alone_the_same_record_is_valid() -> None:
    a = govrules.check(_record(substitutes=["c"]), _trust(substitutes=SUBSTITUTES))
    assert (a.answer, a.quorate) == ("valid", "quorate")
    assert not any("Read under" in f.text for f in a.findings)


def test_a_rule_on_substitutes_is_not_weighed_where_no_substitute_attends() -> None:
    trust = _trust(
        reading_gap("board.substitutes.counts_for_quorum", False), substitutes=SUBSTITUTES
    )
    a = govrules.check(_record(), trust)
    assert (a.answer, a.quorate) == ("valid", "quorate")
    assert not any("Read under" in f.text or "Under " in f.text for f in a.findings)


def test_readings_that_agree_leave_the_answer_settled_and_say_so() -> None:
    # Whether the substitute counts, four members of five places attend: quorate either way.
    trust = _trust(
        reading_gap("board.substitutes.counts_for_quorum", False), substitutes=SUBSTITUTES
    )
    a = govrules.check(_record(attendees=["a", "a", "b", "c"], substitutes=["c"]), trust)
    assert (a.answer, a.quorate) == ("valid", "quorate")
    assert a.decisions[0].answer == "carried"
    (said,) = [f for f in a.findings if f.text.startswith("Read under")]
    assert said.text == "Read under 2 readings of 9; every reading gives valid."
    assert said.severity == "info"


def test_what_an_inquorate_decision_is_worth_is_weighed() -> None:
    # Two present of a quorum of three, and the motion carried: void as encoded (invalid),
    # agreed in principle as read (valid, with a warning).
    trust = _trust(reading_gap("board.quorum.inquorate_decisions", "in-principle"))
    a = govrules.check(_record(attendees=["a", "b"], decisions=[_motion(["a", "b"], [])]), trust)
    assert a.answer == "unspecified"
    assert a.quorate == "inquorate"  # every reading agrees on the quorum itself
    assert a.decisions[0].answer == "unspecified"
    texts = [f.text for f in a.findings]
    assert any(
        "inquorate_decisions = void" in t and ": invalid (inquorate; M: carried, void)" in t
        for t in texts
    )
    assert any(
        "inquorate_decisions = in-principle" in t
        and ": valid (inquorate; M: carried, in-principle)" in t
        for t in texts
    )
    (decision,) = [f for f in a.findings if f.decision == 0]
    assert decision.severity == "unspecified" and "M: the readings of 9 differ" in decision.text


def test_a_declared_interest_is_weighed_under_each_reading_of_the_rule() -> None:
    # A member of `c` declared an interest and voted: allowed as encoded, not as read.
    trust = _trust(
        reading_gap("board.interests.may_vote", False),
        interests={"declare": True, "may_vote": True, "source": "4"},
    )
    record = _record(decisions=[{**_motion(["a", "b"], ["c"]), "interests": ["c"]}])
    a = govrules.check(record, trust)
    assert a.answer == "unspecified"
    assert any("may_vote = false" in f.text and ": invalid" in f.text for f in a.findings)


def test_a_saving_clause_for_irregular_votes_is_weighed() -> None:
    # `d` has no vote; with 10.3.5's like saving clause its vote is a warning, without it an
    # error.
    trust = _trust(
        reading_gap("board.voting.irregular_votes_saved", None, "no clause saves the acts"),
        voting={
            "threshold": {"more_than": "1/2"},
            "base": "votes-cast",
            "exceptions": [{"seat": "d", "votes": False, "source": "2"}],
            "irregular_votes_saved": {"clause": "5"},
            "source": "2",
        },
    )
    record = _record(attendees=["a", "b", "d"], decisions=[_motion(["a", "b"], ["d"])])
    a = govrules.check(record, trust)
    assert a.answer == "unspecified"
    assert any("irregular_votes_saved" in f.text and ": valid" in f.text for f in a.findings)
    assert any("irregular_votes_saved" in f.text and ": invalid" in f.text for f in a.findings)


def test_the_command_exits_3_where_the_readings_differ(tmp_path: Path) -> None:
    trust = _trust(
        reading_gap("board.substitutes.counts_for_quorum", False), substitutes=SUBSTITUTES
    )
    data = trust.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    record = {"trust": "t.yaml", **_record(substitutes=["c"])}
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "r.yaml")])
    assert result.exit_code == 3, result.output
    assert "UNSPECIFIED" in result.output


def test_a_rule_on_interests_govrules_cannot_express_leaves_a_declaration_open() -> None:
    # Clause 4 says more of interests than the file can hold (a not-encoded gap): a member
    # who declared one and voted may or may not have been allowed to.
    gap = {
        "subject": "board.interests",
        "kind": "not-encoded",
        "note": "A register.",
        "source": "4",
    }
    trust = trust_of(
        _board(interests={"declare": True, "may_vote": True, "source": "4"}), gaps=[gap]
    )
    record = _record(decisions=[{**_motion(["a", "b"], ["c"]), "interests": ["c"]}])
    a = govrules.check(record, trust)
    assert a.answer == "unspecified"
    (open_,) = [f for f in a.findings if f.severity == "unspecified"]
    assert open_.decision == 0 and "Recorded gap (not-encoded): A register." in open_.text
    plain = trust_of(_board(interests={"declare": True, "may_vote": True, "source": "4"}))
    assert govrules.check(record, plain).answer == "valid"


def test_an_item_whose_own_quorum_the_readings_leave_open_leaves_the_record_open() -> None:
    # `c` withdraws: two in the room. Inquorate with a quorum of 3 (as encoded, and the
    # decision void), quorate with 2 (as read): the item's quorum is not settled.
    trust = _trust(reading_gap("board.quorum.number", 2))
    record = _record(decisions=[{**_motion(["a", "b"], []), "withdrawn": ["c"]}])
    a = govrules.check(record, trust)
    assert a.answer == "unspecified"
    (item,) = [f for f in a.findings if f.decision == 0 and f.severity == "unspecified"]
    assert "whether this item is quorate is not settled" in item.text


def test_an_item_whose_quorum_needs_the_vacancies_leaves_the_record_open() -> None:
    # A quorum of half the members in office: the meeting of five is quorate whatever the
    # vacancies, the item of two (three withdrawn) only if enough places are vacant.
    quorum = {"at_least": "1/2", "of": "filled-seats", "inquorate_decisions": "void", "source": "1"}
    trust = trust_of(_board(quorum=quorum))
    record = _record(
        attendees=["a", "a", "b", "c", "d"],
        decisions=[{**_motion(["a", "a"], []), "withdrawn": ["b", "c", "d"]}],
    )
    a = govrules.check(record, trust)
    assert (a.answer, a.needs) == ("incomplete", ("vacancies",))
    (item,) = [f for f in a.findings if f.decision == 0 and f.severity == "unspecified"]
    assert "the record does not give the vacancies (`vacancies` or `vacant`)" in item.text
    # What the decision is worth is as open as the item's quorum.
    assert (a.decisions[0].answer, a.decisions[0].effect) == ("carried", "unspecified")


def test_an_item_too_small_for_any_membership_is_inquorate_whatever_the_vacancies() -> None:
    # Never fewer than 3: two in the room are too few whatever the vacancies (the decision
    # void, the record invalid), though the record gives none.
    quorum = {
        "at_least": "1/2",
        "of": "filled-seats",
        "minimum": 3,
        "inquorate_decisions": "void",
        "source": "1",
    }
    trust = trust_of(_board(quorum=quorum))
    record = _record(
        attendees=["a", "a", "b", "c"],
        decisions=[{**_motion(["a", "a"], []), "withdrawn": ["b", "c"]}],
    )
    a = govrules.check(record, trust)
    assert a.answer == "invalid"
    assert (a.decisions[0].quorate, a.decisions[0].effect) == ("inquorate", "void")


def test_an_election_the_readings_leave_open_leaves_the_record_open() -> None:
    # Only a voting member may be chair, and whether `d` votes is not settled (2.2).
    voting = {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "exceptions": [{"seat": "d", "votes": "unspecified", "source": "2.2"}],
        "source": "2",
    }
    chair = {"selection": "elected", "voting_members_only": True, "source": "5"}
    trust = trust_of(_board(voting=voting, chair=chair))
    record = _record(
        attendees=["a", "b", "c", "d"], decisions=[], elections=[{"office": "chair", "seat": "d"}]
    )
    a = govrules.check(record, trust)
    assert a.answer == "unspecified"
    assert any(
        "`d` was elected chair; whether it may be is not settled" in f.text for f in a.findings
    )
    # Where the MoU says nothing of the office, there is nothing to check.
    plain = govrules.check(record, trust_of(_board(voting=voting)))
    assert plain.answer == "valid"


def _confirm(*steps: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "confirm",
        "name": "Confirm",
        "applies_to": ["board"],
        "source": "6",
        "steps": list(steps),
    }


FIRST = {"action": "First resolution", "body": "board", "source": "6.1"}
VOTE = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6.2"}


def test_a_wait_only_a_reading_gives_a_step_is_weighed() -> None:
    # Five days after the first resolution: no wait as encoded, 28 days as read.
    second = {"action": "Confirmed later", "body": "board", "source": "6.2", "vote": VOTE}
    trust = trust_of(
        _board(),
        procedures=(_confirm(FIRST, second),),
        gaps=[reading_gap("confirm.steps.1.min_days_after_previous", 28, "at least 28 days")],
    )
    decision = {
        **_motion(["a", "b"], ["c"]),
        "procedure": "confirm",
        "step": 2,
        "previous_date": "2026-03-05",
    }
    a = govrules.check(_record(decisions=[decision]), trust)
    assert a.answer == "unspecified"
    texts = [f.text for f in a.findings]
    assert any("min_days_after_previous = 28" in t and ": invalid" in t for t in texts)


def test_a_reading_without_the_step_a_record_names_rules_that_reading_out() -> None:
    # Read with one step, the record's step 2 does not exist: that reading does not fit the
    # record, and the check goes on under the other (no date of the first resolution given).
    # Step 2 confirms the first resolution, and is counted by its vote.
    alone = {**FIRST, "vote": {**VOTE, "source": "6.1"}}
    first = {**alone, "confirmed_by": 2}
    second = {"action": "Confirm", "body": "board", "source": "6.2", "min_days_after_previous": 3}
    trust = trust_of(
        _board(),
        procedures=(_confirm(first, second),),
        gaps=[reading_gap("confirm.steps", [alone], "one step")],
    )
    decision = {**_motion(["a", "b"], ["c"]), "procedure": "confirm", "step": 2}
    a = govrules.check(_record(decisions=[decision]), trust)
    # The step's timing cannot be checked without the date the record leaves out.
    assert (a.answer, a.needs) == ("incomplete", ("previous_date",))
    (unfit,) = [f for f in a.findings if "the record cannot be checked" in f.text]
    assert "confirm.steps (one step)" in unfit.text and "has no step 2" in unfit.text
    with_date = govrules.check(
        _record(decisions=[{**decision, "previous_date": "2026-03-01"}]), trust
    )
    assert with_date.answer == "valid"


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("record", "answer"),
    [
        ("2010-03-01-strategic-board", "valid"),
        ("2010-06-07-strategic-board", "valid"),
        ("2010-12-06-strategic-board", "valid"),
    ],
)
def test_a_bundled_record_weighs_the_rules_it_reads_and_keeps_its_answer(
    record: str, answer: str
) -> None:
    # Suffolk's board: who votes reads the places and rights of the seats that voted (the
    # schools' places, Appendix A 3.2.1) and the rule (the base of 10.3.1). Every reading
    # that fits the record gives it the same result; one school place does not fit two
    # school representatives, and is said so.
    a = govrules.check(EXAMPLES / "suffolk-2010" / f"{record}.yaml")
    assert a.answer == answer
    said = a.findings[-1]  # the record's own weighing, after the quorum's and the votes'
    assert said.text.startswith("Read under 6 readings of")
    assert said.text.endswith(f"every reading gives {answer}.")
    assert "Appendix A 3.2.1" in said.text and "10.3.1" in said.text
    (unfit,) = [f for f in a.findings if "the record cannot be checked" in f.text]
    assert "schools.count = 1" in unfit.text and unfit.severity == "info"


def test_a_bundled_record_whose_vote_turns_on_the_votes_of_members_with_an_interest() -> None:
    # 2010-09-06: the two school representatives declare an interest (14.2) and vote for:
    # 9 for, 1 against, 1 abstaining, 15 present. Section 14 does not say whether they may
    # vote. Where they may not, their votes do not count and they are not among the voting
    # members present: 7 for is still a majority of the votes cast, and of the 12 voting
    # representatives present (10.3.1 as encoded), but not of all 15 present (its reading
    # that counts the non-voting too): the readings differ, and the decision is not settled.
    a = govrules.check(EXAMPLES / "suffolk-2010" / "2010-09-06-strategic-board.yaml")
    assert a.answer == "unspecified"
    (decided,) = a.decisions
    assert (decided.answer, decided.binding, decided.effect) == ("unspecified", None, "unspecified")
    by_reading = [f.text for f in a.findings if f.text.startswith("Under ")]
    for base, said in (
        ("present", "carried, binding"),
        ("votes-cast", "carried, binding"),
        ("everyone-present", "unspecified"),
    ):
        lines = [t for t in by_reading if f"base = {base} " in t]
        assert lines and all(f"counselling service: {said})" in t for t in lines), base
    # Where a reading leaves the decision open, its line says why.
    (why,) = {t.split(") (", 1)[1] for t in by_reading if "base = everyone-present" in t}
    assert why.startswith("Commission the school-based counselling service: members of `schools`")
    assert "it is carried; leaving them out, lost" in why
    assert "differ on whether it was carried or binds" in a.findings[-1].text


def _motion(for_: list[str], against: list[str]) -> dict[str, Any]:
    return {"motion": "M", "for": for_, "against": against}


def test_a_vote_whose_own_quorum_needs_the_vacancies_is_void_where_the_item_is_inquorate() -> None:
    # Half the members in office, and `b` among those present. Counting everyone in the room
    # (the substitute for `b` too) the vote's quorum turns on the vacancies; without the
    # substitute, who does not count, `b` is absent: inquorate whatever the vacancies, so the
    # decision is void (1), not open.
    quorum = {
        "at_least": "1/2",
        "of": "filled-seats",
        "must_include": [{"seats": ["b"], "at_least": 1}],
        "inquorate_decisions": "void",
        "source": "1",
    }
    subs = {**SUBSTITUTES, "counts_for_quorum": False}
    trust = _trust(quorum=quorum, substitutes=subs)
    record = _record(
        attendees=["a", "b"], substitutes=["b"], decisions=[{"motion": "M", "for": ["a", "b"]}]
    )
    alone = govrules.vote(trust, "board", for_=["a", "b"])
    assert (alone.answer, alone.needs) == ("incomplete", ("--vacancies",))
    a = govrules.check(record, trust)
    assert a.quorate == "inquorate"
    assert [(d.answer, d.binding, d.effect) for d in a.decisions] == [("carried", False, "void")]
    assert a.answer == "invalid"


CHAIR = {"selection": "elected", "by": "membership", "from_among": {"seats": ["a", "b"]}}


@pytest.mark.parametrize(
    ("effect", "answer", "severity"),
    [
        ("void", "invalid", "error"),
        ("in-principle", "valid", "warning"),
        ("unspecified", "unspecified", "unspecified"),
        ("binding", "valid", None),
    ],
)
@pytest.mark.parametrize("seat", ["a", None])
def test_an_election_made_while_inquorate_is_worth_what_any_decision_then_is(
    effect: str, answer: str, severity: str | None, seat: str | None
) -> None:
    # An election is a decision of the meeting, whether or not the record names who was
    # elected: two present of the three needed (1), and what decisions made then are worth
    # is the quorum rule's.
    quorum = {"number": 3, "inquorate_decisions": effect, "source": "1"}
    trust = _trust(quorum=quorum, chair={**CHAIR, "source": "4"})
    election = {"office": "chair", **({"seat": seat} if seat else {})}
    a = govrules.check(_record(attendees=["a", "b"], decisions=[], elections=[election]), trust)
    assert (a.quorate, a.answer) == ("inquorate", answer)
    said = "`a` was elected chair" if seat else "The chair was elected"
    found = [f for f in a.findings if f"{said} while the meeting was inquorate" in f.text]
    assert [f.severity for f in found] == ([severity] if severity else [])
    # Quorate, the same election is valid.
    a = govrules.check(
        _record(
            attendees=["a", "b", "c"], decisions=[], elections=[{"office": "chair", "seat": "a"}]
        ),
        trust,
    )
    assert a.answer == "valid"


@pytest.mark.parametrize("seat", ["a", None])
def test_an_election_turns_on_a_quorum_the_mou_leaves_open_whoever_was_elected(
    seat: str | None,
) -> None:
    # No quorum is stated: a meeting that decided nothing is valid, one that elected its chair
    # (named or not) is not settled.
    quorum = {"status": "unspecified", "note": "None is stated.", "source": "1"}
    trust = _trust(quorum=quorum, chair={**CHAIR, "source": "4"})
    assert govrules.check(_record(decisions=[]), trust).answer == "valid"
    election = {"office": "chair", **({"seat": seat} if seat else {})}
    a = govrules.check(_record(decisions=[], elections=[election]), trust)
    assert a.answer == "unspecified"


@pytest.mark.parametrize(
    ("votes", "quorate", "answer"),
    [
        (False, "inquorate", "invalid"),
        (None, "unspecified", "unspecified"),
        (True, "quorate", "valid"),
    ],
)
def test_a_substitute_meets_a_presence_of_members_with_a_vote_only_if_it_may_vote(
    votes: bool | None, quorate: str, answer: str
) -> None:
    # The quorum needs `b` with a vote (an NHS board's "executive director with a vote"); the
    # one present for `b` stands in for its member, and votes only as the substitutes rule says.
    quorum = {
        "number": 2,
        "must_include": [{"seats": ["b"], "classes": ["voting"], "at_least": 1}],
        "inquorate_decisions": "void",
        "source": "1",
    }
    subs = {"allowed": True, "votes": votes, "counts_for_quorum": True, "source": "3"}
    if votes is None:
        del subs["votes"]
    trust = _trust(quorum=quorum, substitutes=subs)
    decided = [{"motion": "M", "for": ["a"]}]  # void if made while inquorate (1)
    record = _record(attendees=["a", "b"], substitutes=["b"], decisions=decided)
    a = govrules.check(record, trust)
    assert (a.quorate, a.answer) == (quorate, answer)
    # The member of `b` in person meets it whatever substitutes may do.
    assert govrules.check(_record(attendees=["a", "b"], decisions=decided), trust).answer == "valid"


@pytest.mark.parametrize(
    ("chair", "void"),
    [
        ({"selection": "appointed", "by": "the Council of Governors"}, False),
        ({"selection": "appointed", "by": "the Mayor"}, False),
        ({"selection": "elected", "by": "the Board"}, True),  # this body, by its name
        ({"selection": "elected", "by": "membership"}, True),
        ({"selection": "elected", "by": "the members"}, True),
        ({"selection": "elected"}, True),
        # Another's name holding this body's ("Board") is not this body.
        ({"selection": "appointed", "by": "the Partnership Board"}, False),
    ],
)
def test_an_inquorate_meeting_voids_only_an_election_that_is_its_own(
    chair: dict[str, Any], void: bool
) -> None:
    # An office another body fills ("the Council of Governors appoints the Chair") is not
    # this meeting's decision: what an inquorate meeting's decisions are worth does not touch it.
    quorum = {"number": 3, "inquorate_decisions": "void", "source": "1"}
    trust = _trust(quorum=quorum, chair={**chair, "source": "4"})
    a = govrules.check(
        _record(attendees=["a", "b"], decisions=[], elections=[{"office": "chair", "seat": "a"}]),
        trust,
    )
    found = [f for f in a.findings if "while the meeting was inquorate" in f.text]
    assert (bool(found), a.answer) == (void, "invalid" if void else "valid")


def test_which_of_a_seats_members_left_the_room_is_not_guessed() -> None:
    # `b` has one place here made two: its member and a substitute (who may not vote) attend,
    # one of them withdraws from the item, and the record does not say which. The quorum
    # needs `b` with a vote: met if the member stayed, not if the substitute did.
    quorum = {
        "number": 2,
        "must_include": [{"seats": ["b"], "classes": ["voting"], "at_least": 1}],
        "inquorate_decisions": "void",
        "source": "1",
    }
    subs = {"allowed": True, "votes": False, "counts_for_quorum": True, "source": "3"}
    body = _board(quorum=quorum, substitutes=subs)
    body["seats"][1] = {"id": "b", "title": "B", "count": 2}
    trust = trust_of(body)
    decided = [{"motion": "M", "for": ["a"], "withdrawn": ["b"]}]
    record = _record(attendees=["a", "b", "b"], substitutes=["b"], decisions=decided)
    a = govrules.check(record, trust)
    assert (a.quorate, a.decisions[0].quorate, a.answer) == (
        "quorate",
        "unspecified",
        "unspecified",
    )


def test_a_substitute_not_counted_may_be_the_one_who_left() -> None:
    # Substitutes do not count toward the quorum of 3 (1); `b` has a member and a substitute
    # there, and one of them withdraws: quorate if the substitute left, not if the member did.
    subs = {**SUBSTITUTES, "counts_for_quorum": False}
    body = _board(substitutes=subs)
    body["seats"][1] = {"id": "b", "title": "B", "count": 2}
    trust = trust_of(body)
    decided = [{"motion": "M", "for": ["a", "c"], "withdrawn": ["b"]}]
    record = _record(attendees=["a", "c", "b", "b"], substitutes=["b"], decisions=decided)
    a = govrules.check(record, trust)
    assert (a.decisions[0].quorate, a.answer) == ("unspecified", "unspecified")
    assert any("the record does not say" in f.text for f in a.findings)


def _two_places(votes: bool | None, **voting_rules: Any) -> Trust:
    """``board`` whose seat ``a`` has two places; substitutes count toward the quorum and
    vote as ``votes`` says (``None``: the MoU does not say); no casting vote; other
    ``voting_rules`` as given."""
    subs: dict[str, Any] = {"allowed": True, "counts_for_quorum": True, "source": "3"}
    if votes is not None:
        subs["votes"] = votes
    voting = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "casting_vote": "none",
              "source": "2", **voting_rules}  # fmt: skip
    return trust_of(_board(substitutes=subs, voting=voting))


@pytest.mark.parametrize(
    ("votes", "decided"),
    [
        # Substitutes do not vote: carried 2-1 if the member voted, 1-1 (lost) and an
        # irregular vote if the substitute did.
        (False, "unspecified"),
        # The MoU does not say whether they vote: open either way.
        (None, "unspecified"),
    ],
)
def test_a_seats_one_vote_is_not_taken_for_its_substitutes(
    tmp_path: Path, votes: bool | None, decided: str
) -> None:
    # `a` has two places, held by its member and a substitute; one vote of `a` is recorded,
    # and the record does not say whose it was.
    trust = _two_places(votes)
    record = _record(attendees=["a", "a", "b", "c"], substitutes=["a"])
    a = govrules.check(record, trust)
    assert (a.answer, a.needs, a.quorate) == ("unspecified", (), "quorate")
    assert [d.answer for d in a.decisions] == [decided]
    assert not any(f.severity == "error" for f in a.findings)
    texts = [f.text for f in a.findings if f.severity == "unspecified"]
    if votes is False:
        assert (
            "M: the record does not say whether the substitute for `a` voted, and substitutes "
            "do not vote." in texts
        )
        assert (
            "M: it is carried or lost as the votes of `a` were members' or substitutes', "
            "and the record does not say which." in texts
        )
    else:
        assert (
            "M: with the substitutes' votes it is carried, without them lost; the MoU does "
            "not say whether substitutes vote." in texts
        )
    data = trust.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "r.yaml").write_text(yaml.safe_dump({"trust": "t.yaml", **record}), "utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "r.yaml")])
    assert result.exit_code == 3, result.output


def test_a_seats_vote_that_decides_nothing_is_still_open_where_it_may_be_a_substitutes() -> None:
    # Carried 3-1 or 2-1: the count does not turn on whose vote it was, but a substitute
    # voting where substitutes do not vote is itself an error, and the record does not say.
    decided = [_motion(["a", "b", "c"], ["d"])]
    record = _record(attendees=["a", "a", "b", "c", "d"], substitutes=["a"], decisions=decided)
    a = govrules.check(record, _two_places(False))
    assert (a.answer, a.needs, [d.answer for d in a.decisions]) == ("unspecified", (), ["carried"])
    (open_,) = [f for f in a.findings if f.severity == "unspecified"]
    assert open_.text == (
        "M: the record does not say whether the substitute for `a` voted, and substitutes do "
        "not vote."
    )
    silent = govrules.check(record, _two_places(None))
    assert (silent.answer, [d.answer for d in silent.decisions]) == ("unspecified", ["carried"])
    (open_,) = [f for f in silent.findings if f.severity == "unspecified"]
    assert open_.text == (
        "M: the record does not say whether the substitute for `a` voted, and the MoU does "
        "not say whether substitutes vote."
    )


def test_a_seat_whose_places_are_all_substituted_votes_by_its_substitutes() -> None:
    # Both of `a`'s places are held by substitutes, who do not vote: the vote is theirs.
    record = _record(attendees=["a", "a", "b", "c"], substitutes=["a", "a"])
    a = govrules.check(record, _two_places(False))
    assert (a.answer, [d.answer for d in a.decisions]) == ("invalid", ["lost"])
    (error,) = [f for f in a.findings if f.severity == "error"]
    assert error.text == "M: the substitute for `a` voted, but substitutes do not vote."


def test_which_way_a_substitute_voted_is_not_guessed() -> None:
    # `a`'s member and its substitute both voted, one for and one against: the substitute
    # voted (an error, where substitutes do not vote), but not counting its vote leaves 2-1
    # (carried) if it voted against, 1-2 (lost) if for.
    decided = [_motion(["a", "b"], ["a", "c"])]
    record = _record(attendees=["a", "a", "b", "c"], substitutes=["a"], decisions=decided)
    a = govrules.check(record, _two_places(False))
    assert (a.answer, [d.answer for d in a.decisions]) == ("invalid", ["unspecified"])
    texts = [f.text for f in a.findings]
    assert "M: the substitute for `a` voted, but substitutes do not vote." in texts
    assert (
        "M: it is carried or lost as the votes of `a` were members' or substitutes', "
        "and the record does not say which." in texts
    )


def test_a_seats_vote_after_one_of_its_members_left_may_be_its_substitutes() -> None:
    # One of `a`'s two (its member and a substitute) withdraws, and the one who stayed votes:
    # the record does not say which stayed.
    decided = [{**_motion(["a", "b"], ["c"]), "withdrawn": ["a"]}]
    record = _record(attendees=["a", "a", "b", "c"], substitutes=["a"], decisions=decided)
    a = govrules.check(record, _two_places(False))
    assert (a.answer, [d.answer for d in a.decisions]) == ("unspecified", ["unspecified"])
    assert not any(f.severity == "error" for f in a.findings)
    assert (
        "M: the record does not say whether the substitute for `a` voted, and substitutes do "
        "not vote." in [f.text for f in a.findings]
    )


def test_a_record_asks_for_every_fact_its_readings_lack() -> None:
    # Read with a wait of 28 days before step 2, the record also lacks the first meeting's
    # date; every reading is incomplete, and the record asks for both facts at once.
    quorum = {"at_least": "1/2", "of": "filled-seats", "inquorate_decisions": "void", "source": "1"}
    first = {**FIRST, "vote": {**VOTE, "source": "6.1"}, "confirmed_by": 2}
    second = {"action": "Confirm", "body": "board", "source": "6.2"}
    trust = trust_of(
        _board(quorum=quorum),
        procedures=(_confirm(first, second),),
        gaps=[reading_gap("confirm.steps.1.min_days_after_previous", 28, "a wait")],
    )
    decision = {**_motion(["a", "b"], []), "procedure": "confirm", "step": 2}
    a = govrules.check(_record(attendees=["a", "b"], decisions=[decision]), trust)
    assert (a.answer, set(a.needs)) == ("incomplete", {"vacancies", "previous_date"})


def test_a_vote_whose_count_waits_on_up_to_places_is_not_called_carried() -> None:
    # More than half of every voting member, with up to two co-opted members: 3 for are
    # enough of 4 members, not of 6. The count itself waits on the places filled.
    seats = [{"id": "m", "title": "M", "count": 4}, {"id": "co", "title": "C", "count": 2,
             "up_to": True}]  # fmt: skip
    body = {
        "id": "board",
        "name": "Board",
        "seats": seats,
        "quorum": {"number": 2, "inquorate_decisions": "void", "source": "1"},
        "voting": {"threshold": {"more_than": "1/2"}, "base": "voting-members", "source": "2"},
    }
    trust = trust_of(body)
    decided = [{"motion": "M", "for": ["m", "m", "m"]}]
    a = govrules.check(_record(attendees=["m", "m", "m"], decisions=decided), trust)
    assert (a.answer, a.needs, a.decisions[0].answer) == ("incomplete", ("vacant",), "incomplete")
    full = govrules.check(_record(attendees=["m", "m", "m"], decisions=decided, vacancies=0), trust)
    assert (full.answer, full.decisions[0].answer) == ("valid", "lost")


def test_a_quorum_nothing_turns_on_is_noted_not_left_open() -> None:
    # No decision, no election: whether substitutes count toward the quorum (the MoU silent,
    # or read either way) changes nothing the record says.
    silent = _trust(substitutes={**SUBSTITUTES, "counts_for_quorum": None})
    record = _record(attendees=["a", "b", "c"], substitutes=["c"], decisions=[])
    a = govrules.check(record, silent)
    assert (a.answer, a.quorate) == ("valid", "unspecified")
    read = _trust(
        reading_gap("board.substitutes.counts_for_quorum", False, "substitutes do not count"),
        substitutes=SUBSTITUTES,
    )
    a = govrules.check(record, read)
    assert (a.answer, a.quorate) == ("valid", "unspecified")
    assert any("differ on whether the meeting is quorate" in f.text for f in a.findings)


def test_an_election_not_the_meetings_own_does_not_turn_on_its_quorum() -> None:
    # The chair is `b`'s ex officio; the record notes it, but the meeting's quorum (half the
    # members in office, the vacancies not given) decides nothing.
    quorum = {"at_least": "1/2", "of": "filled-seats", "inquorate_decisions": "void", "source": "1"}
    trust = _trust(quorum=quorum, chair={"seat": "b", "selection": "ex-officio", "source": "4"})
    record = _record(
        attendees=["a", "b"], decisions=[], elections=[{"office": "chair", "seat": "b"}]
    )
    a = govrules.check(record, trust)
    assert (a.answer, a.needs) == ("valid", ())


@pytest.mark.parametrize(
    ("condition", "partner", "answer", "said"),
    [
        # The file leaves open whether `pd` is under the duty: the MoU does not settle it.
        ({"statutory_partner": True}, {"id": "pd", "name": "PD"}, "unspecified",
         "the MoU does not"),
        # Implementers not given: the record does not settle it.
        ({"any": [{"seat_in": ["a", "b", "c"]}, {"implements": True}]},
         {"id": "pd", "name": "PD", "statutory": True}, "incomplete", "the record does not"),
    ],
)  # fmt: skip
def test_a_vote_with_its_right_left_open_is_said_though_the_count_does_not_turn_on_it(
    condition: dict[str, Any], partner: dict[str, Any], answer: str, said: str
) -> None:
    # Three for, `d` against: carried whether or not `d` may vote, but a vote made without a
    # right is itself an error, so whether `d` could vote is open.
    body = _board(
        voting={"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "2",
                "condition": condition},
    )  # fmt: skip
    body["seats"] = [
        {"id": s, "title": s.upper(), "partner": p}
        for s, p in (("a", "pa"), ("b", "pb"), ("c", "pc"), ("d", "pd"))
    ]
    partners = tuple({"id": p, "name": p.upper(), "statutory": True} for p in ("pa", "pb", "pc"))
    trust = trust_of(body, partners=(*partners, partner))
    decided = [{"motion": "M", "for": ["a", "b", "c"], "against": ["d"], "affects": []}]
    a = govrules.check(_record(attendees=["a", "b", "c", "d"], decisions=decided), trust)
    assert (a.answer, a.decisions[0].answer) == (answer, "carried")
    assert any(f"`d` voted, but {said} settle whether it may" in f.text for f in a.findings)


def test_the_ways_substitutes_may_have_voted_are_bounded() -> None:
    # Five seats of eight places, each with its eight members, four of them substitutes, and
    # four votes for and four against: 5 ways each, 3,125 in all (over 32). Counting each
    # would take seconds and grow without end; the outcome is left open, and each seat's
    # substitute, who surely voted where substitutes do not, is still an error.
    seats = [{"id": s, "title": s.upper(), "count": 8} for s in "pqrst"]
    subs = {"allowed": True, "votes": False, "counts_for_quorum": True, "source": "3"}
    trust = trust_of(_board(seats=seats, substitutes=subs))
    names = [s for s in "pqrst" for _ in range(4)]
    record = _record(attendees=names * 2, substitutes=names, decisions=[_motion(names, names)])
    a = govrules.check(record, trust)
    assert [d.answer for d in a.decisions] == ["unspecified"]
    assert a.answer == "invalid"
    assert sum(f.severity == "error" for f in a.findings) == 5
    assert any("more than 32 ways" in f.text for f in a.findings if f.severity == "unspecified")


def _four_seats(votes: bool | None, base: str = "present", **rules: Any) -> Trust:
    """``board`` of four single seats ``a`` to ``d``; substitutes count toward the quorum of
    3 and vote as ``votes`` says (``None``: the MoU does not say); a majority of ``base``;
    other ``rules`` of the body as given."""
    subs: dict[str, Any] = {"allowed": True, "counts_for_quorum": True, "source": "3"}
    if votes is not None:
        subs["votes"] = votes
    voting = {"threshold": {"more_than": "1/2"}, "base": base, "source": "2"}
    body = _board(substitutes=subs, voting=voting, **rules)
    body["seats"][0] = {"id": "a", "title": "A"}
    return trust_of(body)


def _run(tmp_path: Path, trust: Trust, record: dict[str, Any]) -> int:
    """The exit status of ``govrules check`` on ``record`` against ``trust``."""
    data = trust.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "r.yaml").write_text(yaml.safe_dump({"trust": "t.yaml", **record}), "utf-8")
    return CliRunner().invoke(cli, ["check", str(tmp_path / "r.yaml")]).exit_code


SUBSTITUTE_D = _record(attendees=["a", "b", "c", "d"], substitutes=["d"])
"""`d` attended by its substitute, who does not vote; 2 for (`a`, `b`), 1 against (`c`)."""


@pytest.mark.parametrize(
    ("votes", "decided", "base", "answer", "status"),
    [
        # Substitutes do not vote: the one for `d` is not a voting member present, as a seat
        # without a vote is not: 2 of 3.
        (False, "carried", 3, "valid", 0),
        # They vote: 2 of 4 is not a majority.
        (True, "lost", 4, "valid", 0),
        # The MoU does not say: carried or lost as they do.
        (None, "unspecified", 4, "unspecified", 3),
    ],
)
def test_a_substitute_who_may_not_vote_is_not_among_the_voting_members_present(
    tmp_path: Path, votes: bool | None, decided: str, base: int, answer: str, status: int
) -> None:
    trust = _four_seats(votes)
    a = govrules.check(SUBSTITUTE_D, trust)
    assert (a.answer, a.quorate, [d.answer for d in a.decisions]) == (answer, "quorate", [decided])
    (vote,) = [d.vote for d in a.decisions]
    assert vote is not None and (vote.for_, vote.against, vote.present, vote.base) == (
        2,
        1,
        4,
        base,
    )
    texts = [r.text for r in vote.explanation]
    not_counted = (
        "Not counted among the voting members present: 1 present for `d` who may not vote "
        "though the seat does."
    )
    assert (not_counted in texts) is (votes is False)
    if votes is False:
        assert "Counted votes: 2 for, 1 against, 0 abstaining; 2 of 3 needed." in texts
    unsettled = [f.text for f in a.findings if f.severity == "unspecified"]
    assert unsettled == (
        [
            "M: counting the substitutes for `d` among the voting members present it is lost, "
            "leaving them out carried; the MoU does not say whether substitutes vote."
        ]
        if votes is None
        else []
    )
    assert _run(tmp_path, trust, SUBSTITUTE_D) == status


@pytest.mark.parametrize(
    ("base", "decided", "counted"),
    [
        # Everyone present counts, voters or not: 2 of 4.
        ("everyone-present", "lost", 4),
        # Only the votes cast count: 2 of 3, whoever else is present.
        ("votes-cast", "carried", 3),
        # Every voting seat counts, present or not, whoever sits in it: 2 of 4.
        ("voting-members", "lost", 4),
    ],
)
@pytest.mark.parametrize("votes", [False, None, True])
def test_a_substitute_not_voting_changes_no_base_but_the_voting_members_present(
    votes: bool | None, base: str, decided: str, counted: int
) -> None:
    a = govrules.check(SUBSTITUTE_D, _four_seats(votes, base))
    assert (a.answer, [d.answer for d in a.decisions]) == ("valid", [decided])
    (vote,) = [d.vote for d in a.decisions]
    assert vote is not None and vote.base == counted
    assert not any("Not counted among" in r.text for r in vote.explanation)


def test_a_substitute_not_voting_still_counts_toward_the_quorum_as_its_rule_says() -> None:
    # A quorum of 4: the substitute for `d` counts toward it (counts_for_quorum), though not
    # among the voting members present.
    trust = _four_seats(False, quorum={"number": 4, "inquorate_decisions": "void", "source": "1"})
    a = govrules.check(SUBSTITUTE_D, trust)
    assert (a.answer, a.quorate) == ("valid", "quorate")
    assert [(d.answer, d.quorate, d.effect) for d in a.decisions] == [
        ("carried", "quorate", "binding")
    ]


def test_the_voting_members_present_are_not_guessed_where_one_of_a_seats_left() -> None:
    # `a` has two places, held by its member and a substitute (who does not vote); one of them
    # withdraws: of `b`, `c` and `d`, 2 for and 1 against is carried of 3 voting members
    # present if the substitute stayed, lost of 4 if the member did. No casting vote.
    subs = {"allowed": True, "votes": False, "counts_for_quorum": True, "source": "3"}
    voting = {"threshold": {"more_than": "1/2"}, "base": "present", "casting_vote": "none",
              "source": "2"}  # fmt: skip
    trust = trust_of(_board(substitutes=subs, voting=voting))
    decided = [{**_motion(["b", "c"], ["d"]), "withdrawn": ["a"]}]
    record = _record(attendees=["a", "a", "b", "c", "d"], substitutes=["a"], decisions=decided)
    a = govrules.check(record, trust)
    assert (a.answer, [d.answer for d in a.decisions]) == ("unspecified", ["unspecified"])
    assert [f.text for f in a.findings if f.severity == "unspecified"] == [
        "M: it is carried or lost as those who left the room for it were or were not the "
        "substitutes for `a`, who do not vote, and the record does not say."
    ]
    # Where no one left, the substitute is surely there: 2 of 4 voting members present.
    stayed = govrules.check({**record, "decisions": [_motion(["b", "c"], ["d"])]}, trust)
    assert (stayed.answer, [d.answer for d in stayed.decisions]) == ("valid", ["lost"])
    # The one who stayed votes for with `b`: a member (2 of 4) or the substitute, whose vote
    # is not counted (1 for, 1 against of 3); lost either way. A member's vote is never
    # counted with the one who cast it left out of the voting members present (2 of 3).
    voted = [{**_motion(["a", "b"], ["c"]), "abstain": ["d"], "withdrawn": ["a"]}]
    a = govrules.check({**record, "decisions": voted}, trust)
    assert (a.answer, [d.answer for d in a.decisions]) == ("unspecified", ["lost"])
    assert [f.text for f in a.findings if f.severity == "unspecified"] == [
        "M: the record does not say whether the substitute for `a` voted, and substitutes do "
        "not vote."
    ]


@pytest.mark.parametrize(
    ("base", "answer", "counted"),
    [("present", "carried", 3), ("everyone-present", "lost", 4), ("votes-cast", "carried", 3)],
)
def test_a_vote_leaves_those_present_without_a_vote_out_of_the_voting_members_present(
    base: str, answer: str, counted: int
) -> None:
    trust = _four_seats(False, base)
    a = govrules.vote(
        trust, "board", for_=["a", "b"], against=["c"], present=["a", "b", "c", "d"],
        without_vote=["d"],
    )  # fmt: skip
    assert (a.answer, a.present, a.base) == (answer, 4, counted)
    # Those without a vote are among those present, and did not vote.
    for present, voting in ((["a", "b", "c"], ["a", "b"]), (["a", "b", "c", "d"], ["a", "d"])):
        with pytest.raises(govrules.GovrulesError, match="said to have no vote"):
            govrules.vote(
                trust, "board", for_=voting, against=["c"], present=present, without_vote=["d"]
            )


@pytest.mark.parametrize(
    ("attendees", "substitutes", "motion", "decided", "warning"),
    [
        # Both of `a`'s places held by substitutes: one of them surely voted (3-1 or 2-1).
        (
            ["a", "a", "b", "c", "d"],
            ["a", "a"],
            _motion(["a", "b", "c"], ["d"]),
            "carried",
            "M: the substitute for `a` voted, but substitutes do not vote; its vote is not "
            "counted, and 5 keeps the meeting's acts valid.",
        ),
        # Its member and a substitute: `a`'s vote may be either's (carried 3-1 or 2-1).
        (
            ["a", "a", "b", "c", "d"],
            ["a"],
            _motion(["a", "b", "c"], ["d"]),
            "carried",
            "M: the record does not say whether the substitute for `a` voted, but substitutes "
            "do not vote; if it did, its vote is not counted, and 5 keeps the meeting's acts "
            "valid.",
        ),
    ],
)
def test_a_saving_clause_keeps_a_substitutes_vote_from_invalidating_the_record(
    tmp_path: Path,
    attendees: list[str],
    substitutes: list[str],
    motion: dict[str, Any],
    decided: str,
    warning: str,
) -> None:
    # As for a seat voting without a right: the vote is not counted, and a clause keeping
    # the meeting's acts valid though a voter was not entitled to vote (Suffolk 10.3.5)
    # makes it a warning, not an error or an open question.
    saved = _two_places(False, irregular_votes_saved={"clause": "5"})
    record = _record(attendees=attendees, substitutes=substitutes, decisions=[motion])
    a = govrules.check(record, saved)
    assert (a.answer, [d.answer for d in a.decisions]) == ("valid", [decided])
    assert [(f.severity, f.text) for f in a.findings if f.severity != "info"] == [
        ("warning", warning)
    ]
    assert _run(tmp_path, saved, record) == 0
    # Without the clause: an error where the substitute surely voted, else open.
    plain = govrules.check(record, _two_places(False))
    assert plain.answer == ("invalid" if len(substitutes) == 2 else "unspecified")


def test_a_saved_substitutes_vote_that_decides_leaves_the_outcome_open() -> None:
    # Both of `a`'s places held by substitutes, one voting for: the clause keeps the acts
    # valid as if it had been entitled to vote, so the meeting may have counted it (2-1,
    # carried) or not (1-1, lost), and the record does not say which it declared.
    saved = _two_places(False, irregular_votes_saved={"clause": "5"})
    record = _record(
        attendees=["a", "a", "b", "c"],
        substitutes=["a", "a"],
        decisions=[_motion(["a", "b"], ["c"])],
    )
    a = govrules.check(record, saved)
    assert (a.answer, [d.answer for d in a.decisions]) == ("unspecified", ["unspecified"])
    assert ("unspecified", "M: 5 keeps the meeting's acts valid as if every such voter had been "
            "entitled to vote: counting the substitutes' votes it is carried, leaving them out "
            "lost, and the record does not say which the meeting declared.") in [
        (f.severity, f.text) for f in a.findings
    ]  # fmt: skip
