"""Who may vote: the body's rule, a procedure's rule, exceptions and conditions."""

from __future__ import annotations

from dataclasses import dataclass

from ..language.paths import procedure_vote_path
from ..language.phrasebook import STATUS, code_list, seat_right
from ..language.schema import Body, Procedure, Seat, Trust, Voting
from ..language.scope import bodies_using, used_in
from ..reading.errors import QueryError
from .answers import SeatRight, cite
from .conditions import Matter, describe, holds, on_the_kind, on_the_matter
from .conditions import reason as why_holds
from .matters import read_kind
from .readings import Reads

__all__ = ["Rights", "applicable_voting", "seat_rights"]


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

    def votes(self, seat: str) -> bool | None:
        """Whether ``seat`` votes: ``None`` where it is undetermined."""
        if seat in {r.seat for r in self.voters}:
            return True
        if seat in {r.seat for r in self.non_voters}:
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
    trust: Trust, body: Body, procedure_id: str | None
) -> tuple[Voting | None, Procedure | None]:
    """The voting rule in force: a procedure's voting step, or the body's own rule."""
    if procedure_id is None:
        return body.voting, None
    proc = find_procedure(trust, procedure_id)
    if not used_in(proc, body.id):
        raise QueryError(
            f"procedure `{proc.id}` does not apply to `{body.id}` "
            f"(it applies to: {', '.join(bodies_using(trust, proc))})"
        )
    for step in proc.steps:
        if step.vote is not None:
            return step.vote, proc
    return None, proc


def _general_right(trust: Trust, rule: Voting, seat: Seat, matter: Matter) -> bool | None:
    """Whether the general rule gives ``seat`` a vote on ``matter`` (``None``: it depends)."""
    if rule.condition is None:
        return True
    partner = trust.partner(seat.partner) if seat.partner else None
    return holds(rule.condition, seat, partner, matter)


def seat_rights(
    trust: Trust,
    body: Body,
    procedure_id: str | None,
    matter: Matter | None = None,
    *,
    reads: Reads | None = None,
) -> Rights:
    """Sort every seat of ``body`` into voters, non-voters and those the MoU leaves open.

    ``reads`` records the rule paths consulted: the seats, the voting rule in force (the
    body's, or the procedure's voting step) and the partners a condition asks about.
    """
    matter = matter or Matter()
    reads = reads if reads is not None else Reads()
    rule, proc = applicable_voting(trust, body, procedure_id)
    reads.read(f"{body.id}.seats")
    read_kind(matter.kind, reads)
    if proc is None:
        reads.read(f"{body.id}.voting")
    else:
        reads.read(procedure_vote_path(proc) or proc.id)
    voters: list[SeatRight] = []
    non_voters: list[SeatRight] = []
    undetermined: list[SeatRight] = []
    by_question: list[str] = []
    needs: list[str] = []
    if rule is None or not rule.settled:
        if rule is None and proc is not None:
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
        return Rights(rule, proc, (), (), tuple(undetermined))

    exceptions = {e.seat: e for e in rule.exceptions}
    # The rule's citation, made once for every seat it covers (a citation is immutable): a
    # 100,000-seat board cites it 100,000 times (benchmarks/scaling.py).
    rule_ref = cite(trust, rule.source)
    for seat in body.seats:
        exc = exceptions.get(seat.id)
        if (
            exc is not None
            and exc.matters
            and (rule.voters == "all-seats" or seat.id in rule.voters)
        ):
            kinds = code_list(exc.matters)
            if matter.kind is None and exc.votes is _general_right(trust, rule, seat, matter):
                exc = None  # the same right whatever the kind: the general rule settles it
            elif matter.kind is None:
                undetermined.append(
                    SeatRight(
                        seat.id,
                        f"{seat_right(exc.votes).verb} on a matter of kind {kinds}; the question "
                        "does not say what kind of matter it is (give --matter)",
                        cite(trust, exc.source) if exc.source else rule_ref,
                    )
                )
                by_question.append(seat.id)
                needs.append("--matter")
                continue
            elif matter.kind not in exc.matters:
                exc = None  # an exception for other kinds of matter: the general rule applies
        if rule.voters != "all-seats" and seat.id not in rule.voters:
            non_voters.append(
                SeatRight(seat.id, "not among the seats the rule gives a vote", rule_ref)
            )
            continue
        if rule.voter_classes and not set(seat.classes) & set(rule.voter_classes):
            classes = code_list(rule.voter_classes)
            non_voters.append(
                SeatRight(
                    seat.id,
                    f"not of a class the rule gives a vote ({classes})",
                    rule_ref,
                )
            )
            continue
        if exc is not None and exc.votes is False:
            reason = exc.note or "has no vote (an exception to the general voting rule)"
            exc_ref = cite(trust, exc.source) if exc.source else rule_ref
            non_voters.append(SeatRight(seat.id, reason, exc_ref))
            continue
        if exc is not None and exc.votes == "unspecified":
            # A file's `votes: unspecified` is read as two readings at load (schema.py); only
            # a reading's own value can put the word here, and it leaves the seat open.
            reason = exc.note or "the MoU does not settle whether this seat votes"
            exc_ref = cite(trust, exc.source) if exc.source else rule_ref
            undetermined.append(SeatRight(seat.id, reason, exc_ref))
            continue
        if rule.condition is not None and (exc is None or exc.votes is not True):
            partner = trust.partner(seat.partner) if seat.partner else None
            if partner is not None:
                reads.read(f"partners.{partner.id}")
            words = describe(rule.condition)
            src = rule_ref
            result = holds(rule.condition, seat, partner, matter)
            named = seat.id in (matter.affects or ()) or seat.id in (matter.implementers or ())
            if result is None:
                missing_kind = matter.kind is None and on_the_kind(rule.condition)
                missing_who = not matter.given and on_the_matter(rule.condition)
                what = "the question does not describe the matter"
                if missing_who:
                    what = (
                        "the matter is not described: name the partners it affects or who "
                        "implement it (`none` for nobody)"
                    )
                    needs.extend(("--affects", "--implementer"))
                if missing_kind:
                    what = "the question does not say what kind of matter it is (give --matter)"
                    needs.append("--matter")
                if not (missing_who or missing_kind):
                    # Nothing the question could add settles it: the file leaves it open.
                    what = f"the MoU does not say whether `{seat.partner}` is a statutory partner"
                    if partner is not None and partner.source is not None:
                        src = cite(trust, partner.source)
                    undetermined.append(SeatRight(seat.id, f"votes only if {words}; {what}", src))
                    continue
                undetermined.append(SeatRight(seat.id, f"votes only if {words}; {what}", src))
                by_question.append(seat.id)
                continue
            # Naming partners cannot settle a seat with none; naming the seat itself could,
            # unless the condition fails for it whatever the matter (e.g. a statutory
            # partner's seat only).
            as_named = Matter(affects=frozenset({seat.id}), implementers=frozenset({seat.id}))
            fails_anyway = result is False and (
                holds(rule.condition, seat, partner, as_named) is False
            )
            if (
                seat.partner is None
                and not named
                and on_the_matter(rule.condition)
                and not fails_anyway
            ):
                undetermined.append(
                    SeatRight(
                        seat.id,
                        f"votes only if {words}, and the seat has no partner recorded, so naming "
                        "partners cannot settle it (name the seat itself)",
                        src,
                    )
                )
                continue
            if result:
                why = why_holds(rule.condition, seat, partner, matter)
                voters.append(SeatRight(seat.id, f"votes: {why}", src))
            else:
                non_voters.append(SeatRight(seat.id, f"votes only if {words}", src))
            continue
        reason = "one vote" if exc is None else (exc.note or "has a vote under an exception")
        ref = cite(trust, exc.source) if exc is not None and exc.source else rule_ref
        voters.append(SeatRight(seat.id, reason, ref))
    return Rights(
        rule,
        proc,
        tuple(voters),
        tuple(non_voters),
        tuple(undetermined),
        tuple(by_question),
        tuple(dict.fromkeys(needs)),
    )
