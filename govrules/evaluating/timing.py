"""The time rules of procedures: waits and deadlines on steps and routes, in words and dates.

A step (or a referral along a route) may have to wait ("confirmed at a meeting held not less
than 28 clear working days after the first") or meet a deadline ("the Board decides within
28 days"). This module words those rules in the procedure's own terms (the event the days
count from is the rule's ``counted_from``, else "the previous step"), gives the dates they
allow from a known start, and judges a recorded date against them. Counting is
:mod:`govrules.language.days`; the region is the rule's own, else the trust's ``calendar``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..language.days import (
    Judgement,
    Reckoning,
    at_least,
    deadline,
    earliest,
    span,
    within,
)
from ..language.phrasebook import holidays_words
from ..language.schema import Timing, Trust
from ..language.vocabulary import Region
from ..reading.errors import QueryError
from ..reading.sourcefile import Path_
from .answers import Answer, Reason
from .rulekind import Check, Problem, RuleKind

__all__ = [
    "KIND",
    "TIMING_FIELDS",
    "Verdict",
    "Window",
    "deadline_text",
    "deadline_words",
    "describe",
    "event",
    "has_timing",
    "judge",
    "judge_under_readings",
    "lint",
    "reckoning",
    "region_of",
    "wait_text",
    "wait_words",
    "window",
]


def region_of(trust: Trust, rule: Timing) -> Region | None:
    """The region whose bank holidays ``rule`` skips: its own, else the trust's."""
    if rule.region is not None:
        return rule.region
    return trust.calendar.region if trust.calendar is not None else None


def reckoning(trust: Trust, rule: Timing) -> Reckoning:
    """How ``rule`` counts its days."""
    return Reckoning(rule.working_days, rule.clear_days, region_of(trust, rule))


def event(rule: Timing) -> str:
    """What the days are counted from, in the procedure's words."""
    return rule.counted_from.strip() if rule.counted_from else "the previous step"


def has_timing(rule: Timing) -> bool:
    """The rule has a wait or a deadline."""
    return bool(rule.min_days_after_previous) or rule.max_days is not None


def wait_words(rule: Timing) -> str | None:
    """``at least 28 clear working days after the first resolution`` (``None``: no wait)."""
    if not rule.min_days_after_previous:
        return None
    how = Reckoning(rule.working_days, rule.clear_days, None)
    return f"at least {how.unit(rule.min_days_after_previous)} after {event(rule)}"


def deadline_words(rule: Timing) -> str | None:
    """``within 28 days of the referral`` (``None``: no deadline)."""
    if rule.max_days is None:
        return None
    how = Reckoning(rule.working_days, rule.clear_days, None)
    return f"within {how.unit(rule.max_days)} of {event(rule)}"


def describe(trust: Trust | None, rule: Timing) -> str | None:
    """The rule's wait and deadline in words ("at least 28 clear working days after the first
    resolution; within 10 days of the previous step"), with the region whose bank holidays
    count where working days are counted and one is declared (the rule's own; given ``trust``,
    else the trust's); ``None`` where the rule has no timing."""
    parts = [w for w in (wait_words(rule), deadline_words(rule)) if w]
    if not parts:
        return None
    text = "; ".join(parts)
    if rule.working_days:
        region = region_of(trust, rule) if trust is not None else rule.region
        if region is not None:
            text += f" ({holidays_words(region)})"
    return text


def lint(rule: Timing) -> list[str]:
    """Fields of ``rule`` that have no effect, each in words (``validate`` warns of them)."""
    if has_timing(rule):
        if not rule.working_days and rule.region is not None:
            return ["`region` has no effect: the days are calendar days (no `working_days`)"]
        return []
    idle = [
        f"`{name}`"
        for name, on in (
            ("working_days", rule.working_days),
            ("clear_days", rule.clear_days),
            ("region", rule.region is not None),
            ("counted_from", rule.counted_from is not None),
        )
        if on
    ]
    if not idle:
        return []
    return [
        f"{', '.join(idle)} {'has' if len(idle) == 1 else 'have'} no effect: no day count "
        "is given (`min_days_after_previous` or `max_days`)"
    ]


@dataclass(frozen=True)
class Window:
    """The dates a step may be taken on, counted from the day of the step before it."""

    start: dt.date
    earliest: dt.date | None
    """The first day allowed (the start itself where there is no wait); ``None`` where it
    depends on a region the trust does not declare."""
    latest: dt.date | None
    """The last day allowed; ``None`` where there is no deadline (or it depends on a region)."""
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "text": self.text,
        }


def _each_region(how: Reckoning, f: Any) -> dt.date | None:
    try:
        dates = {f(region) for region in how.regions()}
    except OverflowError:
        # A date near the end of the calendar: the days counted from it run off it.
        raise QueryError(
            f"the days counted run past {dt.date.max.isoformat()}, the last date govrules "
            "counts to: give an earlier date"
        ) from None
    return dates.pop() if len(dates) == 1 else None


def _counted(how: Reckoning, start: dt.date, end: dt.date) -> str:
    """The days counted from ``start`` to ``end``, in words, where they are not plain
    calendar days: which were counted, and the weekends and bank holidays left out."""
    if not (how.working or how.clear):
        return ""
    if how.working and how.region is None:
        return "; the same under every region's bank holidays"
    return f": {span(start, end, how).dates()}"


def window(
    trust: Trust, rule: Timing, start: dt.date, *, fixed: bool = True, until: dt.date | None = None
) -> Window:
    """The dates ``rule`` allows for a step whose previous step was on ``start``, each with
    the days counted to reach it.

    Where the step before is not ``fixed`` on ``start`` (its first allowed day) but may fall
    later, ``until`` is the last day it may fall on (``None``: it has none): a deadline is
    counted from that day, and there is none where the step before has none."""
    how = reckoning(trust, rule)
    first: dt.date | None = start
    last: dt.date | None = None
    words = []
    if rule.min_days_after_previous:
        n = rule.min_days_after_previous
        first = _each_region(how, lambda r: earliest(start, n, how, r))
        words.append(
            f"not before {first.isoformat()} ({how.unit(n)} after {start.isoformat()}"
            f"{_counted(how, start, first)})"
            if first
            else f"{how.unit(n)} after {start.isoformat()}: the first day allowed depends on "
            "whose bank holidays apply, and the trust declares no region"
        )
    if rule.max_days is not None:
        n = rule.max_days
        # Where the step before has no fixed day, a deadline counted from its first day would
        # be too early for every later one: it counts from its last, if it has one.
        since = start if fixed else until
        if since is None:
            words.append(
                f"within {how.unit(n)} of {event(rule)}, whose last day is not known, so no "
                "last day can be given"
            )
        else:
            last = _each_region(how, lambda r: deadline(since, n, how, r))
            latest, of = (
                ("", "") if fixed else (" at the latest", f", the last day for {event(rule)}")
            )
            words.append(
                f"by {last.isoformat()}{latest} (within {how.unit(n)} of {since.isoformat()}"
                f"{of}{_counted(how, since, last)})"
                if last
                else f"within {how.unit(n)} of {since.isoformat()}{of}: the last day depends "
                "on whose bank holidays apply, and the trust declares no region"
            )
    return Window(start, first, last, "; ".join(words))


@dataclass(frozen=True)
class Verdict:
    """A recorded date judged against a rule's wait or deadline."""

    kind: str
    """``wait`` or ``deadline``."""
    judgement: Judgement
    text: str

    @property
    def holds(self) -> bool | None:
        return self.judgement.holds


def judge(trust: Trust, rule: Timing, since: dt.date, on: dt.date) -> list[Verdict]:
    """Judge a step on ``on`` whose event (``counted_from``) was on ``since``: one verdict for
    the wait, one for the deadline, each stating the dates counted."""
    how = reckoning(trust, rule)
    what = event(rule)
    out = []
    if rule.min_days_after_previous:
        n = rule.min_days_after_previous
        j = at_least(since, on, n, how)
        need = f"at least {how.unit(n)} after {what}"
        out.append(Verdict("wait", j, _verdict_text("wait", j, since, on, what, need)))
    if rule.max_days is not None:
        n = rule.max_days
        j = within(since, on, n, how)
        need = f"within {how.unit(n)} of {what}"
        out.append(Verdict("deadline", j, _verdict_text("deadline", j, since, on, what, need)))
    return out


TIMING_FIELDS = (
    "min_days_after_previous",
    "max_days",
    "working_days",
    "clear_days",
    "region",
    "counted_from",
)
"""The fields of a rule that say how its days are counted."""


def judge_under_readings(trust: Trust, path: str, since: dt.date, on: dt.date) -> Answer:
    """Judge the rule at ``path`` (a step or a route) under every reading the question
    touches: its own timing fields and, where it counts working days by the trust's region,
    the calendar. The answer is ``met``, ``not met`` or ``unspecified``; its explanation, the
    encoded rule's verdicts with any readings' and gaps' lines."""
    from ..language.paths import PathError, resolve
    from .readings import Reads, under_readings

    def evaluate(t: Trust, reads: Reads) -> Answer:
        for name in TIMING_FIELDS:
            reads.read(f"{path}.{name}")
        try:
            rule = resolve(t, path)
        except PathError:
            # A reading with fewer steps or other routes: the rule judged is not in it.
            raise QueryError(f"`{path}` is not a rule under this reading") from None
        if rule.working_days and rule.region is None:
            reads.read("calendar")  # the trust's region says whose bank holidays count
        verdicts = judge(t, rule, since, on)
        holds = [v.holds for v in verdicts]
        word = "not met" if False in holds else "unspecified" if None in holds else "met"
        return Answer(
            trust=t.id,
            body=None,
            question="timing",
            answer=word,
            explanation=tuple(Reason(v.text) for v in verdicts),
        )

    return under_readings(trust, evaluate)


def _verdict_text(
    kind: str, j: Judgement, since: dt.date, on: dt.date, what: str, need: str
) -> str:
    head = f"the meeting of {on.isoformat()} is {j.describe()} after {what} of {since.isoformat()}"
    if j.holds is None:
        return (
            f"{head}; the procedure needs {need}, and whether that is met depends on whose bank "
            "holidays apply: the trust declares no region (`calendar: {region: ...}`)"
        )
    bound = " or ".join(b.isoformat() for b in j.bound)
    edge = "first day allowed" if kind == "wait" else "last day allowed"
    met = "which it meets" if j.holds else "which it does not meet"
    return f"{head}; the procedure needs {need}, {met} (the {edge} is {bound})"


# --- what diff compares and validate checks -------------------------------------------------


def wait_text(rule: Timing) -> str:
    """The wait a rule sets, with the region whose bank holidays it skips."""
    return _with_region(rule, wait_words(rule))


def deadline_text(rule: Timing) -> str:
    """The deadline a rule sets, with the region whose bank holidays it skips."""
    return _with_region(rule, deadline_words(rule))


def _with_region(rule: Timing, words: str | None) -> str:
    if words is None:
        return "none stated"
    if rule.working_days and rule.region is not None:
        words += f" ({holidays_words(rule.region)})"
    return words


def _timings(trust: Trust) -> Iterator[Problem]:
    """GR206: a time field with no effect; GR216: working days with no region."""
    for p, proc in enumerate(trust.procedures):
        rules: list[tuple[str, int, Timing]] = [("steps", i, r) for i, r in enumerate(proc.steps)]
        rules += [("routes", i, r) for i, r in enumerate(proc.routes)]
        for part, i, rule in rules:
            where: Path_ = ("procedures", p, part, i)
            for problem in lint(rule):
                yield Problem(
                    where, "GR206", "warning", problem, "remove it, or give the day count"
                )
            counted = rule.min_days_after_previous or rule.max_days is not None
            if counted and rule.working_days and region_of(trust, rule) is None:
                yield Problem(
                    (*where, "working_days"),
                    "GR216",
                    "warning",
                    f"`{proc.id}` counts working days but no region is declared for its bank "
                    "holidays",
                    "declare `calendar: {region: england-and-wales}` (or `scotland`, "
                    "`northern-ireland`) on the trust, or `region` on the rule",
                )


KIND = RuleKind(
    name="timing",
    models=(Timing,),
    checks=(
        Check(
            _timings,
            codes=("GR206", "GR216"),
            reads=(
                "Timing.min_days_after_previous",
                "Timing.max_days",
                "Timing.working_days",
                "Timing.clear_days",
                "Timing.region",
                "Timing.counted_from",
            ),
        ),
    ),
    not_compared={
        # A step's or a route's timing is compared with the step or route (the procedures').
    },
)
"""Waits and deadlines: what ``validate`` checks of them (``diff`` compares them with the
step or route that sets them)."""
