"""Membership in office: the places vacant and the members suspended at a meeting.

These are facts of a question or a meeting record, not rules of the trust. A quorum of the
seats filled (``of: filled-seats``) counts only the members in office: places less vacancies
less suspended members (a suspended member holds the place but may not act in it). Every
other measure counts places, so the facts leave its number unchanged, and the answer says so.
Whatever the measure, no more members can attend (or vote) than are in office.

Vacancies are given by seat (``vacant``: a seat once for each vacant place), by count
(``vacancies``), or both (the count is the total, ``vacant`` names the seats of some or all of
them). Suspensions are given by seat (``suspended``). A question that gives no vacancies leaves
them open; one that names no suspension has none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..language.phrasebook import counted
from ..language.schema import Body, Seat
from ..reading.errors import QueryError

__all__ = ["InOffice", "OfficeFacts", "UpTo", "check_attendance", "in_office", "up_to_places"]


@dataclass(frozen=True)
class OfficeFacts:
    """Membership in office as a question gives it, before it is checked against a body."""

    vacancies: int | None = None
    """Places vacant, in all (``None``: not given)."""
    vacant: tuple[str, ...] | None = None
    """Seats with a vacant place, once per place (``None``: not given)."""
    suspended: tuple[str, ...] = ()
    """Seats whose member is suspended, once per member."""

    @property
    def given(self) -> bool:
        """Whether any fact was given (these facts differ from ``OfficeFacts()``): found from
        the fields, no empty facts made to compare with (benchmarks/library.py, ``voters``)."""
        return self.vacancies is not None or self.vacant is not None or bool(self.suspended)

    def counted(self) -> Counted:
        """The vacant places and the suspended members counted by seat: once per question's
        facts, as every reading's evaluation checks them against its own places (a count
        quorum on Suffolk's board is evaluated 3 times, a ``voters`` 6; benchmarks/library.py).
        Kept beside the fields, as a cached property would be; the counts are only read."""
        found: Counted | None = self.__dict__.get(_COUNTED)
        if found is None:
            vacant, suspended = Counter(self.vacant or ()), Counter(self.suspended)
            found = self.__dict__[_COUNTED] = Counted(
                vacant,
                suspended,
                sum(vacant.values()),
                sum(suspended.values()),
                {s: vacant[s] + suspended[s] for s in sorted(vacant.keys() | suspended.keys())},
            )
        return found

    @classmethod
    def of(
        cls,
        vacancies: int | None = None,
        vacant: Iterable[str] | None = None,
        suspended: Iterable[str] | None = None,
    ) -> OfficeFacts:
        return cls(
            vacancies,
            _seat_list(vacant, "the vacant places") if vacant is not None else None,
            _seat_list(suspended, "the suspended members") if suspended is not None else (),
        )


_COUNTED = "_counted"


# The records below are named tuples, not frozen dataclasses: defining a dataclass costs some
# 0.4 ms, and every question imports this module (benchmarks/cli.py: a first-time question).
# The facts stay a dataclass: they keep their counts beside their fields.


class Counted(NamedTuple):
    """A question's vacant places and suspended members, counted (:meth:`OfficeFacts.counted`)."""

    vacant: Counter[str]
    suspended: Counter[str]
    named: int
    """Vacant places named."""
    suspensions: int
    outs: dict[str, int]
    """Places vacant or suspended, by seat, in the order of the seats' ids."""


def _seat_list(seat_ids: Iterable[str], what: str) -> tuple[str, ...]:
    listed = [] if isinstance(seat_ids, str) else list(seat_ids)
    if isinstance(seat_ids, str) or not all(isinstance(s, str) for s in listed):
        raise QueryError(f"give {what} as a list of seat ids, such as ['parent', 'parent']")
    return tuple(s.strip() for s in listed if s.strip())


class InOffice(NamedTuple):
    """Membership in office, checked against a body's places."""

    stated: bool
    """Whether the vacancies were given (suspensions not named are none)."""
    vacancies: int
    vacant: Counter[str]
    """Vacant places by seat: those named (``vacancies`` may count more)."""
    suspended: Counter[str]
    places: int
    """The body's places."""
    suspensions: int
    """Members suspended, in all."""
    outs: dict[str, int]
    """Places with no member able to act (vacant or suspended), by seat: only seats with
    some."""

    @property
    def given(self) -> bool:
        """Whether the question gave any fact of membership in office."""
        return self.stated or bool(self.suspensions)

    @property
    def members(self) -> int:
        """The members in office: places less vacancies less suspended members."""
        return self.places - self.vacancies - self.suspensions

    def out(self, seat_id: str) -> int:
        """The places of a seat with no member able to act: vacant or suspended."""
        # One look-up, not two Counter look-ups: most seats have neither (asked of every
        # seat by every evaluation; benchmarks/library.py, voters).
        return self.outs.get(seat_id, 0)

    def words(self) -> str:
        """``2 vacant and 1 suspended``, ``none vacant``."""
        parts = [f"{self.vacancies} vacant"] if self.vacancies else []
        if self.suspensions:
            parts.append(f"{self.suspensions} suspended")
        return " and ".join(parts) or "none vacant"


def in_office(body: Body, facts: OfficeFacts) -> InOffice:
    """Check ``facts`` against the places of ``body``.

    :raises QueryError: an unknown seat, a negative or non-whole count, more vacancies named
        than counted, or more places vacant or suspended than a seat (or the body) has.
    """
    count = facts.vacancies
    if count is not None and (type(count) is not int or count < 0):
        raise QueryError(f"vacancies are a whole number, 0 or more, not `{count!r}`")
    tally = facts.counted()
    vacant, suspended = tally.vacant, tally.suspended
    _check_seats(body, vacant, "the vacant places")
    _check_seats(body, suspended, "the suspended members")
    named = tally.named
    if count is not None and facts.vacant is not None and count < named:
        raise QueryError(
            f"{counted(count, 'vacancy', 'vacancies')} given, but {named} vacant places are named"
        )
    total = named if count is None else count
    for seat_id, out in tally.outs.items():
        seat = body.seat(seat_id)
        assert seat is not None  # _check_seats checked it
        if seat.count_stated and out > seat.count:
            words = _out_words(vacant, suspended, seat_id)
            raise QueryError(f"seat `{seat_id}` has {counted(seat.count, 'place')} but {words}")
    places = body.members_total
    suspensions = tally.suspensions
    if body.membership_known and total + suspensions > places:
        what = counted(total, "vacancy", "vacancies")
        if suspended:
            what += f" and {suspensions} suspended members"
        raise QueryError(f"{what} of {counted(places, 'place')} on `{body.id}`")
    # Checked against this body above; made once per question's facts and number of places,
    # all it depends on (a ``voters`` evaluates 6 readings of the same places;
    # benchmarks/library.py). Kept beside the facts, as ``counted`` is.
    made: dict[int, InOffice] = facts.__dict__.setdefault(_IN_OFFICE, {})
    office = made.get(places)
    if office is None:
        office = InOffice(
            stated=facts.vacancies is not None or facts.vacant is not None,
            vacancies=total,
            vacant=vacant,
            suspended=suspended,
            places=places,
            suspensions=suspensions,
            outs=tally.outs,
        )
        if len(made) < _MAX_IN_OFFICE:
            made[places] = office
    return office


_IN_OFFICE = "_in_office"
_MAX_IN_OFFICE = 256


def _check_seats(body: Body, counts: Counter[str], what: str) -> None:
    for seat_id in counts:
        if body.seat(seat_id) is None:
            known = ", ".join(s.id for s in body.seats) or "none"
            raise QueryError(f"`{body.id}` has no seat `{seat_id}` in {what} (seats: {known})")


def _out_words(vacant: Counter[str], suspended: Counter[str], seat_id: str) -> str:
    parts = []
    if vacant[seat_id]:
        parts.append(f"{vacant[seat_id]} vacant")
    if suspended[seat_id]:
        parts.append(f"{suspended[seat_id]} suspended")
    return " and ".join(parts)


def check_attendance(
    body: Body, office: InOffice, counts: Counter[str] | None, attending: int, what: str
) -> None:
    """Refuse more attendees than members in office, in a seat or in all.

    :raises QueryError: a seat (or the body) attended by more members than it has in office.
    """
    if not office.given:
        return
    for seat_id, n in counts.items() if counts else ():
        seat = body.seat(seat_id)
        if seat is None or not seat.count_stated or not office.out(seat_id):
            continue
        able = seat.count - office.out(seat_id)
        if n > able:
            raise QueryError(
                f"seat `{seat_id}` listed {n} times in {what} but has {able} member(s) in office "
                f"({counted(seat.count, 'place')}, "
                f"{_out_words(office.vacant, office.suspended, seat_id)})"
            )
    if body.membership_known and attending > office.members:
        raise QueryError(
            f"{attending} {what}, but `{body.id}` has only {office.members} member(s) in office "
            f"({counted(office.places, 'place')}, {office.words()})"
        )


class UpTo(NamedTuple):
    """A body's places "up to" some number ("the Board may co-opt up to two further members"),
    as far as the facts tell how many are filled: a place not filled is no one's."""

    unfilled: int
    """Places the question names vacant: not filled."""
    open: int
    """Places more that may or may not be filled."""
    words: str
    """The seats, with the places named not filled: ``co-opted (up to 2, 1 not filled)``."""


def up_to_places(
    seats: Iterable[Seat],
    office: InOffice,
    present: Mapping[str, int] | None,
    weight: Mapping[str, int] | None = None,
) -> UpTo:
    """The up-to places of ``seats`` (each weighed by ``weight``, for a count of votes):
    those named vacant are not filled; of the others, those with a member ``present`` are,
    and no more of the rest can be unfilled than the vacancies not named (all of them, where
    the question gives no count of vacancies)."""
    up_to = [s for s in seats if s.up_to]
    w = weight or {}
    unfilled = sum(office.vacant[s.id] * w.get(s.id, 1) for s in up_to)
    here = present or {}
    maybe = [
        (max(0, s.count - office.vacant[s.id] - here.get(s.id, 0)), w.get(s.id, 1)) for s in up_to
    ]
    unnamed = (
        office.vacancies - sum(office.vacant.values())
        if office.stated
        else sum(n for n, _ in maybe)
    )
    # The heaviest places first: the most the count could fall.
    left, open_ = unnamed, 0
    for n, each in sorted(maybe, key=lambda m: -m[1]):
        take = min(n, left)
        open_ += take * each
        left -= take
    words = ", ".join(
        f"{s.id} (up to {s.count}"
        + (f", {office.vacant[s.id]} not filled)" if office.vacant[s.id] else ")")
        for s in up_to
    )
    return UpTo(unfilled, open_, words)
