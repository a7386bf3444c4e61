"""Every rule kind, declared once: the list ``diff`` and ``validate`` run.

The order is the order of what they report: a body's changes rule by rule, the checks'
findings kind by kind.
"""

from __future__ import annotations

from ..language.schema import (
    Body,
    Calendar,
    Conflict,
    DeclaredClause,
    Document,
    Effective,
    ExternalBody,
    Gap,
    Link,
    NotProcedural,
    Partner,
    Reading,
    Rule,
    Source,
    StatutoryBoard,
    Trust,
)
from . import (
    classes,
    concurrence,
    conditions,
    escalation,
    matters,
    meetings,
    offices,
    quorate,
    rights,
    timing,
    voting,
)
from .rulekind import Aspect, Check, ProcedureAspect, RuleKind, TrustAspect

__all__ = ["RULE_KINDS", "STRUCTURE", "aspects", "checks", "procedure_aspects", "trust_aspects"]

STRUCTURE = RuleKind(
    name="the trust's structure",
    models=(
        Trust, Document, DeclaredClause, NotProcedural, Effective, Calendar, Partner,
        ExternalBody, Body, Link, StatutoryBoard, Gap, Reading, Rule, Conflict,
        Source,
    ),
    # Compared by ``diff`` and checked by ``validate`` in their own sections, which declare
    # what they read (``diff.COMPARED_HERE``, ``findings.CHECKED_HERE``).
    not_evaluated={
        "Body.instances": "how many bodies share the definition: each answers alike",
        "Body.purpose": "words, read by people",
        "Document.clauses": "the document's clauses, checked against citations by `validate`",
        "Document.numbering": "where clauses start in the source document, read by "
        "`coverage` and `validate --source`",
        "Document.not_procedural": "clauses with no rule, read by `coverage`",
        "DeclaredClause.at": "read by `coverage` and `validate --source`",
        "DeclaredClause.within": "read by `coverage` and `validate --source`",
        "Effective.until": "which version is in force, chosen when loading (`--as-of`)",
        "Trust.effective": "which version is in force, chosen when loading (`--as-of`)",
        "Trust.constraints": "read by `eligible` (in `offices`); checked by `validate` (GR104)",
        "Trust.statutory_board": "checked by `validate` (GR109); no answer reads it",
        "StatutoryBoard.exempt": "checked by `validate` (GR109); no answer reads it",
    },
)  # fmt: skip
"""What is no rule kind: the document, partners, bodies as containers, lines, gaps."""


RULE_KINDS: tuple[RuleKind, ...] = (
    rights.KIND,
    offices.KIND,
    meetings.KIND,
    quorate.KIND,
    voting.KIND,
    concurrence.KIND,
    classes.KIND,
    timing.KIND,
    escalation.KIND,
    matters.KIND,
    conditions.KIND,
    STRUCTURE,
)


def aspects() -> tuple[Aspect, ...]:
    """Every kind's aspects, in the order ``diff`` reports their changes."""
    return tuple(a for kind in RULE_KINDS for a in kind.aspects)


def checks() -> tuple[Check, ...]:
    """Every kind's checks, in the order ``validate`` reports their findings."""
    return tuple(c for kind in RULE_KINDS for c in kind.checks)


def procedure_aspects() -> tuple[ProcedureAspect, ...]:
    """Every kind's aspects of a procedure, in the order ``diff`` reports their changes."""
    return tuple(a for kind in RULE_KINDS for a in kind.procedure_aspects)


def trust_aspects() -> tuple[TrustAspect, ...]:
    """Every kind's aspects of the whole trust, in the order ``diff`` reports their changes."""
    return tuple(a for kind in RULE_KINDS for a in kind.trust_aspects)
