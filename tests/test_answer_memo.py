"""Values derived from an immutable trust are kept with it, and only with it.

Look-ups (``Trust.body``, ``Body.members_total``) and memoised answers are cached on the model
they were computed from. A copy made with other values must not inherit them.
"""

from __future__ import annotations

import copy

import pytest

import govrules
from govrules.schema import Trust


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
