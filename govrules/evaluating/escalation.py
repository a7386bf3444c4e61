"""Where does a dispute go next, and when? The steps of a procedure from a body."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..language.phrasebook import CASTING_VOTE, STATUS, code_list, describe_threshold
from ..language.schema import Procedure, Route, Step, Timing, Trust, Voting
from ..language.scope import bodies_using, used_in
from ..reading.errors import QueryError
from ..reading.sourcefile import Path_
from .answers import Answer, Reason, SourceRef, cite
from .concurrence import voting_rule_words
from .conditions import describe as describe_condition
from .graph import escalation_issues, escalation_path
from .quorate import find_body
from .readings import Reads, under_readings
from .rights import find_procedure, someones_act
from .rulekind import (
    Altered,
    Check,
    Problem,
    ProcedureAspect,
    ProcedureSide,
    RuleKind,
    norm,
    pairs,
    settled,
    target_words,
)
from .timing import Window, deadline_text, region_of, wait_text, window
from .timing import describe as describe_timing
from .voting import (
    voting_parts,
    voting_words,
    who_votes_key,
    who_votes_words,
)

__all__ = ["KIND", "EscalateAnswer", "EscalationStep", "escalate", "procedure_words"]


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
    return [p for p in trust.procedures if used_in(trust, p, body_id)]


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


def final_and_later(proc: Procedure) -> tuple[int, tuple[int, ...]] | None:
    """The first step marked final (its index), where one is, and the later steps that decide
    again (their indices; empty where none do): a step marked final too, or a meeting's step
    rather than one person's act on the decision (the clerk's notice), which may follow a
    final decision."""
    first = next((i for i, s in enumerate(proc.steps) if s.final), None)
    if first is None:
        return None
    later = tuple(
        j
        for j in range(first + 1, len(proc.steps))
        if proc.steps[j].final or not someones_act(proc.steps[j])
    )
    return first, later


def referred_after_steps(proc: Procedure) -> tuple[Route, ...]:
    """The routes that refer a matter on after the procedure's steps, each once: every route
    starts from a body that uses the procedure (:func:`~govrules.language.scope.used_in`), so a
    matter arising there goes through the steps, then the referral, as ``escalate`` lists them;
    but not a route from the final arbiter, where the matter ends
    (:func:`~govrules.evaluating.graph.escalation_path`), nor one back to the body it leaves."""
    out: dict[tuple[str, str], Route] = {}
    for r in proc.routes:
        if r.from_ != proc.final_arbiter and r.from_ != r.to:
            out.setdefault((r.from_, r.to), r)
    return tuple(out.values())


def _step_numbers(indices: tuple[int, ...]) -> str:
    """Steps by number: "step 3", "steps 3 and 4", "steps 3, 4 and 6"."""
    numbers = [str(i + 1) for i in indices]
    if len(numbers) == 1:
        return f"step {numbers[0]}"
    return f"steps {', '.join(numbers[:-1])} and {numbers[-1]}"


def _after_final_reason(
    after: tuple[int, tuple[int, ...]], referred: tuple[int, ...], steps: list[EscalationStep]
) -> Reason:
    """GR112 in ``escalate``'s words: the step marked final (``after``: its index and the later
    steps' that decide again) and the referrals that follow it (their indices in ``steps``)."""
    first, later = after
    what = [_step_numbers(later)] if later else []
    if referred:
        what.append(f"the referral{'s' if len(referred) > 1 else ''} at {_step_numbers(referred)}")
    verb = "follows" if len(later) + len(referred) == 1 else "follow"
    act = ", not as an act on the decision (a notice, a record)" if later else ""
    settled_by = "steps and routes" if referred else "steps"
    return Reason(
        f"Step {first + 1} is marked final, yet {' and '.join(what)} {verb} it as a further "
        f"stage{act}: the {settled_by} do not settle which decision stands (run `govrules "
        "validate`: GR112).",
        steps[first].source,
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
    counted from the step before it: its first day from that step's first day, its last day
    from that step's last (none where that step has none: it may be taken any day after)."""
    out: list[EscalationStep] = []
    reasons: list[Reason] = []
    previous: dt.date | None = start
    until: dt.date | None = start  # the last day the step before may be taken on
    for s, rule in zip(steps, rules, strict=True):
        if previous is None or rule is None:
            out.append(s)
            until = None
            continue
        if s.step == 1:
            win = Window(start, start, None, f"on {start.isoformat()}")
            until = start
        else:
            win = window(trust, rule, previous, fixed=until == previous, until=until)
            until = win.latest
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

    # Which procedure applies turns on where each applies, read before it is decided: a
    # reading may make one apply (Rutland's conflict-resolution procedure, to be developed).
    for each in trust.procedures:
        reads.read_all((f"{each.id}.applies_to", f"{each.id}.routes"))
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
                        f"The MoU names no dispute or conflict procedure for the {found.name}."
                        if trust.body(found.id) is not None
                        else f"The {found.name} is outside the trust: none of the MoU's dispute "
                        "or conflict procedures is used in it.",
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
    for part in ("status", "steps", "routes", "final_arbiter"):
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
        action = f"The matter {verb} to `{node}`."  # final or not: the step's flag says
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
    # The referrals from this body, numbered on from the procedure's own steps.
    referred = tuple(range(len(proc.steps), len(steps)))
    word = "determined"
    if (after := final_and_later(proc)) is not None and (after[1] or referred):
        # Listed in order, the later steps and the referrals read as further stages deciding
        # the matter again: which decision is the last word is not settled.
        reasons.append(_after_final_reason(after, referred, steps))
        word = "unspecified"
    for s in steps:
        if s.timing:
            reasons.append(Reason(f"Step {s.step} comes {s.timing}.", s.source))
    timed = [r for r in rules if r is not None]
    if any(r.working_days and r.region is None for r in timed) or (start is not None and timed):
        # Whose bank holidays a step's working days skip is the trust's calendar, where the
        # step names no region: in its words, and in the dates where a start is given (which
        # reckon every step with it).
        reads.read("calendar")
    if start is not None:
        steps, dated = _dated(trust, steps, rules, start)
        reasons += dated
    return answer(word, reasons, proc, steps)


# --- what diff compares ---------------------------------------------------------------------


def procedure_words(proc: Procedure) -> str:
    """A procedure by name: "the dispute resolution procedure"."""
    name = proc.name
    if not name.lower().endswith(("procedure", "protocol", "process")):
        name += " procedure"
    return f"the {name}"


def _applies_changes(old_side: ProcedureSide, new_side: ProcedureSide) -> Iterator[Altered]:
    old, new = old_side.procedure, new_side.procedure
    if set(old.applies_to) == set(new.applies_to):
        return

    def words(p: Procedure) -> str:
        return ", ".join(f"`{b}`" for b in p.applies_to) if p.applies_to else "the whole trust"

    before, after = words(old), words(new)
    text = f"Where {procedure_words(new)} is used: from {before} to {after}."
    yield Altered("procedure-bodies-changed", text, before, after, new.source)


def _procedure_matters_changes(
    old_side: ProcedureSide, new_side: ProcedureSide
) -> Iterator[Altered]:
    old, new = old_side.procedure, new_side.procedure
    if set(old.matters) == set(new.matters):
        return

    def words(p: Procedure) -> str:
        return ", ".join(f"`{k}`" for k in p.matters) if p.matters else "any matter"

    before, after = words(old), words(new)
    text = f"The kinds of matter {procedure_words(new)} is for: from {before} to {after}."
    yield Altered("procedure-matters-changed", text, before, after, new.source)


def _step_details(step: Step) -> list[str]:
    """What a step requires beyond its wording: waits, deadlines, a vote, finality."""
    details: list[str] = []
    if step.min_days_after_previous:
        details.append(wait_text(step))
    if step.max_days is not None:
        details.append(deadline_text(step))
    if step.vote is not None:
        needs = voting_words(step.vote)
        details.append(f"a vote needing {needs}" if step.vote.settled else f"a vote ({needs})")
    if step.final:
        details.append("the decision is final")
    if step.confirmed_by is not None:
        details.append(f"in effect only once confirmed at step {step.confirmed_by}")
    return details


def _step_aspects(old: Step, new: Step) -> list[tuple[str, str, str]]:
    """(what, before, after) for each part of a step that differs in practice."""
    out: list[tuple[str, str, str]] = []

    def compare(label: str, key: Callable[[Step], Hashable], words: Callable[[Step], str]) -> None:
        if key(old) != key(new):
            out.append((label, words(old), words(new)))

    compare("wording", lambda s: norm(s.action), lambda s: f'"{s.action.strip().rstrip(".")}"')
    compare("who acts", lambda s: norm(s.actor), lambda s: s.actor or "not named")
    compare(
        "where", lambda s: s.body, lambda s: f"`{s.body}`" if s.body else "the body where it arose"
    )
    compare(
        "outside the trust's bodies", lambda s: s.outside, lambda s: "yes" if s.outside else "no"
    )

    compare("wait", wait_text, wait_text)
    compare("deadline", deadline_text, deadline_text)
    compare("final decision", lambda s: s.final, lambda s: "yes" if s.final else "no")
    compare(
        "confirmed by",
        lambda s: s.confirmed_by,
        lambda s: (
            f"step {s.confirmed_by}" if s.confirmed_by else "no later step (in effect at once)"
        ),
    )
    out += _step_vote_aspects(old.vote, new.vote)
    return out


def _step_vote_aspects(old: Voting | None, new: Voting | None) -> list[tuple[str, str, str]]:
    if settled(old) != settled(new):
        return [("vote", voting_words(old), voting_words(new))]
    if old is None or new is None or not new.settled:
        return []
    out = [(a.label.removesuffix(" in").lower(), a.before, a.after) for a in voting_parts(old, new)]
    was, now = _contradicted(old), _contradicted(new)
    if was != now:
        # Another clause stating the vote otherwise unsettles every vote taken at the step.
        out.append(("the vote's contradictions", was, now))
    if who_votes_key(old) != who_votes_key(new):
        out.append(("who votes", who_votes_words(old), who_votes_words(new)))
    return out


def _step_changes(old_side: ProcedureSide, new_side: ProcedureSide) -> Iterator[Altered]:
    old, new = old_side.procedure, new_side.procedure
    # Steps have no ids: align them by wording, so an inserted step does not make every
    # later one look changed; steps in place whose wording differs are compared part by part.
    matcher = difflib.SequenceMatcher(
        a=[norm(s.action) for s in old.steps],
        b=[norm(s.action) for s in new.steps],
        autojunk=False,
    )
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            yield from _step_changed(new, i1 + k, j1 + k, old.steps[i1 + k], new.steps[j1 + k])
        for i in range(i1 + paired, i2):
            yield _step_removed(old, i)
        for j in range(j1 + paired, j2):
            yield _step_added(new, j)


def _step_text(n: int, proc: Procedure, step: Step) -> str:
    details = "; ".join(_step_details(step))
    action = step.action.strip().rstrip(".")
    return f"step {n} of {procedure_words(proc)}: {action}" + (f" ({details})" if details else "")


def _step_added(proc: Procedure, j: int) -> Altered:
    step = proc.steps[j]
    text = f"New {_step_text(j + 1, proc, step)}."
    source = step.source or proc.source
    return Altered("step-added", text, None, step.action.strip(), source, body=step.body)


def _step_removed(proc: Procedure, i: int) -> Altered:
    step = proc.steps[i]
    text = f"Removed: {_step_text(i + 1, proc, step)}."
    source = step.source or proc.source
    return Altered("step-removed", text, step.action.strip(), None, source, True, body=step.body)


def _step_changed(proc: Procedure, i: int, j: int, old: Step, new: Step) -> Iterator[Altered]:
    aspects = _step_aspects(old, new)
    if not aspects:
        return
    moved = f" (step {i + 1} before)" if i != j else ""
    parts = "; ".join(f"{what} from {before} to {after}" for what, before, after in aspects)
    text = f"Step {j + 1} of {procedure_words(proc)}{moved}: {parts}."
    before = "; ".join(b for _, b, _ in aspects)
    after = "; ".join(a for _, _, a in aspects)
    yield Altered("step-changed", text, before, after, new.source or proc.source, body=new.body)


def _route_changes(old_side: ProcedureSide, new_side: ProcedureSide) -> Iterator[Altered]:
    old, new = old_side.procedure, new_side.procedure
    where = procedure_words(new)
    for before, after in pairs(old.routes, new.routes, lambda r: (r.from_, r.to)):
        if before is None and after is not None:
            route, source = f"{after.from_} -> {after.to}", after.source or new.source
            text = f"Under {where}, `{after.from_}` now refers matters to `{after.to}`."
            yield Altered("route-added", text, None, route, source, body=after.from_)
        elif after is None and before is not None:
            route, source = f"{before.from_} -> {before.to}", before.source or old.source
            text = f"Under {where}, `{before.from_}` no longer refers matters to `{before.to}`."
            yield Altered("route-removed", text, route, None, source, True, body=before.from_)
        elif before is not None and after is not None:
            yield from _route_timing_changes(new, before, after)


def _route_timing_changes(proc: Procedure, old: Route, new: Route) -> Iterator[Altered]:
    parts = [
        (what, f(old), f(new))
        for what, f in (("wait", wait_text), ("deadline", deadline_text))
        if f(old) != f(new)
    ]
    if old.optional != new.optional:
        kinds = {True: "optional", False: "required"}
        parts.append(("referral", kinds[old.optional], kinds[new.optional]))
    if not parts:
        return
    words = "; ".join(f"{what} from {b} to {a}" for what, b, a in parts)
    text = f"Under {procedure_words(proc)}, `{new.from_}` referring to `{new.to}`: {words}."
    before = "; ".join(b for _, b, _ in parts)
    after = "; ".join(a for _, _, a in parts)
    source = new.source or proc.source
    yield Altered("route-changed", text, before, after, source, body=new.from_)


def _contradicted(rule: Procedure | Voting) -> str:
    """The clauses recorded as stating ``rule`` otherwise, in words."""
    clauses = sorted({c.source.clause for c in rule.conflicting})
    return "contradicted by " + ", ".join(clauses) if clauses else "no contradiction recorded"


def _procedure_rule_changes(old_side: ProcedureSide, new_side: ProcedureSide) -> Iterator[Altered]:
    """Whether the document settles the procedure, and the clauses that state it otherwise:
    a procedure not stated, or contradicted, settles no escalation and no vote under it."""
    old, new = old_side.procedure, new_side.procedure
    if old.status != new.status:
        before, after = STATUS[old.status].value, STATUS[new.status].value
        text = f"{procedure_words(new)}: from {before} to {after}."
        yield Altered("procedure-status-changed", text, before, after, new.source)
    was, now = _contradicted(old), _contradicted(new)
    if was != now:
        text = f"{procedure_words(new)}: from {was} to {now}."
        yield Altered("conflict-changed", text, was, now, new.source)


def _arbiter_changes(old_side: ProcedureSide, new_side: ProcedureSide) -> Iterator[Altered]:
    old, new = old_side.procedure, new_side.procedure
    if old.final_arbiter == new.final_arbiter:
        return
    was_trust, now_trust = old_side.trust, new_side.trust
    before = target_words(was_trust, old.final_arbiter) if old.final_arbiter else "none named"
    after = target_words(now_trust, new.final_arbiter) if new.final_arbiter else "none named"
    text = f"Final arbiter of {procedure_words(new)}: from {before} to {after}."
    was, now = old.final_arbiter or "none", new.final_arbiter or "none"
    source = new.final_arbiter_source or new.source
    yield Altered("final-arbiter-changed", text, was, now, source)


# --- what validate checks -------------------------------------------------------------------


def _routes_twice(trust: Trust) -> Iterator[Problem]:
    """GR011: one route (from a body to another) given twice in a procedure: the engine reads
    one route per pair, so the other (optional or not, timed or not) would be ignored."""
    for p, proc in enumerate(trust.procedures):
        seen: set[tuple[str, str]] = set()
        for r, route in enumerate(proc.routes):
            pair = (route.from_, route.to)
            if pair in seen:
                yield Problem(
                    ("procedures", p, "routes", r),
                    "GR011",
                    "error",
                    f"the route from `{route.from_}` to `{route.to}` of `{proc.id}` is given twice",
                    "keep one, saying whether the referral is optional and when it comes",
                )
            seen.add(pair)


def _escalation(trust: Trust) -> Iterator[Problem]:
    index = {p.id: i for i, p in enumerate(trust.procedures)}
    for issue in escalation_issues(trust):
        where: Path_ = ("procedures", index[issue.procedure], "routes")
        if issue.kind == "cycle":
            loop = " → ".join((*issue.bodies, issue.bodies[0]))
            yield Problem(
                where,
                "GR105",
                "error",
                f"the routes of `{issue.procedure}` loop: {loop}",
                "a dispute must end with a final arbiter",
            )
        else:
            yield Problem(
                where,
                "GR106",
                "error",
                f"a dispute reaching `{issue.bodies[0]}` under `{issue.procedure}` can never "
                "reach the final arbiter",
            )


def _confirmations(trust: Trust) -> Iterator[Problem]:
    """GR110: a step confirmed by no later step of its procedure, or one that decides nothing."""
    for p, proc in enumerate(trust.procedures):
        for i, step in enumerate(proc.steps):
            later = step.confirmed_by
            if later is None:
                continue
            where: Path_ = ("procedures", p, "steps", i, "confirmed_by")
            if not i + 1 < later <= len(proc.steps):
                yield Problem(
                    where,
                    "GR110",
                    "error",
                    f"step {i + 1} of `{proc.id}` is confirmed by step {later}, which is not a "
                    f"later step (the procedure has {len(proc.steps)})",
                    "name the number of the step that confirms it, counting from 1",
                )
            elif step.vote is None:
                yield Problem(
                    where,
                    "GR110",
                    "error",
                    f"step {i + 1} of `{proc.id}` puts nothing to a vote, so it makes no "
                    "decision to confirm",
                    "give the step its `vote`, or move `confirmed_by` to the step that decides",
                )
            elif someones_act(by := proc.steps[later - 1]):
                yield Problem(
                    where,
                    "GR110",
                    "error",
                    f"step {later} of `{proc.id}` is taken by {by.actor}, not by a meeting's "
                    f"decision, so it cannot confirm step {i + 1}",
                    "name the step at which the resolution is confirmed",
                )


def _later_step_words(proc: Procedure, first: int, j: int) -> str:
    """Step ``j`` (an index) after the final step ``first``, with why it decides again."""
    step = proc.steps[j]
    if step.final:
        return f"step {j + 1} (marked final too)"
    if proc.steps[first].confirmed_by == j + 1:
        return f"step {j + 1} (its confirmation)"
    return f"step {j + 1} (a vote)" if step.vote is not None else f"step {j + 1}"


def _referral_words(routes: tuple[Route, ...]) -> str:
    """Referrals by their bodies: "the referrals from `a` to `b` and from `b` to `c`"."""
    each = [f"from `{r.from_}` to `{r.to}`" for r in routes]
    if len(each) == 1:
        return f"the referral {each[0]}"
    return f"the referrals {', '.join(each[:-1])} and {each[-1]}"


def _after_final(trust: Trust) -> Iterator[Problem]:
    """GR112: steps that decide after a step marked final, whose decision they cannot reopen,
    and routes that refer the matter on after it to decide again; one person's act on the
    decision (a notice, a record) may follow it."""
    for p, proc in enumerate(trust.procedures):
        if (after := final_and_later(proc)) is None:
            continue
        first, later = after
        referred = referred_after_steps(proc)
        if not later and not referred:
            continue
        listed: list[str] = []
        hints: list[str] = []
        if later:
            listed.append(", ".join(_later_step_words(proc, first, j) for j in later))
            hints.append(
                "move `final: true` to the last step that decides, or give a later step that "
                "only acts on the decision (a notice, a record) its `actor` and no `body` or "
                "`vote`"
            )
        if referred:
            listed.append(_referral_words(referred))
            hints.append(
                "remove `final: true` if the matter may still be referred on, or the routes "
                "that refer it on if it may not"
            )
        verb = "follows" if len(later) + len(referred) == 1 else "follow"
        yield Problem(
            ("procedures", p, "steps", first, "final"),
            "GR112",
            "warning",
            f"step {first + 1} of `{proc.id}` is marked final, yet {' and '.join(listed)} "
            f"{verb} it as a further decision",
            "; ".join(hints),
        )


def _arbiters(trust: Trust) -> Iterator[Problem]:
    recorded = {(g.subject or "").split(".")[0] for g in trust.gaps}
    for p, proc in enumerate(trust.procedures):
        if proc.settled and proc.final_arbiter is None and proc.id not in recorded:
            yield Problem(
                ("procedures", p),
                "GR107",
                "warning",
                f"procedure `{proc.id}` names no final arbiter, so a dispute may never end",
                "name the body whose decision is final, or record the gap in `gaps`",
            )


KIND = RuleKind(
    name="procedures",
    models=(Procedure, Step, Route),
    procedure_aspects=(
        ProcedureAspect(_applies_changes, reads=("Procedure.applies_to",)),
        ProcedureAspect(_procedure_matters_changes, reads=("Procedure.matters",)),
        ProcedureAspect(
            _step_changes,
            reads=(
                "Procedure.steps",
                "Step.action",
                "Step.actor",
                "Step.body",
                "Step.outside",
                "Step.vote",
                "Step.final",
                "Step.confirmed_by",
                "Voting.voters",
                "Voting.voter_classes",
                "Voting.exceptions",
                "Timing.min_days_after_previous",
                "Timing.max_days",
                "Timing.working_days",
                "Timing.clear_days",
                "Timing.region",
                "Timing.counted_from",
            ),
        ),
        ProcedureAspect(
            _route_changes,
            reads=("Procedure.routes", "Route.from_", "Route.to", "Route.optional"),
        ),
        ProcedureAspect(_arbiter_changes, reads=("Procedure.final_arbiter",)),
        ProcedureAspect(_procedure_rule_changes, reads=("Rule.status", "Rule.conflicting")),
    ),
    checks=(
        Check(
            _escalation,
            codes=("GR105", "GR106"),
            reads=("Procedure.routes", "Route.from_", "Route.to", "Procedure.final_arbiter"),
        ),
        Check(_arbiters, codes=("GR107",), reads=("Procedure.final_arbiter",)),
        Check(
            _routes_twice, codes=("GR011",), reads=("Procedure.routes", "Route.from_", "Route.to")
        ),
        Check(
            _confirmations,
            codes=("GR110",),
            reads=("Procedure.steps", "Step.confirmed_by", "Step.vote", "Step.body", "Step.actor"),
        ),
        Check(
            _after_final,
            codes=("GR112",),
            reads=(
                "Procedure.steps",
                "Step.final",
                "Step.confirmed_by",
                "Step.vote",
                "Step.body",
                "Step.actor",
                "Procedure.routes",
                "Route.from_",
                "Route.to",
                "Procedure.final_arbiter",
            ),
        ),
    ),
    not_compared={
        "Procedure.id": "procedures are matched by id: a new id is a procedure added",
        "Procedure.name": "words, read by people",
        "Procedure.scope": "words, read by people",
        "Procedure.final_arbiter_source": "a citation",
        "Step.source": "a citation",
        "Step.note": "commentary",
        "Route.source": "a citation",
        "Route.note": "commentary",
    },
    not_evaluated={
        "Procedure.scope": "what the procedure is for, in words (show, report); its `matters` "
        "are what answers read",
    },
    not_linted={
        "Procedure.id": "an id, checked by the loader",
        "Procedure.name": "words, read by people (placeholders: GR303)",
        "Procedure.applies_to": "references, checked by the loader",
        "Procedure.matters": "references, checked by the loader",
        "Procedure.scope": "words, read by people",
        "Procedure.steps": "each step's vote is checked with the voting rule (GR212)",
        "Procedure.final_arbiter_source": "a citation, checked with every other citation",
        "Step.action": "words, read by people (placeholders: GR303)",
        "Step.actor": "words, read by people (placeholders: GR303)",
        "Step.body": "a reference, checked by the loader",
        "Step.outside": "a flag, right either way",
        "Step.vote": "checked with the voting rule (GR212)",
        "Step.source": "a citation, checked with every other citation",
        "Step.note": "commentary",
        "Route.optional": "a flag, right either way",
        "Route.source": "a citation, checked with every other citation",
        "Route.note": "commentary",
    },
)
"""Procedures, their steps and routes: what ``diff`` compares and ``validate`` checks."""
