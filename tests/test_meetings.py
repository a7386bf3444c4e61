"""Meeting records: quorum with substitutes, voting rights, outcomes, timing, bad records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import govrules
from govrules import LoadError

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_valid_suffolk_board_meeting() -> None:
    a = govrules.check(EXAMPLES / "suffolk-board-2010-03-01.yaml")
    assert a.answer == "valid"
    assert a.quorate == "quorate"
    assert [d.answer for d in a.decisions] == ["carried"]
    assert a.decisions[0].binding is True


def test_inquorate_meeting_decides_in_principle_only() -> None:
    # Suffolk 10.1: "the decisions will be agreed in principle only".
    a = govrules.check(EXAMPLES / "suffolk-board-inquorate.yaml")
    assert a.quorate == "inquorate"
    assert a.decisions[0].effect == "in-principle" and a.decisions[0].binding is False
    assert any(f.severity == "warning" and "in principle" in f.text for f in a.findings)


def test_vote_by_non_voting_member_is_not_counted_and_10_3_5_saves_the_acts() -> None:
    # 10.2.1: the LSCB Independent Chair "will not have a voting right"; 10.3.5: acts stay
    # "as valid as if every such person ... had been entitled to vote".
    a = govrules.check(EXAMPLES / "suffolk-board-lscb-vote.yaml")
    assert a.answer == "valid"
    (warning,) = [f for f in a.findings if "lscb-independent-chair" in f.text]
    assert warning.severity == "warning"
    assert warning.source is not None and warning.source.clause == "10.3.5"
    assert a.decisions[0].answer == "carried"


def test_without_a_saving_clause_a_vote_without_right_is_an_error() -> None:
    # Rutland Appendix A (e): only affected or implementing partners vote; nothing saves it.
    a = govrules.check(EXAMPLES / "rutland-executive-too-soon.yaml")
    assert a.answer == "invalid"
    assert any(f.severity == "error" and "deputy-chief-constable" in f.text for f in a.findings)


def test_substitutes_whose_votes_decide_leave_the_outcome_open() -> None:
    # 7.2 lets deputies attend but does not say whether they vote: two deputies' votes turn a
    # 3-4 loss into a 5-4 win, so the outcome is not settled.
    record = _record(
        substitutes=["director-cyp", "nhs-suffolk"],
        decisions=[
            {
                "motion": "M",
                "for": ["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"],
                "against": ["schools", "schools", "jobcentre-plus", "fe-college"],
            }
        ],
    )
    a = govrules.check(record)
    assert a.decisions[0].answer == "unspecified"
    assert any("without them lost" in f.text for f in a.findings)


def test_record_voting_more_than_present_points_at_the_vote() -> None:
    with pytest.raises(LoadError) as info:
        govrules.check(EXAMPLES / "suffolk-board-bad-record.yaml")
    assert (info.value.line, info.value.column) == (8, 39)
    assert "`vcs` votes more times than it has members present (2)" in info.value.message


def test_wirral_tie_without_casting_vote_stays_tied() -> None:
    # Wirral 6.2: the chair "may exercise a second or casting vote".
    a = govrules.check(EXAMPLES / "wirral-board-tie.yaml")
    assert a.decisions[0].answer == "tied"
    assert a.answer == "unspecified"  # the MoU states no quorum for the Board


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "trust": "suffolk",
        "body": "strategic-board",
        "date": "2010-03-01",
        "attendees": [
            "portfolio-holder",
            "director-cyp",
            "nhs-suffolk",
            "vcs",
            "vcs",
            "schools",
            "schools",
            "jobcentre-plus",
            "fe-college",
        ],
        "decisions": [
            {
                "motion": "M",
                "for": ["portfolio-holder", "vcs", "vcs", "schools", "director-cyp"],
                "against": ["fe-college"],
            }
        ],
    }
    record.update(changes)
    return record


def test_mapping_record_is_accepted() -> None:
    assert govrules.check(_record()).answer == "valid"


def test_deputy_needed_for_quorum_is_not_settled() -> None:
    # 7.2 lets a deputy attend but says nothing on whether a deputy counts toward 10.1's quorum:
    # with 9 present, one of them a deputy, the quorum depends on it.
    a = govrules.check(_record(substitutes=["nhs-suffolk"]))
    assert a.quorate == "unspecified"
    assert a.answer == "unspecified"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "March 2010"}, "date"),
        ({"attendees": ["mayor"]}, "no seat `mayor`"),
        ({"attendees": ["vcs", "vcs", "vcs"]}, "attends 3 times"),
        ({"substitutes": ["jobcentre"]}, "no seat `jobcentre`"),
        ({"body": "board"}, "no body `board`"),
        ({"decisions": [{"motion": "M", "for": ["lscb-independent-chair"]}]}, "not present"),
    ],
)
def test_inconsistent_records_are_errors(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(LoadError, match=message):
        govrules.check(_record(**changes))


def test_same_seat_voting_twice_is_an_error() -> None:
    decisions = [{"motion": "M", "for": ["director-cyp"], "against": ["director-cyp"]}]
    with pytest.raises(LoadError, match="`director-cyp` votes more times"):
        govrules.check(_record(decisions=decisions))


def test_a_record_that_leaves_out_the_implementers_does_not_settle_the_police_vote() -> None:
    # Appendix A (e): a partner votes if the matter affects it or it is to implement the
    # decision. Without `implementers: []` the record does not say the police implement
    # nothing, so whether their vote counts is open, and the record, not the MoU, leaves it so.
    record = yaml.safe_load((EXAMPLES / "rutland-executive-too-soon.yaml").read_text())
    del record["decisions"][0]["implementers"]
    record["trust"] = "rutland"
    a = govrules.check(record)
    (open_,) = [f for f in a.findings if "deputy-chief-constable" in f.text]
    assert open_.severity == "unspecified"
    assert "voted, but the record does not settle whether it may" in open_.text
    assert "name who implements it" in open_.text
    assert a.decisions[0].answer == "incomplete"
    assert a.answer == "invalid"  # held too soon (Appendix A (d)), whatever the police did
    record["decisions"][0]["objection_date"] = "2010-02-26"  # nine days before: in time
    a = govrules.check(record)
    assert (a.answer, a.needs) == ("incomplete", ("implementers",))
