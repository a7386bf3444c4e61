"""Who may chair: each office answers from its own rule, where the two offices differ."""

from __future__ import annotations

from typing import Any

import builders
import pytest

import govrules
from govrules import QueryError

PARTNERS = ({"id": "council", "name": "Council"}, {"id": "health", "name": "Health"})
SEATS = [
    {"id": "cllr", "title": "Councillor", "partner": "council"},
    {"id": "officer", "title": "Officer", "partner": "council"},
    {"id": "gp", "title": "GP", "partner": "health"},
    {"id": "observer", "title": "Observer"},
    {"id": "pending", "title": "Co-opted member"},
]
# The observer has no vote; whether the co-opted member votes is left open.
VOTING = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "exceptions": [
        {"seat": "observer", "votes": False},
        {"seat": "pending", "votes": "unspecified"},
    ],
}
ELECTED = {"selection": "elected", "by": "membership", "source": "5"}


def ask(
    chair: dict[str, Any] | None,
    vice_chair: dict[str, Any] | None,
    seat: str,
    office: str,
    other_holder: str | None = None,
) -> str:
    body: dict[str, Any] = {"id": "board", "name": "The Board", "seats": SEATS, "voting": VOTING}
    if chair is not None:
        body["chair"] = chair
    if vice_chair is not None:
        body["vice_chair"] = vice_chair
    trust = builders.trust_of(body, partners=PARTNERS)
    answer = govrules.eligible(trust, "board", seat, office, other_holder)  # type: ignore[arg-type]
    assert answer.question == "eligible" and answer.body == "board"
    return answer.answer


def both(chair: dict[str, Any] | None, vice_chair: dict[str, Any] | None, seat: str, **more: Any):
    """The answers for the chair and the vice-chair, in that order."""
    return (
        ask(chair, vice_chair, seat, "chair", **more),
        ask(chair, vice_chair, seat, "vice-chair", **more),
    )


@pytest.mark.parametrize(
    ("seat", "answers"),
    [("cllr", ("eligible", "ineligible")), ("gp", ("ineligible", "eligible"))],
)
def test_ex_officio_offices_held_by_different_seats(seat: str, answers: tuple[str, str]) -> None:
    assert both({"seat": "cllr"}, {"seat": "gp"}, seat) == answers
    # The other way round, the answers swap.
    assert both({"seat": "gp"}, {"seat": "cllr"}, seat) == answers[::-1]


@pytest.mark.parametrize(
    ("seat", "answers"),
    [
        ("gp", ("ineligible", "eligible")),
        ("cllr", ("eligible", "ineligible")),
        ("officer", ("eligible", "eligible")),
    ],
)
def test_seats_barred_from_one_office_only(seat: str, answers: tuple[str, str]) -> None:
    chair = {**ELECTED, "ineligible": [{"seat": "gp"}]}
    vice_chair = {**ELECTED, "ineligible": [{"seat": "cllr"}]}
    assert both(chair, vice_chair, seat) == answers
    assert both(vice_chair, chair, seat) == answers[::-1]


@pytest.mark.parametrize(
    ("seat", "answers"),
    [
        ("observer", ("ineligible", "eligible")),
        ("pending", ("unspecified", "eligible")),
        ("gp", ("eligible", "eligible")),
    ],
)
def test_voting_members_only_for_one_office(seat: str, answers: tuple[str, str]) -> None:
    only_voters = {**ELECTED, "voting_members_only": True}
    assert both(only_voters, ELECTED, seat) == answers
    assert both(ELECTED, only_voters, seat) == answers[::-1]


def test_from_among_for_one_office() -> None:
    among = {"from_among": "the elected members of the council", "from_among_source": "5.1"}
    assert both(among, ELECTED, "gp") == ("unspecified", "eligible")
    assert both(ELECTED, among, "gp") == ("eligible", "unspecified")


@pytest.mark.parametrize(
    ("seat", "other", "answers"),
    [
        ("officer", "cllr", ("eligible", "ineligible")),  # both from the council
        ("gp", "cllr", ("eligible", "eligible")),
        ("observer", "pending", ("eligible", "eligible")),  # neither represents a partner
        ("gp", None, ("eligible", "unspecified")),  # the other holder must be named
        ("observer", None, ("eligible", "eligible")),  # no partner to share, holder or not
    ],
)
def test_a_different_partner_from_the_other_office(
    seat: str, other: str | None, answers: tuple[str, str]
) -> None:
    not_as_chair = {**ELECTED, "different_partner_from": "chair"}
    not_as_vice_chair = {**ELECTED, "different_partner_from": "vice-chair"}
    assert both(ELECTED, not_as_chair, seat, other_holder=other) == answers
    assert both(not_as_vice_chair, ELECTED, seat, other_holder=other) == answers[::-1]


@pytest.mark.parametrize(("seat", "answer"), [("gp", "eligible"), ("officer", "ineligible")])
def test_an_ex_officio_office_names_the_holder_the_other_must_differ_from(
    seat: str, answer: str
) -> None:
    # The councillor chairs ex officio: the vice-chair may not be of the council too.
    chair = {"seat": "cllr", "selection": "ex-officio", "source": "5"}
    assert ask(chair, {**ELECTED, "different_partner_from": "chair"}, seat, "vice-chair") == answer


@pytest.mark.parametrize(
    "unsettled",
    [
        {"status": "ambiguous"},
        {"conflicting": [{"source": "7", "note": "clause 7 makes the GP chair"}]},
    ],
)
def test_an_ex_officio_office_another_clause_unsettles_names_no_holder(
    unsettled: dict[str, Any],
) -> None:
    # Who chairs is not settled: the vice-chair's bar on the chair's partner cannot be applied.
    chair = {"seat": "cllr", "selection": "ex-officio", "source": "5", **unsettled}
    vice_chair = {**ELECTED, "different_partner_from": "chair"}
    assert ask(chair, vice_chair, "officer", "vice-chair") == "unspecified"


def test_an_unknown_other_holder_is_refused() -> None:
    distinct = {**ELECTED, "different_partner_from": "chair"}
    with pytest.raises(QueryError, match="has no seat `mayor`"):
        ask(ELECTED, distinct, "gp", "vice-chair", other_holder="mayor")


def test_conflicting_clauses_for_one_office() -> None:
    conflicting = {
        **ELECTED,
        "conflicting": [{"source": "5.4", "note": "appointed by the council"}],
    }
    assert both(conflicting, ELECTED, "gp") == ("unspecified", "eligible")
    assert both(ELECTED, conflicting, "gp") == ("eligible", "unspecified")
    # A barred seat is barred whatever another clause says.
    barred = {**conflicting, "ineligible": [{"seat": "gp"}]}
    assert both(barred, ELECTED, "gp") == ("ineligible", "eligible")


@pytest.mark.parametrize(
    ("seat", "answers"),
    # The GP's member is vice-chair ex officio, so cannot be chair however the chair's
    # conflicting clauses are read: one member cannot be both.
    [("cllr", ("unspecified", "ineligible")), ("gp", ("ineligible", "eligible"))],
)
def test_conflicting_clauses_about_an_ex_officio_office(
    seat: str, answers: tuple[str, str]
) -> None:
    conflicting = {"seat": "cllr", "conflicting": [{"source": "5.4", "note": "elected"}]}
    assert both(conflicting, {"seat": "gp"}, seat) == answers


@pytest.mark.parametrize(
    "unsettled", [None, {"status": "placeholder"}, {"status": "to-be-developed", "note": "later"}]
)
def test_an_office_the_mou_does_not_settle(unsettled: dict[str, Any] | None) -> None:
    assert both(unsettled, ELECTED, "gp") == ("unspecified", "eligible")
    assert both(ELECTED, unsettled, "gp") == ("eligible", "unspecified")


def test_the_explanation_says_how_the_office_is_filled() -> None:
    trust = builders.trust_of(
        {"id": "board", "name": "The Board", "seats": SEATS, "voting": VOTING, "chair": ELECTED},
        partners=PARTNERS,
    )
    answer = govrules.eligible(trust, "board", "gp")
    assert answer.explanation[0].text == (
        "The chair is elected by membership; nothing in the rules bars `gp`."
    )
    assert answer.explanation[0].source is not None and answer.explanation[0].source.clause == "5"


@pytest.mark.parametrize(
    ("body", "seat", "message"),
    [("board", "mayor", "`board` has no seat `mayor`"), ("panel", "gp", "has no body `panel`")],
)
def test_an_unknown_body_or_seat_is_refused(body: str, seat: str, message: str) -> None:
    trust = builders.trust_of(
        {"id": "board", "name": "The Board", "seats": SEATS, "chair": ELECTED}, partners=PARTNERS
    )
    with pytest.raises(QueryError, match=message):
        govrules.eligible(trust, body, seat)


def test_one_member_cannot_be_both_chair_and_vice_chair() -> None:
    # Given as holding the chair, the councillor's one member cannot also be vice-chair; a
    # seat of two places has two members, so this does not bar it.
    assert ask(ELECTED, ELECTED, "cllr", "vice-chair", other_holder="cllr") == "ineligible"
    assert ask(ELECTED, ELECTED, "cllr", "chair", other_holder="cllr") == "ineligible"
    assert ask(ELECTED, ELECTED, "cllr", "vice-chair", other_holder="gp") == "eligible"
    seats = [{"id": "m", "title": "Member", "count": 2}]
    body = {"id": "board", "name": "B", "seats": seats, "chair": ELECTED, "vice_chair": ELECTED}
    trust = builders.trust_of(body)
    assert govrules.eligible(trust, "board", "m", "vice-chair", "m").answer == "eligible"


def test_the_holder_of_an_office_held_ex_officio_cannot_hold_the_other() -> None:
    chair = {"seat": "cllr", "source": "4"}
    body = {"id": "board", "name": "B", "seats": SEATS, "chair": chair, "vice_chair": ELECTED}
    trust = builders.trust_of(body, partners=PARTNERS)
    a = govrules.eligible(trust, "board", "cllr", "vice-chair")
    assert a.answer == "ineligible"
    assert a.explanation[0].source is not None and a.explanation[0].source.clause == "4"
    assert "holds the chair (ex officio)" in a.explanation[0].text
    assert govrules.eligible(trust, "board", "gp", "vice-chair").answer == "eligible"


def test_an_unknown_holder_of_the_other_office_is_refused_whatever_the_rule() -> None:
    # The elected chair's rule never reads the other holder: an unknown seat is still an error.
    with pytest.raises(QueryError, match="`board` has no seat `nosuch`"):
        ask(ELECTED, ELECTED, "cllr", "vice-chair", other_holder="nosuch")


def test_a_chair_named_by_one_clause_and_chosen_by_another_leaves_the_vice_chair_open() -> None:
    # Suffolk 5.4 names the Portfolio Holder chair; 6.4 has the chair nominated by the
    # membership. Read as 5.4, the Portfolio Holder cannot also be vice-chair; as 6.4, may.
    trust = govrules.load("suffolk")
    a = govrules.eligible(trust, "strategic-board", "portfolio-holder", "vice-chair")
    assert a.answer == "unspecified"
    assert any("cannot be both" in r.text and r.source and r.source.clause == "5.4"
               for r in a.explanation)  # fmt: skip
    assert any(r.text.startswith("But 6.4 says otherwise") for r in a.explanation)


def test_a_holder_given_against_an_office_held_ex_officio_is_not_taken() -> None:
    # Wirral 20.3.1: the Lead Member is chair. Given as vice-chair too, the Lead Member is
    # still the chair the clause names; the DCS given as chair is not the chair.
    trust = govrules.load("wirral")
    assert govrules.eligible(trust, "board", "lead-member", "chair", "lead-member").answer == (
        "eligible"
    )
    assert govrules.eligible(trust, "board", "dcs", "vice-chair", "dcs").answer == "eligible"


def test_a_seat_of_an_unstated_number_of_places_may_hold_both_offices() -> None:
    # "Headteachers of the schools", their number not stated: another of them may be
    # vice-chair, so whether this one may is open, not barred.
    seats = [{"id": "heads", "title": "Headteachers", "count": 1, "count_stated": False}]
    body = {"id": "board", "name": "B", "seats": seats, "chair": ELECTED, "vice_chair": ELECTED}
    trust = builders.trust_of(body)
    a = govrules.eligible(trust, "board", "heads", "vice-chair", "heads")
    assert a.answer == "unspecified"


def test_an_office_left_null_is_the_chair_and_an_unknown_one_is_refused(tmp_path: Any) -> None:
    # Suffolk Appendix A 3.2.6 (h): the coordinator may not chair the CCSG; `office: null` in
    # a scenario asks about the chair, as leaving it out does.
    suffolk = govrules.load("suffolk")
    seat = "cluster-development-coordinator"
    assert govrules.eligible(suffolk, "ccsg", seat, None).answer == "ineligible"  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="no office `deputy`"):
        govrules.eligible(suffolk, "ccsg", seat, "deputy")  # type: ignore[arg-type]
    path = tmp_path / "s.yaml"
    path.write_text(
        "trust: suffolk\ncases:\n  - {name: x, question: eligible, body: ccsg, seat: " + seat
        + ", office: null, expect: {answer: eligible}}\n",
        encoding="utf-8",
    )  # fmt: skip
    assert govrules.run_tests(path).failed == 1


def test_gr214_both_offices_held_ex_officio_for_one_organisation(tmp_path: Any) -> None:
    # The vice-chair may not represent the chair's organisation, yet both are held ex
    # officio by the council's seats: no meeting could ever satisfy it.
    import yaml

    body = {
        "id": "board",
        "name": "B",
        "seats": SEATS,
        "chair": {"seat": "cllr", "source": "4"},
        "vice_chair": {"seat": "officer", "different_partner_from": "chair", "source": "5"},
    }
    data = {"id": "t", "name": "T", "document": {"title": "T"}, "partners": list(PARTNERS),
            "bodies": [body]}  # fmt: skip
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR214"]
    assert [(f.severity, "`cllr`" in f.message) for f in found] == [("error", True)]
    body["vice_chair"]["seat"] = "gp"  # the health seat: allowed
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert [f for f in govrules.validate(path).findings if f.code == "GR214"] == []


def _two_boards(panel_chair: dict[str, Any] | None, **more: Any) -> Any:
    """``board`` elects its chair; ``panel`` is chaired as given; a rule (clause 7) says the
    two are chaired by different people. The council's councillor sits on both."""
    board = {"id": "board", "name": "The Board", "seats": SEATS, "voting": VOTING,
             "chair": ELECTED}  # fmt: skip
    panel: dict[str, Any] = {"id": "panel", "name": "The Panel", "seats": SEATS[:3]}
    if panel_chair is not None:
        panel["chair"] = panel_chair
    rule = {"kind": "distinct-chairs", "bodies": ["board", "panel"], "source": {"clause": "7"}}
    return builders.trust_of(board, panel, partners=PARTNERS, constraints=[rule], **more)


@pytest.mark.parametrize(
    ("panel_chair", "seat", "expected"),
    [
        # The councillor chairs the panel ex officio: the same person may not chair the board.
        ({"seat": "cllr", "source": "6"}, "cllr", "ineligible"),
        # Someone else chairs the panel: the rule bars nobody else.
        ({"seat": "cllr", "source": "6"}, "gp", "eligible"),
        ({"seat": "gp", "source": "6"}, "cllr", "eligible"),
        # Who chairs the panel is chosen, or not said: the question does not say whether the
        # councillor does, so neither does the answer.
        (ELECTED, "cllr", "unspecified"),
        (None, "gp", "unspecified"),
        ({"status": "unspecified", "source": "6"}, "gp", "unspecified"),
    ],
)
def test_a_rule_that_two_bodies_have_different_chairs(
    panel_chair: dict[str, Any] | None, seat: str, expected: str
) -> None:
    # Wirral 11.1.3: "the two bodies are chaired by different people".
    answer = govrules.eligible(_two_boards(panel_chair), "board", seat, "chair")
    assert answer.answer == expected
    cited = [r.text for r in answer.explanation if r.source and r.source.clause == "7"]
    assert cited and all("`panel`" in text for text in cited)
    # The vice-chair is no chair: the rule does not reach it.
    vice = govrules.eligible(_two_boards(panel_chair), "board", seat, "vice-chair")
    assert all(r.source is None or r.source.clause != "7" for r in vice.explanation)


@pytest.mark.parametrize(
    ("seat", "board_seat", "panel_seat"),
    [
        # The board's councillors are three: at most one of them chairs the panel.
        ("cllrs", {"id": "cllrs", "title": "Councillor", "partner": "council", "count": 3}, {}),
        # One of the panel's councillors chairs it: the board's may or may not be that one.
        ("cllr", {}, {"count": 2}),
        # A seat of no partner is told apart by its title alone: not one known person.
        ("lay", {"id": "lay", "title": "Lay member"}, {"id": "lay", "title": "Lay member"}),
    ],
)
def test_a_shared_title_is_not_one_person_unless_each_seat_is_one_partners_place(
    seat: str, board_seat: dict[str, Any], panel_seat: dict[str, Any]
) -> None:
    trust = _two_boards({"seat": panel_seat.get("id", "cllr"), "source": "6"})
    data = trust.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    board, panel = data["bodies"]
    if board_seat:
        board["seats"].append(board_seat)
    cllr = next(s for s in panel["seats"] if s["id"] == "cllr")
    if "id" in panel_seat:
        panel["seats"].append(panel_seat)
    else:
        cllr.update(panel_seat)
    answer = govrules.eligible(type(trust).model_validate(data), "board", seat, "chair")
    assert answer.answer == "unspecified"


def test_a_reading_of_who_chairs_the_other_body_is_weighed() -> None:
    # Read as the councillor or as the GP, the panel's chair leaves the board's open.
    gap = builders.reading_gap("panel.chair.seat", "gp")
    trust = _two_boards({"seat": "cllr", "source": "6"}, gaps=[gap])
    assert govrules.eligible(trust, "board", "cllr", "chair").answer == "unspecified"
    assert govrules.eligible(trust, "board", "officer", "chair").answer == "eligible"


def test_a_reading_of_the_other_chairs_seat_is_weighed() -> None:
    # Read with two places, the panel's councillor who chairs it may be another member.
    gap = builders.reading_gap("panel.seats.cllr.count", 2)
    trust = _two_boards({"seat": "cllr", "source": "6"}, gaps=[gap])
    assert govrules.eligible(trust, "board", "cllr", "chair").answer == "unspecified"


@pytest.mark.parametrize("bodies", [["board"], ["board", "board"]])
def test_gr111_a_distinct_chairs_rule_on_fewer_than_two_bodies(
    tmp_path: Any, bodies: list[str]
) -> None:
    import yaml

    body = {"id": "board", "name": "B", "seats": SEATS, "chair": {"seat": "cllr", "source": "4"}}
    rule = {"kind": "distinct-chairs", "bodies": bodies}
    data = {"id": "t", "name": "T", "document": {"title": "T"}, "partners": list(PARTNERS),
            "bodies": [body], "constraints": [rule]}  # fmt: skip
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [(f.code, f.severity) for f in govrules.validate(path).findings if f.code < "GR2"]
    assert found == [("GR111", "error")]
