"""Who may vote, and was a resolution carried? Pure functions over a loaded trust."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Literal, NamedTuple

from ..language.phrasebook import (
    CASTING_VOTE,
    INQUORATE_EFFECT,
    TIE,
    as_clause,
    code_list,
    describe_threshold,
    pending_words,
    seat_right,
)
from ..language.schema import (
    Body,
    Partner,
    Procedure,
    Quorum,
    Source,
    Threshold,
    Trust,
    Voting,
    VotingVariation,
)
from ..language.scope import used_in
from ..reading.errors import QueryError
from .answers import Reason, SeatRight, VoteAnswer, VotersAnswer, cite
from .concurrence import (
    concurred_outcome,
    concurrence,
    concurrence_reasons,
    read_concurrence,
)
from .conditions import Matter
from .conditions import describe as describe_condition
from .inoffice import InOffice, OfficeFacts, check_attendance, in_office, up_to_places
from .lacking import asker, how, named, nobody
from .matters import (
    check_kind,
    check_procedure,
    implied_kind,
    kinds_in_play,
    kinds_source,
    over_kinds,
    varied_voting,
    voting_for,
    voting_variations,
)
from .quorate import attendance, check_places, evaluate_quorum, find_body
from .readings import Reads, kinds_under_readings, under_readings
from .rights import (
    Rights,
    applicable_voting,
    find_procedure,
    member_weight,
    read_weights,
    seat_rights,
    seat_votes,
    voting_step,
    who_votes_summary,
)
from .rulekind import (
    Altered,
    Aspect,
    Check,
    Problem,
    RuleKind,
    Side,
    norm,
    settled,
    unsettled_words,
)

# A rule's threshold is worded by the phrasebook; ``describe_threshold`` is named here too.
__all__ = [
    "KIND",
    "VotePart",
    "describe_threshold",
    "describe_variation",
    "member_weight",
    "seat_weights",
    "vote",
    "voters",
    "voting_parts",
    "voting_words",
    "who_votes_key",
    "who_votes_words",
]

MAX_UNDETERMINED = 8
"""Seats of unsettled right whose every combination a vote is checked under (2**8 cases)."""


def voters(
    trust: Trust,
    body: str,
    procedure: str | None = None,
    affects: Iterable[str] | None = None,
    implementers: Iterable[str] | None = None,
    *,
    vacancies: int | None = None,
    vacant: Iterable[str] | None = None,
    suspended: Iterable[str] | None = None,
    matter: str | None = None,
) -> VotersAnswer:
    """Which seats of ``body`` may vote (under ``procedure``, on a matter that affects or
    is implemented by the given partners or seats, of kind ``matter``)?

    A pure function of the immutable trust and the question, answered afresh every time.
    Places ``vacant`` (by seat) or held by a ``suspended`` member are said to have no one
    to vote in them. ``matter`` is a kind the trust declares (``none``: of no declared kind).

    :raises QueryError: unknown body, procedure, partner, seat or kind of matter; more places
        vacant or suspended than there are.
    """
    affects = None if affects is None else list(affects)
    implementers = None if implementers is None else list(implementers)
    facts = OfficeFacts.of(vacancies, vacant, suspended)
    kind = check_kind(trust, matter)
    kind = kind or implied_kind(trust, procedure)  # a procedure for one kind says the kind
    return under_readings(
        trust,
        lambda t, reads: _voters(t, body, procedure, affects, implementers, kind, facts, reads),
        key=_voters_key,
        disagree=_voters_disagree,
        words=_voters_words,
    )


def _voters_words(answer: VotersAnswer) -> str:
    """An outcome with the seats that do not vote, where readings differ on them."""
    not_voting = ", ".join(r.seat for r in answer.non_voters) or "none"
    return f"{answer.answer}; not voting: {not_voting}"


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
    kind: str | None,
    facts: OfficeFacts,
    reads: Reads,
) -> VotersAnswer:
    found = find_body(trust, body)
    if facts.given:
        # Vacancies and suspensions are checked against, and said in, the seats' places
        # (read first: a reading with more places may admit what this one refuses).
        reads.read(f"{found.id}.seats")
    office = in_office(found, facts)
    matter = _matter(trust, found, affects, implementers, kind, reads)
    rights = seat_rights(trust, found, procedure, matter, reads=reads)
    check_procedure(rights.procedure, kind)
    reasons = _rule_reasons(trust, found, rights, kind) + _office_reasons(found, office)
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
                f"Whether these seats vote depends on the matter, which {asker()} does not "
                f"describe (give {_options(rights.needs)}): {seats}.",
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


def _office_reasons(body: Body, office: InOffice) -> list[Reason]:
    """Which places have no one to vote in them: vacant, or held by a suspended member."""
    reasons = []
    # Only where some place is out: most questions give none (benchmarks/library.py, voters).
    for seat in body.seats if office.outs else ():
        out = office.out(seat.id)
        if not out:
            continue
        words = []
        if office.vacant[seat.id]:
            words.append(f"{office.vacant[seat.id]} vacant")
        if office.suspended[seat.id]:
            words.append(f"{office.suspended[seat.id]} suspended")
        left = seat.count - out
        can = f"at most {left} member(s) of it can vote" if left > 0 else "no one votes in it"
        out_words = " and ".join(words)
        reasons.append(Reason(f"`{seat.id}`: {out_words} of {seat.count} place(s), so {can}."))
    unnamed = office.vacancies - sum(office.vacant.values())
    if unnamed:
        reasons.append(Reason(f"{unnamed} more place(s) vacant, in seats not named."))
    return reasons


def _options(needs: Sequence[str]) -> str:
    """The options that would complete a question (a record's fields, for a record), in
    words."""
    words = " or ".join(how(n) for n in needs)
    return words + (f", {nobody()} for nobody" if "--affects" in needs else "")


def _matter(
    trust: Trust,
    body: Body,
    affects: Iterable[str] | None,
    implementers: Iterable[str] | None,
    kind: str | None = None,
    reads: Reads | None = None,
) -> Matter:
    """The matter as the question describes it: ``None`` not described, empty nobody.

    A name neither a partner nor a seat is refused, with the paths where a reading could add
    it recorded in ``reads`` first (a partner or seat the text leaves open)."""
    if affects is None and implementers is None:
        return Matter(kind=kind)  # nothing to look up (benchmarks/library.py, a vote)
    cleaned: list[frozenset[str] | None] = []
    for what, names in (("the affected", affects), ("the implementers", implementers)):
        if names is None:
            cleaned.append(None)
            continue
        if isinstance(names, str):
            raise QueryError(f"give {what} as a list of partner or seat ids")
        items = frozenset(n.strip() for n in names if n.strip())
        for name in sorted(n for n in items if trust.partner(n) is None and body.seat(n) is None):
            if reads is not None and name.replace("-", "").replace("_", "").isalnum():
                reads.read_all((f"partners.{name}", f"{body.id}.seats.{name}"))
            raise QueryError(f"`{name}` in {what} is neither a partner nor a seat of `{body.id}`")
        cleaned.append(items)
    return Matter(affects=cleaned[0], implementers=cleaned[1], kind=kind)


def _rule_reasons(trust: Trust, body: Body, rights: Rights, kind: str | None) -> list[Reason]:
    rule = rights.rule
    if rule is None or not rule.settled:
        return (
            [Reason(rights.undetermined[0].reason, rights.undetermined[0].source)]
            if (rights.undetermined)
            else [Reason(f"The MoU states no voting rule for the {body.name}.")]
        )
    where = f"Under procedure `{rights.procedure.id}`" if rights.procedure else "In general"
    reasons = [
        Reason(
            f"{where}, a resolution of the {body.name} needs {_threshold_words(rule)}.",
            cite(trust, rule.source),
        )
    ]
    # The kind given, or if none is, each kind the rule treats differently.
    variations = voting_variations(rule) if kind is None else (voting_for(rule, kind)[1],)
    for found in variations:
        if found is None:
            continue
        for each in found.matters if kind is None else (kind,):
            reasons.append(
                Reason(
                    f"On a matter of kind `{each}`, {describe_variation(rule, found)}.",
                    cite(trust, found.source or rule.source),
                )
            )
    return reasons


def _threshold_words(rule: Voting) -> str:
    """:func:`describe_threshold` of ``rule``, worded once per rule (an immutable model) and
    kept beside its fields, as a citation is: a vote words its rule under each combination of
    readings (benchmarks/library.py, a vote)."""
    words: str | None = rule.__dict__.get(_THRESHOLD_WORDS)
    if words is None:
        words = rule.__dict__[_THRESHOLD_WORDS] = describe_threshold(rule)
    return words


_THRESHOLD_WORDS = "_threshold_words"


def describe_variation(rule: Voting, found: VotingVariation) -> str:
    """What a variation of ``rule`` for some kinds of matter changes, in words ("a resolution
    needs at least two thirds of the votes cast", "a tie is decided by lot, not by a casting
    vote")."""
    parts: list[str] = []
    if (found.threshold is not None or found.base is not None) and rule.settled:
        parts.append(f"a resolution needs {describe_threshold(varied_voting(rule, found))}")
    if found.tie == "lot" and found.casting_vote in (None, "none"):
        parts.append("a tie is decided by lot, not by a casting vote")
    else:
        if found.casting_vote is not None:
            parts.append(as_clause(CASTING_VOTE[found.casting_vote].sentence))
        tie = TIE[found.tie].sentence
        if tie is not None:
            parts.append(as_clause(tie))
    return "; ".join(parts)


# The records of this module are named tuples, not frozen dataclasses: defining a dataclass
# costs some 0.4 ms, and every vote and voters question imports this module
# (benchmarks/cli.py: a first-time question).


class _Tally(NamedTuple):
    for_: int
    against: int
    abstain: int
    base: int
    invalid: int = 0
    tie: str | None = None
    """How equal votes were settled (``VoteAnswer.tie``)."""
    required: int = 1
    """The fewest votes for that carry it over ``base`` (:func:`_least`): worked out once with
    the count, for the answer's number, its words and the explanation's."""
    unsettled: str | None = None
    """Why a count by partner settles nothing (a partner voting both ways), in words."""


def seat_weights(trust: Trust, body: Body) -> Mapping[str, int]:
    """``member_weight`` of each seat of ``body``, by seat id: worked out once per body and the
    partners it reads (both immutable), and kept with the body, so that a vote naming ten
    members of a board of thousands reads ten weights (benchmarks/scaling.py)."""
    found: tuple[tuple[Partner, ...], dict[str, int]] | None = body.__dict__.get(_WEIGHTS)
    if found is None or found[0] is not trust.partners:
        found = (trust.partners, {seat.id: member_weight(trust, seat) for seat in body.seats})
        body.__dict__[_WEIGHTS] = found
    return found[1]


_WEIGHTS = "_seat_weights"


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
    # for_ against p/q of base, in whole numbers: for_ * q against p * base.
    share = rule.threshold.fraction
    ours, theirs = for_ * share.denominator, share.numerator * base
    return ours > theirs if rule.threshold.strict else ours >= theirs


def _least(rule: Voting, base: int) -> int:
    """The fewest votes for that carry a resolution over ``base`` (never fewer than one)."""
    assert rule.threshold is not None
    if rule.threshold.unanimous:
        return max(base, 1)
    # The floor and ceiling of p/q of base, in whole numbers: p*base//q and -(-p*base//q).
    share = rule.threshold.fraction
    product, q = share.numerator * base, share.denominator
    least = product // q + 1 if rule.threshold.strict else -(-product // q)
    return max(least, 1)


def _needed_words(rule: Voting, tally: _Tally) -> str:
    """The votes for a count needs, in words ("5 of 9")."""
    assert rule.threshold is not None
    if tally.base == 0:
        return "at least 1 vote for"
    if rule.threshold.unanimous:
        return f"all {tally.base}"
    return f"{tally.required} of {tally.base}"


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
    *,
    vacancies: int | None = None,
    vacant: Iterable[str] | None = None,
    suspended: Iterable[str] | None = None,
    matter: str | None = None,
    step: int | None = None,
    without_vote: Sequence[str] = (),
    as_entitled: Iterable[str] = (),
) -> VoteAnswer:
    """Was a resolution of ``body`` carried, and is it binding?

    ``for_``, ``against`` and ``abstain`` list seat ids (a seat with k places up to k times);
    ``present`` defaults to everyone who voted or abstained. ``matter`` names the kind of
    matter (one the trust declares, or ``none``) where the rules treat some kinds differently;
    ``matter_kind`` is its older name. Not given where the outcome depends on it: the answer
    is ``incomplete`` and needs ``--matter``. ``invalid`` is the number of invalid (spoilt)
    ballots, in votes; only a ``ballots-cast`` base counts them. ``vacancies``, ``vacant`` and
    ``suspended`` give the membership in office (:mod:`govrules.evaluating.inoffice`), for the
    quorum
    that decides whether the vote binds. ``step`` (numbered from 1) is the step of
    ``procedure`` the resolution takes (default: its first that votes); it is counted by that
    step's vote where it states one. A resolution carried at a step a later one must confirm
    (the step's ``confirmed_by``) has no effect yet: ``effect`` is ``pending``.
    ``without_vote`` names, by seat, those of ``present`` who may not vote though their seat
    does (a substitute where substitutes do not vote): like a seat without a vote, they are
    not among the voting members present a ``present`` base counts; every other base, and
    the quorum, counts them as it would. ``as_entitled`` names seats whose votes are counted
    though they have no right to vote: as a clause keeping a meeting's acts "as valid as if"
    such a voter "had been entitled to vote" (Suffolk 10.3.5) may have them counted.

    :raises QueryError: unknown body, seat, procedure, step or kind of matter; a seat voting more
        times than it has places; a vote by a seat not present; more invalid votes than the
        members present who did not otherwise vote carry; more present than members in office;
        more of a seat without a vote than are present for it and did not vote.
    """
    if matter is not None and matter_kind is not None and matter != matter_kind:
        raise QueryError(f"two kinds of matter given: `{matter}` and `{matter_kind}`")
    kind = check_kind(trust, matter if matter is not None else matter_kind)
    ayes, noes, abstained = list(for_), list(against), list(abstain)
    facts = OfficeFacts.of(vacancies, vacant, suspended)
    attended = None if present is None else list(present)
    mute = list(without_vote)
    entitled = frozenset(as_entitled)
    affects = None if affects is None else list(affects)
    implementers = None if implementers is None else list(implementers)

    # The seats named, as the key the ballots are shared by (Reads.shared), made once per
    # question rather than in each of its evaluations (benchmarks/library.py, a vote). Not a
    # list of seat ids: refused (or read) afresh in each evaluation.
    named = (ayes, noes, abstained, attended)
    ballots = (
        tuple(None if g is None else tuple(g) for g in named)
        if all(g is None or all(type(s) is str for s in g) for g in named)
        else None
    )

    def ask(each: str | None) -> VoteAnswer:
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
                each,
                invalid,
                facts,
                reads,
                step,
                ballots,
                mute,
                entitled,
            ),
            key=lambda a: (a.answer, a.effect),
            disagree=_vote_disagree,
            facts=(
                "for_",
                "against",
                "abstain",
                "base",
                "required",
                "required_text",
                "effect",
                "binding",
            ),
            words=_vote_words,
        )

    if kind is not None:
        return ask(kind)
    found = find_body(trust, body)
    proc = find_procedure(trust, procedure) if procedure is not None else None
    rule: Voting | None
    try:
        rule, _ = applicable_voting(trust, found, procedure, step=step)
    except QueryError:
        # The procedure does not apply as encoded. A reading may make it apply: the question
        # is asked, and refused under every reading where it does not.
        rule = None

    def kinds_of(read: Trust) -> list[str]:
        here = find_body(read, found.id)
        return kinds_in_play(applicable_voting(read, here, procedure, step=step)[0], here.quorum)

    scope = (f"{found.id}.voting", f"{found.id}.quorum", *((proc.id,) if proc else ()))
    return over_kinds(
        kinds_under_readings(trust, scope, kinds_of),
        ask,
        key=lambda a: (a.answer, a.effect, a.tie),
        words=_outcome_words,
        unsettled={
            "effect": "unspecified",
            "binding": None,
            "tie": None,
            "required": None,
            "required_text": None,
        },
        source=kinds_source(trust, rule, found.quorum),
        only=proc.matters if proc is not None else (),
    )


def _outcome_words(answer: VoteAnswer) -> str:
    """A vote's outcome in a few words: "carried", "tied (by lot)", "carried (void)"."""
    words = answer.answer
    if answer.answer == "tied" and answer.tie == "lot":
        words += " (to be decided by lot)"
    if answer.effect not in ("binding", "unspecified"):
        words += f" ({answer.effect})"
    return words


def _vote_words(answer: VoteAnswer) -> str:
    """An outcome with the count behind it, and its effect where that is not binding."""
    words = answer.answer
    if answer.required_text is not None:
        words += f" ({answer.for_} for, {answer.against} against; {answer.required_text} needed)"
    if answer.effect not in ("binding", "unspecified") or answer.answer == "carried":
        words += f", {'binding' if answer.effect == 'binding' else answer.effect}"
    return words


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
    facts: OfficeFacts,
    reads: Reads,
    step: int | None = None,
    ballots: tuple[tuple[str, ...] | None, ...] | None = None,
    without_vote: Sequence[str] = (),
    entitled: frozenset[str] = frozenset(),
) -> VoteAnswer:
    """One evaluation of :func:`vote`; ``ballots``, the seats named as a key (``None``: not
    shared); ``entitled``, seats counted as if entitled to vote."""
    found = find_body(trust, body)
    # The ballots read only the places: worked out once per question for each reading of them.
    key = ("ballots", found.id, ballots, facts) if ballots is not None else None
    votes, cast, attendees, attending = reads.shared(
        key,
        lambda own: _ballots(
            found, for_, against, abstain, present, chair_casts, invalid, facts, own
        ),
    )
    # Counted only where given: most votes name no one (benchmarks/library.py, a vote).
    mute = attendance(found, without_vote, "those present without a vote") if without_vote else None
    for seat_id, n in mute.items() if mute else ():
        voted = votes["for"][seat_id] + votes["against"][seat_id]
        if attendees[seat_id] - voted < n:
            raise QueryError(
                f"seat `{seat_id}` is present {attendees[seat_id]} time(s) and voted {voted} "
                f"time(s), but {n} present for it are said to have no vote"
            )
    weight = seat_weights(trust, found)
    read_weights(trust, found, set(attendees), reads)  # before the ballots are checked
    weighted = any(weight[s] != 1 for s in attendees)
    if invalid:
        # A spoilt ballot is some member's who neither voted nor abstained.
        unused = sum((attendees[s] - cast[s]) * weight[s] for s in attendees)
        if invalid > unused:
            raise QueryError(
                f"{invalid} invalid vote(s), but the members present who did not vote or "
                f"abstain carry {unused} (give --present)"
            )
    matter = _matter(trust, found, affects, implementers, matter_kind, reads)
    # The rights and weights of the members present are all a count of those present reads;
    # a share of every voting member reads every seat's, and so does a requirement of some
    # members' votes for, which counts every partner or class with a vote (benchmarks/
    # library.py: a vote on Suffolk's board weighs the District & Borough reading only when
    # they attend).
    in_force, _ = applicable_voting(trust, found, procedure, reads, step)
    base = voting_for(in_force, matter_kind)[0].base if in_force and in_force.settled else None
    counts_present = base in _COUNTS_PRESENT and in_force is not None and not in_force.must_include
    used = set(attendees) if counts_present else None
    if used is None:
        read_weights(trust, found, None, reads)
    rights = seat_rights(trust, found, procedure, matter, reads=reads, used=used, step=step)
    check_procedure(rights.procedure, matter_kind)
    rule = rights.rule
    proc_id = rights.procedure.id if rights.procedure else None
    reasons = _rule_reasons(trust, found, rights, matter_kind)
    n_present = sum(attendees.values())
    # Asked with no kind where the rules read here treat some kinds differently: the kinds
    # asked about were those the encoded rules and each reading alone name, and this
    # combination of readings (or a procedure applying only under one) names others.
    differ = kinds_in_play(rule, found.quorum, used) or (
        list(rights.procedure.matters) if rights.procedure else []
    )
    unasked = matter_kind is None and bool(differ)
    if rule is not None and rule.settled:
        rule = voting_for(rule, matter_kind)[0]

    def result(value: str, tally: _Tally | None, **extra: object) -> VoteAnswer:
        binding, effect, binding_reasons, unknown, met = reads.shared(
            ("binding", found.id, attending, facts, matter_kind),
            lambda own: _binding(trust, found, attendees, facts, own, matter_kind),
        )
        if value == "carried" and unknown:
            # Carried by the votes, but whether it binds turns on a fact not given: a yes
            # would claim more than the question settles.
            value, extra = "incomplete", {**extra, "needs": unknown}
            carries = Reason(
                "The votes carry the motion.", cite(trust, rule.source) if rule else None
            )
            binding_reasons = (carries, *binding_reasons)
        if present is None:
            assumed = _present_assumed(trust, rule, found.quorum, met, binding)
            binding_reasons = (*binding_reasons, *assumed)
        # Waiting on its confirmation, it does not bind whatever the quorum makes of it,
        # unless the quorum voids it (or leaves it in principle only) first.
        if value == "carried" and binding is not False and rights.procedure is not None:
            pending = _pending(trust, rights.procedure, step, reads)
            if pending is not None:
                binding, effect = False, "pending"
                binding_reasons = (*binding_reasons, pending)
        return VoteAnswer(
            trust=trust.id,
            body=found.id,
            question="vote",
            answer=value,
            explanation=(*reasons, *binding_reasons),
            for_=tally.for_ if tally else sum(votes["for"].values()),
            against=tally.against if tally else sum(votes["against"].values()),
            abstain=tally.abstain if tally else sum(votes["abstain"].values()),
            present=n_present,
            base=tally.base if tally else None,
            required=tally.required if tally and rule else None,
            required_text=_needed_words(rule, tally) if tally and rule else None,
            binding=binding,
            effect=effect,
            procedure=proc_id,
            invalid=invalid,
            weighted=weighted,
            **extra,  # type: ignore[arg-type]
        )

    if rule is None or not rule.settled:
        return result("unspecified", None)
    if unasked:
        reasons.append(
            Reason(
                f"The rules treat matters of kind {code_list(differ)} differently, and "
                f"{asker()} does not say what kind of matter this is (give {how('--matter')}).",
                cite(trust, rule.source),
            )
        )
        return result("incomplete", None, needs=("--matter",))

    if rule.votes_by == "partner":
        read_weights(trust, found, None, reads)
        if any(w != 1 for w in weight.values()):
            # Never counted as if unweighted: validate refuses such a rule (GR222).
            reasons.append(
                Reason(
                    f"The votes are counted one per partner, but seats of the {found.name} "
                    "carry weighted votes, and how a weighted partner casts its one vote is not "
                    "defined, so the outcome is not settled (run `govrules validate`: GR222).",
                    cite(trust, rule.source),
                )
            )
            return result("unspecified", None)

    voting = rights.voting_seats
    read_concurrence(found, rule, reads)

    tallied: dict[tuple[int, frozenset[str]], tuple[str, _Tally]] = {}
    up_to_words: list[str] = []  # up-to places whose filling would change the outcome

    def count(rule: Voting, counted: frozenset[str]) -> tuple[str, _Tally]:
        # The settled voters are counted once: to weigh the unsettled seats, then for the
        # numbers reported.
        key = (id(rule), counted)
        found_count = tallied.get(key)
        if found_count is None:
            places = None
            if rule.base == "voting-members" and found.up_to_seats:
                # A share of every voting member counts the up-to places filled; weighed too
                # with as few filled as the facts allow.
                # The facts were checked against the places with the ballots: only counted
                # here (benchmarks/library.py, a vote: most rules count no up-to places).
                seats = [s for s in found.seats if s.id in counted]
                places = up_to_places(seats, in_office(found, facts), attendees, weight)

            def tally(unfilled: int) -> tuple[str, _Tally]:
                return _decide(
                    rule,
                    found,
                    votes,
                    attendees,
                    counted,
                    chair_casts,
                    weight,
                    invalid,
                    unfilled,
                    mute,
                )

            found_count = tally(places.unfilled if places else 0)
            fewest = places.unfilled + places.open if places else 0
            if places and places.open and tally(fewest)[0] != found_count[0]:
                up_to_words.append(places.words)
            tallied[key] = found_count
        return found_count

    def decide(rule: Voting, counted: frozenset[str]) -> tuple[str, _Tally]:
        outcome, tally = count(rule, counted)
        if not rule.must_include:
            return outcome, tally
        return concurred_outcome(
            outcome, concurrence(trust, found, rule, votes["for"], counted)
        ), tally

    # Worked out only where some are named: most votes name none (benchmarks/library.py).
    counted_in = (
        entitled & {r.seat for r in rights.non_voters} & set(cast) if entitled else entitled
    )
    if counted_in:
        voting = voting | counted_in
    open_seats = sorted({r.seat for r in rights.undetermined} & (set(cast) | set(attendees)))
    not_counted = tuple(
        r
        for r in rights.non_voters + rights.undetermined
        if r.seat in cast and r.seat not in counted_in
    )
    for r in rights.non_voters:
        if r.seat in counted_in:
            reasons.append(
                Reason(
                    f"`{r.seat}` is counted as if entitled to vote, though {r.reason.rstrip('.')}.",
                    r.source,
                )
            )
        elif r.seat in cast:
            reasons.append(Reason(f"`{r.seat}` is not counted: {r.reason.rstrip('.')}.", r.source))
    if len(open_seats) > MAX_UNDETERMINED:
        reasons.append(Reason("Too many seats of unsettled voting right to weigh every case."))
        return result("unspecified", None, not_counted=not_counted)

    outcomes: dict[str, _Tally] = {}
    for k in range(len(open_seats) + 1):
        for extra_voters in itertools.combinations(open_seats, k):
            counted = voting | frozenset(extra_voters) if extra_voters else voting
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
                        + f"), and {asker()} does not describe the matter: give "
                        + _options(rights.needs)
                        + ".",
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
    if up_to_words:
        reasons.append(
            Reason(
                "A resolution needs a share of every voting member, and seats of up to some "
                f"number of places count those filled: {up_to_words[0]}; how many are filled "
                f"changes the outcome: name {named('--vacant')}.",
                cite(trust, rule.source),
            )
        )
        return result("incomplete", None, not_counted=not_counted, needs=("--vacant",))
    # Recompute with the plain voter set so the reported numbers are the settled ones.
    outcome, tally = count(rule, voting)
    reasons.extend(_outcome_reasons(trust, rule, outcome, tally, chair_casts, weighted))
    left_out = sorted(s for s in mute if s in voting) if mute else []
    if rule.base == "present" and mute and left_out:
        n = sum(mute[s] for s in left_out)
        reasons.append(
            Reason(
                f"Not counted among the voting members present: {n} present for "
                f"{code_list(left_out)} who may not vote though "
                f"{'the seat does' if len(left_out) == 1 else 'their seats do'}.",
                cite(trust, rule.source),
            )
        )
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


def _ballots(
    found: Body,
    for_: Sequence[str],
    against: Sequence[str],
    abstain: Sequence[str],
    present: Sequence[str] | None,
    chair_casts: str | None,
    invalid: int,
    facts: OfficeFacts,
    reads: Reads,
) -> tuple[dict[str, Counter[str]], Counter[str], Counter[str], tuple[tuple[str, int], ...]]:
    """The votes for, against and abstaining, all cast, and those present, each by seat,
    checked against the places and the members in office (the result is shared: never
    changed once made); and those present as a key, sorted by seat (the binding is shared
    by it: made once with the ballots, not in every evaluation; benchmarks/library.py, a
    vote).

    :raises QueryError: see :func:`vote`.
    """
    # The places the facts are checked against are read first: a reading with more places may
    # admit what this one refuses (three school representatives, Suffolk A 3.2.1).
    if facts.given:
        reads.read(f"{found.id}.seats")
    named = (for_, against, abstain, present or ())
    # As `attendance` counts them: a seat id with spaces around it is that seat.
    reads.read_all(
        f"{found.id}.seats.{seat_id.strip()}"
        for group in named
        if not isinstance(group, str)
        for seat_id in group
        if isinstance(seat_id, str) and found.seat(seat_id.strip()) is not None
    )
    office = in_office(found, facts)
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
    # Counted already, as attendance would count them again: only checked.
    check_places(found, cast, "the votes and abstentions together")
    attendees = (
        attendance(found, present, "those present") if present is not None else Counter(cast)
    )
    for seat_id, n in cast.items():
        if attendees.get(seat_id, 0) < n:
            raise QueryError(
                f"seat `{seat_id}` voted or abstained {n} time(s) but is present "
                f"{attendees.get(seat_id, 0)} time(s)"
            )
    check_attendance(found, office, attendees, sum(attendees.values()), "present")
    return votes, cast, attendees, tuple(sorted(attendees.items()))


_COUNTS_PRESENT = frozenset({"votes-cast", "ballots-cast", "present", "everyone-present"})
"""The bases :func:`_decide` counts from the members present alone (any other is a share of
every voting member: each seat's right and places count, present or not)."""


def _decide(
    rule: Voting,
    body: Body,
    votes: dict[str, Counter[str]],
    attendees: Counter[str],
    counted: AbstractSet[str],
    chair_casts: str | None,
    weight: Mapping[str, int],
    invalid: int,
    unfilled: int = 0,
    mute: Counter[str] | None = None,
) -> tuple[str, _Tally]:
    """The outcome and the numbers behind it. ``unfilled``: votes of up-to places not filled,
    left out of a share of every voting member; ``mute``: those present without a vote though
    their seat votes, left out of the voting members present."""

    if rule.votes_by == "partner":
        return _decide_by_partner(rule, body, votes, attendees, counted, chair_casts, invalid, mute)

    def total(seats: Counter[str]) -> int:
        return sum(n * weight[s] for s, n in seats.items() if s in counted)

    for_, against, abstain = total(votes["for"]), total(votes["against"]), total(votes["abstain"])
    if rule.base == "votes-cast":
        base = for_ + against
    elif rule.base == "ballots-cast":
        base = for_ + against + abstain + invalid
    elif rule.base == "present":
        base = total(attendees - mute if mute else attendees)
    elif rule.base == "everyone-present":
        base = sum(n * weight[s] for s, n in attendees.items())
    else:
        base = sum(seat.count * weight[seat.id] for seat in body.seats if seat.id in counted)
        base -= unfilled

    return _settle(rule, chair_casts, _Tally(for_, against, abstain, base, invalid))


def _settle(rule: Voting, chair_casts: str | None, count: _Tally) -> tuple[str, _Tally]:
    """The outcome of a count (its ``for_``, ``against`` and ``base``), ties included."""
    for_, against, base = count.for_, count.against, count.base

    def settled(outcome: str, tie: str | None = None) -> tuple[str, _Tally]:
        return outcome, count._replace(tie=tie, required=_least(rule, base))

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


def _decide_by_partner(
    rule: Voting,
    body: Body,
    votes: dict[str, Counter[str]],
    attendees: Counter[str],
    counted: AbstractSet[str],
    chair_casts: str | None,
    invalid: int,
    mute: Counter[str] | None,
) -> tuple[str, _Tally]:
    """:func:`_decide` with one vote for each partner (``votes_by: partner``): the counted
    votes of a partner's seats are its one vote where they agree; where they do not, the text
    does not say how the partner casts it, and the outcome is not settled. A member of a seat
    with no partner votes for themselves (five chairs of five boards in one seat are five)."""
    partners = {seat.id: seat.partner for seat in body.seats}
    ways: dict[str, set[str]] = {}
    own: Counter[str] = Counter()
    for way in ("for", "against", "abstain"):
        for seat_id, n in votes[way].items():
            if not n or seat_id not in counted:
                continue
            partner = partners.get(seat_id)
            if partner:
                ways.setdefault(partner, set()).add(way)
            else:
                own[way] += n
    split = sorted(p for p, w in ways.items() if {"for", "against"} <= w)
    # A representative abstaining beside one voting casts nothing: the partner's vote is the
    # one cast.
    tallied = own + Counter(
        "for" if "for" in w else "against" if "against" in w else "abstain"
        for w in ways.values()
        if not {"for", "against"} <= w
    )

    def units(seats: Mapping[str, int]) -> int:
        """The partners with a member among ``seats``, and each member of a seat with none."""
        with_partner = {partners[s] for s, n in seats.items() if n and partners.get(s)}
        return len(with_partner) + sum(n for s, n in seats.items() if n and not partners.get(s))

    for_, against, abstain = tallied["for"], tallied["against"], tallied["abstain"]
    if rule.base == "votes-cast":
        base = for_ + against
    elif rule.base == "ballots-cast":
        base = for_ + against + abstain
    elif rule.base == "present":
        here = attendees - mute if mute else attendees
        base = units({s: n for s, n in here.items() if s in counted})
    elif rule.base == "everyone-present":
        base = units(attendees)
    else:
        base = units({seat.id: seat.count for seat in body.seats if seat.id in counted})
    count = _Tally(for_, against, abstain, base, invalid)
    if split:
        why = (
            f"the representatives of {code_list(split)} voted both ways, and the MoU does not "
            "say how a partner casts its one vote"
        )
        return "unspecified", count._replace(required=_least(rule, base), unsettled=why)
    if invalid and rule.base == "ballots-cast":
        why = "the spoilt ballots given cannot be put to a partner, and the base counts them"
        return "unspecified", count._replace(required=_least(rule, base), unsettled=why)
    return _settle(rule, chair_casts, count)


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
        f"{_needed_words(rule, tally)} needed"
    )
    if rule.votes_by == "partner":
        what = (
            "Counted votes, one per partner (each member of a seat with no partner voting "
            "for themselves)"
        )
    elif weighted:
        what = "Counted votes (each member counting the votes its seat carries)"
    else:
        what = "Counted votes"
    reasons = [Reason(f"{what}: {counts}.", cite(trust, rule.source))]
    if tally.unsettled is not None:
        reasons.append(
            Reason(f"The outcome is not settled: {tally.unsettled}.", cite(trust, rule.source))
        )
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
                f"(give {how('--chair-casts')}).",
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


def _present_assumed(
    trust: Trust, rule: Voting | None, quorum: Quorum | None, met: str, binding: bool | None
) -> tuple[Reason, ...]:
    """Where no one is given as present, those who voted or abstained are taken to be all
    who were (the public contract's default): said wherever more present could change the
    answer, for a rule counting those present or a quorum not met (citing that rule)."""
    counts = rule is not None and rule.settled and rule.base in ("present", "everyone-present")
    unmet = met in ("inquorate", "incomplete") and binding is not True
    what = [w for w, on in (("the votes needed", counts), ("the quorum", unmet)) if on]
    if not what:
        return ()
    turns_on = rule if counts else quorum
    return (
        Reason(
            "No one else is given as present, so those who voted or abstained are taken to be "
            f"all who were (give {how('--present')} if others attended: {' and '.join(what)} "
            f"{'count' if len(what) > 1 else 'counts'} those present).",
            cite(trust, turns_on.source) if turns_on is not None else None,
        ),
    )


def _pending(trust: Trust, proc: Procedure, step: int | None, reads: Reads) -> Reason | None:
    """Why a resolution carried at ``step`` (by default the first that votes) has no effect
    yet: a later step must confirm it (``confirmed_by``). ``None`` where it need not."""
    taken = step - 1 if step is not None else voting_step(proc)
    if taken is None:
        return None
    reads.read(f"{proc.id}.steps.{taken}.confirmed_by")
    later = proc.steps[taken].confirmed_by
    if later is None:
        return None
    if not taken + 1 < later <= len(proc.steps):
        raise QueryError(
            f"step {taken + 1} of procedure `{proc.id}` is confirmed by step {later}, which is "
            "not a later step of it (run `govrules validate`: GR110)"
        )
    reads.read_all(f"{proc.id}.steps.{later - 1}.{name}" for name in ("action", "source"))
    confirming = proc.steps[later - 1]
    return Reason(
        pending_words(taken + 1, proc.id, later, confirming.action),
        cite(trust, confirming.source or proc.source),
    )


def _binding(
    trust: Trust,
    body: Body,
    attendees: Counter[str],
    facts: OfficeFacts,
    reads: Reads,
    kind: str | None,
) -> tuple[bool | None, str, tuple[Reason, ...], tuple[str, ...], str]:
    """Whether a decision of this meeting binds, by its quorum, and the facts (``needs``) that
    would settle it where the question leaves them out: vacancies not given are not taken as
    none, for a quorum of the seats filled may be met only because places are vacant (the
    quorum question answers alike); and the quorum's own answer word."""
    # The quorum is read within this evaluation, so its readings combine with the vote's.
    q = evaluate_quorum(trust, body.id, list(attendees.elements()), None, facts, reads, matter=kind)
    reasons = list(q.explanation)
    if q.answer == "quorate":
        return True, "binding", tuple(reasons), (), q.answer
    rule = body.quorum
    if q.inquorate_decisions == "binding" and rule is not None:
        # Quorate or not, the decision binds: nothing the quorum leaves open can change that.
        if q.answer != "inquorate":  # an inquorate answer says so itself
            sentence = INQUORATE_EFFECT["binding"].sentence
            reasons.append(Reason(sentence, cite(trust, rule.inquorate_source or rule.source)))
        return True, "binding", tuple(reasons), (), q.answer
    if q.answer in ("unspecified", "incomplete"):
        why = (
            f"turns on what {asker()} leaves out (give {' and '.join(map(how, q.needs))})"
            if q.needs
            else "is not settled"
        )
        reasons.append(
            Reason(
                f"So whether the decision binds {why}.",
                q.explanation[0].source if q.explanation else None,
            )
        )
        return None, "unspecified", tuple(reasons), q.needs, q.answer
    effect = q.inquorate_decisions or "unspecified"
    binds = {"binding": True, "in-principle": False, "void": False}.get(effect)
    return binds, effect, tuple(reasons), (), q.answer


# --- what diff compares ---------------------------------------------------------------------------


class VotePart(NamedTuple):
    """One part of a voting rule that differs: what, and its words before and after."""

    kind: str
    label: str
    before: str
    after: str
    source: Source | None


def _tie_words(rule: Voting) -> str:
    return TIE[rule.tie].value


def _by_matter_key(rule: Voting) -> Hashable:
    # `tie_by_lot_on` is one such variation: rewriting it as `by_matter` changes nothing.
    return frozenset(
        (
            frozenset(v.matters),
            (v.threshold.fraction, v.threshold.strict, v.threshold.unanimous)
            if v.threshold
            else None,
            v.base,
            v.casting_vote,
            v.tie,
        )
        for v in voting_variations(rule)
    )


def _by_matter_words(rule: Voting) -> str:
    variations = voting_variations(rule)
    if not variations:
        return "none (every kind of matter is decided alike)"
    return "; ".join(
        f"on {', '.join(f'`{k}`' for k in v.matters)}, {describe_variation(rule, v)}"
        for v in variations
    )


def _by_matter_source(rule: Voting) -> Source | None:
    variations = voting_variations(rule)
    return (variations[0].source if variations else None) or rule.source


def _votes_by_words(rule: Voting) -> str:
    if rule.votes_by == "partner":
        return (
            "one vote for each partner organisation (each member of a seat with no partner "
            "votes for themselves)"
        )
    return "one vote for each member in a seat with a vote"


def _condition_words(rule: Voting) -> str:
    if rule.condition is None:
        return "none (a seat with a vote votes on every matter)"
    return f"a seat votes only if {describe_condition(rule.condition)}"


def _threshold_key(rule: Voting) -> Hashable:
    assert rule.threshold is not None  # a stated rule (schema check)
    return (rule.threshold.fraction, rule.threshold.strict, rule.threshold.unanimous, rule.base)


class _Part(NamedTuple):
    """A part of a voting rule: how to compare it, say it, and cite it."""

    kind: str
    label: str
    key: Callable[[Voting], Hashable]
    words: Callable[[Voting], str]
    source: Callable[[Voting], Source | None]


def _rule_source(rule: Voting) -> Source | None:
    return rule.source


# Who votes is not here: it is compared seat by seat, as its effect (``_vote_changes``).
_VOTING_PARTS = (
    _Part(
        "voting-rule-changed", "Voting threshold in", _threshold_key, describe_threshold,
        _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Whose vote is one vote in", lambda r: r.votes_by,
        _votes_by_words, _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Voting method in", lambda r: norm(r.method),
        lambda r: r.method or "not stated", _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Condition on a seat's vote in", lambda r: r.condition,
        _condition_words, _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Consensus before a vote in", lambda r: r.consensus_first,
        lambda r: "sought first" if r.consensus_first else "not stated", _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Who rules on a disputed right to vote in",
        lambda r: norm(r.right_to_vote_ruled_by),
        lambda r: r.right_to_vote_ruled_by or "not stated",
        lambda r: r.right_to_vote_source or r.source,
    ),
    _Part(
        "casting-vote-changed", "Casting vote in", lambda r: r.casting_vote,
        lambda r: CASTING_VOTE[r.casting_vote].value, lambda r: r.casting_source or r.source,
    ),
    _Part(
        "tie-rule-changed", "What decides a tie no casting vote breaks in",
        lambda r: r.tie, _tie_words, lambda r: r.casting_source or r.source,
    ),
    _Part(
        "matter-rule-changed", "How a vote on some kinds of matter differs in",
        _by_matter_key, _by_matter_words, _by_matter_source,
    ),
    _Part(
        "voting-rule-changed", "A vote cast without the right to vote, in",
        lambda r: r.irregular_votes_saved is not None,
        lambda r: (
            "not counted, and the meeting's acts stay valid"
            if r.irregular_votes_saved is not None
            else "an error that makes the meeting invalid"
        ),
        lambda r: r.irregular_votes_saved or r.source,
    ),
)  # fmt: skip


def voting_parts(old: Voting, new: Voting) -> list[VotePart]:
    """The parts of two stated voting rules that differ, cited from the new rule."""
    return [
        VotePart(part.kind, part.label, part.words(old), part.words(new), part.source(new))
        for part in _VOTING_PARTS
        if part.key(old) != part.key(new)
    ]


def who_votes_words(rule: Voting) -> str:
    """Who votes under a rule with no body of its own to sort seats (a procedure's vote)."""
    words = "every seat" if rule.voters == "all-seats" else "only " + code_list(sorted(rule.voters))
    if rule.voter_classes:
        words += " of class " + " or ".join(f"`{c}`" for c in sorted(rule.voter_classes))
    exceptions = sorted((e.seat, seat_right(e.votes).value) for e in rule.exceptions)
    if exceptions:
        words += "; except " + ", ".join(f"`{s}` ({w})" for s, w in exceptions)
    return words


def who_votes_key(rule: Voting) -> Hashable:
    voters = rule.voters if rule.voters == "all-seats" else frozenset(rule.voters)
    return (
        voters,
        frozenset((e.seat, e.votes) for e in rule.exceptions),
        frozenset(rule.voter_classes),
    )


def voting_words(rule: Voting | None) -> str:
    """A voting rule's threshold, or why there is none."""
    if rule is None or not rule.settled:
        return unsettled_words(rule)
    return describe_threshold(rule)


def _voting_changes(old: Side, new: Side) -> Iterator[Altered]:
    before_rule, after_rule = old.body.voting, new.body.voting
    if settled(before_rule) != settled(after_rule):
        before, after = voting_words(before_rule), voting_words(after_rule)
        text = f"Voting rule of the {new.body.name}: from {before} to {after}."
        new_votes = seat_votes(new.trust, new.body) if settled(after_rule) else {}
        if new_votes:
            # Every seat's right changes with the rule; say once who votes now.
            text += f" Seats now: {who_votes_summary(new_votes)}."
        if after_rule is not None:
            yield Altered("voting-rule-changed", text, before, after, after_rule.source)
        else:
            source = before_rule.source if before_rule else None
            yield Altered("voting-rule-changed", text, before, after, source, True)
        return
    if before_rule is None or after_rule is None or not after_rule.settled:
        return
    for a in voting_parts(before_rule, after_rule):
        text = f"{a.label} the {new.body.name}: from {a.before} to {a.after}."
        yield Altered(a.kind, text, a.before, a.after, a.source)


# --- what validate checks -------------------------------------------------------------------


def _no_voter(trust: Trust) -> Iterator[Problem]:
    """GR203: a stated voting rule on a body none of whose seats votes."""
    for b, body in enumerate(trust.bodies):
        if body.voting is None or not body.voting.settled or not body.seats:
            continue
        rights = seat_rights(trust, body, None)
        if not rights.voters and not rights.undetermined and body.voting.condition is None:
            yield Problem(
                ("bodies", b, "voting"),
                "GR203",
                "error",
                f"`{body.id}` has a voting rule but no seat that votes",
            )


def _no_effect(trust: Trust) -> Iterator[Problem]:
    """GR206: `tie` where the chair has a casting vote; `tie_by_lot_source` with no
    `tie_by_lot_on`."""
    for b, body in enumerate(trust.bodies):
        voting = body.voting
        if voting is None:
            continue
        at = ("bodies", b, "voting")
        if not voting.settled:
            # A rule the document does not state gives every vote `unspecified`: its parts
            # are read by no answer (GR215 says so of `must_include` and `voter_classes`).
            for name in ("exceptions", "casting_vote", "tie", "condition", "by_matter"):
                if name in voting.model_fields_set:
                    yield Problem(
                        (*at, name),
                        "GR206",
                        "warning",
                        f"the voting rule of `{body.id}` is `{voting.status}`, so `{name}` has "
                        "no effect",
                        "state the rule, or move what is known into its note",
                    )
            continue
        if voting.tie is not None and voting.casting_vote in ("chair-has", "chair-may"):
            yield Problem(
                (*at, "tie"),
                "GR206",
                "warning",
                f"the chair of `{body.id}` breaks a tie with a casting vote (or the tie "
                "stands), so `tie` has no effect",
                "remove it, or set `casting_vote` to what the document says",
            )
        if "tie_by_lot_source" in voting.model_fields_set and not voting.tie_by_lot_on:
            yield Problem(
                (*at, "tie_by_lot_source"),
                "GR206",
                "warning",
                f"`{body.id}` names no kind of matter decided by lot, so `tie_by_lot_source` "
                "has no effect",
                "add `tie_by_lot_on`, or remove it",
            )


def _partner_weights(trust: Trust) -> Iterator[Problem]:
    """GR222: votes counted by partner on a body whose seats carry weights: one vote for each
    partner has no weight to carry. (A reading giving ``partner`` is checked as validate
    checks every reading: with the trust read so.)"""
    rules: list[tuple[tuple[str | int, ...], str, Voting | None, list[Body]]] = [
        (("bodies", b, "voting"), f"{body.id}.voting", body.voting, [body])
        for b, body in enumerate(trust.bodies)
    ]
    for p, proc in enumerate(trust.procedures):
        using = [body for body in trust.bodies if used_in(trust, proc, body.id)]
        rules += [
            (("procedures", p, "steps", i, "vote"), f"{proc.id}.steps.{i}.vote", step.vote, using)
            for i, step in enumerate(proc.steps)
        ]
    for at, path, rule, bodies in rules:
        if rule is None or rule.votes_by != "partner":
            continue
        weighted = [b.id for b in bodies if any(member_weight(trust, s) != 1 for s in b.seats)]
        if weighted:
            yield Problem(
                (*at, "votes_by"),
                "GR222",
                "error",
                f"the vote at `{path}` counts votes by partner, but seats of "
                f"{code_list(weighted)} carry weighted votes: how a weighted partner casts its "
                "one vote is not defined",
                "remove the weights, or count the votes by seat (`votes_by: seat`)",
            )


_COMPARED = (
    "Voting.threshold", "Voting.base", "Voting.votes_by", "Voting.method", "Voting.condition",
    "Voting.consensus_first", "Voting.right_to_vote_ruled_by", "Voting.must_include",
    "Voting.casting_vote", "Voting.tie", "Voting.tie_by_lot_on", "Voting.by_matter",
    "Voting.irregular_votes_saved", "Threshold.more_than", "Threshold.at_least",
    "Threshold.unanimous",
    "VotingVariation.matters", "VotingVariation.threshold", "VotingVariation.base",
    "VotingVariation.casting_vote", "VotingVariation.tie", "Body.voting", "Rule.status",
    # The condition is compared whole: any of its keys that differs changes the rule.
    "Condition.any", "Condition.all", "Condition.not_", "Condition.affected",
    "Condition.implements", "Condition.statutory_partner", "Condition.seat_in",
    "Condition.matter",
)  # fmt: skip

KIND = RuleKind(
    name="voting",
    models=(Voting, Threshold, VotingVariation),
    aspects=(Aspect(_voting_changes, reads=_COMPARED),),
    checks=(
        Check(
            _no_effect,
            codes=("GR206",),
            reads=(
                "Voting.tie",
                "Voting.casting_vote",
                "Voting.tie_by_lot_on",
                "Voting.tie_by_lot_source",
                "Voting.exceptions",
                "Voting.condition",
                "Voting.by_matter",
                "Rule.status",
            ),
        ),
        Check(
            _partner_weights,
            codes=("GR222",),
            reads=("Voting.votes_by", "Seat.weight", "Partner.weight"),
        ),
        Check(
            _no_voter,
            codes=("GR203",),
            reads=("Voting.voters", "Voting.exceptions", "Voting.voter_classes"),
        ),
    ),
    not_compared={
        # Who votes is compared seat by seat, as its effect (the rights' aspects).
        "Voting.voters": "compared as each seat's right to vote",
        "Voting.voter_classes": "compared as each seat's right to vote",
        "Voting.exceptions": "compared as each seat's right to vote",
        "Voting.casting_source": "a citation",
        "Voting.tie_by_lot_source": "a citation",
        "Voting.right_to_vote_source": "a citation",
        "VotingVariation.source": "a citation",
        "VotingVariation.note": "commentary",
    },
    not_evaluated={
        "Voting.consensus_first": "a practice before the vote, shown in words (show, report); "
        "no answer turns on it",
        "Voting.method": "how votes are taken, in words (show, report); no answer turns on it",
        "Voting.right_to_vote_ruled_by": "who rules on a disputed right, in words (show, "
        "report); no answer turns on it",
        "Voting.right_to_vote_source": "a citation",
    },
    not_linted={
        "Body.voting": "each of its parts is checked above",
        "Voting.threshold": "the schema admits only a share a vote can meet",
        "Voting.base": "any base is one a vote can be counted on",
        "Voting.method": "words, read by people",
        "Voting.condition": "its references are checked by the loader",
        "Voting.consensus_first": "a flag, right either way",
        "Voting.right_to_vote_ruled_by": "words, read by people",
        "Voting.casting_source": "a citation, checked with every other citation",
        "Voting.right_to_vote_source": "a citation, checked with every other citation",
        "Voting.irregular_votes_saved": "a citation, checked with every other citation",
        "Voting.by_matter": "checked with the kinds of matter (GR221)",
        "Threshold.more_than": "the schema admits only a share a vote can meet",
        "Threshold.at_least": "the schema admits only a share a vote can meet",
        "Threshold.unanimous": "a flag, right either way",
        "VotingVariation.matters": "references, checked by the loader",
        "VotingVariation.threshold": "checked with the kinds of matter (GR221)",
        "VotingVariation.base": "checked with the kinds of matter (GR221)",
        "VotingVariation.casting_vote": "checked with the kinds of matter (GR221)",
        "VotingVariation.tie": "checked with the kinds of matter (GR221)",
        "VotingVariation.source": "a citation, checked with every other citation",
        "VotingVariation.note": "commentary",
    },
)
"""The voting rule: what ``diff`` compares of it and what ``validate`` checks."""
