"""Where does a dispute go next, and when? The steps of a procedure from a body."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace
from typing import Any

from ..language.phrasebook import CASTING_VOTE, code_list, describe_threshold
from ..language.schema import Procedure, Route, Step, Timing, Trust, Voting
from ..language.scope import bodies_using, used_in
from ..reading.errors import QueryError
from .answers import Answer, Reason, SourceRef, cite
from .concurrence import voting_rule_words
from .conditions import describe as describe_condition
from .graph import escalation_path
from .quorate import find_body
from .readings import Reads, under_readings
from .rights import find_procedure
from .timing import Window, region_of, window
from .timing import describe as describe_timing

__all__ = ["EscalateAnswer", "EscalationStep", "escalate"]


@dataclass(frozen=True)
class EscalationStep:
    """One step of a dispute's route: where it happens, what happens, and its timing."""

    step: int
    body: str | None
    action: str
    actor: str | None = None
    min_days_after_previous: int | None = None
    max_days: int | None = None
    working_days: bool = False
    clear_days: bool = False
    region: str | None = None
    """Whose bank holidays a working day skips (the step's own, else the trust's)."""
    counted_from: str | None = None
    timing: str | None = None
    """The wait and deadline in words ("at least 28 clear working days after the first
    resolution")."""
    dates: Window | None = None
    """The days the step may be taken on, where the question gave the first step's date."""
    vote: dict[str, Any] | None = None
    final: bool = False
    source: SourceRef | None = None
    optional: bool = False
    """The step *may* be taken ("they may refer the issue"); a required one must."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "body": self.body,
            "action": self.action,
            "actor": self.actor,
            "min_days_after_previous": self.min_days_after_previous,
            "max_days": self.max_days,
            "working_days": self.working_days,
            "clear_days": self.clear_days,
            "region": self.region,
            "counted_from": self.counted_from,
            "timing": self.timing,
            "dates": self.dates.to_dict() if self.dates else None,
            "vote": self.vote,
            "final": self.final,
            "optional": self.optional,
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(frozen=True)
class EscalateAnswer(Answer):
    """The ordered steps of the procedure from a body to its final arbiter."""

    procedure: str | None = None
    steps: tuple[EscalationStep, ...] = field(default=())
    final_arbiter: str | None = None
    start: dt.date | None = None
    """The date of the first step, where the question gave one: each later step's dates are
    counted from the step before it on its earliest day."""

    def _extra(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "procedure": self.procedure,
            "steps": [s.to_dict() for s in self.steps],
            "final_arbiter": self.final_arbiter,
        }


def applicable_procedures(trust: Trust, body_id: str) -> list[Procedure]:
    """Procedures used in ``body_id`` (:func:`~govrules.language.scope.used_in`)."""
    return [p for p in trust.procedures if used_in(p, body_id)]


def _vote_summary(trust: Trust, rule: Voting) -> dict[str, Any]:
    if not rule.settled:
        return {
            "text": f"A vote whose rule the MoU does not settle: {rule.note or ''}".strip(),
            "casting_vote": rule.casting_vote,
        }
    text = f"A resolution needs {describe_threshold(rule)}."
    if rule.condition is not None:
        text += f" A partner votes only if {describe_condition(rule.condition)}."
    text += voting_rule_words(trust, rule)
    text += " " + CASTING_VOTE[rule.casting_vote].sentence
    return {
        "text": text,
        "casting_vote": rule.casting_vote,
        "condition": describe_condition(rule.condition) if rule.condition else None,
        "casting_source": (c.to_dict() if (c := cite(trust, rule.casting_source)) else None),
    }


def _timing_fields(trust: Trust, rule: Timing) -> dict[str, Any]:
    return {
        "min_days_after_previous": rule.min_days_after_previous,
        "max_days": rule.max_days,
        "working_days": rule.working_days,
        "clear_days": rule.clear_days,
        "region": region_of(trust, rule) if rule.working_days else rule.region,
        "counted_from": rule.counted_from,
        "timing": describe_timing(trust, rule),
    }


def _step(trust: Trust, n: int, step: Step, where: str) -> EscalationStep:
    return EscalationStep(
        step=n,
        body=step.body or (None if step.outside else where),
        action=step.action,
        actor=step.actor,
        **_timing_fields(trust, step),
        vote=_vote_summary(trust, step.vote) if step.vote is not None else None,
        final=step.final,
        source=cite(trust, step.source),
    )


def escalate(
    trust: Trust, body: str, procedure: str | None = None, start: dt.date | None = None
) -> EscalateAnswer:
    """The ordered steps of the procedure from ``body`` to its final arbiter, with each step's
    wait and deadline; given ``start``, the date of the first step, the dates each later step
    may be taken on, by the trust's calendar.

    :raises QueryError: unknown found or procedure, a procedure that does not apply to the
        found, or several procedures that apply when none is chosen.
    """
    return under_readings(
        trust, lambda t, reads: _escalate(t, body, procedure, start, reads), words=_escalate_words
    )


def _escalate_words(answer: EscalateAnswer) -> str:
    """The answer with each step's timing and dates: readings that give the same route by
    different days or dates say so, each reading's line with its own."""
    parts = [answer.answer]
    for s in answer.steps:
        said = [x for x in (s.timing, s.dates.text if s.dates else None) if x]
        if s.optional:
            said.append("optional")
        if said:
            parts.append(f"step {s.step} {', '.join(said)}")
    return "; ".join(parts)


def _dated(
    trust: Trust, steps: list[EscalationStep], rules: list[Timing | None], start: dt.date
) -> tuple[list[EscalationStep], list[Reason]]:
    """Each step with the days it may be taken on, the first on ``start`` and each later one
    counted from the step before it on its earliest day."""
    out: list[EscalationStep] = []
    reasons: list[Reason] = []
    previous: dt.date | None = start
    for s, rule in zip(steps, rules, strict=True):
        if previous is None or rule is None:
            out.append(s)
            continue
        if s.step == 1:
            win = Window(start, start, None, f"on {start.isoformat()}")
        else:
            win = window(trust, rule, previous)
        if win.text and s.step != 1:
            reasons.append(Reason(f"Step {s.step}: {win.text}.", s.source))
        out.append(replace(s, dates=win))
        previous = win.earliest
    return out, reasons


def _escalate(
    trust: Trust, body: str, procedure: str | None, start: dt.date | None, reads: Reads
) -> EscalateAnswer:
    found = find_body(trust, body)

    def answer(
        value: str,
        reasons: list[Reason],
        proc: Procedure | None = None,
        steps: list[EscalationStep] | None = None,
    ) -> EscalateAnswer:
        return EscalateAnswer(
            start=start,
            trust=trust.id,
            body=found.id,
            question="escalate",
            answer=value,
            explanation=tuple(reasons),
            procedure=proc.id if proc else None,
            steps=tuple(steps or ()),
            final_arbiter=proc.final_arbiter if proc else None,
        )

    if procedure is not None:
        proc = find_procedure(trust, procedure)
        if proc not in applicable_procedures(trust, found.id):
            used = ", ".join(bodies_using(trust, proc)) or "no body"
            raise QueryError(f"procedure `{proc.id}` is not used in `{found.id}` (used in: {used})")
    else:
        candidates = applicable_procedures(trust, found.id)
        if not candidates:
            return answer(
                "unspecified",
                [
                    Reason(
                        f"The MoU names no dispute or conflict procedure for the {found.name}.",
                        cite(trust, found.source),
                    )
                ],
            )
        if len(candidates) > 1:
            names = ", ".join(p.id for p in candidates)
            raise QueryError(
                f"several procedures apply to `{found.id}` ({names}); choose one with --procedure"
            )
        proc = candidates[0]
    for part in ("steps", "routes", "final_arbiter"):
        reads.read(f"{proc.id}.{part}")
    if not proc.settled or not proc.steps:
        note = proc.note or "the MoU gives no steps"
        return answer(
            "unspecified",
            [Reason(f"Procedure `{proc.id}`: {note}", cite(trust, proc.source))],
            proc,
        )

    reasons = [Reason(f"{proc.name} applies in the {found.name}.", cite(trust, proc.source))]
    if proc.matters:
        kinds = code_list(proc.matters)
        reasons.append(Reason(f"It is for matters of kind {kinds}.", cite(trust, proc.source)))
    steps = [_step(trust, i, s, found.id) for i, s in enumerate(proc.steps, 1)]
    rules: list[Timing | None] = list(proc.steps)
    path = escalation_path(trust, proc.id, found.id)
    # One pass over the routes, not one per step: a long chain would cost its square.
    routes: dict[tuple[str, str], Route] = {}
    for r in proc.routes:
        routes.setdefault((r.from_, r.to), r)
    for (previous, _), (node, source) in itertools.pairwise(path):
        final = node == proc.final_arbiter
        route = routes.get((previous, node))
        optional = route is not None and route.optional
        verb = "may be referred" if optional else "is referred"
        action = f"The matter {verb} to `{node}`" + (", whose decision is final." if final else ".")
        steps.append(
            EscalationStep(
                step=len(steps) + 1,
                body=node,
                action=action,
                actor=node,
                **(_timing_fields(trust, route) if route is not None else {}),
                final=final,
                source=cite(trust, source),
                optional=optional,
            )
        )
        rules.append(route)
    if proc.final_arbiter is None:
        reasons.append(
            Reason(
                "The MoU names no final arbiter: the last step is as far as the document goes.",
                cite(trust, proc.source),
            )
        )
    else:
        reasons.append(
            Reason(
                f"The final arbiter is `{proc.final_arbiter}`.",
                cite(trust, proc.final_arbiter_source or proc.source),
            )
        )
        if steps[-1].body != proc.final_arbiter and found.id != proc.final_arbiter:
            reasons.append(
                Reason(
                    f"The MoU gives no route from `{found.id}` to the final "
                    f"arbiter `{proc.final_arbiter}`."
                )
            )
    for s in steps:
        if s.timing:
            reasons.append(Reason(f"Step {s.step} comes {s.timing}.", s.source))
    if start is not None:
        if any(r is not None and r.working_days for r in rules):
            reads.read("calendar")  # the dates turn on whose bank holidays count
        steps, dated = _dated(trust, steps, rules, start)
        reasons += dated
    return answer("determined", reasons, proc, steps)
