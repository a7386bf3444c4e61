"""References between the parts of a trust: the kinds of id a rule may name, the markers by
which the models declare them, and the codes and words of a reference check.

A model field that names an id says so in its type: ``Annotated[Id, Ref(SEAT)]`` (the named
types in :mod:`govrules.language.schema`: ``SeatRef``, ``BodyRef``...). A list of models
whose ids a trust declares says so too (``Declares(BODY)`` on ``Trust.bodies``), and so does
a field under which a seat reference resolves in other bodies than its own
(``ResolvedIn(SEAT, ...)`` on a procedure step's vote). One walk
(:mod:`govrules.language.resolution`) reads the markers and checks every reference, so one
problem reads and is coded alike wherever it is found, and a field added to the models is
checked as soon as its type says what it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ..reading.errors import excerpt
from .vocabulary import BUILT_IN, DERIVED, NO_KIND

__all__ = [
    "BODY",
    "EXTERNAL_BODY",
    "KINDS",
    "MATTER",
    "MEMBER_CLASS",
    "MISPLACED",
    "PARTNER",
    "PARTNER_KIND",
    "PROCEDURE",
    "RULE_PATH",
    "SEAT",
    "TWICE",
    "UNKNOWN",
    "Declares",
    "Kind",
    "Once",
    "Ref",
    "ResolvedIn",
    "closest",
    "unknown",
]

UNKNOWN = "GR010"
"""The code of a reference that names nothing the trust declares (or names the very thing it
is written in, where it must name another)."""
TWICE = "GR011"
"""The code of an id declared twice, or declared though taken (a built-in class, a word a
question reserves)."""
MISPLACED = "GR002"
"""The code of an id the schema does not allow where it is written (a class derived from the
voting rule, declared on a seat)."""

# The kinds of id a trust declares and its rules name; each is also how the id is named in
# words ("unknown seat `x`").
SEAT = "seat"
BODY = "body"
EXTERNAL_BODY = "external body"
PARTNER = "partner"
PARTNER_KIND = "partner kind"
MEMBER_CLASS = "member class"
MATTER = "kind of matter"
PROCEDURE = "procedure"
RULE_PATH = "rule path"


# The kinds and the markers are named tuples, not frozen dataclasses: defining a dataclass
# costs some 0.4 ms, and every question imports this module (benchmarks/cli.py: a
# first-time question). A marker is told by its class (``isinstance``); no two kinds of
# marker hold equal values, so ``Annotated``'s cache of equal types never mixes them.


class Kind(NamedTuple):
    """What the language knows of one kind of id, and how its problems are worded."""

    built_in: frozenset[str] = frozenset()
    """Ids of the kind every trust knows without declaring them."""
    reserved: frozenset[str] = frozenset()
    """Ids a trust may not declare: the built-in ones, or a word a question gives a meaning."""
    taken: str | None = None
    """Said of a reserved id a trust declares (after the id in backticks)."""
    twice: str = "{kind} id `{short}` is used twice"
    """An id declared twice: ``{id}`` (``{short}``: shortened), ``{kind}``, ``{key}`` (the
    list it is declared in), ``{owner}`` (the id of the model holding the list)."""
    otherwise: str | None = None
    """After an unknown id with no known id near it: what to do."""
    none_declared: str | None = None
    """The hint for an unknown id where the trust declares none of the kind."""
    hint: str | None = None
    """The hint for a reference of the kind that names nothing."""
    apart: str | None = None
    """The hint for an id of the kind that is also an id of the kind it must differ from."""


KINDS: Mapping[str, Kind] = {
    SEAT: Kind(twice="seat id `{id}` is used twice in `{owner}`"),
    BODY: Kind(),
    EXTERNAL_BODY: Kind(),
    PARTNER: Kind(),
    PROCEDURE: Kind(apart="give the procedure an id of its own: rule paths start with either"),
    PARTNER_KIND: Kind(
        twice="`{id}` is declared twice in `{key}`", otherwise="declare it in `partner_kinds`"
    ),
    MEMBER_CLASS: Kind(
        built_in=frozenset(BUILT_IN) | frozenset(DERIVED),
        reserved=frozenset(BUILT_IN) | frozenset(DERIVED),
        taken="is a built-in class: use it without declaring",
        twice="`{id}` is declared twice in `{key}`",
        otherwise="declare it in `member_classes`",
    ),
    MATTER: Kind(
        reserved=frozenset({NO_KIND}),
        taken="cannot be a kind of matter: a question uses it for a matter of no declared kind",
        none_declared="declare the kinds of matter in `matters` at the top level",
    ),
    RULE_PATH: Kind(
        hint="a subject is a rule path such as `board.quorum` or `board.seats.schools.count`;"
        " leave it out for a gap about the whole trust"
    ),
}
"""Every kind of id a model may name, with its words."""


class Ref(NamedTuple):
    """In a field's type: the value names an id of ``kind`` (or of one of ``also``) that the
    trust declares, or one the language knows (a built-in class)."""

    kind: str
    also: tuple[str, ...] = ()
    """Other kinds the id may be of (a line may go to a body or to an external body)."""
    refused: frozenset[str] = frozenset()
    """Built-in ids of the kind that may not be written here, said with ``because``."""
    because: str | None = None
    """Why a refused id cannot be written here (after the id in backticks)."""
    not_itself: str | None = None
    """Said of the model the field is in (after its id), where the value names that model."""
    opposites: tuple[tuple[str, str], ...] = ()
    """Pairs of ids a list may not hold both of (after "... is both")."""
    called: str | None = None
    """How the value is named in an error, where not by its kind (``gap subject``)."""

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, *self.also)


class Declares(NamedTuple):
    """On a field holding a list of models: each item's ``id`` declares an id of ``kind``,
    once, in the model holding the list (a trust's bodies, a body's seats)."""

    kind: str
    apart_from: str | None = None
    """Another kind no id of this one may also be (a rule path starts with either)."""


class ResolvedIn(NamedTuple):
    """On a field: ids of ``kind`` named beneath it are those of the models that ``fields``
    name, on the nearest model, looking outward from the field, that names any (a step's
    ``body``, else the bodies its procedure is used in: its ``applies_to`` and where its routes
    start, ``routes.from_``); where none names one, those of every such model."""

    kind: str
    fields: tuple[str, ...]


class Once(NamedTuple):
    """On fields of one rule: an id of ``kind`` is named once beneath all of them together (a
    kind of matter given two variations of one rule would leave the rule ambiguous)."""

    kind: str


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known id nearest ``value``, where one is near enough to be a slip of the keys."""
    import difflib  # only for an unknown id: no answer imports it (benchmarks/cli.py)

    matches = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown(
    kind: str,
    value: str,
    known: Iterable[str],
    body: str | None = None,
    otherwise: str | None = None,
) -> str:
    """An unknown id in words: "unknown seat `membr` in `board`; did you mean `member`?", or,
    with no known id near it, ``otherwise`` ("declare it in `member_classes`") after it."""
    where = f" in `{body}`" if body else ""
    close = closest(value, known)
    after = f"; did you mean `{close}`?" if close else (f"; {otherwise}" if otherwise else "")
    return f"unknown {kind} `{excerpt(value)}`{where}{after}"
