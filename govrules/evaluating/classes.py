"""Classes of member: built in, declared by a trust, or derived from the right to vote.

A seat lists the classes its holders belong to (``classes: [councillor, elected]``). Rules
pick members out by class: a quorum that must include "at least one officer member", a vote
only "the core members" take part in, a chair chosen "from among the members other than the
staff members". Whether a member votes is never declared on a seat: the classes ``voting``
and ``non-voting`` are derived from the voting rule, so a rule naming them follows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..language.references import MISPLACED, TWICE, UNKNOWN, unknown
from ..language.schema import Among, Body, MemberClass, PartnerKind, Seat, Trust, Voting
from .rulekind import Check, RuleKind
from .rulekind import Problem as Lint

if TYPE_CHECKING:
    from .readings import Reads

__all__ = [
    "BUILT_IN",
    "DERIVED",
    "KIND",
    "among_words",
    "class_problems",
    "class_words",
    "classes_words",
    "in_among",
    "known_classes",
    "matches",
    "partners_of_kind",
    "read_partner_kinds",
    "uses_derived",
]

BUILT_IN: Mapping[str, str] = {
    "officer": "an officer member",
    "non-officer": "a non-officer member",
    "councillor": "a councillor",
    "elected": "an elected member",
    "co-opted": "a co-opted member",
    "staff": "a staff member",
}
"""Classes every trust knows, with how a member of each is named in words."""

DERIVED: Mapping[str, str] = {
    "voting": "a voting member",
    "non-voting": "a non-voting member",
}
"""Classes derived from the voting rule: a seat may not declare them."""

_OPPOSITES = (("officer", "non-officer"),)
"""Built-in classes no seat can belong to both of."""


def known_classes(trust: Trust) -> set[str]:
    """Every class a rule may name in ``trust``: built in, declared and derived."""
    return set(BUILT_IN) | set(DERIVED) | {c.id for c in trust.member_classes}


def class_words(trust: Trust | None, class_id: str) -> str:
    """A member of the class in words: "a councillor", "a member of `core`"."""
    if class_id in BUILT_IN:
        return BUILT_IN[class_id]
    if class_id in DERIVED:
        return DERIVED[class_id]
    found = trust.member_classes if trust is not None else ()
    declared = next((c for c in found if c.id == class_id), None)
    if declared is not None and declared.name:
        return f"{declared.name} (`{class_id}`)"
    return f"a member of the class `{class_id}`"


def classes_words(trust: Trust | None, classes: Iterable[str]) -> str:
    """Members of every one of ``classes`` in words."""
    return " who is also ".join(class_words(trust, c) for c in classes)


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


def among_words(trust: Trust | None, among: Among) -> str:
    """``among`` in words: "the holders of `mayor`, or a councillor"."""
    parts = [f"the holder of `{s}`" for s in among.seats]
    parts += [f"a member for `{p}`" for p in among.partners]
    parts += [f"a member for a partner of kind `{k}`" for k in among.partner_kinds]
    parts += [class_words(trust, c) for c in among.classes]
    return ", or ".join(parts)


# --- checks when a trust is loaded -----------------------------------------------------------

Problem = tuple[tuple[str | int, ...], str, str]
"""A rule path in the file, what is wrong there, and the code of that kind of problem."""


def class_problems(trust: Trust) -> Iterator[Problem]:
    """Every class, partner kind and seat a member-class rule names is known; declared ids are
    not used twice or taken from the built-in ones; no seat declares a derived class or two
    opposites."""
    declarable = set(BUILT_IN) | {c.id for c in trust.member_classes}
    known = declarable | set(DERIVED)
    kinds = {k.id for k in trust.partner_kinds}
    partners = {p.id for p in trust.partners}
    for key, items, reserved in (
        ("member_classes", [c.id for c in trust.member_classes], set(BUILT_IN) | set(DERIVED)),
        ("partner_kinds", [k.id for k in trust.partner_kinds], set()),
    ):
        seen: set[str] = set()
        for i, item_id in enumerate(items):
            if item_id in reserved:
                message = f"`{item_id}` is a built-in class: use it without declaring"
                yield (key, i, "id"), message, TWICE
            elif item_id in seen:
                yield (key, i, "id"), f"`{item_id}` is declared twice in `{key}`", TWICE
            seen.add(item_id)
    for i, partner in enumerate(trust.partners):
        if partner.kind is not None and partner.kind not in kinds:
            yield ("partners", i, "kind"), _unknown("partner kind", partner.kind, kinds), UNKNOWN
    for b, body in enumerate(trust.bodies):
        yield from _body_problems(trust, body, ("bodies", b), declarable, known, kinds, partners)
    body_ids = {b.id for b in trust.bodies}
    for p, proc in enumerate(trust.procedures):
        for i, step in enumerate(proc.steps):
            if step.vote is None:
                continue
            # The seats of the step's body, or of any body the procedure may start in.
            where = [step.body] if step.body else list(proc.applies_to) or sorted(body_ids)
            seats = {s.id for b in trust.bodies if b.id in where for s in b.seats}
            at = ("procedures", p, "steps", i, "vote")
            yield from voting_problems(
                step.vote, at, seats, declarable, known, kinds, partners, step.body
            )


def _body_problems(
    trust: Trust,
    body: Body,
    base: tuple[str | int, ...],
    declarable: set[str],
    known: set[str],
    kinds: set[str],
    partners: set[str],
) -> Iterator[Problem]:
    seat_ids = {s.id for s in body.seats}
    for i, seat in enumerate(body.seats):
        for j, class_id in enumerate(seat.classes):
            at = (*base, "seats", i, "classes", j)
            if class_id in DERIVED:
                message = f"`{class_id}` is derived from the voting rule, not declared on a seat"
                yield at, message, MISPLACED
            elif class_id not in declarable:
                yield at, _unknown("member class", class_id, declarable), UNKNOWN
        for one, other in _OPPOSITES:
            if one in seat.classes and other in seat.classes:
                message = f"seat `{seat.id}` is both `{one}` and `{other}`"
                yield (*base, "seats", i, "classes"), message, MISPLACED

    def classes_at(at: tuple[str | int, ...], classes: Iterable[str]) -> Iterator[Problem]:
        for j, class_id in enumerate(classes):
            if class_id not in known:
                yield (*at, "classes", j), _unknown("member class", class_id, known), UNKNOWN

    def seats_at(at: tuple[str | int, ...], named: Iterable[str]) -> Iterator[Problem]:
        for j, seat_id in enumerate(named):
            if seat_id not in seat_ids:
                yield (*at, "seats", j), _unknown("seat", seat_id, seat_ids, body.id), UNKNOWN

    if body.quorum is not None:
        for i, presence in enumerate(body.quorum.must_include):
            at = (*base, "quorum", "must_include", i)
            yield from classes_at(at, presence.classes)
            kind = presence.each_partner_of_kind
            if kind is not None and kind not in kinds:
                yield (*at, "each_partner_of_kind"), _unknown("partner kind", kind, kinds), UNKNOWN
    if body.voting is not None:
        yield from voting_problems(
            body.voting, (*base, "voting"), seat_ids, declarable, known, kinds, partners, body.id
        )
    for name in ("chair", "vice_chair"):
        office = getattr(body, name)
        if office is None:
            continue
        for field in ("from_among", "not_from_among"):
            among = getattr(office, field)
            if not isinstance(among, Among):
                continue
            at = (*base, name, field)
            yield from classes_at(at, among.classes)
            yield from seats_at(at, among.seats)
            for j, partner in enumerate(among.partners):
                if partner not in partners:
                    yield (*at, "partners", j), _unknown("partner", partner, partners), UNKNOWN
            for j, kind in enumerate(among.partner_kinds):
                if kind not in kinds:
                    yield (*at, "partner_kinds", j), _unknown("partner kind", kind, kinds), UNKNOWN


def voting_problems(
    voting: Voting,
    at: tuple[str | int, ...],
    seat_ids: set[str],
    declarable: set[str],
    known: set[str],
    kinds: set[str],
    partners: set[str],
    body: str | None = None,
) -> Iterator[Problem]:
    """The classes, seats, partners and kinds a voting rule names are known."""
    for j, class_id in enumerate(voting.voter_classes):
        where = (*at, "voter_classes", j)
        if class_id in DERIVED:
            message = f"`{class_id}` is derived from who votes: it cannot decide who votes"
            yield where, message, MISPLACED
        elif class_id not in declarable:
            yield where, _unknown("member class", class_id, declarable), UNKNOWN
    for i, need in enumerate(voting.must_include):
        here = (*at, "must_include", i)
        for j, class_id in enumerate(need.classes):
            if class_id not in known:
                yield (*here, "classes", j), _unknown("member class", class_id, known), UNKNOWN
        for j, seat_id in enumerate(need.seats):
            if seat_id not in seat_ids:
                yield (*here, "seats", j), _unknown("seat", seat_id, seat_ids, body), UNKNOWN
        if need.partner is not None and need.partner not in partners:
            yield (*here, "partner"), _unknown("partner", need.partner, partners), UNKNOWN
        kind = need.each_partner_of_kind
        if kind is not None and kind not in kinds:
            yield (*here, "each_partner_of_kind"), _unknown("partner kind", kind, kinds), UNKNOWN


def _unknown(what: str, value: str, known: set[str], body: str | None = None) -> str:
    # A class or partner kind near none declared is most likely one still to declare.
    declared = {"member class": "member_classes", "partner kind": "partner_kinds"}.get(what)
    return unknown(what, value, known, body, f"declare it in `{declared}`" if declared else None)


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
