"""What a rule kind declares beside its evaluation: its aspects for ``diff`` and its checks
for ``validate``, as data and pure functions, with the fields of its models each one reads.

A rule kind's module (``quorate`` for the quorum, ``voting`` for votes, ...) declares one
:class:`RuleKind`; :mod:`govrules.evaluating.kinds` lists them all, once. ``diff`` and
``validate`` run what that list declares and build their own changes and findings from what
the kinds yield, so adding a rule kind touches neither of them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeVar

from ..language.phrasebook import STATUS
from ..language.schema import Body, Procedure, Rule, Source, Trust
from ..reading.sourcefile import Path_
from .answers import SourceRef

__all__ = [
    "NOT_RULES",
    "Altered",
    "Aspect",
    "Check",
    "Problem",
    "ProcedureAspect",
    "ProcedureSide",
    "RuleKind",
    "Severity",
    "Side",
    "TrustAspect",
    "norm",
    "pairs",
    "settled",
    "target_words",
    "unsettled_words",
]

T = TypeVar("T")

# The declarations are named tuples, not frozen dataclasses: defining a dataclass costs some
# 0.3 ms, and every question imports this module, each rule kind's module declaring its kind
# with them (benchmarks/cli.py: a first-time question).

_NONE: Mapping[str, str] = MappingProxyType({})
"""No fields (a kind's default for the fields it need not read)."""

Severity = Literal["error", "warning", "info"]


NOT_RULES: Mapping[str, str] = {
    "source": "a citation: which clause states the rule",
    "note": "commentary for readers",
    "quote": "the words cited",
}
"""Fields, by name, that are no rule wherever they appear: no answer, change or finding
turns on them (citations are checked against the document by ``validate --source``)."""


# --- lint -----------------------------------------------------------------------------------


class Problem(NamedTuple):
    """What a check yields: where in the file (a rule path), a stable code, its severity and
    message, and a hint and the clause concerned where there are any."""

    path: Path_
    code: str
    severity: Severity
    message: str
    hint: str | None = None
    clause: str | None = None


class Check(NamedTuple):
    """A lint check: a pure function of the trust, the codes it yields and the model fields
    (``Model.field``) it judges."""

    run: Callable[[Trust], Iterator[Problem]]
    codes: tuple[str, ...]
    reads: tuple[str, ...]


# --- diff -----------------------------------------------------------------------------------


class Side(NamedTuple):
    """One version of the trust, with the body whose rules are compared."""

    trust: Trust
    body: Body


class Altered(NamedTuple):
    """What an aspect yields: one change in practice, its kind (``quorum-changed``, ...), its
    words, short values before and after, and the clause to cite (of the old version where
    ``cited_in_old``: something removed)."""

    kind: str
    text: str
    before: str | None
    after: str | None
    source: Source | None
    cited_in_old: bool = False
    subject: str | None = None
    cited: SourceRef | None = None
    """The citation itself, where the engine has made it already (a seat's right to vote)."""
    body: str | None = None
    """The body concerned, for a change in a procedure (a body's changes name their body)."""


class Aspect(NamedTuple):
    """One part of a body's rules that ``diff`` compares: a pure function of the old and the
    new version, and the model fields (``Model.field``) it compares."""

    compare: Callable[[Side, Side], Iterator[Altered]]
    reads: tuple[str, ...]


class ProcedureSide(NamedTuple):
    """One version of the trust, with the procedure compared."""

    trust: Trust
    procedure: Procedure


class ProcedureAspect(NamedTuple):
    """One part of a procedure that ``diff`` compares, old against new."""

    compare: Callable[[ProcedureSide, ProcedureSide], Iterator[Altered]]
    reads: tuple[str, ...]


class TrustAspect(NamedTuple):
    """A part of the whole trust that ``diff`` compares, old against new, reported before the
    bodies' changes or, where ``after_bodies``, after them."""

    compare: Callable[[Trust, Trust], Iterator[Altered]]
    reads: tuple[str, ...]
    after_bodies: bool = False


# --- the kind -------------------------------------------------------------------------------


class RuleKind(NamedTuple):
    """A rule kind: the models it owns, its aspects and checks, and for each field of its
    models that one of them need not read, why (``Model.field`` -> reason)."""

    name: str
    models: tuple[type, ...]
    aspects: tuple[Aspect, ...] = ()
    checks: tuple[Check, ...] = ()
    procedure_aspects: tuple[ProcedureAspect, ...] = ()
    trust_aspects: tuple[TrustAspect, ...] = ()
    not_compared: Mapping[str, str] = _NONE
    """Fields no aspect compares, each with the reason no answer turns on it."""
    not_linted: Mapping[str, str] = _NONE
    """Fields no check judges, each with the reason none is needed."""
    not_evaluated: Mapping[str, str] = _NONE
    """Fields no evaluator reads, each with the reason no answer turns on it."""


# --- shared by the aspects ------------------------------------------------------------------


def norm(text: str | None) -> str | None:
    """Free text as compared: case, spacing and a final full stop are not rules."""
    if text is None:
        return None
    return " ".join(text.split()).casefold().rstrip(".")


def settled(rule: Rule | None) -> bool:
    return rule is not None and rule.settled


def unsettled_words(rule: Rule | None) -> str:
    # A missing rule and one marked `unspecified` leave the same question open.
    return "not stated" if rule is None else STATUS[rule.status].value


def pairs(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]
) -> list[tuple[T | None, T | None]]:
    """Match entries by key: the new version's order, then what only the old one has."""
    old_by = {key(x): x for x in old}
    new_keys = {key(x) for x in new}
    out: list[tuple[T | None, T | None]] = [(old_by.get(key(x)), x) for x in new]
    out += [(x, None) for x in old if key(x) not in new_keys]
    return out


def target_words(trust: Trust, target_id: str) -> str:
    """A body or external body by name and id, for a line or a final arbiter."""
    body = trust.body(target_id)
    if body is not None:
        return f"the {body.name} (`{target_id}`)"
    external = trust.external(target_id)
    return f"the {external.name} (`{target_id}`)" if external else f"`{target_id}`"
