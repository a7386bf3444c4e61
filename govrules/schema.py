"""The MoU language: the pydantic models a trust file is written in.

Names follow the words policy officers use. Every rule may cite its ``source`` (clause and,
ideally, a verbatim ``quote``); every rule has a ``status`` so that a document's silence,
an unfinished section or a drafting placeholder is recorded as such rather than filled in.
Models are frozen: a loaded trust is immutable and safe to share between threads.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import excerpt
from .ratio import parse_ratio

__all__ = [
    "AbsenceRule",
    "Base",
    "Body",
    "Condition",
    "Constraint",
    "Document",
    "Effective",
    "ExternalBody",
    "Gap",
    "Interests",
    "Link",
    "Meetings",
    "Office",
    "Partner",
    "Presence",
    "Procedure",
    "Quorum",
    "Reading",
    "Route",
    "Seat",
    "Source",
    "Status",
    "StatutoryBoard",
    "Step",
    "Substitutes",
    "Threshold",
    "Trust",
    "VoteException",
    "Voting",
]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
]
"""A lowercase kebab-case identifier such as ``strategic-board``."""

# Strict scalars: pydantic's lax mode would read `count: "3"` as 3, `count: true` as 1,
# `statutory: "yes"` as true and `date: 0` as 1970-01-01. A file says what it means or is
# refused (the loader words the refusal, with a hint).
Whole = Annotated[int, Strict()]
"""A whole number written as one: not ``"3"``, ``true`` or ``3.0``."""
Flag = Annotated[bool, Strict()]
"""``true`` or ``false``, nothing else (YAML 1.2 reads ``yes`` and ``on`` as text)."""

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # A YAML date arrives as a date; JSON and already-parsed mappings can only carry text,
    # so text of exactly the form YYYY-MM-DD is read too. Any other text, a number or a date
    # with a time stays as it is, for the strict check to refuse.
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"`{value}` is not a date in the calendar") from None
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day), Strict()]
"""A calendar date: a YAML date (``2010-03-01``) or text of exactly that form."""


def _only_true(value: object) -> object:
    # `Literal[True]` takes no Strict(), and its check lets 1 through (1 == True).
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "Input should be a valid boolean")
    return value


@lru_cache(maxsize=1024)
def _ratio(text: str) -> Fraction:
    return parse_ratio(text)


def _check_ratio(value: str) -> str:
    parse_ratio(value)
    return value


def _ratio_text(value: object) -> object:
    # 0.5 would be ambiguous between "one half" and a rounding of it; only exact forms pass.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise ValueError(
            f"`{excerpt(value)}` is a decimal; write an exact fraction such as 1/2, 2/3, 50%"
        )
    return value


RatioText = Annotated[str, BeforeValidator(_ratio_text), AfterValidator(_check_ratio)]
"""An exact fraction as written: ``50%``, ``1/2``, ``2/3``, ``one third``."""


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    # Look-ups and memoised answers (``functools.cached_property``) sit in the instance's
    # ``__dict__`` beside the fields, and pydantic's copies copy that whole dict. They hold only
    # for the values they were derived from, which ``model_copy(update=...)`` changes: a copy
    # starts without them.
    def __copy__(self) -> Self:
        copied = super().__copy__()
        _forget_derived(copied)
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = super().__deepcopy__(memo)
        _forget_derived(copied)
        return copied


def _forget_derived(model: BaseModel) -> None:
    fields = type(model).model_fields
    for name in [k for k in model.__dict__ if k not in fields]:
        del model.__dict__[name]


class Status(StrEnum):
    """Whether the document settles a rule."""

    STATED = "stated"
    UNSPECIFIED = "unspecified"
    """The document is silent."""
    TO_BE_DEVELOPED = "to-be-developed"
    """The document says the rule will be written later."""
    PLACEHOLDER = "placeholder"
    """A drafting note was left in place of the rule."""
    AMBIGUOUS = "ambiguous"
    """The document says it, but in a way that admits more than one reading."""
    NOT_ENCODED = "not-encoded"
    """The document is clear, but the rule is one govrules cannot express: every answer that
    reads it is unspecified, with the note."""


def _source_shorthand(value: object) -> object:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return {"clause": str(value)}
    return value


class Source(Model):
    """Where a rule comes from: a clause of the trust's document (or another named one)."""

    clause: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    document: str | None = None
    """Defaults to the trust's own document."""
    quote: str | None = None
    """The words of the clause, verbatim, so a reader can check the encoding."""


Cited = Annotated[Source, BeforeValidator(_source_shorthand)]


class Conflict(Model):
    """Another statement of the same rule that says something different."""

    source: Cited
    note: str


class Rule(Model):
    """Fields every rule shares."""

    status: Status = Status.STATED
    note: str | None = None
    source: Cited | None = None
    conflicting: tuple[Conflict, ...] = ()

    @property
    def settled(self) -> bool:
        return self.status is Status.STATED


def _date_words(value: object) -> object:
    # The document's date is words ("c. 2010"); a bare 2010-03-01 is read by YAML as a date.
    return value.isoformat() if isinstance(value, dt.date) else value


class Document(Model):
    title: str
    date: Annotated[str, BeforeValidator(_date_words)] | None = None
    status: Literal["draft", "adopted", "unknown"] = "unknown"
    note: str | None = None
    clauses: tuple[str, ...] = ()
    """The document's clause and section numbers (e.g. ``["1", "1.1", "Appendix A"]``). When
    given, every cited clause must be one of them or lie under one (``10.2.1`` under ``10.2``)."""


class Partner(Model):
    """An organisation in the partnership."""

    id: Id
    name: str
    statutory: Flag | None = None
    """Under the statutory duty to co-operate (``null``: the document does not say)."""
    weight: Whole | None = Field(default=None, ge=1, le=1_000_000)
    """Votes each member of each of this partner's seats carries, where votes are weighted
    (e.g. by population); a seat's own ``weight`` wins. Unset: one vote each."""
    source: Cited | None = None
    note: str | None = None


class ExternalBody(Model):
    """A body outside the trust that its document refers to (a reference, not a member)."""

    id: Id
    name: str
    source: Cited | None = None
    note: str | None = None


class Link(Model):
    """An accountability, reporting or delegation line to another body."""

    to: Id
    source: Cited | None = None
    note: str | None = None


class Meetings(Rule):
    frequency: str | None = None
    """As the document words it: ``quarterly``, ``twice a year``."""
    per_year: Whole | None = Field(default=None, ge=0, le=366)
    """The least number of meetings a year that frequency implies, where it implies one."""
    before_each: Id | None = None
    """The body meets on the day of each meeting of this other body, before it (a pre-meeting)."""
    minutes_within_days: Whole | None = Field(default=None, ge=0)
    """Minutes are circulated within this many days of the meeting."""
    minutes_source: Cited | None = None


class Seat(Model):
    """A place on a body. ``count`` > 1 for a constituency with several members."""

    id: Id
    title: str
    partner: Id | None = None
    count: Whole = Field(default=1, ge=1, le=100_000)
    up_to: Flag = False
    """``count`` is a maximum ("Schools (up to 4)")."""
    count_stated: Flag = True
    """False where the document gives no number: ``count`` is then only the least the seat
    holds, so it caps no attendance and the membership total is unknown."""
    weight: Whole | None = Field(default=None, ge=1, le=1_000_000)
    """Votes each member of this seat carries (a weighted vote); unset, the partner's
    ``weight``, else one. Quorum counts members, not votes."""
    source: Cited | None = None
    note: str | None = None


OfficeName = Literal["chair", "vice-chair", "chair-or-vice-chair"]


class Ineligible(Model):
    seat: Id
    source: Cited | None = None
    note: str | None = None


class Office(Rule):
    """Who chairs (or deputises): a named seat, or someone chosen by a stated method."""

    seat: Id | None = None
    """The seat that holds the office ex officio."""
    selection: Literal["ex-officio", "appointed", "elected", "nominated", "selected"] | None = None
    by: str | None = None
    """Who chooses: ``membership``, a body id, or words from the document."""
    from_among: str | None = None
    """Who may hold it, where the document says so without saying who chooses ("a member of
    the Strategic Board")."""
    from_among_source: Cited | None = None
    term_months: Whole | None = Field(default=None, ge=1)
    """The longest a holder serves before the office must be filled again (annual: 12)."""
    term: str | None = None
    voting_members_only: Flag = False
    ineligible: tuple[Ineligible, ...] = ()
    different_partner_from: OfficeName | None = None
    """The holder may not represent the same partner as the holder of this other office."""

    @model_validator(mode="after")
    def _seat_or_selection(self) -> Office:
        if self.settled and self.seat is None and self.selection is None and not self.from_among:
            raise ValueError("a stated office needs `seat`, `selection` or `from_among`")
        return self


class Substitutes(Rule):
    """Whether an absent member may send someone in their place, and what that person may do."""

    allowed: Flag | None = None
    kind: Literal["deputy", "substitute", "proxy"] = "substitute"
    named: Flag = False
    """Each member has one named deputy (rather than anyone they send)."""
    votes: Flag | None = None
    counts_for_quorum: Flag | None = None
    same_partner: Flag | None = None
    """The substitute must come from the member's own organisation or group."""
    only_for: tuple[Id, ...] = ()
    """The seats that may send one (empty: any seat)."""


class AbsenceRule(Model):
    """What follows a member's (or partner's) absences: "absence from two meetings in any one
    year will be followed up", "three consecutive absences and the member is removed"."""

    absences: Whole = Field(ge=1)
    window: Literal["year", "consecutive"] = "year"
    """``year``: within a calendar year; ``consecutive``: in a row."""
    by: Literal["partner", "seat"] = "partner"
    """Whether absence is counted per partner organisation or per seat."""
    deputy_counts_as_present: Flag | None = None
    consequence: Literal["follow-up", "removal"] = "follow-up"
    source: Cited | None = None
    note: str | None = None


class Interests(Rule):
    """What a member with an interest in an item must do."""

    declare: Flag = True
    withdraws: Flag | None = None
    """The member leaves the meeting for the item (and so does not count toward its quorum)."""
    may_vote: Flag | None = None


class Presence(Model):
    """Someone who must be present for a meeting to be quorate."""

    office: OfficeName | None = None
    seats: tuple[Id, ...] = ()
    partner: Id | None = None
    at_least: Whole = Field(default=1, ge=1)
    source: Cited | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Presence:
        kinds = sum([self.office is not None, bool(self.seats), self.partner is not None])
        if kinds != 1:
            raise ValueError("name exactly one of `office`, `seats` or `partner`")
        return self


class Quorum(Rule):
    """How many must attend for a meeting to decide.

    Exactly one of ``at_least`` (a fraction), ``more_than`` (a fraction) or ``number``.
    The fraction is of ``of``: all seats, voting seats, or seats currently filled.
    """

    at_least: RatioText | None = None
    more_than: RatioText | None = None
    number: Whole | None = Field(default=None, ge=1)
    of: Literal["seats", "voting-seats", "filled-seats"] = "seats"
    rounding: Literal["exact", "up", "down"] = "exact"
    """``exact`` compares the attendance with the fraction itself; ``up``/``down`` round the
    fraction of the membership to a whole number first, as some documents direct."""
    minimum: Whole | None = Field(default=None, ge=1)
    """Never fewer than this many, whatever the fraction gives."""
    must_include: tuple[Presence, ...] = ()
    inquorate_decisions: Literal["binding", "in-principle", "void", "unspecified"] = "unspecified"
    inquorate_source: Cited | None = None

    @model_validator(mode="after")
    def _one_measure(self) -> Quorum:
        given = [x for x in (self.at_least, self.more_than, self.number) if x is not None]
        if self.settled and len(given) != 1:
            raise ValueError(
                "a stated quorum needs exactly one of `at_least`, `more_than`, `number`"
            )
        if not self.settled and given:
            raise ValueError(f"a quorum whose status is `{self.status}` cannot give a measure")
        return self

    @property
    def fraction(self) -> Fraction | None:
        text = self.at_least or self.more_than
        return _ratio(text) if text is not None else None


class Threshold(Model):
    """What share of the base a motion needs: ``more_than: 1/2`` is a simple majority."""

    more_than: RatioText | None = None
    at_least: RatioText | None = None
    unanimous: Flag = False

    @model_validator(mode="after")
    def _one_measure(self) -> Threshold:
        if sum([self.more_than is not None, self.at_least is not None, self.unanimous]) != 1:
            raise ValueError("give exactly one of `more_than`, `at_least` or `unanimous: true`")
        return self

    @property
    def fraction(self) -> Fraction:
        if self.unanimous:
            return Fraction(1)
        return _ratio(self.more_than or self.at_least or "")

    @property
    def strict(self) -> bool:
        """True for "more than", False for "at least" (and unanimity)."""
        return self.more_than is not None


class Condition(Model):
    """A structured condition on a seat and the matter being decided.

    Exactly one key: ``any``/``all`` of sub-conditions, ``not``, ``affected`` (the matter
    directly affects the seat's partner in these respects), ``implements`` (the partner is
    to implement the decision), ``statutory_partner`` or ``seat_in``.
    """

    any: tuple[Condition, ...] | None = None
    all: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    affected: tuple[Literal["statutory-duty", "powers", "finances", "any"], ...] | None = None
    implements: Annotated[Literal[True], BeforeValidator(_only_true)] | None = None
    statutory_partner: Flag | None = None
    seat_in: tuple[Id, ...] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        keys = [k for k, v in self.__dict__.items() if v is not None]
        if len(keys) != 1:
            raise ValueError(
                "a condition has exactly one of `any`, `all`, `not`, `affected`, "
                "`implements`, `statutory_partner`, `seat_in`"
            )
        return self


class VoteException(Model):
    """A seat whose right to vote differs from the body's general rule."""

    seat: Id
    votes: Flag | Literal["unspecified"]
    source: Cited | None = None
    note: str | None = None


Base = Literal["votes-cast", "ballots-cast", "present", "everyone-present", "voting-members"]
"""What a voting threshold is a share of (see ``Voting.base``)."""


class Voting(Rule):
    """How a body (or a procedure's voting step) decides a motion put to the vote."""

    consensus_first: Flag = False
    method: str | None = None
    threshold: Threshold | None = None
    base: Base | None = None
    """``votes-cast``: of those present and voting (abstentions ignored); ``ballots-cast``: of
    every ballot cast, for, against, abstaining (blank) or invalid (spoilt); ``present``: of the
    voting members present (an abstention counts against); ``everyone-present``: of
    everyone present, voters or not (a non-voting member present weighs against, as "a majority
    of representatives present" can be read); ``voting-members``: of every voting
    seat, present or not. Each counts votes: a member whose seat carries a ``weight`` counts
    that many times."""
    voters: Literal["all-seats"] | tuple[Id, ...] = "all-seats"
    condition: Condition | None = None
    """A seat votes only if this holds for it and the matter being decided."""
    exceptions: tuple[VoteException, ...] = ()
    casting_vote: Literal["none", "chair-has", "chair-may", "unspecified"] = "unspecified"
    casting_source: Cited | None = None
    tie: Literal["fails", "lot"] | None = None
    """What decides a tie no casting vote breaks: it fails, or lots are drawn."""
    tie_by_lot_on: tuple[Id, ...] = ()
    """Kinds of matter (e.g. ``appointment``) on which a tie is decided by lot instead of by a
    casting vote; the question names the kind of its matter."""
    tie_by_lot_source: Cited | None = None
    right_to_vote_ruled_by: str | None = None
    right_to_vote_source: Cited | None = None
    irregular_votes_saved: Cited | None = None
    """The clause that keeps a meeting's acts valid though a voter proves not to have been
    entitled to vote (e.g. Suffolk 10.3.5); such a vote is then not counted but does not
    invalidate the record."""

    @model_validator(mode="after")
    def _complete(self) -> Voting:
        if self.settled and (self.threshold is None or self.base is None):
            raise ValueError("a stated voting rule needs `threshold` and `base`")
        return self


class Route(Model):
    """In a procedure, a body that refers an unresolved matter on to another."""

    from_: Id = Field(alias="from")
    to: Id
    optional: Flag = False
    """The body *may* refer the matter on ("they may refer the issue")."""
    source: Cited | None = None
    note: str | None = None


class Step(Model):
    action: str
    actor: str | None = None
    """Who acts: a body id, ``chair``, or words from the document."""
    body: Id | None = None
    """The body where the step happens; empty for "the group where the conflict arose"."""
    outside: Flag = False
    """The step happens outside the trust's bodies (a meeting of the partners' chief
    executives, a line manager, mediation)."""
    min_days_after_previous: Whole | None = Field(default=None, ge=0)
    max_days: Whole | None = Field(default=None, ge=0)
    """A deadline for the step, counted from the previous one."""
    working_days: Flag = False
    vote: Voting | None = None
    final: Flag = False
    """The decision taken at this step is final."""
    source: Cited | None = None
    note: str | None = None


class Procedure(Rule):
    """A dispute or conflict resolution procedure: ordered steps and a final arbiter."""

    id: Id
    name: str
    applies_to: tuple[Id, ...] = ()
    """The bodies in which the procedure is used (empty: the trust as a whole)."""
    scope: str | None = None
    steps: tuple[Step, ...] = ()
    routes: tuple[Route, ...] = ()
    final_arbiter: Id | None = None
    final_arbiter_source: Cited | None = None


class Constraint(Model):
    """A rule across bodies or offices."""

    kind: Literal["distinct-chairs"]
    bodies: tuple[Id, ...] = ()
    source: Cited | None = None
    note: str | None = None


class StatutoryBoard(Model):
    """The body on which the law requires every statutory partner to be represented."""

    body: Id
    exempt: tuple[Id, ...] = ()
    """Statutory partners the law does not require to sit on it."""
    source: Cited | None = None
    note: str | None = None


class Reading(Model):
    """Another value the text admits for the rule at a gap's subject."""

    value: Any
    """Written as the field itself would be (a number, a word, a mapping); checked at load by
    building the trust with it."""
    note: str | None = None
    source: Cited | None = None


class Gap(Model):
    """Something the document leaves open: silence, a placeholder, a wrong reference."""

    kind: Literal[
        "unspecified",
        "to-be-developed",
        "placeholder",
        "conflict",
        "wrong-reference",
        "ambiguous",
        "not-encoded",
    ]
    """``not-encoded``: the document states a rule here that govrules cannot express (only
    part of it is encoded); every answer that reads the subject is unspecified."""
    note: str
    source: Cited
    subject: str | None = None
    """A rule path naming what the gap concerns, e.g. ``strategic-board.voting`` (see
    :mod:`govrules.paths`); none for a gap about the document as a whole."""
    encoded: str | None = None
    """How the value written in the rule reads the text, in words (itself one reading)."""
    readings: tuple[Reading, ...] = ()
    """The other values the text admits for the node at ``subject`` (an ``ambiguous``,
    ``conflict`` or ``placeholder`` gap only). Answers that read the subject are given under
    every reading."""

    @model_validator(mode="after")
    def _readings_need_a_subject(self) -> Gap:
        if self.kind == "not-encoded" and self.subject is None:
            raise ValueError("a `not-encoded` gap needs the `subject` it is about")
        if self.readings and self.subject is None:
            raise ValueError("a gap with `readings` needs the `subject` they are values of")
        if self.readings and self.kind not in ("ambiguous", "conflict", "placeholder"):
            raise ValueError(
                "only an `ambiguous`, `conflict` or `placeholder` gap carries readings, "
                f"not `{self.kind}`"
            )
        return self


class Body(Model):
    """A board, group or meeting of the trust."""

    id: Id
    name: str
    instances: Whole = Field(default=1, ge=1)
    """How many bodies share this definition (five Steering Groups → 5)."""
    purpose: str | None = None
    accountable_to: tuple[Link, ...] = ()
    reports_to: tuple[Link, ...] = ()
    delegates_to: tuple[Link, ...] = ()
    meets: Meetings | None = None
    chair: Office | None = None
    vice_chair: Office | None = None
    seats: tuple[Seat, ...] = ()
    membership: Rule | None = None
    """Status of the membership list itself (e.g. to be agreed, invited representatives)."""
    substitutes: Substitutes | None = None
    quorum: Quorum | None = None
    voting: Voting | None = None
    absences: tuple[AbsenceRule, ...] = ()
    interests: Interests | None = None
    source: Cited | None = None
    note: str | None = None

    # Derived once per (immutable) model: queries ask for these on every call.
    @cached_property
    def members_total(self) -> int:
        return sum(seat.count for seat in self.seats)

    @cached_property
    def membership_known(self) -> bool:
        """Every seat's number of places is stated, so the membership total is known."""
        return all(seat.count_stated for seat in self.seats)

    @cached_property
    def _seats_by_id(self) -> dict[str, Seat]:
        return {s.id: s for s in reversed(self.seats)}

    def seat(self, seat_id: str) -> Seat | None:
        return self._seats_by_id.get(seat_id)


class Effective(Model):
    """When these rules are in force (for a folder holding several versions of one MoU)."""

    from_: Day | None = Field(default=None, alias="from")
    until: Day | None = None
    """The first day the rules are no longer in force."""
    source: Cited | None = None
    note: str | None = None


class Trust(Model):
    """A whole MoU: its document, partners, bodies, procedures, constraints and gaps."""

    id: Id
    name: str
    document: Document
    effective: Effective | None = None
    partners: tuple[Partner, ...] = ()
    external_bodies: tuple[ExternalBody, ...] = ()
    bodies: tuple[Body, ...]
    procedures: tuple[Procedure, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    statutory_board: StatutoryBoard | None = None
    gaps: tuple[Gap, ...] = ()

    @cached_property
    def _bodies_by_id(self) -> dict[str, Body]:
        return {b.id: b for b in reversed(self.bodies)}

    @cached_property
    def _partners_by_id(self) -> dict[str, Partner]:
        return {p.id: p for p in reversed(self.partners)}

    def body(self, body_id: str) -> Body | None:
        return self._bodies_by_id.get(body_id)

    def partner(self, partner_id: str) -> Partner | None:
        return self._partners_by_id.get(partner_id)

    @cached_property
    def _procedures_by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in reversed(self.procedures)}

    def procedure(self, procedure_id: str) -> Procedure | None:
        return self._procedures_by_id.get(procedure_id)

    def external(self, body_id: str) -> ExternalBody | None:
        return next((b for b in self.external_bodies if b.id == body_id), None)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a trust file, for editors and other tools."""
    schema = Trust.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "govrules MoU (trust file)"
    return schema
