"""What changes in practice between two versions of a MoU (``govrules diff``).

Two trusts are compared rule by rule, never as text. Bodies, seats, procedures and partners
are matched by id, gaps by kind and subject, steps by their wording and place. A rule is
compared by what it does: ``50%`` and ``1/2`` are the same quorum, a missing rule and one
marked ``unspecified`` leave the same question open, and notes, quotes, clause numbers,
titles and the order of entries are not rules at all. Effects are reported where a reader
feels them: a changed exception or voters list as the seats that gain or lose a vote, a
changed quorum as the attendance needed before and after.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from ..evaluating import timing
from ..evaluating.answers import Answer, Reason, SourceRef, cite
from ..evaluating.concurrence import concurrence_words
from ..evaluating.conditions import Matter
from ..evaluating.conditions import describe as describe_condition
from ..evaluating.finding import Finding
from ..evaluating.matters import NO_KIND, kind_exception_words, varied_quorum, voting_variations
from ..evaluating.quorate import required_attendance
from ..evaluating.readings import gaps_with_readings, readings_words
from ..evaluating.rights import Rights, seat_rights
from ..evaluating.voting import describe_variation, member_weight
from ..language.days import REGIONS
from ..language.paths import under
from ..language.phrasebook import (
    CASTING_VOTE,
    INQUORATE_EFFECT,
    LINK,
    QUORUM_OF,
    SEAT_RIGHT,
    STATUS,
    SUBSTITUTE,
    TIE,
    among_words,
    code_list,
    counted,
    describe_quorum,
    describe_threshold,
    holidays_words,
    presence_words,
    quorum_measure,
    seat_right,
)
from ..language.ratio import parse_ratio
from ..language.schema import (
    Among,
    Body,
    Concurrence,
    Gap,
    Meetings,
    Office,
    Presence,
    Procedure,
    Quorum,
    Route,
    Rule,
    Seat,
    Source,
    Status,
    Step,
    Substitutes,
    Timing,
    Trust,
    Voting,
)

__all__ = ["KINDS", "Change", "DiffAnswer", "diff", "render_diff_text"]

T = TypeVar("T")

KINDS = (
    "document-status-changed",
    "calendar-changed",
    "partner-added",
    "partner-removed",
    "partner-statutory-changed",
    "matters-changed",
    "partner-kind-changed",
    "body-added",
    "body-removed",
    "instances-changed",
    "membership-changed",
    "seat-added",
    "seat-removed",
    "seat-count-changed",
    "seat-partner-changed",
    "seat-weight-changed",
    "seat-classes-changed",
    "vote-gained",
    "vote-lost",
    "vote-now-conditional",
    "vote-now-unsettled",
    "vote-now-settled",
    "chair-changed",
    "vice-chair-changed",
    "meetings-changed",
    "substitutes-changed",
    "quorum-changed",
    "quorum-attendance-changed",
    "quorum-presence-added",
    "quorum-presence-removed",
    "inquorate-decisions-changed",
    "voting-rule-changed",
    "casting-vote-changed",
    "tie-rule-changed",
    "matter-rule-changed",
    "matter-quorum-changed",
    "line-added",
    "line-removed",
    "constraint-added",
    "constraint-removed",
    "procedure-added",
    "procedure-removed",
    "procedure-bodies-changed",
    "procedure-matters-changed",
    "step-added",
    "step-removed",
    "step-changed",
    "route-added",
    "route-removed",
    "conflict-changed",
    "route-changed",
    "final-arbiter-changed",
    "gap-added",
    "gap-resolved",
    "reading-added",
    "reading-removed",
)
"""Every ``Change.kind``, in the order changes are reported; the names are stable."""


# --- answers --------------------------------------------------------------------------------


Change = Finding
"""A change is a :class:`~govrules.evaluating.finding.Finding` (this name is kept for code
written against it): one difference in practice between two versions of a MoU.

``kind`` (its ``code``) is a stable kebab-case name (``quorum-changed``, ``vote-gained``,
...); ``body`` the body concerned, if any; ``subject`` the seat, procedure, partner, line
target or gap subject concerned; ``before``/``after`` short values; ``source`` the new
version's clause (the old version's for something removed)."""


def change(
    kind: str,
    body: str | None,
    subject: str | None,
    text: str,
    before: str | None = None,
    after: str | None = None,
    source: SourceRef | None = None,
) -> Change:
    """One difference in practice between two versions of a MoU (see :data:`Change`)."""
    return Finding(
        kind,
        "info",
        text,
        source=source,
        body=body,
        subject=subject,
        before=before,
        after=after,
        form="diff",
    )


@dataclass(frozen=True)
class DiffAnswer(Answer):
    """``answer`` is ``unchanged`` or ``changed``; ``changes`` says what, in plain words."""

    changes: tuple[Change, ...] = field(default=())

    def _extra(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class _Versions:
    """The two trusts, so each comparison can cite the right document."""

    old: Trust
    new: Trust

    def new_ref(self, source: Source | None) -> SourceRef | None:
        return cite(self.new, source)

    def old_ref(self, source: Source | None) -> SourceRef | None:
        return cite(self.old, source)


def diff(old: Trust, new: Trust) -> DiffAnswer:
    """What changes in practice from ``old`` to ``new`` (two versions of one MoU).

    Pure: reads both trusts, returns the changes in document order (the document, partners,
    bodies, constraints, procedures, gaps).
    """
    v = _Versions(old, new)
    changes = (
        *_document_changes(v),
        *_calendar_changes(v),
        *_partner_changes(v),
        *_matters_changes(v),
        *_body_changes(v),
        *_constraint_changes(v),
        *_procedure_changes(v),
        *_gap_changes(v),
        *_reading_changes(v),
    )
    return DiffAnswer(
        trust=new.id,
        body=None,
        question="diff",
        answer="changed" if changes else "unchanged",
        explanation=_summary(v, len(changes)),
        changes=changes,
    )


def _summary(v: _Versions, count: int) -> tuple[Reason, ...]:
    found = "No change" if count == 0 else counted(count, "change")
    return (
        Reason(f"{found} in practice from `{v.old.id}` to `{v.new.id}`."),
        Reason(
            "Only what the rules do is compared: notes, quotes, titles, clause numbers and "
            "the order of entries are not changes in practice."
        ),
    )


# --- small helpers --------------------------------------------------------------------------


def _norm(text: str | None) -> str | None:
    """Free text as compared: case, spacing and a final full stop are not rules."""
    if text is None:
        return None
    return " ".join(text.split()).casefold().rstrip(".")


def _settled(rule: Rule | None) -> bool:
    return rule is not None and rule.settled


def _unsettled_words(rule: Rule | None) -> str:
    # A missing rule and one marked `unspecified` leave the same question open.
    return STATUS[Status.UNSPECIFIED if rule is None else rule.status].value


def _places(seat: Seat) -> str:
    up_to = "up to " if seat.up_to else ""
    stated = "" if seat.count_stated else " (the number not stated)"
    return f"{up_to}{counted(seat.count, 'place')}{stated}"


def _pairs(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]
) -> list[tuple[T | None, T | None]]:
    """Match entries by key: the new version's order, then what only the old one has."""
    old_by = {key(x): x for x in old}
    new_keys = {key(x) for x in new}
    out: list[tuple[T | None, T | None]] = [(old_by.get(key(x)), x) for x in new]
    out += [(x, None) for x in old if key(x) not in new_keys]
    return out


def _target(trust: Trust, target_id: str) -> str:
    """A body or external body by name and id, for a line or a final arbiter."""
    body = trust.body(target_id)
    if body is not None:
        return f"the {body.name} (`{target_id}`)"
    external = trust.external(target_id)
    return f"the {external.name} (`{target_id}`)" if external else f"`{target_id}`"


# --- the document and its partners ----------------------------------------------------------


def _document_changes(v: _Versions) -> list[Change]:
    before, after = v.old.document.status, v.new.document.status
    if before == after:
        return []
    text = f"Status of the document: from {before} to {after}."
    return [change("document-status-changed", None, None, text, before, after)]


def _calendar_changes(v: _Versions) -> list[Change]:
    def words(t: Trust) -> str:
        return REGIONS[t.calendar.region] if t.calendar is not None else "none declared"

    before, after = words(v.old), words(v.new)
    if before == after:
        return []
    text = f"Working days skip the bank holidays of: from {before} to {after}."
    if v.new.calendar is not None:
        ref = v.new_ref(v.new.calendar.source)
    else:
        ref = v.old_ref(v.old.calendar.source if v.old.calendar else None)
    return [change("calendar-changed", None, None, text, before, after, ref)]


def _statutory_words(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not said"}[value]


def _partner_changes(v: _Versions) -> list[Change]:
    out: list[Change] = []
    for old, new in _pairs(v.old.partners, v.new.partners, lambda p: p.id):
        if old is None and new is not None:
            text, ref = f"New partner: {new.name} (`{new.id}`).", v.new_ref(new.source)
            out.append(change("partner-added", None, new.id, text, None, new.name, ref))
        elif new is None and old is not None:
            text = f"{old.name} (`{old.id}`) is no longer a partner."
            ref = v.old_ref(old.source)
            out.append(change("partner-removed", None, old.id, text, old.name, None, ref))
        elif old is not None and new is not None and old.statutory != new.statutory:
            # Conditions on a seat's vote can turn on it (``statutory_partner``).
            before, after = _statutory_words(old.statutory), _statutory_words(new.statutory)
            text = f"`{new.id}` under the statutory duty to co-operate: from {before} to {after}."
            ref = v.new_ref(new.source)
            kind = "partner-statutory-changed"
            out.append(change(kind, None, new.id, text, before, after, ref))
        if old is not None and new is not None and old.kind != new.kind:
            # Votes that must include a member from each partner of a kind turn on it.
            before, after = old.kind or "no kind", new.kind or "no kind"
            text = f"Kind of partner of `{new.id}`: from `{before}` to `{after}`."
            ref = v.new_ref(new.source)
            out.append(change("partner-kind-changed", None, new.id, text, before, after, ref))
    return out


# --- bodies ---------------------------------------------------------------------------------


def _body_changes(v: _Versions) -> list[Change]:
    out: list[Change] = []
    for old, new in _pairs(v.old.bodies, v.new.bodies, lambda b: b.id):
        if old is None and new is not None:
            places = counted(new.members_total, "place")
            text = f"New body: the {new.name} (`{new.id}`), with {places}."
            ref = v.new_ref(new.source)
            out.append(change("body-added", new.id, None, text, None, new.name, ref))
        elif new is None and old is not None:
            text, ref = f"The {old.name} (`{old.id}`) is removed.", v.old_ref(old.source)
            out.append(change("body-removed", old.id, None, text, old.name, None, ref))
        elif old is not None and new is not None:
            out += _one_body(v, old, new)
    return out


def _one_body(v: _Versions, old: Body, new: Body) -> list[Change]:
    old_votes, new_votes = _seat_votes(v.old, old), _seat_votes(v.new, new)
    return [
        *_instances_changes(v, old, new),
        *_membership_changes(v, old, new),
        *_seat_changes(v, old, new, new_votes),
        *_vote_changes(old, new, old_votes, new_votes),
        *_office_changes(v, "chair-changed", "Chair", new, old.chair, new.chair),
        *_office_changes(
            v, "vice-chair-changed", "Vice-chair", new, old.vice_chair, new.vice_chair
        ),
        *_meetings_changes(v, old, new),
        *_substitutes_changes(v, old, new),
        *_quorum_changes(v, old, new),
        *_voting_changes(v, old, new, new_votes),
        *_line_changes(v, old, new),
        *_conflict_changes(v, old, new),
    ]


_BODY_RULES = ("membership", "meets", "chair", "vice_chair", "substitutes", "quorum",
               "voting", "interests")  # fmt: skip


def _conflict_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    """Contradictions recorded on a body's rules, or resolved: where the document says two
    things of a rule, some answers (who may chair) rest on both and cannot be definite."""
    out: list[Change] = []
    for name in _BODY_RULES:
        before, after = getattr(old, name), getattr(new, name)
        was = {c.source.clause for c in before.conflicting} if before is not None else set()
        now = {c.source.clause for c in after.conflicting} if after is not None else set()
        if was == now:
            continue
        rule = f"{name.replace('_', '-')} of the {new.name}"
        text = f"The {rule}: from {_contradiction(was)} to {_contradiction(now)}."
        ref = v.new_ref((after.source if after is not None else None) or new.source)
        out.append(
            change(
                "conflict-changed", new.id, name, text, _contradiction(was),
                _contradiction(now), ref,
            )
        )  # fmt: skip
    return out


def _contradiction(clauses: set[str]) -> str:
    if not clauses:
        return "no contradiction recorded"
    return "contradicted by " + ", ".join(sorted(clauses))


def _instances_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    if old.instances == new.instances:
        return []
    before, after = str(old.instances), str(new.instances)
    text = f"Bodies sharing the definition of the {new.name}: from {before} to {after}."
    return [change("instances-changed", new.id, None, text, before, after, v.new_ref(new.source))]


def _membership_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    # No `membership` entry means the seats listed are the membership: a stated list.
    before_ok = old.membership is None or old.membership.settled
    after_ok = new.membership is None or new.membership.settled
    if before_ok == after_ok:
        return []
    before = "the seats listed" if before_ok else _unsettled_words(old.membership)
    after = "the seats listed" if after_ok else _unsettled_words(new.membership)
    text = f"Membership of the {new.name}: from {before} to {after}."
    rule = new.membership or old.membership
    ref = (
        v.new_ref(new.membership.source)
        if new.membership
        else v.old_ref(rule.source if rule else None)
    )
    return [change("membership-changed", new.id, None, text, before, after, ref)]


# --- seats and who votes --------------------------------------------------------------------

_VOTES = SEAT_RIGHT[True].value
_NO_VOTE = SEAT_RIGHT[False].value
_CONDITIONAL = "votes on some matters"
_UNSETTLED = "not settled"


@dataclass(frozen=True)
class _SeatVote:
    """A seat's right to vote on the body's ordinary business, whatever the matter."""

    status: str
    reason: str
    source: SourceRef | None
    condition: str | None = None
    """The condition in words, for a seat that votes only on some matters."""


def _seat_votes(trust: Trust, body: Body) -> dict[str, _SeatVote]:
    """Each seat's right to vote, as the engine decides it (``seat_rights``).

    A condition on voting depends on the matter only through whether it affects the seat
    and whether the seat implements it, so the four matters below cover every case: a
    seat that votes under some and not others votes on some matters only.
    """
    everyone = frozenset(s.id for s in body.seats)
    nobody = frozenset({"\x00 no seat"})  # a matter named, yet affecting no seat
    matters = (
        Matter(affects=nobody),
        Matter(affects=everyone),
        Matter(implementers=everyone),
        Matter(affects=everyone, implementers=everyone),
    )
    # And each kind of matter the trust declares, with any other (``none``).
    kinds = [NO_KIND, *(m.id for m in trust.matters)] if trust.matters else [None]
    each = [
        _sorted_seats(seat_rights(trust, body, None, dataclasses.replace(m, kind=kind)))
        for m in matters
        for kind in kinds
    ]
    condition = body.voting.condition if body.voting is not None else None
    out: dict[str, _SeatVote] = {}
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
            out[seat.id] = _SeatVote(_UNSETTLED, words, cite(trust, read[0].source))
            continue
        if _UNSETTLED in found or len(found) == 1:
            out[seat.id] = _SeatVote(_UNSETTLED if _UNSETTLED in found else status, *right)
        else:
            # Only a condition, or an exception for some kinds, makes the matter count.
            parts = [describe_condition(condition)] if condition is not None else []
            by_kind = kind_exception_words(body.voting, seat.id)
            parts += [by_kind] if by_kind else []
            words = " and ".join(parts)
            # Cite the rule that makes the difference: the sorting where the seat differs.
            src = next((ss[seat.id][1][1] for ss in each if ss[seat.id][0] != status), right[1])
            out[seat.id] = _SeatVote(_CONDITIONAL, f"votes only if {words}", src, words)
    return out


def _readings_differ(trust: Trust, gap: Gap) -> bool:
    """Whether some reading of the gap gives its subject another value than the encoded one
    (readings that all agree with it leave the rule settled)."""
    from ..language.paths import resolve

    encoded = resolve(trust, gap.subject or "")
    encoded = encoded.model_dump(by_alias=True) if isinstance(encoded, BaseModel) else encoded
    return any(r.value != encoded for r in gap.readings)


def _sorted_seats(rights: Rights) -> dict[str, tuple[str, tuple[str, SourceRef | None]]]:
    """seat id -> (status, (reason, source)) for one sorting of a body's seats."""
    out: dict[str, tuple[str, tuple[str, SourceRef | None]]] = {}
    for status, group in (
        (_VOTES, rights.voters),
        (_NO_VOTE, rights.non_voters),
        (_UNSETTLED, rights.undetermined),
    ):
        out.update({r.seat: (status, (r.reason, r.source)) for r in group})
    return out


def _why(reason: str) -> str:
    """A seat right's reason after a statement: a phrase follows a colon, a sentence stands
    alone (reasons are the engine's phrases or the trust file's own notes)."""
    reason = reason.strip().rstrip(".")
    return f": {reason}." if reason[:1].islower() else f". {reason}."


def _seat_vote_words(vote: _SeatVote, rule_settled: bool) -> str:
    """How a new seat's right to vote reads, after "joins the body with N places; "."""
    if vote.status == _UNSETTLED and not rule_settled:
        # The body has no settled voting rule: that is the reason, not anything about the seat.
        return "whether it votes is not settled (the body has no settled voting rule)."
    return {
        _VOTES: "it votes.",
        _NO_VOTE: f"it does not vote{_why(vote.reason)}",
        _CONDITIONAL: f"it votes only if {vote.condition}.",
        _UNSETTLED: f"whether it votes is not settled{_why(vote.reason)}",
    }[vote.status]


def _seat_changes(
    v: _Versions, old: Body, new: Body, new_votes: dict[str, _SeatVote]
) -> list[Change]:
    out: list[Change] = []
    for before, after in _pairs(old.seats, new.seats, lambda s: s.id):
        if before is None and after is not None:
            text = (
                f"`{after.id}` ({after.title}) joins the {new.name} with {_places(after)}; "
                f"{_seat_vote_words(new_votes[after.id], _settled(new.voting))}"
            )
            ref = v.new_ref(after.source or new.source)
            out.append(change("seat-added", new.id, after.id, text, None, _places(after), ref))
        elif after is None and before is not None:
            text = f"`{before.id}` ({before.title}, {_places(before)}) leaves the {new.name}."
            ref = v.old_ref(before.source or old.source)
            out.append(change("seat-removed", new.id, before.id, text, _places(before), None, ref))
        elif before is not None and after is not None:
            out += _same_seat_changes(v, new, before, after)
    return out


def _same_seat_changes(v: _Versions, body: Body, before: Seat, after: Seat) -> list[Change]:
    out: list[Change] = []
    ref = v.new_ref(after.source or body.source)
    # Whether the number is stated decides whether a body's size, and so a count quorum, is
    # known.
    if (before.count, before.up_to, before.count_stated) != (
        after.count,
        after.up_to,
        after.count_stated,
    ):
        old, new = _places(before), _places(after)
        text = f"`{after.id}` on the {body.name}: from {old} to {new}."
        out.append(change("seat-count-changed", body.id, after.id, text, old, new, ref))
    if before.partner != after.partner:
        # The partner decides conditions on voting and quorum presences by partner.
        old_p, new_p = before.partner or "no partner", after.partner or "no partner"
        text = f"Partner of `{after.id}` on the {body.name}: from `{old_p}` to `{new_p}`."
        out.append(change("seat-partner-changed", body.id, after.id, text, old_p, new_p, ref))
    if frozenset(before.classes) != frozenset(after.classes):
        # Presences, votes and offices that name a class turn on it.
        old_c, new_c = _classes_text(before.classes), _classes_text(after.classes)
        text = f"Classes of `{after.id}` on the {body.name}: from {old_c} to {new_c}."
        out.append(change("seat-classes-changed", body.id, after.id, text, old_c, new_c, ref))
    old_w, new_w = member_weight(v.old, before), member_weight(v.new, after)
    if old_w != new_w:
        # Set on the seat or on its partner: either way each member now carries other votes.
        text = (
            f"Each member of `{after.id}` on the {body.name} carries "
            f"{counted(new_w, 'vote')}, not {old_w}."
        )
        out.append(
            change("seat-weight-changed", body.id, after.id, text, str(old_w), str(new_w), ref)
        )
    return out


def _classes_text(classes: Iterable[str]) -> str:
    names = sorted(classes)
    return code_list(names) if names else "none"


def _vote_changes(
    old: Body, new: Body, old_votes: dict[str, _SeatVote], new_votes: dict[str, _SeatVote]
) -> list[Change]:
    """Seats (in both versions) whose right to vote changed, whatever rule changed it.

    When the voting rule itself becomes settled or unsettled every seat changes with it;
    that is reported once, with the rule (see ``_voting_changes``).
    """
    if _settled(old.voting) != _settled(new.voting):
        return []
    out: list[Change] = []
    for seat in new.seats:
        before, after = old_votes.get(seat.id), new_votes[seat.id]
        if before is None or before.status == after.status:
            continue
        out.append(_vote_change(new, seat.id, before, after))
    return out


def _vote_change(body: Body, seat_id: str, before: _SeatVote, after: _SeatVote) -> Change:
    where = f"the {body.name}"
    had = {
        _VOTES: "it voted on every matter",
        _NO_VOTE: "it had no vote",
        _CONDITIONAL: f"it voted only if {before.condition}",
        _UNSETTLED: "its vote was not settled",
    }[before.status]
    if after.status == _UNSETTLED:
        kind = "vote-now-unsettled"
        text = f"Whether `{seat_id}` votes on {where} is no longer settled ({had})"
        text += _why(after.reason)
    elif before.status == _UNSETTLED:
        kind = "vote-now-settled"
        now = {
            _VOTES: "it votes",
            _NO_VOTE: "it does not vote",
            _CONDITIONAL: f"it votes only if {after.condition}",
        }[after.status]
        text = f"Whether `{seat_id}` votes on {where} is now settled: {now}."
    elif after.status == _VOTES:
        kind = "vote-gained"
        text = f"`{seat_id}` gains a vote on {where} ({had})."
    elif after.status == _CONDITIONAL:
        kind = "vote-now-conditional"
        text = f"`{seat_id}` now votes on {where} only if {after.condition} ({had})."
    else:
        kind = "vote-lost"
        text = f"`{seat_id}` loses its vote on {where}{_why(after.reason)}"
    return change(kind, body.id, seat_id, text, before.status, after.status, after.source)


# --- offices, meetings, substitutes ---------------------------------------------------------


def _office_key(office: Office | None) -> Hashable:
    if office is None or not office.settled:
        return None
    # A seat named with no selection holds the office ex officio: the same rule.
    selection = office.selection
    if office.seat is not None and selection in (None, "ex-officio"):
        selection = None
    return (
        office.seat,
        selection,
        _norm(office.by),
        _norm(office.term),
        office.voting_members_only,
        frozenset(i.seat for i in office.ineligible),
        office.different_partner_from,
        _among_key(office.from_among),
        _among_key(office.not_from_among),
    )


def _among_key(among: Among | str | None) -> Hashable:
    if isinstance(among, Among):
        return tuple(
            frozenset(x) for x in (among.seats, among.partners, among.partner_kinds, among.classes)
        )
    return _norm(among)


def _office_words(office: Office | None) -> str:
    if office is None or not office.settled:
        return _unsettled_words(office)
    if office.seat is not None:
        words = f"the holder of `{office.seat}`"
    else:
        words = str(office.selection)
        words += f" by {office.by}" if office.by else ""
        words += f", {office.term}" if office.term else ""
    limits = [f"`{seat}` may not hold it" for seat in sorted(i.seat for i in office.ineligible)]
    if office.voting_members_only:
        limits.append("only a voting member may hold it")
    if office.different_partner_from:
        limits.append(f"not of the same partner as the {office.different_partner_from}")
    if isinstance(office.from_among, Among):
        limits.append(f"the holder must be {among_words(None, office.from_among)}")
    elif office.from_among:
        limits.append(f"from among {office.from_among}")
    if office.not_from_among is not None:
        limits.append(f"the holder may not be {among_words(None, office.not_from_among)}")
    return words + (f" ({'; '.join(limits)})" if limits else "")


def _office_changes(
    v: _Versions,
    kind: str,
    label: str,
    new_body: Body,
    old: Office | None,
    new: Office | None,
) -> list[Change]:
    if _office_key(old) == _office_key(new):
        return []
    before, after = _office_words(old), _office_words(new)
    text = f"{label} of the {new_body.name}: from {before} to {after}."
    ref = v.new_ref(new.source) if new is not None else v.old_ref(old.source if old else None)
    return [change(kind, new_body.id, None, text, before, after, ref)]


def _meetings_words(meets: Meetings | None) -> str:
    if meets is None or not meets.settled:
        return _unsettled_words(meets)
    words = meets.frequency or "frequency not stated"
    if meets.per_year is not None:
        words += f" (at least {meets.per_year} a year)"
    return words


def _same_meetings(old: Meetings | None, new: Meetings | None) -> bool:
    if _settled(old) != _settled(new):
        return False
    if old is None or new is None or not old.settled:
        return True  # both open
    # "quarterly" and "four times a year" are the same rule when both give the number.
    if old.per_year is not None and new.per_year is not None:
        return old.per_year == new.per_year
    return (old.per_year, _norm(old.frequency)) == (new.per_year, _norm(new.frequency))


def _meetings_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    if _same_meetings(old.meets, new.meets):
        return []
    before, after = _meetings_words(old.meets), _meetings_words(new.meets)
    text = f"Meetings of the {new.name}: from {before} to {after}."
    ref = (
        v.new_ref(new.meets.source)
        if new.meets
        else v.old_ref(old.meets.source if old.meets else None)
    )
    return [change("meetings-changed", new.id, None, text, before, after, ref)]


def _substitutes_key(subs: Substitutes | None) -> Hashable:
    if subs is None or not subs.settled or subs.allowed is None:
        return None  # nobody knows whether a member may send someone
    if subs.allowed is False:
        return False
    return (subs.kind, subs.named, subs.votes, subs.counts_for_quorum, subs.same_partner)


def _substitutes_words(subs: Substitutes | None) -> str:
    allowed = SUBSTITUTE["allowed"]
    if subs is None or not subs.settled or subs.allowed is None:
        return allowed[None].value
    if subs.allowed is False:
        return allowed[False].value.format(kind=subs.kind)
    kind = f"named {subs.kind}" if subs.named else subs.kind
    parts = [
        allowed[True].value.format(kind=kind),
        SUBSTITUTE["votes"][subs.votes].value,
        SUBSTITUTE["counts_for_quorum"][subs.counts_for_quorum].value,
    ]
    if subs.same_partner is not None:
        parts.append(SUBSTITUTE["same_partner"][subs.same_partner].value)
    return ", ".join(parts)


def _substitutes_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    if _substitutes_key(old.substitutes) == _substitutes_key(new.substitutes):
        return []
    before, after = _substitutes_words(old.substitutes), _substitutes_words(new.substitutes)
    text = f"Substitutes on the {new.name}: from {before} to {after}."
    rule = new.substitutes or old.substitutes
    ref = (v.new_ref if new.substitutes else v.old_ref)(rule.source if rule else None)
    return [change("substitutes-changed", new.id, None, text, before, after, ref)]


# --- quorum ---------------------------------------------------------------------------------


def _quorum_key(rule: Quorum | None) -> Hashable:
    if rule is None or not rule.settled:
        return None
    if rule.number is not None:
        return ("number", rule.number)  # a number ignores `of`, `rounding` and `minimum`
    return (
        "share",
        rule.fraction,
        rule.more_than is not None,
        rule.of,
        rule.rounding,
        rule.minimum,
    )


def _quorum_membership(trust: Trust, body: Body, rule: Quorum) -> int | None:
    """The membership the quorum is a share of, as the engine counts it (``quorate``)."""
    if not body.seats:
        return None
    if rule.of != "voting-seats" or rule.number is not None:
        return body.members_total  # filled seats: every place taken to be filled
    rights = seat_rights(trust, body, None)
    if rights.undetermined:
        return None
    voting = {r.seat for r in rights.voters}
    return sum(s.count for s in body.seats if s.id in voting)


def _needed(trust: Trust, body: Body, rule: Quorum | None) -> tuple[int, int] | None:
    """(attendance needed, membership) under ``rule``, where both are known."""
    if rule is None or not rule.settled:
        return None
    membership = _quorum_membership(trust, body, rule)
    if membership is None:
        return None
    return required_attendance(rule, membership), membership


def _quorum_words(trust: Trust, body: Body, rule: Quorum | None) -> str:
    """The rule with the attendance it needs: "at least 50% of the membership (9 of 17)"."""
    if rule is None or not rule.settled:
        return _unsettled_words(rule)
    words = quorum_measure(rule)
    needed = _needed(trust, body, rule)
    if needed is None:
        if body.seats:
            words += " (the number needed is not settled: some seats' right to vote is open)"
        return words
    tail = "" if rule.number is not None else QUORUM_OF[rule.of].counted
    return f"{words} ({needed[0]} of {needed[1]}{tail})"


def _quorum_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    before_rule, after_rule = old.quorum, new.quorum
    same_rule = _quorum_key(before_rule) == _quorum_key(after_rule)
    out = [] if same_rule else [_quorum_rule_change(v, old, new)]
    if (
        before_rule is None
        or after_rule is None
        or not (before_rule.settled and after_rule.settled)
    ):
        return out
    if same_rule:
        out += _attendance_changes(v, old, new, before_rule, after_rule)
    return [
        *out,
        *_presence_changes(v, new, before_rule, after_rule),
        *_inquorate_changes(v, new, before_rule, after_rule),
        *_matter_quorum_changes(v, new, before_rule, after_rule),
    ]


def _matter_quorum_key(rule: Quorum) -> Hashable:
    return frozenset(
        (frozenset(q.matters), q.at_least and parse_ratio(q.at_least), q.more_than and
         parse_ratio(q.more_than), q.number, q.minimum)
        for q in rule.by_matter
    )  # fmt: skip


def _matter_quorum_words(rule: Quorum) -> str:
    if not rule.by_matter:
        return "none (every kind of matter has the same quorum)"
    parts = []
    for q in rule.by_matter:
        kinds = code_list(q.matters)
        parts.append(f"on {kinds}, {quorum_measure(varied_quorum(rule, q))}")
    return "; ".join(parts)


def _matter_quorum_changes(
    v: _Versions, new: Body, before_rule: Quorum, after_rule: Quorum
) -> list[Change]:
    if _matter_quorum_key(before_rule) == _matter_quorum_key(after_rule):
        return []
    before, after = _matter_quorum_words(before_rule), _matter_quorum_words(after_rule)
    text = f"Quorum for some kinds of matter in the {new.name}: from {before} to {after}."
    source = after_rule.by_matter[0].source if after_rule.by_matter else None
    ref = v.new_ref(source or after_rule.source)
    return [change("matter-quorum-changed", new.id, None, text, before, after, ref)]


def _quorum_rule_change(v: _Versions, old: Body, new: Body) -> Change:
    # Each side is computed with its own membership, so a change of seats shows too.
    before = _quorum_words(v.old, old, old.quorum)
    after = _quorum_words(v.new, new, new.quorum)
    text = f"Quorum of the {new.name}: from {before} to {after}."
    if (
        _settled(old.quorum)
        and new.quorum is not None
        and new.quorum.note
        and not new.quorum.settled
    ):
        text += f" {new.quorum.note}"
    ref = (
        v.new_ref(new.quorum.source)
        if new.quorum is not None
        else v.old_ref(old.quorum.source if old.quorum else None)
    )
    return change("quorum-changed", new.id, None, text, before, after, ref)


def _attendance_changes(
    v: _Versions, old: Body, new: Body, before_rule: Quorum, after_rule: Quorum
) -> list[Change]:
    """The same rule over a different membership can need a different attendance."""
    before, after = _needed(v.old, old, before_rule), _needed(v.new, new, after_rule)
    if before is None or after is None or before[0] == after[0]:
        return []
    rule_words = describe_quorum(after_rule).rstrip(".")
    was, now = f"{before[0]} of {before[1]}", f"{after[0]} of {after[1]}"
    text = (
        f"Quorum of the {new.name}: from {was} to {now} present; the rule is the same "
        f"({rule_words[0].lower()}{rule_words[1:]}) but the membership it counts changed."
    )
    ref = v.new_ref(after_rule.source)
    return [change("quorum-attendance-changed", new.id, None, text, was, now, ref)]


def _presence_key(p: Presence) -> Hashable:
    return (
        p.office,
        frozenset(p.seats),
        p.partner,
        frozenset(p.classes),
        p.each_partner_of_kind,
        p.at_least,
    )


def _presence_changes(
    v: _Versions, new: Body, before_rule: Quorum, after_rule: Quorum
) -> list[Change]:
    out: list[Change] = []
    for old_p, new_p in _pairs(before_rule.must_include, after_rule.must_include, _presence_key):
        if old_p is None and new_p is not None:
            words = presence_words(new_p, v.new)
            text = f"The quorum of the {new.name} now also needs {words} present."
            ref = v.new_ref(new_p.source or after_rule.source)
            out.append(change("quorum-presence-added", new.id, None, text, None, words, ref))
        elif new_p is None and old_p is not None:
            words = presence_words(old_p, v.old)
            text = f"The quorum of the {new.name} no longer needs {words} present."
            ref = v.old_ref(old_p.source or before_rule.source)
            out.append(change("quorum-presence-removed", new.id, None, text, words, None, ref))
    return out


def _inquorate_changes(
    v: _Versions, new: Body, before_rule: Quorum, after_rule: Quorum
) -> list[Change]:
    if before_rule.inquorate_decisions == after_rule.inquorate_decisions:
        return []
    before = INQUORATE_EFFECT[before_rule.inquorate_decisions].value
    after = INQUORATE_EFFECT[after_rule.inquorate_decisions].value
    text = f"Decisions of an inquorate meeting of the {new.name}: from {before} to {after}."
    ref = v.new_ref(after_rule.inquorate_source or after_rule.source)
    return [change("inquorate-decisions-changed", new.id, None, text, before, after, ref)]


# --- voting rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Aspect:
    """One part of a voting rule that differs: what, and its words before and after."""

    kind: str
    label: str
    before: str
    after: str
    source: Source | None


def _tie_words(rule: Voting) -> str:
    return TIE[rule.tie].value


def _by_matter_key(rule: Voting) -> Hashable:
    # `tie_by_lot_on` is one such variation: rewriting it as `by_matter` changes nothing.
    return frozenset(
        (
            frozenset(v.matters),
            (v.threshold.fraction, v.threshold.strict, v.threshold.unanimous)
            if v.threshold
            else None,
            v.base,
            v.casting_vote,
            v.tie,
        )
        for v in voting_variations(rule)
    )


def _by_matter_words(rule: Voting) -> str:
    variations = voting_variations(rule)
    if not variations:
        return "none (every kind of matter is decided alike)"
    return "; ".join(
        f"on {', '.join(f'`{k}`' for k in v.matters)}, {describe_variation(rule, v)}"
        for v in variations
    )


def _by_matter_source(rule: Voting) -> Source | None:
    variations = voting_variations(rule)
    return (variations[0].source if variations else None) or rule.source


def _condition_words(rule: Voting) -> str:
    if rule.condition is None:
        return "none (a seat with a vote votes on every matter)"
    return f"a seat votes only if {describe_condition(rule.condition)}"


def _threshold_key(rule: Voting) -> Hashable:
    assert rule.threshold is not None  # a stated rule (schema check)
    return (rule.threshold.fraction, rule.threshold.strict, rule.threshold.unanimous, rule.base)


@dataclass(frozen=True)
class _Part:
    """A part of a voting rule: how to compare it, say it, and cite it."""

    kind: str
    label: str
    key: Callable[[Voting], Hashable]
    words: Callable[[Voting], str]
    source: Callable[[Voting], Source | None]


def _rule_source(rule: Voting) -> Source | None:
    return rule.source


# Who votes is not here: it is compared seat by seat, as its effect (``_vote_changes``).
_VOTING_PARTS = (
    _Part(
        "voting-rule-changed", "Voting threshold in", _threshold_key, describe_threshold,
        _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Voting method in", lambda r: _norm(r.method),
        lambda r: r.method or "not stated", _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Condition on a seat's vote in", lambda r: r.condition,
        _condition_words, _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Consensus before a vote in", lambda r: r.consensus_first,
        lambda r: "sought first" if r.consensus_first else "not stated", _rule_source,
    ),
    _Part(
        "voting-rule-changed", "Who rules on a disputed right to vote in",
        lambda r: _norm(r.right_to_vote_ruled_by),
        lambda r: r.right_to_vote_ruled_by or "not stated",
        lambda r: r.right_to_vote_source or r.source,
    ),
    _Part(
        "voting-rule-changed", "Votes a resolution must include in",
        lambda r: frozenset(_concurrence_key(c) for c in r.must_include),
        lambda r: "; ".join(concurrence_words(None, c) for c in r.must_include) or "none",
        lambda r: next((c.source for c in r.must_include if c.source), None) or r.source,
    ),
    _Part(
        "casting-vote-changed", "Casting vote in", lambda r: r.casting_vote,
        lambda r: CASTING_VOTE[r.casting_vote].value, lambda r: r.casting_source or r.source,
    ),
    _Part(
        "tie-rule-changed", "What decides a tie no casting vote breaks in",
        lambda r: r.tie, _tie_words, lambda r: r.casting_source or r.source,
    ),
    _Part(
        "matter-rule-changed", "How a vote on some kinds of matter differs in",
        _by_matter_key, _by_matter_words, _by_matter_source,
    ),
    _Part(
        "voting-rule-changed", "A vote cast without the right to vote, in",
        lambda r: r.irregular_votes_saved is not None,
        lambda r: (
            "not counted, and the meeting's acts stay valid"
            if r.irregular_votes_saved is not None
            else "an error that makes the meeting invalid"
        ),
        lambda r: r.irregular_votes_saved or r.source,
    ),
)  # fmt: skip


def _concurrence_key(c: Concurrence) -> Hashable:
    return (
        frozenset(c.seats), c.office, frozenset(c.classes), c.partner, c.each_partner_of_kind,
        c.at_least,
    )  # fmt: skip


def _voting_aspects(old: Voting, new: Voting) -> list[_Aspect]:
    """The parts of two stated voting rules that differ, cited from the new rule."""
    return [
        _Aspect(part.kind, part.label, part.words(old), part.words(new), part.source(new))
        for part in _VOTING_PARTS
        if part.key(old) != part.key(new)
    ]


def _who_votes_words(rule: Voting) -> str:
    """Who votes under a rule with no body of its own to sort seats (a procedure's vote)."""
    words = "every seat" if rule.voters == "all-seats" else "only " + code_list(sorted(rule.voters))
    if rule.voter_classes:
        words += " of class " + " or ".join(f"`{c}`" for c in sorted(rule.voter_classes))
    exceptions = sorted((e.seat, seat_right(e.votes).value) for e in rule.exceptions)
    if exceptions:
        words += "; except " + ", ".join(f"`{s}` ({w})" for s, w in exceptions)
    return words


def _who_votes_key(rule: Voting) -> Hashable:
    voters = rule.voters if rule.voters == "all-seats" else frozenset(rule.voters)
    return (
        voters,
        frozenset((e.seat, e.votes) for e in rule.exceptions),
        frozenset(rule.voter_classes),
    )


def _rule_words(rule: Voting | None) -> str:
    if rule is None or not rule.settled:
        return _unsettled_words(rule)
    return describe_threshold(rule)


def _who_votes_summary(votes: dict[str, _SeatVote]) -> str:
    """Seats grouped by their right to vote, for a rule whose every seat changed at once."""
    statuses = (_VOTES, _NO_VOTE, _CONDITIONAL, _UNSETTLED)
    groups = [(st, [f"`{s}`" for s, sv in votes.items() if sv.status == st]) for st in statuses]
    return "; ".join(f"{st}: {', '.join(seats)}" for st, seats in groups if seats)


def _voting_changes(
    v: _Versions, old: Body, new: Body, new_votes: dict[str, _SeatVote]
) -> list[Change]:
    before_rule, after_rule = old.voting, new.voting
    if _settled(before_rule) != _settled(after_rule):
        before, after = _rule_words(before_rule), _rule_words(after_rule)
        text = f"Voting rule of the {new.name}: from {before} to {after}."
        if _settled(after_rule) and new_votes:
            # Every seat's right changes with the rule; say once who votes now.
            text += f" Seats now: {_who_votes_summary(new_votes)}."
        ref = (
            v.new_ref(after_rule.source)
            if after_rule is not None
            else v.old_ref(before_rule.source if before_rule else None)
        )
        return [change("voting-rule-changed", new.id, None, text, before, after, ref)]
    if before_rule is None or after_rule is None or not after_rule.settled:
        return []
    out: list[Change] = []
    for a in _voting_aspects(before_rule, after_rule):
        text = f"{a.label} the {new.name}: from {a.before} to {a.after}."
        out.append(change(a.kind, new.id, None, text, a.before, a.after, v.new_ref(a.source)))
    return out


# --- lines between bodies -------------------------------------------------------------------


def _line_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    out: list[Change] = []
    for name, words in LINK.items():
        gained, lost = words.gained, words.lost
        links_before, links_after = getattr(old, name), getattr(new, name)
        for before, after in _pairs(links_before, links_after, lambda link: link.to):
            if before is None and after is not None:
                text = f"The {new.name} {gained} {_target(v.new, after.to)}."
                line, ref = f"{name}: {after.to}", v.new_ref(after.source)
                out.append(change("line-added", new.id, after.to, text, None, line, ref))
            elif after is None and before is not None:
                text = f"The {new.name} {lost} {_target(v.old, before.to)}."
                line, ref = f"{name}: {before.to}", v.old_ref(before.source)
                out.append(change("line-removed", new.id, before.to, text, line, None, ref))
    return out


# --- constraints ----------------------------------------------------------------------------


def _constraint_changes(v: _Versions) -> list[Change]:
    out: list[Change] = []
    pairs = _pairs(v.old.constraints, v.new.constraints, lambda c: (c.kind, frozenset(c.bodies)))
    for before, after in pairs:
        if (before is None) == (after is None):
            continue
        c = after or before
        assert c is not None
        bodies = " and ".join(f"`{b}`" for b in c.bodies)
        if after is not None:
            text, ref = f"The chairs of {bodies} must now be different people.", v.new_ref(c.source)
            out.append(change("constraint-added", None, None, text, None, c.kind, ref))
        else:
            text = f"The chairs of {bodies} no longer need to be different people."
            ref = v.old_ref(c.source)
            out.append(change("constraint-removed", None, None, text, c.kind, None, ref))
    return out


# --- procedures -----------------------------------------------------------------------------


def _procedure_words(proc: Procedure) -> str:
    name = proc.name
    if not name.lower().endswith(("procedure", "protocol", "process")):
        name += " procedure"
    return f"the {name}"


def _procedure_changes(v: _Versions) -> list[Change]:
    out: list[Change] = []
    for old, new in _pairs(v.old.procedures, v.new.procedures, lambda p: p.id):
        if old is None and new is not None:
            steps = counted(len(new.steps), "step")
            text = f"New procedure: {_procedure_words(new)} (`{new.id}`), with {steps}."
            ref = v.new_ref(new.source)
            out.append(change("procedure-added", None, new.id, text, None, new.name, ref))
        elif new is None and old is not None:
            text = f"Procedure removed: {_procedure_words(old)} (`{old.id}`)."
            ref = v.old_ref(old.source)
            out.append(change("procedure-removed", None, old.id, text, old.name, None, ref))
        elif old is not None and new is not None:
            out += [
                *_applies_changes(v, old, new),
                *_procedure_matters_changes(v, old, new),
                *_step_changes(v, old, new),
                *_route_changes(v, old, new),
                *_arbiter_changes(v, old, new),
            ]
    return out


def _applies_changes(v: _Versions, old: Procedure, new: Procedure) -> list[Change]:
    if set(old.applies_to) == set(new.applies_to):
        return []

    def words(p: Procedure) -> str:
        return code_list(p.applies_to) if p.applies_to else "the whole trust"

    before, after = words(old), words(new)
    text = f"Where {_procedure_words(new)} is used: from {before} to {after}."
    return [
        change("procedure-bodies-changed", None, new.id, text, before, after, v.new_ref(new.source))
    ]


def _procedure_matters_changes(v: _Versions, old: Procedure, new: Procedure) -> list[Change]:
    if set(old.matters) == set(new.matters):
        return []

    def words(p: Procedure) -> str:
        return code_list(p.matters) if p.matters else "any matter"

    before, after = words(old), words(new)
    text = f"The kinds of matter {_procedure_words(new)} is for: from {before} to {after}."
    return [
        change(
            "procedure-matters-changed", None, new.id, text, before, after, v.new_ref(new.source)
        )
    ]


def _matters_changes(v: _Versions) -> list[Change]:
    """The trust's vocabulary of kinds of matter: a kind added, removed or renamed."""
    out: list[Change] = []
    for old, new in _pairs(v.old.matters, v.new.matters, lambda m: m.id):
        if old is not None and new is not None and _norm(old.name) == _norm(new.name):
            continue
        before = old.name if old else None
        after = new.name if new else None
        kind = (new or old).id  # type: ignore[union-attr]
        text = (
            f"New kind of matter `{kind}`: {after}."
            if old is None
            else (
                f"Kind of matter removed: `{kind}` ({before})."
                if new is None
                else f"Kind of matter `{kind}`: from {before} to {after}."
            )
        )
        ref = v.new_ref(new.source) if new else v.old_ref(old.source if old else None)
        out.append(change("matters-changed", None, kind, text, before, after, ref))
    return out


def _wait(rule: Timing) -> str:
    return _with_region(rule, timing.wait_words(rule))


def _deadline(rule: Timing) -> str:
    return _with_region(rule, timing.deadline_words(rule))


def _with_region(rule: Timing, words: str | None) -> str:
    if words is None:
        return "none stated"
    if rule.working_days and rule.region is not None:
        words += f" ({holidays_words(rule.region)})"
    return words


def _step_details(step: Step) -> list[str]:
    """What a step requires beyond its wording: waits, deadlines, a vote, finality."""
    details: list[str] = []
    if step.min_days_after_previous:
        details.append(_wait(step))
    if step.max_days is not None:
        details.append(_deadline(step))
    if step.vote is not None:
        needs = _rule_words(step.vote)
        details.append(f"a vote needing {needs}" if step.vote.settled else f"a vote ({needs})")
    if step.final:
        details.append("the decision is final")
    return details


def _step_aspects(old: Step, new: Step) -> list[tuple[str, str, str]]:
    """(what, before, after) for each part of a step that differs in practice."""
    out: list[tuple[str, str, str]] = []

    def compare(label: str, key: Callable[[Step], Hashable], words: Callable[[Step], str]) -> None:
        if key(old) != key(new):
            out.append((label, words(old), words(new)))

    compare("wording", lambda s: _norm(s.action), lambda s: f'"{s.action.strip().rstrip(".")}"')
    compare("who acts", lambda s: _norm(s.actor), lambda s: s.actor or "not named")
    compare(
        "where", lambda s: s.body, lambda s: f"`{s.body}`" if s.body else "the body where it arose"
    )
    compare(
        "outside the trust's bodies", lambda s: s.outside, lambda s: "yes" if s.outside else "no"
    )

    compare("wait", _wait, _wait)
    compare("deadline", _deadline, _deadline)
    compare("final decision", lambda s: s.final, lambda s: "yes" if s.final else "no")
    out += _step_vote_aspects(old.vote, new.vote)
    return out


def _step_vote_aspects(old: Voting | None, new: Voting | None) -> list[tuple[str, str, str]]:
    if _settled(old) != _settled(new):
        return [("vote", _rule_words(old), _rule_words(new))]
    if old is None or new is None or not new.settled:
        return []
    out = [
        (a.label.removesuffix(" in").lower(), a.before, a.after) for a in _voting_aspects(old, new)
    ]
    if _who_votes_key(old) != _who_votes_key(new):
        out.append(("who votes", _who_votes_words(old), _who_votes_words(new)))
    return out


def _step_changes(v: _Versions, old: Procedure, new: Procedure) -> list[Change]:
    # Steps have no ids: align them by wording, so an inserted step does not make every
    # later one look changed; steps in place whose wording differs are compared part by part.
    matcher = difflib.SequenceMatcher(
        a=[_norm(s.action) for s in old.steps],
        b=[_norm(s.action) for s in new.steps],
        autojunk=False,
    )
    out: list[Change] = []
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            out += _step_changed(v, new, i1 + k, j1 + k, old.steps[i1 + k], new.steps[j1 + k])
        for i in range(i1 + paired, i2):
            out.append(_step_removed(v, old, i))
        for j in range(j1 + paired, j2):
            out.append(_step_added(v, new, j))
    return out


def _step_text(n: int, proc: Procedure, step: Step) -> str:
    details = "; ".join(_step_details(step))
    action = step.action.strip().rstrip(".")
    return f"step {n} of {_procedure_words(proc)}: {action}" + (f" ({details})" if details else "")


def _step_added(v: _Versions, proc: Procedure, j: int) -> Change:
    step = proc.steps[j]
    text = f"New {_step_text(j + 1, proc, step)}."
    ref = v.new_ref(step.source or proc.source)
    return change("step-added", step.body, proc.id, text, None, step.action.strip(), ref)


def _step_removed(v: _Versions, proc: Procedure, i: int) -> Change:
    step = proc.steps[i]
    text = f"Removed: {_step_text(i + 1, proc, step)}."
    ref = v.old_ref(step.source or proc.source)
    return change("step-removed", step.body, proc.id, text, step.action.strip(), None, ref)


def _step_changed(
    v: _Versions, proc: Procedure, i: int, j: int, old: Step, new: Step
) -> list[Change]:
    aspects = _step_aspects(old, new)
    if not aspects:
        return []
    moved = f" (step {i + 1} before)" if i != j else ""
    parts = "; ".join(f"{what} from {before} to {after}" for what, before, after in aspects)
    text = f"Step {j + 1} of {_procedure_words(proc)}{moved}: {parts}."
    before = "; ".join(b for _, b, _ in aspects)
    after = "; ".join(a for _, _, a in aspects)
    ref = v.new_ref(new.source or proc.source)
    return [change("step-changed", new.body, proc.id, text, before, after, ref)]


def _route_changes(v: _Versions, old: Procedure, new: Procedure) -> list[Change]:
    out: list[Change] = []
    where = _procedure_words(new)
    for before, after in _pairs(old.routes, new.routes, lambda r: (r.from_, r.to)):
        if before is None and after is not None:
            route, ref = f"{after.from_} -> {after.to}", v.new_ref(after.source or new.source)
            text = f"Under {where}, `{after.from_}` now refers matters to `{after.to}`."
            out.append(change("route-added", after.from_, new.id, text, None, route, ref))
        elif after is None and before is not None:
            route, ref = f"{before.from_} -> {before.to}", v.old_ref(before.source or old.source)
            text = f"Under {where}, `{before.from_}` no longer refers matters to `{before.to}`."
            out.append(change("route-removed", before.from_, new.id, text, route, None, ref))
        elif before is not None and after is not None:
            out += _route_timing_changes(v, new, before, after)
    return out


def _route_timing_changes(v: _Versions, proc: Procedure, old: Route, new: Route) -> list[Change]:
    parts = [
        (what, f(old), f(new))
        for what, f in (("wait", _wait), ("deadline", _deadline))
        if f(old) != f(new)
    ]
    if old.optional != new.optional:
        kinds = {True: "optional", False: "required"}
        parts.append(("referral", kinds[old.optional], kinds[new.optional]))
    if not parts:
        return []
    words = "; ".join(f"{what} from {b} to {a}" for what, b, a in parts)
    text = f"Under {_procedure_words(proc)}, `{new.from_}` referring to `{new.to}`: {words}."
    before = "; ".join(b for _, b, _ in parts)
    after = "; ".join(a for _, _, a in parts)
    ref = v.new_ref(new.source or proc.source)
    return [change("route-changed", new.from_, proc.id, text, before, after, ref)]


def _arbiter_changes(v: _Versions, old: Procedure, new: Procedure) -> list[Change]:
    if old.final_arbiter == new.final_arbiter:
        return []
    before = _target(v.old, old.final_arbiter) if old.final_arbiter else "none named"
    after = _target(v.new, new.final_arbiter) if new.final_arbiter else "none named"
    text = f"Final arbiter of {_procedure_words(new)}: from {before} to {after}."
    ref = v.new_ref(new.final_arbiter_source or new.source)
    was, now = old.final_arbiter or "none", new.final_arbiter or "none"
    return [change("final-arbiter-changed", None, new.id, text, was, now, ref)]


# --- gaps -----------------------------------------------------------------------------------


def _gap_changes(v: _Versions) -> list[Change]:
    """Gaps opened or closed. A gap is known by its kind and subject; where several share
    them, the same note (then the same clause) pairs them up, and what is left on both
    sides is taken as the same gap reworded."""
    out: list[Change] = []
    keys: list[tuple[str, str | None]] = []
    for g in (*v.new.gaps, *v.old.gaps):
        if (g.kind, g.subject) not in keys:
            keys.append((g.kind, g.subject))
    for key in keys:
        olds = [g for g in v.old.gaps if (g.kind, g.subject) == key]
        news = [g for g in v.new.gaps if (g.kind, g.subject) == key]
        for match in (lambda g: _norm(g.note), lambda g: g.source.clause, lambda g: None):
            olds, news = _unmatched(olds, news, match)
        out += [_gap_change(v, "gap-added", g, v.new) for g in news]
        out += [_gap_change(v, "gap-resolved", g, v.old) for g in olds]
    return out


def _unmatched(
    olds: list[Gap], news: list[Gap], key: Callable[[Gap], Hashable]
) -> tuple[list[Gap], list[Gap]]:
    """Drop pairs of gaps with the same ``key``; return what is left of each side."""
    left = list(olds)
    unmatched_new: list[Gap] = []
    for g in news:
        found = next((o for o in left if key(o) == key(g)), None)
        if found is None:
            unmatched_new.append(g)
        else:
            left.remove(found)
    return left, unmatched_new


def _gap_change(v: _Versions, kind: str, gap: Gap, trust: Trust) -> Change:
    about = f", {gap.subject}" if gap.subject else ""
    lead = "New gap in the document" if kind == "gap-added" else "Gap resolved"
    text = f"{lead} ({gap.kind}{about}): {gap.note.strip()}"
    if not text.endswith("."):
        text += "."
    head = (gap.subject or "").split(".")[0]
    body = head if v.old.body(head) or v.new.body(head) else None
    ref = cite(trust, gap.source)
    before, after = (None, gap.kind) if kind == "gap-added" else (gap.kind, None)
    return change(kind, body, gap.subject, text, before, after, ref)


def _readings_by_subject(trust: Trust) -> dict[str, dict[str, tuple[Gap, Any]]]:
    """subject -> {the value as written: (its gap, the reading)} for every reading."""
    out: dict[str, dict[str, tuple[Gap, Any]]] = {}
    for g in trust.gaps:
        for r in g.readings:
            assert g.subject is not None  # a gap with readings has one (schema check)
            out.setdefault(g.subject, {})[json.dumps(r.value, sort_keys=True)] = (g, r)
    return out


def _reading_changes(v: _Versions) -> list[Change]:
    """Readings added or removed: each changes the answers that read its subject, so each is
    a change in practice (the encoded value's own changes are reported with its rule)."""
    old, new = _readings_by_subject(v.old), _readings_by_subject(v.new)
    out: list[Change] = []
    for subject in dict.fromkeys([*new, *old]):
        before, after = old.get(subject, {}), new.get(subject, {})
        for key in after.keys() - before.keys():
            gap, r = after[key]
            out.append(_reading_change(v, "reading-added", subject, key, gap, r, v.new))
        for key in before.keys() - after.keys():
            gap, r = before[key]
            out.append(_reading_change(v, "reading-removed", subject, key, gap, r, v.old))
    return out


def _reading_change(
    v: _Versions, kind: str, subject: str, value: str, gap: Gap, reading: Any, trust: Trust
) -> Change:
    how = f" ({reading.note})" if reading.note else ""
    lead = "New reading" if kind == "reading-added" else "Reading no longer admitted"
    text = f"{lead} of {subject}: {value}{how}; answers that read it are weighed under "
    text += "it." if kind == "reading-added" else "it no more."
    head = subject.split(".")[0]
    body = head if v.old.body(head) or v.new.body(head) else None
    ref = cite(trust, reading.source or gap.source)
    before, after = (None, value) if kind == "reading-added" else (value, None)
    return change(kind, body, subject, text, before, after, ref)


# --- text -----------------------------------------------------------------------------------


def render_diff_text(d: dict[str, Any]) -> str:
    """A readable rendering of ``DiffAnswer.to_dict()``."""
    changes = d.get("changes", [])
    head = f"{d['trust']}: {d['answer'].upper()}"
    if changes:
        head += f" ({counted(len(changes), 'change')} in practice)"
    lines = [head]
    for c in changes:
        clause = f" [{c['source']['clause']}]" if c.get("source") else ""
        lines.append(f"  - {c['text']}{clause}")
    if d.get("explanation"):
        lines.append("Notes:")
        lines += [f"  - {r['text']}" for r in d["explanation"]]
    return "\n".join(lines)
