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

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..evaluating.answers import Answer, Reason, SourceRef, cite
from ..evaluating.escalation import procedure_words
from ..evaluating.finding import Finding
from ..evaluating.kinds import aspects, procedure_aspects, trust_aspects
from ..evaluating.rulekind import Altered, ProcedureSide, Side, norm, pairs, target_words
from ..language.phrasebook import LINK, counted
from ..language.schema import (
    Body,
    Gap,
    Procedure,
    Source,
    Trust,
)
from ..language.vocabulary import REGIONS

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
    "absences-changed",
    "interests-changed",
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
    "procedure-status-changed",
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


COMPARED_HERE = (
    "Trust.document", "Document.status", "Trust.calendar", "Calendar.region",
    "Trust.partners", "Partner.id", "Partner.statutory", "Partner.kind", "Trust.bodies",
    "Body.id", "Body.instances", "Body.accountable_to", "Body.reports_to", "Body.delegates_to",
    "Link.to", "Rule.conflicting",
    "Trust.procedures", "Trust.gaps", "Gap.kind", "Gap.subject", "Gap.readings",
    "Reading.value",
)  # fmt: skip
"""What the sections below compare, outside the rule kinds (``evaluating.kinds``)."""

NOT_COMPARED_HERE = {
    "Trust.id": "the trust's id: two versions of one MoU are compared",
    "Trust.name": "words, read by people",
    "Trust.effective": "when a version is in force, not what it says",
    "Effective.from_": "when a version is in force, not what it says",
    "Effective.until": "when a version is in force, not what it says",
    "Trust.external_bodies": "named by lines and final arbiters, which are compared",
    "ExternalBody.id": "named by lines and final arbiters, which are compared",
    "ExternalBody.name": "words, read by people",
    "Trust.statutory_board": "no answer reads it (validate checks it, GR109)",
    "StatutoryBoard.body": "no answer reads it (validate checks it, GR109)",
    "StatutoryBoard.exempt": "no answer reads it (validate checks it, GR109)",
    "Document.title": "words, read by people",
    "Document.date": "the document's date, not a rule",
    "Document.file": "where the source document is",
    "Document.clauses": "the document's clause list, not a rule",
    "Document.numbering": "where clauses start in the source document, not a rule",
    "Document.not_procedural": "clauses with no rule",
    "DeclaredClause.clause": "where clauses start in the source document, not a rule",
    "DeclaredClause.at": "where clauses start in the source document, not a rule",
    "DeclaredClause.after": "where clauses start in the source document, not a rule",
    "DeclaredClause.within": "where clauses start in the source document, not a rule",
    "NotProcedural.clause": "clauses with no rule",
    "NotProcedural.reason": "clauses with no rule",
    "Partner.name": "words, read by people: partners are matched by id",
    "Body.name": "words, read by people: bodies are matched by id",
    "Body.purpose": "words, read by people",
    "Gap.encoded": "what the rule as encoded says, in words",
    "Source.clause": "a citation",
    "Source.document": "a citation",
}
"""Fields outside the rule kinds that no answer turns on, with the reason."""


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
        *_trust_kind_changes(v),
        *_body_changes(v),
        *_trust_kind_changes(v, after_bodies=True),
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
    for old, new in pairs(v.old.partners, v.new.partners, lambda p: p.id):
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
    for old, new in pairs(v.old.bodies, v.new.bodies, lambda b: b.id):
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
    return [
        *_instances_changes(v, old, new),
        *_kind_changes(v, old, new),
        *_line_changes(v, old, new),
        *_conflict_changes(v, old, new),
    ]


_BODY_RULES = ("membership", "meets", "chair", "vice_chair", "substitutes", "quorum",
               "voting", "interests")  # fmt: skip


def _kind_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    """What each rule kind's aspects find changed in a body (``evaluating.kinds``)."""
    before, after = Side(v.old, old), Side(v.new, new)
    return [
        _change(v, a, new.id, a.subject)
        for aspect in aspects()
        for a in aspect.compare(before, after)
    ]


def _change(v: _Versions, a: Altered, body: str | None, subject: str | None) -> Change:
    """A change as ``diff`` reports it, from what an aspect yields: cited from the version
    that has the rule (the old one for something removed)."""
    ref = a.cited or (v.old_ref(a.source) if a.cited_in_old else v.new_ref(a.source))
    return change(a.kind, body, subject, a.text, a.before, a.after, ref)


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


# --- offices, meetings, substitutes ---------------------------------------------------------


# --- lines between bodies -------------------------------------------------------------------


def _line_changes(v: _Versions, old: Body, new: Body) -> list[Change]:
    out: list[Change] = []
    for name, words in LINK.items():
        gained, lost = words.gained, words.lost
        links_before, links_after = getattr(old, name), getattr(new, name)
        for before, after in pairs(links_before, links_after, lambda link: link.to):
            if before is None and after is not None:
                text = f"The {new.name} {gained} {target_words(v.new, after.to)}."
                line, ref = f"{name}: {after.to}", v.new_ref(after.source)
                out.append(change("line-added", new.id, after.to, text, None, line, ref))
            elif after is None and before is not None:
                text = f"The {new.name} {lost} {target_words(v.old, before.to)}."
                line, ref = f"{name}: {before.to}", v.old_ref(before.source)
                out.append(change("line-removed", new.id, before.to, text, line, None, ref))
    return out


# --- constraints ----------------------------------------------------------------------------


# --- procedures -----------------------------------------------------------------------------


def _procedure_changes(v: _Versions) -> list[Change]:
    out: list[Change] = []
    for old, new in pairs(v.old.procedures, v.new.procedures, lambda p: p.id):
        if old is None and new is not None:
            steps = counted(len(new.steps), "step")
            text = f"New procedure: {procedure_words(new)} (`{new.id}`), with {steps}."
            ref = v.new_ref(new.source)
            out.append(change("procedure-added", None, new.id, text, None, new.name, ref))
        elif new is None and old is not None:
            text = f"Procedure removed: {procedure_words(old)} (`{old.id}`)."
            ref = v.old_ref(old.source)
            out.append(change("procedure-removed", None, old.id, text, old.name, None, ref))
        elif old is not None and new is not None:
            out += _procedure_kind_changes(v, old, new)
    return out


def _trust_kind_changes(v: _Versions, after_bodies: bool = False) -> list[Change]:
    """What each rule kind's aspects of the whole trust find changed (``evaluating.kinds``),
    reported before the bodies' changes or after them."""
    return [
        _change(v, a, a.body, a.subject)
        for aspect in trust_aspects()
        if aspect.after_bodies == after_bodies
        for a in aspect.compare(v.old, v.new)
    ]


def _procedure_kind_changes(v: _Versions, old: Procedure, new: Procedure) -> list[Change]:
    """What each rule kind's procedure aspects find changed (``evaluating.kinds``)."""
    before, after = ProcedureSide(v.old, old), ProcedureSide(v.new, new)
    return [
        _change(v, a, a.body, new.id)
        for aspect in procedure_aspects()
        for a in aspect.compare(before, after)
    ]


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
        for match in (lambda g: norm(g.note), lambda g: g.source.clause, lambda g: None):
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
        # In the files' order, not a set's: the same two versions give the same report.
        for key in [k for k in after if k not in before]:
            gap, r = after[key]
            out.append(_reading_change(v, "reading-added", subject, key, gap, r, v.new))
        for key in [k for k in before if k not in after]:
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
