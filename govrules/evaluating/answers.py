"""Answers are data: the result, the numbers used, and reasons that each cite a clause."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..language.schema import Source, Trust

__all__ = [
    "Answer",
    "AnswerBase",
    "Concurred",
    "QuorumAnswer",
    "ReadingOutcome",
    "Reason",
    "SeatRight",
    "SourceRef",
    "VoteAnswer",
    "VotersAnswer",
    "cite",
]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The clause an answer or a reason rests on: document, clause and, where encoded, the quote."""

    document: str
    clause: str
    quote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document, "clause": self.clause}
        if self.quote:
            out["quote"] = self.quote
        return out


def cite(trust: Trust, source: Source | None) -> SourceRef | None:
    """A schema source as an answer's citation (the trust's document by default)."""
    if source is None:
        return None
    document = source.document or trust.document.title
    # Made once per source and document, kept beside the source's fields (as a cached
    # property would be): an answer cites its clauses many times (benchmarks/library.py).
    made: SourceRef | None = source.__dict__.get(_CITED)
    if made is None or made.document != document:
        made = source.__dict__[_CITED] = SourceRef(document, source.clause, source.quote)
    return made


_CITED = "_cited"


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of an explanation, with the clause it rests on."""

    text: str
    source: SourceRef | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source.to_dict() if self.source else None}


@dataclass(frozen=True, slots=True)
class ReadingOutcome:
    """One combination of the readings a question touched, and the answer under it."""

    reading: str
    """The combination in words: each subject, its value and how it reads the text."""
    answer: str
    source: SourceRef | None = None
    values: tuple[tuple[str, Any], ...] = ()
    """``(subject, value)`` for each reading in the combination."""
    facts: tuple[tuple[str, Any], ...] = ()
    """The answer's own numbers under this reading (a vote's ``base`` and ``required``, a
    quorum's ``required`` and ``membership``), as ``(field, value)``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "answer": self.answer,
            "source": self.source.to_dict() if self.source else None,
            "values": [{"subject": s, "value": v} for s, v in self.values],
            **dict(self.facts),
        }


class AnswerBase:
    """What every answer shares, whatever the question: the envelope (``trust``, ``body``,
    ``question``, ``answer``, ``explanation``; ``readings`` and ``needs`` where they say
    something) and :meth:`to_dict`, the JSON the command line prints: the envelope, then the
    answer's own fields.

    A subclass gives its own fields in ``_extra``; ``to_dict`` is written once, here."""

    __slots__ = ()

    if TYPE_CHECKING:
        # Declared for the type checker only: a dataclass takes a base's class attribute of
        # a field's name as that field's default.
        @property
        def trust(self) -> str | None:
            """The trust's id (``None`` where the answer spans files)."""

        @property
        def body(self) -> str | None:
            """The body's id (``None`` where the question is not about one)."""

        @property
        def question(self) -> str:
            """The command that answered: ``quorum``, ``check``, ``validate``, ..."""

        @property
        def answer(self) -> str:
            """The answer word; it decides the exit status."""

        @property
        def explanation(self) -> tuple[Reason, ...]:
            """Why, step by step, each with its clause."""

    readings: tuple[ReadingOutcome, ...] = ()
    needs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {
            "trust": self.trust,
            "body": self.body,
            "question": self.question,
            "answer": self.answer,
            "explanation": [r.to_dict() for r in self.explanation],
            **self._extra(),
        }
        # Additions to the contract, present only where they say something.
        if self.readings:
            out["readings"] = [r.to_dict() for r in self.readings]
        if self.needs:
            out["needs"] = list(self.needs)
        return out

    def _extra(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True, slots=True)
class Answer(AnswerBase):
    """The fields every answer has (see the public contract), for an answer that carries
    them as data."""

    trust: str
    body: str | None
    question: str
    answer: str
    explanation: tuple[Reason, ...]
    readings: tuple[ReadingOutcome, ...] = field(default=(), kw_only=True)
    """Each combination of the readings the question touched, with its answer (empty when the
    question touched none)."""
    needs: tuple[str, ...] = field(default=(), kw_only=True)
    """For an ``incomplete`` answer: the options that would settle it."""


@dataclass(frozen=True, slots=True)
class QuorumAnswer(Answer):
    """Whether a meeting is quorate: ``required`` (or ``None``: not stated) and ``present``."""

    required: int | None = None
    present: int = 0
    membership: int | None = None
    inquorate_decisions: str | None = None

    def _extra(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "present": self.present,
            "membership": self.membership,
            "inquorate_decisions": self.inquorate_decisions,
        }


@dataclass(frozen=True, slots=True)
class SeatRight:
    """One seat's right to vote, with the reason and the clause."""

    seat: str
    reason: str
    source: SourceRef | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "seat": self.seat,
            "reason": self.reason,
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(frozen=True, slots=True)
class VotersAnswer(Answer):
    """Who may vote: ``voters``, ``non_voters`` and ``undetermined`` seats."""

    voters: tuple[SeatRight, ...] = ()
    non_voters: tuple[SeatRight, ...] = ()
    undetermined: tuple[SeatRight, ...] = ()
    procedure: str | None = None

    def _extra(self) -> dict[str, Any]:
        return {
            "voters": [v.to_dict() for v in self.voters],
            "non_voters": [v.to_dict() for v in self.non_voters],
            "undetermined": [v.to_dict() for v in self.undetermined],
            "procedure": self.procedure,
        }


@dataclass(frozen=True, slots=True)
class Concurred:
    """One vote a resolution must include to carry, and whether the votes for include it."""

    requirement: str
    """The requirement in words ("the vote for of a member of `mayor`")."""
    met: bool | None
    """Whether the votes for include it (null: not settled)."""
    by: tuple[str, ...] = ()
    """The seats whose votes for meet it."""
    missing: tuple[str, ...] = ()
    """What is missing: the partners of the kind with no vote for, or the seat named."""
    source: SourceRef | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "requirement": self.requirement,
            "met": self.met,
            "by": list(self.by),
            "missing": list(self.missing),
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(frozen=True, slots=True)
class VoteAnswer(Answer):
    """Whether a motion was carried, the votes counted, and whether the decision binds."""

    for_: int = 0
    against: int = 0
    abstain: int = 0
    present: int = 0
    base: int | None = None
    required: int | None = None
    """The fewest votes for that carry it (null where no rule settles it)."""
    required_text: str | None = None
    """``required`` in words, as the text answer shows it ("6 of 10", "all 5")."""
    binding: bool | None = None
    effect: str = "unspecified"
    """``binding``, ``in-principle``, ``void``, ``pending`` (carried at a step a later one must
    confirm: no effect yet) or ``unspecified``."""
    procedure: str | None = None
    not_counted: tuple[SeatRight, ...] = field(default=())
    invalid: int = 0
    """Invalid (spoilt) ballots, in votes."""
    weighted: bool = False
    """Some member present carries more than one vote: ``for``, ``against``, ``abstain`` and
    ``base`` are then votes, not members."""
    tie: str | None = None
    """How votes for equal to votes against were settled: ``no-votes`` (none either way: lost),
    ``cannot-change`` (a tie-break could not carry it: lost), ``casting-vote`` (the chair's,
    given), ``awaiting-casting-vote`` or ``stands`` (tied), ``lot`` (tied, to be drawn),
    ``fails`` (lost), ``unsettled`` (the MoU does not say); null where no tie decided it."""
    concurrence: tuple[Concurred, ...] = ()
    """The votes the rule says a resolution must include, each met or not, and by whom."""

    def _extra(self) -> dict[str, Any]:
        return {
            "for": self.for_,
            "against": self.against,
            "abstain": self.abstain,
            "present": self.present,
            "base": self.base,
            "required": self.required,
            "required_text": self.required_text,
            "binding": self.binding,
            "effect": self.effect,
            "procedure": self.procedure,
            "not_counted": [v.to_dict() for v in self.not_counted],
            "invalid": self.invalid,
            "weighted": self.weighted,
            "tie": self.tie,
            "concurrence": [c.to_dict() for c in self.concurrence],
        }
