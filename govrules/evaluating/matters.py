"""Kinds of matter: the vocabulary a trust declares, and the rules that vary by kind.

A question or record may say what kind of matter a decision is (``--matter budget``). A
rule that varies by kind (``by_matter`` on a voting rule or a quorum, ``tie_by_lot_on``, a
condition's ``matter`` key, a procedure's ``matters``) applies its variation when the kind
is given; when the kind is not given, an answer that depends on it is ``incomplete`` and
needs ``--matter``. ``none`` is the question's word for a matter of no declared kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Hashable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ..language.phrasebook import code_list
from ..language.references import MATTER
from ..language.schema import (
    Condition,
    MatterKind,
    Procedure,
    Quorum,
    QuorumVariation,
    Threshold,
    Trust,
    Voting,
    VotingVariation,
)
from ..language.vocabulary import NO_KIND
from ..reading.errors import QueryError, excerpt
from .answers import Answer, Reason, SourceRef, cite
from .lacking import asker, how
from .rulekind import Altered, Check, Problem, RuleKind, TrustAspect, norm, pairs

if TYPE_CHECKING:
    from .readings import Reads

__all__ = [
    "KIND",
    "NO_KIND",
    "check_kind",
    "check_procedure",
    "condition_kinds",
    "implied_kind",
    "kind_exception_words",
    "kinds_in_play",
    "kinds_source",
    "over_kinds",
    "quorum_for",
    "read_kind",
    "varied_quorum",
    "varied_voting",
    "voting_for",
    "voting_variations",
]


def read_kind(kind: str | None, reads: Reads) -> None:
    """Record that an evaluation is of a matter of ``kind``: the kind is a rule of its own
    (``matters.<id>``), so a gap there reaches every answer about such a matter."""
    if kind is not None and kind != NO_KIND:
        reads.read(f"matters.{kind}")


def check_kind(trust: Trust, kind: str | None) -> str | None:
    """The question's kind, checked against the trust's vocabulary.

    :raises QueryError: a kind the trust does not declare (naming the nearest one).
    """
    if kind is None:
        return None
    if not isinstance(kind, str):
        raise QueryError(f"a kind of matter is named by its id, not by a {type(kind).__name__}")
    kind = kind.strip()
    known = {m.id for m in trust.matters}
    if kind == NO_KIND or kind in known:
        return kind
    if not known:
        raise QueryError(
            f"trust `{trust.id}` declares no kinds of matter, so `{excerpt(kind)}` is not one "
            "(leave out --matter)"
        )
    import difflib

    close = next(iter(difflib.get_close_matches(kind, sorted(known), n=1, cutoff=0.6)), None)
    hint = f"did you mean `{close}`?" if close else f"kinds: {', '.join(sorted(known))}, none"
    raise QueryError(f"trust `{trust.id}` has no kind of matter `{excerpt(kind)}`; {hint}")


def check_procedure(procedure: Procedure | None, kind: str | None) -> None:
    """A procedure for some kinds of matter cannot be asked about another kind.

    :raises QueryError: ``kind`` is given and is not one the procedure is for.
    """
    if procedure is None or not procedure.matters or kind is None:
        return
    if kind not in procedure.matters:
        raise QueryError(
            f"procedure `{procedure.id}` is for matters of kind "
            f"{', '.join(f'`{k}`' for k in procedure.matters)}, not `{kind}`"
        )


def implied_kind(trust: Trust, procedure: str | None) -> str | None:
    """The kind of matter a procedure for one kind implies (``None``: it implies none)."""
    found = trust.procedure(procedure) if procedure is not None else None
    return found.matters[0] if found is not None and len(found.matters) == 1 else None


def voting_variations(rule: Voting) -> tuple[VotingVariation, ...]:
    """Every way ``rule`` differs by kind: its ``by_matter`` entries, and ``tie_by_lot_on``
    read as the entry it is short for."""
    lot: tuple[VotingVariation, ...] = ()
    if rule.tie_by_lot_on:
        lot = (
            VotingVariation(
                matters=rule.tie_by_lot_on,
                casting_vote="none",
                tie="lot",
                source=rule.tie_by_lot_source or rule.casting_source or rule.source,
            ),
        )
    return (*rule.by_matter, *lot)


def _voting_variation(rule: Voting, kind: str | None) -> VotingVariation | None:
    if kind is None:
        return None
    return next((v for v in voting_variations(rule) if kind in v.matters), None)


def voting_for(rule: Voting, kind: str | None) -> tuple[Voting, VotingVariation | None]:
    """The voting rule as it applies to a matter of ``kind`` (``None``: the general rule),
    and the variation that made it differ (``None``: none did)."""
    found = _voting_variation(rule, kind)
    if found is None or not rule.settled:
        return rule, None
    return varied_voting(rule, found), found


def varied_voting(rule: Voting, found: VotingVariation) -> Voting:
    """``rule`` with the fields ``found`` gives, citing it for what it changes."""
    update: dict[str, object] = {}
    if found.threshold is not None:
        update["threshold"] = found.threshold
    if found.base is not None:
        update["base"] = found.base
    if found.threshold is not None or found.base is not None:
        update["source"] = found.source or rule.source
    if found.casting_vote is not None:
        update["casting_vote"] = found.casting_vote
    if found.tie is not None:
        update["tie"] = found.tie
    if found.casting_vote is not None or found.tie is not None:
        update["casting_source"] = found.source or rule.casting_source or rule.source
    return rule.model_copy(update=update)


def quorum_for(rule: Quorum, kind: str | None) -> tuple[Quorum, QuorumVariation | None]:
    """The quorum as it applies to a matter of ``kind`` (``None``: the general rule), and the
    variation that made it differ (``None``: none did)."""
    found: QuorumVariation | None = None
    if kind is not None:
        found = next((v for v in rule.by_matter if kind in v.matters), None)
    if found is None or not rule.settled:
        return rule, None
    return varied_quorum(rule, found), found


def varied_quorum(rule: Quorum, found: QuorumVariation) -> Quorum:
    """``rule`` with the measure ``found`` gives (and its ``minimum``, where it gives one)."""
    return rule.model_copy(
        update={
            "at_least": found.at_least,
            "more_than": found.more_than,
            "number": found.number,
            "minimum": found.minimum if found.minimum is not None else rule.minimum,
            "source": found.source or rule.source,
        }
    )


def kind_exception_words(rule: Voting | None, seat: str) -> str | None:
    """Where a seat's vote turns on the kind of matter (an exception for some kinds): when it
    votes, in words ("the matter is not of kind `budget`")."""
    if rule is None or not rule.settled:
        return None
    exc = next((e for e in rule.exceptions if e.seat == seat and e.matters), None)
    if exc is None or exc.votes == "unspecified":
        return None
    kinds = code_list(exc.matters)
    return f"the matter is {'' if exc.votes else 'not '}of kind {kinds}"


def condition_kinds(condition: Condition | None) -> set[str]:
    """The kinds of matter a condition asks about (``matter`` keys, at any depth)."""
    if condition is None:
        return set()
    kinds = set(condition.matter or ())
    for part in (*(condition.any or ()), *(condition.all or ())):
        kinds |= condition_kinds(part)
    if condition.not_ is not None:
        kinds |= condition_kinds(condition.not_)
    return kinds


def kinds_in_play(
    voting: Voting | None, quorum: Quorum | None, seats: Collection[str] | None = None
) -> list[str]:
    """The kinds of matter whose answer may differ from the general rule's, for a question
    that reads ``voting`` and ``quorum``: sorted, without ``none``. ``seats``: only the
    exceptions for these seats count (a vote that reads the rights of those present only)."""
    kinds: set[str] = set()
    if voting is not None:
        for v in voting_variations(voting):
            kinds |= set(v.matters)
        kinds |= condition_kinds(voting.condition)
        for exc in voting.exceptions:
            if seats is None or exc.seat in seats:
                kinds |= set(exc.matters)
    if quorum is not None:
        for q in quorum.by_matter:
            kinds |= set(q.matters)
    return sorted(kinds)


def kinds_source(trust: Trust, voting: Voting | None, quorum: Quorum | None) -> SourceRef | None:
    """The clause of the first rule that treats a kind of matter differently."""
    if voting is not None:
        for v in voting_variations(voting):
            return cite(trust, v.source or voting.source)
        for exc in voting.exceptions:
            if exc.matters:
                return cite(trust, exc.source or voting.source)
        if condition_kinds(voting.condition):
            return cite(trust, voting.source)
    if quorum is not None and quorum.by_matter:
        return cite(trust, quorum.by_matter[0].source or quorum.source)
    return None


A = TypeVar("A", bound=Answer)


def over_kinds(
    kinds: list[str],
    ask: Callable[[str | None], A],
    *,
    key: Callable[[A], Hashable],
    words: Callable[[A], str],
    unsettled: dict[str, Any],
    source: SourceRef | None,
    only: tuple[str, ...] = (),
) -> A:
    """The answer to a question that does not say the kind of its matter.

    ``ask`` answers for one kind. With no rule treating any kind differently (``kinds``
    empty) that is the answer; otherwise the question is asked for a matter of no declared
    kind and for each of ``kinds``: where ``key`` agrees for all, that answer stands (with a
    line saying so); where not, the answer is ``incomplete``, needs ``--matter``, and says
    what each kind would give. ``unsettled`` are the fields an incomplete answer clears.
    ``only``: the matter can only be of these kinds (a procedure for them), so only they are
    asked, the first standing for the others; one kind is then the kind.
    """
    if only:
        if len(only) == 1:
            return ask(only[0])
        kinds = list(only[1:])
    if not kinds:
        return ask(None)
    general = ask(only[0] if only else NO_KIND)
    each = {kind: ask(kind) for kind in kinds}
    listed = code_list(kinds)
    if all(key(a) == key(general) for a in each.values()):
        same = Reason(
            "The question does not say what kind of matter this is; the answer is the same "
            f"whatever it is (the rules treat {listed} differently).",
            source,
        )
        return dataclasses.replace(general, explanation=(*general.explanation, same))
    outcomes = "; ".join(f"on `{k}`, {words(a)}" for k, a in each.items())
    other, below = (f"on `{only[0]}`", f"`{only[0]}`") if only else ("on any other", "any other")
    depends = Reason(
        f"The answer depends on the kind of matter, which {asker()} does not say (give "
        f"{how('--matter')}, `none` for a matter of no declared kind): {outcomes}; {other}, "
        f"{words(general)}. Below, the rules as they apply to {below} matter.",
        source,
    )
    return dataclasses.replace(
        general,
        answer="incomplete",
        needs=tuple(dict.fromkeys(("--matter", *general.needs))),
        explanation=(depends, *general.explanation),
        **unsettled,
    )


def references(trust: Trust) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every kind of matter the trust's rules name, with its path."""
    # Imported here: only diff and validate ask (benchmarks/cli.py: a question's start-up).
    from ..language.resolution import named

    return named(trust, MATTER)


# --- what diff compares and validate checks -------------------------------------------------


def _matters_changes(old_trust: Trust, new_trust: Trust) -> Iterator[Altered]:
    """The trust's vocabulary of kinds of matter: a kind added, removed or renamed."""
    for old, new in pairs(old_trust.matters, new_trust.matters, lambda m: m.id):
        if old is not None and new is not None and norm(old.name) == norm(new.name):
            continue
        before = old.name if old else None
        after = new.name if new else None
        kind = (new or old).id  # type: ignore[union-attr]
        text = (
            f"New kind of matter `{kind}`: {after}."
            if old is None
            else (
                f"Kind of matter removed: `{kind}` ({before})."
                if new is None
                else f"Kind of matter `{kind}`: from {before} to {after}."
            )
        )
        if new:
            yield Altered("matters-changed", text, before, after, new.source, subject=kind)
        else:
            source = old.source if old else None
            yield Altered("matters-changed", text, before, after, source, True, subject=kind)


def _matters(trust: Trust) -> Iterator[Problem]:
    """Kinds of matter: one declared that no rule treats differently, and a rule by kind that
    has no effect (on a rule the document leaves unsettled, or the same as the general one)."""
    used = {kind for _, kind in references(trust)}
    for i, kind in enumerate(trust.matters):
        if kind.id not in used:
            yield Problem(
                ("matters", i, "id"),
                "GR220",
                "warning",
                f"kind of matter `{kind.id}` is declared but no rule treats it differently, so "
                "naming it in a question changes nothing",
                "give it a rule (`by_matter`, a `matters` exception, a `matter` condition, a "
                "procedure's `matters`) or leave it out",
            )
    for b, body in enumerate(trust.bodies):
        for field, rule in (("voting", body.voting), ("quorum", body.quorum)):
            if rule is None or not rule.by_matter or rule.settled:
                continue
            yield Problem(
                ("bodies", b, field, "by_matter"),
                "GR221",
                "warning",
                f"the {field} rule of `{body.id}` is not stated, so its `by_matter` has no effect",
                "state the general rule, or record the kinds' rules as gaps",
            )
        vote, quorum = body.voting, body.quorum
        same: list[tuple[str, int, tuple[str, ...]]] = []
        if vote is not None and vote.settled:
            same += [
                ("voting", v, x.matters)
                for v, x in enumerate(vote.by_matter)
                if _same_as_general(vote, x)
            ]
        if quorum is not None and quorum.settled:
            same += [
                ("quorum", q, x.matters)
                for q, x in enumerate(quorum.by_matter)
                if _quorum_share(varied_quorum(quorum, x)) == _quorum_share(quorum)
            ]
        for field, i, kinds in same:
            yield Problem(
                ("bodies", b, field, "by_matter", i),
                "GR221",
                "warning",
                f"this {field} rule for {', '.join(f'`{k}`' for k in kinds)} in `{body.id}` is "
                "the same as the general one, so it has no effect",
            )


def _quorum_share(rule: Quorum) -> object:
    return (rule.fraction, rule.more_than is not None, rule.number, rule.minimum)


def _same_as_general(rule: Voting, variation: VotingVariation) -> bool:
    def share(t: Threshold | None) -> object:
        return None if t is None else (t.fraction, t.strict, t.unanimous)

    return (
        (variation.threshold is None or share(variation.threshold) == share(rule.threshold))
        and variation.base in (None, rule.base)
        and variation.casting_vote in (None, rule.casting_vote)
        and variation.tie in (None, rule.tie)
    )


KIND = RuleKind(
    name="kinds of matter",
    models=(MatterKind,),
    trust_aspects=(
        TrustAspect(_matters_changes, reads=("Trust.matters", "MatterKind.id", "MatterKind.name")),
    ),
    checks=(
        Check(
            _matters,
            codes=("GR220", "GR221"),
            reads=(
                "Trust.matters",
                "MatterKind.id",
                "Quorum.by_matter",
                "Voting.by_matter",
                "QuorumVariation.at_least",
                "QuorumVariation.more_than",
                "QuorumVariation.number",
                "QuorumVariation.minimum",
                "VotingVariation.threshold",
                "VotingVariation.base",
                "VotingVariation.casting_vote",
                "VotingVariation.tie",
            ),
        ),
    ),
    not_compared={
        "MatterKind.source": "a citation",
        "MatterKind.note": "commentary",
    },
    not_linted={
        "MatterKind.name": "words, read by people",
        "MatterKind.source": "a citation, checked with every other citation",
        "MatterKind.note": "commentary",
    },
)
"""Kinds of matter: what ``diff`` compares of the vocabulary and what ``validate`` checks."""
