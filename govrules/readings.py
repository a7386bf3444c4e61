"""Answering under readings: definite only where every reading the question touches agrees.

An evaluator takes a trust and a :class:`Reads` context and records, at rule granularity,
every rule path it reads. :func:`under_readings` runs it on the trust as encoded, finds the
gaps with readings whose subject lies on, under or above a path read, and runs it again on the
trust with each combination of their values (a combination may read further paths: the touched
set grows until it is closed). Every combination giving the same answer is a definite answer;
otherwise the answer is ``unspecified`` with each combination and its outcome.

The explanation's gap lines come from the paths read, not from a list kept per command: every
gap attached to a path the evaluation read is named, so none can be missing.

The number of evaluations is the product, over the touched gaps, of one plus the number of
their readings; never more than :data:`MAX_COMBINATIONS`.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from .answers import Answer, ReadingOutcome, Reason, cite
from .errors import QueryError
from .paths import related, replace
from .schema import Gap, Trust

__all__ = ["MAX_COMBINATIONS", "Reads", "gaps_read", "under_readings"]

MAX_COMBINATIONS = 256
"""Combinations of readings a question is answered under at most; beyond, unspecified."""


@dataclass
class Reads:
    """The rule paths an evaluation read (in order, once each)."""

    paths: list[str] = field(default_factory=list)

    def read(self, path: str) -> None:
        if path not in self.paths:
            self.paths.append(path)


class _Answered(Protocol):
    answer: str
    explanation: tuple[Reason, ...]


A = TypeVar("A", bound=Answer)


def gaps_read(trust: Trust, reads: Reads) -> list[Gap]:
    """The gaps whose subject lies on, under or above a path read."""
    return [
        g
        for g in trust.gaps
        if g.subject is not None and any(related(g.subject, p) for p in reads.paths)
    ]


def _gap_reason(trust: Trust, gap: Gap) -> Reason:
    return Reason(f"Recorded gap ({gap.kind}): {gap.note}", cite(trust, gap.source))


def _words(value: Any) -> str:
    """A value as a trust file would write it (a rule as its fields, not its repr)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, tuple):  # a list field as encoded: its items as the file writes them
        value = [
            v.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            if isinstance(v, BaseModel)
            else v
            for v in value
        ]
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _combination_words(trust: Trust, gaps: list[Gap], choice: tuple[int, ...]) -> str:
    from .paths import resolve

    parts = []
    for gap, k in zip(gaps, choice, strict=True):
        assert gap.subject is not None
        if k == 0:
            value = resolve(trust, gap.subject)
            how = gap.encoded or "as encoded"
        else:
            value = gap.readings[k - 1].value
            how = gap.readings[k - 1].note or "another reading"
        parts.append(f"{gap.subject} = {_words(value)} ({how})")
    return "; ".join(parts)


def under_readings(
    trust: Trust,
    evaluate: Callable[[Trust, Reads], A],
    key: Callable[[A], Hashable] = lambda a: a.answer,
    *,
    disagree: Callable[[A, list[A]], A] | None = None,
) -> A:
    """``evaluate`` under every combination of the readings it touches.

    ``key`` says what must agree (the answer word; for a vote also its effect). ``disagree``
    builds the answer where combinations differ (default: the encoded answer, made
    ``unspecified``).
    """
    reads = Reads()
    first = evaluate(trust, reads)
    gap_lines = [_gap_reason(trust, g) for g in gaps_read(trust, reads)]
    blocking = [g for g in gaps_read(trust, reads) if g.kind == "not-encoded"]
    if blocking:
        # A rule the file cannot hold is read here: no answer built around it is definite.
        blocked = [
            Reason(
                f"The MoU states a rule here that govrules cannot express ({g.subject}): "
                f"{g.note} So the answer is not settled.",
                cite(trust, g.source),
            )
            for g in blocking
        ]
        changes: dict[str, Any] = {"answer": "unspecified"}
        for name, value in (("effect", "unspecified"), ("binding", None), ("tie", None)):
            if hasattr(first, name):
                changes[name] = value
        return _with(dataclasses.replace(first, **changes), [*blocked, *gap_lines])
    touched = [g for g in gaps_read(trust, reads) if g.readings]
    if not touched:
        return _with(first, gap_lines)
    results: dict[tuple[int, ...], A | str] = {}
    while True:
        choices = list(itertools.product(*(range(len(g.readings) + 1) for g in touched)))
        if len(choices) > MAX_COMBINATIONS:
            why = Reason(
                f"The question touches {len(touched)} rules with readings, "
                f"{len(choices)} combinations: more than the {MAX_COMBINATIONS} weighed, so "
                "the MoU is not taken to settle it."
            )
            return _with(dataclasses.replace(first, answer="unspecified"), [why, *gap_lines])
        grew = False
        for choice in choices:
            if choice in results:
                continue
            if not any(choice):
                results[choice] = first
                continue
            patched = trust
            for gap, k in zip(touched, choice, strict=True):
                if k:
                    assert gap.subject is not None
                    patched = replace(patched, gap.subject, gap.readings[k - 1].value)
            more = Reads()
            try:
                results[choice] = evaluate(patched, more)
            except QueryError as exc:
                # The facts given rule this reading out (two school representatives present
                # where it gives the schools one place).
                results[choice] = str(exc)
                continue
            new = [g for g in gaps_read(patched, more) if g.readings and g not in touched]
            if new:
                touched.extend(new)
                # Earlier results stand for the new gaps' encoded values.
                results = {(*c, *([0] * len(new))): r for c, r in results.items()}
                grew = True
                break
        if not grew:
            break
    outcomes: list[tuple[tuple[int, ...], A]] = [
        (c, r) for c, r in results.items() if not isinstance(r, str)
    ]
    ruled_out = [(c, r) for c, r in results.items() if isinstance(r, str)]
    source = cite(trust, touched[0].source)
    listed = tuple(
        ReadingOutcome(
            _combination_words(trust, touched, c),
            r.answer,
            source,
            tuple(
                (g.subject or "", g.readings[k - 1].value)
                for g, k in zip(touched, c, strict=True)
                if k
            ),
        )
        for c, r in outcomes
    )
    lines = [
        Reason(
            f"Under the reading {_combination_words(trust, touched, c)}, the question cannot be "
            f"asked: {why}",
            source,
        )
        for c, why in ruled_out
    ]
    keys = {key(r) for _, r in outcomes}
    clauses = ", ".join(dict.fromkeys(g.source.clause for g in touched))
    if len(keys) == 1:
        word = outcomes[0][1].answer
        lines.insert(
            0,
            Reason(
                f"Read under {len(outcomes)} readings of {clauses}; every reading gives {word}.",
                source,
            ),
        )
        base = first if not isinstance(results[(0,) * len(touched)], str) else outcomes[0][1]
        return _with(dataclasses.replace(base, readings=listed), [*lines, *gap_lines])
    for c, r in outcomes:
        lines.append(Reason(f"Under {_combination_words(trust, touched, c)}: {r.answer}.", source))
    lines.append(
        Reason(
            f"The readings of {clauses} give different answers, so the MoU does not settle it.",
            source,
        )
    )
    answers = [r for _, r in outcomes]
    made = (
        disagree(first, answers)
        if disagree is not None
        else dataclasses.replace(first, answer="unspecified")
    )
    # Keep what every reading says; what they differ on is said reading by reading above.
    common = set.intersection(*({(x.text, x.source) for x in a.explanation} for a in answers))
    kept = tuple(x for x in first.explanation if (x.text, x.source) in common)
    made = dataclasses.replace(made, explanation=kept, readings=listed)
    return _with(made, [*lines, *gap_lines])


def _with(answer: A, lines: list[Reason]) -> A:
    seen = {(r.text, r.source) for r in answer.explanation}
    extra = [r for r in lines if (r.text, r.source) not in seen]
    return dataclasses.replace(answer, explanation=(*answer.explanation, *extra))
