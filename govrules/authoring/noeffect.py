"""Lint GR206: a field written in a trust file that has no effect where it is written.

Every field the engine accepts is evaluated by the commands it touches; a field that the rule
around it makes irrelevant is accepted (the file still states what the document says) but
flagged, so an author does not believe it does something. (GR204 covers the fields a
fixed-number quorum ignores.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..evaluating.quorate import required_attendance
from ..language.schema import Body, Quorum, Trust

__all__ = ["no_effect"]

Emit = Callable[..., None]

_SUBSTITUTE_DETAILS = ("kind", "named", "votes", "counts_for_quorum", "same_partner", "only_for")


def no_effect(trust: Trust, emit: Emit) -> None:
    """Emit GR206 for each field with no effect on any answer."""
    for b, body in enumerate(trust.bodies):
        at = ("bodies", b)
        if body.quorum is not None and body.quorum.settled:
            _quorum(body, body.quorum, emit, (*at, "quorum"))
        subs = body.substitutes
        if subs is not None and subs.allowed is False:
            for name in _SUBSTITUTE_DETAILS:
                if name in subs.model_fields_set:
                    _emit(
                        emit,
                        (*at, "substitutes", name),
                        f"`{body.id}` allows no substitutes, so `{name}` has no effect",
                        "remove it, or set `allowed` to true if the document allows them",
                    )
        interests = body.interests
        if (
            interests is not None
            and interests.withdraws
            and "may_vote" in (interests.model_fields_set)
        ):
            _emit(
                emit,
                (*at, "interests", "may_vote"),
                f"a member of `{body.id}` with an interest withdraws, so `may_vote` has no effect",
                "remove it: a member who has withdrawn cannot vote",
            )
        voting = body.voting
        if (
            voting is not None
            and voting.tie is not None
            and voting.casting_vote
            in (
                "chair-has",
                "chair-may",
            )
        ):
            _emit(
                emit,
                (*at, "voting", "tie"),
                f"the chair of `{body.id}` breaks a tie with a casting vote (or the tie stands), "
                "so `tie` has no effect",
                "remove it, or set `casting_vote` to what the document says",
            )
        if (
            voting is not None
            and "tie_by_lot_source" in voting.model_fields_set
            and not voting.tie_by_lot_on
        ):
            _emit(
                emit,
                (*at, "voting", "tie_by_lot_source"),
                f"`{body.id}` names no kind of matter decided by lot, so `tie_by_lot_source` "
                "has no effect",
                "add `tie_by_lot_on`, or remove it",
            )


def _quorum(body: Body, rule: Quorum, emit: Emit, at: tuple[Any, ...]) -> None:
    for i, presence in enumerate(rule.must_include):
        if presence.office is not None and "at_least" in presence.model_fields_set:
            _emit(
                emit,
                (*at, "must_include", i, "at_least"),
                f"the quorum of `{body.id}` needs the holder of an office, one person, so "
                "`at_least` has no effect",
                "remove it",
            )
    if rule.minimum is None or rule.number is not None or not body.membership_known:
        return  # a fixed number's minimum is GR204's; an unknown membership may be small
    # The least membership a meeting can have: every place, or (a quorum of the seats filled)
    # a single member in office. More members never need fewer present.
    least = 1 if rule.of == "filled-seats" else _membership(body, rule)
    if least is None:
        return
    without = rule.model_copy(update={"minimum": None})
    fewest = required_attendance(without, least)
    if fewest >= rule.minimum:
        _emit(
            emit,
            (*at, "minimum"),
            f"the quorum of `{body.id}` needs at least {fewest} present without its minimum, "
            f"so `minimum: {rule.minimum}` never binds",
            "remove it, or check the fraction and the seats",
        )


def _membership(body: Body, rule: Quorum) -> int | None:
    if rule.of == "seats":
        return body.members_total
    return None  # the voting membership depends on the voting rule: not judged here


def _emit(emit: Emit, path: tuple[Any, ...], message: str, hint: str) -> None:
    emit("GR206", "warning", path, message, hint)
