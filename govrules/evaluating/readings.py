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
import math
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Protocol, TypeVar, get_args

from pydantic import BaseModel

from ..language.paths import (
    EVERY,
    PathError,
    found_at,
    gaps_related,
    gaps_related_to_any,
    replace,
    resolve,
    with_readings,
)
from ..language.phrasebook import counted
from ..language.schema import Conflict, Gap, Office, Rule, Trust
from ..reading.errors import QueryError
from .answers import Answer, ReadingOutcome, Reason, SourceRef, cite

__all__ = [
    "MAX_COMBINATIONS",
    "Reads",
    "combination_words",
    "conflicts_read",
    "evaluate_combinations",
    "gaps_read",
    "gaps_with_readings",
    "kinds_under_readings",
    "reading_list",
    "readings_words",
    "ruled_out_lines",
    "under_readings",
    "weighed_as_readings",
]

MAX_COMBINATIONS = 256
"""Combinations of readings a question is answered under at most; beyond, unspecified."""


class Reads:
    """The rule paths an evaluation read (in order, once each). A path may hold an ``*``
    segment for every item of a list (:data:`govrules.language.paths.EVERY`).

    Within one question, :func:`under_readings` gives each evaluation's ``Reads`` the
    combination it evaluates and a table the question's evaluations share (see
    :meth:`shared`)."""

    __slots__ = ("_order", "_question")

    def __init__(self, paths: Iterable[str] = (), *, _question: _Question | None = None) -> None:
        # Kept as the keys of a dict: ordered, each once, and a list of paths read is added
        # in one step (a vote records some fifty per evaluation; benchmarks/library.py).
        self._order: dict[str, None] = dict.fromkeys(paths)
        self._question = _question

    @property
    def paths(self) -> list[str]:
        """The paths read, in the order first read."""
        return list(self._order)

    def __repr__(self) -> str:
        return f"Reads({self.paths!r})"

    def shared(self, key: Hashable | None, compute: Callable[[Reads], T]) -> T:
        """``compute``'s value, worked out once per question for all the combinations of
        readings that agree on every gap it reads.

        ``compute`` must be a pure function of ``key`` and of the rules at the paths it
        records (as every evaluation is); what it reads is recorded here either way. A vote
        under 18 combinations on Suffolk's board asks the quorum behind ``binding``, which
        reads only the places, 3 times instead of 18 (benchmarks/library.py, `vote`).

        A refusal (:class:`QueryError`) is shared as a value is: the ballots of two school
        representatives, refused where the schools have one place, are checked once, not under
        each of the other readings (benchmarks/library.py, `vote`).
        """
        question = self._question
        if question is None or key is None:  # no key: worked out in this evaluation alone
            return compute(self)
        for paths, picks, value in question.stages.get(key, ()):
            if all(question.choice.get(i, 0) == k for i, k in picks):
                self._order.update(paths)
                if type(value) is _Refused:
                    raise value.error.with_traceback(None)
                return value  # type: ignore[no-any-return]
        own = Reads()
        made: T | _Refused
        try:
            made = compute(own)
        except QueryError as exc:
            made = _Refused(exc)
        # What a refusal read is read too: another reading may admit the question.
        self.read_all(own._order)
        picks = tuple(
            (i, question.choice.get(i, 0))
            for i in sorted(gaps_related_to_any(question.root, own._order))
            if question.root.gaps[i].readings
        )
        question.stages.setdefault(key, []).append((own._order, picks, made))
        if isinstance(made, _Refused):
            raise made.error
        return made

    def read(self, path: str) -> None:
        if path not in self._order:
            self._order[path] = None

    def read_all(self, paths: Iterable[str]) -> None:
        self._order.update(dict.fromkeys(paths))


class _Refused:
    """A shared part's refusal of the question, kept as its value (:meth:`Reads.shared`)."""

    # A plain class, not a frozen dataclass (some 0.3 ms to define; benchmarks/cli.py: a
    # first-time question): it is only made and read.
    __slots__ = ("error",)

    def __init__(self, error: QueryError) -> None:
        self.error = error


class _Question:
    """What the evaluations of one question share: the trust as encoded, the combination
    being evaluated (root gap index → reading, 0 for the encoded value) and each shared
    stage's values with the readings they were worked out under. It lives as long as the
    question: nothing is kept between questions."""

    # A plain class, not a dataclass of default factories: one is made per question
    # (benchmarks/library.py).
    __slots__ = ("choice", "root", "stages")

    def __init__(self, root: Trust) -> None:
        self.root = root
        self.choice: dict[int, int] = {}
        self.stages: dict[
            Hashable, list[tuple[dict[str, None], tuple[tuple[int, int], ...], Any]]
        ] = {}


T = TypeVar("T")


class _Answered(Protocol):
    answer: str
    explanation: tuple[Reason, ...]


A = TypeVar("A", bound=Answer)


def gaps_read(trust: Trust, reads: Reads) -> list[Gap]:
    """The gaps whose subject lies on, under or above a path read."""
    return [trust.gaps[i] for i in sorted(gaps_related_to_any(trust, reads._order))]


def conflicts_read(trust: Trust, reads: Reads) -> list[Reason]:
    """The clauses that state a rule read (on or above a path read) otherwise: one line each.

    A conflict written as readings (a ``conflict`` gap with readings on, under or above the
    rule, citing the conflict's clause) is weighed by them instead; a gap with readings about
    something else (one seat's vote, under a voting rule another clause sets a different share
    for) weighs nothing of it. An office's conflicts are weighed by ``eligible`` itself (a
    seat barred outright stays barred whatever another clause says how the office is filled).
    """
    seen: set[str] = set()
    lines: list[Reason] = []
    for path in reads._order:
        for at, conflicting in _unweighed_conflicts(trust, path):
            if at in seen:
                continue
            seen.add(at)
            lines += [
                Reason(
                    f"But {c.source.clause} says otherwise ({at}): {c.note.rstrip('.')}. "
                    "So the answer is not settled.",
                    cite(trust, c.source),
                )
                for c in conflicting
            ]
    return lines


_UNWEIGHED = "_unweighed_conflicts"


def _unweighed_conflicts(trust: Trust, path: str) -> tuple[tuple[str, tuple[Conflict, ...]], ...]:
    """The paths on or above ``path`` (deepest first) whose rule another clause states
    otherwise, with the conflicts no readings weigh: once per path and trust, as
    :func:`_conflicting_at` (a vote reads some fifty paths; benchmarks/library.py)."""
    if not _contradicted_anywhere(trust):
        return ()
    known: dict[str, tuple[tuple[str, tuple[Conflict, ...]], ...]] = trust.__dict__.setdefault(
        _UNWEIGHED, {}
    )
    found = known.get(path)
    if found is None:
        parts = path.split(".")  # the engine's own paths, already well formed
        each = []
        for n in range(len(parts), 0, -1):
            at = ".".join(parts[:n])
            conflicting = tuple(
                c for c in _conflicting_at(trust, at) if not weighed_as_readings(trust, at, c)
            )
            if conflicting:
                each.append((at, conflicting))
        found = tuple(each)
        if len(known) < _MAX_CONFLICT_PATHS:
            known[path] = found
    return found


_ANYWHERE = "_contradicted_anywhere"


def _contradicted_anywhere(trust: Trust) -> bool:
    """Does any rule of the trust (an office's aside) record a clause stating it otherwise?
    Worked out once per trust: where none does, no path read has a contradiction to look up
    (benchmarks/scaling.py: a vote naming seats not named before, on a large board)."""
    found: bool | None = trust.__dict__.get(_ANYWHERE)
    if found is None:
        found = trust.__dict__[_ANYWHERE] = _holds_contradiction(trust)
    return found


def _holds_contradiction(value: object) -> bool:
    if isinstance(value, Rule) and not isinstance(value, Office) and value.conflicting:
        return True
    if isinstance(value, tuple):
        return any(_holds_contradiction(item) for item in value)
    if isinstance(value, BaseModel) and _may_hold_rule(type(value)):
        return any(_holds_contradiction(getattr(value, name)) for name in type(value).model_fields)
    return False


_MAY_HOLD: dict[type, bool] = {}
"""Each model class of the language: may a rule lie in it (read from its fields' types)?"""


def _may_hold_rule(cls: type[BaseModel]) -> bool:
    known = _MAY_HOLD.get(cls)
    if known is None:
        _MAY_HOLD[cls] = True  # while its fields are read: a model within itself may hold one
        known = issubclass(cls, Rule) or any(
            _type_may_hold(info.annotation) for info in cls.model_fields.values()
        )
        _MAY_HOLD[cls] = known
    return known


def _type_may_hold(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _may_hold_rule(annotation)
    return any(_type_may_hold(arg) for arg in get_args(annotation))


_CONFLICTS = "_conflicting_at"
_MAX_CONFLICT_PATHS = 10_000


def _conflicting_at(trust: Trust, at: str) -> tuple[Conflict, ...]:
    """The clauses stating the rule at path ``at`` otherwise (none if it names no rule, or an
    office: see :func:`conflicts_read`), looked up once per path and trust: the paths read are
    the trust's own, and the table is bounded all the same."""
    known: dict[str, tuple[Conflict, ...]] = trust.__dict__.setdefault(_CONFLICTS, {})
    found = known.get(at)
    if found is None:
        # A path through every item of a list names no one rule; one that names nothing
        # (a seat's exception where it has none) is looked up without wording why.
        rule = None if EVERY in at.split(".") else found_at(trust, at)[1]
        found = ()
        if isinstance(rule, Rule) and not isinstance(rule, Office):
            found = rule.conflicting
        if len(known) < _MAX_CONFLICT_PATHS:
            known[at] = found
    return found


def _gap_positions(trust: Trust) -> dict[int, int]:
    """Each of the trust's gaps (by identity) → its index, derived once per trust."""
    found: tuple[Any, dict[int, int]] | None = trust.__dict__.get(_POSITIONS)
    if found is None or found[0] is not trust.gaps:
        found = (trust.gaps, {id(g): i for i, g in enumerate(trust.gaps)})
        trust.__dict__[_POSITIONS] = found
    return found[1]


_POSITIONS = "_gap_positions"


def _patched(
    root: Trust, touched: list[Gap], at: list[int | None], choice: tuple[int, ...]
) -> tuple[Trust, tuple[tuple[int, int], ...] | None]:
    """``root`` with the readings ``choice`` of the gaps ``touched`` (at indexes ``at`` of
    the root's gaps, ``None`` for a gap not of its own list), and those readings as
    ``(index, reading)`` (``None`` where a gap chosen is not of the root's list)."""
    chosen = [(i, k) for i, k in zip(at, choice, strict=True) if k]
    picks = tuple(sorted((i, k) for i, k in chosen if i is not None))
    if len(picks) == len(chosen):
        return with_readings(root, picks), picks
    patched = root  # a gap not of the root's own list: each reading validated here
    for gap, k in zip(touched, choice, strict=True):
        if k:
            assert gap.subject is not None
            patched = replace(patched, gap.subject, gap.readings[k - 1].value)
    return patched, None


def _gap_reasons(trust: Trust) -> tuple[Reason, ...]:
    """Each of the trust's gaps as an explanation line, by index: made once per trust, as
    every question names the gaps it read (benchmarks/library.py)."""
    found: tuple[Any, tuple[Reason, ...]] | None = trust.__dict__.get(_GAP_REASONS)
    if found is None or found[0] is not trust.gaps:
        lines = tuple(
            Reason(f"Recorded gap ({g.kind}): {g.note}", cite(trust, g.source)) for g in trust.gaps
        )
        found = trust.__dict__[_GAP_REASONS] = (trust.gaps, lines)
    return found[1]


_GAP_REASONS = "_gap_reasons"


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


def weighed_as_readings(trust: Trust, path: str, conflict: Conflict) -> bool:
    """Is ``conflict``, another clause's statement of the rule at ``path``, written as
    readings: a ``conflict`` gap with readings on, under or above the rule, citing the same
    clause (a conflict gap for another clause weighs nothing of this one)?"""
    return any(
        g.kind == "conflict" and g.source.clause == conflict.source.clause
        for g in gaps_with_readings(trust, path)
    )


def gaps_with_readings(trust: Trust, path: str) -> list[Gap]:
    """The gaps carrying readings whose subject lies on, under or above ``path``."""
    return [g for i in gaps_related(trust, path) if (g := trust.gaps[i]).readings]


def reading_list(trust: Trust, gap: Gap) -> list[dict[str, Any]]:
    """A gap's readings, the encoded one first: ``{value, note, encoded, source}`` each, the
    value as a trust file writes it."""
    assert gap.subject is not None
    try:
        encoded: Any = resolve(trust, gap.subject)
    except PathError:
        encoded = None
    if isinstance(encoded, BaseModel):
        encoded = encoded.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    out = [
        {
            "value": encoded,
            "note": gap.encoded or "as encoded",
            "encoded": True,
            "source": gap.source.model_dump(mode="json", exclude_none=True),
        }
    ]
    for r in gap.readings:
        out.append(
            {
                "value": r.value,
                "note": r.note or "another reading",
                "encoded": False,
                "source": (r.source or gap.source).model_dump(mode="json", exclude_none=True),
            }
        )
    return out


def readings_words(trust: Trust, gap: Gap) -> str:
    """A gap's readings in one sentence: "Readings of 10.1: encoded, ...; or ..."."""
    parts = []
    for r in reading_list(trust, gap):
        value = r["value"]
        shown = "" if isinstance(value, dict | list) else f"{_words(value)}, "
        parts.append(f"{shown}{r['note']}")
    return f"Readings of {gap.source.clause} ({gap.subject}): encoded as " + "; or ".join(parts)


_WORDS = "_combination_words"
_MAX_WORDS = 4096


def combination_words(trust: Trust, gaps: list[Gap], choice: tuple[int, ...]) -> str:
    """The readings ``choice`` of ``gaps`` in words, made once per trust and combination (a
    pure function of the two; at most :data:`_MAX_WORDS` are kept with the trust)."""
    positions = _gap_positions(trust)
    return _combination(trust, gaps, tuple(positions.get(id(g), -1) for g in gaps), choice)[0]


def _combination(
    trust: Trust, gaps: list[Gap], at: tuple[int, ...], choice: tuple[int, ...]
) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """The readings ``choice`` of ``gaps`` (at indexes ``at`` of the trust's gaps, -1 for one
    not of its list) in words, and as ``(subject, value)`` for each reading chosen: made
    once per trust and combination, as :func:`combination_words`."""
    known: dict[
        tuple[tuple[int, ...], tuple[int, ...]], tuple[str, tuple[tuple[str, Any], ...]]
    ] = trust.__dict__.setdefault(_WORDS, {})
    kept = -1 not in at
    found = known.get((at, choice)) if kept else None
    if found is None:
        values = tuple(
            (g.subject or "", g.readings[k - 1].value)
            for g, k in zip(gaps, choice, strict=True)
            if k
        )
        found = (_combination_text(trust, gaps, choice), values)
        if kept and len(known) < _MAX_WORDS:
            known[(at, choice)] = found
    return found


def _combination_text(trust: Trust, gaps: list[Gap], choice: tuple[int, ...]) -> str:
    parts = []
    for gap, k in zip(gaps, choice, strict=True):
        assert gap.subject is not None
        if k == 0:
            value = resolve(trust, gap.subject)
            how = gap.encoded or "as encoded"
        else:
            value = gap.readings[k - 1].value
            how = gap.readings[k - 1].note or "another reading"
        if isinstance(value, BaseModel | dict) or (
            isinstance(value, list | tuple) and any(isinstance(v, BaseModel | dict) for v in value)
        ):
            # A whole rule, or a list of them: its words say more than its fields would.
            parts.append(f"{gap.subject} ({how})")
        else:
            parts.append(f"{gap.subject} = {_words(value)} ({how})")
    return "; ".join(parts)


def kinds_under_readings(
    trust: Trust, paths: tuple[str, ...], kinds_of: Callable[[Trust], list[str]]
) -> list[str]:
    """The kinds of matter ``kinds_of`` finds in ``trust`` as encoded and under each reading
    of a gap on, under or above one of ``paths``, sorted: a question that does not say its
    kind is asked for each kind some reading treats differently (a reading may add a rule for
    budget matters), not only those the encoded rules name. A reading under which the
    question's rules do not apply (nor the encoded trust, where it does not) gives none. A
    kind only a combination of readings brings is not here: each evaluation says so itself
    (``incomplete``)."""
    kinds: set[str] = set()
    readings = [
        ((i, k),)
        for i in sorted(gaps_related_to_any(trust, paths))
        for k in range(1, len(trust.gaps[i].readings) + 1)
    ]
    for picks in [(), *readings]:
        try:
            kinds |= set(kinds_of(with_readings(trust, picks) if picks else trust))
        except QueryError:
            continue
    return sorted(kinds)


def under_readings(
    trust: Trust,
    evaluate: Callable[[Trust, Reads], A],
    key: Callable[[A], Hashable] = lambda a: a.answer,
    *,
    disagree: Callable[[A, list[A]], A] | None = None,
    facts: tuple[str, ...] = (),
    words: Callable[[A], str] = lambda a: a.answer,
    unexplained: Callable[[Trust, Reads], A] | None = None,
) -> A:
    """``evaluate`` under every combination of the readings it touches.

    ``key`` says what must agree (the answer word; for a vote also its effect). ``disagree``
    builds the answer where combinations differ (default: the encoded answer, made
    ``unspecified``). ``facts`` names the answer's own fields reported under each reading (a
    vote's ``base``); one the readings give different values is null in the answer itself,
    where the field can be. ``words`` says an outcome in an explanation line.
    ``unexplained``: ``evaluate`` but for the explanation (the same answer otherwise, from the
    same paths read, refusing the same facts), for the combinations other than the encoded
    one: their explanations are shown only where the readings give different answers, and
    they are then evaluated again with ``evaluate``.
    """
    question = _Question(trust) if isinstance(trust, Trust) else None
    reads = Reads(_question=question)
    failed: QueryError | None = None
    try:
        encoded: A | None = evaluate(trust, reads)
    except QueryError as exc:
        # The facts do not fit the trust as encoded (five attendees of four places); they
        # may fit another reading (five places), which the paths read so far reach.
        if not isinstance(trust, Trust) or not any(g.readings for g in gaps_read(trust, reads)):
            raise
        encoded, failed = None, exc
    meant = _read_meaning(trust, reads)
    gap_lines, blocking = meant.gap_lines, meant.blocking
    if blocking and failed is not None:
        raise failed
    if blocking and encoded is not None:
        first = encoded
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
        return _with(first, [*blocked, *gap_lines], **changes)
    conflicts = meant.conflicts(trust, reads) if encoded is not None else ()
    if conflicts and encoded is not None:
        # Two clauses state a rule read differently and no readings weigh them: the answer
        # cannot rest on the one encoded (a missing fact still comes first: incomplete).
        changes = {}
        if encoded.answer != "incomplete":
            changes["answer"] = "unspecified"
            for name, value in (("effect", "unspecified"), ("binding", None), ("tie", None)):
                if hasattr(encoded, name):
                    changes[name] = value
        return _with(encoded, [*conflicts, *gap_lines], **changes)
    touched = list(meant.touched)  # grown in place by the combinations that read more
    if not touched:
        assert encoded is not None  # else raised above
        return _with(encoded, gap_lines)
    # Unexplained only where the encoded answer is there to stand for the rest.
    brief = unexplained if encoded is not None else None
    results = evaluate_combinations(
        trust,
        brief or evaluate,
        touched,
        reads,
        encoded if encoded is not None else str(failed),
        question,
    )
    if results is None:
        how_many = math.prod(len(g.readings) + 1 for g in touched)
        why = Reason(
            f"The question touches {len(touched)} rules with readings, "
            f"{how_many} combinations: more than the {MAX_COMBINATIONS} weighed, so "
            "the MoU is not taken to settle it."
        )
        if encoded is None:
            raise failed or QueryError("the question fits no reading")
        return _with(encoded, [why, *gap_lines], answer="unspecified")

    every, ruled_out, outcomes, told = _sorted_out(results, key, words, facts)
    if brief is not None and len({t[0] for t in told.values()}) > 1:
        # The readings give different answers, each with its explanation: in full, then,
        # from the gaps the encoded evaluation read, so the combinations come in the order
        # a full evaluation alone grows them (the answer's readings and lines are listed so).
        assert encoded is not None
        touched = list(meant.touched)
        again = evaluate_combinations(trust, evaluate, touched, reads, encoded, question)
        assert again is not None  # the same combinations as before
        results = again
        every, ruled_out, outcomes, told = _sorted_out(results, key, words, facts)

    def said(r: A | str) -> Hashable:
        return ("cannot be asked", r) if isinstance(r, str) else told[id(r)]

    if not every:
        # No reading admits the question's facts: the encoded one's error says why.
        if failed is not None:
            raise failed
        evaluate(trust, Reads())
    first = encoded if encoded is not None else every[0]
    source_gap = touched[0]
    source = cite(trust, source_gap.source)
    unfit = ruled_out_lines(trust, touched, ruled_out, source) if ruled_out else []
    weighed = len(every)
    clauses = ", ".join(dict.fromkeys(g.source.clause for g in touched))
    if len(set(told.values())) > 1:
        touched, results = _relevant(touched, results, said)
        outcomes = [(c, r) for c, r in results.items() if not isinstance(r, str)]
        if touched[0].source is not source_gap.source:
            source = cite(trust, touched[0].source)  # _relevant left out the first gap
    told_each = [told[id(r)] for _, r in outcomes]
    shown = [name.rstrip("_") for name in facts]
    positions = _gap_positions(trust)
    at = tuple(positions.get(id(g), -1) for g in touched)  # found once for every outcome
    in_words: dict[tuple[int, ...], str] = {}
    listing = []
    for c, r in outcomes:
        worded, values = _combination(trust, touched, at, c)
        in_words[c] = worded
        listing.append(
            ReadingOutcome(
                worded,
                r.answer,
                source,
                values,
                tuple([(shown[i], getattr(r, name)) for i, name in enumerate(facts)]),
            )
        )
    listed = tuple(listing)
    # A number the readings differ on is not the answer's: null where the field can be.
    differ: dict[str, Any] = {
        name: None
        for i, name in enumerate(facts)
        if len({t[2][i] for t in told_each}) > 1 and _nullable(first, name)
    }
    lines = list(unfit)
    if len({t[0] for t in told_each}) == 1:
        word = outcomes[0][1].answer
        lines.insert(
            0,
            Reason(
                f"Read under {counted(weighed, 'reading')} of {clauses}; "
                f"every reading gives {word}.",
                source,
            ),
        )
        base = first if not isinstance(results[(0,) * len(touched)], str) else outcomes[0][1]
        if len(set(told_each)) > 1:
            # The same answer, by different counts: each reading's is given (the explanation
            # above is the encoded reading's; the answer's own numbers are null).
            lines += [
                Reason(f"Under {in_words[c]}: {t[1]}.", source)
                for (c, _), t in zip(outcomes, told_each, strict=True)
            ]
        return _with(base, [*lines, *gap_lines], readings=listed, **differ)
    # What every reading says; what they differ on is said reading by reading.
    common = set.intersection(*({(x.text, x.source) for x in a.explanation} for a in every))
    kept = tuple(x for x in first.explanation if (x.text, x.source) in common)
    for c, r in outcomes:
        said_here = told[id(r)][1]
        if r.answer == "unspecified":
            # Why this reading leaves it open is its own line, not every reading's: keep it.
            own = next((x for x in r.explanation if (x.text, x.source) not in common), None)
            if own is not None:
                said_here += f" ({own.text.rstrip('.')})"
        lines.append(Reason(f"Under {in_words[c]}: {said_here}.", source))
    differing = ", ".join(dict.fromkeys(g.source.clause for g in touched))
    lines.append(
        Reason(
            f"The readings of {differing} give different answers, so the MoU does not settle it.",
            source,
        )
    )
    answers = [r for _, r in outcomes]
    made = disagree(first, answers) if disagree is not None else first
    changes = {"explanation": kept, "readings": listed, **differ}
    if disagree is None:
        changes["answer"] = "unspecified"
    needs = tuple(dict.fromkeys(n for a in answers if a.answer == "incomplete" for n in a.needs))
    if needs and _facts_may_settle(answers, told, disagree):
        # A missing fact and an unsettled text: complete the question first (the readings
        # are still listed).
        changes.update(answer="incomplete", needs=needs)
    elif made.needs:
        changes["needs"] = ()  # the encoded reading's missing fact settles nothing here
    return _with(made, [*lines, *gap_lines], **changes)


def _facts_may_settle(
    answers: list[A],
    told: dict[int, tuple[Hashable, str, tuple[Hashable, ...]]],
    disagree: Callable[[A, list[A]], A] | None,
) -> bool:
    """Whether the facts some readings lack could settle more of an answer the readings leave
    open: where the readings that lack none agree (on a definite answer), or differ only in
    what leaves the answer itself standing (a vote carried under each, whether it binds
    differing). Otherwise the answer is open whatever the facts (a reading under which the
    MoU states no quorum stays so once the vacancies are given), and ``incomplete`` would send
    the asker for a fact that settles nothing. (A fact that rules a reading out can still
    narrow them; the readings listed show which.)"""
    complete = [a for a in answers if a.answer != "incomplete"]
    if any(a.answer == "unspecified" for a in complete):
        return False
    if len({told[id(a)][0] for a in complete}) <= 1:
        return True
    return disagree is not None and disagree(complete[0], complete).answer != "unspecified"


def _sorted_out(
    results: dict[tuple[int, ...], A | str],
    key: Callable[[A], Hashable],
    words: Callable[[A], str],
    facts: tuple[str, ...],
) -> tuple[
    list[A],
    list[tuple[tuple[int, ...], str]],
    list[tuple[tuple[int, ...], A]],
    dict[int, tuple[Hashable, str, tuple[Hashable, ...]]],
]:
    """The outcomes of ``results``, the readings ruled out, the outcomes by combination, and
    all each outcome says, worked out once each (by its id): what must agree, its words and
    its facts (a list made, not a generator: some eight facts of each of fifteen outcomes of
    a vote, benchmarks/library.py)."""
    every: list[A] = []
    ruled_out: list[tuple[tuple[int, ...], str]] = []
    outcomes: list[tuple[tuple[int, ...], A]] = []
    for c, r in results.items():
        if isinstance(r, str):
            ruled_out.append((c, r))
        else:
            every.append(r)
            outcomes.append((c, r))
    told = {
        id(r): (key(r), words(r), tuple([_fact_key(getattr(r, n)) for n in facts])) for r in every
    }
    return every, ruled_out, outcomes, told


class _ReadMeaning:
    """What the paths one evaluation read say of the trust: the gaps they touch, as
    explanation lines, those the file cannot hold, those with readings, and (worked out where
    first asked) the clauses stating a rule read otherwise."""

    __slots__ = ("_conflicts", "blocking", "gap_lines", "touched")

    def __init__(self, trust: Trust, paths: Iterable[str]) -> None:
        read_at = sorted(gaps_related_to_any(trust, paths))
        gap_reasons = _gap_reasons(trust)
        self.gap_lines = tuple(gap_reasons[i] for i in read_at)
        read_gaps = [trust.gaps[i] for i in read_at]
        self.blocking = tuple(g for g in read_gaps if g.kind == "not-encoded")
        self.touched = tuple(g for g in read_gaps if g.readings)
        self._conflicts: tuple[Reason, ...] | None = None

    def conflicts(self, trust: Trust, reads: Reads) -> tuple[Reason, ...]:
        """:func:`conflicts_read` of the paths read (those this meaning was made of)."""
        if self._conflicts is None:
            self._conflicts = tuple(conflicts_read(trust, reads))
        return self._conflicts


_MEANINGS = "_read_meanings"
_MAX_MEANING_PATHS = 65_536
"""The paths held, in all, by the keys of the meanings kept with a trust: a vote naming many
members reads a path for each, so a number of keys alone would not bound what they hold."""


class _Kept:
    """What is kept with one trust under one name, by key (the meanings of paths read, the
    plans of gaps' combinations), and how much it holds, in the unit its bound counts."""

    __slots__ = ("gaps", "held", "known")

    def __init__(self, gaps: tuple[Gap, ...]) -> None:
        self.gaps = gaps
        self.known: dict[Hashable, Any] = {}
        self.held = 0

    @classmethod
    def of(cls, trust: Trust, name: str) -> _Kept:
        """The store ``name`` of ``trust``, made anew where the trust's gaps are not those it
        was made for (a copy holding other gaps)."""
        kept: _Kept | None = trust.__dict__.get(name)
        if kept is None or kept.gaps is not trust.gaps:
            kept = trust.__dict__[name] = cls(trust.gaps)
        return kept

    def keep(self, key: Hashable, value: Any, size: int, bound: int) -> None:
        """Keep ``value`` while what is kept stays within ``bound``."""
        if self.held + size <= bound:
            self.known[key] = value
            self.held += size


def _read_meaning(trust: Trust, reads: Reads) -> _ReadMeaning:
    """:class:`_ReadMeaning` of the paths ``reads`` holds, in their order: a pure function of
    the trust and those paths, made once per trust and paths (kept with the trust while their
    keys hold at most :data:`_MAX_MEANING_PATHS` paths). A question's first evaluation reads
    the same few paths as every other question of its kind (benchmarks/library.py: a count
    quorum reads two)."""
    kept = _Kept.of(trust, _MEANINGS)
    key = tuple(reads._order)
    meant: _ReadMeaning | None = kept.known.get(key)
    if meant is None:
        meant = _ReadMeaning(trust, key)
        kept.keep(key, meant, len(key), _MAX_MEANING_PATHS)
    return meant


def evaluate_combinations(
    trust: Trust,
    evaluate: Callable[[Trust, Reads], A],
    touched: list[Gap],
    reads: Reads,
    encoded: A | str,
    question: _Question | None = None,
) -> dict[tuple[int, ...], A | str] | None:
    """``evaluate`` under every combination of the readings of ``touched`` (the gaps with
    readings the encoded evaluation, ``encoded``, read into ``reads``), each result by its
    combination (reading numbers, 0 for the encoded value, in the order of ``touched``): an
    answer, or the reason the facts rule that reading out. A combination may read further
    gaps: they are added to ``touched`` (in place) until it is closed. ``None`` where the
    combinations would number more than :data:`MAX_COMBINATIONS`."""
    results: dict[tuple[int, ...], A | str] = {}
    checked = set(reads._order)
    while True:
        found = _plan(trust, touched)
        if found is None:
            return None
        at, plan = found
        # The stages are shared by the root's gap indexes: with a gap not of its list, none.
        shares = question is not None and None not in at
        grew = False
        for choice, picks in plan:
            if choice in results:
                continue
            if not any(choice):
                results[choice] = encoded
                continue
            if picks is not None:
                patched = with_readings(trust, picks)
            else:
                patched, picks = _patched(trust, touched, at, choice)
            if shares:
                assert question is not None and picks is not None
                question.choice = dict(picks)
            more = Reads(_question=question if shares else None)
            try:
                results[choice] = evaluate(patched, more)
            except QueryError as exc:
                # The facts given rule this reading out (two school representatives present
                # where it gives the schools one place).
                results[choice] = str(exc)
                continue
            # A reading never changes the gaps (a copy rebuilt from the root may hold equal
            # copies of them): the root's, found by its index, are compared by identity. Only
            # the paths no evaluation read before can bring one: a gap with readings related
            # to an earlier path is touched already.
            # Compared in one step, made only where some is new: a vote reads some fifty paths.
            if more._order.keys() <= checked:
                continue
            fresh = more._order.keys() - checked
            checked |= fresh
            held = {id(g) for g in touched}
            new = [g for g in gaps_read(trust, Reads(fresh)) if g.readings and id(g) not in held]
            if new:
                touched.extend(new)
                # Earlier results stand for the new gaps' encoded values.
                results = {(*c, *([0] * len(new))): r for c, r in results.items()}
                grew = True
                break
        if not grew:
            return results


_Plan = tuple[tuple[tuple[int, ...], tuple[tuple[int, int], ...] | None], ...]
_PLANS = "_combination_plans"
_MAX_PLANNED = 65_536
"""The combinations held, in all, by the plans kept with a trust (a plan holds up to
:data:`MAX_COMBINATIONS`)."""


def _plan(trust: Trust, touched: list[Gap]) -> tuple[list[int | None], _Plan] | None:
    """The gaps ``touched`` as indexes of the trust's gaps (``None`` for one not of its list)
    and their combinations (:func:`_combinations`); ``None`` where those would number more
    than :data:`MAX_COMBINATIONS`. A pure function of the trust and the gaps, made once per
    trust and gaps (kept with the trust while they hold at most :data:`_MAX_PLANNED`
    combinations): the questions of a kind
    touch the same gaps (benchmarks/library.py, ``voters``: 6 combinations each)."""
    index = _gap_positions(trust)
    at = [index.get(id(g)) for g in touched]
    own = [i for i in at if i is not None]
    if len(own) < len(at):  # a gap not of the trust's own list: nothing is kept
        plan = _combinations(touched, None)
    else:
        kept, key = _Kept.of(trust, _PLANS), tuple(own)
        if key in kept.known:
            plan = kept.known[key]
        else:
            plan = _combinations(touched, own)
            kept.keep(key, plan, len(plan) if plan else 1, _MAX_PLANNED)
    return None if plan is None else (at, plan)


def _combinations(touched: list[Gap], at: list[int] | None) -> _Plan | None:
    """Every combination of the readings of ``touched`` (reading numbers, 0 for the encoded
    value), each with its readings as ``(index, reading)`` of the gaps at indexes ``at`` of
    the trust's (``None`` where some gap is not of its list: :func:`_patched` then makes the
    copy); ``None`` where they number more than :data:`MAX_COMBINATIONS`."""
    # Counted before any is made: thirty gaps would make a billion.
    if math.prod(len(g.readings) + 1 for g in touched) > MAX_COMBINATIONS:
        return None
    choices = itertools.product(*(range(len(g.readings) + 1) for g in touched))
    if at is None:
        return tuple((choice, None) for choice in choices)
    return tuple(
        (choice, tuple(sorted((i, k) for i, k in zip(at, choice, strict=True) if k)))
        for choice in choices
    )


def _fact_key(value: Any) -> Hashable:
    """A fact of an answer, to compare across readings: a number, a word or null as itself
    with its type (``1`` and ``True`` and ``1.0`` differ), anything else as JSON text."""
    if value is None or type(value) in (bool, int, float, str):
        return (type(value).__name__, value)
    return json.dumps(value, default=str)


def ruled_out_lines(
    trust: Trust,
    touched: list[Gap],
    ruled_out: list[tuple[tuple[int, ...], str]],
    source: SourceRef | None,
    what: str = "the question cannot be asked",
) -> list[Reason]:
    """One line per reason a reading cannot be asked (``what`` cannot be done under it),
    naming only the readings all those combinations share (the one place the schools have,
    not every base with it)."""
    by_why: dict[str, list[tuple[int, ...]]] = {}
    for c, why in ruled_out:
        by_why.setdefault(why, []).append(c)
    out = []
    for why, choices in by_why.items():
        same = [i for i in range(len(touched)) if all(c[i] == choices[0][i] for c in choices)]
        shared = [i for i in same if choices[0][i]]
        varying = [i for i in range(len(touched)) if i not in same]
        if shared:
            # The readings every such combination has: the others do not matter to it.
            named = combination_words(
                trust, [touched[i] for i in shared], tuple(choices[0][i] for i in shared)
            )
        elif same and len({tuple(c[i] for i in varying) for c in choices}) == math.prod(
            len(touched[i].readings) + 1 for i in varying
        ):
            # Every reading of the gaps that differ within the group is ruled out, alike: they
            # rule out nothing; the encoded readings the combinations share do.
            named = combination_words(
                trust, [touched[i] for i in same], tuple(choices[0][i] for i in same)
            )
        elif varying:
            # Name each reading of the gaps that differ within the group.
            alternatives = dict.fromkeys(
                combination_words(
                    trust, [touched[i] for i in varying], tuple(c[i] for i in varying)
                )
                for c in choices
            )
            named = " or ".join(alternatives)
        else:
            named = combination_words(trust, touched, choices[0])
        out.append(Reason(f"Under the reading {named}, {what}: {why}", source))
    return out


def _relevant(
    touched: list[Gap],
    results: dict[tuple[int, ...], A | str],
    said: Callable[[A | str], Hashable],
) -> tuple[list[Gap], dict[tuple[int, ...], A | str]]:
    """Leave out the gaps whose readings change nothing the answer says, whatever the others
    are (a seat's right to vote when it is absent): they are named, not listed by reading."""
    i = 0
    while i < len(touched):
        if _changes_nothing(i, results, said):
            results = {(*c[:i], *c[i + 1 :]): r for c, r in results.items() if c[i] == 0}
            touched = [*touched[:i], *touched[i + 1 :]]
        else:
            i += 1
    return touched, results


def _changes_nothing(
    i: int, results: dict[tuple[int, ...], A | str], said: Callable[[A | str], Hashable]
) -> bool:
    """Do the readings of the ``i``-th gap of the combinations ``results`` change nothing
    said, whatever the readings of the others, the encoded one admitting the question?"""
    groups: dict[tuple[int, ...], set[Hashable]] = {}
    encoded_asked: dict[tuple[int, ...], bool] = {}
    for c, r in results.items():
        rest = (*c[:i], *c[i + 1 :])
        group = groups.setdefault(rest, set())
        if not isinstance(r, str):  # a reading the facts rule out is said once, apart
            group.add(said(r))
            if len(group) > 1:
                return False  # settled at the first difference (benchmarks/library.py, vote)
        if c[i] == 0:
            encoded_asked[rest] = not isinstance(r, str)
    return all(encoded_asked.get(rest, False) or not g for rest, g in groups.items())


def _nullable(answer: Answer, name: str) -> bool:
    """Can the answer's field ``name`` be null (its default is)?"""
    kind = type(answer)
    nullable = _NULL_BY_DEFAULT.get(kind)
    if nullable is None:  # once per answer class: a handful in all
        nullable = frozenset(f.name for f in dataclasses.fields(answer) if f.default is None)
        _NULL_BY_DEFAULT[kind] = nullable
    return name in nullable


_NULL_BY_DEFAULT: dict[type, frozenset[str]] = {}


def _with(answer: A, lines: Iterable[Reason], /, **changes: Any) -> A:
    """``answer`` with ``changes`` and the ``lines`` its explanation lacks, made in one step."""
    explanation: tuple[Reason, ...] = changes.pop("explanation", answer.explanation)
    # Told apart by their words first: a source is hashed field by field, and only a line
    # with the same words can be one the explanation has (benchmarks/library.py).
    texts = {r.text for r in explanation}
    seen: set[tuple[str, SourceRef | None]] | None = None
    extra = []
    for r in lines:
        if r.text in texts:
            if seen is None:
                seen = {(x.text, x.source) for x in explanation}
            if (r.text, r.source) in seen:
                continue
        extra.append(r)
    return dataclasses.replace(answer, explanation=(*explanation, *extra), **changes)
