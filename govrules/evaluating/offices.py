"""May this seat hold the chair (or vice-chair) of a body?"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Literal

from ..language.phrasebook import STATUS, among_words
from ..language.schema import Among, Body, Constraint, Ineligible, Office, Seat, Source, Trust
from ..reading.errors import QueryError
from ..reading.sourcefile import Path_
from .answers import Answer, Reason, cite
from .classes import in_among, uses_derived
from .quorate import find_body
from .readings import Reads, under_readings
from .rights import seat_rights
from .rulekind import (
    Altered,
    Aspect,
    Check,
    Problem,
    RuleKind,
    Side,
    TrustAspect,
    norm,
    pairs,
    unsettled_words,
)

__all__ = ["KIND", "eligible"]

OfficeName = Literal["chair", "vice-chair"]


def eligible(
    trust: Trust,
    body: str,
    seat_id: str,
    office: OfficeName = "chair",
    other_holder: str | None = None,
) -> Answer:
    """Is the holder of ``seat_id`` eligible for ``office`` of ``body``?

    ``other_holder`` is the seat holding the other office, for rules such as "chair and
    vice-chair may not represent the same organisation".

    :raises QueryError: unknown found or seat, or an office the found does not have.
    """
    office = office or "chair"  # null (a scenario's `office: null`) is the default
    if office not in ("chair", "vice-chair"):
        raise QueryError(f"no office `{office}`: ask about `chair` or `vice-chair`")
    return under_readings(
        trust, lambda t, reads: _eligible(t, body, seat_id, office, other_holder, reads)
    )


def _eligible(
    trust: Trust,
    body: str,
    seat_id: str,
    office: OfficeName,
    other_holder: str | None,
    reads: Reads,
) -> Answer:
    found = find_body(trust, body)
    reads.read(f"{found.id}.seats")
    reads.read(f"{found.id}.{'chair' if office == 'chair' else 'vice_chair'}")
    seat = found.seat(seat_id)
    if seat is None:
        raise QueryError(f"`{found.id}` has no seat `{seat_id}`")
    if other_holder is not None and found.seat(other_holder) is None:
        raise QueryError(f"`{found.id}` has no seat `{other_holder}`")
    rule = found.office(office)
    reasons: list[Reason] = []

    def answer(value: str) -> Answer:
        return Answer(
            trust=trust.id,
            body=found.id,
            question="eligible",
            answer=value,
            explanation=tuple(reasons),
        )

    if rule is None:
        reasons.append(
            Reason(
                f"The MoU does not say who may be {office} of the {found.name}.",
                cite(trust, found.source),
            )
        )
        return answer("unspecified")
    if not rule.settled:
        reasons.append(
            Reason(
                f"{STATUS[rule.status].lead} who is {office}"
                + (f": {rule.note}" if rule.note else "."),
                cite(trust, rule.source),
            )
        )
        return answer("unspecified")
    source = cite(trust, rule.source)
    if rule.seat is not None:
        held = rule.seat == seat.id
        text = f"The {office} is the holder of `{rule.seat}` ex officio"
        reasons.append(Reason(text + ("." if held else f", not of `{seat.id}`."), source))
        for conflict in rule.conflicting:
            # Another clause states the rule differently: only a seat both readings agree on
            # is settled.
            reasons.append(
                Reason(
                    f"But {conflict.source.clause} says otherwise: {conflict.note}",
                    cite(trust, conflict.source),
                )
            )
        if rule.conflicting:
            # Read otherwise, the office may be open to the seat, unless its member holds the
            # other office (held ex officio, say): then it is barred either way.
            both = _holds_the_other(trust, found, seat, office, other_holder, reads)
            if both is not None and both[1]:
                reasons.extend(both[0])
                return answer("ineligible")
            return answer("unspecified")
        return answer("eligible" if held else "ineligible")
    for inel in rule.ineligible:
        if inel.seat == seat.id:
            reasons.append(
                Reason(f"`{seat.id}` may not be {office}.", cite(trust, inel.source or rule.source))
            )
            return answer("ineligible")
    value = "eligible"
    both = _holds_the_other(trust, found, seat, office, other_holder, reads)
    if both is not None:
        why, settled = both
        reasons.extend(why)
        if settled:
            return answer("ineligible")
        value = "unspecified"
    if isinstance(rule.from_among, Among) or rule.not_from_among is not None:
        outcome = _among(trust, found, seat, rule, office, reasons, reads)
        if outcome == "ineligible":
            return answer("ineligible")
        value = outcome
    elif rule.from_among:
        # Words only: govrules cannot tell whether the seat is among them.
        reasons.append(
            Reason(
                f"The {office} must be one of {rule.from_among}; the trust file gives this only "
                f"in words, so whether the holder of `{seat.id}` is one is not settled.",
                cite(trust, rule.from_among_source or rule.source),
            )
        )
        value = "unspecified"
    for conflict in rule.conflicting:
        reasons.append(
            Reason(
                f"But {conflict.source.clause} says otherwise: {conflict.note}",
                cite(trust, conflict.source),
            )
        )
        value = "unspecified"
    if rule.voting_members_only:
        rights = seat_rights(trust, found, None, reads=reads)
        if seat.id in {r.seat for r in rights.non_voters}:
            reasons.append(
                Reason(f"Only a voting member may be {office}; `{seat.id}` does not vote.", source)
            )
            return answer("ineligible")
        if seat.id in {r.seat for r in rights.undetermined}:
            reasons.append(
                Reason(
                    f"Only a voting member may be {office}, and the MoU does not "
                    f"settle whether `{seat.id}` votes.",
                    source,
                )
            )
            value = "unspecified"
    if rule.different_partner_from is not None:
        if other_holder is None:
            other_holder, _ = _ex_officio_holder(found, rule.different_partner_from, reads)
        other = found.seat(other_holder) if other_holder else None
        if other_holder and other is None:
            raise QueryError(f"`{found.id}` has no seat `{other_holder}`")
        if other is None and seat.partner is None:
            reasons.append(
                Reason(
                    f"The {office} may not represent the same organisation as the "
                    f"{rule.different_partner_from}; `{seat.id}` represents none.",
                    source,
                )
            )
        elif other is None:
            reasons.append(
                Reason(
                    f"The {office} may not represent the same organisation as the "
                    f"{rule.different_partner_from}, and who holds that office is not given.",
                    source,
                )
            )
            value = "unspecified"
        elif other.partner is not None and other.partner == seat.partner:
            reasons.append(
                Reason(
                    f"The {office} may not represent the same organisation as the "
                    f"{rule.different_partner_from} (`{other.partner}`).",
                    source,
                )
            )
            return answer("ineligible")
    if office == "chair":
        barred = _chairs_elsewhere(trust, found, seat, reasons, reads)
        if barred == "ineligible":
            return answer("ineligible")
        if barred == "unspecified":
            value = "unspecified"
    how = " ".join(w for w in (rule.selection or "chosen", f"by {rule.by}" if rule.by else "") if w)
    bars = "nothing in the rules bars" if value == "eligible" else "no rule bars outright"
    reasons.insert(0, Reason(f"The {office} is {how}; {bars} `{seat.id}`.", source))
    return answer(value)


def _ex_officio_holder(body: Body, office: str, reads: Reads) -> tuple[str | None, Source | None]:
    """The seat holding ``office`` (``chair`` or ``vice-chair``) ex officio, and the clause
    saying so, where nothing unsettles it (``None`` where it is not held so)."""
    reads.read(f"{body.id}.{office.replace('-', '_')}")
    rule = body.office(office)
    if rule is not None and rule.settled and not rule.conflicting:
        return rule.seat, rule.source
    return None, None


def _holder(body: Body, seat_id: str) -> str:
    """Who holds a seat, as told apart across bodies: a seat of one partner with one title
    is held by the same person on every body it sits on (its id is the body's own)."""
    seat = body.seat(seat_id)
    return f"{seat.partner}:{seat.title}" if seat else seat_id


def _one_person(seat: Seat | None) -> bool:
    """Whether a seat is held by one known person: one place, of a named partner."""
    return (
        seat is not None
        and seat.partner is not None
        and seat.count == 1
        and seat.count_stated
        and not seat.up_to
    )


def _chairs_elsewhere(
    trust: Trust, body: Body, seat: Seat, reasons: list[Reason], reads: Reads
) -> Literal["ineligible", "unspecified"] | None:
    """Whether a ``distinct-chairs`` rule bars ``seat``'s member from chairing ``body``: they
    chair another body of the rule ex officio (``ineligible``), or who chairs it is not
    settled (``unspecified``: the question does not say whether they do)."""
    value: Literal["ineligible", "unspecified"] | None = None
    for c, constraint in enumerate(trust.constraints):
        if constraint.kind != "distinct-chairs" or body.id not in constraint.bodies:
            continue
        reads.read(f"constraints.{c}")
        source = cite(trust, constraint.source)
        for other_id in dict.fromkeys(b for b in constraint.bodies if b != body.id):
            other = trust.body(other_id)
            holder = _ex_officio_holder(other, "chair", reads)[0] if other else None
            rule = f"The chair of `{body.id}` may not also chair `{other_id}`"
            if other is None or holder is None:
                reasons.append(
                    Reason(
                        f"{rule}, and who chairs `{other_id}` is not settled by the MoU, so "
                        f"whether the holder of `{seat.id}` does is not known.",
                        source,
                    )
                )
                value = value or "unspecified"
                continue
            # Who holds the other chair's seat is told from that seat's fields.
            reads.read(f"{other_id}.seats")
            if _holder(other, holder) == _holder(body, seat.id):
                if _one_person(other.seat(holder)) and _one_person(seat):
                    reasons.append(
                        Reason(
                            f"{rule}, and the holder of `{seat.id}` chairs `{other_id}` ex "
                            f"officio (as `{holder}`).",
                            source,
                        )
                    )
                    value = "ineligible"
                    continue
                # One title, but several places or no partner: the member asked about may
                # or may not be the one who chairs the other body.
                reasons.append(
                    Reason(
                        f"{rule}, which the holder of `{holder}` chairs ex officio; `{seat.id}` "
                        "has that title, but is not one place of a named partner, so whether "
                        "its member asked about is that holder is not known.",
                        source,
                    )
                )
                value = value or "unspecified"
            else:
                reasons.append(
                    Reason(f"{rule}, which is chaired ex officio by `{holder}`.", source)
                )
    return value


def _holds_the_other(
    trust: Trust,
    body: Body,
    seat: Seat,
    office: OfficeName,
    other_holder: str | None,
    reads: Reads,
) -> tuple[list[Reason], bool] | None:
    """Why ``seat``'s member cannot hold ``office``: they hold the other office, and one member
    cannot be both chair and vice-chair, who stands in for the chair; and whether that is
    settled. The other office's holder is the seat the MoU names ex officio (a holder given
    otherwise is not), else ``other_holder``. Not settled where another clause names the
    holder otherwise, or the seat's number of places is not stated (another of its members
    may hold the office). ``None`` where the seat does not hold the other office."""
    other = "vice-chair" if office == "chair" else "chair"
    reads.read(f"{body.id}.{other.replace('-', '_')}")
    rule = body.office(other)
    named = rule if rule is not None and rule.settled and rule.seat is not None else None
    holder = named.seat if named is not None else other_holder
    if holder != seat.id or seat.count != 1 or seat.up_to:
        return None
    how = "ex officio" if named is not None else "as given"
    source = named.source if named is not None else None
    if seat.count_stated:
        text = f"`{seat.id}` has one place, and its member holds the {other} ({how})"
    else:
        text = (
            f"A member of `{seat.id}` holds the {other} ({how}), and the MoU does not say how "
            "many places the seat has"
        )
    reasons = [
        Reason(f"{text}: one member cannot be both chair and vice-chair.", cite(trust, source))
    ]
    conflicting = named.conflicting if named is not None else ()
    reasons += [
        Reason(f"But {c.source.clause} says otherwise: {c.note}", cite(trust, c.source))
        for c in conflicting
    ]
    return reasons, seat.count_stated and not conflicting


def _among(
    trust: Trust,
    body: Body,
    seat: Seat,
    rule: Office,
    office: str,
    reasons: list[Reason],
    reads: Reads,
) -> str:
    """Whether ``seat`` is among those the office is filled from (and not among those it may
    not be): ``eligible``, ``ineligible`` or ``unspecified``, with the reasons added."""
    wanted = [a for a in (rule.from_among, rule.not_from_among) if isinstance(a, Among)]
    votes: bool | None = None
    if any(uses_derived(a.classes) for a in wanted):
        votes = seat_rights(trust, body, None, reads=reads).votes(seat.id)
    if seat.partner is not None and any(a.partner_kinds for a in wanted):
        reads.read(f"partners.{seat.partner}")  # the seat's partner's kind is asked
    value = "eligible"
    for among, must in ((rule.from_among, True), (rule.not_from_among, False)):
        if not isinstance(among, Among):
            continue
        source = cite(trust, among.source or rule.from_among_source or rule.source)
        words = among_words(trust, among)
        inside = in_among(trust, seat, among, votes)
        verb = "must be" if must else "may not be"
        if inside is None:
            reasons.append(
                Reason(
                    f"The {office} {verb} {words}; whether the holder of `{seat.id}` is turns "
                    "on a right to vote the MoU does not settle.",
                    source,
                )
            )
            value = "unspecified"
        elif inside != must:
            is_words = "is not" if must else "is"
            reasons.append(
                Reason(
                    f"The {office} {verb} {words}; the holder of `{seat.id}` {is_words}.", source
                )
            )
            return "ineligible"
        else:
            is_words = "is" if must else "is not"
            reasons.append(
                Reason(
                    f"The {office} {verb} {words}; the holder of `{seat.id}` {is_words}.", source
                )
            )
    return value


# --- what diff compares ---------------------------------------------------------------------


def _office_key(office: Office | None) -> Hashable:
    if office is None or not office.settled:
        return None
    # A seat named with no selection holds the office ex officio: the same rule.
    selection = office.selection
    if office.seat is not None and selection in (None, "ex-officio"):
        selection = None
    return (
        office.seat,
        selection,
        norm(office.by),
        norm(office.term),
        office.term_months,  # audit reads it: when an election falls due
        office.voting_members_only,
        frozenset(i.seat for i in office.ineligible),
        office.different_partner_from,
        _among_key(office.from_among),
        _among_key(office.not_from_among),
    )


def _among_key(among: Among | str | None) -> Hashable:
    if isinstance(among, Among):
        return tuple(
            frozenset(x) for x in (among.seats, among.partners, among.partner_kinds, among.classes)
        )
    return norm(among)


def _office_words(office: Office | None) -> str:
    if office is None or not office.settled:
        return unsettled_words(office)
    if office.seat is not None:
        words = f"the holder of `{office.seat}`"
    else:
        words = str(office.selection)
        words += f" by {office.by}" if office.by else ""
        words += f", {office.term}" if office.term else ""
        words += f" ({office.term_months} months)" if office.term_months else ""
    limits = [f"`{seat}` may not hold it" for seat in sorted(i.seat for i in office.ineligible)]
    if office.voting_members_only:
        limits.append("only a voting member may hold it")
    if office.different_partner_from:
        limits.append(f"not of the same partner as the {office.different_partner_from}")
    if isinstance(office.from_among, Among):
        limits.append(f"the holder must be {among_words(None, office.from_among)}")
    elif office.from_among:
        limits.append(f"from among {office.from_among}")
    if office.not_from_among is not None:
        limits.append(f"the holder may not be {among_words(None, office.not_from_among)}")
    return words + (f" ({'; '.join(limits)})" if limits else "")


def _office_changes(old: Side, new: Side) -> Iterator[Altered]:
    """The chair, then the vice-chair: who holds the office and who may."""
    for kind, label, name in (
        ("chair-changed", "Chair", "chair"),
        ("vice-chair-changed", "Vice-chair", "vice_chair"),
    ):
        was, now = getattr(old.body, name), getattr(new.body, name)
        if _office_key(was) == _office_key(now):
            continue
        before, after = _office_words(was), _office_words(now)
        text = f"{label} of the {new.body.name}: from {before} to {after}."
        if now is not None:
            yield Altered(kind, text, before, after, now.source)
        else:
            yield Altered(kind, text, before, after, was.source if was else None, True)


def _constraint_changes(old_trust: Trust, new_trust: Trust) -> Iterator[Altered]:
    """Bodies that must have different chairs, paired up or no longer."""
    matched = pairs(
        old_trust.constraints, new_trust.constraints, lambda c: (c.kind, frozenset(c.bodies))
    )
    for before, after in matched:
        if (before is None) == (after is None):
            continue
        c = after or before
        assert c is not None
        bodies = " and ".join(f"`{b}`" for b in c.bodies)
        if after is not None:
            text = f"The chairs of {bodies} must now be different people."
            yield Altered("constraint-added", text, None, c.kind, c.source)
        else:
            text = f"The chairs of {bodies} no longer need to be different people."
            yield Altered("constraint-removed", text, c.kind, None, c.source, True)


# --- what validate checks -------------------------------------------------------------------


def _chairs(trust: Trust) -> Iterator[Problem]:
    for b, body in enumerate(trust.bodies):
        for name in ("chair", "vice_chair"):
            office = getattr(body, name)
            if office is None or office.seat is None:
                continue
            for inel in office.ineligible:
                if inel.seat == office.seat:
                    yield Problem(
                        ("bodies", b, name, "seat"),
                        "GR101",
                        "error",
                        f"the {name.replace('_', '-')} of `{body.id}` is seat `{office.seat}`, "
                        "which the rules forbid from holding it",
                        None,
                        inel.source.clause if inel.source else None,
                    )
            if office.voting_members_only:
                rights = seat_rights(trust, body, None)
                if office.seat in {r.seat for r in rights.non_voters}:
                    yield Problem(
                        ("bodies", b, name, "seat"),
                        "GR102",
                        "error",
                        f"only a voting member may be {name.replace('_', '-')} of `{body.id}`, "
                        f"but `{office.seat}` does not vote",
                        None,
                        None,
                    )
        if (
            body.chair
            and body.vice_chair
            and body.chair.seat
            and body.chair.seat == body.vice_chair.seat
            and body.seats
            and (seat := body.seat(body.chair.seat)) is not None
            and seat.count == 1
        ):
            yield Problem(
                ("bodies", b, "vice_chair", "seat"),
                "GR103",
                "error",
                f"chair and vice-chair of `{body.id}` are the same single seat `{seat.id}`",
            )


def _distinct_chairs(trust: Trust) -> Iterator[Problem]:
    for c, constraint in enumerate(trust.constraints):
        if constraint.kind != "distinct-chairs":
            continue
        clause = constraint.source.clause if constraint.source else None
        if len(set(constraint.bodies)) < 2:
            yield Problem(
                ("constraints", c, "bodies"),
                "GR111",
                "error",
                "a `distinct-chairs` rule naming fewer than two different bodies constrains "
                "nothing",
                "name every body whose chairs must be different people",
                clause,
            )
            continue
        holders: dict[str, str] = {}
        for body_id in constraint.bodies:
            body = trust.body(body_id)
            if body is None or body.chair is None or body.chair.seat is None:
                continue
            holder = _holder(body, body.chair.seat)
            if holder in holders:
                yield Problem(
                    ("constraints", c),
                    "GR104",
                    "error",
                    f"`{holders[holder]}` and `{body_id}` must have different chairs but both "
                    f"are chaired by `{body.chair.seat}`",
                    None,
                    clause,
                )
            holders[holder] = body_id


def _office_limits(trust: Trust) -> Iterator[Problem]:
    """GR211: who may hold an office written only in words; GR214: an office held ex officio
    by a seat its own rule excludes."""
    for b, body in enumerate(trust.bodies):
        for name in ("chair", "vice_chair"):
            office = getattr(body, name)
            if office is None or not office.settled:
                continue
            label = name.replace("_", "-")
            if isinstance(office.from_among, str):
                yield Problem(
                    ("bodies", b, name, "from_among"),
                    "GR211",
                    "warning",
                    f"who may be {label} of `{body.id}` is written in words, so `eligible` "
                    "answers unspecified",
                    "write it as `{classes: [...], seats: [...], partners: [...]}`, or record "
                    "a `not-encoded` gap",
                )
            seat = body.seat(office.seat) if office.seat else None
            if seat is not None:
                yield from _ex_officio(trust, body, seat, office, ("bodies", b, name), label)
                yield from _same_partner(body, seat, office, ("bodies", b, name), label)


def _same_partner(
    body: Body, seat: Seat, office: Office, at: Path_, label: str
) -> Iterator[Problem]:
    """GR214: both offices held ex officio by seats of one partner, where this one may not
    represent the other's organisation."""
    if office.different_partner_from is None or seat.partner is None:
        return
    other = body.office(office.different_partner_from)
    held = body.seat(other.seat) if other is not None and other.settled and other.seat else None
    if held is not None and held.partner == seat.partner:
        yield Problem(
            (*at, "different_partner_from"),
            "GR214",
            "error",
            f"the {label} of `{body.id}` is `{seat.id}` ex officio and may not represent the "
            f"organisation of the {office.different_partner_from}, but `{held.id}`, who holds "
            f"that ex officio, represents the same (`{seat.partner}`)",
        )


def _ex_officio(
    trust: Trust, body: Body, seat: Seat, office: Office, at: Path_, label: str
) -> Iterator[Problem]:
    votes = seat_rights(trust, body, None).votes(seat.id)
    for field, must in (("from_among", True), ("not_from_among", False)):
        among = getattr(office, field)
        if isinstance(among, Among) and in_among(trust, seat, among, votes) is (not must):
            yield Problem(
                (*at, "seat"),
                "GR214",
                "error",
                f"the {label} of `{body.id}` is `{seat.id}` ex officio, but its `{field}` "
                f"{'excludes' if must else 'names'} that seat",
            )


KIND = RuleKind(
    name="offices",
    models=(Office, Ineligible, Among, Constraint),
    aspects=(
        Aspect(
            _office_changes,
            reads=(
                "Body.chair",
                "Body.vice_chair",
                "Office.seat",
                "Office.selection",
                "Office.by",
                "Office.term",
                "Office.term_months",
                "Office.voting_members_only",
                "Office.ineligible",
                "Office.different_partner_from",
                "Office.from_among",
                "Office.not_from_among",
                "Ineligible.seat",
                "Among.seats",
                "Among.partners",
                "Among.partner_kinds",
                "Among.classes",
            ),
        ),
    ),
    trust_aspects=(
        TrustAspect(
            _constraint_changes,
            reads=("Trust.constraints", "Constraint.kind", "Constraint.bodies"),
            after_bodies=True,
        ),
    ),
    checks=(
        Check(
            _chairs,
            codes=("GR101", "GR102", "GR103"),
            reads=(
                "Body.chair",
                "Body.vice_chair",
                "Office.seat",
                "Office.ineligible",
                "Office.voting_members_only",
                "Ineligible.seat",
            ),
        ),
        Check(
            _office_limits,
            codes=("GR211", "GR214"),
            reads=(
                "Office.from_among",
                "Office.not_from_among",
                "Office.seat",
                "Office.different_partner_from",
                "Seat.partner",
            ),
        ),
        Check(
            _distinct_chairs,
            codes=("GR104", "GR111"),
            reads=("Trust.constraints", "Constraint.kind", "Constraint.bodies"),
        ),
    ),
    not_compared={
        "Constraint.source": "a citation",
        "Constraint.note": "commentary",
        "Office.from_among_source": "a citation",
        "Ineligible.source": "a citation",
        "Ineligible.note": "commentary",
        "Among.source": "a citation",
    },
    not_linted={
        "Office.not_from_among": "checked with the seat that holds the office (GR214)",
        "Office.selection": "any way of choosing is one the document may state",
        "Office.by": "words, read by people (placeholders: GR303)",
        "Office.term": "words, read by people (placeholders: GR303)",
        "Office.term_months": "the schema bounds it",
        "Office.from_among_source": "a citation, checked with every other citation",
        "Office.different_partner_from": "the schema admits only an office",
        "Ineligible.source": "a citation, checked with every other citation",
        "Ineligible.note": "commentary",
        "Among.seats": "references, checked by the loader",
        "Among.partners": "references, checked by the loader",
        "Among.partner_kinds": "references, checked by the loader",
        "Among.classes": "references, checked by the loader",
        "Among.source": "a citation, checked with every other citation",
    },
)
"""The chair and vice-chair: what ``diff`` compares and what ``validate`` checks."""
