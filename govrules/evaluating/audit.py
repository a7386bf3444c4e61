"""``govrules audit``: what a year of meeting records shows against the MoU's standing rules.

Single meetings are judged by :func:`govrules.check`; the rules here need a series of them:
how often a body meets, who keeps missing meetings, when an office falls due for election,
and whether minutes went out in time. Every finding cites its clause.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from ..language.paths import gaps_related, with_readings
from ..language.schema import AbsenceRule, Body, Trust
from ..reading.errors import GovrulesError, QueryError
from ..reading.sourcefile import Limits, Located
from .answers import Answer, Reason, SourceRef, cite
from .finding import Finding
from .meetings import CheckAnswer, MeetingRecord, check_parsed, named_trust, read_record
from .readings import combination_words

__all__ = ["AuditAnswer", "AuditFinding", "audit", "record_files"]

Severity = Literal["error", "warning", "unspecified", "info"]
Topic = Literal["frequency", "pre-meeting", "attendance", "election", "minutes", "meeting"]

AuditFinding = Finding
"""An audit's finding is a :class:`~govrules.evaluating.finding.Finding` (this name is kept
for code written against it): its ``code`` is ``audit-`` and the topic, its ``body`` the
body concerned."""


def audit_finding(
    severity: Severity, topic: Topic, body: str, text: str, source: SourceRef | None = None
) -> Finding:
    """One finding of an audit: a topic (frequency, attendance, ...), the body, the clause."""
    return Finding(f"audit-{topic}", severity, text, source=source, body=body, form="audit")


@dataclass(frozen=True)
class AuditAnswer(Answer):
    """The audit of a series of records over a period: ``findings`` (a problem found), else
    ``incomplete`` (a record lacks a fact its meeting's check needs; ``needs`` names the
    records' fields), else ``unspecified`` (the MoU does not settle a meeting), else
    ``clean``."""

    period: tuple[str, str] = ("", "")
    records: int = 0
    findings: tuple[AuditFinding, ...] = field(default=())
    meetings: tuple[dict[str, Any], ...] = field(default=())

    def _extra(self) -> dict[str, Any]:
        return {
            "period": {"from": self.period[0], "to": self.period[1]},
            "records": self.records,
            "findings": [f.to_dict() for f in self.findings],
            "meetings": list(self.meetings),
        }


def record_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the ``.yaml``/``.yml`` files in folders named, in a stable order.

    :raises QueryError: a record is named twice (directly, through a folder, or ``-`` twice):
        it would be counted as two meetings.
    """
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        if str(item) != "-" and path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            out.append(path)
    seen: set[Path | str] = set()
    for path in out:
        key: Path | str = "-" if str(path) == "-" else _identity(path)
        if key in seen:
            what = "standard input (`-`)" if key == "-" else f"the meeting record {path}"
            raise QueryError(
                f"{what} is named twice (directly or through its folder): "
                "each record counts once in an audit"
            )
        seen.add(key)
    return out


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop or an unreadable name: reading it says so
        return path


@dataclass(frozen=True)
class _Meeting:
    record: MeetingRecord
    answer: CheckAnswer
    name: str


def audit(
    trust: Trust,
    records: Iterable[str | Path | Mapping[str, Any]],
    start: dt.date | None = None,
    end: dt.date | None = None,
    trust_root: str | Path | None = None,
    limits: Limits | None = None,
) -> AuditAnswer:
    """Audit meeting records of ``trust`` over a period (default: from 1 January of the first
    record's year to the last record). Absences "in any one year" are reported as soon as
    they reach the number; meeting frequency is judged for a calendar year the period covers
    in full, or one already beyond reach; a body the MoU says meets so often and with no
    record in the period is reported. A record may name ``trust`` by id or by a path relative
    to itself, or not at all. ``trust_root``: as for
    :func:`~govrules.check`, a record whose ``trust:`` leads outside this folder is refused.
    ``limits`` bound what is read (each record, and a trust a record names by path).

    :raises LoadError: a record is malformed or inconsistent (file:line:column), or names a
        trust outside ``trust_root``.
    :raises QueryError: a record belongs to another trust, or no records were given.
    """
    meetings: list[_Meeting] = []
    for item in records:
        record, located, name = read_record(item, limits)
        answer = check_parsed(
            item, record, located, trust=trust, trust_root=trust_root, limits=limits
        )
        if not _names(trust, item, record, located, trust_root, limits):
            raise QueryError(f"{name}: the record is for trust `{record.trust}`, not `{trust.id}`")
        meetings.append(_Meeting(record, answer, name))
    if not meetings:
        raise QueryError("no meeting records were given")
    meetings.sort(key=lambda m: (m.record.date, m.record.body))
    first, last = meetings[0].record.date, meetings[-1].record.date
    ends = "ends" if end is not None else "ends with the last record"
    start = start or dt.date(first.year, 1, 1)
    end = end or last
    if end < start:
        raise QueryError(
            f"the period audited {ends} ({end.isoformat()}) before it starts "
            f"({start.isoformat()}): give the dates (--from, --to) in order"
        )
    given = len(meetings)
    meetings = [m for m in meetings if start <= m.record.date <= end]
    if not meetings:
        # Nothing to vouch for: `clean` would claim what no record shows.
        raise QueryError(
            f"none of the {given} meeting record(s) falls in the period audited "
            f"({start.isoformat()} to {end.isoformat()}): give --from and --to around them"
        )
    # Frequency is judged for a year the period covers, or one already beyond reach;
    # absences "in any one year" as soon as they reach the number, in any year it touches.
    years = [y for y in range(start.year, end.year + 1) if _judged(y, start, end)]
    touched = list(range(start.year, end.year + 1))

    by_body: dict[str, list[_Meeting]] = defaultdict(list)
    for m in meetings:
        by_body[m.record.body].append(m)
    findings: list[AuditFinding] = []
    for body_id, held in by_body.items():
        body = trust.body(body_id)
        assert body is not None  # check() has verified the body
        findings += _weighed(
            trust, body, partial(_frequency, held=held, years=years, start=start, end=end)
        )
        findings += _pre_meetings(trust, body, held, by_body)
        for rule in body.absences:
            findings += _absences(trust, body, rule, held, touched)
        findings += _elections(trust, body, held, end)
        findings += _minutes(trust, body, held)
        findings += _confirmations(trust, body, held, start)
        findings += _unweighed(trust, body)
        for m in held:
            if m.answer.answer == "invalid":
                errors = [f.text for f in m.answer.findings if f.severity == "error"]
                findings.append(
                    audit_finding(
                        "error",
                        "meeting",
                        body.id,
                        f"The meeting of {m.record.date.isoformat()} is invalid: "
                        + "; ".join(errors),
                        next((f.source for f in m.answer.findings if f.severity == "error"), None),
                    )
                )
    unaudited = []
    for body in trust.bodies:
        if body.id not in by_body:
            missing = _weighed(trust, body, partial(_never_met, years=years, start=start, end=end))
            findings += missing
            if not missing:
                unaudited.append(body.id)
    explanation = [_unsettled(trust, m) for m in meetings if m.answer.answer in _UNSETTLED]
    if unaudited:
        explanation.append(Reason(f"No records of: {', '.join(unaudited)}; they are not audited."))
    # A rule of the series the records cannot be held to for want of a fact they leave out.
    series_needs = [
        "minutes_circulated"
        for body_id, held in by_body.items()
        if _minutes_rule(trust, body_id) and any(m.record.minutes_circulated is None for m in held)
    ]
    value, needs = _verdict(findings, meetings, tuple(dict.fromkeys(series_needs)))
    return AuditAnswer(
        trust=trust.id,
        body=None,
        question="audit",
        answer=value,
        explanation=tuple(explanation),
        needs=needs,
        period=(start.isoformat(), end.isoformat()),
        records=len(meetings),
        findings=tuple(findings),
        meetings=tuple(
            {
                "date": m.record.date.isoformat(),
                "body": m.record.body,
                "file": m.name,
                "answer": m.answer.answer,
                **({"needs": list(m.answer.needs)} if m.answer.needs else {}),
            }
            for m in meetings
        ),
    )


_UNSETTLED = ("incomplete", "unspecified")
"""What ``check`` answers for a meeting whose validity the audit cannot vouch for."""


def _minutes_rule(trust: Trust, body_id: str) -> bool:
    """Does the MoU set a deadline for the minutes of ``body_id``'s meetings?"""
    body = trust.body(body_id)
    return (
        body is not None and body.meets is not None and body.meets.minutes_within_days is not None
    )


def _verdict(
    findings: list[AuditFinding], meetings: list[_Meeting], series_needs: tuple[str, ...] = ()
) -> tuple[str, tuple[str, ...]]:
    """The audit's answer and what it needs. A problem found is definite whatever else is open
    (``findings``, as ``check``'s ``invalid`` comes first); otherwise a meeting whose record
    lacks a fact makes the audit ``incomplete`` (needing the record fields its check names,
    and ``series_needs``: those a rule of the series needs, the date minutes went out),
    then one the MoU does not settle (a meeting, or a finding of the series) makes it
    ``unspecified``: ``clean`` vouches for every meeting read."""
    if any(f.severity in ("error", "warning") for f in findings):
        return "findings", ()
    lacking = [m for m in meetings if m.answer.answer == "incomplete"]
    if lacking or series_needs:
        needs = (*(n for m in lacking for n in m.answer.needs), *series_needs)
        return "incomplete", tuple(dict.fromkeys(needs))
    if any(m.answer.answer == "unspecified" for m in meetings) or any(
        f.severity == "unspecified" for f in findings
    ):
        return "unspecified", ()
    return "clean", ()


def _unsettled(trust: Trust, m: _Meeting) -> Reason:
    """Why one meeting's validity is open, citing the first clause its check gave."""
    body = trust.body(m.record.body)
    name = body.name if body is not None else m.record.body
    when = f"The meeting of the {name} on {m.record.date.isoformat()} ({m.name})"
    if m.answer.answer == "incomplete":
        text = (
            f"{when} cannot be judged: its record does not give "
            f"{', '.join(m.answer.needs) or 'a fact its check depends on'}."
        )
    else:
        text = f"{when}: the MoU does not settle whether it was valid."
    sources = [f.source for f in m.answer.findings if f.severity != "info" and f.source]
    return Reason(f"{text} Run `govrules check` on it for why.", sources[0] if sources else None)


def _names(
    trust: Trust,
    item: str | Path | Mapping[str, Any],
    record: MeetingRecord,
    located: Located,
    root: str | Path | None,
    limits: Limits | None = None,
) -> bool:
    """Is ``trust`` the one the record names: by id, by a file named for it, or by a path
    (relative to the record) to a file holding it? A record that names none is taken as
    given."""
    if record.trust is None or trust.id in (record.trust, Path(record.trust).stem):
        return True
    try:
        return named_trust(item, record, located, root, limits).id == trust.id
    except GovrulesError:
        return False


def _judged(year: int, start: dt.date, end: dt.date) -> bool:
    """Does the period cover all of ``year``?"""
    return start <= dt.date(year, 1, 1) and dt.date(year, 12, 31) <= end


def _frequency(
    trust: Trust,
    body: Body,
    held: list[_Meeting],
    years: list[int],
    start: dt.date,
    end: dt.date,
) -> dict[int | None, AuditFinding]:
    """Each year ``body`` met less often than the MoU says, by year."""
    rule = body.meets
    if rule is None or not rule.settled or not rule.per_year:
        return {}
    out: dict[int | None, AuditFinding] = {}
    for year in range(start.year, end.year + 1):
        n = sum(m.record.date.year == year for m in held)
        if year not in years:
            # A year the period ends in is judged early only where the meetings still needed
            # outnumber the days left (one meeting a day at most).
            left = (dt.date(year, 12, 31) - end).days
            if start > dt.date(year, 1, 1) or year != end.year or n + left >= rule.per_year:
                continue
        if n < rule.per_year:
            out[year] = audit_finding(
                "warning",
                "frequency",
                body.id,
                f"The {body.name} met {n} time(s) in {year}; the MoU says it meets "
                + _how_often(rule.frequency, rule.per_year),
                cite(trust, rule.source),
            )
    return out


def _weighed(
    trust: Trust,
    body: Body,
    judge: Callable[[Trust, Body], dict[int | None, AuditFinding]],
) -> list[AuditFinding]:
    """What ``judge`` finds of how often ``body`` meets (by year, or for the period), under
    every combination of the readings of that rule: where they differ on whether a year has
    something to report, one ``unspecified`` finding for it says what each finds (a
    meeting's check weighs the readings of the rules it reads; this is the series' own)."""
    found = judge(trust, body)
    related = [i for i in gaps_related(trust, f"{body.id}.meets") if trust.gaps[i].readings]
    if not related:
        return list(found.values())
    gaps = [trust.gaps[i] for i in related]
    outcomes: list[tuple[str, dict[int | None, AuditFinding]]] = []
    for choice in itertools.product(*(range(len(g.readings) + 1) for g in gaps)):
        picks = tuple((i, k) for i, k in zip(related, choice, strict=True) if k)
        read = with_readings(trust, picks) if picks else trust
        here = read.body(body.id)
        words = combination_words(trust, gaps, choice)
        outcomes.append((words, judge(read, here) if here is not None else {}))
    clauses = ", ".join(dict.fromkeys(g.source.clause for g in gaps))
    out = []
    keys = {k for _, by_key in outcomes for k in by_key}
    for key in sorted(keys, key=lambda k: (k is None, k or 0)):  # by year, the period last
        each = [(words, by_key.get(key)) for words, by_key in outcomes]
        if len({f.severity if f else None for _, f in each}) == 1:
            out.append(found[key])  # every reading finds it, alike (the encoded is first)
            continue
        said = " ".join(
            f"Under {words}: {f.text if f else 'nothing to report.'}" for words, f in each
        )
        out.append(
            audit_finding(
                "unspecified",
                "frequency",
                body.id,
                f"The readings of {clauses} differ on how often the {body.name} meets. {said}",
                cite(trust, gaps[0].source),
            )
        )
    return out


_SERIES_RULES: tuple[tuple[str, str, Topic], ...] = (
    ("absences", "the absences to follow up", "attendance"),
    ("chair.term_months", "when the chair falls due for election", "election"),
    ("vice_chair.term_months", "when the vice-chair falls due for election", "election"),
    ("meets.minutes_within_days", "when the minutes go out", "minutes"),
    ("meets.before_each", "the meeting held before another", "pre-meeting"),
)
"""The rules of a series the audit applies as encoded (how often a body meets is weighed
under its readings, :func:`_weighed`): a path under the body, the rule in words, the topic."""


def _unweighed(trust: Trust, body: Body) -> list[AuditFinding]:
    """For a rule of the series the text reads more than one way, which the audit applies as
    encoded only: a finding that says so, so the audit is not taken to settle what a reading
    could change (none of the bundled trusts has one)."""
    out = []
    for path, what, topic in _SERIES_RULES:
        gaps = [
            g for i in gaps_related(trust, f"{body.id}.{path}") if (g := trust.gaps[i]).readings
        ]
        if gaps:
            clauses = ", ".join(dict.fromkeys(g.source.clause for g in gaps))
            out.append(
                audit_finding(
                    "unspecified",
                    topic,
                    body.id,
                    f"The text reads {what} for the {body.name} more than one way ({clauses}), "
                    "and the audit applies it as encoded only: what it finds there is not "
                    "settled.",
                    cite(trust, gaps[0].source),
                )
            )
    return out


def _how_often(frequency: str | None, per_year: int) -> str:
    if str(per_year) in (frequency or ""):
        return f"{frequency}."
    return f"{frequency} (at least {per_year} a year)."


def _never_met(
    trust: Trust, body: Body, years: list[int], start: dt.date, end: dt.date
) -> dict[int | None, AuditFinding]:
    """A body the MoU requires to meet, with no record in the period: by year where a year
    is judged, else for the period (``None``)."""
    rule = body.meets
    if rule is None or not rule.settled or not rule.per_year:
        return {}
    judged = _frequency(trust, body, [], years, start, end)
    days = (end - start).days + 1
    if judged or days < 365 / rule.per_year:
        return judged  # too short a period to expect a meeting in: nothing to say
    # A whole year's length with no meeting breaks "so many times a year" however the year is
    # counted; part of one does not settle a count per year, though at that frequency a
    # meeting would be expected ("quarterly" read as once in each quarter).
    whole = days >= 365
    how_often = _how_often(rule.frequency, rule.per_year)
    return {
        None: audit_finding(
            "warning" if whole else "unspecified",
            "frequency",
            body.id,
            f"No meeting of the {body.name} is recorded from {start.isoformat()} to "
            f"{end.isoformat()}"
            + (
                f", {days} days; the MoU says it meets {how_often}"
                if whole
                else f"; the MoU says it meets {how_often.rstrip('.')}, which a count over "
                "part of a year does not settle."
            ),
            cite(trust, rule.source),
        )
    }


def _pre_meetings(
    trust: Trust, body: Body, held: list[_Meeting], by_body: Mapping[str, list[_Meeting]]
) -> list[AuditFinding]:
    rule = body.meets
    if rule is None or rule.before_each is None:
        return []
    own = {m.record.date for m in held}
    return [
        audit_finding(
            "warning",
            "pre-meeting",
            body.id,
            f"No {body.name} met before the {rule.before_each} meeting of "
            f"{m.record.date.isoformat()}; the MoU has one before each.",
            cite(trust, rule.source),
        )
        for m in by_body.get(rule.before_each, [])
        if m.record.date not in own
    ]


def _present_units(body: Body, rule: AbsenceRule, record: MeetingRecord) -> set[str]:
    deputies = set(record.substitutes)
    units = set()
    for seat_id in record.attendees:
        if seat_id in deputies and rule.deputy_counts_as_present is False:
            continue
        seat = body.seat(seat_id)
        units.add(seat.partner if rule.by == "partner" and seat and seat.partner else seat_id)
    return units


def _units_out(body: Body, rule: AbsenceRule, record: MeetingRecord) -> set[str]:
    """Units with no member in office at the meeting (every place vacant, as the record names
    them, or held by a suspended member): no one there could attend, so none was absent."""
    out = Counter(record.vacant or ()) + Counter(record.suspended)
    held: dict[str, bool] = {}
    for seat in body.seats:
        unit = seat.partner if rule.by == "partner" and seat.partner else seat.id
        held[unit] = held.get(unit, False) or out[seat.id] < seat.count
    return {unit for unit, filled in held.items() if not filled}


def _absences(
    trust: Trust, body: Body, rule: AbsenceRule, held: list[_Meeting], years: list[int]
) -> list[AuditFinding]:
    units = sorted({s.partner if rule.by == "partner" and s.partner else s.id for s in body.seats})

    def who(unit: str) -> str:
        partner = trust.partner(unit)
        return f"{partner.name} (`{unit}`)" if partner else f"`{unit}`"

    source = cite(trust, rule.source)
    action = {"follow-up": "to be followed up with", "removal": "removal of"}[rule.consequence]
    out = []
    if rule.window == "year":
        for year in years:
            meetings = [m for m in held if m.record.date.year == year]
            for unit in units:
                missed = [
                    m.record.date.isoformat()
                    for m in meetings
                    if unit not in _present_units(body, rule, m.record)
                    and unit not in _units_out(body, rule, m.record)
                ]
                if len(missed) >= rule.absences:
                    out.append(
                        audit_finding(
                            "warning",
                            "attendance",
                            body.id,
                            f"{who(unit)} was absent from {len(missed)} {body.name} "
                            f"meeting(s) in {year} ({', '.join(missed)}): {action} the partner.",
                            source,
                        )
                    )
        return out
    for unit in units:
        run: list[str] = []
        for m in held:
            if unit in _present_units(body, rule, m.record):
                run = []
                continue
            if unit in _units_out(body, rule, m.record):
                continue  # no member in office to be absent: the run neither grows nor ends
            run.append(m.record.date.isoformat())
            if len(run) == rule.absences:
                out.append(
                    audit_finding(
                        "warning",
                        "attendance",
                        body.id,
                        f"{who(unit)} missed {len(run)} consecutive {body.name} meetings "
                        f"({', '.join(run)}): {action} {who(unit)}.",
                        source,
                    )
                )
    return out


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last))


def _elections(trust: Trust, body: Body, held: list[_Meeting], end: dt.date) -> list[AuditFinding]:
    out = []
    for name, office in (("chair", body.chair), ("vice-chair", body.vice_chair)):
        if office is None or office.term_months is None or office.seat is not None:
            continue
        # The clock starts at the first election recorded, or else at the first meeting.
        elected = [m.record.date for m in held if any(e.office == name for e in m.record.elections)]
        since = elected[0] if elected else held[0].record.date
        term = office.term or f"{office.term_months} months"
        for date, late in [
            *((d, f"the next is recorded on {d.isoformat()}") for d in elected[1:]),
            (end, f"none is recorded by {end.isoformat()}"),
        ]:
            due = _add_months(since, office.term_months)
            if date > due:
                out.append(
                    audit_finding(
                        "warning",
                        "election",
                        body.id,
                        f"The {name} of the {body.name} was due for election by {due.isoformat()} "
                        f"(term: {term}; last elected on or before {since.isoformat()}); {late}.",
                        cite(trust, office.source),
                    )
                )
            since = date
    return out


def _confirmations(
    trust: Trust, body: Body, held: list[_Meeting], start: dt.date
) -> list[AuditFinding]:
    """A decision taking a later step of a procedure whose previous step is a decision of the
    same body (a resolution confirmed at a later meeting): the earlier meeting's record, in
    the period, must show that decision carried."""
    by_date: dict[dt.date, list[_Meeting]] = defaultdict(list)
    for m in held:
        by_date[m.record.date].append(m)
    out: list[AuditFinding] = []
    for m in held:
        for dec in m.record.decisions:
            proc = trust.procedure(dec.procedure or "")
            since = dec.previous_date or dec.objection_date
            if proc is None or dec.step is None or dec.step < 2 or since is None:
                continue
            # The resolution this one confirms: the step naming it in `confirmed_by`, else
            # the step before.
            before = next(
                (i + 1 for i, s in enumerate(proc.steps) if s.confirmed_by == dec.step),
                dec.step - 1,
            )
            previous = proc.steps[before - 1]
            if previous.vote is None or (previous.body or body.id) != body.id:
                continue  # the step before is no decision of this body (an objection, say)
            src = cite(trust, proc.steps[dec.step - 1].source or proc.source)
            when = m.record.date.isoformat()
            earlier = [
                d
                for e in by_date.get(since, [])
                for r, d in zip(e.record.decisions, e.answer.decisions, strict=True)
                if r.procedure == proc.id and r.step == before
            ]
            what = f"`{dec.motion}` ({when}, step {dec.step} of `{proc.id}`)"
            if not earlier:
                if since < start:
                    continue  # the earlier meeting lies outside the period audited
                out.append(
                    audit_finding(
                        "warning",
                        "meeting",
                        body.id,
                        f"{what} follows the meeting of {since.isoformat()}, but no record of "
                        f"that meeting shows a decision taking step {before}.",
                        src,
                    )
                )
            elif not any(
                d.answer == "carried" and (d.binding is not False or d.effect == "pending")
                for d in earlier
            ):
                # Lost, or carried but void or in principle only: say which.
                was = " or ".join(
                    sorted(
                        {
                            f"carried but {d.effect}"
                            if d.answer == "carried"
                            else f"not carried ({d.answer})"
                            for d in earlier
                        }
                    )
                )
                out.append(
                    audit_finding(
                        "error",
                        "meeting",
                        body.id,
                        f"{what} confirms the decision of {since.isoformat()}, which was {was}.",
                        src,
                    )
                )
            else:
                out.append(
                    audit_finding(
                        "info",
                        "meeting",
                        body.id,
                        f"{what} confirms the decision carried on {since.isoformat()}.",
                        src,
                    )
                )
    return out


def _minutes(trust: Trust, body: Body, held: list[_Meeting]) -> list[AuditFinding]:
    rule = body.meets
    if rule is None or rule.minutes_within_days is None:
        return []
    source = cite(trust, rule.minutes_source or rule.source)
    out = []
    for m in held:
        sent = m.record.minutes_circulated
        if sent is None:
            out.append(
                audit_finding(
                    "info",
                    "minutes",
                    body.id,
                    f"The record of {m.record.date.isoformat()} does not say when minutes "
                    "went out (`minutes_circulated`), so their deadline cannot be checked.",
                    source,
                )
            )
        elif (sent - m.record.date).days > rule.minutes_within_days:
            out.append(
                audit_finding(
                    "warning",
                    "minutes",
                    body.id,
                    f"Minutes of {m.record.date.isoformat()} went out "
                    f"{(sent - m.record.date).days} days later; the MoU says within "
                    f"{rule.minutes_within_days}.",
                    source,
                )
            )
    return out
