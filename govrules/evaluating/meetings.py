"""``govrules check``: is a recorded meeting, and each decision in it, valid under the MoU?

A meeting record (see the public contract) names the trust, body, date, attendees,
substitutes and decisions. Inconsistent records — unknown ids, a vote by a seat not present,
the same seat voting twice, more attendees than a seat has places, a date that is not a date —
are errors pointing at the line. A consistent record gets findings, each with its clause:
``error`` (the rules were broken), ``unspecified`` (the MoU does not settle it), ``warning`` and
``info``.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..compiling.loader import STDIN_HINT, confine, pydantic_error
from ..language.paths import EVERY, found_at, replace
from ..language.phrasebook import INQUORATE_EFFECT, SUBSTITUTE, as_clause, counted
from ..language.schema import (
    AbsenceRule,
    Body,
    Cited,
    Day,
    Id,
    Interests,
    Meetings,
    Office,
    Rule,
    Substitutes,
    Trust,
    Whole,
    model_schema,
)
from ..reading.errors import GovrulesError, LoadError, QueryError, excerpt, quoted
from ..reading.sourcefile import Limits, Located, Path_
from .answers import Answer, QuorumAnswer, Reason, SeatRight, SourceRef, VoteAnswer, cite
from .conditions import Matter
from .finding import Finding, Severity
from .inoffice import InOffice, OfficeFacts, check_attendance, in_office
from .items import rooms
from .lacking import for_records, named, record_fields
from .matters import NO_KIND, check_kind, implied_kind
from .quorate import StandIns, meeting_quorum
from .readings import (
    MAX_COMBINATIONS,
    Reads,
    combination_words,
    conflicts_read,
    evaluate_combinations,
    gaps_read,
    ruled_out_lines,
)
from .rights import seat_rights, voting_step
from .rulekind import (
    Altered,
    Aspect,
    Check,
    Problem,
    RuleKind,
    Side,
    norm,
    settled,
    unsettled_words,
)
from .voting import seat_weights, vote

__all__ = [
    "KIND",
    "CheckAnswer",
    "Finding",
    "MeetingRecord",
    "check",
    "json_schema",
    "parse_record",
]


class _Record(BaseModel):
    # The validators are built when a record is first read, not at import: `validate`
    # imports this module for its checks and reads no record (benchmarks/cli.py; building
    # them also imported `importlib.metadata`, for pydantic's plugins).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Decision(_Record):
    """A motion put to the meeting, and how each seat voted."""

    motion: str
    """The motion, in words."""
    for_: tuple[Id, ...] = Field(default=(), alias="for")
    """Seats that voted for (a seat with several places once per member who did)."""
    against: tuple[Id, ...] = ()
    """Seats that voted against."""
    abstain: tuple[Id, ...] = ()
    """Seats that abstained."""
    chair_casts: Literal["for", "against"] | None = None
    """The chair's casting vote, where one was given: ``for`` or ``against``."""
    invalid: Whole = Field(default=0, ge=0)
    """Invalid (spoilt) ballots, in votes; a ``ballots-cast`` base counts them."""
    procedure: Id | None = None
    """The procedure the vote is taken under (e.g. ``conflict-resolution``), for its voting
    rule and timings."""
    step: Whole | None = Field(default=None, ge=1)
    """The step of the ``procedure`` this decision takes (1 for the first), whose wait and
    deadline are judged; omitted, those of a timed route leading to the body, else every
    step's wait."""
    previous_date: Day | None = None
    """The date of the event the step's days are counted from: the earlier meeting whose
    resolution this one confirms, the referral, the objection (the step's ``counted_from``)."""
    objection_date: Day | None = None
    """The date of the formal objection, for a dispute procedure that times its steps from one
    (the same as ``previous_date``; give one or the other)."""
    affects: tuple[Id, ...] | None = None
    """Partners whose statutory duty, powers or finances the matter directly affects. Omitted:
    the matter is not described; ``[]``: it affects nobody."""
    implementers: tuple[Id, ...] | None = None
    """Partners that are to implement the decision (omitted: not described; ``[]``: none)."""
    interests: tuple[Id, ...] = ()
    """Seats whose holders declared an interest in this item."""
    arrived: tuple[Id, ...] = ()
    """Members (by seat) who arrived late, before this item: absent for the items before it."""
    left: tuple[Id, ...] = ()
    """Members (by seat) who left before this item: absent for it and every later item."""
    withdrawn: tuple[Id, ...] = ()
    """Members (by seat) out of the room for this item only, for any reason other than a
    declared interest (``interests`` gives those)."""
    matter: Id | None = None
    """The kind of matter decided (one the trust declares in ``matters``, or ``none``), where
    the rules treat some kinds differently. Omitted: not said."""


class Election(_Record):
    """An office filled at the meeting."""

    office: Literal["chair", "vice-chair"]
    """``chair`` or ``vice-chair``."""
    seat: Id | None = None
    """The seat of the person elected, where the record says."""


class MeetingRecord(_Record):
    """A meeting of one body of a trust: who attended, and the decisions taken
    (``docs/records.md``)."""

    trust: str | None = None
    """The trust: a bundled trust's name, or the path of its file (or folder of versions)
    relative to the record. Optional where the caller supplies the trust."""
    body: Id
    """The id of the body that met."""
    date: Day
    """The date of the meeting (``2010-03-01``)."""
    attendees: tuple[Id, ...]
    """Seat ids present for any part of the meeting, a seat with several places once per
    member (``arrived``, ``left`` and ``withdrawn`` on a decision say who missed it)."""
    substitutes: tuple[Id, ...] = ()
    """Seats attended by a deputy or substitute rather than the member."""
    vacancies: Whole | None = Field(default=None, ge=0)
    """Places vacant at the date of the meeting, in all (omitted: not stated)."""
    vacant: tuple[Id, ...] | None = None
    """Seats of the places vacant, a seat once per place (omitted: not stated)."""
    suspended: tuple[Id, ...] = ()
    """Seats of members suspended at the date of the meeting, once per member."""
    decisions: tuple[Decision, ...] = ()
    """The motions put to the meeting, in order."""
    elections: tuple[Election, ...] = ()
    """Offices filled at the meeting."""
    minutes_circulated: Day | None = None
    """The date the minutes went out."""


def check_finding(
    severity: Severity, text: str, source: SourceRef | None = None, decision: int | None = None
) -> Finding:
    """A finding of ``check`` about a meeting record, with its clause: ``check-decision``
    about the record's decision of index ``decision``, else ``check-meeting``."""
    code = "check-meeting" if decision is None else "check-decision"
    return Finding(code, severity, text, source=source, decision=decision, form="check")


@dataclass(frozen=True)
class DecisionResult:
    """The outcome of one decision of a meeting record, and whether it binds."""

    motion: str
    answer: str
    binding: bool | None
    effect: str
    vote: VoteAnswer | None
    quorate: str = "unspecified"
    """Whether the item was quorate, judged on the members in the room for it."""

    def to_dict(self) -> dict[str, Any]:
        d = self.vote.to_dict() if self.vote else {}
        return {
            "motion": self.motion,
            "answer": self.answer,
            "binding": self.binding,
            "effect": self.effect,
            "quorate": self.quorate,
            "present": d.get("present"),
            "for": d.get("for"),
            "against": d.get("against"),
            "abstain": d.get("abstain"),
            "invalid": d.get("invalid", 0),
            "weighted": d.get("weighted", False),
            "tie": d.get("tie"),
            "concurrence": d.get("concurrence", []),
            "explanation": d.get("explanation", []),
        }


@dataclass(frozen=True)
class CheckAnswer(Answer):
    """Whether a recorded meeting, and each decision in it, is ``valid``."""

    date: str = ""
    quorate: str = "unspecified"
    findings: tuple[Finding, ...] = field(default=())
    decisions: tuple[DecisionResult, ...] = field(default=())

    def _extra(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "quorate": self.quorate,
            "findings": [f.to_dict() for f in self.findings],
            "decisions": [d.to_dict() for d in self.decisions],
        }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a meeting record, each field described."""
    return model_schema(MeetingRecord, "govrules meeting record")


def parse_record(record: str | Path | Mapping[str, Any]) -> tuple[MeetingRecord, str]:
    """Read and validate a meeting record's shape (not yet against its trust)."""
    record_, _, name = read_record(record)
    return record_, name


def read_record(
    record: str | Path | Mapping[str, Any] | Located,
    limits: Limits | None = None,
) -> tuple[MeetingRecord, Located, str]:
    """The record parsed: from a file, a mapping, or YAML already read (``Located``, whose
    errors keep its name and positions: text that came over the network, not from a file);
    ``limits`` bound what is read from a file."""
    if isinstance(record, Located):
        located = record
    elif isinstance(record, Mapping):
        located = Located(data=dict(record), path="<record>")
    else:
        # Imported here: `validate` reaches this module for its checks, and reads a bundled
        # trust with no YAML reader (benchmarks/cli.py, `validate NAME`).
        from ..reading.yamlsource import read_yaml

        located = read_yaml(record, limits)
    if not isinstance(located.data, dict):
        raise located.error((), "a meeting record is a mapping with trust, body, date, ...")
    try:
        parsed = MeetingRecord.model_validate(located.data)
    except ValidationError as exc:
        raise pydantic_error(located, exc.errors(include_url=False)[0], MeetingRecord) from None
    return parsed, located, located.path


def check(
    record: str | Path | Mapping[str, Any] | Located,
    trust: Trust | None = None,
    trust_root: str | Path | None = None,
    *,
    limits: Limits | None = None,
) -> CheckAnswer:
    """Check a meeting record (a file, or an already-parsed mapping).

    ``trust`` overrides the trust the record names (a bundled name, or a path relative to
    the record's folder); with it, the record need not name one. ``trust_root`` confines that
    name: a record whose ``trust:`` leads, once symlinks are followed, outside this folder is
    refused before anything there is read
    (a bundled trust's name is always allowed) — for records from people who may not read
    every file the checker can. ``limits`` (:class:`Limits`) bound what is read, the record
    and the trust it names, as for :func:`~govrules.validate`.

    :raises LoadError: the record is malformed or inconsistent (with file:line:column), or
        names a trust outside ``trust_root``.
    """
    parsed, located, _ = read_record(record, limits)
    return check_parsed(record, parsed, located, trust, trust_root, limits=limits)


def check_parsed(
    record: str | Path | Mapping[str, Any] | Located,
    parsed: MeetingRecord,
    located: Located,
    trust: Trust | None = None,
    trust_root: str | Path | None = None,
    *,
    limits: Limits | None = None,
) -> CheckAnswer:
    """:func:`check` on a record already read by :func:`read_record` (``record`` is what it
    was read from, for a ``trust:`` relative to it), so a caller that needs the parsed record
    too reads it once."""
    if trust is None:
        trust = named_trust(record, parsed, located, trust_root, limits)
    elif parsed.trust is not None and trust_root is not None:
        # A record naming a trust outside the trusts folder is refused, given a trust or not.
        _trust_target(record, parsed, located, trust_root)
    body = trust.body(parsed.body)
    if body is None:
        raise located.error(("body",), f"trust `{trust.id}` has no body `{parsed.body}`")
    office, in_room = _check_consistency(located, body, parsed, seat_weights(trust, body))
    _check_references(located, trust, body, parsed)
    with for_records():  # what the record lacks is named by its fields, not by options
        return _weighed(trust, body, parsed, office, in_room)


def named_trust(
    record: str | Path | Mapping[str, Any] | Located,
    parsed: MeetingRecord,
    located: Located,
    root: str | Path | None,
    limits: Limits | None = None,
) -> Trust:
    """The trust the record names, as in force on the meeting's date (read within
    ``limits``).

    :raises LoadError: the record names none, one outside ``root``, or one that cannot load.
    """
    from ..compiling.versions import load_as_of

    target = _trust_target(record, parsed, located, root)
    try:
        # The rules in force on the meeting's date, where the trust is a folder of versions.
        return load_as_of(target, parsed.date, limits)
    except GovrulesError as exc:
        # Say which record named the trust; the trust's own error follows.
        raise located.error(
            ("trust",), f"cannot use trust `{excerpt(parsed.trust or '')}`: {quoted(exc)}"
        ) from None


def _trust_target(
    record: str | Path | Mapping[str, Any] | Located,
    parsed: MeetingRecord,
    located: Located,
    root: str | Path | None,
) -> str | Path:
    """What the record's ``trust:`` names: a file or folder relative to the record's own
    folder where there is one (``northshire`` names ``northshire.yaml`` beside the record),
    else a bundled name (or a path from the working folder)."""
    if parsed.trust is None:
        raise located.error(
            (),
            "the record does not say which trust it is under",
            "add `trust:` with a bundled name or the path of the MoU file, relative to the record",
        )
    base = Path.cwd() if isinstance(record, Mapping | Located) else Path(record).parent
    try:
        relative = base / parsed.trust
        named = [relative]
        if not relative.suffix:  # a trust's id: the file named for it
            named += [relative.with_name(relative.name + ext) for ext in (".yaml", ".yml")]
        target: str | Path = next((p for p in named if p.exists()), parsed.trust)
    except (OSError, ValueError):  # a name too long for the system, a NUL: no such file
        target = parsed.trust
    if target == "-":  # `-` is standard input on the command line, never in a file
        raise located.error(
            ("trust",), "a record's trust cannot be `-` (standard input)", STDIN_HINT
        )
    if root is None:
        return target
    try:
        return confine(target, root)
    except LoadError as exc:
        raise located.error(
            ("trust",), f"cannot use trust `{excerpt(parsed.trust)}`: {exc.message}", exc.hint
        ) from None


def _check_references(located: Located, trust: Trust, body: Body, rec: MeetingRecord) -> None:
    known = {p.id for p in trust.partners} | {s.id for s in body.seats}
    for d, dec in enumerate(rec.decisions):
        if dec.procedure is not None and trust.procedure(dec.procedure) is None:
            names = ", ".join(p.id for p in trust.procedures) or "none"
            raise located.error(
                ("decisions", d, "procedure"),
                f"trust `{trust.id}` has no procedure `{dec.procedure}` (procedures: {names})",
            )
        if dec.matter is not None:
            try:
                check_kind(trust, dec.matter)
            except QueryError as exc:
                raise located.error(("decisions", d, "matter"), str(exc)) from None
        _check_timing_fields(located, trust, rec, d, dec)
        for key in ("affects", "implementers"):
            for i, name in enumerate(getattr(dec, key) or ()):
                if name not in known:
                    raise located.error(
                        ("decisions", d, key, i),
                        f"`{name}` is neither a partner of `{trust.id}` nor a seat of `{body.id}`",
                    )


def office_facts(rec: MeetingRecord) -> OfficeFacts:
    """The membership in office a record states (govrules.evaluating.inoffice)."""
    return OfficeFacts(rec.vacancies, rec.vacant, rec.suspended)


def _record_office(located: Located, body: Body, rec: MeetingRecord) -> InOffice:
    # The vacancies alone first, so an error points at the field that makes it impossible.
    try:
        in_office(body, OfficeFacts(rec.vacancies, rec.vacant))
    except QueryError as exc:
        raise located.error(("vacant" if rec.vacant else "vacancies",), str(exc)) from None
    try:
        office = in_office(body, office_facts(rec))
    except QueryError as exc:
        raise located.error(("suspended",), str(exc)) from None
    try:
        check_attendance(body, office, Counter(rec.attendees), len(rec.attendees), "attendees")
    except QueryError as exc:
        raise located.error(("attendees",), str(exc)) from None
    return office


def _check_timing_fields(
    located: Located, trust: Trust, rec: MeetingRecord, d: int, dec: Decision
) -> None:
    proc = trust.procedure(dec.procedure) if dec.procedure is not None else None
    for key in ("step", "previous_date", "objection_date"):
        if getattr(dec, key) is not None and proc is None:
            raise located.error(
                ("decisions", d, key), f"`{key}` needs the `procedure` the decision is taken under"
            )
    if proc is None:
        return
    if dec.step is not None and dec.step > len(proc.steps):
        raise located.error(
            ("decisions", d, "step"),
            f"procedure `{proc.id}` has {len(proc.steps)} step(s), not {dec.step}",
        )
    if dec.step is not None:
        try:
            voting_step(proc, dec.step)  # the step's own vote, or the one it confirms
        except QueryError as exc:
            # A decision at a step that decides nothing: the record names the wrong step.
            raise located.error(
                ("decisions", d, "step"), f"{exc}: name the step the decision takes"
            ) from None
    if dec.previous_date is not None and dec.objection_date is not None:
        raise located.error(
            ("decisions", d, "objection_date"),
            "give `previous_date` or `objection_date`, not both (they are the same date)",
        )
    since = dec.previous_date or dec.objection_date
    if since is not None and since > rec.date:
        key = "previous_date" if dec.previous_date is not None else "objection_date"
        raise located.error(
            ("decisions", d, key),
            f"`{key}` {since.isoformat()} is after the meeting of {rec.date.isoformat()}",
        )


def _check_consistency(
    located: Located, body: Body, rec: MeetingRecord, weight: Mapping[str, int]
) -> tuple[InOffice, list[Counter[str]]]:
    seats = {s.id: s for s in body.seats}
    for field_name in ("attendees", "substitutes", "vacant", "suspended"):
        for i, seat_id in enumerate(getattr(rec, field_name) or ()):
            if seat_id not in seats:
                raise located.error((field_name, i), f"`{body.id}` has no seat `{seat_id}`")
    for d, dec in enumerate(rec.decisions):
        for key in ("arrived", "left", "withdrawn"):
            for i, seat_id in enumerate(getattr(dec, key)):
                if seat_id not in seats:
                    raise located.error(
                        ("decisions", d, key, i), f"`{body.id}` has no seat `{seat_id}`"
                    )
    present = Counter(rec.attendees)
    for seat_id, n in present.items():
        if n > seats[seat_id].count:
            i = [j for j, s in enumerate(rec.attendees) if s == seat_id][seats[seat_id].count]
            raise located.error(
                ("attendees", i),
                f"seat `{seat_id}` attends {n} times but has {seats[seat_id].count} place(s)",
            )
    for i, seat_id in enumerate(rec.substitutes):
        if present[seat_id] == 0:
            raise located.error(
                ("substitutes", i),
                f"`{seat_id}` is listed as substituted but is not among attendees",
            )
    for i, election in enumerate(rec.elections):
        if election.seat is not None and election.seat not in seats:
            raise located.error(
                ("elections", i, "seat"), f"`{body.id}` has no seat `{election.seat}`"
            )
        if election.office == "vice-chair" and body.vice_chair is None:
            raise located.error(("elections", i, "office"), f"`{body.id}` has no vice-chair")
    if rec.minutes_circulated is not None and rec.minutes_circulated < rec.date:
        raise located.error(("minutes_circulated",), "the minutes are dated before the meeting")
    office = _record_office(located, body, rec)
    in_room = rooms(located, rec)
    for d, dec in enumerate(rec.decisions):
        present = in_room[d]
        cast: Counter[str] = Counter()
        for key, attr in (("for", "for_"), ("against", "against"), ("abstain", "abstain")):
            for i, seat_id in enumerate(getattr(dec, attr)):
                where: Path_ = ("decisions", d, key, i)
                if seat_id not in seats:
                    raise located.error(where, f"`{body.id}` has no seat `{seat_id}`")
                cast[seat_id] += 1
                if cast[seat_id] > present[seat_id]:
                    if present[seat_id] == 0:
                        raise located.error(
                            where,
                            f"`{seat_id}` votes but is not present"
                            + (" for this item" if seat_id in rec.attendees else ""),
                        )
                    raise located.error(
                        where,
                        f"`{seat_id}` votes more times than it has "
                        f"members present ({present[seat_id]})",
                    )
        if dec.invalid:
            # A spoilt ballot is a member's who neither voted nor abstained.
            unused = sum((n - cast[s]) * weight[s] for s, n in present.items())
            if dec.invalid > unused:
                raise located.error(
                    ("decisions", d, "invalid"),
                    f"{dec.invalid} invalid vote(s), but the members present who did not vote "
                    f"or abstain carry {unused}",
                )
        for i, seat_id in enumerate(dec.interests):
            where = ("decisions", d, "interests", i)
            if seat_id not in seats:
                raise located.error(where, f"`{body.id}` has no seat `{seat_id}`")
            if present[seat_id] == 0:
                raise located.error(where, f"`{seat_id}` declares an interest but is not present")
        if dec.objection_date is not None and dec.objection_date > rec.date:
            raise located.error(
                ("decisions", d, "objection_date"), "the objection is dated after the meeting"
            )
    return office, in_room


def _evaluate(
    trust: Trust,
    body: Body,
    rec: MeetingRecord,
    office: InOffice,
    in_room: list[Counter[str]],
    reads: Reads,
) -> CheckAnswer:
    """The record checked against the trust as it is (one reading), recording in ``reads``
    the rules it reads itself: the questions it asks (quorum, vote, eligibility, timing)
    weigh their own readings."""
    findings: list[Finding] = []
    needs: list[str] = []  # the record's fields a finding turns on and the record leaves out
    facts = office_facts(rec)
    subs = body.substitutes
    substituted = Counter(rec.substitutes)
    if substituted:
        # Without substitutes, the rule on them changes nothing.
        reads.read(f"{body.id}.substitutes")
        if subs is None or subs.allowed is None:
            findings.append(
                check_finding(
                    "unspecified",
                    SUBSTITUTE["allowed"][None].sentence or "",
                    cite(trust, body.source),
                )
            )
        elif subs.only_for:
            for seat_id in sorted(set(substituted) - set(subs.only_for)):
                findings.append(
                    check_finding(
                        "error",
                        f"`{seat_id}` may not send a {subs.kind}: only "
                        f"{', '.join(subs.only_for)} may.",
                        cite(trust, subs.source),
                    )
                )
        if subs is not None and subs.allowed is False:
            findings.append(
                check_finding(
                    "error",
                    f"Substitutes may not attend the {body.name}.",
                    cite(trust, subs.source),
                )
            )
        findings += _left_open(trust, f"{body.id}.substitutes")
    # What turns on the meeting's quorum: its decisions, and the offices it fills itself.
    # An election is a decision whether or not the record names who was elected.
    decided = bool(rec.decisions) or any(
        _fills_itself(trust, body, e.office) for e in rec.elections
    )
    binds = not decided or _binds_anyway(body, reads)
    attendance = list(rec.attendees)
    q = _item_quorum(trust, body, attendance, facts, NO_KIND, _stand_ins(body, rec))
    quorate = q.answer
    if substituted and subs is not None and subs.allowed and q.answer != "unspecified":
        without = list((Counter(rec.attendees) - substituted).elements())
        q_without = _item_quorum(trust, body, without, facts, NO_KIND)
        if subs.counts_for_quorum is False:
            q, quorate = q_without, q_without.answer
        elif subs.counts_for_quorum is None and q_without.answer != q.answer:
            quorate = "unspecified"
            findings.append(
                check_finding(
                    "warning" if binds else "unspecified",
                    "The meeting is quorate only if substitutes "
                    "count, and the MoU does not say whether they do.",
                    cite(trust, subs.source),
                )
            )
    levels: dict[str, Severity] = {
        "quorate": "info",
        "inquorate": "warning",
        "unspecified": "unspecified",
        # A record gives no vacancies: where they decide the quorum, it is not settled (and
        # the record's answer is `incomplete`, needing them).
        "incomplete": "unspecified",
    }
    if binds and quorate in ("unspecified", "incomplete"):
        # Quorate or not, what the meeting decides (if anything) binds: its open quorum is
        # only noted.
        levels = {**levels, quorate: "warning"}
    for reason in q.explanation:
        findings.append(check_finding(levels[quorate], reason.text, reason.source))
    if quorate == "incomplete" and not binds:
        needs += record_fields(q.needs)

    results: list[DecisionResult] = []
    for d, dec in enumerate(rec.decisions):
        results.append(
            _decision(trust, body, rec, d, dec, quorate, findings, in_room[d], facts, reads, needs)
        )
    findings += _elections(trust, body, rec, reads, quorate)

    severities = {f.severity for f in findings}
    # A missing fact comes before an unsettled text, as for a question: complete the record.
    value = (
        "invalid"
        if "error" in severities
        else "incomplete"
        if needs
        else ("unspecified" if "unspecified" in severities else "valid")
    )
    return CheckAnswer(
        needs=tuple(dict.fromkeys(needs)) if value == "incomplete" else (),
        trust=trust.id,
        body=body.id,
        question="check",
        answer=value,
        explanation=tuple(Reason(f.text, f.source) for f in findings if f.severity != "info"),
        date=rec.date.isoformat(),
        quorate=quorate,
        findings=tuple(findings),
        decisions=tuple(results),
    )


def _weighed(
    trust: Trust, body: Body, rec: MeetingRecord, office: InOffice, in_room: list[Counter[str]]
) -> CheckAnswer:
    """The record checked under every reading of the rules the check reads itself (on
    substitutes, interests, who votes, what an inquorate decision is worth, an office, a
    procedure's timing): settled only where every reading that fits the record gives the
    same result for the meeting and for each decision."""
    reads = Reads()
    encoded = _evaluate(trust, body, rec, office, in_room, reads)
    touched = [g for g in gaps_read(trust, reads) if g.readings]
    if not touched:
        return encoded
    position = {id(g): i for i, g in enumerate(trust.gaps)}

    def evaluate(read: Trust, more: Reads) -> CheckAnswer:
        settled = _settled(read, [position[id(g)] for g in touched])
        here = settled.body(body.id)
        assert here is not None  # a reading changes a rule, never which bodies there are
        return _evaluate(settled, here, rec, office, in_room, more)

    while True:
        weighed = len(touched)
        try:
            as_encoded: CheckAnswer | str = evaluate(trust, Reads())
        except QueryError as exc:
            as_encoded = str(exc)
        results = evaluate_combinations(trust, evaluate, touched, reads, as_encoded)
        if results is None or len(touched) == weighed:
            break
        # A reading read a further gap: every combination again, with it settled too.
    source = cite(trust, touched[0].source)
    clauses = ", ".join(dict.fromkeys(g.source.clause for g in touched))
    if results is None:
        return _unsettled(
            encoded,
            [
                check_finding(
                    "unspecified",
                    f"The record's check touches {len(touched)} rules with readings: more "
                    f"than the {MAX_COMBINATIONS} combinations weighed, so the MoU is not "
                    "taken to settle it.",
                    source,
                )
            ],
            [],
        )

    def under(choice: tuple[int, ...]) -> str:
        return f"Under {combination_words(trust, touched, choice)}"

    def cited(choice: tuple[int, ...]) -> SourceRef | None:
        """The clause of the first reading other than the encoded one in ``choice``."""
        gap = next((g for g, k in zip(touched, choice, strict=True) if k), touched[0])
        return cite(trust, gap.source)

    # A reading the record's own facts rule out (a step it names that the reading lacks) is
    # said, and weighed no further, as a question's is.
    fits = {c: r for c, r in results.items() if not isinstance(r, str)}
    ruled_out = [
        check_finding("info", line.text, line.source)
        for line in ruled_out_lines(
            trust,
            touched,
            [(c, r) for c, r in results.items() if isinstance(r, str)],
            source,
            "the record cannot be checked",
        )
    ]
    checked = list(fits.values())
    if not checked:
        unfit = [dataclasses.replace(f, severity="unspecified") for f in ruled_out]
        return _unsettled(encoded, unfit, [])
    if len({_outcome(r) for r in checked}) == 1:
        (same,) = {_outcome(r) for r in checked}
        # The record as encoded, its questions weighing every reading themselves, where it
        # says the same (its findings name their gaps); else a reading's that fits.
        base = encoded if _outcome(encoded) == same else checked[0]
        if len(checked) == 1:
            summary = (
                f"Read under the one reading of {clauses} that fits the record: {base.answer}."
            )
        else:
            fit = " that fit the record" if ruled_out else ""
            summary = (
                f"Read under {counted(len(checked), 'reading')} of {clauses}{fit}; every "
                f"reading gives {base.answer}."
            )
        said = check_finding("info", summary, source)
        # Each reading may lack other facts of the record: all of them are asked for at once.
        needs = tuple(dict.fromkeys(n for r in checked for n in r.needs))
        quorates = sorted({r.quorate for r in checked})
        quorum = [
            check_finding(
                "warning",
                f"The readings of {clauses} differ on whether the meeting is quorate "
                f"({', '.join(quorates)}); nothing in the record turns on it.",
                source,
            )
        ]
        return dataclasses.replace(
            base,
            findings=(*base.findings, *ruled_out, *(quorum if len(quorates) > 1 else []), said),
            needs=needs,
            quorate=base.quorate if len(quorates) == 1 else "unspecified",
        )
    shown = fits.get((0,) * len(touched), checked[0])
    common = set.intersection(*(set(r.findings) for r in checked))
    kept = [f for f in shown.findings if f in common]

    def why_open(r: CheckAnswer) -> str:
        # Why a reading leaves the record open is its own finding, not every reading's: said
        # beside its result, as an answer's reading says why it is unspecified.
        own = next((f for f in r.findings if f.severity == "unspecified" and f not in common), None)
        return f" ({own.text.rstrip('.')})" if own is not None and r.answer == "unspecified" else ""

    lines = [
        check_finding("unspecified", f"{under(c)}: {_words(r)}{why_open(r)}.", cited(c))
        for c, r in fits.items()
    ]
    lines.append(
        check_finding(
            "unspecified",
            f"The readings of {clauses} give different results, so the MoU does not settle "
            "whether the meeting and its decisions are valid.",
            source,
        )
    )
    for i, d in enumerate(shown.decisions):
        if len({_decided(r.decisions[i]) for r in checked}) > 1:
            lines.append(
                check_finding(
                    "unspecified",
                    f"{d.motion}: the readings of {clauses} differ on whether it was carried "
                    "or binds, so that is not settled.",
                    source,
                    i,
                )
            )
    return _unsettled(shown, [*kept, *ruled_out, *lines], checked)


def _settled(read: Trust, fixed: list[int]) -> Trust:
    """``read`` (the trust under one combination of readings) with the gaps ``fixed`` (by
    position: a reading changes no gap) settled for the questions the check asks: a vote
    under one reading of who votes does not weigh the others again. Their gaps are left out,
    and so are the clauses stating a rule on or above them otherwise that a ``conflict`` gap
    among them weighs (readings.weighed_as_readings: written as readings, a conflict is
    weighed by them, not said again)."""
    left_out = set(fixed)
    weighed = [read.gaps[i] for i in fixed if read.gaps[i].kind == "conflict"]
    settled = read.model_copy(
        update={"gaps": tuple(g for i, g in enumerate(read.gaps) if i not in left_out)}
    )
    for gap in weighed:
        assert gap.subject is not None  # a gap with readings has one (schema check)
        parts = gap.subject.split(".")
        for n in range(len(parts), 0, -1):
            at = ".".join(parts[:n])
            rule = found_at(settled, at)[1]
            if isinstance(rule, Rule) and not isinstance(rule, Office) and rule.conflicting:
                others = [c for c in rule.conflicting if c.source.clause != gap.source.clause]
                if len(others) < len(rule.conflicting):
                    kept = [c.model_dump(mode="json", exclude_defaults=True) for c in others]
                    settled = replace(settled, f"{at}.conflicting", kept)
    return settled


def _outcome(result: CheckAnswer | str) -> Hashable:
    """What must agree across readings: the record's answer and each decision (its quorum
    only through them: where nothing turns on it, readings may differ on it alone)."""
    if isinstance(result, str):
        return ("cannot be checked", result)
    return (result.answer, tuple(_decided(d) for d in result.decisions))


def _decided(d: DecisionResult) -> Hashable:
    return (d.answer, d.binding, d.effect, d.quorate)


def _words(result: CheckAnswer) -> str:
    """``invalid (inquorate; Approve the plan: carried, in-principle)``."""
    decided = "; ".join(
        f"{d.motion}: {d.answer}" + (f", {d.effect}" if d.effect != "unspecified" else "")
        for d in result.decisions
    )
    return f"{result.answer} ({result.quorate}" + (f"; {decided})" if decided else ")")


def _unsettled(
    shown: CheckAnswer, findings: list[Finding], checked: list[CheckAnswer]
) -> CheckAnswer:
    """``shown`` made ``unspecified``, with these findings: each decision, and the meeting's
    quorum, as every one of the ``checked`` readings gives it where they agree; unsettled
    where they do not (or none was checked)."""

    def agreed(values: set[Any], first: Any, open_: Any) -> Any:
        return first if checked and len(values) == 1 else open_

    quorate = agreed({r.quorate for r in checked}, shown.quorate, "unspecified")
    decisions = tuple(
        agreed(
            {_decided(r.decisions[i]) for r in checked},
            d,
            DecisionResult(
                d.motion,
                "unspecified",
                None,
                "unspecified",
                None,
                agreed({r.decisions[i].quorate for r in checked}, d.quorate, "unspecified"),
            ),
        )
        for i, d in enumerate(shown.decisions)
    )
    # A reading that lacks a fact of the record asks for it first, as a question does.
    needs = tuple(dict.fromkeys(n for r in checked if r.answer == "incomplete" for n in r.needs))
    return dataclasses.replace(
        shown,
        answer="incomplete" if needs else "unspecified",
        needs=needs,
        quorate=quorate,
        findings=tuple(findings),
        decisions=decisions,
        explanation=tuple(Reason(f.text, f.source) for f in findings if f.severity != "info"),
    )


def _elections(
    trust: Trust, body: Body, rec: MeetingRecord, reads: Reads, quorate: str
) -> list[Finding]:
    """An office filled by a seat the rules bar from it is an error (a staff member elected
    chair where the chair is chosen from the other members); one the rules leave open is
    not settled. Where the MoU says nothing of the office, there is nothing to check. An
    election is a decision of the meeting: made while it is inquorate, it is worth what the
    MoU says such decisions are worth."""
    from .offices import eligible

    held = {e.office: e.seat for e in rec.elections if e.seat is not None}
    found: list[Finding] = []
    for election in rec.elections:
        reads.read(f"{body.id}.{election.office.replace('-', '_')}")
        if quorate == "inquorate" and _fills_itself(trust, body, election.office):
            found += _elected_inquorate(trust, body, election.seat, election.office, reads)
        if body.office(election.office) is None or election.seat is None:
            continue  # no rule to hold the holder to, or no holder named
        other = held.get("vice-chair" if election.office == "chair" else "chair")
        answer = eligible(trust, body.id, election.seat, election.office, other_holder=other)
        # The last line that is not a recorded gap's says why (the rule that bars the seat;
        # the readings differ; the rule is not settled; the other holder is not given).
        why = next(
            (r for r in reversed(answer.explanation) if not r.text.startswith("Recorded gap")),
            Reason("the rules do not settle it.", None),
        )
        if answer.answer == "ineligible":
            text = f"`{election.seat}` was elected {election.office}, but may not be: {why.text}"
            found.append(check_finding("error", text, why.source))
        elif answer.answer != "eligible":
            # The rules leave open whether the seat may hold the office: so is the election.
            said = why.text[:1].lower() + why.text[1:]
            text = (
                f"`{election.seat}` was elected {election.office}; whether it may be is not "
                f"settled: {said}"
            )
            found.append(check_finding("unspecified", text, why.source))
    return found


def _fills_itself(trust: Trust, body: Body, name: str) -> bool:
    """Whether the meeting itself fills the office ``name``: it has a rule, and chooses."""
    office = body.office(name)
    return office is not None and _chosen_here(trust, body, office)


def _chosen_here(trust: Trust, body: Body, office: Office) -> bool:
    """Whether the body's own meeting chooses the holder of ``office`` (so an inquorate one
    cannot): not where the office is held ex officio or filled by someone else ("the Council
    of Governors appoints the Chair", "appointed by the Mayor", another body of the trust)."""
    if office.selection == "ex-officio" or office.seat is not None:
        return False
    if office.by is None:
        return office.selection != "appointed"  # elected or chosen: by the body itself
    # The chooser's words, first clause ("the Local Children's Board membership, on
    # nominations provided by the Executive Board"), against the names of the bodies.
    words = _chooser(office.by.split(",")[0])
    if words in ("", "membership", "members", "its members", body.id, _chooser(body.name)):
        return True
    others = [(b.id, b.name) for b in trust.bodies if b.id != body.id]
    others += [(b.id, b.name) for b in trust.external_bodies]
    if any(words in (other, _chooser(name)) for other, name in others):
        return False
    # "the Board" for the "Board of Directors": the body's name, word for word, holds it.
    return re.search(rf"\b{re.escape(words)}\b", _chooser(body.name)) is not None


def _chooser(words: str) -> str:
    """Words naming who chooses, compared without case, a leading "the", or "membership"."""
    said = words.strip().lower().removeprefix("the ").strip()
    return said.removesuffix(" membership").removesuffix(" members").strip()


def _elected_inquorate(
    trust: Trust, body: Body, seat: str | None, office: str, reads: Reads
) -> list[Finding]:
    """The finding for an election made while the meeting was inquorate, by what the MoU
    says such a decision is worth (none where it still binds)."""
    reads.read(f"{body.id}.quorum.inquorate_decisions")
    rule = body.quorum
    effect = rule.inquorate_decisions if rule is not None and rule.settled else "unspecified"
    if effect == "binding":
        return []
    # Void fails the record; in principle only is worth a warning; unstated, it is open.
    severity: Severity = (
        "error" if effect == "void" else "warning" if effect == "in-principle" else "unspecified"
    )
    worth = (
        f"and {as_clause(INQUORATE_EFFECT['unspecified'].sentence)}"
        if effect == "unspecified"
        else f"so the election is {INQUORATE_EFFECT[effect].value}"
    )
    who = f"`{seat}` was elected {office}" if seat else f"The {office} was elected"
    text = f"{who} while the meeting was inquorate, {worth}."
    return [check_finding(severity, text, _inquorate_source(trust, body))]


class _Note(Protocol):
    """Notes a finding on the decision being checked."""

    def __call__(self, severity: Severity, text: str, source: SourceRef | None = None) -> None: ...


_Count = Callable[[Counter[str], Counter[str] | None, Counter[str] | None], VoteAnswer]
"""The decision's vote counted again: the votes to leave out (of those for, and of those
against where given) and the substitutes present who do not vote."""


def _decision(
    trust: Trust,
    body: Body,
    rec: MeetingRecord,
    d: int,
    dec: Decision,
    quorate: str,
    findings: list[Finding],
    room: Counter[str],
    facts: OfficeFacts,
    reads: Reads,
    needs: list[str],
) -> DecisionResult:
    def note(severity: Severity, text: str, source: SourceRef | None = None) -> None:
        findings.append(check_finding(severity, f"{dec.motion}: {text}", source, d))

    withdrawn, interested = _interests(trust, body, room, dec, note, reads)
    present = room - Counter(withdrawn)
    kept = _trim({"for": dec.for_, "against": dec.against, "abstain": dec.abstain}, present)
    for_, against, abstain = kept["for"], kept["against"], kept["abstain"]
    away = len(rec.attendees) - sum(present.values())
    counted = present
    stand_ins = _stand_ins(body, rec, present)
    subs = body.substitutes
    unsure: Counter[str] = Counter()  # of those counted, members who may be substitutes
    if subs is not None and subs.allowed and subs.counts_for_quorum is False:
        # As for the meeting's quorum, the substitutes are not counted; where one of a seat's
        # members left the room, the record does not say whether it was the substitute.
        if stand_ins is not None:
            unsure = stand_ins.unsure
            counted = present - stand_ins.seats
        else:
            counted = present - Counter(rec.substitutes)
        stand_ins = None

    def item_quorum() -> tuple[QuorumAnswer, tuple[Severity, str, SourceRef | None] | None]:
        """The item's quorum, and the finding where it turns on who left the room."""
        item = _item_quorum(trust, body, list(counted.elements()), facts, dec.matter, stand_ins)
        if not unsure:
            return item, None
        fewer = list((counted - unsure).elements())
        if _item_quorum(trust, body, fewer, facts, dec.matter).answer == item.answer:
            return item, None
        seats = ", ".join(f"`{s}`" for s in sorted(unsure))
        why = (
            f"whether this item is quorate is not settled: it is only if those who left the "
            f"room for it included the substitutes for {seats}, and the record does not say."
        )
        open_ = dataclasses.replace(item, answer="unspecified", needs=())
        return open_, ("unspecified", why, cite(trust, subs.source if subs else body.source))

    if dec.matter is not None:
        reads.read(f"{body.id}.quorum.by_matter")

    def judged(short: str, why_open: str) -> str:
        """The item's own quorum, noted where it is not met or not settled (not where its
        decisions bind anyway): ``short`` says it inquorate, ``why_open`` why it is asked."""
        item, left = item_quorum()
        if item.answer == "quorate" or (item.answer != "inquorate" and _binds_anyway(body, reads)):
            return item.answer
        if left is not None:
            note(*left)
        elif item.answer == "inquorate":
            note(
                "warning",
                f"{short}: {item.present} present, {item.required} needed.",
                item.explanation[0].source,
            )
        else:
            note(*_item_quorum_open(why_open, item))
            needs.extend(record_fields(item.needs))
        return item.answer

    if dec.matter is not None and quorate == "quorate" and _quorum_varies(body, dec.matter):
        # This kind of matter has a quorum of its own: the meeting's may not be this item's.
        quorate = judged(
            f"a matter of kind `{dec.matter}` needs a quorum of its own, which this item does "
            "not have",
            f"on a matter of kind `{dec.matter}`, which has a quorum of its own",
        )
    if away and quorate == "quorate":
        gone = _away_words(away, len(withdrawn))
        quorate = judged(f"with {gone} this item is inquorate", f"with {gone}")

    def count(
        without: Counter[str],
        against_without: Counter[str] | None = None,
        barred: Counter[str] | None = None,
        entitled: Iterable[str] = (),
    ) -> VoteAnswer:
        """The vote, leaving out one vote of each seat in ``without`` (its substitutes'): of
        those for first, or with ``against_without`` those for and those against apart; those
        present in ``barred`` (substitutes who do not vote) are not among the voting members
        present; the seats ``entitled`` counted as if they had a right to vote."""
        left = Counter(without)
        left_against = left if against_without is None else Counter(against_without)

        def drop(seats: tuple[str, ...], left: Counter[str]) -> tuple[str, ...]:
            kept = []
            for seat in seats:
                if left[seat] > 0:
                    left[seat] -= 1
                else:
                    kept.append(seat)
            return tuple(kept)

        return vote(
            trust,
            body.id,
            for_=drop(for_, left),
            against=drop(against, left_against),
            abstain=abstain,
            present=list(present.elements()),
            chair_casts=dec.chair_casts,
            invalid=dec.invalid,
            procedure=dec.procedure,
            affects=dec.affects,
            implementers=dec.implementers,
            vacancies=facts.vacancies,
            vacant=facts.vacant,
            suspended=facts.suspended,
            matter=dec.matter,
            step=dec.step if dec.procedure is not None else None,
            without_vote=list(barred.elements()) if barred else (),
            as_entitled=entitled,
        )

    proc = trust.procedure(dec.procedure) if dec.procedure is not None else None
    if proc is not None and dec.step is not None and dec.step > len(proc.steps):
        # The record was checked against the encoded steps: a reading without this step does
        # not fit the record, and is ruled out (as the step's timing would rule it out).
        reads.read(f"{proc.id}.steps")
        raise QueryError(f"procedure `{proc.id}` has no step {dec.step}")
    try:
        matter = Matter(
            affects=None if dec.affects is None else frozenset(dec.affects),
            implementers=None if dec.implementers is None else frozenset(dec.implementers),
            kind=dec.matter or implied_kind(trust, dec.procedure),
        )
        # The rights read are those of the seats that voted: no other seat's is used here.
        cast = {*dec.for_, *dec.against, *dec.abstain}
        step = dec.step if dec.procedure is not None else None
        rights = seat_rights(trust, body, dec.procedure, matter, reads=reads, used=cast, step=step)
        answer = count(Counter())
        by_kind = (
            _kind_dependent_votes(trust, body, dec, matter, note, reads, cast)
            if matter.kind is None
            else set()
        )
        if by_kind:
            needs.append("matter")
    except GovrulesError as exc:
        note("error", str(exc))
        return DecisionResult(dec.motion, "unspecified", None, "unspecified", None, quorate)
    saved = rights.rule.irregular_votes_saved if rights.rule is not None else None
    listed = {r.seat for r in answer.not_counted}
    voted = set(dec.for_) | set(dec.against)
    open_ = {r.seat for r in rights.undetermined}
    for r in rights.undetermined:
        if (r.seat in voted or r.seat in listed) and r.seat not in by_kind:
            # Whether the seat could vote is open, whether or not the count turns on it: a
            # vote without a right is itself an error. Open on the matter the record does not
            # describe, or on the MoU itself.
            who = "the record does not" if r.seat in rights.by_question else "the MoU does not"
            note(
                "unspecified",
                f"`{r.seat}` voted, but {who} settle whether it may: {r.reason.rstrip('.')}.",
                r.source,
            )
    if any(r.seat in voted and r.seat in rights.by_question for r in rights.undetermined):
        needs += record_fields(rights.needs)
    irregular = sorted({r.seat for r in answer.not_counted if r.seat in voted} - open_)
    if saved is not None and irregular:
        # The clause keeps the acts "as valid as if" such a voter "had been entitled to vote"
        # (Suffolk 10.3.5): the meeting may have counted the vote, and the record does not say
        # what it declared. Where counting it changes the outcome, the outcome is open.
        counted_in = count(Counter(), entitled=irregular)
        if counted_in.answer != answer.answer:
            seats = ", ".join(f"`{s}`" for s in irregular)
            note(
                "unspecified",
                f"{seats} voted without a right to vote; {saved.clause} keeps the meeting's "
                f"acts valid as if every such voter had been entitled to vote: counting those "
                f"votes it is {counted_in.answer}, leaving them out {answer.answer}, and the "
                "record does not say which the meeting declared.",
                cite(trust, saved),
            )
            return DecisionResult(dec.motion, "unspecified", None, "unspecified", answer, quorate)
    for r in answer.not_counted:
        if r.seat in open_:
            continue  # said above
        if saved is not None:
            note(
                "warning",
                f"`{r.seat}` voted without a right to vote ({r.reason.rstrip('.')}); the vote "
                f"is not counted, and {saved.clause} keeps the meeting's acts valid.",
                cite(trust, saved),
            )
        else:
            note(
                "error",
                f"`{r.seat}` voted without a right to vote: {r.reason.rstrip('.')}.",
                r.source,
            )
    weighed = True
    if interested.seats:
        answer, weighed = _interests_weighed(
            trust, body, present, (for_, against), interested, answer, count, note
        )
    # Weighed for the substitutes too, whatever the interests leave open: what a substitute's
    # vote breaks is found either way.
    answer, settled = _substitutes_weighed(
        trust, body, rec, present, (for_, against), answer, saved, count, note
    )
    if not (settled and weighed):
        return DecisionResult(dec.motion, "unspecified", None, "unspecified", answer, quorate)
    if (
        answer.answer == "incomplete"
        and set(answer.needs) <= _MEMBERSHIP_FACTS
        and answer.required is not None  # counted: it is the binding that waits on them
    ):
        # Only the vacancies are missing, and they decide what the decision is worth, not
        # its votes: the item's quorum (below) leaves that open and says why. The votes
        # carried it under every reading that is incomplete; other readings may not.
        carried = all(r.answer in ("carried", "incomplete") for r in answer.readings)
        answer = dataclasses.replace(
            answer, answer="carried" if carried else "unspecified", needs=()
        )
    needs += record_fields(answer.needs)  # what the vote asks of the matter, where it does
    if answer.answer == "unspecified":
        # Where readings differ, the clause that admits them; else the answer's first.
        first = answer.explanation[0].source if answer.explanation else None
        note(
            "unspecified",
            "the MoU does not settle whether it was carried.",
            answer.readings[0].source if answer.readings else first,
        )
    elif answer.answer == "incomplete" and "--matter" in answer.needs:
        note(
            "unspecified",
            "whether it was carried depends on the kind of matter, which the record does not "
            "say (give the decision's `matter:`).",
            answer.explanation[0].source if answer.explanation else None,
        )
    elif answer.answer == "tied":
        note("warning", "the vote is tied and no casting vote is recorded.")
    rule = body.quorum
    if (
        quorate in ("unspecified", "incomplete")
        and answer.effect != "unspecified"
        and not _binds_anyway(body, reads)
    ):
        # The vote judged its quorum on the vacancies it could assume; the record leaves
        # this item's quorum open, and with it what the decision is worth.
        answer = dataclasses.replace(answer, effect="unspecified", binding=None)
    if quorate == "inquorate":
        reads.read(f"{body.id}.quorum.inquorate_decisions")
    # A resolution waiting on its confirmation (``pending``) would bind once confirmed: the
    # quorum still decides what it is worth.
    pending = answer.effect == "pending"
    open_effect = answer.binding is not False or pending
    if quorate == "inquorate" and open_effect and rule is not None and rule.settled:
        # The vote judged its own quorum counting everyone in the room (met, or open on the
        # vacancies); where substitutes do not count, the meeting's (or the item's) quorum
        # decides what the decision is worth.
        effect: str = rule.inquorate_decisions
        if pending and effect == "binding":
            effect = "pending"  # binding decisions of an inquorate meeting still wait on it
        binding = {"binding": True, "in-principle": False, "void": False, "pending": False}.get(
            effect
        )
        answer = dataclasses.replace(answer, effect=effect, binding=binding)
    if quorate == "inquorate":
        if answer.effect in ("void", "in-principle"):
            note(
                "error" if answer.effect == "void" else "warning",
                f"decided while inquorate, so it is {INQUORATE_EFFECT[answer.effect].value}.",
                _inquorate_source(trust, body),
            )
        elif answer.answer == "carried" and answer.effect == "unspecified":
            # Neither valid nor invalid: the MoU does not say what such a decision is worth.
            worth = as_clause(INQUORATE_EFFECT["unspecified"].sentence)
            note(
                "unspecified",
                f"decided while inquorate, and {worth}.",
                _inquorate_source(trust, body),
            )
    if dec.procedure is not None:
        _timing(trust, rec, dec, note, reads, needs)
    return DecisionResult(dec.motion, answer.answer, answer.binding, answer.effect, answer, quorate)


def _substitutes_weighed(
    trust: Trust,
    body: Body,
    rec: MeetingRecord,
    present: Counter[str],
    votes: tuple[tuple[str, ...], tuple[str, ...]],
    answer: VoteAnswer,
    saved: Cited | None,
    count: _Count,
    note: _Note,
) -> tuple[VoteAnswer, bool]:
    """A decision's vote (``answer``, every vote counted) where substitutes are in the room
    and the MoU does not say that they vote: counted again every way the record allows
    (their votes left out, and they left out of the voting members present), with what it
    leaves open noted. The vote as the rules count it, and whether the record settles it.
    ``votes``: the seats recorded for and against, once per vote."""
    for_, against = votes
    subs = body.substitutes
    # Where a seat has members and substitutes in the room, the record does not say whose its
    # votes were: every way it allows is counted.
    ways = _substitutes_votes(rec, present, for_, against)
    # Substitutes in the room, as few and as many as the record allows: where they do not
    # vote, they are not among the voting members present (a `present` base).
    seated = _substitutes_present(rec, present)
    if not (ways or seated) or (subs is not None and subs.votes is True):
        return answer, True
    recorded = answer  # every vote counted, every substitute among the voters present
    mute = subs is not None and subs.votes is False
    surely = {s for s, seat_ways in ways.items() if all(sum(w) for w in seat_ways)}
    clause = cite(trust, subs.source if subs else body.source)
    # Count again without the substitutes' votes, and without them among the voting
    # members present: where substitutes do not vote that is the result; where the MoU is
    # silent, a different result leaves it unsettled.
    # Each way counted with as few substitutes in the room as the record allows, and
    # (where more may be: those who left the room may not have been them) with as many.
    fewest_mute: dict[_Way, VoteAnswer] = {}
    most_mute: dict[_Way, VoteAnswer] = {}
    # Bounded: many substituted seats would otherwise ask for a count of every product
    # of their ways, each under every combination of readings the check weighs.
    too_many = math.prod(len(w) for w in ways.values()) > _MOST_WAYS
    seats = ", ".join(f"`{s}`" for s in sorted(ways))
    many_words = (
        f"the record leaves more than {_MOST_WAYS} ways in which the votes of {seats} "
        "may have been members' or substitutes': too many to count each, so the outcome "
        "is not settled"
    )
    for way, yes, no in () if too_many else _every_way(ways):
        # A substitute who voted was in the room; a member who voted was not one of them.
        theirs = {s: yes[s] + no[s] for s in seated}
        members = {s: for_.count(s) + against.count(s) - theirs[s] for s in seated}
        least = Counter({s: max(k, theirs[s]) for s, (k, _) in seated.items()})
        most = Counter({s: min(k, present[s] - members[s]) for s, (_, k) in seated.items()})
        fewest_mute[way] = count(yes, no, least)
        most_mute[way] = count(yes, no, most) if most != least else fewest_mute[way]
    results = [*fewest_mute.values(), *most_mute.values()]
    if not mute:
        # Without the substitutes' votes: the ways in which some substitute voted, and
        # those in which none did where leaving them out of those present changes it.
        results = [
            r
            for counted in (fewest_mute, most_mute)
            for way, r in counted.items()
            if any(sum(w) for w in way) or r.answer != answer.answer
        ]
        if too_many or any(r.answer != answer.answer for r in results):
            without = " or ".join(sorted({r.answer for r in results}))
            among = ", ".join(f"`{s}`" for s in sorted(seated))
            note(
                "unspecified",
                f"{many_words}; the MoU does not say whether substitutes vote."
                if too_many
                else f"with the substitutes' votes it is {answer.answer}, without them "
                f"{without}; the MoU does not say whether substitutes vote."
                if ways
                else f"counting the substitutes for {among} among the voting members "
                f"present it is {answer.answer}, leaving them out {without}; the MoU does "
                "not say whether substitutes vote.",
                clause,
            )
            return answer, False
    elif surely:
        # Each seat's substitutes' votes left out, those for first; those who voted, and
        # as few others as the record allows, left out of the voting members present.
        drops = {s: max(sum(w) for w in ways[s]) for s in ways}
        least = Counter({s: max(k, drops.get(s, 0)) for s, (k, _) in seated.items()})
        answer = count(Counter(drops), None, least)
    elif not too_many:
        answer = fewest_mute[tuple((0, 0) for _ in ways)]  # the members' votes only
    for seat_id in sorted(ways):
        if seat_id in surely:
            said = f"the substitute for `{seat_id}` voted"
        else:
            said = f"the record does not say whether the substitute for `{seat_id}` voted"
        if not mute:
            joined = "; the MoU" if seat_id in surely else ", and the MoU"
            note("unspecified", f"{said}{joined} does not say whether substitutes vote.", clause)
        elif saved is not None:
            # As for a seat voting without a right: its vote is not counted, and the
            # clause keeps the meeting's acts valid.
            note(
                "warning",
                f"{said}, but substitutes do not vote; "
                f"{'its' if seat_id in surely else 'if it did, its'} vote is not counted, "
                f"and {saved.clause} keeps the meeting's acts valid.",
                cite(trust, saved),
            )
        elif seat_id in surely:
            note("error", f"{said}, but substitutes do not vote.", clause)
        else:
            note("unspecified", f"{said}, and substitutes do not vote.", clause)
    # As for a seat voting without a right, a saving clause keeps the acts valid "as if"
    # the substitutes "had been entitled to vote": the meeting may have counted them.
    as_if = mute and saved is not None and ways and not too_many
    if as_if and recorded.answer not in {r.answer for r in results}:
        assert saved is not None
        without = " or ".join(sorted({r.answer for r in results}))
        note(
            "unspecified",
            f"{saved.clause} keeps the meeting's acts valid as if every such voter had been "
            f"entitled to vote: counting the substitutes' votes it is {recorded.answer}, "
            f"leaving them out {without}, and the record does not say which the meeting "
            "declared.",
            cite(trust, saved),
        )
        return answer, False
    if mute and (too_many or len({r.answer for r in results}) > 1):
        if too_many:
            why = f"{many_words}."
        elif len(outcomes := {r.answer for r in fewest_mute.values()}) > 1:
            why = (
                f"it is {' or '.join(sorted(outcomes))} as the votes "
                f"of {seats} were members' or substitutes', and the record does not say "
                "which."
            )
        else:
            among = ", ".join(f"`{s}`" for s in sorted(seated))
            why = (
                f"it is {' or '.join(sorted({r.answer for r in results}))} as those who "
                f"left the room for it were or were not the substitutes for {among}, who "
                "do not vote, and the record does not say."
            )
        note("unspecified", why, clause)
        return answer, False
    return answer, True


def _binds_anyway(body: Body, reads: Reads) -> bool:
    """Whether the body's decisions bind even when it is inquorate (so a quorum the record
    leaves open changes nothing they are worth)."""
    rule = body.quorum
    if rule is None or not rule.settled:
        return False
    reads.read(f"{body.id}.quorum.inquorate_decisions")
    return rule.inquorate_decisions == "binding"


def _item_quorum(
    trust: Trust,
    body: Body,
    present: list[str],
    facts: OfficeFacts,
    matter: str | None,
    stand_ins: StandIns | None = None,
) -> QuorumAnswer:
    """The quorum of the meeting (or one item) with these present (``stand_ins`` among them),
    this membership in office and this kind of matter; vacancies a record does not state
    leave a quorum of the seats filled open."""
    return meeting_quorum(trust, body.id, present, None, facts, matter, stand_ins)


def _stand_ins(body: Body, rec: MeetingRecord, room: Counter[str] | None = None) -> StandIns | None:
    """The record's substitutes, where the body allows them: they may vote only as its rule
    on substitutes says. For an item with fewer of a seat in the ``room`` than at the
    meeting, those who left may or may not have been its substitutes: as many as could be
    are ``unsure``."""
    subs = body.substitutes
    if not rec.substitutes or subs is None or not subs.allowed:
        return None
    if room is None:
        return StandIns(Counter(rec.substitutes), subs.votes, Counter())
    bounds = _substitutes_in_room(rec, room)
    least = Counter({s: lo for s, (lo, _) in bounds.items()})
    most = Counter({s: hi for s, (_, hi) in bounds.items()})
    return StandIns(+least, subs.votes, +(most - least))


def _substitutes_in_room(rec: MeetingRecord, room: Counter[str]) -> dict[str, tuple[int, int]]:
    """For each seat with substitutes, as few and as many of them in the ``room`` (those
    present for an item) as the record allows: of a seat's members, those who left may or may
    not have been them."""
    attended = Counter(rec.attendees)
    return {
        s: (max(0, k - (attended[s] - room[s])), min(k, room[s]))
        for s, k in Counter(rec.substitutes).items()
    }


_MOST_WAYS = 32
"""Ways a decision's substitutes may have voted that are counted, each once under every
combination of readings the check weighs (at most :data:`MAX_COMBINATIONS`): beyond, the
outcome is left open. Only a seat of several places with members and substitutes both in the
room has more than one way (three such seats of two ways each make 8; a record of 5
substituted seats of 3 ways, 243, under 64 combinations took 10 s to count)."""


def _substitutes_present(rec: MeetingRecord, present: Counter[str]) -> dict[str, tuple[int, int]]:
    """:func:`_substitutes_in_room` for the seats with some substitute in the room."""
    bounds = _substitutes_in_room(rec, present)
    return {s: bounds[s] for s in sorted(bounds) if bounds[s][1]}


def _substitutes_votes(
    rec: MeetingRecord, present: Counter[str], for_: tuple[str, ...], against: tuple[str, ...]
) -> dict[str, list[tuple[int, int]]]:
    """For each seat with substitutes whose votes may include theirs, the ways the record
    allows them to have voted: how many of its votes for and how many against were its
    substitutes'. Of a seat's members and substitutes in the room (``present``), the record
    says only how many of each attended and how many of the seat voted, not who."""
    bounds = _substitutes_in_room(rec, present)
    ways: dict[str, list[tuple[int, int]]] = {}
    for seat_id in sorted(bounds):
        room = present[seat_id]
        least, most = bounds[seat_id]  # the seat's substitutes surely, and perhaps, in the room
        yes, no = for_.count(seat_id), against.count(seat_id)
        # The seat's members in the room cast the rest: at most ``room - least`` of them.
        fewest, many = max(0, yes + no - (room - least)), min(most, yes + no)
        if many == 0:
            continue
        ways[seat_id] = _ways(yes, no, fewest, many)
    return ways


_Way = tuple[tuple[int, int], ...]
"""For each seat, how many of its votes for and against some unnamed members cast."""


def _every_way(
    ways: Mapping[str, list[tuple[int, int]]],
) -> Iterator[tuple[_Way, Counter[str], Counter[str]]]:
    """Each combination of the seats' ``ways`` (:func:`_ways`): the combination, and how many
    of each seat's votes for, and against, it leaves out."""
    for way in itertools.product(*ways.values()):
        yes = Counter({s: w[0] for s, w in zip(ways, way, strict=True)})
        no = Counter({s: w[1] for s, w in zip(ways, way, strict=True)})
        yield way, yes, no


def _ways(yes: int, no: int, fewest: int, most: int) -> list[tuple[int, int]]:
    """The ways in which ``fewest`` to ``most`` of a seat's ``yes`` votes for and ``no``
    against may have been cast by some of its members the record does not name: how many for
    and how many against."""
    return [(i, j) for i in range(yes + 1) for j in range(no + 1) if fewest <= i + j <= most]


def _interests_weighed(
    trust: Trust,
    body: Body,
    present: Counter[str],
    votes: tuple[tuple[str, ...], tuple[str, ...]],
    interests: Interested,
    answer: VoteAnswer,
    count: _Count,
    note: _Note,
) -> tuple[VoteAnswer, bool]:
    """A decision's vote (``answer``, every vote counted, every member present among the
    voting members present) weighed for the members with an interest (``interests``): where
    they may not vote, their votes are not counted, nor are they among the voting members
    present. A seat's members are not named: its members with an interest cast at least the
    votes its others could not, and at most one each. Where the MoU does not say whether
    they may vote, the vote is counted both ways. The vote as the rules count it, and whether
    the record settles it (noted where it does not)."""
    for_, against = votes
    # No more members with an interest than the seat has present (the record may list more).
    barred = Counter({s: min(n, present[s]) for s, n in interests.seats.items()})
    ways: dict[str, list[tuple[int, int]]] = {}
    for seat, n in sorted(barred.items()):
        yes, no = for_.count(seat), against.count(seat)
        ways[seat] = _ways(yes, no, max(0, yes + no - (present[seat] - n)), min(n, yes + no))
    seats = ", ".join(f"`{s}`" for s in sorted(barred))
    rule = body.interests
    source = cite(trust, rule.source if rule is not None else body.source)
    if math.prod(len(w) for w in ways.values()) > _MOST_WAYS:
        note(
            "unspecified",
            f"the record leaves more than {_MOST_WAYS} ways in which the members of {seats} "
            "with an interest may have voted: too many to count each, so the outcome is not "
            "settled.",
            source,
        )
        return answer, False
    # Their votes left out, and they left out of the voting members present.
    left_out: list[VoteAnswer | None] = []
    for _, yes_left, no_left in _every_way(ways):
        try:
            left_out.append(count(yes_left, no_left, barred))
        except QueryError:
            left_out.append(None)  # every vote left out: none to count, nothing carried
    words = {"lost" if a is None else a.answer for a in left_out}
    counted = {answer.answer} if interests.open else set()
    if len(words | counted) == 1:
        # Where they may not vote, the count without them (their votes none, the first way).
        return (answer if interests.open else left_out[0] or answer), True
    without = " or ".join(sorted(words))
    text = (
        f"members of {seats} declared an interest: counting their votes, and them among the "
        f"voting members present, it is {answer.answer}; leaving them out, {without}; and the "
        "MoU does not settle whether a member with an interest may vote."
        if interests.open
        else f"members of {seats} declared an interest and may not vote, and the record does "
        f"not say which of the seat's votes, if any, were theirs: it is {without} as they "
        "were or were not."
    )
    note("unspecified", text, source)
    return answer, False


def _item_quorum_open(why: str, item: QuorumAnswer) -> tuple[Severity, str, SourceRef | None]:
    """The finding for an item whose own quorum is not settled (``unspecified``, or
    ``incomplete`` for a fact the record does not give): a decision made then may be void."""
    if item.answer == "incomplete":
        missing = [named(n) for n in item.needs]
        what = f"the record does not give {' or '.join(missing) or 'what would settle it'}"
    elif item.readings:
        what = "the readings of the MoU give different answers"
    else:
        what = "the MoU does not settle it"
    source = item.readings[0].source if item.readings else None
    if source is None and item.explanation:
        source = item.explanation[0].source
    text = f"{why}, whether this item is quorate is not settled ({item.present} present): {what}."
    return "unspecified", text, source


_MEMBERSHIP_FACTS = {"--vacancies", "--vacant"}
"""The facts of membership in office a vote may wait on: its binding, through its quorum, or
(for a share of every voting member) its count."""


def _away_words(away: int, withdrawn: int) -> str:
    """``1 member withdrawn for an interest``, ``2 of the meeting's members not in the room``."""
    if away == withdrawn:
        return f"{withdrawn} member(s) withdrawn for an interest"
    words = f"{away} of the meeting's members not in the room for it"
    if withdrawn:
        words += f" ({withdrawn} withdrawn for an interest)"
    return words


def _kind_dependent_votes(
    trust: Trust,
    body: Body,
    dec: Decision,
    matter: Matter,
    note: _Note,
    reads: Reads,
    cast: set[str],
) -> set[str]:
    """A seat that voted but has no vote on some kinds of matter, where the record does not
    say the kind: whether its vote was proper is not settled (the count may not turn on it).
    The seats said so."""
    voted = set(dec.for_) | set(dec.against)
    found: set[str] = set()
    barred: dict[str, tuple[str, SeatRight]] = {}
    for kind in (NO_KIND, *(m.id for m in trust.matters)):
        rights = seat_rights(
            trust,
            body,
            dec.procedure,
            matter._replace(kind=kind),
            reads=reads,
            used=cast,
        )
        for r in rights.non_voters:
            if r.seat in voted:
                barred.setdefault(r.seat, (kind, r))
    for seat, (kind, r) in sorted(barred.items()):
        if kind == NO_KIND:
            continue  # no vote on any other matter either: counted out with the vote
        note(
            "unspecified",
            f"`{seat}` voted, but has no vote on a matter of kind `{kind}` "
            f"({r.reason.rstrip('.')}), and the record does not say the decision's kind "
            "(`matter:`).",
            r.source,
        )
        found.add(seat)
    return found


def _quorum_varies(body: Body, kind: str) -> bool:
    rule = body.quorum
    return rule is not None and any(kind in v.matters for v in rule.by_matter)


class Interested(NamedTuple):
    """The members with an interest a decision's vote is weighed for (:func:`_interests`)."""

    seats: Counter[str]
    """Their seats, each with those who declared: members who stayed and whose votes may not
    count (may not: ``open`` false; the MoU does not say: ``open`` true)."""
    open: bool
    """The MoU does not say whether any of them may vote."""


def _interests(
    trust: Trust, body: Body, room: Counter[str], dec: Decision, note: _Note, reads: Reads
) -> tuple[list[str], Interested]:
    """Apply the rule on declared interests; return the seats that withdraw for the item
    (a seat once for each of its members who declared), and the members with an interest
    who stayed and whose votes may not count, for the decision's vote to be weighed."""
    rule = body.interests
    declared = Counter(dec.interests)
    if declared:
        reads.read(f"{body.id}.interests")
    present = room
    voted = Counter(dec.for_) + Counter(dec.against)
    took_part = voted + Counter(dec.abstain)  # one who must withdraw may not abstain either
    withdrawn: list[str] = []
    open_: Counter[str] = Counter()
    unsettled = False
    for seat, n in sorted(declared.items()):
        who = f"`{seat}`" if n == 1 else f"{n} members for `{seat}`"
        # Members of a seat are not named, so count: more votes than the members left
        # means someone with an interest took part.
        interested_took_part = max(0, took_part[seat] - (present[seat] - n))
        interested_voted = max(0, voted[seat] - (present[seat] - n))
        if rule is None or not rule.settled:
            src = cite(trust, rule.source if rule else body.source)
            note(
                "unspecified",
                f"{who} declared an interest; the MoU does not say what follows from one.",
                src,
            )
            open_[seat] = n  # whether they may vote is not said: weighed both ways
            unsettled = True
            continue
        src = cite(trust, rule.source)
        left_open = _left_open(trust, f"{body.id}.interests")
        for line in left_open:
            # What follows from the interest is not settled, whatever the encoded rule says.
            note("unspecified", f"{who} declared an interest. {line.text}", line.source)
        if rule.withdraws:
            withdrawn.extend([seat] * n)
            if interested_took_part:
                note(
                    "error",
                    f"{who} declared an interest and must withdraw, but took part in "
                    f"the vote; {interested_took_part} vote(s) not counted.",
                    src,
                )
            else:
                note("info", f"{who} declared an interest and withdrew for this item.", src)
        elif rule.may_vote is False and interested_voted:
            note("error", f"{who} declared an interest and may not vote, but voted.", src)
        elif interested_voted and rule.may_vote is None:
            note(
                "unspecified",
                f"{who} declared an interest and voted; the MoU requires the "
                "declaration but does not say whether a member with an interest may vote.",
                src,
            )
        else:
            note("info", f"{who} declared an interest, as the MoU requires.", src)
        # Members who stay and may not vote (or may not be allowed to) are weighed: which of
        # the seat's votes were theirs, and whether they are among the voting members present.
        # One who surely voted though they may not is an error, above.
        barred = rule.may_vote is False and not interested_voted
        if not rule.withdraws and (left_open or rule.may_vote is None or barred):
            open_[seat] = n
            unsettled |= bool(left_open) or rule.may_vote is None
    return withdrawn, Interested(open_, unsettled)


def _left_open(trust: Trust, path: str) -> list[Finding]:
    """What leaves the rule at ``path``, one the check applies itself, open whatever the record
    says, as it leaves every answer that reads the rule: a rule govrules cannot express there
    (a not-encoded gap on, under or above it), or another clause stating it otherwise (see
    :func:`~govrules.evaluating.readings.conflicts_read`)."""
    read = Reads([path])
    blocked = [
        check_finding(
            "unspecified", f"Recorded gap (not-encoded): {gap.note}", cite(trust, gap.source)
        )
        for gap in gaps_read(trust, read)
        if gap.kind == "not-encoded"
    ]
    said = [check_finding("unspecified", r.text, r.source) for r in conflicts_read(trust, read)]
    return [*blocked, *said]


def _inquorate_source(trust: Trust, body: Body) -> SourceRef | None:
    rule = body.quorum
    return cite(trust, (rule.inquorate_source or rule.source) if rule else body.source)


def _trim(votes: dict[str, tuple[str, ...]], present: Counter[str]) -> dict[str, tuple[str, ...]]:
    """Drop the votes a seat casts beyond the members it has left in the room."""
    left = Counter(present)
    out: dict[str, tuple[str, ...]] = {}
    for key, seats in votes.items():
        kept = []
        for seat in seats:
            if left[seat] > 0:
                left[seat] -= 1
                kept.append(seat)
        out[key] = tuple(kept)
    return out


_TIMING_SEVERITY: dict[bool | None, Severity] = {True: "info", False: "error", None: "unspecified"}
"""A step's timing met, not met, or not settled."""


def _timing(
    trust: Trust, rec: MeetingRecord, dec: Decision, note: _Note, reads: Reads, needs: list[str]
) -> None:
    """Judge the decision's step of its procedure against the meeting's date: its wait and
    its deadline, each counted from the record's ``previous_date`` (or ``objection_date``).
    With no ``step``, a decision of a body a timed route refers matters to keeps that route's
    wait and deadline ("the Board decides within 28 days of the referral"); otherwise every
    wait of the procedure."""
    from ..language.schema import Route, Step
    from .timing import TIMING_FIELDS, event, has_timing, judge, judge_under_readings

    proc = trust.procedure(dec.procedure or "")
    if proc is None:
        return
    # Which steps and routes are timed is read too: a reading may give a wait to a step
    # that has none as encoded (the check weighs each reading of what it reads).
    reads.read_all(f"{proc.id}.routes.{EVERY}.{name}" for name in ("to", *TIMING_FIELDS))
    steps: list[tuple[str, Step | Route]]
    into: list[tuple[str, Step | Route]] = [
        (f"{proc.id}.routes.{r.from_}>{r.to}", r)
        for r in proc.routes
        if r.to == rec.body and has_timing(r)
    ]
    if dec.step is not None:
        reads.read_all(f"{proc.id}.steps.{dec.step - 1}.{name}" for name in TIMING_FIELDS)
        if dec.step > len(proc.steps):  # the record was checked against the encoded steps
            raise QueryError(f"procedure `{proc.id}` has no step {dec.step}")
        steps = [(f"{proc.id}.steps.{dec.step - 1}", proc.steps[dec.step - 1])]
    elif into:
        steps = into
    else:  # no step named: every wait of the procedure, as a second meeting must keep them
        reads.read(f"{proc.id}.steps.{EVERY}.min_days_after_previous")
        steps = [
            (f"{proc.id}.steps.{i}", s)
            for i, s in enumerate(proc.steps)
            if s.min_days_after_previous
        ]
    since = dec.previous_date or dec.objection_date
    for path, step in steps:
        if not has_timing(step):
            continue
        src = cite(trust, step.source or proc.source)
        if since is None:
            note(
                "unspecified",
                f"the record gives no date of {event(step)} (`previous_date`, or "
                "`objection_date` under a dispute protocol), so the step's timing cannot be "
                "checked.",
                src,
            )
            needs.append("previous_date")
            continue
        verdicts = judge(trust, step, since, rec.date)
        read = judge_under_readings(trust, path, since, rec.date)
        if read.answer == "unspecified" and None not in (v.holds for v in verdicts):
            # A reading of the timing or the calendar, or a rule govrules cannot express,
            # leaves open what the encoded rule settles: say so, with each reading's verdict.
            lines = "; ".join(r.text.rstrip(".") for r in read.explanation)
            note("unspecified", f"the step's timing is not settled: {lines}.", src)
            continue
        for verdict in verdicts:
            note(_TIMING_SEVERITY[verdict.holds], verdict.text + ".", src)


# --- what diff compares ---------------------------------------------------------------------


def _meetings_words(meets: Meetings | None) -> str:
    if meets is None or not meets.settled:
        return unsettled_words(meets)
    words = meets.frequency or "frequency not stated"
    if meets.per_year is not None:
        words += f" (at least {meets.per_year} a year)"
    return words


def _same_meetings(old: Meetings | None, new: Meetings | None) -> bool:
    if settled(old) != settled(new):
        return False
    if old is None or new is None or not old.settled:
        return True  # both open
    # "quarterly" and "four times a year" are the same rule when both give the number.
    if old.per_year is not None and new.per_year is not None:
        return old.per_year == new.per_year
    return (old.per_year, norm(old.frequency)) == (new.per_year, norm(new.frequency))


def _meetings_changes(old: Side, new: Side) -> Iterator[Altered]:
    was, now = old.body.meets, new.body.meets
    if _same_meetings(was, now):
        return
    before, after = _meetings_words(was), _meetings_words(now)
    text = f"Meetings of the {new.body.name}: from {before} to {after}."
    if now:
        yield Altered("meetings-changed", text, before, after, now.source)
    else:
        yield Altered("meetings-changed", text, before, after, was.source if was else None, True)


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


def _body_rule_changes(
    old: Side,
    new: Side,
    field: str,
    what: str,
    key: Callable[[Any], Hashable],
    words: Callable[[Any], str],
) -> Iterator[Altered]:
    """A body's optional rule (its ``field``) set, changed or removed: one change, in words."""
    was, now = getattr(old.body, field), getattr(new.body, field)
    if key(was) == key(now):
        return
    before, after = words(was), words(now)
    text = f"{what} on the {new.body.name}: from {before} to {after}."
    rule = now or was
    source = rule.source if rule else None
    yield Altered(f"{field}-changed", text, before, after, source, not now)


def _substitutes_changes(old: Side, new: Side) -> Iterator[Altered]:
    yield from _body_rule_changes(
        old, new, "substitutes", "Substitutes", _substitutes_key, _substitutes_words
    )


def _duties_words(meets: Meetings | None) -> str:
    if meets is None or (meets.before_each is None and meets.minutes_within_days is None):
        return "none stated"
    parts = []
    if meets.before_each is not None:
        parts.append(f"it meets before each meeting of `{meets.before_each}`")
    if meets.minutes_within_days is not None:
        parts.append(f"minutes are sent within {meets.minutes_within_days} days")
    return "; ".join(parts)


def _duties_changes(old: Side, new: Side) -> Iterator[Altered]:
    """What ``audit`` holds a body's meetings to beyond their number: meeting before another
    body's, sending minutes in time."""
    was, now = old.body.meets, new.body.meets

    def key(m: Meetings | None) -> Hashable:
        # No meetings rule and one that asks neither are the same: nothing to audit.
        return _duties_words(m)

    if key(was) == key(now):
        return
    before, after = _duties_words(was), _duties_words(now)
    text = f"What the meetings of the {new.body.name} must do: from {before} to {after}."
    rule = now or was
    yield Altered("meetings-changed", text, before, after, rule.source if rule else None, not now)


def _only_for_words(subs: Substitutes | None) -> str:
    if subs is None or not subs.only_for:
        return "any seat"
    return ", ".join(f"`{s}`" for s in sorted(subs.only_for))


def _only_for_changes(old: Side, new: Side) -> Iterator[Altered]:
    was, now = old.body.substitutes, new.body.substitutes
    if frozenset(was.only_for if was else ()) == frozenset(now.only_for if now else ()):
        return
    before, after = _only_for_words(was), _only_for_words(now)
    text = f"Seats that may send a substitute to the {new.body.name}: from {before} to {after}."
    rule = now or was
    yield Altered(
        "substitutes-changed", text, before, after, rule.source if rule else None, not now
    )


def _absences_key(body: Body) -> Hashable:
    return frozenset(
        (a.absences, a.window, a.by, a.deputy_counts_as_present, a.consequence)
        for a in body.absences
    )


def _absences_words(body: Body) -> str:
    if not body.absences:
        return "none stated"
    parts = []
    for a in sorted(body.absences, key=lambda a: (a.absences, a.window, a.by, a.consequence)):
        window = "in a year" if a.window == "year" else "in a row"
        absences = f"{a.absences} absence{'s' if a.absences != 1 else ''}"
        lead = "leads" if a.absences == 1 else "lead"
        words = f"{absences} {window} by a {a.by} {lead} to {a.consequence}"
        if a.deputy_counts_as_present is not None:
            words += ", a deputy " + (
                "counting as present" if a.deputy_counts_as_present else "not counting"
            )
        parts.append(words)
    return "; ".join(parts)


def _absences_changes(old: Side, new: Side) -> Iterator[Altered]:
    if _absences_key(old.body) == _absences_key(new.body):
        return
    before, after = _absences_words(old.body), _absences_words(new.body)
    text = f"Absences from the {new.body.name}: from {before} to {after}."
    rules = new.body.absences or old.body.absences
    yield Altered("absences-changed", text, before, after, rules[0].source, not new.body.absences)


def _interests_key(rule: Interests | None) -> Hashable:
    if rule is None or not rule.settled:
        return None
    return (rule.declare, rule.withdraws, None if rule.withdraws else rule.may_vote)


def _interests_words(rule: Interests | None) -> str:
    if rule is None or not rule.settled:
        return unsettled_words(rule)
    declare = "interests are declared" if rule.declare else "no declaration is required"
    withdraws = {
        True: "a member with an interest withdraws",
        False: "a member with an interest stays",
        None: "whether a member with an interest withdraws is not stated",
    }[rule.withdraws]
    votes = {True: " and may vote", False: " but may not vote", None: ""}[rule.may_vote]
    return f"{declare}; {withdraws}" + ("" if rule.withdraws else votes)


def _interests_changes(old: Side, new: Side) -> Iterator[Altered]:
    yield from _body_rule_changes(
        old, new, "interests", "Members with an interest", _interests_key, _interests_words
    )


# --- what validate checks -------------------------------------------------------------------

_SUBSTITUTE_DETAILS = ("kind", "named", "votes", "counts_for_quorum", "same_partner", "only_for")


def _no_effect(trust: Trust) -> Iterator[Problem]:
    """GR206: details of substitutes a body does not allow; `may_vote` for a member who
    withdraws."""
    for b, body in enumerate(trust.bodies):
        at = ("bodies", b)
        subs = body.substitutes
        if subs is not None and subs.allowed is False:
            for name in _SUBSTITUTE_DETAILS:
                if name in subs.model_fields_set:
                    yield Problem(
                        (*at, "substitutes", name),
                        "GR206",
                        "warning",
                        f"`{body.id}` allows no substitutes, so `{name}` has no effect",
                        "remove it, or set `allowed` to true if the document allows them",
                    )
        interests = body.interests
        if (
            interests is not None
            and interests.withdraws
            and "may_vote" in interests.model_fields_set
        ):
            withdraws = f"a member of `{body.id}` with an interest withdraws"
            yield Problem(
                (*at, "interests", "may_vote"),
                "GR206",
                "warning",
                f"{withdraws}, so `may_vote` has no effect",
                "remove it: a member who has withdrawn cannot vote",
            )


KIND = RuleKind(
    name="meetings",
    models=(Meetings, Substitutes, AbsenceRule, Interests),
    aspects=(
        Aspect(
            _meetings_changes,
            reads=("Body.meets", "Meetings.frequency", "Meetings.per_year"),
        ),
        Aspect(
            _duties_changes,
            reads=("Meetings.before_each", "Meetings.minutes_within_days"),
        ),
        Aspect(
            _substitutes_changes,
            reads=(
                "Body.substitutes",
                "Substitutes.allowed",
                "Substitutes.kind",
                "Substitutes.named",
                "Substitutes.votes",
                "Substitutes.counts_for_quorum",
                "Substitutes.same_partner",
            ),
        ),
        Aspect(_only_for_changes, reads=("Substitutes.only_for",)),
        Aspect(
            _absences_changes,
            reads=(
                "Body.absences",
                "AbsenceRule.absences",
                "AbsenceRule.window",
                "AbsenceRule.by",
                "AbsenceRule.deputy_counts_as_present",
                "AbsenceRule.consequence",
            ),
        ),
        Aspect(
            _interests_changes,
            reads=(
                "Body.interests",
                "Interests.declare",
                "Interests.withdraws",
                "Interests.may_vote",
            ),
        ),
    ),
    not_compared={
        "Meetings.minutes_source": "a citation",
    },
    not_evaluated={
        "Interests.declare": "that members declare is what a record's declarations show; "
        "`check` reads the declarations, whatever this says",
    },
    not_linted={
        "Body.meets": "each of its parts is judged below",
        "Body.substitutes": "checked with the details it makes irrelevant (GR206)",
        "Body.absences": "each of its parts is judged below",
        "Body.interests": "checked with the details it makes irrelevant (GR206)",
        "Meetings.frequency": "words, read by people (placeholders: GR303)",
        "Meetings.per_year": "the schema bounds it",
        "Meetings.before_each": "a reference, checked by the loader",
        "Meetings.minutes_within_days": "the schema bounds it",
        "Meetings.minutes_source": "a citation, checked with every other citation",
        "AbsenceRule.absences": "the schema bounds it",
        "AbsenceRule.window": "the schema admits only a window `audit` can count",
        "AbsenceRule.by": "the schema admits only what `audit` can count by",
        "AbsenceRule.deputy_counts_as_present": "a flag, right either way",
        "AbsenceRule.consequence": "the schema admits only a consequence `audit` can report",
        "Interests.declare": "a flag, right either way",
    },
    checks=(
        Check(
            _no_effect,
            codes=("GR206",),
            reads=(
                "Substitutes.allowed",
                "Substitutes.kind",
                "Substitutes.named",
                "Substitutes.votes",
                "Substitutes.counts_for_quorum",
                "Substitutes.same_partner",
                "Substitutes.only_for",
                "Interests.withdraws",
                "Interests.may_vote",
            ),
        ),
    ),
)
"""Meetings, substitutes, absences and interests: what ``diff`` compares of them."""
