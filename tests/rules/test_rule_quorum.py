"""Quorum: every measure and every presence requirement, each in a small trust of one body."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import builders
import pytest

import govrules
from govrules import QueryError, QuorumAnswer
from govrules.evaluating.quorate import describe_quorum, quorum_measure, required_attendance
from govrules.language.schema import Quorum, Trust


def seat(seat_id: str, count: int = 1, **more: Any) -> dict[str, Any]:
    return {"id": seat_id, "title": seat_id, "count": count, **more}


# Ten places: the chair's seat, the vice-chair's seat and eight members.
TEN = [seat("head"), seat("deputy"), seat("member", 8)]


def board(quorum: dict[str, Any] | None, seats: list[dict[str, Any]] | None = None, **more: Any):
    body: dict[str, Any] = {
        "id": "board",
        "name": "The Board",
        "seats": TEN if seats is None else seats,
        **more,
    }
    if quorum is not None:
        body["quorum"] = quorum
    return body


def ask(body: dict[str, Any], partners: tuple[dict[str, Any], ...] = (), **question: Any):
    answer = govrules.quorum(builders.trust_of(body, partners=partners), "board", **question)
    assert isinstance(answer, QuorumAnswer)
    return answer


# --- presence: who must be among those present -------------------------------------------------

EX_OFFICIO = {"chair": {"seat": "head"}, "vice_chair": {"seat": "deputy"}}


def with_office(office: str, **offices: Any) -> dict[str, Any]:
    rule = {"number": 3, "must_include": [{"office": office}], "source": "4.1"}
    return board(rule, **(offices or EX_OFFICIO))


@pytest.mark.parametrize(
    ("office", "present", "answer"),
    [
        # Enough members either way: only the office holder's presence decides.
        ("chair", ["head", "member", "member"], "quorate"),
        ("chair", ["deputy", "member", "member"], "inquorate"),
        ("chair", ["member", "member", "member"], "inquorate"),
        ("vice-chair", ["deputy", "member", "member"], "quorate"),
        ("vice-chair", ["head", "member", "member"], "inquorate"),
        ("vice-chair", ["member", "member", "member"], "inquorate"),
        ("chair-or-vice-chair", ["head", "member", "member"], "quorate"),
        ("chair-or-vice-chair", ["deputy", "member", "member"], "quorate"),
        ("chair-or-vice-chair", ["head", "deputy", "member"], "quorate"),
        ("chair-or-vice-chair", ["member", "member", "member"], "inquorate"),
    ],
)
def test_an_office_holder_must_be_present(office: str, present: list[str], answer: str) -> None:
    got = ask(with_office(office), present=present)
    assert (got.answer, got.required, got.present, got.membership) == (answer, 3, 3, 10)


def test_office_holder_present_does_not_make_up_the_numbers() -> None:
    got = ask(with_office("chair"), present=["head", "member"])
    assert (got.answer, got.required, got.present) == ("inquorate", 3, 2)


def test_an_absent_chair_is_said_and_cited() -> None:
    got = ask(with_office("chair"), present=["member", "member", "member"])
    needs = [r for r in got.explanation if "the chair" in r.text]
    assert len(needs) == 1 and "not present" in needs[0].text
    assert needs[0].source is not None and needs[0].source.clause == "4.1"


@pytest.mark.parametrize(
    ("offices", "present", "answer"),
    [
        # An elected chair: who holds it is not in the trust file, so presence cannot be checked.
        ({"chair": {"selection": "elected"}}, ["head", "member", "member"], "unspecified"),
        ({"chair": {"selection": "elected"}}, ["member", "member"], "inquorate"),
        # No chair at all is the same: nothing to check presence against.
        ({"vice_chair": {"seat": "deputy"}}, ["head", "member", "member"], "unspecified"),
    ],
)
def test_an_elected_chair_leaves_presence_open(
    offices: dict[str, Any], present: list[str], answer: str
) -> None:
    got = ask(with_office("chair", **offices), present=present)
    assert (got.answer, got.required) == (answer, 3)


ELECTED_CHAIR = {"chair": {"selection": "elected"}, "vice_chair": {"seat": "deputy"}}


def test_chair_or_vice_chair_with_an_elected_chair_is_met_by_the_vice_chair() -> None:
    rule = with_office("chair-or-vice-chair", **ELECTED_CHAIR)
    assert ask(rule, present=["deputy", "member", "member"]).answer == "quorate"


def test_chair_or_vice_chair_with_an_elected_chair_and_the_vice_chair_absent_is_open() -> None:
    rule = with_office("chair-or-vice-chair", **ELECTED_CHAIR)
    assert ask(rule, present=["head", "member", "member"]).answer == "unspecified"


# Enough attend, but whether the office holder is among them is a fact the question lacks:
# incomplete, asking for --present (it was `unspecified`, which is for the MoU's silences). Too
# few is inquorate whoever attended, and needs nothing.
@pytest.mark.parametrize(
    ("count", "answer", "needs"),
    [(3, "incomplete", ("--present",)), (9, "incomplete", ("--present",)), (2, "inquorate", ())],
)
def test_presence_is_never_quorate_from_a_count_alone(
    count: int, answer: str, needs: tuple[str, ...]
) -> None:
    for office in ("chair", "vice-chair", "chair-or-vice-chair"):
        got = ask(with_office(office), count=count)
        assert (got.answer, got.required, got.present, got.needs) == (answer, 3, count, needs)


SEVEN = [seat("a"), seat("b", 2), seat("c"), seat("d", 3)]


@pytest.mark.parametrize(
    ("present", "answer"),
    [
        (["a", "b", "c"], "quorate"),
        (["b", "b", "c"], "quorate"),  # two places of one listed seat count twice
        (["a", "c", "d"], "inquorate"),  # one of the listed seats only
        (["c", "d", "d"], "inquorate"),  # none of them
    ],
)
def test_seats_presence_needs_at_least_so_many_of_the_seats(
    present: list[str], answer: str
) -> None:
    rule = {"number": 3, "must_include": [{"seats": ["a", "b"], "at_least": 2}]}
    got = ask(board(rule, SEVEN), present=present)
    assert (got.answer, got.required, got.present) == (answer, 3, 3)


def test_seats_presence_of_one_by_default() -> None:
    rule = {"number": 2, "must_include": [{"seats": ["a", "c"]}]}
    assert ask(board(rule, SEVEN), present=["c", "d"]).answer == "quorate"
    assert ask(board(rule, SEVEN), present=["b", "d"]).answer == "inquorate"


PARTNERS = ({"id": "council", "name": "Council"}, {"id": "health", "name": "Health"})
SPLIT = [
    seat("cllr", 2, partner="council"),
    seat("officer", partner="council"),
    seat("gp", 2, partner="health"),
    seat("lay"),
]


@pytest.mark.parametrize(
    ("present", "answer"),
    [
        (["cllr", "officer", "lay"], "quorate"),
        (["cllr", "cllr", "gp"], "quorate"),
        (["cllr", "gp", "gp"], "inquorate"),  # one member of the council only
        (["gp", "gp", "lay"], "inquorate"),  # none
    ],
)
def test_partner_presence_needs_at_least_so_many_of_its_members(
    present: list[str], answer: str
) -> None:
    rule = {"number": 3, "must_include": [{"partner": "council", "at_least": 2}]}
    got = ask(board(rule, SPLIT), PARTNERS, present=present)
    assert (got.answer, got.required, got.present) == (answer, 3, 3)


def test_every_presence_requirement_must_be_met() -> None:
    rule = {
        "number": 2,
        "must_include": [{"partner": "health"}, {"seats": ["lay"]}],
    }
    body = board(rule, SPLIT)
    assert ask(body, PARTNERS, present=["gp", "lay"]).answer == "quorate"
    assert ask(body, PARTNERS, present=["gp", "gp"]).answer == "inquorate"
    assert ask(body, PARTNERS, present=["lay", "cllr"]).answer == "inquorate"


def test_a_presence_cites_its_own_clause() -> None:
    rule = {"number": 1, "source": "4", "must_include": [{"seats": ["lay"], "source": "4.2"}]}
    got = ask(board(rule, SPLIT), PARTNERS, present=["cllr"])
    cited = [r.source.clause for r in got.explanation if "`lay`" in r.text or "lay" in r.text]
    assert got.answer == "inquorate" and "4.2" in cited


@pytest.mark.parametrize(
    ("office", "present", "words"),
    [
        ("chair", ["head"], "The quorum needs the chair: present."),
        ("vice-chair", ["deputy"], "The quorum needs the vice-chair: present."),
        (
            "chair-or-vice-chair",
            ["member"],
            "The quorum needs the chair or vice-chair, who is not present.",
        ),
    ],
)
def test_each_office_is_named_in_the_explanation(
    office: str, present: list[str], words: str
) -> None:
    texts = [r.text for r in ask(with_office(office), present=present).explanation]
    assert words in texts


def test_seats_and_partner_presence_in_words() -> None:
    rule = {
        "number": 1,
        "must_include": [{"seats": ["gp", "lay"], "at_least": 2}, {"partner": "council"}],
    }
    texts = [r.text for r in ask(board(rule, SPLIT), PARTNERS, present=["cllr"]).explanation]
    assert "The quorum needs at least 2 of `gp`, `lay`, who is not present." in texts
    assert "The quorum needs at least 1 member(s) from `council`: present." in texts
    # One attendee cannot be two of gp and lay: inquorate whoever it was, nothing needed.
    one = ask(board(rule, SPLIT), PARTNERS, count=1)
    assert (one.answer, one.needs) == ("inquorate", ())
    assert "The quorum needs at least 2 of `gp`, `lay`, which 1 attendee(s) cannot include." in [
        r.text for r in one.explanation
    ]
    # The words name the option that would settle it (--present) where it could.
    texts = [r.text for r in ask(board(rule, SPLIT), PARTNERS, count=3).explanation]
    assert (
        "The quorum also needs at least 2 of `gp`, `lay`; give the seats present (--present) "
        "to check it." in texts
    )


# --- the measure: how many must attend ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "seats", "required"),
    [
        ({"number": 4}, 10, 4),
        ({"number": 4, "minimum": 6}, 10, 6),
        ({"number": 4, "minimum": 2}, 10, 4),
        ({"at_least": "1/2"}, 10, 5),
        ({"at_least": "1/2"}, 9, 5),
        ({"at_least": "50%"}, 8, 4),
        ({"more_than": "1/2"}, 10, 6),
        ({"more_than": "1/2"}, 9, 5),
        ({"at_least": "1/3"}, 10, 4),
        ({"at_least": "1/3", "rounding": "up"}, 10, 4),
        ({"at_least": "1/3", "rounding": "down"}, 10, 3),
        ({"more_than": "1/3"}, 10, 4),
        ({"more_than": "1/3", "rounding": "up"}, 10, 5),
        ({"more_than": "1/3", "rounding": "down"}, 10, 4),
        ({"at_least": "2/3"}, 10, 7),
        ({"at_least": "2/3", "rounding": "down"}, 10, 6),
        ({"more_than": "2/3", "rounding": "up"}, 10, 8),
        ({"at_least": "1/2"}, 4, 2),
        ({"at_least": "1/2", "minimum": 3}, 4, 3),
        ({"at_least": "1/2", "minimum": 1}, 4, 2),
        ({"more_than": "1/2", "minimum": 5}, 6, 5),
    ],
)
def test_each_measure_gives_the_least_attendance(
    rule: dict[str, Any], seats: int, required: int
) -> None:
    body = board(rule, [seat("member", seats)])
    at = ask(body, count=required)
    below = ask(body, count=required - 1)
    assert (at.answer, at.required, at.present, at.membership) == (
        "quorate",
        required,
        required,
        seats,
    )
    assert (below.answer, below.required, below.present) == ("inquorate", required, required - 1)


@pytest.mark.parametrize(
    "rule",
    [
        {"at_least": "1/3"},
        {"at_least": "1/3", "rounding": "up"},
        {"at_least": "1/3", "rounding": "down"},
        {"more_than": "1/3"},
        {"more_than": "1/3", "rounding": "up"},
        {"more_than": "1/3", "rounding": "down"},
        {"more_than": "2/3", "minimum": 9},
        {"at_least": "3/4", "minimum": 2},
    ],
)
@pytest.mark.parametrize("membership", [1, 4, 7, 10, 11])
def test_a_membership_that_is_not_an_int_gives_the_same_quorum(
    rule: dict[str, Any], membership: int
) -> None:
    quorum = Quorum.model_validate(rule)
    whole = required_attendance(quorum, membership)
    assert required_attendance(quorum, Fraction(membership)) == whole
    assert required_attendance(quorum, float(membership)) == whole  # type: ignore[arg-type]


def test_the_exact_arithmetic_of_a_fractional_membership() -> None:
    # 2/3 of 9/2 is 3; more than 3 needs 4, at least 3 needs 3.
    assert required_attendance(Quorum(at_least="2/3"), Fraction(9, 2)) == 3  # type: ignore[arg-type]
    assert required_attendance(Quorum(more_than="2/3"), Fraction(9, 2)) == 4  # type: ignore[arg-type]
    # 1/2 of 7/2 is 7/4: at least 2; rounded down 1; rounded up 2, and more than that 3.
    half = Fraction(7, 2)
    assert required_attendance(Quorum(at_least="1/2"), half) == 2  # type: ignore[arg-type]
    assert required_attendance(Quorum(at_least="1/2", rounding="down"), half) == 1  # type: ignore[arg-type]
    assert required_attendance(Quorum(more_than="1/2", rounding="up"), half) == 3  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"number": 5}, "at least 5 members"),
        ({"number": 5, "minimum": 7}, "at least 5 members"),
        ({"at_least": "1/2"}, "at least 1/2 of the membership"),
        (
            {"more_than": "2/3", "of": "voting-seats", "rounding": "up", "minimum": 4},
            "more than 2/3 of the voting membership, rounded up, never fewer than 4",
        ),
        (
            {"at_least": "50%", "of": "filled-seats", "rounding": "down"},
            "at least 50% of the members in office, rounded down",
        ),
    ],
)
def test_each_measure_in_words(rule: dict[str, Any], words: str) -> None:
    quorum = Quorum.model_validate(rule)
    assert quorum_measure(quorum) == words
    verb = "attend" if "number" in rule else "attends"
    assert describe_quorum(quorum) == f"Quorate when {words} {verb}."


def test_the_explanation_opens_with_the_measure_and_the_numbers() -> None:
    got = ask(board({"more_than": "1/2", "source": "4"}), count=5)
    first = got.explanation[0]
    assert first.text == (
        "Quorate when more than 1/2 of the membership attends: 6 of 10 seats needed, 5 present."
    )
    assert first.source is not None and first.source.clause == "4"
    got = ask(board({"number": 3}), count=3)
    assert got.explanation[0].text == "Quorate when at least 3 members attend: 3 needed, 3 present."


VOTING_SEATS = [seat("a", 3), seat("observer", 2), seat("b", 3)]
ALL_BUT_OBSERVER = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "exceptions": [{"seat": "observer", "votes": False}],
}


def test_voting_seats_measure_counts_only_voting_members() -> None:
    body = board({"at_least": "1/2", "of": "voting-seats"}, VOTING_SEATS, voting=ALL_BUT_OBSERVER)
    got = ask(body, present=["a", "a", "b"])
    assert (got.answer, got.required, got.present, got.membership) == ("quorate", 3, 3, 6)
    # Observers attend but are not counted toward a quorum of the voting membership.
    got = ask(body, present=["a", "observer", "observer"])
    assert (got.answer, got.required, got.present, got.membership) == ("inquorate", 3, 1, 6)


@pytest.mark.parametrize(
    ("count", "answer", "needs"),
    [
        (2, "inquorate", ()),  # too few even were every one a voting member
        (3, "incomplete", ("--present",)),  # 3 voting members, or 1 and both observers
        (4, "incomplete", ("--present",)),
        (5, "quorate", ()),  # at most 2 observers: at least 3 voting members
        (8, "quorate", ()),
    ],
)
def test_voting_seats_measure_with_a_count_counts_only_what_the_count_settles(
    count: int, answer: str, needs: tuple[str, ...]
) -> None:
    # Only voting members count; a count does not say who came, so it settles the quorum only
    # where it would whoever of the 2 observers were among them.
    body = board({"at_least": "1/2", "of": "voting-seats"}, VOTING_SEATS, voting=ALL_BUT_OBSERVER)
    got = ask(body, count=count)
    assert (got.answer, got.needs, got.required, got.membership) == (answer, needs, 3, 6)


@pytest.mark.parametrize("voting", [None, {"status": "placeholder"}])
def test_voting_seats_measure_is_open_while_who_votes_is(voting: dict[str, Any] | None) -> None:
    extra = {} if voting is None else {"voting": voting}
    body = board({"at_least": "1/2", "of": "voting-seats"}, VOTING_SEATS, **extra)
    got = ask(body, present=["a", "a", "b", "b"])
    assert (got.answer, got.required, got.membership) == ("unspecified", None, None)


@pytest.mark.parametrize(
    ("of", "vacancies", "membership", "required"),
    [
        ("filled-seats", 0, 10, 6),
        ("filled-seats", 4, 6, 4),
        ("filled-seats", 1, 9, 5),
        ("seats", 4, 10, 6),  # vacancies count only toward a quorum of filled seats
    ],
)
def test_filled_seats_measure_takes_off_the_vacancies(
    of: str, vacancies: int, membership: int, required: int
) -> None:
    body = board({"more_than": "1/2", "of": of}, [seat("member", 10)])
    got = ask(body, count=required, vacancies=vacancies)
    assert (got.answer, got.required, got.membership) == ("quorate", required, membership)
    got = ask(body, count=required - 1, vacancies=vacancies)
    assert (got.answer, got.required, got.membership) == ("inquorate", required, membership)


def test_filled_seats_without_vacancies_says_it_takes_every_seat_as_filled() -> None:
    # Quorate with every seat filled is quorate whatever the vacancies, and says so; short with
    # every seat filled may be enough with vacancies, so the question is incomplete and asks for
    # them (it was answered as if no seat were vacant).
    body = board({"more_than": "1/2", "of": "filled-seats"}, [seat("member", 10)])
    enough = ask(body, count=6)
    assert (enough.answer, enough.required, enough.needs) == ("quorate", 6, ())
    assert any("every seat filled" in r.text for r in enough.explanation)
    given = ask(body, count=6, vacancies=2)
    assert given.required == 5
    assert not any("every seat filled" in r.text for r in given.explanation)
    short = ask(body, count=5)
    assert (short.answer, short.required, short.needs) == ("incomplete", 6, ("--vacancies",))
    assert any("--vacancies" in r.text for r in short.explanation)
    assert ask(body, count=5, vacancies=0).answer == "inquorate"


@pytest.mark.parametrize(
    ("quorum", "count", "answer"),
    [
        # Never fewer than 3: two present are too few whatever the vacancies.
        ({"at_least": "1/2", "minimum": 3}, 2, "inquorate"),
        ({"at_least": "1/2", "minimum": 3}, 4, "incomplete"),  # 6 needed of 10; 4 of 7, 8
        # More than half: one present would be enough were they the only member in office,
        # so the vacancies decide; nobody present is never enough.
        ({"more_than": "1/2"}, 1, "incomplete"),
        ({"more_than": "1/2"}, 0, "inquorate"),
    ],
)
def test_filled_seats_too_few_for_any_membership_are_inquorate_whatever_the_vacancies(
    quorum: dict[str, Any], count: int, answer: str
) -> None:
    # The fewest members in office are those present, and the number needed never falls
    # as the membership grows: too few for a membership of only themselves, too few for any.
    got = ask(board({**quorum, "of": "filled-seats"}, [seat("member", 10)]), count=count)
    assert got.answer == answer
    assert got.needs == (("--vacancies",) if answer == "incomplete" else ())
    assert any("whatever the vacancies" in r.text for r in got.explanation) == (
        answer == "inquorate"
    )


def test_seats_up_to_a_maximum_count_at_the_maximum() -> None:
    body = board({"at_least": "1/2"}, [seat("member", 4), seat("co-opted", 6, up_to=True)])
    got = ask(body, count=5)
    assert (got.answer, got.required, got.membership) == ("quorate", 5, 10)
    assert any("co-opted (up to 6)" in r.text for r in got.explanation)


def test_seats_of_unstated_number_leave_a_share_open() -> None:
    seats = [seat("member", 4), seat("others", 1, count_stated=False)]
    got = ask(board({"at_least": "1/2"}, seats), count=3)
    assert (got.answer, got.required, got.present, got.membership) == ("unspecified", None, 3, None)
    assert any("others" in r.text for r in got.explanation)


def test_seats_of_unstated_number_do_not_matter_to_a_number() -> None:
    seats = [seat("member", 4), seat("others", 1, count_stated=False)]
    body = board({"number": 3}, seats)
    got = ask(body, count=3)
    assert (got.answer, got.required) == ("quorate", 3)
    # The places are not known, so neither a seat listed often nor a large count is refused.
    assert ask(body, present=["others", "others", "others"]).answer == "quorate"
    assert ask(body, count=40).answer == "quorate"


@pytest.mark.parametrize("decisions", ["binding", "in-principle", "void", "unspecified"])
def test_the_worth_of_inquorate_decisions_is_reported(decisions: str) -> None:
    rule = {"number": 3, "inquorate_decisions": decisions, "source": "4", "inquorate_source": "4.9"}
    body = board(rule)
    quorate, inquorate = ask(body, count=3), ask(body, count=2)
    assert quorate.inquorate_decisions == inquorate.inquorate_decisions == decisions
    effect = inquorate.explanation[-1]
    assert effect.source is not None and effect.source.clause == "4.9"
    words = {
        "binding": "still bind",
        "in-principle": "in principle",
        "void": "void",
        "unspecified": "does not say",
    }
    assert words[decisions] in effect.text
    assert not any(words[decisions] in r.text for r in quorate.explanation)


def test_the_effect_cites_the_quorum_when_it_has_no_clause_of_its_own() -> None:
    got = ask(board({"number": 3, "inquorate_decisions": "void", "source": "4"}), count=1)
    assert got.explanation[-1].source is not None and got.explanation[-1].source.clause == "4"


@pytest.mark.parametrize(
    ("status", "opening"),
    [
        ("unspecified", "The MoU does not state"),
        ("to-be-developed", "The MoU leaves to be developed"),
        ("placeholder", "The MoU has only a drafting placeholder for"),
        ("ambiguous", "The MoU is ambiguous about"),
    ],
)
def test_an_unsettled_quorum_is_unspecified(status: str, opening: str) -> None:
    got = ask(board({"status": status, "note": "see annex", "source": "4"}), count=10)
    assert (got.answer, got.required, got.present, got.membership) == (
        "unspecified",
        None,
        10,
        None,
    )
    assert got.inquorate_decisions is None
    assert got.explanation[0].text == f"{opening} the quorum of the The Board: see annex"
    assert got.explanation[0].source is not None and got.explanation[0].source.clause == "4"


def test_no_quorum_at_all_is_unspecified() -> None:
    got = ask(board(None), present=["head"])
    assert (got.answer, got.required, got.present, got.membership) == ("unspecified", None, 1, None)


def test_recorded_gaps_about_the_quorum_are_said() -> None:
    gaps = [
        {
            "kind": "ambiguous",
            "note": "members or places?",
            "source": "4",
            "subject": "board.quorum",
        },
        {"kind": "ambiguous", "note": "elsewhere", "source": "5", "subject": "other"},
    ]
    trust = builders.trust_of(board({"number": 3}), gaps=gaps)
    texts = [r.text for r in govrules.quorum(trust, "board", count=3).explanation]
    assert any("members or places?" in t for t in texts)
    assert not any("elsewhere" in t for t in texts)


# --- questions the quorum cannot answer --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"present": ["nobody"]}, "has no seat `nobody`"),
        ({"present": ["head", "head"]}, "listed 2 times in present but has 1 place"),
        ({"present": ["member"] * 9}, "listed 9 times in present but has 8 places"),
        ({"count": 11}, "11 attendees, but `board` has only 10 places"),
        ({"count": -1}, "cannot be negative"),
        ({"count": 3, "present": ["head"]}, "not both"),
        ({}, "not both"),
        ({"present": "head"}, "as a list of seat ids"),
    ],
)
def test_a_question_the_body_cannot_have_is_refused(question: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        ask(board({"number": 3}), **question)


def test_every_place_of_a_seat_and_every_place_of_the_body_may_attend() -> None:
    body = board({"number": 3})
    assert ask(body, present=["member"] * 8 + ["head", "deputy"]).present == 10
    assert ask(body, count=10).answer == "quorate"


def test_an_unknown_body_is_refused() -> None:
    with pytest.raises(QueryError, match="has no body `nope`"):
        govrules.quorum(builders.trust_of(board({"number": 3})), "nope", count=1)


def test_an_external_body_has_no_quorum_the_trust_sets() -> None:
    external = [{"id": "cabinet", "name": "Cabinet"}]
    trust = builders.trust_of(board({"number": 3}), external_bodies=external)
    got = govrules.quorum(trust, "cabinet", count=4)
    assert (got.answer, got.body, got.required) == ("unspecified", "cabinet", None)


def test_voting_seats_measure_under_each_reading_of_an_open_seat() -> None:
    # `votes: unspecified` is two readings: the observer votes (membership 8) or not (6).
    voting = {**ALL_BUT_OBSERVER, "exceptions": [{"seat": "observer", "votes": "unspecified"}]}
    body = board({"at_least": "1/2", "of": "voting-seats"}, VOTING_SEATS, voting=voting)
    both = ask(body, present=["a", "a", "b", "b"])
    assert (both.answer, both.required, both.membership) == ("quorate", None, None)
    assert sorted(dict(r.facts)["membership"] for r in both.readings) == [6, 8]
    split = ask(body, present=["a", "a", "b"])
    assert split.answer == "unspecified"
    assert sorted(r.answer for r in split.readings) == ["inquorate", "quorate"]


# Half of the seats, or (a reading) half of the seats filled; and (a reading) a third of them.
HALF = {"at_least": "1/2", "source": "4"}
HALF_FILLED = {"at_least": "1/2", "of": "filled-seats", "source": "4"}
THIRD = {"at_least": "1/3", "source": "4"}


def under(*readings: dict[str, Any]) -> Trust:
    gap = builders.reading_gap("board.quorum", readings[0])
    gap["readings"] += [{"value": r, "note": "another way"} for r in readings[1:]]
    return builders.trust_of(board(HALF), gaps=[gap])


def test_a_fact_one_reading_lacks_is_asked_for_where_the_other_readings_agree() -> None:
    # Four of ten attend. Of the seats: 5 needed, inquorate. Of the seats filled: inquorate
    # with every place filled, quorate with two vacant. The vacancies settle it.
    trust = under(HALF_FILLED)
    got = govrules.quorum(trust, "board", count=4)
    assert [r.answer for r in got.readings] == ["inquorate", "incomplete"]
    assert (got.answer, got.needs) == ("incomplete", ("--vacancies",))
    assert govrules.quorum(trust, "board", count=4, vacancies=0).answer == "inquorate"
    assert govrules.quorum(trust, "board", count=4, vacancies=2).answer == "unspecified"


def test_a_fact_one_reading_lacks_is_not_asked_for_where_the_others_already_differ() -> None:
    # A half of the seats needs 5 (inquorate), a third 4 (quorate): whatever the vacancies the
    # reading of the seats filled lacks, those two differ. The MoU does not settle it (exit
    # 3); `incomplete` (exit 4) would send the asker for vacancies that settle nothing.
    got = govrules.quorum(under(THIRD, HALF_FILLED), "board", count=4)
    assert [r.answer for r in got.readings] == ["inquorate", "quorate", "incomplete"]
    assert (got.answer, got.needs) == ("unspecified", ())
    assert "needs" not in got.to_dict()


# --- seats of "up to" some number of places ---------------------------------------------------

# Eight members, and "may co-opt up to two further members": 8 to 10 members.
CO_OPTING = [seat("member", 8), seat("co-opted", 2, up_to=True)]


@pytest.mark.parametrize(
    ("question", "answer", "required", "needs"),
    [
        ({"count": 5}, "quorate", 5, ()),  # 5 of 10, and of 8 (4 needed)
        ({"count": 4}, "incomplete", 5, ("--vacant",)),  # of 8 quorate, of 10 not
        ({"count": 3}, "inquorate", 5, ()),  # too few even with no one co-opted
        ({"count": 4, "vacant": ["co-opted", "co-opted"]}, "quorate", 4, ()),
        ({"count": 4, "vacant": ["co-opted"]}, "inquorate", 5, ()),  # 9 members: 5 needed
        ({"count": 4, "vacancies": 0}, "inquorate", 5, ()),  # both co-opted
        ({"count": 4, "vacancies": 1, "vacant": ["member"]}, "inquorate", 5, ()),
        # One vacancy not named may be a co-opted place: 9 or 10 members, 5 needed either way.
        ({"count": 4, "vacancies": 2, "vacant": ["member"]}, "inquorate", 5, ()),
        # Two not named may be both: 8 to 10 members.
        ({"count": 4, "vacancies": 3, "vacant": ["member"]}, "incomplete", 5, ("--vacant",)),
        # A co-opted member present fills a place: 9 or 10 members.
        ({"present": ["member"] * 3 + ["co-opted"]}, "inquorate", 5, ()),
        ({"present": ["member"] * 4}, "incomplete", 5, ("--vacant",)),
    ],
)
def test_an_up_to_seat_counts_only_its_places_filled(
    question: dict[str, Any], answer: str, required: int, needs: tuple[str, ...]
) -> None:
    # One half of the membership, and a place "up to" some number is no one's until filled:
    # what the question does not say of them is weighed both ways.
    got = ask(board({"at_least": "1/2", "source": "4"}, CO_OPTING), **question)
    assert (got.answer, got.required, got.needs) == (answer, required, needs)


def test_a_count_for_a_quorum_of_voting_members_leaves_out_only_the_non_voting_places() -> None:
    # Four voting members, up to two co-opted ones (both places named not filled) and an
    # adviser without a vote: 4 counted include at most the adviser, so 3 of the 4 voting
    # members (at least one half) are there.
    seats = [seat("member", 4), seat("co-opted", 2, up_to=True), seat("adviser")]
    voting = {**ALL_BUT_OBSERVER, "exceptions": [{"seat": "adviser", "votes": False}]}
    body = board({"at_least": "1/2", "of": "voting-seats"}, seats, voting=voting)
    got = ask(body, count=4, vacant=["co-opted", "co-opted"])
    assert (got.answer, got.required, got.needs) == ("quorate", 2, ())
    # 2 counted may be the adviser and one voting member.
    got = ask(body, count=2, vacant=["co-opted", "co-opted"])
    assert (got.answer, got.needs) == ("incomplete", ("--present",))
    # Unless the adviser's place is vacant too.
    got = ask(body, count=2, vacant=["co-opted", "co-opted", "adviser"])
    assert (got.answer, got.needs) == ("quorate", ())


@pytest.mark.parametrize("share", ["-1/2", "-50%", " -1/2", "1/-2", "50-%"])
def test_a_negative_share_is_refused_not_read_as_its_positive(share: str) -> None:
    data = {
        "id": "neg",
        "name": "Neg",
        "document": {"title": "Neg"},
        "bodies": [
            {
                "id": "board",
                "name": "Board",
                "seats": [{"id": "m", "title": "M", "count": 4}],
                "quorum": {"at_least": share, "source": "1"},
            }
        ],
    }
    with pytest.raises(govrules.LoadError, match=r"must be more than 0|is not a fraction"):
        govrules.load(data)
    # A hyphen between words still joins them.
    data["bodies"][0]["quorum"]["at_least"] = "two-thirds"
    assert govrules.quorum(govrules.load(data), "board", count=3).required == 3
