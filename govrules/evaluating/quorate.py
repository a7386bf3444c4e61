"""Is a meeting quorate? Pure functions over a loaded trust."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from fractions import Fraction
from typing import NamedTuple

from ..language.phrasebook import (
    INQUORATE_EFFECT,
    QUORUM_OF,
    STATUS,
    code_list,
    describe_quorum,
    presence_words,
    quorum_attends,
    quorum_measure,
)
from ..language.ratio import parse_ratio
from ..language.schema import (
    Body,
    Office,
    Presence,
    Quorum,
    QuorumVariation,
    Seat,
    Status,
    Trust,
    Voting,
)
from ..reading.errors import QueryError
from .answers import QuorumAnswer, Reason, SourceRef, cite
from .classes import matches, partners_of_kind, read_partner_kinds, uses_derived
from .conditions import Matter
from .inoffice import InOffice, OfficeFacts, check_attendance, in_office, up_to_places
from .lacking import asker, how, named
from .matters import kinds_in_play, quorum_for, read_kind, varied_quorum
from .readings import Reads, kinds_under_readings, under_readings
from .rights import seat_rights
from .rulekind import (
    Altered,
    Aspect,
    Check,
    Problem,
    RuleKind,
    Side,
    pairs,
    settled,
    unsettled_words,
)

# The quorum's words are the phrasebook's; ``describe_quorum``, ``presence_words`` and
# ``quorum_measure`` are named here too, beside the rule they word.
__all__ = [
    "KIND",
    "StandIns",
    "attendance",
    "describe_quorum",
    "meeting_quorum",
    "presence_words",
    "quorum",
    "quorum_measure",
    "required_attendance",
]


def find_body(trust: Trust, body_id: str) -> Body:
    """The body, or an external body the MoU refers to (whose rules it does not set)."""
    if not isinstance(trust, Trust):
        raise QueryError(
            f"expected a loaded trust, got {type(trust).__name__}: use govrules.load(name_or_path)"
        )
    if not isinstance(body_id, str):
        raise QueryError(f"a body is named by its id, not by a {type(body_id).__name__}")
    body = trust.body(body_id)
    if body is None and (external := trust.external(body_id)) is not None:
        outside = (
            f"{external.name} is outside the trust: the MoU refers to it but does not set its rules"
        )
        return Body(
            id=external.id,
            name=external.name,
            source=external.source,
            note=outside,
            quorum=Quorum(status=Status.UNSPECIFIED, note=outside, source=external.source),
            voting=Voting(status=Status.UNSPECIFIED, note=outside, source=external.source),
        )
    if body is None:
        known = ", ".join(b.id for b in trust.bodies)
        raise QueryError(f"trust `{trust.id}` has no body `{body_id}` (bodies: {known})")
    return body


def attendance(body: Body, seat_ids: Iterable[str], what: str = "present") -> Counter[str]:
    """Count seat ids, refusing unknown seats and more attendees than a seat has places."""
    counts = (
        seat_ids.counted(what) if isinstance(seat_ids, SeatsNamed) else _counted(seat_ids, what)
    )
    check_places(body, counts, what)
    return counts


def check_places(body: Body, counts: Counter[str], what: str = "present") -> None:
    """Refuse unknown seats and more attendees than a seat has places, in ``counts`` (seat
    ids counted, as :func:`attendance` counts them)."""
    for seat_id, n in counts.items():
        seat = body.seat(seat_id)
        if seat is None:
            known = ", ".join(s.id for s in body.seats) or "none"
            raise QueryError(f"`{body.id}` has no seat `{seat_id}` in {what} (seats: {known})")
        if n > seat.count and seat.count_stated:
            places = "place" if seat.count == 1 else "places"
            raise QueryError(
                f"seat `{seat_id}` listed {n} times in {what} but has {seat.count} {places}"
            )


def _counted(seat_ids: Iterable[str], what: str) -> Counter[str]:
    """Seat ids counted, each once for every time it is named (the places are not checked)."""
    if isinstance(seat_ids, str):
        raise QueryError(f"give {what} as a list of seat ids, such as ['vcs', 'schools']")
    seat_ids = list(seat_ids)
    if not all(isinstance(s, str) for s in seat_ids):
        raise QueryError(f"give {what} as a list of seat ids, such as ['vcs', 'schools']")
    return Counter(s.strip() for s in seat_ids if s.strip())


class SeatsNamed:
    """The seat ids a question names (those present), counted once for every reading it is
    evaluated under: the count is the question's; the check against each reading's places
    (:func:`attendance`) is that reading's (benchmarks/library.py, a quorum of the seats
    present: 3 evaluations). The count is only read."""

    __slots__ = ("_counts", "ids")

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self._counts: dict[str, Counter[str]] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def counted(self, what: str) -> Counter[str]:
        found = self._counts.get(what)
        if found is None:  # a list refused is refused again, with the same words
            found = self._counts[what] = _counted(self.ids, what)
        return found


def required_attendance(rule: Quorum, membership: int) -> int:
    """The least attendance that meets ``rule`` for a membership of ``membership``."""
    if rule.number is not None:
        return max(rule.number, rule.minimum or 0)
    fraction = rule.fraction
    assert fraction is not None  # a stated quorum has a measure (schema check)
    if type(membership) is not int:  # a non-whole vacancy count: keep exact Fraction arithmetic
        return _required_fraction(rule, fraction, membership)
    # Whole numbers only (no Fraction objects): the share is p*m/q, its floor p*m//q and its
    # ceiling -(-p*m//q). Rounding up or down first leaves a whole number, whose floor and
    # ceiling are itself.
    product, q = fraction.numerator * membership, fraction.denominator
    floor, ceiling = product // q, -(-product // q)
    if rule.rounding == "up":
        floor = ceiling
    elif rule.rounding == "down":
        ceiling = floor
    needed = floor + 1 if rule.more_than is not None else ceiling
    if rule.minimum is not None:
        needed = max(needed, rule.minimum)
    return needed


def _required_fraction(rule: Quorum, fraction: Fraction, membership: float) -> int:
    exact: Fraction | float = fraction * membership
    if rule.rounding == "up":
        exact = Fraction(math.ceil(exact))
    elif rule.rounding == "down":
        exact = Fraction(math.floor(exact))
    needed = math.floor(exact) + 1 if rule.more_than is not None else math.ceil(exact)
    if rule.minimum is not None:
        needed = max(needed, rule.minimum)
    return needed


def quorum(
    trust: Trust,
    body: str,
    *,
    present: Iterable[str] | None = None,
    count: int | None = None,
    vacancies: int | None = None,
    vacant: Iterable[str] | None = None,
    suspended: Iterable[str] | None = None,
    matter: str | None = None,
) -> QuorumAnswer:
    """Is a meeting of ``body`` with these attendees (or this many) quorate?

    A pure function of the immutable trust and the question, answered afresh every time.
    ``incomplete`` (with ``needs``) where the answer turns on a fact the question does not
    give: who attended, for a quorum that must include someone; the vacancies, for a quorum of
    the seats filled. Membership in office (:mod:`govrules.evaluating.inoffice`): ``vacancies``
    counts the
    vacant places, ``vacant`` names their seats (once per place), ``suspended`` the seats of
    suspended members. The kind of matter (``matter``), for a quorum that differs by kind.

    :raises QueryError: unknown body, seat or kind of matter, a seat over-counted, more
        attendees than members in office, more places vacant or suspended than there are, or
        neither/both of ``present`` and ``count`` given.
    """
    present = list(present) if present is not None and not isinstance(present, str) else present
    office_facts = OfficeFacts.of(vacancies, vacant, suspended)
    return meeting_quorum(trust, body, present, count, office_facts, matter)


def meeting_quorum(
    trust: Trust,
    body: str,
    present: list[str] | str | None,
    count: int | None,
    office_facts: OfficeFacts,
    matter: str | None,
    stand_ins: StandIns | None = None,
) -> QuorumAnswer:
    """:func:`quorum` for facts already gathered, and for a meeting record, whose members
    standing in for others (``stand_ins``) no question names."""
    from .matters import check_kind, kinds_source, over_kinds

    kind = check_kind(trust, matter)
    # Counted once for all the readings (a string is refused by each, as before).
    named = SeatsNamed(present) if isinstance(present, list) else present

    def ask(each: str | None) -> QuorumAnswer:
        def evaluate(t: Trust, reads: Reads, explain: bool = True) -> QuorumAnswer:
            return evaluate_quorum(
                t,
                body,
                named,
                count,
                office_facts,
                reads,
                matter=each,
                stand_ins=stand_ins,
                explain=explain,
            )

        return under_readings(
            trust,
            evaluate,
            facts=("required", "membership", "inquorate_decisions"),
            words=_quorum_words,
            unexplained=lambda t, reads: evaluate(t, reads, explain=False),
        )

    if kind is not None:
        return ask(kind)
    found = find_body(trust, body)
    rule = found.quorum
    return over_kinds(
        list(_quorum_kinds(trust, found.id)),
        ask,
        key=lambda a: a.answer,
        words=lambda a: a.answer if a.required is None else f"{a.answer} ({a.required} needed)",
        unsettled={"required": None},
        source=kinds_source(trust, None, rule),
    )


_KINDS = "_quorum_kinds"


def _quorum_kinds(trust: Trust, body: str) -> tuple[str, ...]:
    """The kinds of matter the quorum of ``body`` (a body of ``trust`` or one it refers to)
    treats differently under some reading: derived once per trust and body, as every
    question that does not say its kind asks it (benchmarks/library.py, a quorum)."""
    known: dict[str, tuple[str, ...]] = trust.__dict__.setdefault(_KINDS, {})
    found = known.get(body)
    if found is None:

        def kinds_of(read: Trust) -> list[str]:
            here = find_body(read, body)
            quorum = here.quorum
            # A quorum of the voting seats counts a seat whose vote turns on the kind only
            # on some.
            voting = here.voting if quorum is not None and quorum.of == "voting-seats" else None
            return kinds_in_play(voting, quorum)

        scope = (f"{body}.quorum", f"{body}.voting")
        found = known[body] = tuple(kinds_under_readings(trust, scope, kinds_of))
    return found


def _quorum_words(answer: QuorumAnswer) -> str:
    """An outcome with the number behind it."""
    if answer.required is None:
        return answer.answer
    of = f" of {answer.membership}" if answer.membership is not None else ""
    return f"{answer.answer} ({answer.required}{of} needed)"


def evaluate_quorum(
    trust: Trust,
    body: str,
    present: Iterable[str] | None,
    count: int | None,
    facts: OfficeFacts,
    reads: Reads,
    *,
    matter: str | None = None,
    stand_ins: StandIns | None = None,
    explain: bool = True,
) -> QuorumAnswer:
    """The quorum answer under one reading of ``trust``, recording in ``reads`` the rules it
    reads: :func:`quorum` calls it under each reading its question touches, and ``vote``
    within its own evaluation, so the quorum's readings combine with the vote's.
    ``stand_ins``: those present for an absent member (a meeting record's substitutes).
    ``explain=False``: the lines on the rule itself (the quorum, what the vacancies change,
    what an inquorate meeting's decisions are) are left out, for an answer under a reading
    whose explanation is not shown (benchmarks/library.py, a quorum)."""
    found = find_body(trust, body)
    # Read before the facts are checked against the places: a reading with more places may
    # admit what this one refuses (the schools' three places, Suffolk A 3.2.1).
    reads.read(f"{found.id}.seats")
    reads.read(f"{found.id}.quorum")
    read_kind(matter, reads)
    office = in_office(found, facts)
    if (present is None) == (count is None):
        raise QueryError("give either the seats present or a count of attendees, not both")
    counts: Counter[str] | None = None
    if present is not None:
        counts = attendance(found, present)
        attending = sum(counts.values())
    else:
        assert count is not None
        if not isinstance(count, int) or isinstance(count, bool):
            raise QueryError(f"the count of attendees is a whole number, not `{count!r}`")
        if count < 0:
            raise QueryError("the count of attendees cannot be negative")
        attending = count
    if attending > found.members_total and found.seats and found.membership_known:
        raise QueryError(
            f"{attending} attendees, but `{found.id}` has only {found.members_total} places"
        )
    check_attendance(found, office, counts, attending, "present")

    needs: list[str] = []

    def answer(
        value: str, reasons: list[Reason], required: int | None, membership: int | None = None
    ) -> QuorumAnswer:
        rule = found.quorum
        return QuorumAnswer(
            needs=tuple(needs) if value == "incomplete" else (),
            trust=trust.id,
            body=found.id,
            question="quorum",
            answer=value,
            explanation=tuple(reasons),
            required=required,
            present=attending,
            membership=membership,
            inquorate_decisions=rule.inquorate_decisions if rule and rule.settled else None,
        )

    rule = found.quorum
    if rule is None:
        return answer(
            "unspecified",
            [Reason(f"The MoU states no quorum for the {found.name}.", cite(trust, found.source))],
            None,
        )
    if not rule.settled:
        text = f"{STATUS[rule.status].lead} the quorum of the {found.name}"
        text += f": {rule.note}" if rule.note else "."
        return answer("unspecified", [Reason(text, cite(trust, rule.source))], None)
    # Asked with no kind where this reading's rules treat some kinds differently: a kind
    # only a combination of readings brings was not among those asked about.
    if rule.of == "voting-seats":
        reads.read(f"{found.id}.voting")  # the kinds its voting rule treats differently
    differ = kinds_in_play(found.voting if rule.of == "voting-seats" else None, rule)
    if matter is None and differ:
        needs.append("--matter")
        why = (
            f"The quorum treats matters of kind {code_list(differ)} differently, and "
            f"{asker()} does not say what kind of matter this is (give {how('--matter')})."
        )
        return answer("incomplete", [Reason(why, cite(trust, rule.source))], None)

    reasons: list[Reason] = []
    general = rule
    rule, variation = quorum_for(rule, matter)  # a quorum of its own for some kinds
    varied = (
        [
            Reason(
                f"On a matter of kind `{matter}` the quorum is {quorum_measure(rule)}, not "
                f"{quorum_measure(general)} as for other matters.",
                cite(trust, variation.source or general.source),
            )
        ]
        if variation is not None
        else []
    )
    membership = found.members_total
    if rule.number is None and not found.membership_known:
        unknown = ", ".join(s.id for s in found.seats if not s.count_stated)
        reasons.append(
            Reason(
                f"The quorum is a share of the membership, but the MoU does not give the number "
                f"of places for: {unknown}.",
                cite(trust, rule.source),
            )
        )
        return answer("unspecified", reasons, None)
    # A fixed number is the same whatever the membership (GR204 flags `of` written on one).
    filled = rule.of == "filled-seats" and rule.number is None
    voting_seats: set[str] = set()  # a quorum of voting places: the seats that vote
    non_voting = 0  # and the places that do not
    if rule.of == "voting-seats":
        rights = seat_rights(trust, found, None, Matter(kind=matter), reads=reads)
        if rights.undetermined:
            seats = ", ".join(sorted({r.seat for r in rights.undetermined}))
            reasons.append(
                Reason(
                    f"The quorum is a share of the voting membership, but the MoU does not settle "
                    f"whether {seats} vote.",
                    cite(trust, rule.source),
                )
            )
            return answer("unspecified", reasons, None)
        voting_seats = {r.seat for r in rights.voters}
        membership = sum(s.count for s in found.seats if s.id in voting_seats)
        # The non-voting members who could be among those counted: none of a place that is
        # vacant or whose member is suspended.
        non_voting = found.members_total - membership
        non_voting -= sum(office.out(s.id) for s in found.seats if s.id not in voting_seats)
        if counts is not None:
            attending = sum(n for s, n in counts.items() if s in voting_seats)
    elif filled:
        membership = office.members
        if office.given:
            reasons.append(_in_office_reason(trust, rule, office))
        if not office.stated:
            # Fewer seats filled only lowers the number needed: quorate with every seat filled
            # is quorate with any vacancies; otherwise the vacancies decide.
            # The fewest members in office are those present.
            fewest = required_attendance(rule, attending)
            said, option = _at_either_end(
                cite(trust, rule.source),
                attending,
                required_attendance(rule, membership),
                fewest,
                "Quorate with every seat filled, so quorate whatever the vacancies.",
                f"Inquorate whatever the vacancies: were only the {attending} present in "
                f"office, {fewest} would be needed.",
                "The quorum is a share of the seats filled, and with every seat filled this is "
                f"not enough: give {named('--vacancies')} to settle it.",
                "--vacancies",
            )
            reasons.append(said)
            needs += [option] if option else []
    up_to = found.up_to_seats
    spread = unfilled = 0
    if up_to and rule.number is None and filled:
        names = ", ".join(f"{s.id} (up to {s.count})" for s in up_to)
        reasons.append(Reason(f"Seats with a maximum are counted at that maximum: {names}."))
    elif up_to and rule.number is None:
        # "May co-opt up to two": a place not filled is no one's, so the membership counts
        # the places filled. Those the question names vacant are not filled; unless it names
        # every vacancy, how many of the others are is not known.
        counted_in = [s for s in up_to if rule.of != "voting-seats" or s.id in voting_seats]
        places = up_to_places(counted_in, office, counts)
        unfilled, spread, names = places.unfilled, places.open, places.words
        membership -= unfilled
        # Cited to the seat's own clause: "up to" is the document's.
        seat_source = cite(trust, counted_in[0].source) if counted_in else None
        if spread:
            reasons.append(
                Reason(
                    f"Seats of up to some number of places count the places filled: {names}; "
                    "how many are filled is not given, so they are counted at the most.",
                    seat_source,
                )
            )
        elif counted_in:
            reasons.append(
                Reason(
                    f"Seats of up to some number of places count those filled: {names}.",
                    seat_source,
                )
            )

    if office.given and not filled and not unfilled and explain:
        reasons.append(_no_effect_reason(trust, rule, office, found.membership_known))
    needed = required_attendance(rule, membership)
    if spread:
        fewest = required_attendance(rule, membership - spread)
        said, option = _at_either_end(
            cite(trust, rule.source),
            attending,
            needed,
            fewest,
            "Quorate however many of those places are filled.",
            f"Inquorate however many of those places are filled: with none, {fewest} of "
            f"{membership - spread} would be needed.",
            f"With none of them filled, {fewest} of {membership - spread} would be needed: "
            f"name {named('--vacant')} to settle it.",
            "--vacant",
        )
        reasons.append(said)
        needs += [option] if option else []
    if office.given and found.membership_known and needed > office.members:
        reasons.append(
            Reason(
                f"Only {office.members} member(s) are in office, fewer than the {needed} "
                "needed: no meeting can be quorate until places are filled.",
                cite(trust, rule.source),
            )
        )
    basis = "" if rule.number is not None else f" of {membership} seats"
    met = attending >= needed
    if met and counts is None and attending - non_voting < needed:
        # Only voting members count, and a count does not say who came: met only if it is
        # met with every non-voting place among those counted.
        needs.append("--present")
        reasons.append(
            Reason(
                f"Only voting members count toward this quorum, and {non_voting} of the places "
                f"do not vote: give {named('--present')} to settle it.",
                cite(trust, rule.source),
            )
        )
        met = False
    if explain:
        reasons.insert(
            0,
            Reason(
                f"Quorate when {quorum_attends(rule)}: {needed}{basis} needed, "
                f"{attending} present.",
                cite(trust, rule.source),
            ),
        )
    reasons[1:1] = varied
    value = "quorate" if met else "inquorate"
    if needs and value == "inquorate":
        value = "incomplete"
    votes: dict[str, bool | None] = {}
    if any(_derived(p) for p in rule.must_include):
        rights = seat_rights(trust, found, None, reads=reads)
        votes.update({r.seat: True for r in rights.voters})
        votes.update({r.seat: False for r in rights.non_voters})
    if any(p.each_partner_of_kind is not None for p in rule.must_include):
        read_partner_kinds(found, reads)
    for presence in rule.must_include:
        if presence.office is not None:
            reads.read(f"{found.id}.{'vice_chair' if presence.office == 'vice-chair' else 'chair'}")
            if presence.office == "chair-or-vice-chair":
                reads.read(f"{found.id}.vice_chair")
        ok = _presence_met(trust, found, presence, counts, votes, stand_ins)
        label = presence_words(presence, trust)
        least = _presence_least(found, presence)
        if counts is None and (least is None or attending < least):
            # No attendance of this size can include them: no fact is missing.
            text = (
                f"The quorum needs {label}, which {attending} attendee(s) cannot include."
                if least is not None
                else f"The quorum needs {label}, and the {found.name} has too few such places "
                "for any meeting to include them."
            )
            reasons.append(Reason(text, cite(trust, presence.source or rule.source)))
            value = "inquorate"
        elif ok is None and counts is None:
            # Who attended is a fact of the meeting, not something the MoU leaves open.
            reasons.append(
                Reason(
                    f"The quorum also needs {label}; give {named('--present')} to check it.",
                    cite(trust, presence.source or rule.source),
                )
            )
            if value in ("quorate", "incomplete"):
                value = "incomplete"
                if "--present" not in needs:  # one option, however many requirements
                    needs.append("--present")
        elif ok is None:
            why = (
                "the MoU does not say who holds that office"
                if presence.office is not None
                else "the MoU does not settle whether enough of those present vote"
                if stand_ins is None
                else "whether enough of those present may vote, the substitutes among them, "
                "is not settled"
            )
            reasons.append(
                Reason(
                    f"The quorum also needs {label}, and {why}, so whether they are present "
                    "is not settled.",
                    cite(trust, presence.source or rule.source),
                )
            )
            if value == "quorate":
                value = "unspecified"
        elif not ok:
            reasons.append(
                Reason(
                    f"The quorum needs {label}, who is not present.",
                    cite(trust, presence.source or rule.source),
                )
            )
            value = "inquorate"
        else:
            reasons.append(
                Reason(
                    f"The quorum needs {label}: present.",
                    cite(trust, presence.source or rule.source),
                )
            )
    if value == "incomplete" and counts is None:
        least = _presences_least(found, rule.must_include)
        if attending < least:
            reasons.append(
                Reason(
                    f"Together the presence rules need at least {least} attendees, so "
                    f"{attending} cannot meet them whoever attended.",
                    cite(trust, rule.must_include[0].source or rule.source),
                )
            )
            value = "inquorate"
    if value == "inquorate":
        needs.clear()
        if explain:
            reasons.append(_inquorate_effect(trust, rule))
    return answer(value, reasons, needed, membership)


def _at_either_end(
    source: SourceRef | None,
    attending: int,
    needed_at_most: int,
    needed_at_least: int,
    quorate: str,
    inquorate: str,
    open_: str,
    option: str,
) -> tuple[Reason, str | None]:
    """A quorum of a membership the question leaves between two ends (the seats filled, the
    places "up to" some number): the number needed never falls as the membership grows, so
    met at the larger end it is met at any, and short at the smaller it is short at any.
    The reason for the case (citing ``source`` where it is not met at the larger end), and the
    option that would settle it where the ends differ."""
    if attending >= needed_at_most:
        return Reason(quorate), None
    if attending < needed_at_least:
        return Reason(inquorate, source), None
    return Reason(open_, source), option


def _in_office_reason(trust: Trust, rule: Quorum, office: InOffice) -> Reason:
    # A suspended member holds a place but may not act in it, so fills none for the quorum.
    text = f"Of {office.places} places, {office.words()}: {office.members} member(s) in office"
    if not office.stated:
        text += " if no place is vacant"
    return Reason(text + ".", cite(trust, rule.source))


def _no_effect_reason(trust: Trust, rule: Quorum, office: InOffice, known: bool) -> Reason:
    counted = (
        "a number of members"
        if rule.number is not None
        else f"a share of {QUORUM_OF[rule.of].places}"
    )
    # Where some seats have no stated number, the members in office are not known either.
    can = f"; {office.members} member(s) in office can attend" if known else ""
    return Reason(
        f"The quorum is {counted}, vacant or not, so the membership in office given "
        f"({office.words()}) does not change the number needed{can}.",
        cite(trust, rule.source),
    )


def _presence_candidates(body: Body, presence: Presence) -> tuple[frozenset[str] | None, int]:
    """The seats that can meet a presence rule (``None``: any seat) and how many it needs."""
    if presence.classes or presence.each_partner_of_kind is not None:
        # Who belongs to a class, or how many partners of a kind there are, is not counted
        # here: no count is taken as too small for such a rule (the answer asks who attended).
        return None, presence.at_least
    if presence.office is not None:
        offices = _offices(body, presence)
        if any(o is None or o.seat is None for o in offices):
            return None, 1  # an elected holder (or none named): any member might hold it
        return frozenset(o.seat for o in offices if o is not None and o.seat), 1
    if presence.partner is not None:
        seats = frozenset(s.id for s in body.seats if s.partner == presence.partner)
    else:
        seats = frozenset(presence.seats)
    return seats, presence.at_least


def _presence_least(body: Body, presence: Presence) -> int | None:
    """The fewest attendees that can meet ``presence`` (``None``: no meeting can)."""
    seats, need = _presence_candidates(body, presence)
    if seats is not None:
        places = sum(s.count for s in body.seats if s.id in seats)
        if places < need and all(s.count_stated for s in body.seats if s.id in seats):
            return None
    return need


def _presences_least(body: Body, presences: tuple[Presence, ...]) -> int:
    """A floor on the attendance meeting every presence rule at once: the largest total over
    rules whose seats cannot overlap (each such rule needs attendees of its own)."""
    rules = [_presence_candidates(body, p) for p in presences[:12]]
    best = 0
    for mask in range(1, 1 << len(rules)):
        chosen = [rules[i] for i in range(len(rules)) if mask >> i & 1]
        sets = [s for s, _ in chosen]
        if len(chosen) > 1 and any(s is None for s in sets):
            continue
        if all(
            a is not None and b is not None and not a & b
            for i, a in enumerate(sets)
            for b in sets[i + 1 :]
        ):
            best = max(best, sum(n for _, n in chosen))
    return best


def _derived(presence: Presence) -> bool:
    return uses_derived(presence.classes)


def _inquorate_effect(trust: Trust, rule: Quorum) -> Reason:
    source = cite(trust, rule.inquorate_source or rule.source)
    return Reason(INQUORATE_EFFECT[rule.inquorate_decisions].sentence, source)


def _offices(body: Body, presence: Presence) -> list[Office | None]:
    """The offices whose holder a presence rule asks for."""
    assert presence.office is not None
    return {
        "chair": [body.chair],
        "vice-chair": [body.vice_chair],
        "chair-or-vice-chair": [body.chair, body.vice_chair],
    }[presence.office]


# A named tuple, not a frozen dataclass: defining a dataclass costs some 0.4 ms, and every
# question imports this module (benchmarks/cli.py: a first-time question).
class StandIns(NamedTuple):
    """Members present in the place of absent ones (substitutes, deputies), by seat, and
    whether they may vote (``None``: the MoU does not say). A quorum counts them as its rule
    on substitutes says; a presence rule of members with a vote counts them only if they may
    vote ("an officer acting for an executive director ... may not vote", a quorum needing
    an executive director with a vote)."""

    seats: Counter[str]
    votes: bool | None
    unsure: Counter[str]
    """Members present who may or may not be among them (one of a seat's two left the room,
    and the record does not say which)."""

    def vote(self, seat_votes: bool | None) -> bool | None:
        """Whether such a member in a seat that votes (or not, or not settled) votes."""
        if self.votes is True or seat_votes is False:
            return seat_votes
        return None if self.votes is None else False


def _presence_met(
    trust: Trust,
    body: Body,
    presence: Presence,
    counts: Counter[str] | None,
    votes: dict[str, bool | None],
    stand_ins: StandIns | None = None,
) -> bool | None:
    if counts is None:
        return None
    if presence.office is not None:
        offices = _offices(body, presence)
        seats = [o.seat for o in offices if o is not None and o.seat is not None]
        if any(counts.get(s, 0) > 0 for s in seats):
            return True
        if any(o is not None and o.seat is None for o in offices):
            return None  # an elected holder: who holds it is not in the trust file
        return False if seats else None
    kind = presence.each_partner_of_kind
    if kind is None:
        return _members_present(trust, body, presence, counts, votes, presence.partner, stand_ins)
    # Each partner of the kind with a seat on the body: every one must be met.
    results = [
        _members_present(trust, body, presence, counts, votes, partner, stand_ins)
        for partner in partners_of_kind(trust, body, kind)
    ]
    if False in results:
        return False
    return None if None in results else True


def _members_present(
    trust: Trust,
    body: Body,
    presence: Presence,
    counts: Counter[str],
    votes: dict[str, bool | None],
    partner: str | None,
    stand_ins: StandIns | None = None,
) -> bool | None:
    # Every member present from any seat that fits counts: a `partner` presence is met by
    # members of any of the partner's seats, narrowed by `classes` where given. A member
    # standing in for another has the seat's classes, but a vote only as the rule on
    # substitutes gives one.
    found = unsure = 0
    for seat_id, n in counts.items():
        seat = body.seat(seat_id)
        if seat is None:
            continue
        own_vote = votes.get(seat_id)
        groups = [(n, own_vote)]
        if stand_ins is not None and (stand_ins.seats[seat_id] or stand_ins.unsure[seat_id]):
            standing = min(n, stand_ins.seats[seat_id])
            maybe = min(n - standing, stand_ins.unsure[seat_id])
            theirs = stand_ins.vote(own_vote)
            groups = [
                (n - standing - maybe, own_vote),
                (standing, theirs),
                (maybe, own_vote if theirs == own_vote else None),
            ]
        for members, vote in groups:
            fits = matches(
                trust,
                seat,
                seats=presence.seats,
                partner=partner,
                classes=presence.classes,
                votes=vote,
            )
            if fits:
                found += members
            elif fits is None:
                unsure += members
    if found >= presence.at_least:
        return True
    return None if found + unsure >= presence.at_least else False


# --- what diff compares and validate checks -------------------------------------------------


def _quorum_key(rule: Quorum | None) -> Hashable:
    if rule is None or not rule.settled:
        return None
    if rule.number is not None:
        return ("number", rule.number)  # a number ignores `of`, `rounding` and `minimum`
    return (
        "share",
        rule.fraction,
        rule.more_than is not None,
        rule.of,
        rule.rounding,
        rule.minimum,
    )


def _quorum_membership(trust: Trust, body: Body, rule: Quorum) -> int | None:
    """The membership the quorum is a share of, as the engine counts it (``quorate``)."""
    if not body.seats:
        return None
    if rule.of != "voting-seats" or rule.number is not None:
        return body.members_total  # filled seats: every place taken to be filled
    rights = seat_rights(trust, body, None)
    if rights.undetermined:
        return None
    voting = {r.seat for r in rights.voters}
    return sum(s.count for s in body.seats if s.id in voting)


def _needed(trust: Trust, body: Body, rule: Quorum | None) -> tuple[int, int] | None:
    """(attendance needed, membership) under ``rule``, where both are known."""
    if rule is None or not rule.settled:
        return None
    membership = _quorum_membership(trust, body, rule)
    if membership is None:
        return None
    return required_attendance(rule, membership), membership


def _rule_words(trust: Trust, body: Body, rule: Quorum | None) -> str:
    """The rule with the attendance it needs: "at least 50% of the membership (9 of 17)"."""
    if rule is None or not rule.settled:
        return unsettled_words(rule)
    words = quorum_measure(rule)
    needed = _needed(trust, body, rule)
    if needed is None:
        if body.seats:
            words += " (the number needed is not settled: some seats' right to vote is open)"
        return words
    tail = "" if rule.number is not None else QUORUM_OF[rule.of].counted
    return f"{words} ({needed[0]} of {needed[1]}{tail})"


def _quorum_changes(old: Side, new: Side) -> Iterator[Altered]:
    before_rule, after_rule = old.body.quorum, new.body.quorum
    same_rule = _quorum_key(before_rule) == _quorum_key(after_rule)
    if not same_rule:
        yield _rule_change(old, new)
    if (
        before_rule is None
        or after_rule is None
        or not (before_rule.settled and after_rule.settled)
    ):
        return
    if same_rule:
        yield from _attendance_changes(old, new, before_rule, after_rule)
    yield from _presence_changes(new.body, before_rule, after_rule, old.trust, new.trust)
    yield from _inquorate_changes(new.body, before_rule, after_rule)
    yield from _matter_quorum_changes(new.body, before_rule, after_rule)


def _rule_change(old: Side, new: Side) -> Altered:
    # Each side is computed with its own membership, so a change of seats shows too.
    before = _rule_words(old.trust, old.body, old.body.quorum)
    after = _rule_words(new.trust, new.body, new.body.quorum)
    text = f"Quorum of the {new.body.name}: from {before} to {after}."
    rule = new.body.quorum
    if settled(old.body.quorum) and rule is not None and rule.note and not rule.settled:
        text += f" {rule.note}"
    if rule is not None:
        return Altered("quorum-changed", text, before, after, rule.source)
    was = old.body.quorum
    return Altered("quorum-changed", text, before, after, was.source if was else None, True)


def _attendance_changes(
    old: Side, new: Side, before_rule: Quorum, after_rule: Quorum
) -> Iterator[Altered]:
    """The same rule over a different membership can need a different attendance."""
    before = _needed(old.trust, old.body, before_rule)
    after = _needed(new.trust, new.body, after_rule)
    if before is None or after is None or before[0] == after[0]:
        return
    rule_words = describe_quorum(after_rule).rstrip(".")
    was, now = f"{before[0]} of {before[1]}", f"{after[0]} of {after[1]}"
    text = (
        f"Quorum of the {new.body.name}: from {was} to {now} present; the rule is the same "
        f"({rule_words[0].lower()}{rule_words[1:]}) but the membership it counts changed."
    )
    yield Altered("quorum-attendance-changed", text, was, now, after_rule.source)


def _presence_key(p: Presence) -> Hashable:
    return (
        p.office,
        frozenset(p.seats),
        p.partner,
        frozenset(p.classes),
        p.each_partner_of_kind,
        p.at_least,
    )


def _presence_text(p: Presence, trust: Trust) -> str:
    if p.office is None and p.partner is None and p.seats and not p.classes:
        # (seats named alone: sorted, so a reordering reads the same)
        return f"at least {p.at_least} of " + ", ".join(f"`{s}`" for s in sorted(p.seats))
    return presence_words(p, trust)


def _presence_changes(
    new: Body, before_rule: Quorum, after_rule: Quorum, old_trust: Trust, new_trust: Trust
) -> Iterator[Altered]:
    for old_p, new_p in pairs(before_rule.must_include, after_rule.must_include, _presence_key):
        if old_p is None and new_p is not None:
            words = _presence_text(new_p, new_trust)
            text = f"The quorum of the {new.name} now also needs {words} present."
            source = new_p.source or after_rule.source
            yield Altered("quorum-presence-added", text, None, words, source)
        elif new_p is None and old_p is not None:
            words = _presence_text(old_p, old_trust)
            text = f"The quorum of the {new.name} no longer needs {words} present."
            source = old_p.source or before_rule.source
            yield Altered("quorum-presence-removed", text, words, None, source, True)


def _inquorate_changes(new: Body, before_rule: Quorum, after_rule: Quorum) -> Iterator[Altered]:
    if before_rule.inquorate_decisions == after_rule.inquorate_decisions:
        return
    before = INQUORATE_EFFECT[before_rule.inquorate_decisions].value
    after = INQUORATE_EFFECT[after_rule.inquorate_decisions].value
    text = f"Decisions of an inquorate meeting of the {new.name}: from {before} to {after}."
    source = after_rule.inquorate_source or after_rule.source
    yield Altered("inquorate-decisions-changed", text, before, after, source)


def _matter_quorum_key(rule: Quorum) -> Hashable:
    return frozenset(
        (frozenset(q.matters), q.at_least and parse_ratio(q.at_least), q.more_than and
         parse_ratio(q.more_than), q.number, q.minimum)
        for q in rule.by_matter
    )  # fmt: skip


def _matter_quorum_words(rule: Quorum) -> str:
    if not rule.by_matter:
        return "none (every kind of matter has the same quorum)"
    parts = []
    for q in rule.by_matter:
        kinds = ", ".join(f"`{k}`" for k in q.matters)
        parts.append(f"on {kinds}, {quorum_measure(varied_quorum(rule, q))}")
    return "; ".join(parts)


def _matter_quorum_changes(new: Body, before_rule: Quorum, after_rule: Quorum) -> Iterator[Altered]:
    if _matter_quorum_key(before_rule) == _matter_quorum_key(after_rule):
        return
    before, after = _matter_quorum_words(before_rule), _matter_quorum_words(after_rule)
    text = f"Quorum for some kinds of matter in the {new.name}: from {before} to {after}."
    source = after_rule.by_matter[0].source if after_rule.by_matter else None
    yield Altered("matter-quorum-changed", text, before, after, source or after_rule.source)


def _quorum_problems(trust: Trust) -> Iterator[Problem]:
    """GR204 (a field a fixed number ignores), GR201 (a quorum larger than the membership),
    GR202 (a required presence no attendance can meet)."""
    for b, body in enumerate(trust.bodies):
        rule = body.quorum
        if rule is None or not rule.settled:
            continue
        ignored: list[str] = [f for f in ("rounding", "of") if f in rule.model_fields_set]
        if rule.number is not None and rule.minimum is not None and rule.minimum <= rule.number:
            ignored.append("minimum")
        for name in ignored if rule.number is not None else ():
            yield Problem(
                ("bodies", b, "quorum", name),
                "GR204",
                "warning",
                f"the quorum of `{body.id}` is a fixed number, so `{name}` has no effect",
                "remove it, or state the quorum as a fraction",
            )
        if not body.seats or not body.membership_known:
            continue
        needed = required_attendance(rule, body.members_total)
        if needed > body.members_total:
            yield Problem(
                ("bodies", b, "quorum"),
                "GR201",
                "error",
                f"the quorum of `{body.id}` needs {needed} present but it has only "
                f"{body.members_total} places",
                "no meeting could ever be quorate",
                rule.source.clause if rule.source else None,
            )
        for i, presence in enumerate(rule.must_include):
            yield from _unmeetable(trust, body, b, i, presence)


def _unmeetable(trust: Trust, body: Body, b: int, i: int, presence: Presence) -> Iterator[Problem]:
    at = ("bodies", b, "quorum", "must_include", i)
    if presence.seats:
        places = sum(s.count for s in body.seats if s.id in presence.seats)
        if presence.at_least > places:
            yield Problem(
                at,
                "GR202",
                "error",
                f"the quorum needs {presence.at_least} of {', '.join(presence.seats)}, "
                f"which have only {places} places",
            )
            return
    if presence.office is None and not uses_derived(presence.classes):
        kind = presence.each_partner_of_kind
        groups = [presence.partner] if kind is None else partners_of_kind(trust, body, kind)
        for partner in groups:
            fits = [s for s in body.seats if _fits(trust, s, presence, partner)]
            places = sum(s.count for s in fits)
            if presence.at_least > places:
                whose = f" (for `{partner}`)" if kind is not None else ""
                yield Problem(
                    at,
                    "GR202",
                    "error",
                    f"the quorum of `{body.id}` needs {presence_words(presence, trust)}, "
                    f"but its seats hold only {places} such member(s){whose}",
                    "no meeting could ever be quorate",
                )


def _fits(trust: Trust, seat: Seat, presence: Presence, partner: str | None) -> bool:
    return bool(
        matches(trust, seat, seats=presence.seats, partner=partner, classes=presence.classes)
    )


def _no_effect(trust: Trust) -> Iterator[Problem]:
    """GR206: `at_least` on an office's presence; a `minimum` that never binds; the parts of
    a quorum the document does not state (no answer reads them)."""
    for b, body in enumerate(trust.bodies):
        rule = body.quorum
        at = ("bodies", b, "quorum")
        if rule is not None and not rule.settled:
            for name in ("must_include", "by_matter", "minimum", "inquorate_decisions"):
                if name in rule.model_fields_set:
                    yield Problem(
                        (*at, name),
                        "GR206",
                        "warning",
                        f"the quorum of `{body.id}` is `{rule.status}`, so `{name}` has no "
                        "effect: every quorum answer is unspecified",
                        "state the quorum, or move what is known into its note",
                    )
        if rule is None or not rule.settled:
            continue
        for i, presence in enumerate(rule.must_include):
            if presence.office is not None and "at_least" in presence.model_fields_set:
                yield Problem(
                    (*at, "must_include", i, "at_least"),
                    "GR206",
                    "warning",
                    f"the quorum of `{body.id}` needs the holder of an office, one person, so "
                    "`at_least` has no effect",
                    "remove it",
                )
        if rule.minimum is None or rule.number is not None or not body.membership_known:
            continue  # a fixed number's minimum is GR204's; an unknown membership may be small
        # The least membership a meeting can have: every place, or (a quorum of the seats
        # filled) a single member in office. More members never need fewer present.
        least = 1 if rule.of == "filled-seats" else _least_membership(body, rule)
        if least is None:
            continue
        without = rule.model_copy(update={"minimum": None})
        fewest = required_attendance(without, least)
        if fewest >= rule.minimum:
            yield Problem(
                (*at, "minimum"),
                "GR206",
                "warning",
                f"the quorum of `{body.id}` needs at least {fewest} present without its "
                f"minimum, so `minimum: {rule.minimum}` never binds",
                "remove it, or check the fraction and the seats",
            )


def _least_membership(body: Body, rule: Quorum) -> int | None:
    if rule.of == "seats":
        return body.members_total
    return None  # the voting membership depends on the voting rule: not judged here


KIND = RuleKind(
    name="quorum",
    models=(Quorum, Presence, QuorumVariation),
    aspects=(
        Aspect(
            _quorum_changes,
            reads=(
                "Body.quorum",
                "Quorum.at_least",
                "Quorum.more_than",
                "Quorum.number",
                "Quorum.of",
                "Quorum.rounding",
                "Quorum.minimum",
                "Quorum.must_include",
                "Quorum.inquorate_decisions",
                "Quorum.by_matter",
                "Presence.office",
                "Presence.seats",
                "Presence.partner",
                "Presence.classes",
                "Presence.each_partner_of_kind",
                "Presence.at_least",
                "QuorumVariation.matters",
                "QuorumVariation.at_least",
                "QuorumVariation.more_than",
                "QuorumVariation.number",
                "QuorumVariation.minimum",
            ),
        ),
    ),
    checks=(
        Check(
            _quorum_problems,
            codes=("GR201", "GR202", "GR204"),
            reads=(
                "Quorum.at_least",
                "Quorum.more_than",
                "Quorum.number",
                "Quorum.of",
                "Quorum.rounding",
                "Quorum.minimum",
                "Quorum.must_include",
                "Presence.seats",
                "Presence.at_least",
                "Presence.office",
                "Presence.classes",
                "Presence.partner",
                "Presence.each_partner_of_kind",
            ),
        ),
        Check(
            _no_effect,
            codes=("GR206",),
            reads=(
                "Presence.at_least",
                "Quorum.minimum",
                "Quorum.must_include",
                "Quorum.by_matter",
                "Quorum.inquorate_decisions",
                "Rule.status",
            ),
        ),
    ),
    not_compared={
        "Quorum.inquorate_source": "a citation: where the effect of an inquorate meeting is stated",
        "Presence.source": "a citation",
        "QuorumVariation.source": "a citation",
        "QuorumVariation.note": "commentary",
    },
    not_linted={
        "Body.quorum": "each of its parts is checked above",
        "Quorum.inquorate_decisions": "any of its values is a rule a meeting can follow",
        "Quorum.inquorate_source": "a citation, checked with every other citation",
        "Quorum.by_matter": "checked with the kinds of matter (GR221)",
        "Presence.source": "a citation, checked with every other citation",
        "QuorumVariation.matters": "references, checked by the loader",
        "QuorumVariation.at_least": "checked with the kinds of matter (GR221)",
        "QuorumVariation.more_than": "checked with the kinds of matter (GR221)",
        "QuorumVariation.number": "checked with the kinds of matter (GR221)",
        "QuorumVariation.minimum": "checked with the kinds of matter (GR221)",
        "QuorumVariation.source": "a citation, checked with every other citation",
        "QuorumVariation.note": "commentary",
    },
)
"""The quorum: what ``diff`` compares of it and what ``validate`` checks."""
