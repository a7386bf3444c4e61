"""Where a procedure is used: the one answer to "does procedure P apply to body B", shared by
``escalate``, ``vote``/``voters`` under a procedure, ``show`` and the charts."""

from __future__ import annotations

from .schema import Procedure, Trust

__all__ = ["bodies_using", "used_in"]


def used_in(trust: Trust, proc: Procedure, body_id: str) -> bool:
    """Is ``proc`` used in ``body_id``? Named in ``applies_to``, or a body its routes refer a
    matter on from (a matter arises there to be referred); with neither ``applies_to`` nor
    routes, the trust as a whole uses it: each of its bodies, not a body outside it that the
    MoU only refers to (Wirral 18.2, "issues of conflict within the partnership"). (A
    procedure of routes only is used where they start: the body a matter is referred to does
    not take it up for its own matters.)"""
    if body_id in proc.applies_to or any(r.from_ == body_id for r in proc.routes):
        return True
    return not proc.applies_to and not proc.routes and trust.body(body_id) is not None


def bodies_using(trust: Trust, proc: Procedure) -> list[str]:
    """The bodies of ``trust`` that use ``proc``, in the trust's order, then any other body its
    routes start from."""
    # used_in for each body, with the routes' starts gathered once: a chain of thousands of
    # referrals is one procedure of thousands of routes (benchmarks/scaling.py, vs chain depth).
    starts = dict.fromkeys(r.from_ for r in proc.routes)
    every = not proc.applies_to and not proc.routes
    named = {*proc.applies_to, *starts}
    ids = [b.id for b in trust.bodies if every or b.id in named]
    return list(dict.fromkeys([*ids, *starts]))
