"""The rules of a trust in plain words, each with its clause (``govrules show``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..evaluating.answers import AnswerBase, Reason, SourceRef, cite
from ..evaluating.concurrence import voting_rule_words
from ..evaluating.conditions import Matter, holds, on_the_matter
from ..evaluating.conditions import describe as describe_condition
from ..evaluating.matters import kind_exception_words, varied_quorum, voting_variations
from ..evaluating.quorate import find_body, required_attendance
from ..evaluating.readings import gaps_with_readings, reading_list, readings_words
from ..evaluating.rights import seat_rights
from ..evaluating.timing import describe as describe_timing
from ..evaluating.voting import describe_variation, seat_weights
from ..language.paths import under
from ..language.phrasebook import (
    CASTING_VOTE,
    INQUORATE_EFFECT,
    LINK,
    STATUS,
    SUBSTITUTE,
    among_words,
    code_list,
    describe_quorum,
    describe_threshold,
    holidays_words,
    presence_words,
    seat_right,
)
from ..language.schema import (
    Among,
    Body,
    Condition,
    Office,
    Procedure,
    Quorum,
    Seat,
    Substitutes,
    Trust,
)
from ..language.scope import used_in

__all__ = ["ShowAnswer", "show"]


class ShowAnswer(AnswerBase):
    """What ``show`` returns: the trust's bodies and procedures as plain-word statements,
    each rule also in structured form (``quorum_rule``, ``voting_rule``, ..., a procedure's
    ``rule``): the rule exactly as the trust-file format writes it (docs/schema.md)."""

    trust: str
    question = "show"
    answer = "shown"
    explanation = ()

    def __init__(
        self,
        trust: Trust,
        bodies: list[dict[str, Any]],
        procedures: list[dict[str, Any]],
        gaps: list[dict[str, Any]],
    ) -> None:
        self.trust = trust.id
        self.name = trust.name
        self.document = trust.document.title
        self.document_date = trust.document.date
        self.document_status = trust.document.status
        self.bodies = bodies
        self.procedures = procedures
        self.gaps = gaps
        self.matters = [
            {"id": m.id, "name": m.name, "source": _ref(cite(trust, m.source))}
            for m in trust.matters
        ]
        self.calendar = (
            _stmt(
                f"Working days skip the {holidays_words(trust.calendar.region)}.",
                cite(trust, trust.calendar.source),
            )
            if trust.calendar is not None
            else None
        )

    @property
    def body(self) -> str | None:
        """The body shown, where there is one."""
        return self.bodies[0]["id"] if len(self.bodies) == 1 else None

    def _extra(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "document": {
                "title": self.document,
                "date": self.document_date,
                "status": self.document_status,
            },
            "bodies": self.bodies,
            "calendar": self.calendar,
            "procedures": self.procedures,
            "gaps": self.gaps,
            "matters": self.matters,
        }


def _ref(source: SourceRef | None) -> dict[str, Any] | None:
    return source.to_dict() if source is not None else None


def _stmt(text: str, source: SourceRef | None) -> dict[str, Any]:
    return Reason(text, source).to_dict()


def _with_readings(trust: Trust, stmt: dict[str, Any], path: str) -> dict[str, Any]:
    """A statement of the rule at ``path``, with the readings the text admits for it: the
    encoded rule is one reading, not the MoU's settled word."""
    gaps = gaps_with_readings(trust, path)
    if not gaps:
        return stmt
    words = " ".join(readings_words(trust, g) + "." for g in gaps)
    return {
        **stmt,
        "text": f"{stmt['text']} {words}",
        "readings": [{"subject": g.subject, "readings": reading_list(trust, g)} for g in gaps],
    }


def _rule(model: BaseModel | None) -> dict[str, Any] | None:
    """A rule in structured form: the model's own fields, named as the trust file names them
    (so docs/schema.md documents them), with unset fields left out. Its ``source`` is the
    trust file's own (a clause of the trust's document unless it names another)."""
    return (
        None if model is None else model.model_dump(mode="json", by_alias=True, exclude_none=True)
    )


def _office(trust: Trust, body: Body, office: Office | None, name: str) -> dict[str, Any]:
    if office is None:
        return _stmt(f"The MoU does not say who is {name}.", cite(trust, body.source))
    if not office.settled:
        text = f"{STATUS[office.status].lead} who is {name}"
        return _stmt(
            text + (f": {office.note}" if office.note else "."), cite(trust, office.source)
        )
    if office.seat is not None:
        seat = body.seat(office.seat)
        text = f"The {name} is the holder of the seat `{office.seat}`"
        text += f" ({seat.title})." if seat else "."
    elif office.selection is None:
        text = f"The {name} is {_among_text(trust, office.from_among)}; the MoU does not say "
        text += "who chooses."
    else:
        text = f"The {name} is {office.selection}"
        text += f" by {office.by}" if office.by else ""
        if isinstance(office.from_among, str):
            text += f" from among {office.from_among}"
        text += f", for a term that is {office.term}." if office.term else "."
        if isinstance(office.from_among, Among):
            text += f" The holder must be {among_words(trust, office.from_among)}."
    if office.not_from_among is not None:
        text += f" It may not be {among_words(trust, office.not_from_among)}."
    for inel in office.ineligible:
        text += f" The seat `{inel.seat}` may not hold it."
    if office.voting_members_only:
        text += " Only a voting member may hold it."
    for conflict in office.conflicting:
        text += f" Conflicting statement in {conflict.source.clause}: {conflict.note}"
    if office.note:
        text += f" {office.note}"
    return _stmt(text, cite(trust, office.source))


def _among_text(trust: Trust, among: Among | str | None) -> str:
    """Who an office is filled from, in words: structured, or the document's own."""
    if isinstance(among, Among):
        return among_words(trust, among)
    return f"one of {among}" if among else "not stated"


def _body(trust: Trust, body: Body) -> dict[str, Any]:
    rights = seat_rights(trust, body, None)
    voting_of = {r.seat: True for r in rights.voters}
    voting_of.update({r.seat: False for r in rights.non_voters})
    weight = seat_weights(trust, body)
    seats = []
    for seat in body.seats:
        votes, votes_if = voting_of.get(seat.id), None
        residual = _seat_condition(trust, body, seat) if votes is None else None
        if isinstance(residual, bool):
            votes = residual
        elif residual is not None:
            votes_if = describe_condition(residual)
        by_kind = kind_exception_words(body.voting, seat.id)
        if votes is None and by_kind is not None:
            votes_if = by_kind
        # Readings of the seat's right to vote or of its places: the encoded value is one.
        exception = f"{body.id}.voting.exceptions.{seat.id}"
        vote_readings = [
            g for g in gaps_with_readings(trust, exception) if under(g.subject or "", exception)
        ]
        count_readings = [
            g
            for g in gaps_with_readings(trust, f"{body.id}.seats.{seat.id}")
            if g.subject != f"{body.id}.seats"
        ]
        if vote_readings:
            votes = None
        seats.append(
            {
                "readings": [g.subject for g in (*vote_readings, *count_readings)],
                "readings_text": "; ".join(
                    readings_words(trust, g) for g in (*vote_readings, *count_readings)
                )
                or None,
                "id": seat.id,
                "title": seat.title,
                "count": seat.count,
                "up_to": seat.up_to,
                "count_stated": seat.count_stated,
                "partner": seat.partner,
                "voting": votes,
                "votes_if": votes_if,
                "weight": weight[seat.id],
                "classes": list(seat.classes),
            }
        )
    quorum: dict[str, Any]
    rule = body.quorum
    if rule is None:
        quorum = _stmt("The MoU states no quorum.", cite(trust, body.source))
    elif not rule.settled:
        quorum = _stmt(
            f"{STATUS[rule.status].lead} a quorum" + (f": {rule.note}" if rule.note else "."),
            cite(trust, rule.source),
        )
    else:
        text = describe_quorum(rule) + _must_include(trust, rule)
        if rule.of == "seats" and body.seats and body.membership_known:
            text += (
                f" With {body.members_total} seats that is "
                f"{required_attendance(rule, body.members_total)} present."
            )
        effect = INQUORATE_EFFECT[rule.inquorate_decisions].value
        text += f" Decisions of an inquorate meeting are {effect}."
        quorum = _stmt(text, cite(trust, rule.source))
        quorum["by_matter"] = [
            _stmt(
                f"On a matter of kind {code_list(v.matters)}: "
                + describe_quorum(varied_quorum(rule, v)),
                cite(trust, v.source or rule.source),
            )
            for v in rule.by_matter
        ]
        quorum["required"] = (
            required_attendance(rule, body.members_total)
            if rule.of == "seats" and body.membership_known
            else None
        )
    quorum = _with_readings(trust, quorum, f"{body.id}.quorum")
    vote = body.voting
    voting: dict[str, Any]
    if vote is None:
        voting = _stmt("The MoU states no voting rule.", cite(trust, body.source))
    elif not vote.settled:
        voting = _stmt(
            f"{STATUS[vote.status].lead} how decisions are voted"
            + (f": {vote.note}" if vote.note else "."),
            cite(trust, vote.source),
        )
    else:
        text = "Decisions are sought by consensus first. " if vote.consensus_first else ""
        text += f"A resolution needs {describe_threshold(vote)}"
        text += f", by {vote.method}." if vote.method else "."
        if vote.condition is not None:
            text += f" A seat votes only if {describe_condition(vote.condition)}."
        text += voting_rule_words(trust, vote)
        text += " " + CASTING_VOTE[vote.casting_vote].sentence
        voting = _stmt(text, cite(trust, vote.source))
        voting["exceptions"] = [
            _stmt(
                f"`{e.seat}`: {seat_right(e.votes).verb}"
                + (f" on a matter of kind {code_list(e.matters)}" if e.matters else "")
                + (f" ({e.note})" if e.note else ""),
                cite(trust, e.source),
            )
            for e in vote.exceptions
        ]
        voting["by_matter"] = [
            _stmt(
                f"On a matter of kind {code_list(v.matters)}: {describe_variation(vote, v)}.",
                cite(trust, v.source or vote.source),
            )
            for v in voting_variations(vote)
        ]
    voting = _with_readings(trust, voting, f"{body.id}.voting")
    lines = []
    for field, words in LINK.items():
        for link in getattr(body, field):
            lines.append(
                _stmt(
                    f"{words.verb} `{link.to}`" + (f" ({link.note})" if link.note else ""),
                    cite(trust, link.source),
                )
            )
    meets = None
    if body.meets is not None:
        if body.meets.settled:
            meets = _stmt(f"Meets {body.meets.frequency}.", cite(trust, body.meets.source))
        else:
            meets = _stmt(
                f"{STATUS[body.meets.status].lead} how often it meets.",
                cite(trust, body.meets.source),
            )
    subs = None
    if body.substitutes is not None:
        s = body.substitutes
        text = (SUBSTITUTE["allowed"][s.allowed].sentence or "").format(kind=s.kind)
        text += _said(SUBSTITUTE["votes"][s.votes].sentence)
        text += _substitute_limits(s)
        if s.note:
            text += f" {s.note}"
        subs = _stmt(text, cite(trust, s.source))
    return {
        "id": body.id,
        "name": body.name,
        "instances": body.instances,
        "seats": seats,
        "members_total": body.members_total if body.membership_known else None,
        "chair": _with_readings(
            trust, _office(trust, body, body.chair, "chair"), f"{body.id}.chair"
        ),
        "vice_chair": _with_readings(
            trust, _office(trust, body, body.vice_chair, "vice-chair"), f"{body.id}.vice_chair"
        )
        if body.vice_chair
        else None,
        "meets": meets,
        "links": lines,
        "substitutes": subs,
        "quorum": quorum,
        "voting": voting,
        "membership_note": body.membership.note if body.membership else None,
        "note": body.note,
        # The same rules in structured form, next to the prose (None where the MoU has none).
        "quorum_rule": _rule(body.quorum),
        "voting_rule": _rule(body.voting),
        "chair_rule": _rule(body.chair),
        "vice_chair_rule": _rule(body.vice_chair),
        "meets_rule": _rule(body.meets),
        "substitutes_rule": _rule(body.substitutes),
        "membership_rule": _rule(body.membership),
        "interests_rule": _rule(body.interests),
        "absences_rule": [_rule(a) for a in body.absences],
        "links_rule": {
            field: [_rule(link) for link in getattr(body, field)]
            for field in ("accountable_to", "reports_to", "delegates_to")
        },
    }


def _must_include(trust: Trust, rule: Quorum) -> str:
    """Who must be among those present, in words (" It must include the chair.")."""
    if not rule.must_include:
        return ""
    return (
        " It must include "
        + "; and ".join(presence_words(p, trust) for p in rule.must_include)
        + "."
    )


def _substitute_limits(s: Substitutes) -> str:
    """What the rule says about who may substitute and what they count for."""
    text = ""
    if s.named:
        text += f" Each member has one named {s.kind}."
    if s.only_for:
        text += f" Only these seats may send one: {code_list(s.only_for)}."
    text += _said(SUBSTITUTE["same_partner"][s.same_partner].sentence)
    text += _said(SUBSTITUTE["counts_for_quorum"][s.counts_for_quorum].sentence)
    return text


def _said(sentence: str | None) -> str:
    """A sentence following another (nothing where there is nothing to say)."""
    return f" {sentence}" if sentence else ""


def _seat_condition(trust: Trust, body: Body, seat: Seat) -> Condition | bool | None:
    """Where a seat's vote turns on the body's condition: what is left of the condition once
    everything but the matter is known (``True``/``False`` when the matter cannot change it),
    so a seat the condition exempts is not shown as unsettled with the seat it concerns."""
    rule = body.voting
    if rule is None or not rule.settled or rule.condition is None:
        return None
    if rule.voters != "all-seats" and seat.id not in rule.voters:
        return None
    if any(e.seat == seat.id for e in rule.exceptions):
        return None
    partner = trust.partner(seat.partner) if seat.partner else None
    return _residual(rule.condition, seat, partner)


def _residual(condition: Condition, seat: Seat, partner: Any) -> Condition | bool:
    if condition.any is not None or condition.all is not None:
        decisive = condition.any is not None  # one true part settles `any`; one false, `all`
        left = []
        for part in condition.any or condition.all or ():
            r = _residual(part, seat, partner)
            if r is decisive:
                return decisive
            if not isinstance(r, bool):
                left.append(r)
        if not left:
            return not decisive
        key = "any" if decisive else "all"
        return left[0] if len(left) == 1 else Condition.model_validate({key: tuple(left)})
    if condition.not_ is not None:
        r = _residual(condition.not_, seat, partner)
        return (not r) if isinstance(r, bool) else Condition.model_validate({"not": r})
    if on_the_matter(condition):
        return condition
    held = holds(condition, seat, partner, Matter())
    return condition if held is None else held  # None: it turns on a fact the file leaves open


def _procedure(trust: Trust, proc: Procedure) -> dict[str, Any]:
    steps = []
    for i, step in enumerate(proc.steps, 1):
        text = step.action
        when = describe_timing(trust, step)
        if when:
            text += f" ({when})"
        if step.vote is not None and step.vote.settled:
            text += f" A resolution needs {describe_threshold(step.vote)}."
            if step.vote.condition is not None:
                text += f" A partner votes only if {describe_condition(step.vote.condition)}."
            text += voting_rule_words(trust, step.vote)
        if step.confirmed_by is not None:
            text += f" It has effect only once confirmed at step {step.confirmed_by}."
        stmt = _with_readings(
            trust, _stmt(text, cite(trust, step.source)), f"{proc.id}.steps.{i - 1}"
        )
        steps.append({"step": i, **stmt})
    routes = []
    for route in proc.routes:
        verb = "may refer" if route.optional else "refers"
        text = f"`{route.from_}` {verb} an unresolved matter to `{route.to}`"
        when = describe_timing(trust, route)
        text += f" ({when})." if when else "."
        routes.append(_stmt(text, cite(trust, route.source)))
    arbiter = (
        f"The final arbiter is `{proc.final_arbiter}`."
        if proc.final_arbiter
        else "The MoU names no final arbiter."
    )
    return {
        "id": proc.id,
        "name": proc.name,
        "applies_to": list(proc.applies_to),
        "matters": list(proc.matters),
        "steps": steps,
        "routes": routes,
        "final_arbiter": _stmt(arbiter, cite(trust, proc.final_arbiter_source or proc.source)),
        # Readings of the routes or the arbiter (a step's own are with the step).
        "readings": [
            {
                "subject": g.subject,
                "readings": reading_list(trust, g),
                "text": readings_words(trust, g),
            }
            for g in gaps_with_readings(trust, proc.id)
            if not (g.subject or "").startswith(f"{proc.id}.steps.")
        ],
        "rule": _rule(proc),  # steps, routes, arbiter and scope in structured form
    }


def show(trust: Trust, body_id: str | None = None) -> ShowAnswer:
    """Describe the whole trust, or one body of it."""
    if body_id is not None:
        body = find_body(trust, body_id)
        bodies = [body]
        procs = [p for p in trust.procedures if used_in(trust, p, body.id)]
    else:
        bodies = list(trust.bodies)
        procs = list(trust.procedures)
    gaps = [
        {
            "kind": g.kind,
            "subject": g.subject,
            **_stmt(g.note, cite(trust, g.source)),
            **({"encoded": g.encoded, "readings": reading_list(trust, g)} if g.readings else {}),
        }
        for g in trust.gaps
        if body_id is None or (g.subject or "").split(".")[0] == body_id
    ]
    return ShowAnswer(
        trust, [_body(trust, b) for b in bodies], [_procedure(trust, p) for p in procs], gaps
    )
