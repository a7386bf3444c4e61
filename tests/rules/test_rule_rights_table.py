"""Each seat's right is worked out once per body and rule, where the matter cannot change it:
a question asked of a kept trust must get the answer a newly built trust gives."""

from __future__ import annotations

import itertools
from typing import Any

import builders
import pytest

import govrules
from govrules import VoteAnswer, VotersAnswer
from govrules.evaluating.conditions import Matter
from govrules.evaluating.readings import Reads
from govrules.evaluating.rights import applicable_voting, seat_right, seat_rights, voting_step_path
from govrules.language.paths import replace
from govrules.language.schema import Trust

MAJORITY = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6.1"}
PARTNERS = (
    {"id": "council", "name": "Council", "kind": "local-authority", "statutory": True},
    {"id": "health", "name": "Health", "kind": "nhs", "statutory": True},
    {"id": "charity", "name": "Charity", "kind": "voluntary", "statutory": False},
)
SEATS = [
    {"id": "cllr", "title": "Councillor", "partner": "council", "classes": ["member"]},
    {"id": "gp", "title": "GP", "partner": "health", "classes": ["member"]},
    {"id": "vol", "title": "Volunteer", "partner": "charity", "classes": ["member"]},
    {"id": "lay", "title": "Lay member", "classes": ["member"]},
    {"id": "clerk", "title": "Clerk", "classes": ["officer"]},
]
MATTER_KINDS = [{"id": "budget", "name": "the budget"}, {"id": "policy", "name": "policy"}]

# Rules in which each way a seat's right can be decided occurs: by the list of voters, by
# class, by an exception (for every matter, or for some kinds), and by a condition on who the
# matter affects, alone or beside exceptions.
RULES: dict[str, dict[str, Any]] = {
    "all seats": MAJORITY,
    "a list": {**MAJORITY, "voters": ["cllr", "gp", "lay"]},
    "classes": {**MAJORITY, "voter_classes": ["member"]},
    "exceptions": {
        **MAJORITY,
        "exceptions": [
            {"seat": "clerk", "votes": False, "source": "6.2"},
            {"seat": "vol", "votes": "unspecified", "source": "6.3"},
        ],
    },
    "an exception by kind": {
        **MAJORITY,
        "exceptions": [{"seat": "gp", "votes": False, "matters": ["budget"], "source": "6.4"}],
    },
    "an exception by kind that agrees": {
        **MAJORITY,
        "exceptions": [
            {"seat": "gp", "votes": True, "matters": ["budget"], "note": "votes on the budget"}
        ],
    },
    "an exception by kind outside the list": {
        **MAJORITY,
        "voters": ["cllr", "lay"],
        "exceptions": [{"seat": "gp", "votes": True, "matters": ["policy"], "source": "6.4"}],
    },
    "a condition": {**MAJORITY, "condition": {"affected": ["any"]}},
    "a condition and exceptions": {
        **MAJORITY,
        "condition": {"affected": ["any"]},
        "exceptions": [
            {"seat": "lay", "votes": True, "source": "6.5"},
            {"seat": "clerk", "votes": False, "source": "6.6"},
            {"seat": "cllr", "votes": False, "matters": ["policy"], "source": "6.7"},
        ],
    },
}

MATTERS: list[dict[str, Any]] = [
    {},
    {"matter": "budget"},
    {"matter": "policy"},
    {"affects": ["council"]},
    {"affects": ["health", "lay"], "implementers": []},
    {"affects": [], "implementers": ["charity"]},
    {"affects": ["council"], "matter": "budget"},
]


def _trust(rule: dict[str, Any]) -> Trust:
    body = {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": rule}
    return builders.trust_of(body, partners=PARTNERS, matters=MATTER_KINDS)


def _said(answer: VotersAnswer) -> tuple[Any, ...]:
    return (
        answer.answer,
        answer.voters,
        answer.non_voters,
        answer.undetermined,
        answer.needs,
        answer.explanation,
    )


@pytest.mark.parametrize("rule", list(RULES))
def test_a_kept_trust_answers_every_matter_as_a_new_one_does(rule: str) -> None:
    """The matters asked in every order of two: a right kept from the first question that
    turned on its matter would answer the second wrongly."""
    kept = _trust(RULES[rule])
    for first, second in itertools.permutations(MATTERS, 2):
        for question in (first, second):
            fresh = govrules.voters(_trust(RULES[rule]), "board", **question)
            assert _said(govrules.voters(kept, "board", **question)) == _said(fresh), question


@pytest.mark.parametrize("rule", list(RULES))
def test_a_seat_held_to_one_right_has_it_whatever_the_matter(rule: str) -> None:
    trust = _trust(RULES[rule])
    body = trust.bodies[0]
    voting, _ = applicable_voting(trust, body, None)
    assert voting is not None
    exceptions = {e.seat: e for e in voting.exceptions}
    matters = [
        Matter(affects=a, implementers=i, kind=k)
        for a in (None, frozenset(), frozenset({"council"}), frozenset({"lay", "health"}))
        for i in (None, frozenset(), frozenset({"charity"}))
        for k in (None, "budget", "policy")
    ]
    moved = []
    for seat in body.seats:
        exc = exceptions.get(seat.id)
        placed = {seat_right(trust, voting, None, exc, seat, m, Reads()) for m in matters}
        if len(placed) > 1:
            moved.append(seat.id)
            # Placed as no matter is described (as the table is made), it says so.
            assert seat_right(trust, voting, None, exc, seat, Matter(), Reads()).on_matter, seat.id
    # Each rule that can turn on the matter does for some seat here, so the check bites.
    assert bool(moved) == (
        rule
        in {
            "an exception by kind",
            "an exception by kind that agrees",
            "a condition",
            "a condition and exceptions",
        }
    )


def test_the_seats_a_condition_reads_are_read_on_every_question() -> None:
    trust = _trust(RULES["a condition"])
    for _ in range(2):
        reads = Reads()
        seat_rights(
            trust, trust.bodies[0], None, Matter(affects=frozenset({"council"})), reads=reads
        )
        assert {"partners.council", "partners.health", "partners.charity"} <= set(reads.paths)


def _appeal() -> tuple[dict[str, Any], dict[str, Any]]:
    """A procedure ``appeal`` for the board, whose one step is a vote, and the board."""
    step = {"action": "vote", "vote": {**MAJORITY, "source": "7.1"}}
    proc = {"id": "appeal", "name": "Appeal", "source": "7", "steps": [step]}
    body = {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": MAJORITY}
    return {**proc, "applies_to": ["board"]}, body


def test_a_procedures_rule_read_under_another_reading_is_that_readings() -> None:
    """A reading of a procedure's voting step leaves the body itself untouched (the same
    object in both trusts): the rights kept with the body for the encoded step must not
    answer for the other."""
    proc, body = _appeal()
    trust = builders.trust_of(body, partners=PARTNERS, procedures=(proc,))
    path = voting_step_path(trust.procedures[0])
    assert path is not None
    other = replace(trust, path, {**MAJORITY, "source": "7.1", "voters": ["cllr"]})
    assert other.bodies[0] is trust.bodies[0]
    for _ in range(2):
        wide = govrules.voters(trust, "board", "appeal")
        narrow = govrules.voters(other, "board", "appeal")
        assert [r.seat for r in wide.voters] == ["cllr", "gp", "vol", "lay", "clerk"]
        assert [r.seat for r in narrow.voters] == ["cllr"]


def test_a_weight_read_under_another_reading_is_that_readings() -> None:
    """The weights kept with a body are the partners' of the trust asked."""
    body = {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": MAJORITY}
    trust = builders.trust_of(body, partners=PARTNERS)
    heavier = replace(trust, "partners.council.weight", 3)
    assert heavier.bodies[0] is trust.bodies[0]
    for _ in range(2):
        light = govrules.vote(trust, "board", for_=["cllr"], against=["gp", "vol"])
        heavy = govrules.vote(heavier, "board", for_=["cllr"], against=["gp", "vol"])
        assert isinstance(light, VoteAnswer) and isinstance(heavy, VoteAnswer)
        assert (light.answer, light.for_, light.against) == ("lost", 1, 2)
        assert (heavy.answer, heavy.for_, heavy.against) == ("carried", 3, 2)


def test_a_reading_of_a_partners_weight_is_weighed_by_a_vote() -> None:
    """A seat with no weight of its own carries its partner's: a gap read either way on the
    partner's weight touches every vote that seat takes part in (read as 3, the councillor's
    one vote for outweighs the two against)."""
    body = {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": MAJORITY}
    partners = ({**PARTNERS[0], "weight": 1}, *PARTNERS[1:])
    gap = builders.reading_gap("partners.council.weight", 3, "three votes")
    trust = builders.trust_of(body, partners=partners, gaps=[gap])
    got = govrules.vote(trust, "board", for_=["cllr"], against=["gp", "vol"])
    assert isinstance(got, VoteAnswer)
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]
    # Without the councillor, the weight is not read: the answer is the count's.
    got = govrules.vote(trust, "board", for_=["lay"], against=["gp", "vol"])
    assert got.answer == "lost" and got.readings == ()


def test_a_copy_with_another_procedure_for_the_same_rule_answers_with_its_own() -> None:
    """Two trusts share the body and the procedure's voting step, but one procedure is for
    budget matters only: the rights kept from one must not bring its procedure to the other."""
    proc, body = _appeal()
    trust = builders.trust_of(body, partners=PARTNERS, procedures=(proc,), matters=MATTER_KINDS)
    only = trust.procedures[0].model_copy(update={"matters": ("budget",)})
    budget_only = trust.model_copy(update={"procedures": (only,)})
    assert budget_only.bodies[0] is trust.bodies[0]
    assert only.steps[0].vote is trust.procedures[0].steps[0].vote
    for first, second in ((budget_only, trust), (trust, budget_only)):
        govrules.voters(first, "board", "appeal")
        if second is trust:
            assert (
                govrules.voters(second, "board", "appeal", matter="policy").answer == "determined"
            )
        else:
            with pytest.raises(govrules.QueryError, match="for matters of kind `budget`"):
                govrules.voters(second, "board", "appeal", matter="policy")
