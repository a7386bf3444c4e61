"""Wrong definite answers: a recorded gap or reading that could change the answer must leave
it open. Each case once answered definitely where it should not have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import govrules

ROOT = Path(__file__).resolve().parents[2]
AUTHORITY = ROOT / "examples" / "public-sector" / "combined-authority.yaml"
PRESENT = ["mayor", "ashby-members", "brindle-members", "calder-members", "dunmore-members"]


def authority(*gaps: dict[str, Any]) -> govrules.Trust:
    """The gallery's combined authority with ``gaps`` recorded."""
    data = yaml.safe_load(AUTHORITY.read_text(encoding="utf-8"))
    data["gaps"] = list(gaps)
    return govrules.Trust.model_validate(data)


def spatial_vote(trust: govrules.Trust) -> govrules.VoteAnswer:
    # 4 of 5 for, the Mayor among them: carried unless Ashby, against, must concur.
    return govrules.vote(
        trust,
        "authority",
        for_=["mayor", "brindle-members", "calder-members", "dunmore-members"],
        against=["ashby-members"],
        present=PRESENT,
        procedure="spatial-framework",
    )


def test_each_constituent_council_must_concur_as_encoded() -> None:
    assert spatial_vote(authority()).answer == "lost"


def test_a_reading_of_a_partners_kind_reaches_a_vote_needing_each_partner_of_that_kind() -> None:
    # Read as a non-constituent council, Ashby need not concur: carried; as encoded, lost.
    reading = {
        "kind": "ambiguous",
        "subject": "partners.ashby.kind",
        "note": "Whether Ashby is a constituent council.",
        "source": "1.1",
        "readings": [{"value": "non-constituent-council", "note": "not constituent"}],
    }
    answer = spatial_vote(authority(reading))
    assert answer.answer == "unspecified"
    assert {o.answer for o in answer.readings} == {"lost", "carried"}


def test_a_not_encoded_rule_on_a_partner_reaches_a_vote_asking_its_kind() -> None:
    gap = {"kind": "not-encoded", "subject": "partners.ashby", "note": "X.", "source": "1.1"}
    assert spatial_vote(authority(gap)).answer == "unspecified"


ASHBY_READING = {
    "kind": "ambiguous",
    "subject": "partners.ashby.kind",
    "note": "Whether Ashby is a constituent council.",
    "source": "1.1",
    "readings": [{"value": "non-constituent-council", "note": "not constituent"}],
}


def test_a_reading_of_a_partners_kind_reaches_a_quorum_needing_each_partner_of_that_kind() -> None:
    data = yaml.safe_load(AUTHORITY.read_text(encoding="utf-8"))
    data["bodies"][0]["quorum"]["must_include"] = [
        {"each_partner_of_kind": "constituent-council", "source": "3.1"}
    ]
    data["gaps"] = [ASHBY_READING]
    trust = govrules.Trust.model_validate(data)
    answer = govrules.quorum(trust, "authority", present=[*PRESENT, "eastmere-member"])
    assert answer.answer == "quorate"  # every constituent council is present
    without_ashby = [
        "mayor",
        "brindle-members",
        "calder-members",
        "dunmore-members",
        "eastmere-member",
    ]
    assert govrules.quorum(trust, "authority", present=without_ashby).answer == "unspecified"


def test_a_reading_of_a_partners_kind_reaches_who_may_hold_an_office() -> None:
    data = yaml.safe_load(AUTHORITY.read_text(encoding="utf-8"))
    data["bodies"][0]["vice_chair"]["from_among"] = {
        "partner_kinds": ["constituent-council"],
        "source": "2.2",
    }
    data["gaps"] = [ASHBY_READING]
    trust = govrules.Trust.model_validate(data)
    assert (
        govrules.eligible(trust, "authority", "brindle-members", "vice-chair").answer == "eligible"
    )
    answer = govrules.eligible(trust, "authority", "ashby-members", "vice-chair")
    assert answer.answer == "unspecified"


# --- check: a step's timing under readings of the step and the calendar --------------------


def _timed(*gaps: dict[str, Any]) -> govrules.Trust:
    # "The Board decides within 5 working days of the referral" (4.2), in England and Wales.
    from test_rule_timing import _board_trust

    step = {"max_days": 5, "working_days": True, "counted_from": "the referral"}
    return _board_trust(step, calendar={"region": "england-and-wales"}, gaps=list(gaps))


def _decided(trust: govrules.Trust, date: str) -> str:
    from test_rule_timing import _decide

    return str(_decide(trust, date, "2026-04-01").answer)


def _reading(subject: str, value: Any) -> dict[str, Any]:
    return {
        "kind": "ambiguous",
        "subject": subject,
        "note": "Open.",
        "source": "4.2",
        "readings": [{"value": value, "note": "the other reading"}],
    }


def test_a_reading_of_the_calendars_region_reaches_a_step_deadline() -> None:
    # From 1 April 2026 the fifth working day is 10 April in England and Wales, 9 April in
    # Scotland (no Easter Monday): a decision on 10 April is in time under one reading only.
    trust = _timed(_reading("calendar.region", "scotland"))
    assert _decided(_timed(), "2026-04-10") == "valid"
    assert _decided(trust, "2026-04-10") == "unspecified"
    assert _decided(trust, "2026-04-03") == "valid"  # in time under both


def test_a_reading_of_a_steps_days_reaches_its_deadline() -> None:
    assert _decided(_timed(_reading("referral.steps.1.max_days", 4)), "2026-04-10") == "unspecified"
    calendar_days = _reading("referral.steps.1.working_days", False)
    assert _decided(_timed(calendar_days), "2026-04-10") == "unspecified"


def test_a_rule_govrules_cannot_express_on_the_calendar_leaves_a_working_day_deadline_open() -> (
    None
):
    gap = {"kind": "not-encoded", "subject": "calendar", "note": "Local holidays.", "source": "4.2"}
    assert _decided(_timed(gap), "2026-04-03") == "unspecified"


def test_escalate_says_each_readings_dates_where_they_differ() -> None:
    import datetime as dt

    trust = _timed(_reading("calendar.region", "scotland"))
    answer = govrules.escalate(trust, "board", "referral", start=dt.date(2026, 4, 1))
    texts = [r.text for r in answer.explanation]
    assert any("calendar.region = scotland" in t and "by 2026-04-09" in t for t in texts)
    assert any("calendar.region = england-and-wales" in t and "by 2026-04-10" in t for t in texts)


# --- kinds of matter: a rule on a kind the file cannot hold -------------------------------


def test_a_rule_govrules_cannot_express_on_a_kind_of_matter_reaches_a_vote_on_it() -> None:
    from test_rule_matters import board

    two_thirds = {
        "by_matter": [
            {"matters": ["constitution"], "threshold": {"at_least": "2/3"}, "source": "5.3"}
        ]
    }
    data = board(voting=two_thirds).model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["gaps"] = [
        {
            "kind": "not-encoded",
            "subject": "matters.constitution",
            "note": "A change to the constitution also needs the partners' consent.",
            "source": "1.1",
        }
    ]
    trust = govrules.Trust.model_validate(data)

    def asked(kind: str) -> str:
        votes = {"for_": ["a", "a", "a"], "against": ["b", "b"]}
        return govrules.vote(trust, "board", **votes, matter=kind).answer

    assert asked("constitution") == "unspecified"
    assert asked("budget") == "carried"  # another kind does not read it
    assert govrules.quorum(trust, "board", count=2, matter="constitution").answer == "unspecified"


# --- a missing fact and an unsettled text: incomplete first -------------------------------


def test_a_missing_fact_and_readings_that_differ_make_the_answer_incomplete() -> None:
    # Half the filled seats (encoded) or half of every seat (the reading): 4 of 10 attending
    # is inquorate under the reading and turns on the vacancies under the encoded rule.
    from builders import one_body_trust

    data = one_body_trust({"at_least": "1/2", "of": "filled-seats", "source": "1"}, None, 10)
    trust_data = data.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    trust_data["gaps"] = [_reading("board.quorum.of", "seats")]
    trust = govrules.Trust.model_validate(trust_data)
    answer = govrules.quorum(trust, "board", count=4)
    assert (answer.answer, answer.needs) == ("incomplete", ("--vacancies",))
    assert {o.answer for o in answer.readings} == {"incomplete", "inquorate"}
    # Given the vacancies, the readings still differ: unspecified.
    assert govrules.quorum(trust, "board", count=4, vacancies=2).answer == "unspecified"
