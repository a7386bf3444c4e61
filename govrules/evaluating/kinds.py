"""Every rule kind, declared once: the list ``diff`` and ``validate`` run.

The order is the order of what they report: a body's changes rule by rule, the checks'
findings kind by kind.
"""

from __future__ import annotations

from . import classes, escalation, matters, meetings, offices, quorate, rights, timing, voting
from .rulekind import Aspect, Check, ProcedureAspect, RuleKind, TrustAspect

__all__ = ["RULE_KINDS", "aspects", "checks", "procedure_aspects", "trust_aspects"]

RULE_KINDS: tuple[RuleKind, ...] = (
    rights.KIND,
    offices.KIND,
    meetings.KIND,
    quorate.KIND,
    voting.KIND,
    classes.KIND,
    timing.KIND,
    escalation.KIND,
    matters.KIND,
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
