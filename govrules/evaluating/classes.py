"""Classes of member: built in, declared by a trust, or derived from the right to vote.

A seat lists the classes its holders belong to (``classes: [councillor, elected]``). Rules
pick members out by class: a quorum that must include "at least one officer member", a vote
only "the core members" take part in, a chair chosen "from among the members other than the
staff members". Whether a member votes is never declared on a seat: the classes ``voting``
and ``non-voting`` are derived from the voting rule, so a rule naming them follows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..language.phrasebook import among_words, class_words, classes_words
from ..language.schema import Among, Body, MemberClass, PartnerKind, Seat, Trust
from ..language.vocabulary import BUILT_IN, DERIVED
from .rulekind import Check, RuleKind
from .rulekind import Problem as Lint

if TYPE_CHECKING:
    from .readings import Reads

# A class's words are the phrasebook's; ``among_words``, ``class_words`` and ``classes_words``
# are named here too, beside the classes they word.
__all__ = [
    "BUILT_IN",
    "DERIVED",
    "KIND",
    "among_words",
    "class_words",
    "classes_words",
    "in_among",
    "known_classes",
    "matches",
    "partners_of_kind",
    "read_partner_kinds",
    "uses_derived",
]


def known_classes(trust: Trust) -> set[str]:
    """Every class a rule may name in ``trust``: built in, declared and derived."""
    return set(BUILT_IN) | set(DERIVED) | {c.id for c in trust.member_classes}


def uses_derived(classes: Iterable[str]) -> bool:
    """Whether any of ``classes`` is derived from the right to vote."""
    return any(c in DERIVED for c in classes)


def _has(seat: Seat, class_id: str, votes: bool | None) -> bool | None:
    if class_id == "voting":
        return votes
    if class_id == "non-voting":
        return None if votes is None else not votes
    return class_id in seat.classes


def matches(
    trust: Trust,
    seat: Seat,
    *,
    seats: Iterable[str] = (),
    partner: str | None = None,
    partner_kind: str | None = None,
    classes: Iterable[str] = (),
    votes: bool | None = None,
) -> bool | None:
    """Is a member of ``seat`` one of those picked out: of ``seats`` (if named), of
    ``partner`` (if named), of a partner of ``partner_kind`` (if named), and of every one of
    ``classes``? ``votes`` is whether the seat votes (``None``: not settled), read only for a
    derived class; ``None`` when the answer turns on it."""
    seats = tuple(seats)
    if seats and seat.id not in seats:
        return False
    if partner is not None and seat.partner != partner:
        return False
    if partner_kind is not None:
        found = trust.partner(seat.partner) if seat.partner else None
        if found is None or found.kind != partner_kind:
            return False
    result: bool | None = True
    for class_id in classes:
        has = _has(seat, class_id, votes)
        if has is False:
            return False
        if has is None:
            result = None
    return result


def partners_of_kind(trust: Trust, body: Body, kind: str) -> list[str]:
    """The partners of ``kind`` with a seat on ``body``, in the order of their first seat."""
    found: dict[str, None] = {}
    for seat in body.seats:
        partner = trust.partner(seat.partner) if seat.partner else None
        if partner is not None and partner.kind == kind:
            found[partner.id] = None
    return list(found)


def read_partner_kinds(body: Body, reads: Reads) -> None:
    """Record that an evaluation asks the kind of each partner seated on ``body``: a partner's
    kind is its own rule (``partners.<id>``), so a gap or reading there reaches the answer."""
    for seat in body.seats:
        if seat.partner is not None:
            reads.read(f"partners.{seat.partner}")


def in_among(trust: Trust, seat: Seat, among: Among, votes: bool | None) -> bool | None:
    """Is a member of ``seat`` among those ``among`` names (any one entry)? ``None`` when it
    turns on an unsettled right to vote."""
    if seat.id in among.seats or (seat.partner is not None and seat.partner in among.partners):
        return True
    found = trust.partner(seat.partner) if seat.partner else None
    if found is not None and found.kind is not None and found.kind in among.partner_kinds:
        return True
    result: bool | None = False
    for class_id in among.classes:
        has = _has(seat, class_id, votes)
        if has:
            return True
        if has is None:
            result = None
    return result


# --- what validate checks -------------------------------------------------------------------


def _unheld(trust: Trust) -> Iterator[Lint]:
    """GR213: a declared member class or partner kind that nothing has."""
    held = {c for body in trust.bodies for s in body.seats for c in s.classes}
    for i, declared in enumerate(trust.member_classes):
        if declared.id not in held:
            yield Lint(
                ("member_classes", i, "id"),
                "GR213",
                "warning",
                f"no seat is of the class `{declared.id}`",
                "list it in the `classes` of the seats whose holders belong to it",
            )
    kinds = {p.kind for p in trust.partners}
    for i, kind in enumerate(trust.partner_kinds):
        if kind.id not in kinds:
            yield Lint(
                ("partner_kinds", i, "id"),
                "GR213",
                "warning",
                f"no partner is of the kind `{kind.id}`",
                "give the partners of that kind `kind: " + kind.id + "`",
            )


KIND = RuleKind(
    name="member classes and partner kinds",
    models=(MemberClass, PartnerKind),
    checks=(
        Check(
            _unheld,
            codes=("GR213",),
            reads=(
                "Trust.member_classes",
                "Trust.partner_kinds",
                "MemberClass.id",
                "PartnerKind.id",
                "Seat.classes",
                "Partner.kind",
            ),
        ),
    ),
    not_compared={
        "Trust.member_classes": "declaring a class changes no answer: the seats' classes do, "
        "and they are compared",
        "Trust.partner_kinds": "declaring a kind changes no answer: the partners' kinds do, "
        "and they are compared",
        "MemberClass.id": "declaring a class changes no answer: the seats' classes do, "
        "and they are compared",
        "MemberClass.name": "words, read by people",
        "MemberClass.source": "a citation",
        "MemberClass.note": "commentary",
        "PartnerKind.id": "declaring a kind changes no answer: the partners' kinds do, and "
        "they are compared",
        "PartnerKind.name": "words, read by people",
        "PartnerKind.source": "a citation",
        "PartnerKind.note": "commentary",
    },
    not_linted={
        "MemberClass.name": "words, read by people",
        "MemberClass.source": "a citation, checked with every other citation",
        "MemberClass.note": "commentary",
        "PartnerKind.name": "words, read by people",
        "PartnerKind.source": "a citation, checked with every other citation",
        "PartnerKind.note": "commentary",
    },
)
"""Member classes and partner kinds: what ``validate`` checks of them."""
