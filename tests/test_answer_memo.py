"""Values derived from an immutable trust are kept with it, and only with it.

Look-ups (``Trust.body``, ``Body.members_total``) and answers to quorum and voters questions are
kept on the model they were computed from. A kept answer is exactly the answer computed afresh; a
question that is refused is refused every time; a copy made with other values, or another trust,
never inherits them.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from builders import one_body_trust

import govrules
from govrules import QueryError
from govrules.loader import bundled_names, bundled_path
from govrules.quorate import MEMO_PER_BODY, _quorum
from govrules.schema import Trust
from govrules.voting import MEMO_VOTERS, _voters

BOARD = "strategic-board"


@pytest.mark.parametrize("deep", [False, True])
def test_a_changed_copy_does_not_keep_the_originals_look_ups(suffolk: Trust, deep: bool) -> None:
    board = suffolk.bodies[0]
    assert suffolk.body(board.id) is board and board.members_total > board.seats[0].count
    fewer = suffolk.model_copy(update={"bodies": suffolk.bodies[1:]}, deep=deep)
    assert fewer.body(board.id) is None
    one_seat = board.model_copy(update={"seats": board.seats[:1]}, deep=deep)
    assert one_seat.members_total == board.seats[0].count
    assert one_seat.seat(board.seats[-1].id) is None
    # and the original keeps its own
    assert suffolk.body(board.id) is board


def test_copies_answer_as_the_original(suffolk: Trust) -> None:
    board = suffolk.bodies[0].id
    for twin in (copy.copy(suffolk), copy.deepcopy(suffolk), suffolk.model_copy()):
        assert twin == suffolk
        assert govrules.quorum(twin, board, count=9) == govrules.quorum(suffolk, board, count=9)


# --------------------------------------------------------------------------- kept answers


def fresh(trust: Trust) -> Trust:
    """The same trust as a new object, with nothing kept on it."""
    twin = trust.model_copy()
    assert twin is not trust and "quorum_answers" not in twin.__dict__
    return twin


def body_ids(trust: Trust) -> list[str]:
    return [b.id for b in trust.bodies] + [b.id for b in trust.external_bodies]


@pytest.mark.parametrize("name", bundled_names())
def test_a_kept_answer_is_the_answer_computed_afresh(name: str) -> None:
    trust = fresh(govrules.load(name))
    other = fresh(trust)
    asked = 0
    for body_id in body_ids(trust):
        body = trust.body(body_id)
        top = body.members_total if body is not None else 3
        for n in range(top + 1):
            for vacancies in (0, 1):
                first = govrules.quorum(trust, body_id, count=n, vacancies=vacancies)
                again = govrules.quorum(trust, body_id, count=n, vacancies=vacancies)
                assert again is first  # kept: the same object
                expected = _quorum(other, body_id, None, n, vacancies).to_dict()
                assert again.to_dict() == expected, (name, body_id, n, vacancies)
                assert govrules.quorum(other, body_id, count=n, vacancies=vacancies) == again
                asked += 1
    assert asked > 0 and trust.quorum_answers


@pytest.mark.parametrize("name", bundled_names())
def test_a_kept_answer_for_the_seats_present_is_the_answer_computed_afresh(name: str) -> None:
    trust = fresh(govrules.load(name))
    other = fresh(trust)
    for body in trust.bodies:
        ids = [s.id for s in body.seats]
        for present in (ids, ids[::-1], ids[:1], ids[1:], [], [f" {i} " for i in ids[:2]]):
            for given in (list(present), tuple(present)):
                first = govrules.quorum(trust, body.id, present=given)
                again = govrules.quorum(trust, body.id, present=given)
                assert again is first
                expected = _quorum(other, body.id, list(present), None, 0).to_dict()
                assert again.to_dict() == expected, (name, body.id, present)


def test_answers_are_frozen_and_their_dicts_are_fresh(suffolk: Trust) -> None:
    answer = govrules.quorum(suffolk, BOARD, count=9)
    assert isinstance(answer.explanation, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.answer = "inquorate"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.explanation[0].text = "changed"  # type: ignore[misc]
    source = answer.explanation[0].source
    assert source is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.clause = "99"  # type: ignore[misc]
    # No instance dict either, so `vars(answer)[...] = ...` cannot reach a shared answer.
    for shared in (answer, answer.explanation[0], source):
        with pytest.raises(TypeError):
            vars(shared)
    # a caller may change the dict it is given: the next caller gets a new one
    given = answer.to_dict()
    given["answer"] = "changed"
    given["explanation"].clear()
    again = govrules.quorum(suffolk, BOARD, count=9).to_dict()
    assert again["answer"] == "quorate" and again["explanation"]
    assert again is not given and again["explanation"] is not given["explanation"]
    assert again == answer.to_dict()


def test_kept_answers_are_not_fields(suffolk: Trust) -> None:
    govrules.quorum(suffolk, BOARD, count=9)
    assert suffolk.quorum_answers[BOARD][9].required == 9
    assert "quorum_answers" not in Trust.model_fields
    assert "quorum_answers" not in suffolk.model_dump()
    assert "quorum_answers" not in suffolk.model_dump_json()
    assert fresh(suffolk) == suffolk and hash(fresh(suffolk)) == hash(suffolk)


# --------------------------------------------------------------------------- refused questions


REFUSED: list[tuple[str, dict[str, Any], str]] = [
    (BOARD, {"count": True}, "whole number"),
    (BOARD, {"count": False}, "whole number"),
    (BOARD, {"count": 9.0}, "whole number"),
    (BOARD, {"count": 1.0}, "whole number"),
    (BOARD, {"count": "9"}, "whole number"),
    (BOARD, {"count": -1}, "cannot be negative"),
    (BOARD, {"count": 18}, "only 17 places"),
    (BOARD, {}, "either the seats present or a count"),
    (BOARD, {"count": 9, "present": ["vcs"]}, "either the seats present or a count"),
    (BOARD, {"present": "vcs"}, "list of seat ids"),
    (BOARD, {"present": ["vcs", "vcs", "vcs"]}, "listed 3 times"),
    (BOARD, {"present": ("vcs", "vcs", "vcs")}, "listed 3 times"),
    (BOARD, {"present": ["mayor"]}, "no seat `mayor`"),
    (BOARD, {"present": [9]}, "list of seat ids"),
    ("no-such-body", {"count": 9}, "no body `no-such-body`"),
    ("no-such-body", {"present": ["vcs"]}, "no body `no-such-body`"),
]
"""(body, arguments, message) of questions refused before and after any is kept."""


def test_refused_questions_are_refused_every_time(suffolk: Trust) -> None:
    trust = fresh(suffolk)
    for round_ in range(3):  # before anything is kept, and after
        for body, kwargs, message in REFUSED:
            with pytest.raises(QueryError, match=message):
                govrules.quorum(trust, body, **kwargs)
        # the questions whose keys the refused ones equal are now kept
        assert govrules.quorum(trust, BOARD, count=1).present == 1
        assert govrules.quorum(trust, BOARD, count=0).present == 0
        assert govrules.quorum(trust, BOARD, count=9).answer == "quorate"
        assert govrules.quorum(trust, BOARD, present=["vcs", "vcs"]).present == 2
        assert set(trust.quorum_answers) == {BOARD}, round_


def test_a_body_that_cannot_be_a_key_is_refused(suffolk: Trust) -> None:
    govrules.quorum(suffolk, BOARD, count=9)
    for body in ([BOARD], {"id": BOARD}, None, 9):
        with pytest.raises(QueryError, match="named by its id"):
            govrules.quorum(suffolk, body, count=9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "not_a_trust",
    ["suffolk", Path("trusts/suffolk.yaml"), None, {"id": "suffolk"}, ["suffolk"]],
    ids=["name", "path", "none", "dict", "list"],
)
def test_only_a_loaded_trust_is_answered(suffolk: Trust, not_a_trust: object) -> None:
    govrules.quorum(suffolk, BOARD, count=9)
    for _ in range(2):
        with pytest.raises(QueryError, match=r"govrules\.load"):
            govrules.quorum(not_a_trust, BOARD, count=9)  # type: ignore[arg-type]
    # a model of another kind is not a trust either
    with pytest.raises(QueryError, match="expected a loaded trust"):
        govrules.quorum(suffolk.bodies[0], BOARD, count=9)  # type: ignore[arg-type]


def filled_seats_trust() -> Trust:
    return Trust.model_validate(
        {
            "id": "filled",
            "name": "Filled",
            "document": {"title": "Filled"},
            "bodies": [
                {
                    "id": "board",
                    "name": "The Board",
                    "seats": [{"id": "member", "title": "Member", "count": 10}],
                    "quorum": {"at_least": "1/2", "of": "filled-seats", "source": "1"},
                }
            ],
        }
    )


def test_vacancies_are_part_of_the_question() -> None:
    trust = filled_seats_trust()
    other = filled_seats_trust()
    none_vacant = govrules.quorum(trust, "board", count=4)
    two_vacant = govrules.quorum(trust, "board", count=4, vacancies=2)
    assert (none_vacant.membership, none_vacant.required) == (10, 5)
    assert (two_vacant.membership, two_vacant.required) == (8, 4)
    assert govrules.quorum(trust, "board", count=4, vacancies=2) is two_vacant
    # zeros that are not the int 0 are answered as they always were, not from the int 0's slot
    as_float = govrules.quorum(trust, "board", count=4, vacancies=0.0)  # type: ignore[arg-type]
    assert "of 10.0 seats" in as_float.explanation[0].text
    for zero in (0.0, False):
        got = govrules.quorum(trust, "board", count=4, vacancies=zero)  # type: ignore[arg-type]
        assert got is not none_vacant
        assert got.to_dict() == _quorum(other, "board", None, 4, zero).to_dict()  # type: ignore[arg-type]
    seated = ["member"] * 4
    assert govrules.quorum(trust, "board", present=seated, vacancies=2).required == 4
    assert govrules.quorum(trust, "board", present=seated).required == 5


# --------------------------------------------------------------------------- separate trusts


def test_two_trusts_never_share_answers(tmp_path: Path) -> None:
    source = bundled_path("suffolk")
    assert source is not None
    text = source.read_text(encoding="utf-8")
    assert text.count("at_least: 50%") == 1
    edited = tmp_path / "suffolk.yaml"
    edited.write_text(text.replace("at_least: 50%", "at_least: 2/3"), encoding="utf-8")
    original = govrules.load("suffolk")
    before = govrules.quorum(original, BOARD, count=9)
    changed = govrules.load(edited)
    assert changed is not original
    after = govrules.quorum(changed, BOARD, count=9)
    assert (before.answer, before.required) == ("quorate", 9)
    assert (after.answer, after.required) == ("inquorate", 12)
    assert govrules.quorum(original, BOARD, count=9) is before
    assert govrules.quorum(changed, BOARD, count=12).answer == "quorate"
    assert govrules.quorum(original, BOARD, count=12).required == 9


def test_a_changed_copy_does_not_keep_the_originals_answers(suffolk: Trust) -> None:
    before = govrules.quorum(suffolk, BOARD, count=9)
    board = suffolk.bodies[0]
    assert board.id == BOARD and board.quorum is not None
    stricter = board.quorum.model_copy(update={"at_least": "2/3"})
    changed = suffolk.model_copy(
        update={"bodies": (board.model_copy(update={"quorum": stricter}), *suffolk.bodies[1:])}
    )
    assert govrules.quorum(changed, BOARD, count=9).answer == "inquorate"
    assert govrules.quorum(suffolk, BOARD, count=9) is before


# --------------------------------------------------------------------------- bounds and threads


def test_the_answers_kept_are_bounded() -> None:
    trust = one_body_trust({"more_than": "1/2", "source": "1"}, None, 3 * MEMO_PER_BODY)
    for n in range(3 * MEMO_PER_BODY + 1):
        answer = govrules.quorum(trust, "board", count=n)
        assert answer.answer == ("quorate" if n > 3 * MEMO_PER_BODY // 2 else "inquorate")
    assert len(trust.quorum_answers["board"]) == MEMO_PER_BODY


def test_threads_filling_an_empty_memo_get_the_sequential_answers(
    suffolk: Trust, busy_switching: None
) -> None:
    expected = {n: _quorum(suffolk, BOARD, None, n, 0).to_dict() for n in range(18)}
    affected = ["vcs", "schools", "nhs-suffolk"]
    expected_voters = {a: _voters(suffolk, BOARD, None, [a], ()).to_dict() for a in affected}
    for _ in range(5):
        trust = fresh(suffolk)
        start = threading.Barrier(8)

        def worker(
            seed: int, trust: Trust = trust, start: threading.Barrier = start
        ) -> tuple[list[Any], list[Any]]:
            start.wait()
            order = list(range(18))[seed:] + list(range(18))[:seed]
            counts = [govrules.quorum(trust, BOARD, count=n) for n in order for _ in range(3)]
            names = affected[seed % 3 :] + affected[: seed % 3]
            asked = [(a, govrules.voters(trust, BOARD, affects=[a])) for a in names]
            return counts, asked

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(worker, range(8)))
        got = [a for counts, _ in results for a in counts]
        assert all(a.to_dict() == expected[a.present] for a in got)
        asked = [pair for _, pairs in results for pair in pairs]
        assert all(v.to_dict() == expected_voters[a] for a, v in asked)
        # one object per question, whichever thread kept it
        kept = trust.quorum_answers[BOARD]
        assert all(a is kept[a.present] for a in got)
        assert len({id(v) for _, v in asked}) == len(affected)


# --------------------------------------------------------------------------- voters


def matters(trust: Trust, body_id: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(affects, implementers) to ask about: none, each partner and seat, and both together."""
    body = trust.body(body_id)
    names = [p.id for p in trust.partners] + ([s.id for s in body.seats] if body else [])
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((), ())]
    out += [((n,), ()) for n in names] + [((), (n,)) for n in names[:3]]
    if len(names) >= 2:
        out.append(((names[0], names[1]), (names[1],)))
    return out


def procedures_for(trust: Trust, body_id: str) -> list[str | None]:
    return [None] + [p.id for p in trust.procedures if not p.applies_to or body_id in p.applies_to]


@pytest.mark.parametrize("name", bundled_names())
def test_a_kept_voters_answer_is_the_answer_computed_afresh(name: str) -> None:
    trust = fresh(govrules.load(name))
    other = fresh(trust)
    asked = 0
    for body_id in body_ids(trust):
        for procedure in procedures_for(trust, body_id):
            for affects, implementers in matters(trust, body_id):
                ask = {"procedure": procedure, "affects": affects, "implementers": implementers}
                try:
                    expected = _voters(other, body_id, procedure, affects, implementers)
                except QueryError as exc:
                    for _ in range(2):
                        with pytest.raises(QueryError, match=re.escape(str(exc))):
                            govrules.voters(trust, body_id, **ask)  # type: ignore[arg-type]
                    continue
                first = govrules.voters(trust, body_id, **ask)  # type: ignore[arg-type]
                assert govrules.voters(trust, body_id, **ask) is first  # type: ignore[arg-type]
                assert first.to_dict() == expected.to_dict(), (name, body_id, ask)
                asked += 1
    assert asked > 0 and trust.voters_answers


def test_voters_questions_that_read_the_same_share_an_answer(suffolk: Trust) -> None:
    trust = fresh(suffolk)
    first = govrules.voters(trust, BOARD, affects=["vcs", "schools"])
    for same in (["schools", "vcs"], (" vcs ", "schools", "vcs", ""), {"vcs", "schools"}):
        assert govrules.voters(trust, BOARD, affects=same) is first
    assert govrules.voters(trust, BOARD, implementers=["vcs", "schools"]) is not first
    assert govrules.voters(trust, BOARD, affects=[], implementers=()) is govrules.voters(
        trust, BOARD
    )


def test_voters_questions_not_kept_are_answered_as_before(suffolk: Trust) -> None:
    trust = fresh(suffolk)
    other = fresh(suffolk)
    # a generator is read once and the answer is not kept; a string is a list of its letters
    got = govrules.voters(trust, BOARD, affects=(n for n in ["vcs"]))
    assert got.to_dict() == _voters(other, BOARD, None, ["vcs"], ()).to_dict()
    assert trust.voters_answers == {}
    for _ in range(2):
        with pytest.raises(QueryError, match="`c` in the affected"):
            govrules.voters(trust, BOARD, affects="vcs")
        with pytest.raises(QueryError, match="no procedure `nope`"):
            govrules.voters(trust, BOARD, procedure="nope")
        with pytest.raises(QueryError, match="`mayor` in the implementers"):
            govrules.voters(trust, BOARD, implementers=["mayor"])
        with pytest.raises(QueryError, match="no body `nope`"):
            govrules.voters(trust, "nope")
        with pytest.raises(QueryError, match=r"govrules\.load"):
            govrules.voters("suffolk", BOARD)  # type: ignore[arg-type]
        with pytest.raises(QueryError, match="named by its id"):
            govrules.voters(trust, [BOARD])  # type: ignore[arg-type]
    assert trust.voters_answers == {}


def test_the_voters_answers_kept_are_bounded(suffolk: Trust) -> None:
    trust = fresh(suffolk)
    names = sorted({p.id for p in trust.partners} | {s.id for s in trust.bodies[0].seats})
    asked = [(pair, (i,)) for pair in itertools.combinations(names, 2) for i in names[:6]]
    assert len(asked) > MEMO_VOTERS  # more questions than are kept
    for affects, implementers in asked:
        answer = govrules.voters(trust, BOARD, affects=affects, implementers=implementers)
        assert answer.body == BOARD
    assert len(trust.voters_answers) == MEMO_VOTERS
