"""Who may vote, and was a resolution carried? Pure functions over a loaded trust."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .answers import Reason, SeatRight, VoteAnswer, VotersAnswer, cite
from .concurrence import concurred_outcome, concurrence, concurrence_reasons
from .conditions import Matter
from .errors import QueryError
from .quorate import _quorum, attendance, find_body
from .ratio import describe_ratio
from .readings import Reads, under_readings
from .rights import Rights, seat_rights
from .schema import Body, Seat, Trust, Voting

__all__ = [
    "CASTING_WORDS",
    "describe_threshold",
    "member_weight",
    "seat_weights",
    "vote",
    "voters",
]

MAX_UNDETERMINED = 8
"""Seats of unsettled right whose every combination a vote is checked under (2**8 cases)."""


def voters(
    trust: Trust,
    body: str,
    procedure: str | None = None,
    affects: Iterable[str] | None = None,
    implementers: Iterable[str] | None = None,
) -> VotersAnswer:
    """Which seats of ``body`` may vote (under ``procedure``, on a matter that affects or
    is implemented by the given partners or seats)?

    A pure function of the immutable trust and the question, answered afresh every time.

    :raises QueryError: unknown body, procedure, partner or seat.
    """
    affects = None if affects is None else list(affects)
    implementers = None if implementers is None else list(implementers)
    return under_readings(
        trust,
        lambda t, reads: _voters(t, body, procedure, affects, implementers, reads),
        key=_voters_key,
        disagree=_voters_disagree,
    )


def _voters_key(answer: VotersAnswer) -> tuple[str, frozenset[str], frozenset[str]]:
    return (
        answer.answer,
        frozenset(r.seat for r in answer.voters),
        frozenset(r.seat for r in answer.non_voters),
    )


def _voters_disagree(first: VotersAnswer, answers: list[VotersAnswer]) -> VotersAnswer:
    """The seats on which every reading agrees keep their place; the others are open."""
    agreed_voters = set.intersection(*({r.seat for r in a.voters} for a in answers))
    agreed_non = set.intersection(*({r.seat for r in a.non_voters} for a in answers))
    open_rights = [
        SeatRight(r.seat, "the readings of the text differ on whether this seat votes", r.source)
        for r in (*first.voters, *first.non_voters)
        if r.seat not in agreed_voters | agreed_non
    ]
    return dataclasses.replace(
        first,
        answer="unspecified",
        voters=tuple(r for r in first.voters if r.seat in agreed_voters),
        non_voters=tuple(r for r in first.non_voters if r.seat in agreed_non),
        undetermined=(*first.undetermined, *open_rights),
    )


def _voters(
    trust: Trust,
    body: str,
    procedure: str | None,
    affects: Iterable[str] | None,
    implementers: Iterable[str] | None,
    reads: Reads,
) -> VotersAnswer:
    found = find_body(trust, body)
    matter = _matter(trust, found, affects, implementers)
    rights = seat_rights(trust, found, procedure, matter, reads=reads)
    reasons = _rule_reasons(trust, found, rights)
    asked = [r for r in rights.undetermined if r.seat in rights.by_question]
    unsettled_seats = [r for r in rights.undetermined if r.seat not in rights.by_question]
    if unsettled_seats:
        seats = ", ".join(r.seat for r in unsettled_seats)
        reasons.append(
            Reason(
                f"The MoU does not settle whether these seats vote: {seats}.",
                unsettled_seats[0].source,
            )
        )
    if asked:
        seats = ", ".join(r.seat for r in asked)
        reasons.append(
            Reason(
                f"Whether these seats vote depends on the matter, which the question does not "
                f"describe (give --affects or --implementer, `none` for nobody): {seats}.",
                asked[0].source,
            )
        )
    unsettled = rights.rule is None or not rights.rule.settled
    if not found.seats:
        reasons.append(
            Reason(
                f"The MoU lists no seats for the {found.name}.",
                cite(
                    trust, (found.membership.source if found.membership else None) or found.source
                ),
            )
        )
    value = "unspecified" if rights.undetermined or unsettled or not found.seats else "determined"
    by_question = set(rights.by_question)
    if (
        value == "unspecified"
        and found.seats
        and not unsettled
        and all(r.seat in by_question for r in rights.undetermined)
    ):
        value = "incomplete"  # only the question's facts are missing
    return VotersAnswer(
        needs=rights.needs if value == "incomplete" else (),
        trust=trust.id,
        body=found.id,
        question="voters",
        answer=value,
        explanation=tuple(reasons),
        voters=rights.voters,
        non_voters=rights.non_voters,
        undetermined=rights.undetermined,
        procedure=rights.procedure.id if rights.procedure else None,
    )


def _matter(
    trust: Trust, body: Body, affects: Iterable[str] | None, implementers: Iterable[str] | None
) -> Matter:
    """The matter as the question describes it: ``None`` not described, empty nobody."""
    known = {p.id for p in trust.partners} | {s.id for s in body.seats}
    cleaned: list[frozenset[str] | None] = []
    for what, names in (("the affected", affects), ("the implementers", implementers)):
        if names is None:
            cleaned.append(None)
            continue
        if isinstance(names, str):
            raise QueryError(f"give {what} as a list of partner or seat ids")
        items = frozenset(n.strip() for n in names if n.strip())
        for name in sorted(items - known):
            raise QueryError(f"`{name}` in {what} is neither a partner nor a seat of `{body.id}`")
        cleaned.append(items)
    return Matter(affects=cleaned[0], implementers=cleaned[1])


def describe_threshold(rule: Voting) -> str:
    """The threshold and base in words: "more than one half of the votes cast"."""
    assert rule.threshold is not None and rule.base is not None
    base = {
        "votes-cast": "the votes cast (members present and voting; abstentions do not count)",
        "ballots-cast": "the ballots cast (for, against, abstaining or spoilt)",
        "present": "the voting members present (an abstention weighs against)",
        "everyone-present": "everyone present, voting or not (a non-voting member weighs against)",
        "voting-members": "all voting members, present or not",
    }[rule.base]
    if rule.threshold.unanimous:
        return f"every one of {base}"
    comparison = "more than" if rule.threshold.strict else "at least"
    return f"{comparison} {describe_ratio(rule.threshold.fraction)} of {base}"


CASTING_WORDS = {
    "none": "There is no casting vote.",
    "chair-has": "The chair has a second and casting vote in the event of a tie.",
    "chair-may": "The chair may use a second or casting vote in the event of a tie.",
    "unspecified": "The MoU does not say whether the chair has a casting vote.",
}
"""A voting rule's casting vote in words, by its ``casting_vote`` value."""


def _rule_reasons(trust: Trust, body: Body, rights: Rights) -> list[Reason]:
    rule = rights.rule
    if rule is None or not rule.settled:
        return (
            [Reason(rights.undetermined[0].reason, rights.undetermined[0].source)]
            if (rights.undetermined)
            else [Reason(f"The MoU states no voting rule for the {body.name}.")]
        )
    where = f"Under procedure `{rights.procedure.id}`" if rights.procedure else "In general"
    return [
        Reason(
            f"{where}, a resolution of the {body.name} needs {describe_threshold(rule)}.",
            cite(trust, rule.source),
        )
    ]


@dataclass(frozen=True)
class _Tally:
    for_: int
    against: int
    abstain: int
    base: int
    invalid: int = 0
    tie: str | None = None
    """How equal votes were settled (``VoteAnswer.tie``)."""


def member_weight(trust: Trust, seat: Seat) -> int:
    """Votes each member of ``seat`` carries: the seat's ``weight``, else its partner's, else
    one."""
    partner = trust.partner(seat.partner) if seat.partner else None
    return seat.weight or (partner.weight if partner else None) or 1


def seat_weights(trust: Trust, body: Body) -> dict[str, int]:
    """``member_weight`` of each seat of ``body``, by seat id."""
    return {seat.id: member_weight(trust, seat) for seat in body.seats}


def _casting_adds_to_base(base: str | None) -> int:
    """What the chair's casting vote adds to the base: a casting vote is one more vote cast
    (and one more ballot), but not one more member present or entitled to vote."""
    return 1 if base in ("votes-cast", "ballots-cast") else 0


def _carried(rule: Voting, for_: int, against: int, base: int) -> bool:
    """Does ``for_`` meet the threshold? Nothing carries without a vote for: "more than half of
    the votes cast" with none cast is not met, and neither is any other share of nothing."""
    assert rule.threshold is not None
    if for_ <= 0:
        return False
    if rule.threshold.unanimous:
        return against == 0 and for_ == base
    share = rule.threshold.fraction * base
    return for_ > share if rule.threshold.strict else for_ >= share


def _least(rule: Voting, base: int) -> int:
    """The fewest votes for that carry a resolution over ``base`` (never fewer than one)."""
    assert rule.threshold is not None
    if rule.threshold.unanimous:
        return max(base, 1)
    share = rule.threshold.fraction * base
    least = math.floor(share) + 1 if rule.threshold.strict else math.ceil(share)
    return max(least, 1)


def _needed_words(rule: Voting, base: int) -> str:
    assert rule.threshold is not None
    if base == 0:
        return "at least 1 vote for"
    if rule.threshold.unanimous:
        return f"all {base}"
    return f"{_least(rule, base)} of {base}"


def vote(
    trust: Trust,
    body: str,
    for_: Sequence[str] = (),
    against: Sequence[str] = (),
    abstain: Sequence[str] = (),
    present: Sequence[str] | None = None,
    chair_casts: Literal["for", "against"] | None = None,
    procedure: str | None = None,
    affects: Iterable[str] | None = None,
    implementers: Iterable[str] | None = None,
    matter_kind: str | None = None,
    invalid: int = 0,
) -> VoteAnswer:
    """Was a resolution of ``body`` carried, and is it binding?

    ``for_``, ``against`` and ``abstain`` list seat ids (a seat with k places up to k times);
    ``present`` defaults to everyone who voted or abstained. ``matter_kind`` names the kind of
    matter (e.g. ``appointment``) where the rules treat some kinds differently. ``invalid`` is
    the number of invalid (spoilt) ballots, in votes; only a ``ballots-cast`` base counts them.

    :raises QueryError: unknown found, seat or procedure; a seat voting more times than it has
        places; a vote by a seat not present; more invalid votes than the members present who
        did not otherwise vote carry.
    """
    ayes, noes, abstained = list(for_), list(against), list(abstain)
    attended = None if present is None else list(present)
    affects = None if affects is None else list(affects)
    implementers = None if implementers is None else list(implementers)
    return under_readings(
        trust,
        lambda t, reads: _vote(
            t,
            body,
            ayes,
            noes,
            abstained,
            attended,
            chair_casts,
            procedure,
            affects,
            implementers,
            matter_kind,
            invalid,
            reads,
        ),
        key=lambda a: (a.answer, a.effect),
        disagree=_vote_disagree,
    )


def _vote_disagree(first: VoteAnswer, answers: list[VoteAnswer]) -> VoteAnswer:
    """Outcomes differ: unspecified; the same outcome whose effect differs: effect unsettled."""
    if len({a.answer for a in answers}) == 1:
        return dataclasses.replace(first, effect="unspecified", binding=None)
    return dataclasses.replace(
        first, answer="unspecified", effect="unspecified", binding=None, tie=None
    )


def _vote(
    trust: Trust,
    body: str,
    for_: Sequence[str],
    against: Sequence[str],
    abstain: Sequence[str],
    present: Sequence[str] | None,
    chair_casts: Literal["for", "against"] | None,
    procedure: str | None,
    affects: Iterable[str] | None,
    implementers: Iterable[str] | None,
    matter_kind: str | None,
    invalid: int,
    reads: Reads,
) -> VoteAnswer:
    found = find_body(trust, body)
    if chair_casts not in (None, "for", "against"):
        raise QueryError(f"a casting vote is `for` or `against`, not `{chair_casts}`")
    if type(invalid) is not int or invalid < 0:
        raise QueryError(f"invalid ballots are a whole number of votes, not `{invalid}`")
    if not for_ and not against and not abstain and not invalid:
        raise QueryError("no votes were given: name the seats voting for and against")
    votes = {
        "for": attendance(found, for_, "the votes for"),
        "against": attendance(found, against, "the votes against"),
        "abstain": attendance(found, abstain, "the abstentions"),
    }
    cast: Counter[str] = votes["for"] + votes["against"] + votes["abstain"]
    attendance(found, list(cast.elements()), "the votes and abstentions together")
    attendees = (
        attendance(found, present, "those present") if present is not None else Counter(cast)
    )
    for seat_id, n in cast.items():
        if attendees.get(seat_id, 0) < n:
            raise QueryError(
                f"seat `{seat_id}` voted or abstained {n} time(s) but is present "
                f"{attendees.get(seat_id, 0)} time(s)"
            )
    weight = seat_weights(trust, found)
    weighted = any(weight[s] != 1 for s in attendees)
    if invalid:
        # A spoilt ballot is some member's who neither voted nor abstained.
        unused = sum((attendees[s] - cast[s]) * weight[s] for s in attendees)
        if invalid > unused:
            raise QueryError(
                f"{invalid} invalid vote(s), but the members present who did not vote or "
                f"abstain carry {unused} (give --present)"
            )
    matter = _matter(trust, found, affects, implementers)
    rights = seat_rights(trust, found, procedure, matter, reads=reads)
    rule = rights.rule
    proc_id = rights.procedure.id if rights.procedure else None
    reasons = _rule_reasons(trust, found, rights)
    n_present = sum(attendees.values())

    def result(value: str, tally: _Tally | None, **extra: object) -> VoteAnswer:
        binding, effect, binding_reasons = _binding(trust, found, attendees, reads)
        return VoteAnswer(
            trust=trust.id,
            body=found.id,
            question="vote",
            answer=value,
            explanation=tuple(reasons + binding_reasons),
            for_=tally.for_ if tally else sum(votes["for"].values()),
            against=tally.against if tally else sum(votes["against"].values()),
            abstain=tally.abstain if tally else sum(votes["abstain"].values()),
            present=n_present,
            base=tally.base if tally else None,
            required=_least(rule, tally.base) if tally and rule else None,
            required_text=_needed_words(rule, tally.base) if tally and rule else None,
            binding=binding,
            effect=effect,
            procedure=proc_id,
            invalid=invalid,
            weighted=weighted,
            **extra,  # type: ignore[arg-type]
        )

    if rule is None or not rule.settled:
        return result("unspecified", None)
    if matter_kind is not None and matter_kind in rule.tie_by_lot_on:
        lot_source = rule.tie_by_lot_source or rule.casting_source or rule.source
        rule = rule.model_copy(
            update={"casting_vote": "none", "tie": "lot", "casting_source": lot_source}
        )
        reasons.append(
            Reason(
                f"On a matter of kind `{matter_kind}` a tie is decided by lot, "
                "not by a casting vote.",
                cite(trust, lot_source),
            )
        )

    voting = {r.seat for r in rights.voters}

    def count(rule: Voting, counted: set[str]) -> tuple[str, _Tally]:
        return _decide(rule, found, votes, attendees, counted, chair_casts, weight, invalid)

    def decide(rule: Voting, counted: set[str]) -> tuple[str, _Tally]:
        outcome, tally = count(rule, counted)
        if not rule.must_include:
            return outcome, tally
        return concurred_outcome(
            outcome, concurrence(trust, found, rule, votes["for"], counted)
        ), tally

    open_seats = sorted({r.seat for r in rights.undetermined} & (set(cast) | set(attendees)))
    not_counted = tuple(r for r in rights.non_voters + rights.undetermined if r.seat in cast)
    for r in rights.non_voters:
        if r.seat in cast:
            reasons.append(Reason(f"`{r.seat}` is not counted: {r.reason.rstrip('.')}.", r.source))
    if len(open_seats) > MAX_UNDETERMINED:
        reasons.append(Reason("Too many seats of unsettled voting right to weigh every case."))
        return result("unspecified", None, not_counted=not_counted)

    outcomes: dict[str, _Tally] = {}
    for k in range(len(open_seats) + 1):
        for extra_voters in itertools.combinations(open_seats, k):
            counted = voting | set(extra_voters)
            outcome, tally = decide(rule, counted)
            outcomes.setdefault(outcome, tally)
    if open_seats:
        for r in rights.undetermined:
            if r.seat in open_seats:
                reasons.append(
                    Reason(
                        f"Whether `{r.seat}` votes is not settled: {r.reason.rstrip('.')}.",
                        r.source,
                    )
                )
        if len(outcomes) > 1:
            asked = [s for s in open_seats if s in rights.by_question]
            if asked:
                # Complete the question first: the matter decides who votes.
                reasons.append(
                    Reason(
                        "The outcome depends on whether those seats vote (possible outcomes: "
                        + ", ".join(sorted(outcomes))
                        + "), and the question does not describe the matter: give --affects "
                        "or --implementer (`none` for nobody).",
                        cite(trust, rule.source),
                    )
                )
                return result("incomplete", None, not_counted=not_counted, needs=rights.needs)
            reasons.append(
                Reason(
                    "The outcome depends on whether those seats vote (possible outcomes: "
                    + ", ".join(sorted(outcomes))
                    + "), so the MoU does not settle it.",
                    cite(trust, rule.source),
                )
            )
            return result("unspecified", None, not_counted=not_counted)
        reasons.append(
            Reason(
                "The outcome is the same whether or not those seats vote.", cite(trust, rule.source)
            )
        )
    # Recompute with the plain voter set so the reported numbers are the settled ones.
    outcome, tally = count(rule, voting)
    reasons.extend(_outcome_reasons(trust, rule, outcome, tally, chair_casts, weighted))
    concurred = concurrence(trust, found, rule, votes["for"], voting)
    reasons.extend(concurrence_reasons(outcome, concurred))
    outcome = concurred_outcome(outcome, concurred)
    chair_seat = found.chair.seat if found.chair is not None else None
    if chair_casts is not None and chair_seat is not None and attendees[chair_seat] == 0:
        reasons.append(
            Reason(
                f"The chair's seat (`{chair_seat}`) is not among those present, so the casting "
                "vote is taken as that of whoever chaired the meeting; the record does not say "
                "who.",
                cite(trust, found.chair.source if found.chair else None),
            )
        )
    counted_out = tuple(r for r in not_counted if r.seat not in open_seats)
    return result(outcome, tally, not_counted=counted_out, tie=tally.tie, concurrence=concurred)


def _decide(
    rule: Voting,
    body: Body,
    votes: dict[str, Counter[str]],
    attendees: Counter[str],
    counted: set[str],
    chair_casts: str | None,
    weight: dict[str, int],
    invalid: int,
) -> tuple[str, _Tally]:
    def total(seats: Counter[str]) -> int:
        return sum(n * weight[s] for s, n in seats.items() if s in counted)

    for_, against, abstain = total(votes["for"]), total(votes["against"]), total(votes["abstain"])
    if rule.base == "votes-cast":
        base = for_ + against
    elif rule.base == "ballots-cast":
        base = for_ + against + abstain + invalid
    elif rule.base == "present":
        base = total(attendees)
    elif rule.base == "everyone-present":
        base = sum(n * weight[s] for s, n in attendees.items())
    else:
        base = sum(seat.count * weight[seat.id] for seat in body.seats if seat.id in counted)

    def settled(outcome: str, tie: str | None = None) -> tuple[str, _Tally]:
        return outcome, _Tally(for_, against, abstain, base, invalid, tie)

    if for_ == 0 and against == 0:
        return settled("lost", "no-votes")  # no one voted on it: nothing carried, no tie
    if _carried(rule, for_, against, base):
        return settled("carried")
    if for_ != against:
        return settled("lost")
    # A tie the count leaves unsettled. A tie-break (casting vote or lot) is one more vote for
    # one side; where even one more vote for would not carry it, the tie-break cannot matter.
    if not _carried(rule, for_ + 1, against, base + _casting_adds_to_base(rule.base)):
        return settled("lost", "cannot-change")
    if rule.casting_vote in ("chair-has", "chair-may"):
        if chair_casts is None:
            return settled(
                "tied", "awaiting-casting-vote" if rule.casting_vote == "chair-has" else "stands"
            )
        return settled("carried" if chair_casts == "for" else "lost", "casting-vote")
    if rule.tie == "lot":
        return settled("tied", "lot")
    if rule.casting_vote == "none" or rule.tie == "fails":
        return settled("lost", "fails")
    return settled("unspecified", "unsettled")


def _outcome_reasons(
    trust: Trust,
    rule: Voting,
    outcome: str,
    tally: _Tally,
    chair_casts: str | None,
    weighted: bool,
) -> list[Reason]:
    invalid = f", {tally.invalid} invalid" if tally.invalid else ""
    counts = (
        f"{tally.for_} for, {tally.against} against, {tally.abstain} abstaining{invalid}; "
        f"{_needed_words(rule, tally.base)} needed"
    )
    what = (
        "Counted votes (each member counting the votes its seat carries)"
        if weighted
        else ("Counted votes")
    )
    reasons = [Reason(f"{what}: {counts}.", cite(trust, rule.source))]
    casting = cite(trust, rule.casting_source or rule.source)
    tie = tally.tie
    if tie == "no-votes":
        reasons.append(
            Reason(
                "There were no votes for or against: a resolution needs at least one vote for, "
                "and with no votes cast either way there is no tie for a casting vote to break, "
                "so the resolution is lost.",
                cite(trust, rule.source),
            )
        )
    elif tie == "cannot-change":
        base = tally.base + _casting_adds_to_base(rule.base)
        if rule.threshold is not None and rule.threshold.unanimous:
            why = "a unanimous resolution fails while any vote is against it"
        else:
            why = (
                f"one more vote for would make {tally.for_ + 1} of {base}, short of the "
                f"{_least(rule, base)} needed"
            )
        reasons.append(
            Reason(
                f"A tie, but no casting vote could change the outcome: {why}, so the "
                "resolution is lost.",
                casting,
            )
        )
    elif tie == "casting-vote":
        reasons.append(
            Reason(
                f"A tie, decided by the chair's casting vote {chair_casts}, so the resolution "
                f"is {outcome}.",
                casting,
            )
        )
    elif tie == "awaiting-casting-vote":
        reasons.append(
            Reason(
                "A tie: the chair has a second and casting vote, not yet recorded "
                "(give --chair-casts).",
                casting,
            )
        )
    elif tie == "stands":
        reasons.append(
            Reason(
                "A tie: the chair may use a casting vote but none is recorded, so the tie stands.",
                casting,
            )
        )
    elif tie == "lot":
        reasons.append(Reason("A tie, to be decided by lot.", casting))
    elif tie == "fails":
        reasons.append(Reason("A tie: there is no casting vote, so the resolution fails.", casting))
    elif tie == "unsettled":
        reasons.append(
            Reason(
                "A tie: the MoU does not say whether the chair has a casting vote, so the tie "
                "is not settled.",
                casting,
            )
        )
    if chair_casts is None or tie == "casting-vote":
        return reasons
    if tie in ("lot", "fails", "unsettled"):
        reasons.append(
            Reason("The chair's casting vote given was not counted: the MoU grants none.", casting)
        )
    elif tie == "cannot-change":
        reasons.append(Reason("So the chair's casting vote given changes nothing."))
    elif tie == "no-votes":
        reasons.append(Reason("So the chair's casting vote was not used."))
    elif tally.for_ == tally.against:
        reasons.append(
            Reason("The count carries the resolution, so the chair's casting vote was not used.")
        )
    else:
        reasons.append(Reason("No tie, so the chair's casting vote was not used."))
    return reasons


def _binding(
    trust: Trust, body: Body, attendees: Counter[str], reads: Reads
) -> tuple[bool | None, str, list[Reason]]:
    # The quorum is read within this evaluation, so its readings combine with the vote's.
    # A vote names who attended; it does not take vacancies, so every seat is taken as filled.
    q = _quorum(trust, body.id, list(attendees.elements()), None, 0, reads)
    reasons = list(q.explanation)
    if q.answer == "quorate":
        return True, "binding", reasons
    if q.answer == "unspecified":
        reasons.append(
            Reason(
                "So whether the decision binds is not settled.",
                q.explanation[0].source if q.explanation else None,
            )
        )
        return None, "unspecified", reasons
    effect = q.inquorate_decisions or "unspecified"
    return {"binding": True, "in-principle": False, "void": False}.get(effect), effect, reasons
