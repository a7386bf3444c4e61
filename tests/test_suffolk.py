"""Suffolk Children's Trust, Strategic Board: one test per clause, clause quoted."""

from __future__ import annotations

import pytest

import govrules
from govrules import QueryError

BOARD = "strategic-board"


def test_membership_is_seventeen_places(suffolk: govrules.Trust) -> None:
    # Appendix A 3.2.1: the membership list, with "2 District & Borough representatives" and
    # "2 Voluntary and Community Sector (VCS) representatives".
    body = suffolk.body(BOARD)
    assert body is not None
    assert body.members_total == 17
    assert body.seat("district-borough").count == 2  # type: ignore[union-attr]
    assert body.seat("vcs").count == 2  # type: ignore[union-attr]


# 8 would be inquorate with the schools read as two places, but Appendix A 3.2.1 gives no
# number and with one place 8 is quorate (tests/test_readings_trusts.py); 7 with every place
# filled is inquorate under every reading (with places vacant, "the membership" may be the
# members in office: test_10_1_membership_may_be_the_members_in_office).
@pytest.mark.parametrize(
    ("count", "vacancies", "answer", "each"),
    [
        (7, 0, "inquorate", [8, 9, 9]),
        (9, None, "quorate", [8, 9, 9]),
        (17, None, "quorate", [9, 9]),
    ],
)
def test_10_1_quorum_is_half_the_membership(
    suffolk: govrules.Trust, count: int, vacancies: int | None, answer: str, each: list[int]
) -> None:
    # 10.1 "Children's Trust meetings will be quorate when 50% of the membership is in
    # attendance." 50% of 17 is 8.5, so 9 must attend; one fewer is inquorate.
    a = govrules.quorum(suffolk, BOARD, count=count, vacancies=vacancies)
    assert a.answer == answer
    # 9 of 17 as encoded; the readings of the schools' places need 8 of 16 or 9 of 18, so
    # the number is given reading by reading and the answer's own is null.
    # 17 attending rules out one place (16 members): then 9 under every reading left.
    assert a.required == (9 if len(set(each)) == 1 else None)
    assert sorted(dict(r.facts)["required"] for r in a.readings) == each
    assert a.present == count
    assert a.explanation[0].source is not None and a.explanation[0].source.clause == "10.1"
    encoded = dict(next(r for r in a.readings if not r.values).facts)
    assert (encoded["required"], encoded["membership"]) == (9, 17)


def test_10_1_quorum_counts_seats_present(suffolk: govrules.Trust) -> None:
    present = [
        "portfolio-holder",
        "director-cyp",
        "vcs",
        "vcs",
        "schools",
        "schools",
        "nhs-suffolk",
        "probation-board",
        "lscb-independent-chair",
    ]
    a = govrules.quorum(suffolk, BOARD, present=present)
    # The LSCB chair cannot vote (10.2.1) but attends, and 10.1 counts attendance.
    assert (a.answer, a.present) == ("quorate", 9)


def test_10_1_inquorate_decisions_are_in_principle_only(suffolk: govrules.Trust) -> None:
    # 10.1 "Should decisions be made when the meeting is not quorate then the decisions will
    # be agreed in principle only."
    # Every place filled: 4 of 17 is inquorate whether "the membership" counts vacant places.
    a = govrules.vote(
        suffolk,
        BOARD,
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk"],
        against=["jobcentre-plus"],
        vacancies=0,
    )
    assert a.answer == "carried"
    assert a.binding is False
    assert a.effect == "in-principle"
    assert any("in principle only" in r.text for r in a.explanation)


def test_10_1_membership_may_be_the_members_in_office(suffolk: govrules.Trust) -> None:
    # 10.1 "50% of the membership": every place, vacant or not (17, so 9), or the members in
    # office (with 3 places vacant, 14, so 7). 7 present is inquorate under the one, quorate
    # under the other: not settled.
    a = govrules.quorum(suffolk, BOARD, count=7, vacancies=3)
    assert (a.answer, a.required) == ("unspecified", None)
    by_reading = {r.values: (r.answer, dict(r.facts)["required"]) for r in a.readings}
    assert by_reading[()] == ("inquorate", 9)
    assert by_reading[(("strategic-board.quorum.of", "filled-seats"),)] == ("quorate", 7)
    assert any("50% of the membership" in r.text for r in a.explanation)
    # The vacancies not given: inquorate of every place, and of the members in office
    # quorate if enough places are vacant, so they are asked for.
    b = govrules.quorum(suffolk, BOARD, count=7)
    assert (b.answer, b.needs) == ("incomplete", ("--vacancies",))
    # Nine of seventeen is half of every place, so quorate whatever the vacancies.
    assert govrules.quorum(suffolk, BOARD, count=9).answer == "quorate"
    # A vote carried by the seven: in principle only, or binding: not settled.
    v = govrules.vote(
        suffolk,
        BOARD,
        for_=["portfolio-holder", "director-cyp", "vcs", "vcs", "nhs-suffolk"],
        against=["fe-college", "jobcentre-plus"],
        vacancies=3,
    )
    assert (v.answer, v.binding, v.effect) == ("carried", None, "unspecified")
    effects = {dict(r.facts)["effect"] for r in v.readings}
    assert effects == {"in-principle", "binding"}


def _quorate_board_votes() -> dict[str, list[str]]:
    return {
        "for_": ["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"],
        "against": ["schools", "schools", "jobcentre-plus"],
        "abstain": ["fe-college", "police-authority"],
    }


def test_10_3_1_majority_of_representatives_present_so_abstentions_count(
    suffolk: govrules.Trust,
) -> None:
    # 10.3.1 "A resolution ... shall be determined by a majority of representatives present".
    # 5 for, 3 against, 2 abstaining: 5 is not more than half of the 10 present, but it is
    # more than half of the 8 votes cast, which the words also admit: not settled by the text.
    a = govrules.vote(suffolk, BOARD, **_quorate_board_votes())  # type: ignore[arg-type]
    assert a.answer == "unspecified"
    by_base = {
        dict(r.values).get("strategic-board.voting.base", "present"): r.answer for r in a.readings
    }
    assert by_base == {"present": "lost", "everyone-present": "lost", "votes-cast": "carried"}
    assert (a.for_, a.against, a.abstain, a.present) == (5, 3, 2, 10)


def test_10_3_1_one_more_for_carries(suffolk: govrules.Trust) -> None:
    votes = _quorate_board_votes()
    votes["for_"] = [*votes["for_"], "governors-forum"]
    a = govrules.vote(suffolk, BOARD, **votes)  # type: ignore[arg-type]
    assert (a.answer, a.for_, a.base) == ("carried", 6, None)
    # 11 voting members present as encoded (and everyone present: the LSCB chair is absent);
    # 9 counting the votes cast.
    assert sorted(dict(r.facts)["base"] for r in a.readings) == [9, 11, 11]


def test_10_2_1_lscb_independent_chair_attends_but_cannot_vote(suffolk: govrules.Trust) -> None:
    # 10.2.1 "The Independent Chair of the Safeguarding Children Board is a participant member
    # of the Board only and therefore will not have a voting right."
    a = govrules.voters(suffolk, BOARD)
    non_voters = {r.seat: r for r in a.non_voters}
    assert "lscb-independent-chair" in non_voters
    assert non_voters["lscb-independent-chair"].source.clause == "10.2.1"  # type: ignore[union-attr]
    assert "portfolio-holder" in {r.seat for r in a.voters}


def test_10_2_1_lscb_chair_vote_is_not_counted(suffolk: govrules.Trust) -> None:
    votes = _quorate_board_votes()
    votes["for_"] = [*votes["for_"], "lscb-independent-chair", "governors-forum"]
    a = govrules.vote(suffolk, BOARD, **votes)  # type: ignore[arg-type]
    # 6 counted for (not 7), 11 voting members present, 12 attending.
    assert (a.for_, a.present) == (6, 12)
    assert sorted(dict(r.facts)["base"] for r in a.readings) == [9, 11, 12]
    # 6 of the 11 voting members present carries; 6 of all 12 present (the non-voting LSCB
    # chair included, a reading of 10.3.1) does not: the text does not settle it.
    assert a.answer == "unspecified"
    assert {r.answer for r in a.readings} == {"carried", "lost"}
    assert [r.seat for r in a.not_counted] == ["lscb-independent-chair"]


def test_10_2_2_district_borough_voting_is_a_placeholder(suffolk: govrules.Trust) -> None:
    # 10.2.2 "Add voting rights of District & Boroughs": the right was never written.
    a = govrules.voters(suffolk, BOARD)
    assert a.answer == "unspecified"
    assert [r.seat for r in a.undetermined] == ["district-borough"]


def test_10_2_2_placeholder_decides_nothing_when_it_would_change_the_outcome(
    suffolk: govrules.Trust,
) -> None:
    a = govrules.vote(
        suffolk,
        BOARD,
        for_=["portfolio-holder", "director-cyp", "district-borough", "district-borough"],
        against=["schools", "schools", "nhs-suffolk"],
        present=[
            "portfolio-holder",
            "director-cyp",
            "district-borough",
            "district-borough",
            "schools",
            "schools",
            "nhs-suffolk",
            "vcs",
            "vcs",
        ],
    )
    # With the D&B votes: 4 of 9 present, not a majority... without them 2 of 7; both lost,
    # under each reading of 10.3.1 that counts those present. Read as the votes cast, 4 of 7
    # carries: so the answer rests on 10.3.1, not on the placeholder.
    assert a.answer == "unspecified"
    present_based = [
        r.answer
        for r in a.readings
        if dict(r.values).get("strategic-board.voting.base") != "votes-cast"
    ]
    assert present_based and set(present_based) == {"lost"}
    b = govrules.vote(
        suffolk,
        BOARD,
        for_=[
            "portfolio-holder",
            "director-cyp",
            "nhs-suffolk",
            "district-borough",
            "district-borough",
        ],
        against=["schools", "schools", "vcs", "vcs"],
    )
    # With D&B: 5 of 9 → carried; without: 3 of 7 → lost. The MoU does not settle it.
    assert b.answer == "unspecified"


def test_10_3_no_casting_vote_stated_so_a_tie_is_not_settled(suffolk: govrules.Trust) -> None:
    a = govrules.vote(
        suffolk,
        BOARD,
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"],
        against=["schools", "schools", "jobcentre-plus", "fe-college", "governors-forum"],
    )
    assert (a.answer, a.tie) == ("unspecified", "unsettled")
    assert "10.3" in {r.source.clause for r in a.explanation if r.source}


def test_unknown_seat_is_rejected(suffolk: govrules.Trust) -> None:
    with pytest.raises(QueryError, match="no seat `mayor`"):
        govrules.quorum(suffolk, BOARD, present=["mayor"])


def test_over_counted_seat_is_rejected(suffolk: govrules.Trust) -> None:
    # Appendix A 3.2.1: two VCS representatives, not three.
    with pytest.raises(QueryError, match=r"`vcs` listed 3 times .* has 2 places"):
        govrules.quorum(suffolk, BOARD, present=["vcs", "vcs", "vcs"])


def test_vote_by_seat_not_present_is_rejected(suffolk: govrules.Trust) -> None:
    with pytest.raises(QueryError, match=r"present 0 time"):
        govrules.vote(suffolk, BOARD, for_=["vcs"], present=["portfolio-holder"])


def test_5_4_chair_is_portfolio_holder_with_6_4_conflict_recorded(suffolk: govrules.Trust) -> None:
    # 5.4 "The County Council's Portfolio Holder ... shall chair the Strategic Board."
    # 6.4 "The Chair of the Board is nominated by the Board membership."
    body = suffolk.body(BOARD)
    assert body is not None and body.chair is not None
    assert body.chair.seat == "portfolio-holder"
    assert [c.source.clause for c in body.chair.conflicting] == ["6.4"]


def test_gaps_recorded(suffolk: govrules.Trust) -> None:
    kinds = {(g.kind, g.source.clause) for g in suffolk.gaps}
    assert ("placeholder", "10.2.2") in kinds
    assert ("conflict", "6.4") in kinds
    assert ("wrong-reference", "6.4") in kinds
    assert ("to-be-developed", "Appendix A 3.2.4") in kinds


def test_other_bodies_have_no_quorum(suffolk: govrules.Trust) -> None:
    for body in ("executive-group", "wdag", "ccsg", "outcome-partnership-group"):
        assert govrules.quorum(suffolk, body, count=3).answer == "unspecified"
    jcu = govrules.quorum(suffolk, "joint-commissioning-unit", count=0)
    assert jcu.answer == "unspecified"
    assert "to be developed" in jcu.explanation[0].text


def test_ccsg_seats(suffolk: govrules.Trust) -> None:
    # Appendix A 3.2.6 (b): "Schools (up to 4)", "Young People Reps (2)", "Parent/Carer reps (2)"
    body = suffolk.body("ccsg")
    assert body is not None
    schools = body.seat("schools")
    assert schools is not None and (schools.count, schools.up_to) == (4, True)
    assert body.seat("young-people").count == 2  # type: ignore[union-attr]
    assert body.seat("parent-carer").count == 2  # type: ignore[union-attr]
    assert body.chair is not None
    assert [i.seat for i in body.chair.ineligible] == ["cluster-development-coordinator"]


def test_every_answer_serialises_to_the_contract_fields(suffolk: govrules.Trust) -> None:
    d = govrules.quorum(suffolk, BOARD, count=9).to_dict()
    assert {"trust", "body", "question", "answer", "explanation", "required", "present"} <= set(d)
    assert d["explanation"][0]["source"] == {
        "document": "Suffolk Children's Trust Governance Arrangements",
        "clause": "10.1",
        "quote": "Children's Trust meetings will be quorate when 50% of the membership is in "
        "attendance.",
    }
    v = govrules.vote(suffolk, BOARD, for_=["vcs"], against=[]).to_dict()
    assert {"for", "against", "abstain", "present", "binding"} <= set(v)


def test_10_3_3_and_10_3_4_are_recorded_on_the_minutes_and_do_not_touch_the_count(
    suffolk: govrules.Trust,
) -> None:
    # 10.3.3 "A declaration by the Chairperson that a resolution has been carried ... shall be
    # conclusive evidence of the fact"; 10.3.4 a dissenter's name may be recorded in the
    # minutes. Neither changes how a vote is counted, so neither blocks a vote's answer.
    recorded = {g.source.clause: (g.kind, g.subject) for g in suffolk.gaps}
    assert recorded["10.3.3"] == ("not-encoded", "strategic-board.meets")
    assert recorded["10.3.4"] == ("not-encoded", "strategic-board.meets")
    votes = _quorate_board_votes()
    votes["for_"] = [*votes["for_"], "governors-forum"]
    a = govrules.vote(suffolk, BOARD, **votes)  # type: ignore[arg-type]
    assert a.answer == "carried"
    cited = {r.source.clause for r in a.explanation if r.source is not None}
    assert not cited & {"10.3.3", "10.3.4"}
