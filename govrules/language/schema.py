"""The MoU language: the pydantic models a trust file is written in.

Names follow the words policy officers use. Every rule may cite its ``source`` (clause and,
ideally, a verbatim ``quote``); every rule has a ``status`` so that a document's silence,
an unfinished section or a drafting placeholder is recorded as such rather than filled in.
Models are frozen: a loaded trust is immutable and safe to share between threads.
"""

# No `from __future__ import annotations`: pydantic would compile and evaluate each of the
# models' annotations (some 260) as a string when the class is defined, a sixth of this
# module's import on every first-time question (benchmarks/cli.py). A model that names
# itself quotes the name.

import datetime as dt
import re
import sys
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

from ..reading.errors import excerpt
from .ratio import parse_ratio
from .references import (
    BODY,
    EXTERNAL_BODY,
    MATTER,
    MEMBER_CLASS,
    PARTNER,
    PARTNER_KIND,
    PROCEDURE,
    RULE_PATH,
    SEAT,
    Declares,
    Once,
    Ref,
    ResolvedIn,
)
from .vocabulary import DERIVED, OPPOSITES, Region

__all__ = [
    "AbsenceRule",
    "Among",
    "Base",
    "Body",
    "Calendar",
    "Concurrence",
    "Condition",
    "Constraint",
    "DeclaredClause",
    "Document",
    "Effective",
    "ExternalBody",
    "Gap",
    "Interests",
    "Link",
    "MatterKind",
    "Meetings",
    "MemberClass",
    "NotProcedural",
    "Office",
    "Partner",
    "PartnerKind",
    "Presence",
    "Procedure",
    "Quorum",
    "QuorumVariation",
    "Reading",
    "Route",
    "Seat",
    "Source",
    "Status",
    "StatutoryBoard",
    "Step",
    "Substitutes",
    "Threshold",
    "Timing",
    "Trust",
    "VoteException",
    "Voting",
    "VotingVariation",
]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
]
"""A lowercase kebab-case identifier such as ``strategic-board``."""

# An id a rule names, typed by what it names (see :mod:`govrules.language.references`): the
# loader checks each against what the trust declares, wherever the type is used.
SeatRef = Annotated[Id, Ref(SEAT)]
"""A seat's id: of the body the rule is in (a procedure step's: of the step's body)."""
BodyRef = Annotated[Id, Ref(BODY)]
"""A body's id."""
LineEndRef = Annotated[Id, Ref(BODY, also=(EXTERNAL_BODY,))]
"""The id of a body or of an external body: an end of a line or route."""
PartnerRef = Annotated[Id, Ref(PARTNER)]
"""A partner's id."""
PartnerKindRef = Annotated[Id, Ref(PARTNER_KIND)]
"""A kind of partner, declared in the trust's ``partner_kinds``."""
ClassRef = Annotated[Id, Ref(MEMBER_CLASS)]
"""A class of member: built in, declared in ``member_classes``, or derived from the vote."""
SeatClassRef = Annotated[
    Id,
    Ref(
        MEMBER_CLASS,
        refused=frozenset(DERIVED),
        because="is derived from the voting rule, not declared on a seat",
        opposites=OPPOSITES,
    ),
]
"""A class a seat's holders belong to: built in or declared, never derived from the vote."""
VoterClassRef = Annotated[
    Id,
    Ref(
        MEMBER_CLASS,
        refused=frozenset(DERIVED),
        because="is derived from who votes: it cannot decide who votes",
    ),
]
"""A class whose members vote: built in or declared, never derived from the vote."""
MatterRef = Annotated[Id, Ref(MATTER)]
"""A kind of matter, declared in the trust's ``matters``."""
GapSubject = Annotated[str, Ref(RULE_PATH, called="gap subject")]
"""A rule path (:mod:`govrules.language.paths`) that names a node of the trust."""

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


RatioText = Annotated[
    str,
    BeforeValidator(_ratio_text, json_schema_input_type=str | int),
    AfterValidator(_check_ratio),
]
"""An exact fraction as written: ``50%``, ``1/2``, ``2/3``, ``one third``."""


class Model(BaseModel):
    # The validators are built on first validation, not at import: a question on a compiled
    # trust validates nothing (benchmarks/cli.py: the start-up of a first-time question).
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

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
    """The clause or section number as the document writes it (``10.1``, ``Appendix A 3.2``)."""
    document: str | None = None
    """Defaults to the trust's own document."""
    quote: str | None = None
    """The words of the clause, verbatim, so a reader can check the encoding."""


# The JSON Schema takes the short form too: `source: "10.1"` (or a number, `source: 4.1`).
Cited = Annotated[
    Source, BeforeValidator(_source_shorthand, json_schema_input_type=str | int | float | Source)
]


class Conflict(Model):
    """Another statement of the same rule that says something different."""

    source: Cited
    """The clause of the other statement."""
    note: str
    """What the other statement says, and how it differs."""


class Rule(Model):
    """Fields every rule shares."""

    status: Status = Status.STATED
    """Whether the document settles this rule: ``stated`` (the default), ``unspecified``, ``to-be-
    developed``, ``placeholder`` or ``ambiguous``; a rule not stated gives no measure."""
    note: str | None = None
    """Words for a reader: why the rule is encoded so, or what the document leaves open."""
    source: Cited | None = None
    """The clause this comes from: ``"10.1"`` or ``{clause, quote, document}``."""
    conflicting: tuple[Conflict, ...] = ()
    """Other statements of the same rule that say something different, each with its ``source`` and
    a ``note``."""

    @property
    def settled(self) -> bool:
        return self.status is Status.STATED


def _date_words(value: object) -> object:
    # The document's date is words ("c. 2010"); a bare 2010-03-01 is read by YAML as a date.
    return value.isoformat() if isinstance(value, dt.date) else value


class DeclaredClause(Model):
    """A clause of the document named by the trust, where the document's numbering is
    irregular: it starts at the first line that begins with ``at``."""

    clause: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """The label the trust cites it by (``Who's Who: CYPB``, ``5.3 (second)``)."""
    at: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    """The words the clause starts with, at the start of a line (bullets, Markdown heading
    marks and leading whitespace aside; compared as quotes are)."""
    after: str | None = None
    """Look for ``at`` only after the start of this clause (where the words occur earlier)."""
    within: str | None = None
    """The clause this one is part of: its text counts as within that clause (default: none,
    a clause of its own at the top level)."""


class NotProcedural(Model):
    """A clause of the document that holds no procedure to encode, with the reason."""

    clause: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """The clause; its sub-clauses are covered too, unless a rule or gap cites them."""
    reason: Annotated[str, StringConstraints(min_length=1)]
    """Why there is nothing to encode (``the vision``, ``background on the 2004 Act``)."""


class Document(Model):
    """The document the rules come from: its title, date and status."""

    title: str
    """The document's title, as written."""
    date: Annotated[str, BeforeValidator(_date_words)] | None = None
    """The document's date as written (``c. 2010``, ``2010-03-01``)."""
    status: Literal["draft", "adopted", "unknown"] = "unknown"
    """``draft``, ``adopted`` or ``unknown``."""
    note: str | None = None
    """Words for a reader about the document."""
    clauses: tuple[str, ...] = ()
    """The document's clause and section numbers (e.g. ``["1", "1.1", "Appendix A"]``). When
    given, every cited clause must be one of them or lie under one (``10.2.1`` under ``10.2``)."""
    file: str | None = None
    """The document itself (``.txt``, ``.md``, ``.docx``, ``.pdf``), relative to the trust
    file: ``coverage`` and ``report`` read it when no ``--source`` is given; ``validate``
    checks quotes only with ``--source`` (see docs/sources.md)."""
    numbering: tuple[DeclaredClause, ...] = ()
    """Clauses the document's own numbering does not mark (an unnumbered section, a
    repeated or misplaced number, a footnote), each named and found by the words it starts
    with."""
    not_procedural: tuple[NotProcedural, ...] = ()
    """Clauses with no procedural content (a vision, a list of values), each with the reason:
    coverage counts them as accounted for."""


class Partner(Model):
    """An organisation in the partnership."""

    id: Id
    """The partner's id (lowercase kebab-case), used by seats."""
    name: str
    """The organisation's name."""
    statutory: Flag | None = None
    """Under the statutory duty to co-operate (``null``: the document does not say)."""
    weight: Whole | None = Field(default=None, ge=1, le=1_000_000)
    """Votes each member of each of this partner's seats carries, where votes are weighted
    (e.g. by population); a seat's own ``weight`` wins. Unset: one vote each."""
    kind: PartnerKindRef | None = None
    """The kind of partner (e.g. ``constituent-council``), one of the trust's ``partner_kinds``,
    for rules about "each partner of a kind"."""
    source: Cited | None = None
    """The clause naming the partner."""
    note: str | None = None
    """Words for a reader."""


class MemberClass(Model):
    """A class of member the trust's document speaks of ("the core members", "executive
    directors"), beside the built-in ones (see :mod:`govrules.evaluating.classes`)."""

    id: Id
    """The class's id (lowercase kebab-case), used by seats and rules."""
    name: str | None = None
    """The class as the document words it."""
    source: Cited | None = None
    """The clause defining the class."""
    note: str | None = None
    """Words for a reader."""


class PartnerKind(Model):
    """A kind of partner the document speaks of ("constituent council")."""

    id: Id
    """The kind's id (lowercase kebab-case), used by partners and rules."""
    name: str | None = None
    """The kind as the document words it."""
    source: Cited | None = None
    """The clause defining the kind."""
    note: str | None = None
    """Words for a reader."""


class ExternalBody(Model):
    """A body outside the trust that its document refers to (a reference, not a member)."""

    id: Id
    """Its id (lowercase kebab-case), for lines to it."""
    name: str
    """Its name."""
    source: Cited | None = None
    """The clause referring to it."""
    note: str | None = None
    """Words for a reader."""


class MatterKind(Model):
    """A kind of matter the trust's bodies decide (``budget``, ``constitution``, ``co-option``):
    the word a question or a record uses to say what a decision is about, where the rules treat
    some kinds differently. Unlike ``affects`` (whose statutory duty, powers or finances a
    matter touches), a kind says what the matter *is*."""

    id: Id
    """The kind's id (lowercase kebab-case; not ``none``, which a question uses for a matter
    of no declared kind)."""
    name: str
    """The kind as the document words it ("the budget", "changes to this constitution")."""
    source: Cited | None = None
    """The clause naming or defining the kind."""
    note: str | None = None
    """Words for a reader."""


class Link(Model):
    """An accountability, reporting or delegation line to another body."""

    to: Annotated[Id, Ref(BODY, also=(EXTERNAL_BODY,), not_itself="cannot be linked to itself")]
    """The id of the other body (or external body)."""
    source: Cited | None = None
    """The clause stating the line."""
    note: str | None = None
    """Words for a reader."""


class Meetings(Rule):
    """How often a body meets, its pre-meetings and when minutes go out."""

    frequency: str | None = None
    """As the document words it: ``quarterly``, ``twice a year``."""
    per_year: Whole | None = Field(default=None, ge=0, le=366)
    """The least number of meetings a year that frequency implies, where it implies one."""
    before_each: (
        Annotated[Id, Ref(BODY, not_itself="cannot meet before each of its own meetings")] | None
    ) = None
    """The body meets on the day of each meeting of this other body, before it (a pre-meeting)."""
    minutes_within_days: Whole | None = Field(default=None, ge=0)
    """Minutes are circulated within this many days of the meeting."""
    minutes_source: Cited | None = None
    """The clause on circulating minutes."""


class Seat(Model):
    """A place on a body. ``count`` > 1 for a constituency with several members."""

    id: Id
    """The seat's id (lowercase kebab-case), used in attendance and votes."""
    title: str
    """The seat as the document words it."""
    partner: PartnerRef | None = None
    """The id of the partner organisation the seat represents."""
    count: Whole = Field(default=1, ge=1, le=100_000)
    """Places in this seat (a constituency of several members: ``2``); default 1."""
    up_to: Flag = False
    """``count`` is a maximum ("Schools (up to 4)")."""
    count_stated: Flag = True
    """False where the document gives no number: ``count`` is then only the least the seat
    holds, so it caps no attendance and the membership total is unknown."""
    weight: Whole | None = Field(default=None, ge=1, le=1_000_000)
    """Votes each member of this seat carries (a weighted vote); unset, the partner's
    ``weight``, else one. Quorum counts members, not votes."""
    classes: tuple[SeatClassRef, ...] = ()
    """The classes of member the seat's holders belong to: built in (``officer``,
    ``non-officer``, ``councillor``, ``elected``, ``co-opted``, ``staff``) or declared in the
    trust's ``member_classes``. Whether a seat votes is derived, never declared."""
    source: Cited | None = None
    """The clause listing the seat."""
    note: str | None = None
    """Words for a reader."""


OfficeName = Literal["chair", "vice-chair", "chair-or-vice-chair"]


class Ineligible(Model):
    """A seat whose holder may not hold an office."""

    seat: SeatRef
    """The seat whose holder may not hold the office."""
    source: Cited | None = None
    """The clause saying so."""
    note: str | None = None
    """Words for a reader."""


class Among(Model):
    """Members picked out by seat, partner, partner kind or class: a member belongs who matches
    any one of the entries given."""

    seats: tuple[SeatRef, ...] = ()
    """The holders of these seats."""
    partners: tuple[PartnerRef, ...] = ()
    """Members of any seat of these partners."""
    partner_kinds: tuple[PartnerKindRef, ...] = ()
    """Members of any seat of a partner of these kinds."""
    classes: tuple[ClassRef, ...] = ()
    """Members of these classes (built in, declared, or derived: ``voting``, ``non-voting``)."""
    source: Cited | None = None
    """The clause saying so."""

    @model_validator(mode="after")
    def _some(self) -> Self:
        if not (self.seats or self.partners or self.partner_kinds or self.classes):
            raise ValueError("name `seats`, `partners`, `partner_kinds` or `classes`")
        return self


class Office(Rule):
    """Who chairs (or deputises): a named seat, or someone chosen by a stated method."""

    seat: SeatRef | None = None
    """The seat that holds the office ex officio."""
    selection: Literal["ex-officio", "appointed", "elected", "nominated", "selected"] | None = None
    """How the holder is chosen: ``ex-officio``, ``appointed``, ``elected``, ``nominated`` or
    ``selected``."""
    by: str | None = None
    """Who chooses: ``membership``, a body id, or words from the document."""
    from_among: Among | str | None = None
    """Who may hold it: ``{classes: [...], seats: [...], partners: [...], partner_kinds: [...]}``
    (any of them), or words from the document ("a member of the Strategic Board"), which
    ``eligible`` cannot check and so answers ``unspecified``."""
    not_from_among: Among | None = None
    """Who may not hold it ("other than the staff members"): ``{classes: [staff]}``."""
    from_among_source: Cited | None = None
    """The clause saying who may hold it."""
    term_months: Whole | None = Field(default=None, ge=1)
    """The longest a holder serves before the office must be filled again (annual: 12)."""
    term: str | None = None
    """The term as the document words it (``annual``)."""
    voting_members_only: Flag = False
    """Only a voting member may hold the office."""
    ineligible: tuple[Ineligible, ...] = ()
    """Seats whose holders may not hold the office."""
    different_partner_from: OfficeName | None = None
    """The holder may not represent the same partner as the holder of this other office."""

    @model_validator(mode="after")
    def _seat_or_selection(self) -> Self:
        if self.settled and self.seat is None and self.selection is None and not self.from_among:
            raise ValueError("a stated office needs `seat`, `selection` or `from_among`")
        return self


class Substitutes(Rule):
    """Whether an absent member may send someone in their place, and what that person may do."""

    allowed: Flag | None = None
    """Whether an absent member may send someone (``null``: the document does not say)."""
    kind: Literal["deputy", "substitute", "proxy"] = "substitute"
    """``deputy``, ``substitute`` or ``proxy``."""
    named: Flag = False
    """Each member has one named deputy (rather than anyone they send)."""
    votes: Flag | None = None
    """Whether the substitute may vote."""
    counts_for_quorum: Flag | None = None
    """Whether the substitute counts toward the quorum."""
    same_partner: Flag | None = None
    """The substitute must come from the member's own organisation or group."""
    only_for: tuple[SeatRef, ...] = ()
    """The seats that may send one (empty: any seat)."""


class AbsenceRule(Model):
    """What follows a member's (or partner's) absences: "absence from two meetings in any one
    year will be followed up", "three consecutive absences and the member is removed"."""

    absences: Whole = Field(ge=1)
    """How many absences set the rule off."""
    window: Literal["year", "consecutive"] = "year"
    """``year``: within a calendar year; ``consecutive``: in a row."""
    by: Literal["partner", "seat"] = "partner"
    """Whether absence is counted per partner organisation or per seat."""
    deputy_counts_as_present: Flag | None = None
    """Whether a deputy's attendance counts as the member's."""
    consequence: Literal["follow-up", "removal"] = "follow-up"
    """``follow-up`` (the partner is contacted) or ``removal``."""
    source: Cited | None = None
    """The clause stating the rule."""
    note: str | None = None
    """Words for a reader."""


class Interests(Rule):
    """What a member with an interest in an item must do."""

    declare: Flag = True
    """The member must declare the interest."""
    withdraws: Flag | None = None
    """The member leaves the meeting for the item (and so does not count toward its quorum)."""
    may_vote: Flag | None = None
    """Whether the member may vote on the item."""


class Presence(Model):
    """Someone who must be present for a meeting to be quorate."""

    office: OfficeName | None = None
    """An office whose holder must be present: ``chair``, ``vice-chair`` or ``chair-or-vice-
    chair``."""
    seats: tuple[SeatRef, ...] = ()
    """Seats of which at least ``at_least`` places must be present."""
    partner: PartnerRef | None = None
    """A partner of whose seats (any of them) at least ``at_least`` members must be present."""
    classes: tuple[ClassRef, ...] = ()
    """Members of every one of these classes ("a Councillor": ``[councillor]``); alone, or
    narrowing ``seats``, ``partner`` or ``each_partner_of_kind`` ("a councillor from the
    council")."""
    each_partner_of_kind: PartnerKindRef | None = None
    """At least ``at_least`` members from each partner of this kind with a seat on the body
    ("a member of each constituent council")."""
    at_least: Whole = Field(default=1, ge=1)
    """How many of ``seats``, ``partner`` or ``classes`` (or from each partner of the kind) must
    be present; default 1."""
    source: Cited | None = None
    """The clause stating the requirement."""

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = sum(
            [
                self.office is not None,
                bool(self.seats),
                self.partner is not None,
                self.each_partner_of_kind is not None,
            ]
        )
        if kinds > 1 or (kinds == 0 and not self.classes):
            raise ValueError(
                "name exactly one of `office`, `seats`, `partner`, `each_partner_of_kind` or "
                "`classes` (`classes` may narrow the others, not `office`)"
            )
        if self.office is not None and self.classes:
            raise ValueError("an `office` presence takes no `classes`")
        return self


class QuorumVariation(Model):
    """The quorum for some kinds of matter ("for a change to this constitution, two thirds of
    the members"): exactly one measure, which replaces the body's measure on those kinds; the
    body's ``of``, ``rounding``, ``must_include`` and ``minimum`` (unless given here) still
    apply."""

    matters: tuple[MatterRef, ...] = Field(min_length=1)
    """The kinds of matter (declared in the trust's ``matters``) this quorum is for."""
    at_least: RatioText | None = None
    """At least this fraction of the body's ``of`` must attend."""
    more_than: RatioText | None = None
    """More than this fraction must attend."""
    number: Whole | None = Field(default=None, ge=1)
    """At least this many must attend."""
    minimum: Whole | None = Field(default=None, ge=1)
    """Never fewer than this many (default: the body's ``minimum``)."""
    source: Cited | None = None
    """The clause stating this quorum."""
    note: str | None = None
    """Words for a reader."""

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        given = [x for x in (self.at_least, self.more_than, self.number) if x is not None]
        if len(given) != 1:
            raise ValueError(
                "a quorum for a kind of matter needs exactly one of `at_least`, `more_than`, "
                "`number`"
            )
        return self


class Quorum(Rule):
    """How many must attend for a meeting to decide.

    Exactly one of ``at_least`` (a fraction), ``more_than`` (a fraction) or ``number``.
    The fraction is of ``of``: all seats, voting seats, or seats currently filled.
    """

    at_least: RatioText | None = None
    """At least this fraction of ``of`` must attend: ``50%``, ``1/3``, ``one third``."""
    more_than: RatioText | None = None
    """More than this fraction of ``of`` must attend."""
    number: Whole | None = Field(default=None, ge=1)
    """At least this many must attend."""
    of: Literal["seats", "voting-seats", "filled-seats"] = "seats"
    """What the fraction is of: ``seats`` (every place), ``voting-seats``, ``filled-seats``."""
    rounding: Literal["exact", "up", "down"] = "exact"
    """``exact`` compares the attendance with the fraction itself; ``up``/``down`` round the
    fraction of the membership to a whole number first, as some documents direct."""
    minimum: Whole | None = Field(default=None, ge=1)
    """Never fewer than this many, whatever the fraction gives."""
    must_include: tuple[Presence, ...] = ()
    """Presences the quorum needs: ``{office: chair}``, ``{seats: [a, b], at_least: 1}``,
    ``{partner: nhs}``, ``{classes: [councillor]}``."""
    inquorate_decisions: Literal["binding", "in-principle", "void", "unspecified"] = "unspecified"
    """What decisions of an inquorate meeting are worth: ``binding``, ``in-principle``, ``void`` or
    ``unspecified``."""
    inquorate_source: Cited | None = None
    """The clause on inquorate decisions."""
    by_matter: Annotated[tuple[QuorumVariation, ...], Once(MATTER)] = ()
    """Other quorums for some kinds of matter (declared in the trust's ``matters``): each
    ``{matters: [kind, ...], at_least | more_than | number, minimum, source}`` replaces the
    measure for a decision of those kinds."""

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        given = [x for x in (self.at_least, self.more_than, self.number) if x is not None]
        if self.settled and len(given) != 1:
            raise ValueError(
                "a stated quorum needs exactly one of `at_least`, `more_than`, `number`"
            )
        if not self.settled and given:
            raise ValueError(f"a quorum whose status is `{self.status}` cannot give a measure")
        return self

    # Derived once per (immutable) model, and gone with it: a module-level memo keyed by the
    # text would hold texts of any length (up to `max_string`) for the life of the process.
    @cached_property
    def fraction(self) -> Fraction | None:
        text = self.at_least or self.more_than
        return parse_ratio(text) if text is not None else None


class Threshold(Model):
    """What share of the base a motion needs: ``more_than: 1/2`` is a simple majority."""

    more_than: RatioText | None = None
    """More than this share of the base: ``1/2`` is a simple majority."""
    at_least: RatioText | None = None
    """At least this share of the base: ``2/3``."""
    unanimous: Flag = False
    """Every vote of the base must be for (``true``)."""

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        if sum([self.more_than is not None, self.at_least is not None, self.unanimous]) != 1:
            raise ValueError("give exactly one of `more_than`, `at_least` or `unanimous: true`")
        return self

    @cached_property  # as Quorum.fraction
    def fraction(self) -> Fraction:
        if self.unanimous:
            return Fraction(1)
        return parse_ratio(self.more_than or self.at_least or "")

    @property
    def strict(self) -> bool:
        """True for "more than", False for "at least" (and unanimity)."""
        return self.more_than is not None


class Condition(Model):
    """A structured condition on a seat and the matter being decided.

    Exactly one key: ``any``/``all`` of sub-conditions, ``not``, ``affected`` (the matter
    directly affects the seat's partner in these respects), ``implements`` (the partner is
    to implement the decision), ``statutory_partner``, ``seat_in`` or ``matter`` (the matter
    is of one of these kinds).
    """

    any: "tuple[Condition, ...] | None" = None
    """At least one of these conditions holds."""
    all: "tuple[Condition, ...] | None" = None
    """Every one of these conditions holds."""
    not_: "Condition | None" = Field(default=None, alias="not")
    """This condition does not hold."""
    affected: tuple[Literal["statutory-duty", "powers", "finances", "any"], ...] | None = None
    """The matter directly affects the seat's partner in these respects: ``statutory-duty``,
    ``powers``, ``finances``, ``any``."""
    implements: Annotated[Literal[True], BeforeValidator(_only_true)] | None = None
    """The seat's partner is to implement the decision (``true``)."""
    statutory_partner: Flag | None = None
    """The seat's partner is (``true``) or is not (``false``) a statutory partner."""
    seat_in: tuple[SeatRef, ...] | None = None
    """The seat is one of these."""
    matter: tuple[MatterRef, ...] | None = Field(default=None, min_length=1)
    """The matter being decided is of one of these kinds (declared in the trust's
    ``matters``); unknown until the question says the kind (``--matter``)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        keys = [k for k, v in self.__dict__.items() if v is not None]
        if len(keys) != 1:
            raise ValueError(
                "a condition has exactly one of `any`, `all`, `not`, `affected`, "
                "`implements`, `statutory_partner`, `seat_in`, `matter`"
            )
        return self


class VoteException(Model):
    """A seat whose right to vote differs from the body's general rule."""

    seat: SeatRef
    """The seat the exception is for."""
    votes: Flag | Literal["unspecified"]
    """``true`` (it votes), ``false`` (it does not) or ``unspecified``: shorthand for ``true``
    with a gap whose reading is ``false`` (the trust is read with both)."""
    matters: tuple[MatterRef, ...] = ()
    """The kinds of matter (declared in the trust's ``matters``) the exception is for ("does
    not vote on budget matters"); empty: every matter. On another kind the general rule
    applies; where the question does not say the kind, the seat's vote is open (``--matter``)."""
    source: Cited | None = None
    """The clause stating the exception."""
    note: str | None = None
    """Words for a reader."""


class Concurrence(Model):
    """Votes a resolution must include to carry, whatever the count: "which must include the
    vote of the Mayor", "including at least one member from each constituent council".

    Exactly one of ``seats``, ``office``, ``classes``, ``partner``, ``each_partner_of_kind`` or
    ``partners_of_kind`` (with its ``share``); ``classes`` may narrow all but ``office``.
    """

    seats: tuple[SeatRef, ...] = ()
    """The votes for must include at least ``at_least`` members of these seats."""
    office: OfficeName | None = None
    """The vote for of the holder of this office (held ex officio by a seat)."""
    classes: tuple[ClassRef, ...] = ()
    """Members of every one of these classes."""
    partner: PartnerRef | None = None
    """Members of any seat of this partner."""
    each_partner_of_kind: PartnerKindRef | None = None
    """At least ``at_least`` members from each partner of this kind with a voting seat on the
    body."""
    partners_of_kind: PartnerKindRef | None = None
    """At least ``at_least`` members from each of ``share`` of the partners of this kind with
    a voting seat on the body: "including a member of each of a majority of the constituent
    councils"."""
    share: Threshold | None = None
    """With ``partners_of_kind``: what share of those partners, ``{more_than: 1/2}`` for "a
    majority of them"."""
    at_least: Whole = Field(default=1, ge=1)
    """How many such votes for (members, not weighted votes); default 1."""
    source: Cited | None = None
    """The clause stating the requirement."""
    note: str | None = None
    """Words for a reader."""

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = sum(
            [
                bool(self.seats),
                self.office is not None,
                self.partner is not None,
                self.each_partner_of_kind is not None,
                self.partners_of_kind is not None,
            ]
        )
        if kinds > 1 or (kinds == 0 and not self.classes):
            raise ValueError(
                "name exactly one of `seats`, `office`, `classes`, `partner`, "
                "`each_partner_of_kind` or `partners_of_kind` (`classes` may narrow the "
                "others, not `office`)"
            )
        if self.office is not None and self.classes:
            raise ValueError("an `office` concurrence takes no `classes`")
        if (self.partners_of_kind is None) != (self.share is None):
            raise ValueError(
                "`partners_of_kind` takes a `share` of those partners ({more_than: 1/2} for a "
                "majority of them), and `share` goes only with `partners_of_kind`"
            )
        return self


Base = Literal["votes-cast", "ballots-cast", "present", "everyone-present", "voting-members"]
"""What a voting threshold is a share of (see ``Voting.base``)."""


class VotingVariation(Model):
    """How a vote on some kinds of matter differs from the rule ("changes to this constitution
    need two thirds", "a tie on a co-option is decided by lot"): each field given replaces the
    rule's own on those kinds; who votes is the rule's (a ``matter`` condition says otherwise)."""

    matters: tuple[MatterRef, ...] = Field(min_length=1)
    """The kinds of matter (declared in the trust's ``matters``) this applies to."""
    threshold: Threshold | None = None
    """The share of the base a motion on these kinds needs."""
    base: Base | None = None
    """What that share is of (see ``Voting.base``)."""
    casting_vote: Literal["none", "chair-has", "chair-may", "unspecified"] | None = None
    """The casting vote on these kinds (``none`` where a tie goes to lot)."""
    tie: Literal["fails", "lot"] | None = None
    """What decides a tie no casting vote breaks on these kinds: it fails, or lots are drawn."""
    source: Cited | None = None
    """The clause stating the difference."""
    note: str | None = None
    """Words for a reader."""

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if all(x is None for x in (self.threshold, self.base, self.casting_vote, self.tie)):
            raise ValueError(
                "a voting rule for a kind of matter gives at least one of `threshold`, `base`, "
                "`casting_vote`, `tie`"
            )
        return self


class Voting(Rule):
    """How a body (or a procedure's voting step) decides a motion put to the vote."""

    consensus_first: Flag = False
    """The document seeks consensus before any vote."""
    method: str | None = None
    """The method as worded (``show of hands``)."""
    threshold: Threshold | None = None
    """What share of the base a motion needs: ``{more_than: 1/2}``, ``{at_least: 2/3}``,
    ``{unanimous: true}``."""
    base: Base | None = None
    """``votes-cast``: of those present and voting (abstentions ignored); ``ballots-cast``: of
    every ballot cast, for, against, abstaining (blank) or invalid (spoilt); ``present``: of the
    voting members present (an abstention counts against); ``everyone-present``: of
    everyone present, voters or not (a non-voting member present weighs against, as "a majority
    of representatives present" can be read); ``voting-members``: of every voting
    seat, present or not. Each counts votes: a member whose seat carries a ``weight`` counts
    that many times (or, counted by partner, units: see ``votes_by``)."""
    votes_by: Literal["seat", "partner"] = "seat"
    """Whose vote is one vote: ``seat`` (the default), each member present in a seat with a
    vote; ``partner``, each partner organisation ("a partner votes"): the representatives of a
    partner present cast its one vote between them, and each member of a seat with no
    partner votes for themselves. A partner whose representatives vote both ways leaves the
    outcome unsettled (the text does not say how it casts its one vote); every base counts
    partners, not members. Not with weighted votes (GR222)."""
    voters: Literal["all-seats"] | tuple[SeatRef, ...] = "all-seats"
    """Who votes: ``all-seats`` (the default) or a list of seat ids."""
    voter_classes: tuple[VoterClassRef, ...] = ()
    """Only members of these classes vote (any one of them): "voting is restricted to the core
    members". Empty: no restriction by class."""
    must_include: tuple[Concurrence, ...] = ()
    """Votes for a resolution must include to carry: ``{seats: [mayor]}``, ``{classes:
    [councillor]}``, ``{each_partner_of_kind: constituent-council}``."""
    condition: Condition | None = None
    """A seat votes only if this holds for it and the matter being decided."""
    exceptions: Annotated[tuple[VoteException, ...], Once(SEAT)] = ()
    """Seats whose right to vote differs from the general rule."""
    casting_vote: Literal["none", "chair-has", "chair-may", "unspecified"] = "unspecified"
    """``none``, ``chair-has`` (the chair breaks a tie), ``chair-may`` or ``unspecified``."""
    casting_source: Cited | None = None
    """The clause on the casting vote."""
    tie: Literal["fails", "lot"] | None = None
    """What decides a tie no casting vote breaks: it fails, or lots are drawn."""
    tie_by_lot_on: Annotated[tuple[MatterRef, ...], Once(MATTER)] = ()
    """Kinds of matter (declared in the trust's ``matters``) on which a tie is decided by lot
    instead of by a casting vote: short for a ``by_matter`` entry ``{matters: [...],
    casting_vote: none, tie: lot, source: <tie_by_lot_source>}``."""
    tie_by_lot_source: Cited | None = None
    """The clause on ties decided by lot."""
    by_matter: Annotated[tuple[VotingVariation, ...], Once(MATTER)] = ()
    """How a vote on some kinds of matter differs: ``{matters: [kind, ...], threshold, base,
    casting_vote, tie, source}``; a field left out is the rule's own."""
    right_to_vote_ruled_by: str | None = None
    """Who rules on a disputed right to vote, as worded."""
    right_to_vote_source: Cited | None = None
    """The clause on rulings on the right to vote."""
    irregular_votes_saved: Cited | None = None
    """The clause that keeps a meeting's acts valid though a voter proves not to have been
    entitled to vote (e.g. Suffolk 10.3.5, "as valid as if [they] had been entitled to
    vote"): such a vote does not invalidate the record, and the outcome is weighed with it
    counted and without, as the meeting may have counted it."""

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.settled and (self.threshold is None or self.base is None):
            raise ValueError("a stated voting rule needs `threshold` and `base`")
        return self


class Timing(Model):
    """When a step (or a referral) may or must come: a wait and a deadline, each counted in
    days from the step before it, and how those days are counted (see
    :mod:`govrules.language.days`)."""

    min_days_after_previous: Whole | None = Field(default=None, ge=0)
    """The step comes at least this many days after the previous one ("not less than 28 days
    after")."""
    max_days: Whole | None = Field(default=None, ge=0)
    """A deadline for the step, counted from the previous one ("within 28 days")."""
    working_days: Flag = False
    """The days are working days: Monday to Friday, less the bank holidays of the region."""
    clear_days: Flag = False
    """The days are clear days: neither the day counted from nor the day of the step counts
    ("28 clear days": 28 whole days between them)."""
    region: Region | None = None
    """Whose bank holidays a working day skips, where it differs from the trust's
    ``calendar``: ``england-and-wales``, ``scotland`` or ``northern-ireland``."""
    counted_from: str | None = None
    """The event the days are counted from, in the document's words (``the first
    resolution``, ``the objection``); default: the previous step."""


class Route(Timing):
    """In a procedure, a body that refers an unresolved matter on to another, with any wait
    before it may ("unresolved after 14 days") and any deadline for the body it goes to
    ("the Board decides within 28 days")."""

    from_: LineEndRef = Field(alias="from")
    """The body that refers the matter."""
    to: LineEndRef
    """The body it is referred to."""
    optional: Flag = False
    """The body *may* refer the matter on ("they may refer the issue")."""
    source: Cited | None = None
    """The clause stating the route."""
    note: str | None = None
    """Words for a reader."""


class Step(Timing):
    """One step of a procedure, with its timing and any vote."""

    action: str
    """What happens at this step, in the document's words."""
    actor: str | None = None
    """Who acts: a body id, ``chair``, or words from the document."""
    body: LineEndRef | None = None
    """The body where the step happens; empty for "the group where the conflict arose"."""
    outside: Flag = False
    """The step happens outside the trust's bodies (a meeting of the partners' chief
    executives, a line manager, mediation)."""
    vote: Annotated[Voting | None, ResolvedIn(SEAT, ("body", "applies_to", "routes.from_"))] = None
    """The voting rule of a step that puts the matter to a vote."""
    final: Flag = False
    """The decision taken at this step is final."""
    confirmed_by: Whole | None = Field(default=None, ge=1)
    """The number of a later step of this procedure (1 for the first) that confirms the
    decision taken at this step: until it does, the decision has no effect ("the resolution
    has effect only if it is confirmed at a later meeting")."""
    source: Cited | None = None
    """The clause stating the step."""
    note: str | None = None
    """Words for a reader."""


class Procedure(Rule):
    """A procedure: ordered steps (a dispute's resolution, a decision confirmed at a later
    meeting), their timings, routes between bodies and a final arbiter."""

    id: Id
    """The procedure's id (lowercase kebab-case)."""
    name: str
    """The procedure's name."""
    applies_to: tuple[BodyRef, ...] = ()
    """The bodies in which the procedure is used, besides those its routes start from (empty,
    with no routes: the trust as a whole)."""
    matters: tuple[MatterRef, ...] = ()
    """The kinds of matter (declared in the trust's ``matters``) the procedure is for (empty:
    any matter); a question under it about another kind is refused."""
    scope: str | None = None
    """What the procedure is for, as worded."""
    steps: tuple[Step, ...] = ()
    """The steps, in order."""
    routes: tuple[Route, ...] = ()
    """Bodies that refer an unresolved matter on to another."""
    final_arbiter: LineEndRef | None = None
    """The body whose decision is final."""
    final_arbiter_source: Cited | None = None
    """The clause naming the final arbiter."""


class Constraint(Model):
    """A rule across bodies or offices."""

    kind: Literal["distinct-chairs"]
    """``distinct-chairs``: the bodies must have different chairs."""
    bodies: tuple[LineEndRef, ...] = ()
    """The bodies the rule is about."""
    source: Cited | None = None
    """The clause stating the rule."""
    note: str | None = None
    """Words for a reader."""


class StatutoryBoard(Model):
    """The body on which the law requires every statutory partner to be represented."""

    body: BodyRef
    """The id of that body."""
    exempt: tuple[PartnerRef, ...] = ()
    """Statutory partners the law does not require to sit on it."""
    source: Cited | None = None
    """The clause (or statute) requiring it."""
    note: str | None = None
    """Words for a reader."""


class Reading(Model):
    """Another value the text admits for the rule at a gap's subject."""

    value: Any
    """Written as the field itself would be (a number, a word, a mapping); checked at load by
    building the trust with it."""
    note: str | None = None
    """How this reading reads the text, in words."""
    source: Cited | None = None
    """The clause whose wording admits this reading (default: the gap's own)."""


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
    """``unspecified``, ``to-be-developed``, ``placeholder``, ``conflict``, ``wrong-reference``,
    ``ambiguous`` or ``not-encoded``: the document states a rule here that govrules cannot
    express (only part of it is encoded); every answer that reads the subject is unspecified."""
    note: str
    """What is open, in words."""
    source: Cited
    """The clause where the gap is."""
    subject: GapSubject | None = None
    """A rule path naming what the gap concerns, e.g. ``strategic-board.voting`` (see
    :mod:`govrules.language.paths`); none for a gap about the document as a whole."""
    encoded: str | None = None
    """How the value written in the rule reads the text, in words (itself one reading)."""
    readings: tuple[Reading, ...] = ()
    """The other values the text admits for the node at ``subject`` (an ``ambiguous``,
    ``conflict``, ``placeholder`` or ``unspecified`` gap only). Answers that read the subject
    are given under every reading."""

    @model_validator(mode="after")
    def _readings_need_a_subject(self) -> Self:
        if self.kind == "not-encoded" and self.subject is None:
            raise ValueError("a `not-encoded` gap needs the `subject` it is about")
        if self.readings and self.subject is None:
            raise ValueError("a gap with `readings` needs the `subject` they are values of")
        if self.readings and self.kind not in (
            "ambiguous",
            "conflict",
            "placeholder",
            "unspecified",
        ):
            raise ValueError(
                "only an `ambiguous`, `conflict`, `placeholder` or `unspecified` gap carries "
                f"readings, not `{self.kind}`"
            )
        return self


class Body(Model):
    """A board, group or meeting of the trust."""

    id: Id
    """The body's id (lowercase kebab-case), used in every question."""
    name: str
    """The body's name."""
    instances: Whole = Field(default=1, ge=1)
    """How many bodies share this definition (five Steering Groups → 5)."""
    purpose: str | None = None
    """What the body is for, as worded."""
    accountable_to: tuple[Link, ...] = ()
    """Bodies this body is accountable to."""
    reports_to: tuple[Link, ...] = ()
    """Bodies this body reports to."""
    delegates_to: tuple[Link, ...] = ()
    """Bodies this body delegates to."""
    meets: Meetings | None = None
    """How often the body meets, pre-meetings and minutes."""
    chair: Office | None = None
    """Who chairs the body."""
    vice_chair: Office | None = None
    """Who deputises for the chair."""
    seats: Annotated[tuple[Seat, ...], Declares(SEAT)] = ()
    """The places on the body."""
    membership: Rule | None = None
    """Status of the membership list itself (e.g. to be agreed, invited representatives)."""
    substitutes: Substitutes | None = None
    """Whether and how an absent member may send someone."""
    quorum: Quorum | None = None
    """How many must attend for a meeting to decide."""
    voting: Voting | None = None
    """How the body decides a motion put to the vote."""
    absences: tuple[AbsenceRule, ...] = ()
    """What follows a member's absences."""
    interests: Interests | None = None
    """What a member with an interest in an item must do."""
    source: Cited | None = None
    """The clause setting up the body."""
    note: str | None = None
    """Words for a reader."""

    # Derived once per (immutable) model: queries ask for these on every call. Bounded by
    # construction: each is the size of the seats it is derived from, lives in the model and
    # goes with it (and `Model.__copy__` drops it from a copy).
    @cached_property
    def members_total(self) -> int:
        return sum(seat.count for seat in self.seats)

    @cached_property
    def membership_known(self) -> bool:
        """Every seat's number of places is stated, so the membership total is known."""
        return all(seat.count_stated for seat in self.seats)

    @cached_property
    def up_to_seats(self) -> tuple[Seat, ...]:
        """The seats whose number of places is a maximum ("up to three")."""
        return tuple(s for s in self.seats if s.up_to)

    @cached_property
    def _seats_by_id(self) -> dict[str, Seat]:
        return {s.id: s for s in reversed(self.seats)}

    def seat(self, seat_id: str) -> Seat | None:
        return self._seats_by_id.get(seat_id)

    def office(self, name: str) -> Office | None:
        """The rule for the office ``name`` (``chair``, else the vice-chair)."""
        return self.chair if name == "chair" else self.vice_chair


class Calendar(Model):
    """Whose calendar counts the trust's working days: the region whose bank holidays are not
    working days."""

    region: Region
    """``england-and-wales``, ``scotland`` or ``northern-ireland``."""
    source: Cited | None = None
    """The clause (or the law) saying so, or where the bodies are."""
    note: str | None = None
    """Words for a reader."""


class Effective(Model):
    """When these rules are in force (for a folder holding several versions of one MoU)."""

    from_: Day | None = Field(default=None, alias="from")
    """The first day the rules are in force."""
    until: Day | None = None
    """The first day the rules are no longer in force."""
    source: Cited | None = None
    """The clause (or minute) saying so."""
    note: str | None = None
    """Words for a reader."""

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        if self.from_ is not None and self.until is not None and self.until <= self.from_:
            # Never in force: every date would be refused, or the rules chosen wrongly.
            raise ValueError("`until` (the first day no longer in force) must come after `from`")
        return self


class Trust(Model):
    """A whole MoU: its document, partners, bodies, procedures, constraints and gaps."""

    id: Id
    """The trust's id (lowercase kebab-case)."""
    name: str
    """The trust's name."""
    document: Document
    """The document the rules come from."""
    effective: Effective | None = None
    """When these rules are in force (each file of a folder of versions needs ``from``)."""
    calendar: Calendar | None = None
    """The region whose bank holidays a working day skips (a rule's own ``region`` wins)."""
    partners: Annotated[tuple[Partner, ...], Declares(PARTNER)] = ()
    """The organisations in the partnership."""
    partner_kinds: Annotated[tuple[PartnerKind, ...], Declares(PARTNER_KIND)] = ()
    """Kinds of partner the document speaks of (``constituent-council``), for partners' ``kind``."""
    member_classes: Annotated[tuple[MemberClass, ...], Declares(MEMBER_CLASS)] = ()
    """Classes of member the document speaks of, beside the built-in ones, for seats'
    ``classes``."""
    external_bodies: Annotated[
        tuple[ExternalBody, ...], Declares(EXTERNAL_BODY, apart_from=BODY)
    ] = ()
    """Bodies outside the trust that the document refers to."""
    matters: Annotated[tuple[MatterKind, ...], Declares(MATTER)] = ()
    """The kinds of matter its bodies decide that the rules treat differently (``budget``,
    ``constitution``, ``co-option``): the vocabulary of ``--matter``, of a record's
    ``matter:``, and of ``by_matter``, ``tie_by_lot_on``, a condition's ``matter`` and a
    procedure's ``matters``."""
    bodies: Annotated[tuple[Body, ...], Declares(BODY)]
    """The boards, groups and meetings of the trust."""
    procedures: Annotated[tuple[Procedure, ...], Declares(PROCEDURE, apart_from=BODY)] = ()
    """Procedures: dispute resolution, decisions confirmed at a later meeting, ..."""
    constraints: tuple[Constraint, ...] = ()
    """Rules across bodies or offices."""
    statutory_board: StatutoryBoard | None = None
    """The body on which every statutory partner must be represented."""
    gaps: tuple[Gap, ...] = ()
    """What the document leaves open."""

    @model_validator(mode="before")
    @classmethod
    def _open_votes_as_readings(cls, data: Any) -> Any:
        return open_votes_as_readings(data)

    # Look-ups derived once per trust, as Body's: the size of the lists they index, and gone
    # with the trust.
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


def open_votes_as_readings(data: Any) -> Any:
    """A seat's ``votes: unspecified``, written as the two readings it stands for.

    The one home of that shorthand: the exception is read as ``votes: true`` (the general
    rule) and an ``unspecified`` gap on it carries the other reading, ``false``, so every
    command sees the open right as readings. ``data`` is a trust as written (not changed).
    """
    if not isinstance(data, dict):
        return data
    gaps: list[dict[str, Any]] = []

    def rule_of(rule: Any, path: str, fallback: Any) -> Any:
        if isinstance(rule, BaseModel):
            if not any(e.votes == "unspecified" for e in getattr(rule, "exceptions", ())):
                return rule
            rule = rule.model_dump(by_alias=True, exclude_unset=True)
        if not isinstance(rule, dict) or not isinstance(rule.get("exceptions"), list):
            return rule
        exceptions = rule["exceptions"]
        if not any(isinstance(e, dict) and e.get("votes") == "unspecified" for e in exceptions):
            return rule
        written = []
        for exc in exceptions:
            if isinstance(exc, dict) and exc.get("votes") == "unspecified":
                seat = exc.get("seat")
                source = exc.get("source") or rule.get("source") or fallback or "unstated"
                gaps.append(
                    {
                        "kind": "unspecified",
                        "subject": f"{path}.exceptions.{seat}.votes",
                        "note": exc.get("note")
                        or f"The MoU does not settle whether `{seat}` votes.",
                        "source": source,
                        "encoded": "the seat votes, as the general rule gives",
                        "readings": [{"value": False, "note": "the seat does not vote"}],
                    }
                )
                exc = {**exc, "votes": True}
            written.append(exc)
        return {**rule, "exceptions": written}

    def open_in(rule: Any) -> bool:
        return any(e.votes == "unspecified" for e in getattr(rule, "exceptions", ()))

    def item(node: Any, rules: list[Any]) -> Any:
        """A built model as written, where one of its rules has the shorthand."""
        if isinstance(node, BaseModel) and any(open_in(r) for r in rules):
            return node.model_dump(by_alias=True, exclude_unset=True)
        return node

    bodies = data.get("bodies")
    new_bodies = bodies
    if isinstance(bodies, list | tuple):
        new_bodies = []
        for body in bodies:
            raw = item(body, [getattr(body, "voting", None)])
            if isinstance(raw, dict) and "voting" in raw:
                voting = rule_of(raw["voting"], f"{raw.get('id')}.voting", raw.get("source"))
                if voting is not raw["voting"]:
                    body = {**raw, "voting": voting}
            new_bodies.append(body)
    procedures = data.get("procedures")
    new_procedures = procedures
    if isinstance(procedures, list | tuple):
        new_procedures = []
        for proc in procedures:
            raw = item(proc, [getattr(s, "vote", None) for s in getattr(proc, "steps", ())])
            steps = raw.get("steps") if isinstance(raw, dict) else None
            if isinstance(steps, list):
                new_steps = []
                for i, step in enumerate(steps):
                    if isinstance(step, dict) and "vote" in step:
                        path = f"{raw.get('id')}.steps.{i}.vote"
                        vote = rule_of(step["vote"], path, step.get("source") or raw.get("source"))
                        if vote is not step["vote"]:
                            step = {**step, "vote": vote}
                    new_steps.append(step)
                if any(a is not b for a, b in zip(new_steps, steps, strict=True)):
                    proc = {**raw, "steps": new_steps}
            new_procedures.append(proc)
    if not gaps:
        return data
    written_gaps = data.get("gaps") or []
    if not isinstance(written_gaps, list | tuple):
        return data  # the gaps' own error is reported as written
    out = {**data, "gaps": [*written_gaps, *gaps]}
    if "bodies" in data:
        out["bodies"] = new_bodies
    if "procedures" in data:
        out["procedures"] = new_procedures
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a trust file, each field described, for editors and other tools."""
    return model_schema(Trust, "govrules MoU (trust file)")


def model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The Draft 2020-12 JSON Schema of ``model``, each property described by its field's
    docstring (an editor's hover help)."""
    schema = model.model_json_schema(by_alias=True)
    namespace = vars(sys.modules[model.__module__])
    for name, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        cls = namespace.get(name)
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            _describe(cls, definition.get("properties", {}))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def _describe(model: type[BaseModel], properties: dict[str, Any]) -> None:
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        docs.update(_field_docs(cls.__module__, cls.__qualname__))
    for name, info in model.model_fields.items():
        prop = properties.get(info.alias or name)
        if prop is not None and name in docs:
            prop.setdefault("description", docs[name])


def _field_docs(module: str, qualname: str) -> dict[str, str]:
    return _module_field_docs(module).get(qualname, {})


# Keyed by the name of a module that defines models (a handful, fixed by the code); each entry
# holds only those docstrings, some kilobytes: the parsed source is dropped once read.
@lru_cache(maxsize=8)
def _module_field_docs(module: str) -> dict[str, dict[str, str]]:
    # The docstring under each field of each class. Read from the source only when a schema is
    # asked for: pydantic's `use_attribute_docstrings` would read it at every import (some
    # 100 ms).
    import ast
    import inspect

    try:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
    except (OSError, TypeError, SyntaxError, KeyError):
        return {}
    found: dict[str, dict[str, str]] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef) or cls.name in found:
            continue
        docs = found[cls.name] = {}
        for field, after in zip(cls.body, cls.body[1:], strict=False):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = " ".join(inspect.cleandoc(after.value.value).split())
    return found
