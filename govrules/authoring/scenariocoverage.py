"""``govrules test --coverage``: the rules and clauses of a MoU that no scenario exercises (the
clauses of the document itself are counted by :mod:`govrules.authoring.sourcecheck`).

A rule is *exercised* when some scenario's question reads it. That is approximated by the
question's kind, body and procedure: a quorum question on a body exercises that body's quorum,
a vote or voters question its voting rule, an eligible question the office it asks about, an
escalate question the procedure its answer followed. A clause is exercised when some
scenario's answer cites it (answers cite every rule and recorded gap they rest on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..language.schema import Source, Trust
from .scenarios import ScenarioReport

__all__ = ["Coverage", "TrustCoverage", "coverage", "rules_of"]


@dataclass(frozen=True)
class TrustCoverage:
    trust: str
    rules: tuple[tuple[str, str | None], ...]
    """Every rule scenarios could exercise, with the clause it cites."""
    missed_rules: tuple[tuple[str, str | None], ...]
    clauses: tuple[str, ...]
    """Every clause the trust file cites, in the order it first cites them."""
    missed_clauses: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "trust": self.trust,
            "rules": len(self.rules),
            "rules_exercised": len(self.rules) - len(self.missed_rules),
            "clauses": len(self.clauses),
            "clauses_exercised": len(self.clauses) - len(self.missed_clauses),
            "not_exercised": {
                "rules": [{"rule": r, "clause": c} for r, c in self.missed_rules],
                "clauses": list(self.missed_clauses),
            },
        }


@dataclass(frozen=True)
class Coverage:
    trusts: tuple[TrustCoverage, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"trusts": [t.to_dict() for t in self.trusts]}


def rules_of(trust: Trust) -> list[tuple[str, str | None]]:
    """The rules a scenario can exercise, each as ``(path, clause)``."""
    out: list[tuple[str, str | None]] = []
    for body in trust.bodies:
        for name in ("quorum", "voting", "chair", "vice_chair"):
            rule = getattr(body, name)
            if rule is not None:
                source = getattr(rule, "source", None)
                out.append((f"{body.id}.{name}", source.clause if source else None))
    for procedure in trust.procedures:
        out.append(
            (f"procedures.{procedure.id}", procedure.source.clause if procedure.source else None)
        )
    return out


def _clauses(trust: Trust) -> list[str]:
    from .findings import walk_models

    seen: dict[str, None] = {}
    for _, source in walk_models(trust, (Source,)):
        seen.setdefault(source.clause, None)
    return list(seen)


def coverage(report: ScenarioReport) -> Coverage:
    """What the scenarios of ``report`` leave unexercised in each trust they name."""
    out: list[TrustCoverage] = []
    for trust in report.trusts:
        ran = [r for r in report.results if r.trust == trust.id]
        exercised = {path for r in ran for path in r.exercised}
        cited = {clause for r in ran for clause in r.cited}
        rules = rules_of(trust)
        clauses = _clauses(trust)
        out.append(
            TrustCoverage(
                trust.id,
                tuple(rules),
                tuple(r for r in rules if r[0] not in exercised),
                tuple(clauses),
                tuple(c for c in clauses if c not in cited),
            )
        )
    return Coverage(tuple(out))
