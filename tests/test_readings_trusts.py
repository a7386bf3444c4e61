"""The bundled trusts' readings: answers are definite only where the readings agree."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import govrules
from govrules.interfaces.cli import cli

BOARD = "strategic-board"
BASE = "strategic-board.voting.base"


def by_base(answer: govrules.VoteAnswer) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in answer.readings:
        out.setdefault(dict(r.values).get(BASE, "present"), set()).add(r.answer)
    return out


def test_suffolk_5_3_2_is_unspecified_with_each_reading_of_10_3_1() -> None:
    a = govrules.vote(
        govrules.load("suffolk"),
        BOARD,
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"],
        against=["schools", "schools", "jobcentre-plus"],
        abstain=["fe-college", "police-authority"],
    )
    assert a.answer == "unspecified"
    assert by_base(a) == {
        "present": {"lost"},
        "everyone-present": {"lost"},
        "votes-cast": {"carried"},
    }


def test_suffolk_5_4_with_the_lscb_chair_present() -> None:
    # 9 voting members and the non-voting LSCB chair: 5 of 9 carries, 5 of 10 does not.
    a = govrules.vote(
        govrules.load("suffolk"),
        BOARD,
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"],
        against=["schools", "schools", "jobcentre-plus", "fe-college"],
        present=[
            "portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs", "schools",
            "schools", "jobcentre-plus", "fe-college", "lscb-independent-chair",
        ],
    )  # fmt: skip
    assert a.answer == "unspecified"
    assert by_base(a) == {
        "present": {"carried"},
        "everyone-present": {"lost"},
        "votes-cast": {"carried"},
    }


@pytest.mark.parametrize(
    ("count", "answer", "code"),
    [(7, "inquorate", 1), (8, "unspecified", 3), (9, "quorate", 0), (10, "quorate", 0)],
)
def test_suffolk_schools_count_unsettles_only_the_boundary(
    count: int, answer: str, code: int
) -> None:
    # Every place filled, so 10.1's "membership" (every place, or the members in office) is
    # the same either way: only the schools' places are readings that matter.
    a = govrules.quorum(govrules.load("suffolk"), BOARD, count=count, vacancies=0)
    assert a.answer == answer
    assert len(a.readings) == 3  # one, two or three school places
    result = CliRunner().invoke(
        cli,
        ["quorum", "suffolk", BOARD, "--count", str(count), "--vacancies", "0", "--format", "json"],
    )
    assert result.exit_code == code
    assert json.loads(result.output)["answer"] == answer
    if answer == "unspecified":
        outcomes = {r.values[0][1] if r.values else 2: r.answer for r in a.readings}
        assert outcomes == {1: "quorate", 2: "inquorate", 3: "inquorate"}


@pytest.mark.parametrize(
    ("trust", "body", "affected"),
    [("rutland", "board", "police"), ("durham", "executive-board", "csa")],
)
def test_protocol_votes_are_definite_only_where_both_bases_agree(
    trust: str, body: str, affected: str
) -> None:
    loaded = govrules.load(trust)
    found = loaded.body(body)
    assert found is not None
    voters = govrules.voters(
        loaded, body, procedure="conflict-resolution", affects=[affected], implementers=[]
    )
    seats = [r.seat for r in voters.voters]
    assert len(seats) >= 1
    others = [s.id for s in found.seats if s.id not in seats]
    # Every voter for, one non-voter abstains: the votes cast and those present agree.
    clear = govrules.vote(
        loaded, body, for_=seats, abstain=others[:1], procedure="conflict-resolution",
        affects=[affected], implementers=[],
    )  # fmt: skip
    assert clear.answer == "carried" and {r.answer for r in clear.readings} == {"carried"}
    if len(seats) >= 2:
        # One for, the rest abstaining: carried on the votes cast, lost on those present.
        split = govrules.vote(
            loaded, body, for_=seats[:1], abstain=seats[1:], procedure="conflict-resolution",
            affects=[affected], implementers=[],
        )  # fmt: skip
        assert split.answer == "unspecified"
        assert {r.answer for r in split.readings} == {"carried", "lost"}


def test_rutland_executive_to_board_route_is_optional() -> None:
    rutland = govrules.load("rutland")
    proc = rutland.procedure("conflict-resolution")
    assert proc is not None
    (route,) = [r for r in proc.routes if (r.from_, r.to) == ("executive", "board")]
    assert route.optional is True
    # Appendix A: "The Board is the final arbiter in conflict" - must or may: one gap, two readings.
    (gap,) = [
        g for g in rutland.gaps if g.subject and g.subject.startswith("conflict-resolution.routes")
    ]
    assert gap.subject == "conflict-resolution.routes.executive>board.optional"
    assert gap.kind == "ambiguous" and [r.value for r in gap.readings] == [False]


def test_suffolk_ccsg_chair_from_among_is_ambiguous() -> None:
    suffolk = govrules.load("suffolk")
    a = govrules.eligible(suffolk, "ccsg", "schools")
    assert a.answer == "unspecified"
    assert sorted(r.answer for r in a.readings) == ["eligible", "unspecified"]
    # A seat the text itself rules out is ineligible under every reading.
    b = govrules.eligible(suffolk, "ccsg", "cluster-development-coordinator")
    assert b.answer == "ineligible" and {r.answer for r in b.readings} == {"ineligible"}


def test_escalate_names_the_gaps_on_the_procedure_it_reads() -> None:
    a = govrules.escalate(govrules.load("rutland"), "executive")
    assert a.answer == "determined"
    texts = " ".join(r.text for r in a.explanation)
    assert "final arbiter in conflict" in texts  # the route's gap (Appendix A)


def test_wirral_6_2_reach_over_the_cte_is_a_reading() -> None:
    wirral = govrules.load("wirral")
    executive = wirral.body("executive")
    assert executive is not None
    seats = [s.id for s in executive.seats]
    a = govrules.vote(wirral, "executive", for_=seats[:3], against=seats[3:4])
    assert a.answer == "unspecified"
    assert sorted(r.answer for r in a.readings) == ["carried", "unspecified"]


def test_wirral_11_1_3_may_or_may_not_reach_the_deputy_chair() -> None:
    # "The two bodies are chaired by different people" (11.1.3): the Chair of the Board is
    # not the WSCB's Independent Chair; whether the Deputy, who chairs in the Chair's absence,
    # may be is a reading. Any other member may be appointed Deputy under either.
    wirral = govrules.load("wirral")
    a = govrules.eligible(wirral, "board", "wscb-independent-chair", office="vice-chair")
    assert a.answer == "unspecified"
    assert sorted(r.answer for r in a.readings) == ["eligible", "ineligible"]
    assert {r.source.clause for r in a.readings if r.source} == {"11.1.3"}
    dcs = govrules.eligible(wirral, "board", "dcs", office="vice-chair")
    assert dcs.answer == "eligible"
    chair = govrules.eligible(wirral, "board", "wscb-independent-chair")
    assert chair.answer == "ineligible"


def test_suffolk_ccsg_quorum_asks_no_fact_where_a_reading_states_no_quorum() -> None:
    # Suffolk 10.1 may reach each CCSG's meetings (23 places, half needed) or the Strategic
    # Board's only (no CCSG quorum stated). Ten named: the first reading (of every place, or
    # of the members in office) needs the places vacant, the second leaves the quorum
    # unstated whatever they are.
    present = [
        "schools",
        "parent-carer",
        "adult-community-services",
        "young-people",
        "camhs",
        "local-councillors",
        "cluster-development-coordinator",
        "youth-offending-service",
        "cyp-services",
        "school-governors",
    ]
    a = govrules.quorum(govrules.load("suffolk"), "ccsg", present=present)
    assert sorted(r.answer for r in a.readings) == ["incomplete", "incomplete", "unspecified"]
    assert (a.answer, a.needs) == ("unspecified", ())
    result = CliRunner().invoke(cli, ["quorum", "suffolk", "ccsg", "--present", ",".join(present)])
    assert result.exit_code == 3, result.output  # not 4: no fact the question could add settles it
    assert "Needs:" not in result.output
