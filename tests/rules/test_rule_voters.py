"""Who may vote: the body's rule, restricted lists, exceptions, and a procedure's voting step."""

from __future__ import annotations

from typing import Any

import builders
import pytest

import govrules
from govrules import QueryError, VotersAnswer

SEATS = ["a", "b", "c", "d"]
MAJORITY = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6.1"}


def board(voting: dict[str, Any] | None, seats: list[str] = SEATS, **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "board",
        "name": "The Board",
        "seats": [{"id": s, "title": s} for s in seats],
        "source": "2",
        **more,
    }
    if voting is not None:
        body["voting"] = voting
    return body


def ask(body: dict[str, Any], *, procedures: tuple[dict[str, Any], ...] = (), **question: Any):
    answer = govrules.voters(builders.trust_of(body, procedures=procedures), "board", **question)
    assert isinstance(answer, VotersAnswer)
    return answer


def sort(answer: VotersAnswer) -> tuple[list[str], list[str], list[str]]:
    """The seat ids in each list, in the answer's order."""
    return (
        [r.seat for r in answer.voters],
        [r.seat for r in answer.non_voters],
        [r.seat for r in answer.undetermined],
    )


def test_every_seat_votes_under_an_all_seats_rule() -> None:
    got = ask(board(MAJORITY))
    assert got.answer == "determined" and got.procedure is None
    assert sort(got) == (SEATS, [], [])
    assert all(r.reason == "one vote" and r.source and r.source.clause == "6.1" for r in got.voters)


@pytest.mark.parametrize(
    ("voters", "expected"),
    [
        (["b", "d"], (["b", "d"], ["a", "c"], [])),
        (["a"], (["a"], ["b", "c", "d"], [])),
        (["d"], (["d"], ["a", "b", "c"], [])),  # the seats before it are passed over, not it
    ],
)
def test_a_restricted_list_gives_only_its_seats_a_vote(
    voters: list[str], expected: tuple[list[str], ...]
) -> None:
    got = ask(board({**MAJORITY, "voters": voters}))
    assert sort(got) == expected and got.answer == "determined"
    assert all("not among the seats" in r.reason for r in got.non_voters)


@pytest.mark.parametrize(
    ("votes", "expected", "answer"),
    [
        (False, (["b", "c", "d"], ["a"], []), "determined"),
        ("unspecified", (["b", "c", "d"], [], ["a"]), "unspecified"),
        (True, (["a", "b", "c", "d"], [], []), "determined"),
    ],
)
def test_an_exception_on_the_first_seat_leaves_the_later_seats_classified(
    votes: bool | str, expected: tuple[list[str], ...], answer: str
) -> None:
    rule = {**MAJORITY, "exceptions": [{"seat": "a", "votes": votes, "source": "6.2"}]}
    got = ask(board(rule))
    assert sort(got) == expected and got.answer == answer
    excepted = next(r for r in (*got.voters, *got.non_voters, *got.undetermined) if r.seat == "a")
    assert excepted.source is not None and excepted.source.clause == "6.2"


def test_exceptions_on_several_seats_each_take_effect() -> None:
    rule = {
        **MAJORITY,
        "exceptions": [
            {"seat": "a", "votes": False},
            {"seat": "b", "votes": "unspecified"},
            {"seat": "c", "votes": True, "note": "votes on the budget only"},
        ],
    }
    got = ask(board(rule))
    assert sort(got) == (["c", "d"], ["a"], ["b"])
    assert got.answer == "unspecified"
    assert got.voters[0].reason == "votes on the budget only"
    assert got.voters[1].reason == "one vote"


def test_an_exception_without_a_clause_cites_the_rule() -> None:
    got = ask(board({**MAJORITY, "exceptions": [{"seat": "b", "votes": False}]}))
    assert got.non_voters[0].source is not None and got.non_voters[0].source.clause == "6.1"


def test_an_exception_giving_a_vote_stands_against_the_condition() -> None:
    rule = {
        **MAJORITY,
        "condition": {"seat_in": ["a", "b"]},
        "exceptions": [{"seat": "c", "votes": True}],
    }
    assert sort(ask(board(rule))) == (["a", "b", "c"], ["d"], [])


def test_a_seat_with_no_partner_on_a_matter_condition_leaves_the_later_seats_classified() -> None:
    rule = {**MAJORITY, "condition": {"affected": ["any"]}}
    body = {
        **board(rule, ["lay", "cllr", "gp"]),
        "seats": [
            {"id": "lay", "title": "Lay member"},
            {"id": "cllr", "title": "Councillor", "partner": "council"},
            {"id": "gp", "title": "GP", "partner": "health"},
        ],
    }
    partners = ({"id": "council", "name": "Council"}, {"id": "health", "name": "Health"})
    trust = builders.trust_of(body, partners=partners)
    got = govrules.voters(trust, "board", affects=["council"])
    assert sort(got) == (["cllr"], ["gp"], ["lay"])
    # Named itself, the seat without a partner is settled like any other.
    got = govrules.voters(trust, "board", affects=["council", "lay"])
    assert sort(got) == (["lay", "cllr"], ["gp"], [])


@pytest.mark.parametrize(
    ("voting", "opening"),
    [
        (None, "The MoU states no voting rule for the The Board."),
        ({"status": "placeholder", "note": "tbc"}, "The MoU has only a drafting placeholder for"),
        ({"status": "unspecified"}, "The MoU does not state who votes in the The Board."),
        ({"status": "to-be-developed"}, "The MoU leaves to be developed who votes"),
        ({"status": "ambiguous"}, "The MoU is ambiguous about who votes"),
    ],
)
def test_a_body_without_a_settled_voting_rule_leaves_every_seat_open(
    voting: dict[str, Any] | None, opening: str
) -> None:
    got = ask(board(voting))
    assert got.answer == "unspecified" and got.procedure is None
    assert sort(got) == ([], [], SEATS)
    assert all(r.reason.startswith(opening) for r in got.undetermined)
    assert got.explanation[0].text.startswith(opening)


def test_no_voting_rule_cites_the_body() -> None:
    got = ask(board(None))
    assert {r.source.clause for r in got.undetermined if r.source} == {"2"}


def test_a_body_without_seats_has_no_settled_voters() -> None:
    got = ask(board(MAJORITY, []))
    assert got.answer == "unspecified" and sort(got) == ([], [], [])


# --- procedures --------------------------------------------------------------------------------


def procedure(*steps: dict[str, Any], applies_to: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": "dispute",
        "name": "Dispute",
        "applies_to": list(applies_to),
        "steps": list(steps),
        "source": "9",
    }


def test_a_procedures_voting_step_replaces_the_bodys_rule() -> None:
    step = {"action": "vote", "vote": {**MAJORITY, "voters": ["a", "b"], "source": "9.2"}}
    procedures = (procedure({"action": "discuss"}, step, applies_to=("board",)),)
    body = board(MAJORITY)
    under = ask(body, procedures=procedures, procedure="dispute")
    assert under.procedure == "dispute" and under.answer == "determined"
    assert sort(under) == (["a", "b"], ["c", "d"], [])
    assert under.voters[0].source is not None and under.voters[0].source.clause == "9.2"
    assert under.explanation[0].text.startswith("Under procedure `dispute`")
    general = ask(body, procedures=procedures)
    assert general.procedure is None and sort(general) == (SEATS, [], [])
    assert general.explanation[0].text.startswith("In general")


def test_the_first_voting_step_of_a_procedure_rules() -> None:
    first = {"action": "vote", "vote": {**MAJORITY, "voters": ["c"]}}
    second = {"action": "vote again", "vote": {**MAJORITY, "voters": ["d"]}}
    got = ask(board(MAJORITY), procedures=(procedure(first, second),), procedure="dispute")
    assert sort(got) == (["c"], ["a", "b", "d"], [])


def test_a_procedure_without_a_voting_step_leaves_every_seat_open() -> None:
    procedures = (procedure({"action": "discuss"}, {"action": "refer"}),)
    got = ask(board(MAJORITY), procedures=procedures, procedure="dispute")
    assert (got.answer, got.procedure) == ("unspecified", "dispute")
    assert sort(got) == ([], [], SEATS)
    assert all(r.reason == "Procedure `dispute` has no voting step." for r in got.undetermined)
    assert {r.source.clause for r in got.undetermined if r.source} == {"9"}


def test_a_procedure_that_applies_to_every_body_applies_to_this_one() -> None:
    step = {"action": "vote", "vote": {**MAJORITY, "voters": ["a"]}}
    got = ask(board(MAJORITY), procedures=(procedure(step),), procedure="dispute")
    assert sort(got)[0] == ["a"]


def test_a_procedure_for_other_bodies_is_refused() -> None:
    step = {"action": "vote", "vote": MAJORITY}
    procedures = (procedure(step, applies_to=("executive",)),)
    with pytest.raises(QueryError, match="does not apply to `board`"):
        ask(board(MAJORITY), procedures=procedures, procedure="dispute")


def test_an_unknown_procedure_is_refused() -> None:
    with pytest.raises(QueryError, match="has no procedure `appeal`"):
        ask(board(MAJORITY), procedure="appeal")


@pytest.mark.parametrize("question", [{"affects": ["nobody"]}, {"implementers": ["nobody"]}])
def test_a_matter_naming_a_stranger_is_refused(question: dict[str, Any]) -> None:
    with pytest.raises(QueryError, match=r"`nobody` in the .* is neither a partner nor a seat"):
        ask(board(MAJORITY), **question)


# --- what a seat's right reads of it: every field but its places ----------------------------


def _with_gap(body: dict[str, Any], subject: str, value: Any) -> Any:
    """A trust of ``body`` with one gap on ``subject``, read as encoded or as ``value``."""
    gap = {
        "subject": subject,
        "kind": "ambiguous",
        "note": "Read either way.",
        "source": {"clause": "9"},
        "readings": [{"value": value, "note": "the other way"}],
    }
    return builders.trust_of(body, gaps=[gap])


def test_a_reading_of_a_seats_places_does_not_touch_who_votes() -> None:
    body = board(MAJORITY)
    body["seats"][0]["count"] = 2
    trust = _with_gap(body, "board.seats.a.count", 3)
    got = govrules.voters(trust, "board")
    assert got.answer == "determined"
    assert got.readings == ()  # weighed under no reading: the places are not read
    assert not any("Recorded gap" in r.text for r in got.explanation)


def test_a_reading_of_a_seats_places_touches_who_votes_once_vacancies_are_given() -> None:
    body = board(MAJORITY)
    body["seats"][0]["count"] = 2
    trust = _with_gap(body, "board.seats.a.count", 3)
    got = govrules.voters(trust, "board", vacancies=1)
    assert any("Recorded gap (ambiguous): Read either way." in r.text for r in got.explanation)
    assert len(got.readings) == 2  # the places as encoded, and as read


@pytest.mark.parametrize(
    ("subject", "value"),
    [
        ("board.seats.a.classes", []),  # a class the rule gives a vote to, or none
        ("board.seats", [{"id": "a", "title": "a"}]),  # the whole list
    ],
)
def test_a_reading_of_what_a_right_turns_on_leaves_who_votes_unsettled(
    subject: str, value: Any
) -> None:
    voting = {**MAJORITY, "voter_classes": ["officer"]}
    body = board(voting, seats=["a", "b"])
    for seat in body["seats"]:
        seat["classes"] = ["officer"]
    got = govrules.voters(_with_gap(body, subject, value), "board")
    assert got.answer == "unspecified", got.explanation
    assert any("Recorded gap (ambiguous): Read either way." in r.text for r in got.explanation)


RIGHTS_FIELDS = ("id", "title", "partner", "weight", "classes", "source", "note")


def _gap_lines(field: str) -> list[str]:
    """The gap lines of who votes on a board with a gap on seat ``a``'s ``field``."""
    gap = {"subject": f"board.seats.a.{field}", "kind": "unspecified", "note": "Not said."}
    trust = builders.trust_of(board(MAJORITY), gaps=[{**gap, "source": "9"}])
    return [r.text for r in govrules.voters(trust, "board").explanation if "gap" in r.text]


def test_every_field_of_a_seat_is_read_for_its_right_or_is_one_of_its_places() -> None:
    from govrules.evaluating.rights import PLACES_FIELDS
    from govrules.language.schema import Seat

    message = "a new field of a seat: list it here, or among the places if no right turns on it"
    assert set(Seat.model_fields) - PLACES_FIELDS == set(RIGHTS_FIELDS), message


@pytest.mark.parametrize("field", RIGHTS_FIELDS)
def test_a_gap_on_any_field_of_a_seat_but_its_places_touches_who_votes(field: str) -> None:
    assert _gap_lines(field) == ["Recorded gap (unspecified): Not said."]


@pytest.mark.parametrize("field", ["count", "up_to"])
def test_a_gap_on_a_seats_places_is_not_among_who_votes_reasons(field: str) -> None:
    assert _gap_lines(field) == []
