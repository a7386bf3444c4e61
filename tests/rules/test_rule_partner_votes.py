"""Votes counted by partner (``votes_by: partner``): "A partner votes if the decision to be
made directly affects the partner's statutory duty, powers or finances" (Rutland Appendix A
(e), Durham 9.5 (e)) read as one vote for each partner organisation, however many seats it
has. Who may vote is still decided seat by seat; only the count groups the seats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import reading_gap, trust_of

import govrules
from govrules import VoteAnswer

PARTNERS = tuple(
    {"id": p, "name": p.upper(), "source": "2"} for p in ("nhs", "police", "council", "schools")
)
# Two NHS seats, two council seats, one police, one schools; `lay` and `lay2` have no partner;
# `obs` attends without a vote.
SEATS = (
    ("n1", "nhs"),
    ("n2", "nhs"),
    ("p1", "police"),
    ("c1", "council"),
    ("c2", "council"),
    ("s1", "schools"),
    ("lay", None),
    ("lay2", None),
    ("obs", None),
)
BY_PARTNER = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "votes_by": "partner",
    "casting_vote": "none",
    "exceptions": [{"seat": "obs", "votes": False, "source": "5.2"}],
    "source": "5.1",
}


def board(**voting: Any) -> dict[str, Any]:
    return {
        "id": "board",
        "name": "The Board",
        "source": "1",
        "seats": [{"id": s, "title": s.upper(), **({"partner": p} if p else {})} for s, p in SEATS],
        "quorum": {"number": 2, "source": "4"},
        "voting": {**BY_PARTNER, **voting},
    }


def ask(body: dict[str, Any] | None = None, **question: Any) -> VoteAnswer:
    return govrules.vote(trust_of(body or board(), partners=PARTNERS), "board", **question)


def counted(answer: VoteAnswer) -> str:
    (line,) = [r.text for r in answer.explanation if r.text.startswith("Counted votes")]
    return line


# --- the count ------------------------------------------------------------------------------


def test_a_partner_with_two_seats_casts_one_vote_so_a_tie_of_seats_carries() -> None:
    # By seat, 2-2 and no casting vote: lost. By partner, the council is one vote: 2-1.
    question = {"for_": ["p1", "lay"], "against": ["c1", "c2"]}
    answer = ask(**question)
    assert (answer.answer, answer.for_, answer.against, answer.base) == ("carried", 2, 1, 3)
    assert counted(answer) == (
        "Counted votes, one per partner (each member of a seat with no partner voting for "
        "themselves): 2 for, 1 against, 0 abstaining; 2 of 3 needed."
    )
    by_seat = ask(board(votes_by="seat"), **question)
    assert (by_seat.answer, by_seat.for_, by_seat.against) == ("lost", 2, 2)
    assert counted(by_seat).startswith("Counted votes: 2 for, 2 against")


def test_a_partner_with_two_seats_casts_one_vote_so_a_tie_of_seats_is_lost() -> None:
    answer = ask(for_=["n1", "n2"], against=["p1", "lay"])
    assert (answer.answer, answer.for_, answer.against, answer.base) == ("lost", 1, 2, 3)


def test_a_partner_voting_both_ways_leaves_the_outcome_unsettled() -> None:
    answer = ask(for_=["n1", "p1", "c1"], against=["n2"])
    assert answer.answer == "unspecified"
    assert (answer.for_, answer.against) == (2, 0)  # the NHS's vote is not counted either way
    (why,) = [r for r in answer.explanation if r.text.startswith("The outcome is not settled")]
    assert why.text == (
        "The outcome is not settled: the representatives of `nhs` voted both ways, and the "
        "MoU does not say how a partner casts its one vote."
    )
    assert why.source is not None and why.source.clause == "5.1"


def test_a_representative_abstaining_beside_one_voting_leaves_the_partners_vote_cast() -> None:
    answer = ask(for_=["n1"], against=["p1"], abstain=["n2", "lay"])
    # NHS for (n2 casts nothing), police against, `lay` abstains: 1-1, no casting vote.
    assert (answer.answer, answer.for_, answer.against, answer.abstain) == ("lost", 1, 1, 1)


def test_each_seat_with_no_partner_is_a_unit_of_its_own() -> None:
    answer = ask(for_=["lay", "lay2"], against=["c1", "c2"])
    assert (answer.answer, answer.for_, answer.against) == ("carried", 2, 1)


def test_a_seat_named_like_a_partner_is_not_that_partner() -> None:
    seats = [*board()["seats"], {"id": "police", "title": "Police observer"}]
    answer = ask({**board(), "seats": seats}, for_=["police"], against=["p1"])
    assert (answer.for_, answer.against) == (1, 1)


# For n1, n2, p1 (NHS and police); against c1 (council); `lay` abstains; `obs` attends without
# a vote; the schools' seat and `lay2` are not there.
@pytest.mark.parametrize(
    ("base", "units", "outcome"),
    [
        ("votes-cast", 3, "carried"),  # NHS, police, council
        ("ballots-cast", 4, "lost"),  # and `lay`, abstaining
        ("present", 4, "lost"),  # the voting units present
        ("everyone-present", 5, "lost"),  # and `obs`
        ("voting-members", 6, "lost"),  # every unit with a vote: and the schools and `lay2`
    ],
)
def test_every_base_counts_partners(base: str, units: int, outcome: str) -> None:
    answer = ask(
        board(base=base),
        for_=["n1", "n2", "p1"],
        against=["c1"],
        abstain=["lay"],
        present=["n1", "n2", "p1", "c1", "lay", "obs"],
    )
    assert (answer.answer, answer.for_, answer.against, answer.base) == (outcome, 2, 1, units)


def test_those_present_without_a_vote_do_not_make_a_partner_present() -> None:
    answer = ask(
        board(base="present"),
        for_=["n1", "p1"],
        against=["lay"],
        present=["n1", "p1", "lay", "c1"],
        without_vote=["c1"],
    )
    assert (answer.answer, answer.base) == ("carried", 3)


def test_spoilt_ballots_cannot_be_put_to_a_partner() -> None:
    answer = ask(
        board(base="ballots-cast"),
        for_=["n1", "p1"],
        against=["lay"],
        present=["n1", "p1", "lay", "c1"],
        invalid=1,
    )
    assert answer.answer == "unspecified"
    assert any(
        "spoilt ballots given cannot be put to a partner" in r.text for r in answer.explanation
    )


def test_a_tie_of_partners_goes_to_the_casting_vote() -> None:
    answer = ask(
        board(casting_vote="chair-has"), for_=["n1", "n2"], against=["c1", "c2"], chair_casts="for"
    )
    assert (answer.answer, answer.tie, answer.for_, answer.against) == (
        "carried",
        "casting-vote",
        1,
        1,
    )


# --- weighted votes -------------------------------------------------------------------------

WEIGHTED = """\
id: t
name: T
document: {title: T}
partners:
  - {id: nhs, name: NHS, weight: 2, source: "2"}
  - {id: police, name: Police, source: "2"}
bodies:
  - id: board
    name: The Board
    source: "1"
    seats:
      - {id: n1, title: N1, partner: nhs}
      - {id: p1, title: P1, partner: police}
    voting:
      threshold: {more_than: 1/2}
      base: votes-cast
      votes_by: partner
      source: "5.1"
"""


def _gr222(tmp_path: Path, text: str) -> list[tuple[int | None, int | None, str, str | None]]:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return [
        (f.line, f.column, f.text, f.hint)
        for f in govrules.validate(path).findings
        if f.code == "GR222" and f.severity == "error"
    ]


def test_validate_refuses_votes_by_partner_where_votes_are_weighted(tmp_path: Path) -> None:
    assert _gr222(tmp_path, WEIGHTED) == [
        (
            17,
            7,
            "the vote at `board.voting` counts votes by partner, but seats of `board` carry "
            "weighted votes: how a weighted partner casts its one vote is not defined",
            "remove the weights, or count the votes by seat (`votes_by: seat`)",
        )
    ]
    assert _gr222(tmp_path, WEIGHTED.replace(", weight: 2", "")) == []


def test_validate_refuses_a_reading_by_partner_where_votes_are_weighted(tmp_path: Path) -> None:
    text = WEIGHTED.replace("      votes_by: partner\n", "") + (
        "gaps:\n"
        "  - kind: ambiguous\n"
        "    subject: board.voting.votes_by\n"
        "    note: Read either way.\n"
        '    source: "5.1"\n'
        "    readings: [{value: partner}]\n"
    )
    ((line, column, message, _),) = _gr222(tmp_path, text)
    assert (line, column) == (23, 17)  # the reading's value
    assert message.startswith(
        'under the reading board.voting.votes_by = "partner": the vote at `board.voting` '
        "counts votes by partner"
    )


def test_a_weighted_vote_by_partner_is_not_counted_as_if_unweighted() -> None:
    weighted = tuple({**p, "weight": 3} if p["id"] == "nhs" else p for p in PARTNERS)
    answer = govrules.vote(
        trust_of(board(), partners=weighted), "board", for_=["n1"], against=["p1", "lay"]
    )
    assert answer.answer == "unspecified"
    assert any("carry weighted votes" in r.text and "GR222" in r.text for r in answer.explanation)


# --- readings: the text read both ways ------------------------------------------------------


def test_a_reading_by_partner_unsettles_only_the_votes_it_changes() -> None:
    by_seat = board(votes_by="seat")
    gap = reading_gap("board.voting.votes_by", "partner", "one vote for each partner")
    trust = trust_of(by_seat, partners=PARTNERS, gaps=[gap])
    differ = govrules.vote(trust, "board", for_=["p1", "lay"], against=["c1", "c2"])
    assert differ.answer == "unspecified"
    assert {
        dict(r.values).get("board.voting.votes_by", "seat"): r.answer for r in differ.readings
    } == {
        "seat": "lost",
        "partner": "carried",
    }
    agree = govrules.vote(trust, "board", for_=["p1", "n1"], against=["c1"])
    assert agree.answer == "carried"
    assert len(agree.readings) == 2


# --- diff and show --------------------------------------------------------------------------


def test_diff_compares_whose_vote_is_one_vote() -> None:
    old = trust_of(board(votes_by="seat"), partners=PARTNERS)
    new = trust_of(board(), partners=PARTNERS)
    ((kind, before, after),) = [
        (c.kind, c.before, c.after) for c in govrules.diff(old, new).changes
    ]
    assert (kind, before, after) == (
        "voting-rule-changed",
        "one vote for each member in a seat with a vote",
        "one vote for each partner organisation (each member of a seat with no partner votes "
        "for themselves)",
    )


def test_diff_compares_whose_vote_is_one_vote_at_a_procedures_step() -> None:
    def trust(votes_by: str) -> govrules.Trust:
        step = {
            "action": "Vote",
            "source": "9",
            "vote": {**BY_PARTNER, "exceptions": [], "votes_by": votes_by},
        }
        proc = {"id": "p", "name": "P", "applies_to": ["board"], "steps": [step], "source": "9"}
        return trust_of(board(), partners=PARTNERS, procedures=(proc,))

    changes = govrules.diff(trust("seat"), trust("partner")).changes
    assert len(changes) == 1
    assert changes[0].text == (
        "Step 1 of the P procedure: whose vote is one vote from one vote for each member in a "
        "seat with a vote to one vote for each partner organisation (each member of a seat with "
        "no partner votes for themselves)."
    )


def test_show_says_votes_are_counted_by_partner() -> None:
    said = (
        "Votes are counted one per partner organisation: its representatives present cast its "
        "one vote between them (each member of a seat with no partner votes for themselves)."
    )
    shown = govrules.show(trust_of(board(), partners=PARTNERS)).to_dict()
    assert said in shown["bodies"][0]["voting"]["text"]
    by_seat = govrules.show(trust_of(board(votes_by="seat"), partners=PARTNERS)).to_dict()
    assert "one per partner" not in by_seat["bodies"][0]["voting"]["text"]


# --- Rutland and Durham ---------------------------------------------------------------------

VOTES_BY = "conflict-resolution.steps.4.vote.votes_by"
RUTLAND_MATTER = {
    "procedure": "conflict-resolution",
    "affects": ["nhs-pct", "police", "schools", "youth-offending-service", "probation-trust"],
    "implementers": [],
}


def test_rutland_a_vote_carried_by_seats_and_lost_by_partners_is_not_settled() -> None:
    # Appendix A (e): "A partner votes if the decision to be made directly affects the
    # partner's statutory duty, powers or finances". The NHS's two directors and the two
    # schools' representatives for; police, youth offending and probation against.
    answer = govrules.vote(
        govrules.load("rutland"),
        "board",
        for_=["nhs-provider-services", "nhs-commissioning-services", "schools", "schools"],
        against=["deputy-chief-constable", "youth-offending-service", "probation-trust"],
        **RUTLAND_MATTER,
    )
    assert answer.answer == "unspecified"
    told = {
        dict(r.values).get(VOTES_BY, "seat"): (r.answer, dict(r.facts)) for r in answer.readings
    }
    seat, partner = told["seat"], told["partner"]
    assert (seat[0], seat[1]["for"], seat[1]["against"]) == ("carried", 4, 3)
    assert (partner[0], partner[1]["for"], partner[1]["against"]) == ("lost", 2, 3)


def test_rutland_a_vote_both_counts_carry_stays_carried() -> None:
    answer = govrules.vote(
        govrules.load("rutland"),
        "board",
        for_=["nhs-provider-services", "nhs-commissioning-services", "schools"],
        against=["youth-offending-service"],
        **RUTLAND_MATTER,
    )
    assert answer.answer == "carried"
    assert {dict(r.values).get(VOTES_BY, "seat") for r in answer.readings} == {"seat", "partner"}


def test_durham_the_csas_two_seats_against_one_partner_tie_by_partner() -> None:
    # 9.5 (e): the CSA's Director and Lead Member for, the NHS against: 2-1 by seat, a tie
    # by partner, which the Chair's casting vote (9.5 (f)) decides.
    answer = govrules.vote(
        govrules.load("durham"),
        "executive-board",
        procedure="conflict-resolution",
        affects=["csa", "nhs"],
        implementers=[],
        for_=["dcyps", "lead-member"],
        against=["nhs-county-durham"],
    )
    assert answer.answer == "unspecified"
    assert {dict(r.values).get(VOTES_BY, "seat"): r.answer for r in answer.readings} == {
        "seat": "carried",
        "partner": "tied",
    }


def test_each_member_of_a_seat_with_no_partner_votes_for_themselves() -> None:
    # Durham's Executive Board seats the chairs of the five Local Children's Boards in one seat
    # with no partner: five people, not one partner's representatives. Two chairs for; the
    # Director, the Lead Member (both the CSA) and the NHS against: lost 2-3 by seat; by
    # partner 2-2 (the two chairs, and the CSA and the NHS), a tie awaiting the casting vote.
    a = govrules.vote(
        govrules.load("durham"),
        "executive-board",
        procedure="conflict-resolution",
        affects=["csa", "nhs", "lcb-chair"],
        implementers=[],
        for_=["lcb-chair", "lcb-chair"],
        against=["dcyps", "lead-member", "nhs-county-durham"],
    )
    assert a.answer == "unspecified"
    by = {dict(r.values).get("conflict-resolution.steps.4.vote.votes_by"): r for r in a.readings}
    assert (by[None].answer, by["partner"].answer) == ("lost", "tied")  # None: as encoded
    # Chairs voting both ways are two people voting, not a partner split.
    split = govrules.vote(
        govrules.load("durham"),
        "executive-board",
        procedure="conflict-resolution",
        affects=["csa", "nhs", "lcb-chair"],
        implementers=[],
        for_=["lcb-chair", "dcyps", "lead-member", "nhs-county-durham"],
        against=["lcb-chair"],
    )
    assert split.answer == "carried"
    assert not [r for r in split.explanation if "voted both ways" in r.text]
