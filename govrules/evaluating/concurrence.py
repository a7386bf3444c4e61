"""Votes a resolution must include to carry, whatever the count.

"A simple majority of members present and voting, which must include the vote of the Mayor";
"a two-thirds majority including at least one member from each constituent council", "a
majority of the weighted votes, including a member of each of a majority of the councils". A
voting rule lists these in ``must_include``; a resolution the count carries is lost when the
votes for leave one out. Only counted votes count: the vote for of a member with no right to
vote on the matter supplies nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ..language.phrasebook import OFFICE, class_words, classes_words, code_list, share_words
from ..language.schema import Body, Concurrence, Threshold, Trust, Voting
from ..language.scope import bodies_using
from ..reading.errors import QueryError
from ..reading.sourcefile import Path_
from .answers import Concurred, Reason, SourceRef, cite
from .classes import matches, read_partner_kinds
from .rights import seat_rights
from .rulekind import Altered, Aspect, Check, Problem, RuleKind, Side, settled

if TYPE_CHECKING:
    from .readings import Reads

__all__ = [
    "FIELDS",
    "concurred_outcome",
    "concurrence",
    "concurrence_key",
    "concurrence_reasons",
    "concurrence_words",
    "read_concurrence",
    "voting_rule_words",
]


def concurrence_words(trust: Trust | None, need: Concurrence) -> str:
    """One requirement in words: "the vote for of the holder of `mayor`"."""
    n = need.at_least
    who = "member" if n == 1 else "members"
    if need.partners_of_kind is not None and need.share is not None:
        kind, share = need.partners_of_kind, share_words(need.share)
        narrowed = f" who is {classes_words(trust, need.classes)}" if need.classes else ""
        many = "the vote for of a member" if n == 1 else f"the votes for of at least {n} members"
        return f"{many}{narrowed} from each of {share} of the partners of kind `{kind}`"
    if n == 1 and need.each_partner_of_kind is not None:
        kind = need.each_partner_of_kind
        narrowed = f" who is {classes_words(trust, need.classes)}" if need.classes else ""
        return f"the vote for of a member{narrowed} from each partner of kind `{kind}`"
    if n == 1 and not (need.seats or need.partner or need.office):
        return f"the vote for of {classes_words(trust, need.classes)}"
    narrowed = f", each {classes_words(trust, need.classes)}" if need.classes else ""
    if need.office is not None:
        return f"the vote for of {OFFICE[need.office]}"
    if len(need.seats) == 1 and n == 1 and not need.classes:
        return f"the vote for of `{need.seats[0]}`"
    if need.seats:
        return f"the votes for of at least {n} {who} of {code_list(need.seats)}{narrowed}"
    if need.partner is not None:
        return f"the votes for of at least {n} {who} for `{need.partner}`{narrowed}"
    if need.each_partner_of_kind is not None:
        kind = need.each_partner_of_kind
        return f"the votes for of at least {n} {who} from each partner of kind `{kind}`{narrowed}"
    return f"the votes for of at least {n} {who}, each {classes_words(trust, need.classes)}"


def voting_rule_words(trust: Trust, vote: Voting) -> str:
    """Votes counted by partner, the classes that vote and the votes a resolution must
    include, as sentences (each with a leading space; empty where the rule has none)."""
    text = ""
    if vote.votes_by == "partner":
        text += (
            " Votes are counted one per partner organisation: its representatives present cast"
            " its one vote between them (each member of a seat with no partner votes for"
            " themselves)."
        )
    if vote.voter_classes:
        text += " Only " + " or ".join(class_words(trust, c) for c in vote.voter_classes)
        text += " votes."
    for need in vote.must_include:
        text += f" A resolution must include {concurrence_words(trust, need)}."
    return text


FIELDS: tuple[str, ...] = tuple(
    f"Concurrence.{name}" for name in Concurrence.model_fields if name not in ("source", "note")
)
"""Every field of a requirement that decides what it asks: each is compared by ``diff`` (as
part of :func:`concurrence_key`) and judged by the voting rule's checks, a new one too."""


def concurrence_key(need: Concurrence) -> Hashable:
    """What a requirement asks, to compare two versions of a rule: every field but its clause
    and note, lists as sets (seats named in another order ask the same)."""
    return _frozen(need.model_dump(exclude={"source", "note"}))


def _frozen(value: object) -> Hashable:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return frozenset(_frozen(v) for v in value)
    return value  # a scalar of a model: hashable


def read_concurrence(body: Body, rule: Voting, reads: Reads) -> None:
    """Record what the requirements of ``rule`` read beyond the rule itself: a partner's kind
    (its own rule, ``partners.<id>``) where a requirement names partners by kind, and the
    office whose holder's vote a requirement names (which seat holds it)."""
    if any(n.each_partner_of_kind or n.partners_of_kind for n in rule.must_include):
        read_partner_kinds(body, reads)
    offices = {n.office for n in rule.must_include if n.office is not None}
    if offices & {"chair", "chair-or-vice-chair"}:
        reads.read(f"{body.id}.chair")
    if offices & {"vice-chair", "chair-or-vice-chair"}:
        reads.read(f"{body.id}.vice_chair")


def concurrence(
    trust: Trust, body: Body, rule: Voting, votes_for: Counter[str], counted: Iterable[str]
) -> tuple[Concurred, ...]:
    """Whether the votes for (``votes_for``, members by seat) include each vote ``rule``
    requires, counting only the seats in ``counted`` (those with a vote on the matter)."""
    if not rule.must_include:
        return ()  # without reading the voters: a board may have thousands
    voting = set(counted)
    return tuple(_one(trust, body, rule, need, votes_for, voting) for need in rule.must_include)


def _one(
    trust: Trust,
    body: Body,
    rule: Voting,
    need: Concurrence,
    votes_for: Counter[str],
    voting: set[str],
) -> Concurred:
    words = concurrence_words(trust, need)
    source = cite(trust, need.source or rule.source)
    if need.office is not None:
        holders = [body.chair] if need.office == "chair" else [body.vice_chair]
        if need.office == "chair-or-vice-chair":
            holders = [body.chair, body.vice_chair]
        seats = [o.seat for o in holders if o is not None and o.seat is not None]
        if not seats:
            # An elected holder: which seat holds the office is not in the trust file.
            return Concurred(words, None, (), (need.office,), source)
        return _count(words, source, need.at_least, votes_for, voting, seats, seats)

    def fits(seat_id: str, partner: str | None = None) -> bool:
        seat = body.seat(seat_id)
        if seat is None:
            return False
        return bool(
            matches(
                trust,
                seat,
                seats=need.seats,
                partner=partner or need.partner,
                classes=need.classes,
                votes=seat_id in voting,
            )
        )

    kind = need.each_partner_of_kind or need.partners_of_kind
    if kind is None:
        eligible = [s.id for s in body.seats if fits(s.id)]
        return _count(words, source, need.at_least, votes_for, voting, eligible, need.seats)
    partners = sorted(
        {
            s.partner
            for s in body.seats
            if s.partner is not None
            and s.id in voting
            and (p := trust.partner(s.partner)) is not None
            and p.kind == kind
        }
    )
    by: list[str] = []
    missing: list[str] = []
    for partner in partners:
        theirs = [s.id for s in body.seats if fits(s.id, partner)]
        got = sum(votes_for[s] for s in theirs if s in voting)
        by += [s for s in theirs if s in voting and votes_for[s]]
        if got < need.at_least:
            missing.append(partner)
    if need.share is None:  # each partner of the kind
        return Concurred(words, not missing, tuple(by), tuple(missing), source)
    met = _share_met(need.share, len(partners) - len(missing), len(partners))
    return Concurred(words, met, tuple(by), () if met else tuple(missing), source)


def _share_met(share: Threshold, supporting: int, partners: int) -> bool:
    """Whether ``supporting`` of ``partners`` is the share asked, exactly (2 of 4 is not more
    than one half); none of none is never a share of them."""
    if partners == 0:
        return False
    if share.unanimous:
        return supporting == partners
    part = Fraction(supporting, partners)
    return part > share.fraction if share.strict else part >= share.fraction


def _count(
    words: str,
    source: SourceRef | None,
    at_least: int,
    votes_for: Counter[str],
    voting: set[str],
    eligible: Sequence[str],
    named: Sequence[str],
) -> Concurred:
    by = tuple(s for s in eligible if s in voting and votes_for[s])
    got = sum(votes_for[s] for s in by)
    missing = () if got >= at_least else tuple(named)
    return Concurred(words, got >= at_least, by, missing, source)


def concurred_outcome(outcome: str, results: Sequence[Concurred]) -> str:
    """The outcome once the required votes are weighed: a resolution the count carries is lost
    when one is missing, and not settled when one cannot be checked."""
    if outcome != "carried":
        return outcome
    if any(r.met is False for r in results):
        return "lost"
    if any(r.met is None for r in results):
        return "unspecified"
    return outcome


def concurrence_reasons(outcome: str, results: Sequence[Concurred]) -> list[Reason]:
    """Each requirement and whether it is met, for the explanation of a count that would
    otherwise carry (``outcome`` is the count's)."""
    reasons: list[Reason] = []
    for r in results:
        if r.met is None:
            text = (
                f"A resolution must also include {r.requirement}, and the MoU does not say "
                "which seat holds that office, so whether it does is not settled."
            )
        elif r.met:
            by = code_list(dict.fromkeys(r.by))
            text = f"A resolution must also include {r.requirement}: it does ({by})."
        else:
            lacking = code_list(r.missing)
            text = f"A resolution must also include {r.requirement}: it does not"
            text += f" (no vote for from {lacking})." if lacking else "."
            if outcome == "carried":
                text += " So the resolution is lost, whatever the count."
        reasons.append(Reason(text, r.source))
    return reasons


# --- what diff compares and validate checks -------------------------------------------------


def _must_include_changes(old: Side, new: Side) -> Iterator[Altered]:
    """The votes a resolution must include, compared requirement by requirement (a voting
    rule stated in one version and not the other is the voting rule's own change)."""
    before, after = old.body.voting, new.body.voting
    if not (settled(before) and settled(after)) or before is None or after is None:
        return
    if {concurrence_key(c) for c in before.must_include} == {
        concurrence_key(c) for c in after.must_include
    }:
        return
    was = "; ".join(concurrence_words(None, c) for c in before.must_include) or "none"
    now = "; ".join(concurrence_words(None, c) for c in after.must_include) or "none"
    source = next((c.source for c in after.must_include if c.source), None) or after.source
    text = f"Votes a resolution must include in the {new.body.name}: from {was} to {now}."
    yield Altered("voting-rule-changed", text, was, now, source)


def _unreachable(trust: Trust) -> Iterator[Problem]:
    """GR212: a vote a resolution must include that no vote can supply; GR215:
    `must_include` or `voter_classes` on a voting rule the document does not state."""
    for b, body in enumerate(trust.bodies):
        if body.voting is not None and body.voting.settled:
            yield from _reachable(trust, body, body.voting, None, ("bodies", b, "voting"))
        elif body.voting is not None:
            for field in ("must_include", "voter_classes"):
                if getattr(body.voting, field):
                    yield Problem(
                        ("bodies", b, "voting", field),
                        "GR215",
                        "warning",
                        f"the voting rule of `{body.id}` is `{body.voting.status}`, so "
                        f"`{field}` has no effect",
                        "state the rule, or move what is known into the gap's note",
                    )
    for p, proc in enumerate(trust.procedures):
        for j, step in enumerate(proc.steps):
            if step.vote is None or not step.vote.settled:
                continue
            for body_id in [step.body] if step.body else bodies_using(trust, proc):
                target = trust.body(body_id) if body_id else None
                if target is not None:
                    at = ("procedures", p, "steps", j, "vote")
                    yield from _reachable(trust, target, step.vote, proc.id, at)


def _reachable(
    trust: Trust, body: Body, rule: Voting, procedure: str | None, at: Path_
) -> Iterator[Problem]:
    """Each vote a resolution must include could be given by some seat that may vote."""
    if not rule.must_include:
        return
    try:
        rights = seat_rights(trust, body, procedure)
    except QueryError:  # a step's body the procedure does not apply to: another check's
        return
    possible = {r.seat for r in (*rights.voters, *rights.undetermined)}
    best = Counter({s.id: s.count for s in body.seats if s.id in possible})
    for i, result in enumerate(concurrence(trust, body, rule, best, possible)):
        if result.met is False:
            yield Problem(
                (*at, "must_include", i),
                "GR212",
                "error",
                f"a resolution of `{body.id}` must include {result.requirement}, but no seat "
                "that may vote can give it",
                "no resolution could ever carry",
            )


KIND = RuleKind(
    name="votes a resolution must include",
    models=(Concurrence,),
    aspects=(Aspect(_must_include_changes, reads=("Voting.must_include", *FIELDS)),),
    checks=(
        Check(
            _unreachable,
            codes=("GR212", "GR215"),
            reads=("Voting.must_include", "Voting.voter_classes", *FIELDS),
        ),
    ),
)
