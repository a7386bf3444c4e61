"""What a vote reads of the seats' rights: the members present's, where the base counts those
present alone; every seat's, where it is a share of every voting member. A reading of an
absent seat's right is weighed exactly where it can move the count."""

from __future__ import annotations

import random
from typing import Any

import builders
import pytest

import govrules
from govrules import VoteAnswer
from govrules.evaluating import voting

SEATS = [{"id": s, "title": s.upper()} for s in ("a", "b", "c", "d")]
PRESENT_BASES = ["votes-cast", "ballots-cast", "present", "everyone-present"]
# A majority of the votes cast; a tie fails.
CAST = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "casting_vote": "none",
    "source": "6.1",
}


def _board(**more: Any) -> dict[str, Any]:
    """The board of seats ``a`` to ``d``, with ``more`` of its fields."""
    return {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", **more}


def _trust(base: str, gap_subject: str, value: Any, **voting_more: Any) -> Any:
    # A tie fails: each reading's outcome is carried or lost.
    rule = {"threshold": {"more_than": "1/2"}, "base": base, "casting_vote": "none"}
    rule |= {"source": "6.1", **voting_more}
    body = {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": rule}
    gap = builders.reading_gap(gap_subject, value)
    return builders.trust_of(body, gaps=[gap])


def _d_votes_or_not(base: str) -> Any:
    """A board of four whose seat ``d`` votes as encoded; 9 reads that it does not."""
    exception = [{"seat": "d", "votes": True, "source": "6.2"}]
    return _trust(base, "board.voting.exceptions.d.votes", False, exceptions=exception)


def _vote(trust: Any, **question: Any) -> VoteAnswer:
    got = govrules.vote(trust, "board", **question)
    assert isinstance(got, VoteAnswer)
    return got


@pytest.mark.parametrize("base", PRESENT_BASES)
def test_an_absent_seats_right_is_not_weighed_where_the_base_counts_those_present(
    base: str,
) -> None:
    got = _vote(_d_votes_or_not(base), for_=["a", "b"], against=["c"])
    assert got.answer == "carried" and got.readings == ()
    assert not any("Recorded gap" in r.text for r in got.explanation)


@pytest.mark.parametrize("base", PRESENT_BASES)
def test_a_present_seats_right_is_weighed_whatever_the_base(base: str) -> None:
    got = _vote(_d_votes_or_not(base), for_=["a", "b"], against=["c", "d"])
    assert any("Recorded gap" in r.text for r in got.explanation)
    if base != "everyone-present":
        # ``d`` counted, 2 for and 2 against is a tie, which fails; not counted, 2 to 1.
        assert got.answer == "unspecified"
        assert sorted(r.answer for r in got.readings) == ["carried", "lost"]
    else:
        # Everyone present is the base either way: 2 of 4 is not more than half.
        assert got.answer == "lost"


def test_an_absent_seats_right_is_weighed_where_the_base_is_every_voting_member() -> None:
    """Two for, none against, ``d`` absent: of four voting members two is not more than half;
    of three (``d`` not voting) it is."""
    got = _vote(_d_votes_or_not("voting-members"), for_=["a", "b"])
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


def test_a_reading_that_adds_an_exception_for_a_present_seat_is_weighed() -> None:
    """The readings are of the whole list of exceptions: one gives ``c`` no vote, though ``c``
    has no exception as encoded."""
    trust = _trust("votes-cast", "board.voting.exceptions", [{"seat": "c", "votes": False}])
    got = _vote(trust, for_=["a"], against=["c"])
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


def _said(answer: VoteAnswer) -> tuple[Any, ...]:
    return (
        answer.answer,
        answer.effect,
        answer.binding,
        answer.tie,
        answer.for_,
        answer.against,
        answer.abstain,
        answer.base,
        answer.required,
        answer.needs,
    )


@pytest.mark.parametrize("name", ["cumbria", "durham", "rutland", "suffolk", "wirral"])
def test_reading_the_members_present_alone_answers_as_reading_every_seat(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every body of a bundled trust, random votes: the answer read from the seats present
    is the answer read from every seat (the outcome, its effect and its numbers)."""
    trust = govrules.load(name)
    rng = random.Random(name)
    questions = []
    for body in trust.bodies:
        places = [s.id for s in body.seats for _ in range(s.count)]
        for _ in range(12 if places else 0):
            present = rng.sample(places, rng.randint(1, len(places)))
            split: tuple[list[str], list[str], list[str]] = ([], [], [])
            for seat in present:
                split[rng.choices((0, 1, 2), weights=(5, 4, 1))[0]].append(seat)
            questions.append((body.id, *split))
    assert questions

    def ask() -> list[tuple[Any, ...]]:
        out = []
        for body_id, for_, against, abstain in questions:
            try:
                got = govrules.vote(trust, body_id, for_=for_, against=against, abstain=abstain)
            except govrules.QueryError as exc:
                out.append(("refused", str(exc)))
                continue
            assert isinstance(got, VoteAnswer)
            out.append(_said(got))
        return out

    precise = ask()
    monkeypatch.setattr(voting, "_COUNTS_PRESENT", frozenset())  # every base reads every seat
    assert precise == ask()


def test_a_reading_of_which_seat_chairs_is_weighed_where_the_chairs_vote_is_required() -> None:
    """A resolution needs the chair's vote for; ``a`` chairs as encoded, ``b`` under 9. With
    ``b`` and ``c`` for and ``d`` against, it is lost if ``a`` chairs, carried if ``b`` does."""
    rule = {**CAST, "must_include": [{"office": "chair", "source": "6.2"}]}
    body = _board(chair={"seat": "a", "selection": "ex-officio", "source": "3"}, voting=rule)
    gap = builders.reading_gap("board.chair.seat", "b", "b chairs")
    got = _vote(builders.trust_of(body, gaps=[gap]), for_=["b", "c"], against=["d"])
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


def test_a_requirement_of_each_partners_vote_reads_every_seats_right() -> None:
    """Each partner with a vote must vote for. ``d`` (of partner ``q``) is absent: if it
    votes, ``q`` has not voted for and the resolution is lost; under 9 it has no vote, so
    ``q`` is not among the partners counted and it carries."""
    partners = (
        {"id": "p", "name": "P", "kind": "council"},
        {"id": "q", "name": "Q", "kind": "council"},
    )
    seats = [
        {"id": "a", "title": "A", "partner": "p"},
        {"id": "b", "title": "B", "partner": "p"},
        {"id": "d", "title": "D", "partner": "q"},
    ]
    rule = {
        **CAST,
        "must_include": [{"each_partner_of_kind": "council", "source": "6.2"}],
        "exceptions": [{"seat": "d", "votes": True, "source": "6.3"}],
    }
    body = {"id": "board", "name": "The Board", "seats": seats, "source": "2", "voting": rule}
    gap = builders.reading_gap("board.voting.exceptions.d.votes", False, "no vote")
    kinds = [{"id": "council", "name": "council", "source": "1"}]
    trust = builders.trust_of(body, partners=partners, gaps=[gap], partner_kinds=kinds)
    got = _vote(trust, for_=["a", "b"])
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


# Suffolk Appendix A 3.2.1 gives the schools no number of places: two as encoded, one or
# three as read. Facts that fit three places only are answered under that reading.
THREE_SCHOOLS = (("strategic-board.seats.schools.count", 3),)


def _only_three_places(answer: Any) -> None:
    assert answer.readings and all(r.values[:1] == THREE_SCHOOLS for r in answer.readings)
    assert any("the question cannot be asked" in r.text for r in answer.explanation)


def test_a_vote_of_three_school_representatives_is_answered_under_three_places() -> None:
    trust = govrules.load("suffolk")
    got = govrules.vote(
        trust, "strategic-board", for_=["schools"] * 3 + ["vcs"], against=["director-cyp"]
    )
    _only_three_places(got)


def test_ballots_a_reading_of_the_places_refuses_are_checked_once_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The ballots read only the places: where a reading of them refuses the ballots, the
    # refusal is shared by every other reading with it (Reads.shared), as a value is.
    checked: list[object] = []
    real = voting._ballots

    def counted(*args: Any, **kwargs: Any) -> Any:
        checked.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(voting, "_ballots", counted)
    trust = govrules.load("suffolk")
    got = govrules.vote(
        trust, "strategic-board", for_=["schools"] * 3 + ["vcs"], against=["director-cyp"]
    )
    _only_three_places(got)
    assert len(checked) == 3  # once for each reading of the places, two of them refusing


@pytest.mark.parametrize("question", ["quorum", "voters", "vote"])
def test_three_school_places_named_vacant_are_answered_under_three_places(question: str) -> None:
    trust = govrules.load("suffolk")
    vacant = ["schools"] * 3
    if question == "quorum":
        got: Any = govrules.quorum(trust, "strategic-board", count=5, vacant=vacant)
    elif question == "voters":
        got = govrules.voters(trust, "strategic-board", vacant=vacant)
    else:
        got = govrules.vote(
            trust, "strategic-board", for_=["vcs"], against=["fe-college"], vacant=vacant
        )
    _only_three_places(got)


# --- what asking under a procedure reads of it ----------------------------------------------


def _with_procedure(gap_subject: str, value: Any, **proc_more: Any) -> Any:
    step = {"action": "vote", "vote": {"threshold": {"more_than": "1/2"}, "base": "votes-cast"}}
    proc = {
        "id": "appeal",
        "name": "Appeal",
        "source": "7",
        "steps": [{"action": "discuss"}, {**step, "source": "7.2"}],
        "final_arbiter": "board",
        **proc_more,
    }
    rule = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6.1"}
    bodies = [
        {"id": "board", "name": "The Board", "seats": SEATS, "source": "2", "voting": rule},
        {"id": "panel", "name": "The Panel", "seats": SEATS[:2], "source": "3"},
    ]
    gap = builders.reading_gap(gap_subject, value)
    return builders.trust_of(*bodies, procedures=(proc,), gaps=[gap])


def test_a_reading_that_makes_a_procedure_apply_is_weighed_by_escalate() -> None:
    trust = _with_procedure("appeal.applies_to", ["panel"], applies_to=["board"])
    got = govrules.escalate(trust, "panel")
    assert [r.answer for r in got.readings] == ["unspecified", "determined"]


def test_a_reading_that_leaves_a_procedure_to_be_developed_is_weighed_by_escalate() -> None:
    trust = _with_procedure("appeal.status", "to-be-developed", applies_to=["panel"])
    got = govrules.escalate(trust, "panel")
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["determined", "unspecified"]


def test_a_reading_that_gives_an_earlier_step_the_vote_is_weighed_by_a_vote() -> None:
    """The first step with a vote rules; under 9 the discussion is itself a unanimous vote."""
    unanimous = {"threshold": {"unanimous": True}, "base": "votes-cast"}
    trust = _with_procedure("appeal.steps.0.vote", unanimous, applies_to=["board"])
    got = _vote(trust, for_=["a", "b", "c"], against=["d"], procedure="appeal")
    assert got.answer == "unspecified"
    assert sorted(r.answer for r in got.readings) == ["carried", "lost"]


def test_a_reading_that_makes_a_procedure_apply_is_weighed_by_a_vote() -> None:
    trust = _with_procedure("appeal.applies_to", ["board"], applies_to=["panel"])
    got = _vote(trust, for_=["a", "b", "c"], against=["d"], procedure="appeal")
    assert [r.answer for r in got.readings] == ["carried"]
    assert any("the question cannot be asked" in r.text for r in got.explanation)


# --- kinds of matter a reading adds ----------------------------------------------------------


def _budget_reading(subject: str, value: Any) -> Any:
    rule = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "casting_vote": "none"}
    body = _board(quorum={"number": 2, "source": "5"}, voting={**rule, "source": "6.1"})
    gap = builders.reading_gap(subject, value, "budget matters differ")
    matters = [{"id": "budget", "name": "the budget"}]
    return builders.trust_of(body, gaps=[gap], matters=matters)


def test_a_kind_of_matter_a_reading_treats_differently_is_asked_about_by_a_vote() -> None:
    """Under 9, a budget resolution needs every vote: 3 to 1 carries it only as encoded, so
    without the kind of matter the answer is incomplete, and on the budget unsettled."""
    unanimous = [{"matters": ["budget"], "threshold": {"unanimous": True}}]
    trust = _budget_reading("board.voting.by_matter", unanimous)
    got = _vote(trust, for_=["a", "b", "c"], against=["d"])
    assert got.answer == "incomplete" and "--matter" in got.needs
    assert _vote(trust, for_=["a", "b", "c"], against=["d"], matter="budget").answer == (
        "unspecified"
    )
    assert _vote(trust, for_=["a", "b", "c"], against=["d"], matter="none").answer == "carried"


def test_a_kind_of_matter_a_reading_treats_differently_is_asked_about_by_a_quorum() -> None:
    trust = _budget_reading("board.quorum.by_matter", [{"matters": ["budget"], "number": 4}])
    got = govrules.quorum(trust, "board", count=3)
    assert got.answer == "incomplete" and "--matter" in got.needs
    assert govrules.quorum(trust, "board", count=3, matter="budget").answer == "unspecified"
    assert govrules.quorum(trust, "board", count=3, matter="none").answer == "quorate"


def test_a_partner_a_reading_adds_may_be_named_as_affected() -> None:
    """As encoded the trust has one partner, ``p``; 9 reads a second, ``q``, into it. A matter
    affecting ``q`` is refused as encoded and answered under the reading."""
    partners = ({"id": "p", "name": "P"},)
    gap = builders.reading_gap("partners", [{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}])
    rule = {**CAST, "condition": {"affected": ["any"]}}
    seats = [{"id": "a", "title": "A", "partner": "p"}, {"id": "b", "title": "B"}]
    body = {"id": "board", "name": "The Board", "seats": seats, "source": "2", "voting": rule}
    trust = builders.trust_of(body, partners=partners, gaps=[gap])
    with pytest.raises(govrules.QueryError):
        govrules.voters(builders.trust_of(body, partners=partners), "board", affects=["q"])
    got = govrules.voters(trust, "board", affects=["q"])
    assert [dict(r.values) for r in got.readings] == [{"partners": gap["readings"][0]["value"]}]
    assert any("the question cannot be asked" in r.text for r in got.explanation)


# --- found in review -------------------------------------------------------------------------

BUDGET = [{"id": "budget", "name": "the budget"}]
UNANIMOUS_ON_BUDGET = [{"matters": ["budget"], "threshold": {"unanimous": True}}]


def _board_and_appeal(*steps: dict[str, Any], applies_to: list[str]) -> tuple[Any, ...]:
    board = {
        "id": "board",
        "name": "The Board",
        "seats": SEATS,
        "source": "2",
        "quorum": {"number": 2, "source": "5"},
        "voting": CAST,
    }
    panel = {"id": "panel", "name": "The Panel", "seats": SEATS[:2], "source": "3"}
    proc = {
        "id": "appeal",
        "name": "Appeal",
        "source": "7",
        "applies_to": applies_to,
        "final_arbiter": "board",
        "steps": list(steps),
    }
    return board, panel, proc


def test_a_procedure_applying_under_a_reading_asks_the_kind_its_step_treats_apart() -> None:
    """The appeal applies to the board only under 9; its vote needs every vote on the
    budget. A 3-1 vote that does not say its kind is incomplete, not carried."""
    vote = {**CAST, "by_matter": UNANIMOUS_ON_BUDGET}
    board, panel, proc = _board_and_appeal(
        {"action": "vote", "vote": vote, "source": "7.2"}, applies_to=["panel"]
    )
    gap = builders.reading_gap("appeal.applies_to", ["board"], "the board too")
    trust = builders.trust_of(board, panel, procedures=(proc,), gaps=[gap], matters=BUDGET)
    got = _vote(trust, for_=["a", "b", "c"], against=["d"], procedure="appeal")
    assert got.answer == "incomplete" and "--matter" in got.needs


def test_a_kind_only_a_combination_of_readings_treats_apart_leaves_the_vote_incomplete() -> None:
    """Under 9 the first step votes no more, so the second rules; under 10 the second needs
    every vote on the budget. Only both together treat the budget apart."""
    board, _, proc = _board_and_appeal(
        {"action": "vote", "vote": CAST, "source": "7.1"},
        {"action": "vote", "vote": CAST, "source": "7.2"},
        applies_to=["board"],
    )
    gaps = [
        builders.reading_gap("appeal.steps.0.vote", None, "the first step is no vote"),
        builders.reading_gap("appeal.steps.1.vote.by_matter", UNANIMOUS_ON_BUDGET),
    ]
    trust = builders.trust_of(board, procedures=(proc,), gaps=gaps, matters=BUDGET)
    got = _vote(trust, for_=["a", "b", "c"], against=["d"], procedure="appeal")
    assert got.answer == "incomplete" and "--matter" in got.needs


def test_invalid_ballots_a_reading_of_a_weight_admits_are_answered_under_it() -> None:
    """``p`` (of partner ``pp``) is present and neither votes nor abstains: as encoded it
    carries one vote, too few for two invalid ballots; read as three, enough."""
    seats = [*SEATS[:2], {"id": "p", "title": "P", "partner": "pp"}]
    rule = {**CAST, "base": "ballots-cast"}
    body = {"id": "board", "name": "The Board", "seats": seats, "source": "2", "voting": rule}
    gap = builders.reading_gap("partners.pp.weight", 3, "three votes")
    partners = ({"id": "pp", "name": "PP", "weight": 1},)
    trust = builders.trust_of(body, partners=partners, gaps=[gap])
    got = _vote(trust, for_=["a"], against=["b"], present=["a", "b", "p"], invalid=2)
    assert got.answer == "lost"
    assert any("the question cannot be asked" in r.text for r in got.explanation)


def test_a_weight_the_file_cannot_express_leaves_a_vote_unsettled() -> None:
    seats = [*SEATS[:2], {"id": "p", "title": "P", "partner": "pp"}]
    body = {"id": "board", "name": "The Board", "seats": seats, "source": "2", "voting": CAST}
    gap = {
        "subject": "partners.pp.weight",
        "kind": "not-encoded",
        "note": "Weighted by population.",
        "source": {"clause": "9"},
    }
    trust = builders.trust_of(body, partners=({"id": "pp", "name": "PP"},), gaps=[gap])
    assert _vote(trust, for_=["p"], against=["a"]).answer == "unspecified"
    assert _vote(trust, for_=["b"], against=["a"]).answer == "lost"  # p absent: not read


def test_too_many_combinations_are_refused_before_any_is_made() -> None:
    """Thirty exceptions each read either way: 2^30 combinations, counted, not listed."""
    seats = [{"id": f"s{i}", "title": f"S{i}"} for i in range(30)]
    exceptions = [{"seat": s["id"], "votes": True} for s in seats]
    rule = {**CAST, "base": "voting-members", "exceptions": exceptions}
    body = {"id": "board", "name": "The Board", "seats": seats, "source": "2", "voting": rule}
    gaps = [builders.reading_gap(f"board.voting.exceptions.s{i}.votes", False) for i in range(30)]
    got = _vote(builders.trust_of(body, gaps=gaps), for_=["s0", "s1"], against=["s2"])
    assert got.answer == "unspecified"
    assert any("1073741824 combinations" in r.text for r in got.explanation)


def test_a_quorum_kind_only_a_combination_of_readings_brings_leaves_it_incomplete() -> None:
    """Under 9 the quorum is more than half of the voting seats; under 10 ``d`` has no vote on
    the budget. Only both together make a budget quorum differ (two of three voting seats,
    not three of four), so a count of two that does not say its kind is incomplete."""
    rule = {**CAST, "exceptions": []}
    body = _board(quorum={"more_than": "1/2", "of": "seats", "source": "5"}, voting=rule)
    gaps = [
        builders.reading_gap("board.quorum.of", "voting-seats", "of the voting seats"),
        builders.reading_gap(
            "board.voting.exceptions", [{"seat": "d", "votes": False, "matters": ["budget"]}]
        ),
    ]
    trust = builders.trust_of(body, gaps=gaps, matters=BUDGET)
    got = govrules.quorum(trust, "board", count=2)
    assert got.answer == "incomplete" and "--matter" in got.needs
    # On the budget, under both readings only the three voting seats count, and a count of
    # two does not say whether `d` was among them.
    budget = govrules.quorum(trust, "board", count=2, matter="budget")
    assert (budget.answer, budget.needs) == ("incomplete", ("--present",))
    assert {r.answer for r in budget.readings} == {"inquorate", "incomplete"}


@pytest.mark.parametrize(
    ("base", "quorum", "said"),
    [
        ("present", 2, "the votes needed counts those present"),
        ("votes-cast", 3, "the quorum counts those present"),
        ("present", 3, "the votes needed and the quorum count those present"),
        ("votes-cast", 2, None),  # neither turns on who else attended
    ],
)
def test_a_vote_says_when_it_takes_only_the_voters_as_present(
    base: str, quorum: int, said: str | None
) -> None:
    # No one given as present: those who voted are taken to be all who were (the public
    # contract's default), and the answer says so where more present could change it.
    rule = {**CAST, "base": base}
    trust = builders.trust_of(_board(voting=rule, quorum={"number": quorum, "source": "5"}))
    got = _vote(trust, for_=["a"], against=["b"], abstain=[])
    lines = [r.text for r in got.explanation if "taken to be all who were" in r.text]
    assert lines == ([] if said is None else [lines[0]])
    if said is not None:
        assert said in lines[0]
    # Given, nothing is assumed.
    given = _vote(trust, for_=["a"], against=["b"], present=["a", "b", "c"])
    assert not [r for r in given.explanation if "taken to be all who were" in r.text]


@pytest.mark.parametrize(
    ("question", "answer", "needs"),
    [
        ({}, "incomplete", ("--vacant",)),  # 4 to 6 voting members: 3 or 4 votes needed
        ({"vacant": ["co-opted", "co-opted"]}, "carried", ()),  # 3 of 4
        ({"vacancies": 0}, "lost", ()),  # 3 of 6 is not more than half
        ({"abstain": ["co-opted"]}, "incomplete", ("--vacant",)),  # 5 or 6 members
        ({"abstain": ["co-opted", "co-opted"]}, "lost", ()),  # both co-opted: 6
    ],
)
def test_a_share_of_every_voting_member_counts_only_up_to_places_filled(
    question: dict[str, Any], answer: str, needs: tuple[str, ...]
) -> None:
    # "More than half of all voting members", with up to two co-opted voting members.
    seats = [{"id": "m", "title": "M", "count": 4}, {"id": "co-opted", "title": "C", "count": 2,
             "up_to": True}]  # fmt: skip
    rule = {**CAST, "base": "voting-members"}
    trust = builders.trust_of({"id": "board", "name": "B", "seats": seats, "voting": rule})
    got = _vote(trust, **{"for_": ["m", "m", "m"], **question})
    assert (got.answer, got.needs) == (answer, needs)


def test_a_fact_one_reading_lacks_is_asked_for_where_the_others_differ_only_in_effect() -> None:
    # Half the members in office must attend (a reading: five; another: two), and a decision
    # made inquorate is void. Three attend of eight places, and the motion is carried 2-1:
    # under five it is void, under two it binds, as encoded it turns on the vacancies. Carried
    # under every reading, whether it binds open: the vacancies still settle the outcome.
    quorum = {"at_least": "1/2", "of": "filled-seats", "inquorate_decisions": "void", "source": "1"}
    gap = builders.reading_gap("board.quorum", {**quorum, "number": 5, "of": "seats"})
    gap["readings"].append({"value": {**quorum, "number": 2, "of": "seats"}, "note": "two"})
    for reading in gap["readings"]:
        del reading["value"]["at_least"]
    seats = [{"id": "a", "title": "A", "count": 4}, {"id": "b", "title": "B", "count": 4}]
    body = {"id": "board", "name": "B", "seats": seats, "quorum": quorum, "voting": CAST}
    trust = builders.trust_of(body, gaps=[gap])
    got = _vote(trust, for_=["a", "a"], against=["b"], present=["a", "a", "b"])
    assert sorted(r.answer for r in got.readings) == ["carried", "carried", "incomplete"]
    assert (got.answer, got.needs) == ("incomplete", ("--vacancies",))
    settled = _vote(trust, for_=["a", "a"], against=["b"], present=["a", "a", "b"], vacancies=0)
    assert (settled.answer, settled.effect) == ("carried", "unspecified")
