"""Structured conditions over a seat and the matter being decided.

A condition is data (see :class:`govrules.language.schema.Condition`); evaluating it is a pure
function, and describing it gives the words an explanation uses.
"""

from __future__ import annotations

from typing import NamedTuple

from ..language.phrasebook import code_list
from ..language.schema import Condition, Partner, Seat
from .rulekind import RuleKind

__all__ = [
    "KIND",
    "Matter",
    "describe",
    "holds",
    "matter_options",
    "on_the_kind",
    "on_the_matter",
    "reason",
]


# A named tuple, not a frozen dataclass: defining a dataclass costs some 0.4 ms, and every
# question imports this module (benchmarks/cli.py: a first-time question).
class Matter(NamedTuple):
    """What is being decided: the partners (or seats) it affects, who implements it, and
    its kind.

    ``None`` is "not known"; an empty set is "nobody". Each list stands alone: a matter
    whose affected partners are named but not its implementers leaves open whether a
    partner implements it (the public contract: an omitted list is not known).
    """

    affects: frozenset[str] | None = None
    implementers: frozenset[str] | None = None
    kind: str | None = None
    """The kind of matter (``none``: of no declared kind); ``None``: not said."""


def _involves(names: frozenset[str] | None, seat: Seat) -> bool:
    names = names or frozenset()
    return seat.id in names or (seat.partner is not None and seat.partner in names)


def on_the_matter(condition: Condition) -> bool:
    """Does the condition ask about the matter (who it affects, who implements it)?"""
    return bool(matter_options(condition, Matter()))


def holds(condition: Condition, seat: Seat, partner: Partner | None, matter: Matter) -> bool | None:
    """Does ``condition`` hold for ``seat`` (of ``partner``) on ``matter``? ``None``: it
    depends on a fact the question does not give (the matter is not described), or one the
    file leaves open (whether the seat's partner is a statutory partner).

    Three-valued and short-circuiting: ``any`` holds if one part holds, whatever the others
    depend on; ``all`` fails if one part fails. So a condition about one seat leaves every
    other seat settled.
    """
    if condition.any is not None:
        parts = [holds(c, seat, partner, matter) for c in condition.any]
        return True if True in parts else (None if None in parts else False)
    if condition.all is not None:
        parts = [holds(c, seat, partner, matter) for c in condition.all]
        return False if False in parts else (None if None in parts else True)
    if condition.not_ is not None:
        inner = holds(condition.not_, seat, partner, matter)
        return None if inner is None else not inner
    if condition.affected is not None:
        return None if matter.affects is None else _involves(matter.affects, seat)
    if condition.implements is not None:
        return None if matter.implementers is None else _involves(matter.implementers, seat)
    if condition.statutory_partner is not None:
        if partner is not None and partner.statutory is None:
            return None  # the file does not say whether the partner is under the duty
        return (partner is not None and partner.statutory is True) == condition.statutory_partner
    if condition.seat_in is not None:
        return seat.id in condition.seat_in
    if condition.matter is not None:
        return None if matter.kind is None else matter.kind in condition.matter
    raise AssertionError("a condition has exactly one key (schema check)")


def matter_options(condition: Condition, matter: Matter) -> tuple[str, ...]:
    """The options that describe what ``condition`` asks of the matter and ``matter`` leaves
    out: ``--affects`` (who it affects), ``--implementer`` (who implements it)."""
    asks = {"--affects": False, "--implementer": False}

    def visit(c: Condition) -> None:
        asks["--affects"] |= c.affected is not None
        asks["--implementer"] |= c.implements is not None
        for part in (*(c.any or ()), *(c.all or ()), *((c.not_,) if c.not_ else ())):
            visit(part)

    visit(condition)
    missing = {"--affects": matter.affects is None, "--implementer": matter.implementers is None}
    return tuple(o for o in ("--affects", "--implementer") if asks[o] and missing[o])


def on_the_kind(condition: Condition) -> bool:
    """Does the condition ask what kind of matter is being decided?"""
    if condition.matter is not None:
        return True
    parts = (*(condition.any or ()), *(condition.all or ()))
    if condition.not_ is not None:
        parts = (*parts, condition.not_)
    return any(on_the_kind(c) for c in parts)


def reason(condition: Condition, seat: Seat, partner: Partner | None, matter: Matter) -> str:
    """Why ``condition`` holds for ``seat``: the first satisfied part, in words."""
    if condition.any is not None:
        met = next(c for c in condition.any if holds(c, seat, partner, matter) is True)
        return reason(met, seat, partner, matter)
    if condition.all is not None:
        return " and ".join(reason(c, seat, partner, matter) for c in condition.all)
    who = f"`{seat.partner}`" if seat.partner else f"seat `{seat.id}`"
    if condition.affected is not None:
        return f"the matter affects {who}"
    if condition.implements is not None:
        return f"{who} is to implement the decision"
    return describe(condition)


_RESPECTS = {
    "statutory-duty": "statutory duty",
    "powers": "powers",
    "finances": "finances",
    "any": "interests",
}


def describe(condition: Condition) -> str:
    """The condition in plain words, as a clause completing "a seat votes if ..."."""
    if condition.any is not None:
        return " or ".join(describe(c) for c in condition.any)
    if condition.all is not None:
        return " and ".join(describe(c) for c in condition.all)
    if condition.not_ is not None and condition.not_.matter is not None:
        kinds = code_list(condition.not_.matter)
        return f"the matter is not of kind {kinds}"
    if condition.not_ is not None:
        return f"it is not the case that {describe(condition.not_)}"
    if condition.affected is not None:
        respects = [_RESPECTS[r] for r in condition.affected]
        joined = ", ".join(respects[:-1]) + (" or " if len(respects) > 1 else "") + respects[-1]
        return f"the matter directly affects its partner's {joined}"
    if condition.implements is not None:
        return "its partner is to be responsible for implementation"
    if condition.statutory_partner is not None:
        return (
            "its partner is "
            + ("" if condition.statutory_partner else "not ")
            + ("under the statutory duty to co-operate")
        )
    if condition.seat_in is not None:
        return "it is one of " + ", ".join(condition.seat_in)
    if condition.matter is not None:
        kinds = code_list(condition.matter)
        return f"the matter is of kind {kinds}"
    raise AssertionError("a condition has exactly one key (schema check)")


_EVALUATED = "any condition the schema admits is one the engine evaluates"

KIND = RuleKind(
    name="conditions",
    models=(Condition,),
    # A condition is compared whole, with the voting rule that sets it (the voting kind).
    not_linted={
        "Condition.any": _EVALUATED,
        "Condition.all": _EVALUATED,
        "Condition.not_": _EVALUATED,
        "Condition.affected": _EVALUATED,
        "Condition.implements": _EVALUATED,
        "Condition.statutory_partner": _EVALUATED,
        "Condition.seat_in": "references, checked by the loader",
        "Condition.matter": "references, checked by the loader",
    },
)
"""Conditions on a seat's vote: compared with the voting rule, needing no check of their own."""
