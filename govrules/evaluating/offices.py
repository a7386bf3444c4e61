"""May this seat hold the chair (or vice-chair) of a body?"""

from __future__ import annotations

from typing import Literal

from ..language.phrasebook import STATUS, among_words
from ..language.schema import Among, Body, Office, Seat, Trust
from ..reading.errors import QueryError
from .answers import Answer, Reason, cite
from .classes import in_among, uses_derived
from .quorate import find_body
from .readings import Reads, under_readings
from .rights import seat_rights

__all__ = ["eligible"]

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
    rule = found.chair if office == "chair" else found.vice_chair
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
            return answer("unspecified")
        return answer("eligible" if held else "ineligible")
    for inel in rule.ineligible:
        if inel.seat == seat.id:
            reasons.append(
                Reason(f"`{seat.id}` may not be {office}.", cite(trust, inel.source or rule.source))
            )
            return answer("ineligible")
    value = "eligible"
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
        other = found.seat(other_holder) if other_holder else None
        if other_holder and other is None:
            raise QueryError(f"`{found.id}` has no seat `{other_holder}`")
        if other is None:
            reasons.append(
                Reason(
                    f"The {office} may not represent the same organisation as the "
                    f"{rule.different_partner_from}; name its holder to check.",
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
    how = " ".join(w for w in (rule.selection or "chosen", f"by {rule.by}" if rule.by else "") if w)
    bars = "nothing in the rules bars" if value == "eligible" else "no rule bars outright"
    reasons.insert(0, Reason(f"The {office} is {how}; {bars} `{seat.id}`.", source))
    return answer(value)


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
