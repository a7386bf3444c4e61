"""Items at a meeting: who was in the room for each decision of a meeting record.

A record's ``attendees`` are everyone present for any part of the meeting. A decision may say
who ``arrived`` late (before it: absent for the items before), who ``left`` (before it: absent
for it and every item after) and who ``withdrew`` for it alone (``withdrawn``; a withdrawal for
a declared interest follows the trust's rule on interests instead). Each item's quorum and vote
is judged on the members in the room for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from ..reading.sourcefile import Located

__all__ = ["rooms"]


class Item(Protocol):
    """A decision of a meeting record, as far as who was in the room for it."""

    @property
    def arrived(self) -> tuple[str, ...]: ...
    @property
    def left(self) -> tuple[str, ...]: ...
    @property
    def withdrawn(self) -> tuple[str, ...]: ...


class Meeting(Protocol):
    """A meeting record, as far as who attended and the items decided."""

    @property
    def attendees(self) -> tuple[str, ...]: ...
    @property
    def decisions(self) -> Sequence[Item]: ...


def rooms(located: Located, rec: Meeting) -> list[Counter[str]]:
    """The members (by seat) in the room for each decision of ``rec``, in order.

    :raises LoadError: a member arriving, leaving or withdrawing who is not among the
        attendees, or not in the room at that point (left twice, arrived after leaving).
    """
    attendees = Counter(rec.attendees)
    late: Counter[str] = Counter()
    for d, dec in enumerate(rec.decisions):
        for i, seat_id in enumerate(dec.arrived):
            late[seat_id] += 1
            if late[seat_id] > attendees[seat_id]:
                raise located.error(
                    ("decisions", d, "arrived", i),
                    f"`{seat_id}` arrives more times than it has members among the attendees "
                    f"({attendees[seat_id]})",
                )
    room = attendees - late
    out: list[Counter[str]] = []
    for d, dec in enumerate(rec.decisions):
        room.update(dec.arrived)
        for i, seat_id in enumerate(dec.left):
            if room[seat_id] == 0:
                raise located.error(
                    ("decisions", d, "left", i),
                    f"`{seat_id}` leaves before this item but has no member in the room",
                )
            room[seat_id] -= 1
        item = +room
        for i, seat_id in enumerate(dec.withdrawn):
            if item[seat_id] == 0:
                raise located.error(
                    ("decisions", d, "withdrawn", i),
                    f"`{seat_id}` withdraws for this item but has no member in the room",
                )
            item[seat_id] -= 1
        out.append(+item)
    return out
