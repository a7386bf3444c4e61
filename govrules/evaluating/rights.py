"""Who may vote: the body's rule, a procedure's rule, exceptions and conditions."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from pydantic import BaseModel

from ..language.paths import EVERY, gaps_related, resolve, under
from ..language.phrasebook import STATUS, code_list
from ..language.phrasebook import seat_right as seat_right_words
from ..language.schema import Body, Gap, Procedure, Seat, Step, Trust, VoteException, Voting
from ..language.scope import bodies_using, used_in
from ..reading.errors import QueryError
from .answers import SeatRight, SourceRef, cite
from .conditions import Matter, describe, holds, matter_options, on_the_kind, on_the_matter
from .conditions import reason as why_holds
from .lacking import asker, how, nobody
from .matters import NO_KIND, kind_exception_words, read_kind
from .readings import Reads, gaps_with_readings, readings_words
from .rulekind import (
    Altered,
    Aspect,
    Check,
    Problem,
    RuleKind,
    Side,
    pairs,
    settled,
    unsettled_words,
)

__all__ = [
    "CONDITIONAL",
    "KIND",
    "NO_VOTE",
    "UNSETTLED",
    "VOTES",
    "Rights",
    "SeatVote",
    "applicable_voting",
    "member_weight",
    "places",
    "read_procedure_scope",
    "read_weights",
    "seat_rights",
    "seat_votes",
    "who_votes_summary",
]


@dataclass(frozen=True)
class Rights:
    rule: Voting | None
    procedure: Procedure | None
    voters: tuple[SeatRight, ...]
    non_voters: tuple[SeatRight, ...]
    undetermined: tuple[SeatRight, ...]
    by_question: tuple[str, ...] = ()
    """The undetermined seats open because the question does not describe the matter (the
    others are open because the MoU does not settle them)."""
    question_needs: tuple[str, ...] = ()
    """The options that would settle them: ``--affects``/``--implementer`` (who the matter
    involves), ``--matter`` (its kind)."""

    @cached_property
    def voting_seats(self) -> frozenset[str]:
        """The seats that vote, by id (worked out once: a body's rights are kept with it)."""
        return frozenset(r.seat for r in self.voters)

    @cached_property
    def non_voting_seats(self) -> frozenset[str]:
        """The seats that do not vote, by id."""
        return frozenset(r.seat for r in self.non_voters)

    def votes(self, seat: str) -> bool | None:
        """Whether ``seat`` votes: ``None`` where it is undetermined."""
        if seat in self.voting_seats:
            return True
        if seat in self.non_voting_seats:
            return False
        return None

    @property
    def needs(self) -> tuple[str, ...]:
        """The options that would settle the seats the question leaves open."""
        if not self.by_question:
            return ()
        return self.question_needs or ("--affects", "--implementer")


def find_procedure(trust: Trust, procedure_id: str) -> Procedure:
    proc = trust.procedure(procedure_id)
    if proc is None:
        known = ", ".join(p.id for p in trust.procedures) or "none"
        raise QueryError(
            f"trust `{trust.id}` has no procedure `{procedure_id}` (procedures: {known})"
        )
    return proc


def applicable_voting(
    trust: Trust,
    body: Body,
    procedure_id: str | None,
    reads: Reads | None = None,
    step: int | None = None,
) -> tuple[Voting | None, Procedure | None]:
    """The voting rule in force: a procedure's voting step (:func:`voting_step`: the vote of
    ``step``, numbered from 1, where it states one), or the body's own rule. ``reads`` records
    what deciding it reads of the procedure (:func:`read_procedure_scope`).

    :raises QueryError: the procedure does not apply to the body; ``step`` is not one of its
        steps.
    """
    if procedure_id is None:
        if step is not None:
            raise QueryError("a step is given but no procedure: name it with --procedure")
        return body.voting, None
    proc = find_procedure(trust, procedure_id)
    if reads is not None:
        read_procedure_scope(proc, reads, step)
    if not used_in(trust, proc, body.id):
        raise QueryError(
            f"procedure `{proc.id}` does not apply to `{body.id}` "
            f"(it applies to: {', '.join(bodies_using(trust, proc))})"
        )
    index = voting_step(proc, step)
    if step is not None:
        _check_step_taken_here(proc, step, body, reads)
    return (None, proc) if index is None else (proc.steps[index].vote, proc)


def _check_step_taken_here(proc: Procedure, step: int, body: Body, reads: Reads | None) -> None:
    """A resolution of ``body`` can take ``step`` only where the step happens in it (or where
    a matter arose: no body named) and is no one's act alone (the clerk's notice).

    :raises QueryError: it cannot.
    """
    taken = proc.steps[step - 1]
    if reads is not None:
        reads.read_all(f"{proc.id}.steps.{step - 1}.{name}" for name in ("body", "actor"))
    if taken.body is not None and taken.body != body.id:
        raise QueryError(
            f"step {step} of procedure `{proc.id}` is taken in `{taken.body}`, not `{body.id}`"
        )
    if someones_act(taken):
        raise QueryError(
            f"step {step} of procedure `{proc.id}` is taken by {taken.actor}, not by a vote "
            f"of `{body.id}`"
        )


def someones_act(step: Step) -> bool:
    """Is ``step`` one person's act (the clerk's notice), not a meeting's decision: no vote,
    no body, an actor named?"""
    return step.vote is None and step.body is None and bool(step.actor)


def voting_step(proc: Procedure, step: int | None = None) -> int | None:
    """The index of the step whose vote counts a decision taken at ``step`` (numbered from 1):
    that step's own vote, or, for a step that confirms an earlier resolution (the earlier
    step's ``confirmed_by``), the vote of the resolution it confirms. Without ``step``, the
    procedure's first step that votes (``None``: none does).

    :raises QueryError: ``step`` is not one of the procedure's steps, or puts nothing to a
        vote.
    """
    if step is None:
        return next((i for i, s in enumerate(proc.steps) if s.vote is not None), None)
    if not 1 <= step <= len(proc.steps):
        raise QueryError(f"procedure `{proc.id}` has {len(proc.steps)} step(s), not {step}")
    if proc.steps[step - 1].vote is not None:
        return step - 1
    confirmed = next(
        (i for i, s in enumerate(proc.steps[: step - 1]) if s.confirmed_by == step and s.vote),
        None,
    )
    if confirmed is None:
        raise QueryError(f"step {step} of procedure `{proc.id}` puts nothing to a vote")
    return confirmed


def voting_step_path(proc: Procedure, step: int | None = None) -> str | None:
    """The path of the vote that counts a decision at ``step`` (``<procedure>.steps.<n>.vote``)."""
    index = voting_step(proc, step)
    return None if index is None else f"{proc.id}.steps.{index}.vote"


def read_procedure_scope(proc: Procedure, reads: Reads, step: int | None = None) -> None:
    """Record what asking under ``proc`` reads of it before its voting rule: where it applies
    (``applies_to``, and its routes' starts), the kinds of matter it is for, and which step
    votes (``step``'s own vote where given, and each step up to the first with a vote). Read
    before any is checked: a reading may make the procedure apply, or another step vote."""
    reads.read_all((f"{proc.id}.applies_to", f"{proc.id}.routes", f"{proc.id}.matters"))
    if step is not None and 1 <= step <= len(proc.steps):
        reads.read(f"{proc.id}.steps.{step - 1}.vote")
        # An earlier step it confirms lends it its vote.
        reads.read_all(f"{proc.id}.steps.{i}.confirmed_by" for i in range(step - 1))
    for i, s in enumerate(proc.steps):
        reads.read(f"{proc.id}.steps.{i}.vote")
        if s.vote is not None:
            break


def _general_right(trust: Trust, rule: Voting, seat: Seat, matter: Matter) -> bool | None:
    """Whether the general rule gives ``seat`` a vote on ``matter`` (``None``: it depends)."""
    if rule.condition is None:
        return True
    partner = trust.partner(seat.partner) if seat.partner else None
    return holds(rule.condition, seat, partner, matter)


PLACES_FIELDS = frozenset({"count", "up_to", "count_stated"})
"""The fields of a seat that say how many places it has, which no seat's right to vote turns
on: a right is a seat's, whatever its number of places. Every other field is read, so a field
added to seats is read until it is listed here."""


def read_seats_for_rights(body: Body, reads: Reads) -> None:
    """Record what the rights of ``body``'s seats read of them: every field but their places
    (a gap on the schools' number of places does not touch who votes)."""
    if not body.seats:
        reads.read(f"{body.id}.seats")  # the list itself, empty
        return
    reads.read_all(_seat_fields(body.id))


@lru_cache(maxsize=1024)
def _seat_fields(body_id: str) -> tuple[str, ...]:
    """The path of each field but the places of every seat of the body ``body_id`` (a pure
    function of the id: the bodies of the trusts asked about; benchmarks/library.py,
    ``voters`` reads them in every evaluation)."""
    return tuple(
        f"{body_id}.seats.{EVERY}.{info.alias or name}"
        for name, info in Seat.model_fields.items()
        if name not in PLACES_FIELDS
    )


def _read_rights_of(
    body: Body,
    proc: Procedure | None,
    used: Collection[str] | None,
    reads: Reads,
    step: int | None = None,
) -> None:
    """Record what the rights of the seats ``used`` (every seat where ``None``) read: the
    seats, the rule in force (the body's, or the procedure's voting step; all of a procedure
    without one) and, for some seats only, just their exceptions (one written for another
    seat cannot change theirs).

    Some seats are each read whole, their places too, which no right turns on: one path per
    seat rather than one per field (benchmarks/library.py, a vote), and a question naming
    seats checks their places anyway.
    """
    path = f"{body.id}.voting" if proc is None else voting_step_path(proc, step)
    seats = sorted(used) if used is not None else None
    if seats is None:
        read_seats_for_rights(body, reads)
    else:
        reads.read_all(f"{body.id}.seats.{seat_id}" for seat_id in seats)
    if path is None:
        assert proc is not None
        reads.read(proc.id)
    elif seats is None:
        reads.read(path)
    else:
        reads.read_all(_rule_fields(path))
        reads.read_all(f"{path}.exceptions.{seat_id}" for seat_id in seats)


@lru_cache(maxsize=1024)
def _rule_fields(path: str) -> tuple[str, ...]:
    """The path of each field of the voting rule at ``path`` but its exceptions (a pure
    function of the path: the rule paths of the trusts asked about)."""
    return tuple(
        f"{path}.{info.alias or name}"
        for name, info in Voting.model_fields.items()
        if name != "exceptions"
    )


def seat_rights(
    trust: Trust,
    body: Body,
    procedure_id: str | None,
    matter: Matter | None = None,
    *,
    reads: Reads | None = None,
    used: Collection[str] | None = None,
    step: int | None = None,
) -> Rights:
    """Sort every seat of ``body`` into voters, non-voters and those the MoU leaves open
    (under ``procedure_id``, at its voting step ``step`` where given: :func:`applicable_voting`).

    ``reads`` records the rule paths consulted: the seats, the voting rule in force (the
    body's, or the procedure's voting step) and the partners a condition asks about. A caller
    that uses the rights of some seats only names them in ``used``: those seats and their
    exceptions are then read, and the rest of the rule, so a reading of another seat's right
    does not touch the answer (:func:`_read_rights_of`).
    """
    matter = matter or Matter()
    reads = reads if reads is not None else Reads()
    rule, proc = applicable_voting(trust, body, procedure_id, reads, step)
    read_kind(matter.kind, reads)
    _read_rights_of(body, proc, used, reads, step)
    voters: list[SeatRight] = []
    non_voters: list[SeatRight] = []
    undetermined: list[SeatRight] = []
    by_question: list[str] = []
    needs: list[str] = []
    if proc is not None:
        reads.read(f"{proc.id}.status")
    if rule is None or not rule.settled or (proc is not None and not proc.settled):
        if proc is not None and not proc.settled:
            # The procedure as a whole is not settled: no vote under it is, whatever its steps.
            text = f"{STATUS[proc.status].lead} procedure `{proc.id}`"
            text += f": {proc.note}" if proc.note else "."
            src = cite(trust, proc.source)
        elif rule is None and proc is not None:
            text = f"Procedure `{proc.id}` has no voting step."
            src = cite(trust, proc.source)
        elif rule is None:
            text = f"The MoU states no voting rule for the {body.name}."
            src = cite(trust, body.source)
        else:
            text = f"{STATUS[rule.status].lead} who votes in the {body.name}"
            text += f": {rule.note}" if rule.note else "."
            src = cite(trust, rule.source)
        undetermined = [SeatRight(s.id, text, src) for s in body.seats]
        return Rights(None if proc is not None and not proc.settled else rule, proc, (), (),
                      tuple(undetermined))  # fmt: skip

    table = _seat_table(trust, body, proc, rule)
    if table.fixed is not None:
        return table.fixed  # no seat's right turns on the matter: the same for every question
    exceptions = {e.seat: e for e in rule.exceptions}
    for seat, known in zip(body.seats, table.placed, strict=True):
        placed = known or seat_right(
            trust, rule, table.rule_ref, exceptions.get(seat.id), seat, matter, reads
        )
        {VOTER: voters, NON_VOTER: non_voters, OPEN: undetermined}[placed.bucket].append(
            placed.right
        )
        if placed.by_question:
            by_question.append(seat.id)
        needs.extend(placed.needs)
    return Rights(
        rule,
        proc,
        tuple(voters),
        tuple(non_voters),
        tuple(undetermined),
        tuple(by_question),
        tuple(dict.fromkeys(needs)),
    )


VOTER, NON_VOTER, OPEN = "voter", "non-voter", "open"


# The records made and read here are named tuples, not frozen dataclasses: defining a dataclass
# costs some 0.4 ms, and every question imports this module (benchmarks/cli.py: a first-time
# question).


class Placed(NamedTuple):
    """Where a seat's right puts it: among the voters, the non-voters or those left open."""

    bucket: str
    right: SeatRight
    by_question: bool = False
    """Open because the question does not describe the matter (not because the MoU is silent)."""
    needs: tuple[str, ...] = ()
    on_matter: bool = False
    """The matter asked about was weighed (its kind, or whom it affects): another matter may
    place the seat elsewhere."""


class _SeatTable(NamedTuple):
    """What a settled voting rule gives each seat of a body, for every seat whose right does
    not turn on the matter: derived once per body and rule, so that a question on a board of
    thousands of seats does not weigh each seat again (benchmarks/scaling.py, questions vs
    seats)."""

    rule: Voting
    procedure: Procedure | None
    """The procedure whose rule it is (held by the rights: a copy of a trust may share the
    body and the rule but hold another procedure, one for other kinds of matter)."""
    title: str
    """The document title the citations were made under."""
    rule_ref: SourceRef | None
    placed: tuple[Placed | None, ...]
    """Each seat's place, in seat order; ``None`` where the matter decides it."""
    fixed: Rights | None
    """Every seat's right, where none turns on the matter."""


_TABLES = "_seat_tables"


def _seat_table(trust: Trust, body: Body, proc: Procedure | None, rule: Voting) -> _SeatTable:
    """The body's table for ``rule``, kept with the body (an immutable model, as the rule and
    the seats it reads are). A body is shared by the copies of its trust under readings that
    leave it alone, which may hold other rules: a few tables are kept per body, by the rule's
    identity (checked, as the rule and the procedure are held by the table)."""
    tables: dict[tuple[str | None, int], _SeatTable] = body.__dict__.setdefault(_TABLES, {})
    key = (proc.id if proc is not None else None, id(rule))
    table = tables.get(key)
    if (
        table is None
        or table.rule is not rule
        or table.procedure is not proc
        or table.title != trust.document.title
    ):
        if len(tables) >= _MAX_TABLES:
            tables.clear()
        table = tables[key] = _make_table(trust, body, proc, rule)
    return table


_MAX_TABLES = 16


def _make_table(trust: Trust, body: Body, proc: Procedure | None, rule: Voting) -> _SeatTable:
    exceptions = {e.seat: e for e in rule.exceptions}
    # The rule's citation, made once for every seat it covers (a citation is immutable): a
    # 100,000-seat board cites it 100,000 times (benchmarks/scaling.py).
    rule_ref = cite(trust, rule.source)
    unread = Reads()  # a right that weighs the matter is worked out, and read, per question
    placed: list[Placed | None] = []
    buckets: dict[str, list[SeatRight]] = {VOTER: [], NON_VOTER: [], OPEN: []}
    for seat in body.seats:
        right = seat_right(trust, rule, rule_ref, exceptions.get(seat.id), seat, Matter(), unread)
        placed.append(None if right.on_matter else right)
        buckets[right.bucket].append(right.right)
    fixed = None
    if all(p is not None for p in placed):
        fixed = Rights(
            rule, proc, tuple(buckets[VOTER]), tuple(buckets[NON_VOTER]), tuple(buckets[OPEN])
        )
    return _SeatTable(rule, proc, trust.document.title, rule_ref, tuple(placed), fixed)


def seat_right(
    trust: Trust,
    rule: Voting,
    rule_ref: SourceRef | None,
    exc: VoteException | None,
    seat: Seat,
    matter: Matter,
    reads: Reads,
) -> Placed:
    """``seat``'s right under the settled ``rule`` and its exception ``exc`` (if any), on
    ``matter``; ``reads`` records the partner a condition asks about. ``on_matter`` says
    whether the matter was weighed."""
    if exc is not None and exc.matters and (rule.voters == "all-seats" or seat.id in rule.voters):
        kinds = code_list(exc.matters)
        if matter.kind is None and exc.votes is _general_right(trust, rule, seat, matter):
            exc = None  # the same right whatever the kind: the general rule settles it
        elif matter.kind is None:
            return Placed(
                OPEN,
                SeatRight(
                    seat.id,
                    f"{seat_right_words(exc.votes).verb} on a matter of kind {kinds}; "
                    f"{asker()} does not say what kind of matter it is (give {how('--matter')})",
                    cite(trust, exc.source) if exc.source else rule_ref,
                ),
                by_question=True,
                needs=("--matter",),
                on_matter=True,
            )
        elif matter.kind not in exc.matters:
            exc = None  # an exception for other kinds of matter: the general rule applies
        placed = _general_placed(trust, rule, rule_ref, exc, seat, matter, reads)
        return placed._replace(on_matter=True)
    return _general_placed(trust, rule, rule_ref, exc, seat, matter, reads)


def _general_placed(
    trust: Trust,
    rule: Voting,
    rule_ref: SourceRef | None,
    exc: VoteException | None,
    seat: Seat,
    matter: Matter,
    reads: Reads,
) -> Placed:
    """:func:`seat_right` once an exception for some kinds of matter is weighed."""
    if rule.voters != "all-seats" and seat.id not in rule.voters:
        return Placed(
            NON_VOTER, SeatRight(seat.id, "not among the seats the rule gives a vote", rule_ref)
        )
    if rule.voter_classes and not set(seat.classes) & set(rule.voter_classes):
        classes = code_list(rule.voter_classes)
        return Placed(
            NON_VOTER,
            SeatRight(seat.id, f"not of a class the rule gives a vote ({classes})", rule_ref),
        )
    if exc is not None and exc.votes is False:
        reason = exc.note or "has no vote (an exception to the general voting rule)"
        exc_ref = cite(trust, exc.source) if exc.source else rule_ref
        return Placed(NON_VOTER, SeatRight(seat.id, reason, exc_ref))
    if exc is not None and exc.votes == "unspecified":
        # A file's `votes: unspecified` is read as two readings at load (schema.py), and a
        # reading may not hold it (the loader refuses it); a trust built in code without the
        # loader's checks can still put the word here, and it leaves the seat open.
        reason = exc.note or "the MoU does not settle whether this seat votes"
        exc_ref = cite(trust, exc.source) if exc.source else rule_ref
        return Placed(OPEN, SeatRight(seat.id, reason, exc_ref))
    if rule.condition is not None and (exc is None or exc.votes is not True):
        placed = _conditional_right(trust, rule, rule_ref, seat, matter, reads)
        return placed._replace(on_matter=True)
    reason = "one vote" if exc is None else (exc.note or "has a vote under an exception")
    ref = cite(trust, exc.source) if exc is not None and exc.source else rule_ref
    return Placed(VOTER, SeatRight(seat.id, reason, ref))


def _conditional_right(
    trust: Trust,
    rule: Voting,
    rule_ref: SourceRef | None,
    seat: Seat,
    matter: Matter,
    reads: Reads,
) -> Placed:
    """``seat``'s right under the rule's condition on ``matter``."""
    assert rule.condition is not None
    partner = trust.partner(seat.partner) if seat.partner else None
    if partner is not None:
        reads.read(f"partners.{partner.id}")
    words = describe(rule.condition)
    src = rule_ref
    result = holds(rule.condition, seat, partner, matter)
    named = seat.id in (matter.affects or ()) or seat.id in (matter.implementers or ())
    if result is None:
        missing_kind = matter.kind is None and on_the_kind(rule.condition)
        lists = matter_options(rule.condition, matter)
        missing_who = bool(lists)
        what = f"{asker()} does not describe the matter"
        needs: tuple[str, ...] = ()
        if missing_who:
            name = {
                ("--affects", "--implementer"): "the partners it affects or who implement it",
                ("--affects",): "the partners it affects",
                ("--implementer",): "who implements it",
            }[lists]
            what = f"the matter is not described: name {name} ({nobody()} for nobody)"
            needs += lists
        if missing_kind:
            what = f"{asker()} does not say what kind of matter it is (give {how('--matter')})"
            needs += ("--matter",)
        if not (missing_who or missing_kind):
            # Nothing the question could add settles it: the file leaves it open.
            what = f"the MoU does not say whether `{seat.partner}` is a statutory partner"
            if partner is not None and partner.source is not None:
                src = cite(trust, partner.source)
            return Placed(
                OPEN, SeatRight(seat.id, f"votes only if {words}; {what}", src), needs=needs
            )
        return Placed(
            OPEN,
            SeatRight(seat.id, f"votes only if {words}; {what}", src),
            by_question=True,
            needs=needs,
        )
    # Naming partners cannot settle a seat with none; naming the seat itself could,
    # unless the condition fails for it whatever the matter (e.g. a statutory
    # partner's seat only).
    as_named = Matter(affects=frozenset({seat.id}), implementers=frozenset({seat.id}))
    fails_anyway = result is False and (holds(rule.condition, seat, partner, as_named) is False)
    if seat.partner is None and not named and on_the_matter(rule.condition) and not fails_anyway:
        return Placed(
            OPEN,
            SeatRight(
                seat.id,
                f"votes only if {words}, and the seat has no partner recorded, so naming "
                "partners cannot settle it (name the seat itself)",
                src,
            ),
        )
    if result:
        why = why_holds(rule.condition, seat, partner, matter)
        return Placed(VOTER, SeatRight(seat.id, f"votes: {why}", src))
    return Placed(NON_VOTER, SeatRight(seat.id, f"votes only if {words}", src))


def read_weights(trust: Trust, body: Body, seat_ids: Iterable[str] | None, reads: Reads) -> None:
    """Record what the weights of ``body``'s seats (those of ``seat_ids``; every seat where
    ``None``) read beyond the seats themselves: the weight of the partner of each seat that
    carries none of its own (:func:`member_weight`), where the text gives it readings.

    A gap without readings on a whole partner, or on every partner, records a duty or an
    accountability govrules cannot hold (Suffolk 5.1, Cumbria's partners with a duty to
    co-operate); it is not taken to touch the weight the partner's members carry, which the
    file states, so it neither leaves a count unsettled nor lines every vote's explanation.
    Any gap on the weight itself is read.
    """
    paths = _weight_paths(trust, body)
    if seat_ids is None:
        reads.read_all(p for p in paths.values() if p is not None)
        return
    for seat_id in seat_ids:
        path = paths.get(seat_id)
        if path is not None:
            reads.read(path)


_WEIGHT_PATHS = "_weight_paths"


def _weight_paths(trust: Trust, body: Body) -> dict[str, str | None]:
    """Each seat of ``body`` → the partner's weight path :func:`read_weights` reads for it
    (``None``: none). Worked out once per body and the trust's gaps (both immutable), and kept
    with the body, as its weights are: a vote asks it under each combination of readings
    (benchmarks/library.py, a vote)."""
    found: tuple[object, dict[str, str | None]] | None = body.__dict__.get(_WEIGHT_PATHS)
    if found is None or found[0] is not trust.gaps:
        found = (
            trust.gaps,
            {
                seat.id: f"partners.{seat.partner}.weight"
                if seat.weight is None and seat.partner and _weight_is_read(trust, seat.partner)
                else None
                for seat in body.seats
            },
        )
        body.__dict__[_WEIGHT_PATHS] = found
    return found[1]


_WEIGHT_READ = "_weight_read"


def _weight_is_read(trust: Trust, partner_id: str) -> bool:
    """Does a gap lie on or under the partner's weight, or one with readings above it? Worked
    out once per trust and partner (kept with the trust, as its index of gaps is)."""
    known: dict[str, bool] = trust.__dict__.setdefault(_WEIGHT_READ, {})
    found = known.get(partner_id)
    if found is None:
        path = f"partners.{partner_id}.weight"
        found = known[partner_id] = any(
            (gap := trust.gaps[i]).readings
            or (gap.subject is not None and under(gap.subject, path))
            for i in gaps_related(trust, path)
        )
    return found


def member_weight(trust: Trust, seat: Seat) -> int:
    """Votes each member of ``seat`` carries: the seat's ``weight``, else its partner's, else
    one."""
    partner = trust.partner(seat.partner) if seat.partner else None
    return seat.weight or (partner.weight if partner else None) or 1


# --- each seat's right to vote, whatever the matter (what diff compares) -------------------

VOTES = "votes"
NO_VOTE = "no vote"
CONDITIONAL = "votes on some matters"
UNSETTLED = "not settled"


class SeatVote(NamedTuple):
    """A seat's right to vote on the body's ordinary business, whatever the matter."""

    status: str
    reason: str
    source: SourceRef | None
    condition: str | None = None
    """The condition in words, for a seat that votes only on some matters."""


def seat_votes(trust: Trust, body: Body) -> dict[str, SeatVote]:
    """Each seat's right to vote, as the engine decides it (``seat_rights``).

    A condition on voting depends on the matter only through whether it affects the seat
    and whether the seat implements it, so the four matters below cover every case: a
    seat that votes under some and not others votes on some matters only.
    """
    everyone = frozenset(s.id for s in body.seats)
    nobody = frozenset({"\x00 no seat"})  # a matter named, yet affecting no seat
    matters = (  # both lists named in each: a list left out is not known
        Matter(affects=nobody, implementers=nobody),
        Matter(affects=everyone, implementers=nobody),
        Matter(affects=nobody, implementers=everyone),
        Matter(affects=everyone, implementers=everyone),
    )
    # And each kind of matter the trust declares, with any other (``none``).
    kinds = [NO_KIND, *(m.id for m in trust.matters)] if trust.matters else [None]
    each = [
        _sorted_seats(seat_rights(trust, body, None, m._replace(kind=kind)))
        for m in matters
        for kind in kinds
    ]
    condition = body.voting.condition if body.voting is not None else None
    out: dict[str, SeatVote] = {}
    for seat in body.seats:
        status, right = each[0][seat.id]
        found = {sorted_seats[seat.id][0] for sorted_seats in each}
        exception = f"{body.id}.voting.exceptions.{seat.id}"
        read = [
            g
            for g in gaps_with_readings(trust, exception)
            if under(g.subject or "", exception) and _readings_differ(trust, g)
        ]
        if read:
            # The encoded right is one reading of the text: the seat's vote is not settled.
            words = "; ".join(readings_words(trust, g) for g in read)
            out[seat.id] = SeatVote(UNSETTLED, words, cite(trust, read[0].source))
            continue
        if UNSETTLED in found or len(found) == 1:
            out[seat.id] = SeatVote(UNSETTLED if UNSETTLED in found else status, *right)
        else:
            # Only a condition, or an exception for some kinds, makes the matter count.
            parts = [describe(condition)] if condition is not None else []
            by_kind = kind_exception_words(body.voting, seat.id)
            parts += [by_kind] if by_kind else []
            words = " and ".join(parts)
            # Cite the rule that makes the difference: the sorting where the seat differs.
            src = next((ss[seat.id][1][1] for ss in each if ss[seat.id][0] != status), right[1])
            out[seat.id] = SeatVote(CONDITIONAL, f"votes only if {words}", src, words)
    return out


def _readings_differ(trust: Trust, gap: Gap) -> bool:
    """Whether some reading of the gap gives its subject another value than the encoded one
    (readings that all agree with it leave the rule settled)."""
    encoded = resolve(trust, gap.subject or "")
    encoded = encoded.model_dump(by_alias=True) if isinstance(encoded, BaseModel) else encoded
    return any(r.value != encoded for r in gap.readings)


def _sorted_seats(rights: Rights) -> dict[str, tuple[str, tuple[str, SourceRef | None]]]:
    """seat id -> (status, (reason, source)) for one sorting of a body's seats."""
    out: dict[str, tuple[str, tuple[str, SourceRef | None]]] = {}
    for status, group in (
        (VOTES, rights.voters),
        (NO_VOTE, rights.non_voters),
        (UNSETTLED, rights.undetermined),
    ):
        out.update({r.seat: (status, (r.reason, r.source)) for r in group})
    return out


def who_votes_summary(votes: dict[str, SeatVote]) -> str:
    """Seats grouped by their right to vote, for a rule whose every seat changed at once."""
    statuses = (VOTES, NO_VOTE, CONDITIONAL, UNSETTLED)
    groups = [(st, [f"`{s}`" for s, sv in votes.items() if sv.status == st]) for st in statuses]
    return "; ".join(f"{st}: {', '.join(seats)}" for st, seats in groups if seats)


# --- what diff compares: membership, seats and who votes -----------------------------------


def _membership_changes(old: Side, new: Side) -> Iterator[Altered]:
    # No `membership` entry means the seats listed are the membership: a stated list.
    was, now = old.body.membership, new.body.membership
    before_ok = was is None or was.settled
    after_ok = now is None or now.settled
    if before_ok == after_ok:
        return
    before = "the seats listed" if before_ok else unsettled_words(was)
    after = "the seats listed" if after_ok else unsettled_words(now)
    text = f"Membership of the {new.body.name}: from {before} to {after}."
    if now:
        yield Altered("membership-changed", text, before, after, now.source)
    else:
        rule = was
        yield Altered(
            "membership-changed", text, before, after, rule.source if rule else None, True
        )


def places(seat: Seat) -> str:
    """A seat's places in words: "up to 2 places (the number not stated)"."""
    up_to = "up to " if seat.up_to else ""
    stated = "" if seat.count_stated else " (the number not stated)"
    return f"{up_to}{seat.count} place{'s' if seat.count != 1 else ''}{stated}"


def _why(reason: str) -> str:
    """A seat right's reason after a statement: a phrase follows a colon, a sentence stands
    alone (reasons are the engine's phrases or the trust file's own notes)."""
    reason = reason.strip().rstrip(".")
    return f": {reason}." if reason[:1].islower() else f". {reason}."


def _seat_vote_words(vote: SeatVote, rule_settled: bool) -> str:
    """How a new seat's right to vote reads, after "joins the body with N places; "."""
    if vote.status == UNSETTLED and not rule_settled:
        # The body has no settled voting rule: that is the reason, not anything about the seat.
        return "whether it votes is not settled (the body has no settled voting rule)."
    return {
        VOTES: "it votes.",
        NO_VOTE: f"it does not vote{_why(vote.reason)}",
        CONDITIONAL: f"it votes only if {vote.condition}.",
        UNSETTLED: f"whether it votes is not settled{_why(vote.reason)}",
    }[vote.status]


def _seats_and_votes(old: Side, new: Side) -> Iterator[Altered]:
    """Seats joining, leaving or changed, then seats whose right to vote changed."""
    old_votes, new_votes = seat_votes(old.trust, old.body), seat_votes(new.trust, new.body)
    yield from _seat_changes(old, new, new_votes)
    yield from _vote_changes(old.body, new.body, old_votes, new_votes)


def _seat_changes(old: Side, new: Side, new_votes: dict[str, SeatVote]) -> Iterator[Altered]:
    body = new.body
    for before, after in pairs(old.body.seats, body.seats, lambda s: s.id):
        if before is None and after is not None:
            text = (
                f"`{after.id}` ({after.title}) joins the {body.name} with {places(after)}; "
                f"{_seat_vote_words(new_votes[after.id], settled(body.voting))}"
            )
            source = after.source or body.source
            yield Altered("seat-added", text, None, places(after), source, subject=after.id)
        elif after is None and before is not None:
            text = f"`{before.id}` ({before.title}, {places(before)}) leaves the {body.name}."
            source = before.source or old.body.source
            yield Altered(
                "seat-removed", text, places(before), None, source, True, subject=before.id
            )
        elif before is not None and after is not None:
            yield from _same_seat_changes(old.trust, new.trust, body, before, after)


def _same_seat_changes(
    old_trust: Trust, new_trust: Trust, body: Body, before: Seat, after: Seat
) -> Iterator[Altered]:
    source, seat = after.source or body.source, after.id
    # Whether the number is stated decides whether a body's size, and so a count quorum, is
    # known.
    if (before.count, before.up_to, before.count_stated) != (
        after.count,
        after.up_to,
        after.count_stated,
    ):
        old, new = places(before), places(after)
        text = f"`{after.id}` on the {body.name}: from {old} to {new}."
        yield Altered("seat-count-changed", text, old, new, source, subject=seat)
    if before.partner != after.partner:
        # The partner decides conditions on voting and quorum presences by partner.
        old_p, new_p = before.partner or "no partner", after.partner or "no partner"
        text = f"Partner of `{after.id}` on the {body.name}: from `{old_p}` to `{new_p}`."
        yield Altered("seat-partner-changed", text, old_p, new_p, source, subject=seat)
    if frozenset(before.classes) != frozenset(after.classes):
        # Presences, votes and offices that name a class turn on it.
        old_c, new_c = _classes_text(before.classes), _classes_text(after.classes)
        text = f"Classes of `{after.id}` on the {body.name}: from {old_c} to {new_c}."
        yield Altered("seat-classes-changed", text, old_c, new_c, source, subject=seat)
    old_w, new_w = member_weight(old_trust, before), member_weight(new_trust, after)
    if old_w != new_w:
        # Set on the seat or on its partner: either way each member now carries other votes.
        text = (
            f"Each member of `{after.id}` on the {body.name} carries {new_w} vote"
            f"{'s' if new_w != 1 else ''}, not {old_w}."
        )
        yield Altered("seat-weight-changed", text, str(old_w), str(new_w), source, subject=seat)


def _classes_text(classes: Iterable[str]) -> str:
    names = sorted(classes)
    return ", ".join(f"`{c}`" for c in names) if names else "none"


def _vote_changes(
    old: Body, new: Body, old_votes: dict[str, SeatVote], new_votes: dict[str, SeatVote]
) -> Iterator[Altered]:
    """Seats (in both versions) whose right to vote changed, whatever rule changed it.

    When the voting rule itself becomes settled or unsettled every seat changes with it;
    that is reported once, with the rule (the voting rule's aspect).
    """
    if settled(old.voting) != settled(new.voting):
        return
    for seat in new.seats:
        before, after = old_votes.get(seat.id), new_votes[seat.id]
        if before is None or before.status == after.status:
            continue
        yield _vote_change(new, seat.id, before, after)


def _vote_change(body: Body, seat_id: str, before: SeatVote, after: SeatVote) -> Altered:
    where = f"the {body.name}"
    had = {
        VOTES: "it voted on every matter",
        NO_VOTE: "it had no vote",
        CONDITIONAL: f"it voted only if {before.condition}",
        UNSETTLED: "its vote was not settled",
    }[before.status]
    if after.status == UNSETTLED:
        kind = "vote-now-unsettled"
        text = f"Whether `{seat_id}` votes on {where} is no longer settled ({had})"
        text += _why(after.reason)
    elif before.status == UNSETTLED:
        kind = "vote-now-settled"
        now = {
            VOTES: "it votes",
            NO_VOTE: "it does not vote",
            CONDITIONAL: f"it votes only if {after.condition}",
        }[after.status]
        text = f"Whether `{seat_id}` votes on {where} is now settled: {now}."
    elif after.status == VOTES:
        kind = "vote-gained"
        text = f"`{seat_id}` gains a vote on {where} ({had})."
    elif after.status == CONDITIONAL:
        kind = "vote-now-conditional"
        text = f"`{seat_id}` now votes on {where} only if {after.condition} ({had})."
    else:
        kind = "vote-lost"
        text = f"`{seat_id}` loses its vote on {where}{_why(after.reason)}"
    return Altered(
        kind, text, before.status, after.status, None, subject=seat_id, cited=after.source
    )


# --- what validate checks -------------------------------------------------------------------


def _weights(trust: Trust) -> Iterator[Problem]:
    """GR205: a vote weight that counts nowhere."""
    seated = {s.partner for body in trust.bodies for s in body.seats}
    for p, partner in enumerate(trust.partners):
        if partner.weight is not None and partner.id not in seated:
            yield Problem(
                ("partners", p, "weight"),
                "GR205",
                "warning",
                f"partner `{partner.id}` carries a weight but has no seat, so it counts nowhere",
            )
    for b, body in enumerate(trust.bodies):
        weighted = [(i, s) for i, s in enumerate(body.seats) if s.weight is not None]
        if not weighted:
            continue
        if body.voting is None or not body.voting.settled:
            yield Problem(
                ("bodies", b, "seats", weighted[0][0], "weight"),
                "GR205",
                "warning",
                f"`{body.id}` weighs its seats' votes but states no voting rule to count them",
            )
            continue
        rights = seat_rights(trust, body, None)
        never = {r.seat for r in rights.non_voters} if body.voting.condition is None else set()
        for i, seat in weighted:
            if seat.id in never:
                yield Problem(
                    ("bodies", b, "seats", i, "weight"),
                    "GR205",
                    "warning",
                    f"seat `{seat.id}` carries a weight but does not vote, so it counts nowhere",
                )


KIND = RuleKind(
    name="seats and the right to vote",
    models=(Seat, VoteException),
    aspects=(
        Aspect(_membership_changes, reads=("Body.membership",)),
        Aspect(
            _seats_and_votes,
            reads=(
                "Body.seats",
                "Seat.id",
                "Seat.title",
                "Seat.count",
                "Seat.up_to",
                "Seat.count_stated",
                "Seat.partner",
                "Seat.classes",
                "Seat.weight",
                "Partner.weight",
                "Voting.voters",
                "Voting.voter_classes",
                "Voting.exceptions",
                "VoteException.seat",
                "VoteException.votes",
                "VoteException.matters",
            ),
        ),
    ),
    checks=(Check(_weights, codes=("GR205",), reads=("Seat.weight", "Partner.weight")),),
    not_compared={
        "Seat.source": "a citation",
        "Seat.note": "commentary",
        "VoteException.source": "a citation",
        "VoteException.note": "commentary",
    },
    not_linted={
        "Body.membership": "any status is a rule the engine can follow",
        "Body.seats": "references and ids, checked by the loader",
        "Seat.id": "an id, checked by the loader",
        "Seat.title": "words, read by people (placeholders: GR303)",
        "Seat.count": "the schema bounds it",
        "Seat.up_to": "a flag, right either way",
        "Seat.count_stated": "a flag, right either way",
        "Seat.partner": "a reference, checked by the loader",
        "Seat.classes": "references, checked by the loader",
        "Seat.source": "a citation, checked with every other citation",
        "Seat.note": "commentary",
        "VoteException.seat": "a reference, checked by the loader",
        "VoteException.votes": "any value is a right the engine can follow",
        "VoteException.matters": "references, checked by the loader",
        "VoteException.source": "a citation, checked with every other citation",
        "VoteException.note": "commentary",
    },
)
"""Seats and who votes: what ``diff`` compares and what ``validate`` checks."""
