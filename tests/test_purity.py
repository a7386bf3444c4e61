"""Answers are pure functions of an immutable trust and the question.

Nothing is remembered between questions: every answer is computed afresh from the trust it is
asked of, so a copy made with other values, another trust or an edited file can never be
answered with what was true of the original. A file loaded twice is one object while it is held.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules import QueryError
from govrules.compiling.loader import bundled_path
from govrules.language.schema import Trust

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
    for shared in (answer, answer.explanation[0], source):
        with pytest.raises(TypeError):
            vars(shared)
    # a caller may change the dict it is given: the next caller gets a new one
    given = answer.to_dict()
    given["answer"] = "changed"
    given["explanation"].clear()
    again = govrules.quorum(suffolk, BOARD, count=9).to_dict()
    assert again["answer"] == "quorate" and again["explanation"]
    assert again == answer.to_dict()


REFUSED: list[tuple[Any, dict[str, Any], str]] = [
    (BOARD, {"count": True}, "whole number"),
    (BOARD, {"count": 9.0}, "whole number"),
    (BOARD, {"count": -1}, "cannot be negative"),
    # 18 fits the reading giving the schools three places; 19 fits none.
    (BOARD, {"count": 19}, "only 17 places"),
    (BOARD, {}, "either the seats present or a count"),
    (BOARD, {"count": 9, "present": ["vcs"]}, "either the seats present or a count"),
    (BOARD, {"present": ["nobody"]}, "no seat `nobody`"),
    (BOARD, {"present": ["vcs", "vcs", "vcs"]}, "listed 3 times"),
    ("no-such-body", {"present": ["vcs"]}, "no body `no-such-body`"),
]


@pytest.mark.parametrize(("body", "kwargs", "message"), REFUSED)
def test_refused_questions_are_refused_every_time(
    suffolk: Trust, body: str, kwargs: dict[str, Any], message: str
) -> None:
    for _ in range(2):
        with pytest.raises(QueryError, match=message):
            govrules.quorum(suffolk, body, **kwargs)
    assert govrules.quorum(suffolk, BOARD, count=9).answer == "quorate"


def test_a_body_must_be_named_by_its_id(suffolk: Trust) -> None:
    for body in ([BOARD], {"id": BOARD}, None, 9):
        with pytest.raises(QueryError, match="named by its id"):
            govrules.quorum(suffolk, body, count=9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "not_a_trust",
    ["suffolk", Path("trusts/suffolk.yaml"), None, {"id": "suffolk"}, ["suffolk"]],
    ids=["name", "path", "none", "dict", "list"],
)
def test_only_a_loaded_trust_is_answered(suffolk: Trust, not_a_trust: object) -> None:
    with pytest.raises(QueryError, match=r"govrules\.load"):
        govrules.quorum(not_a_trust, BOARD, count=9)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match=r"govrules\.load"):
        govrules.voters(not_a_trust, BOARD)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="expected a loaded trust"):
        govrules.quorum(suffolk.bodies[0], BOARD, count=9)  # type: ignore[arg-type]


def test_vacancies_are_part_of_the_question() -> None:
    trust = Trust.model_validate(
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
    none_vacant = govrules.quorum(trust, "board", count=4, vacancies=0)
    two_vacant = govrules.quorum(trust, "board", count=4, vacancies=2)
    assert (none_vacant.membership, none_vacant.required, none_vacant.answer) == (
        10,
        5,
        "inquorate",
    )
    assert (two_vacant.membership, two_vacant.required, two_vacant.answer) == (8, 4, "quorate")
    seated = ["member"] * 4
    assert govrules.quorum(trust, "board", present=seated, vacancies=2).required == 4
    assert govrules.quorum(trust, "board", present=seated).required == 5
    # Vacancies not given: 4 of 10 is short with every seat filled, so they decide it.
    assert govrules.quorum(trust, "board", count=4).answer == "incomplete"


def encoded_required(answer: govrules.QuorumAnswer) -> object:
    """The number needed under the trust as encoded (the answer's own is null where the
    readings of the schools' places differ on it)."""
    return dict(next(r for r in answer.readings if not r.values).facts)["required"]


def test_an_edited_file_is_a_new_trust_with_its_own_answers(tmp_path: Path) -> None:
    source = bundled_path("suffolk")
    assert source is not None
    text = source.read_text(encoding="utf-8")
    assert text.count("      at_least: 50%\n") == 1
    edited = tmp_path / "suffolk.yaml"
    edited.write_text(text, encoding="utf-8")
    original = govrules.load(edited)
    assert encoded_required(govrules.quorum(original, BOARD, count=9)) == 9
    two_thirds = text.replace("      at_least: 50%\n", "      at_least: 2/3\n")
    edited.write_text(two_thirds, encoding="utf-8")
    changed = govrules.load(edited)
    assert changed is not original
    # Every place filled: 10.1's "membership" is the same read as every place or those in office.
    assert (govrules.quorum(changed, BOARD, count=9, vacancies=0).answer, changed.bodies[0].id) == (
        "inquorate",
        BOARD,
    )
    assert encoded_required(govrules.quorum(changed, BOARD, count=9)) == 12
    assert encoded_required(govrules.quorum(original, BOARD, count=9)) == 9


def test_a_file_loaded_twice_is_one_object_while_held_and_none_after(tmp_path: Path) -> None:
    source = bundled_path("rutland")
    assert source is not None
    path = tmp_path / "rutland.yaml"
    path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    first = govrules.load(path)
    assert govrules.load(path) is first  # one copy in memory, not two
    gone = weakref.ref(first)
    del first
    gc.collect()
    assert gone() is None  # nothing the library keeps holds on to a trust nobody uses


def test_a_changed_copy_is_answered_from_its_own_values(suffolk: Trust) -> None:
    before = govrules.quorum(suffolk, BOARD, count=9)
    board = suffolk.bodies[0]
    assert board.id == BOARD and board.quorum is not None
    stricter = board.quorum.model_copy(update={"at_least": "2/3"})
    changed = suffolk.model_copy(
        update={"bodies": (board.model_copy(update={"quorum": stricter}), *suffolk.bodies[1:])}
    )
    assert govrules.quorum(changed, BOARD, count=9, vacancies=0).answer == "inquorate"
    assert govrules.quorum(suffolk, BOARD, count=9) == before


def test_threads_get_the_sequential_answers(suffolk: Trust, busy_switching: None) -> None:
    expected = {n: govrules.quorum(suffolk, BOARD, count=n).to_dict() for n in range(18)}
    affected = ["vcs", "schools", "nhs-suffolk"]
    expected_voters = {a: govrules.voters(suffolk, BOARD, affects=[a]).to_dict() for a in affected}
    start = threading.Barrier(8)

    def worker(seed: int) -> tuple[list[Any], list[Any]]:
        start.wait()
        order = list(range(18))[seed:] + list(range(18))[:seed]
        counts = [govrules.quorum(suffolk, BOARD, count=n) for n in order for _ in range(3)]
        names = affected[seed % 3 :] + affected[: seed % 3]
        asked = [(a, govrules.voters(suffolk, BOARD, affects=[a])) for a in names]
        return counts, asked

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(worker, range(8)))
    assert all(a.to_dict() == expected[a.present] for counts, _ in results for a in counts)
    assert all(v.to_dict() == expected_voters[a] for _, pairs in results for a, v in pairs)
