"""Rule paths: one checked way to name a node of a trust.

A rule path is dotted ids and field names, as a gap's ``subject`` is written:

- the first segment is a body id, a procedure id, or a trust-level field (``partners``,
  ``constraints``, ``statutory_board``, ``document``, ...);
- then field names as written in YAML (``quorum``, ``voting``, ``vice_chair``, ``count``);
- after a field holding a list, an item: by its ``id`` (``seats.schools``), a vote exception
  or an ineligibility by its ``seat``, a link by its ``to``, a route by ``<from>><to>``
  (``routes.executive>board``), anything else by its index (``steps.2``).

:func:`resolve` finds the node (or says, in words, which segment is unknown and what was
meant); :func:`replace` returns a new trust with the value at a path replaced, validated as
the field would be in a file. Paths compare by prefix: :func:`related` says whether one path
lies on, under or above another.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..reading.errors import excerpt
from .references import closest
from .schema import Model, Trust

__all__ = [
    "EVERY",
    "GAP_INDEX",
    "HOLDERS",
    "MAX_PATCHED",
    "PATCHED",
    "Holders",
    "PathError",
    "Picks",
    "found_at",
    "gaps_related",
    "gaps_related_to_any",
    "keep_reading_holders",
    "parse",
    "path_of",
    "reading_holders",
    "related",
    "replace",
    "resolve",
    "under",
    "with_readings",
]


class PathError(ValueError):
    """A rule path names no node of the trust; the message says which segment and why."""


def parse(path: str) -> tuple[str, ...]:
    """The segments of a rule path (route keys keep their ``>``)."""
    if not isinstance(path, str) or not path.strip():
        raise PathError("a rule path is dotted ids and field names, such as `board.quorum`")
    # A path is compared as written (a gap's subject with the paths answers read), so one
    # with spaces would name a node yet match no answer: refuse it rather than trim it.
    parts = tuple(path.split("."))
    if any(not p for p in parts):
        raise PathError(f"`{excerpt(path)}` has an empty segment")
    if any(p != p.strip() for p in parts):
        raise PathError(f"`{excerpt(path)}` has a space in it: write the path without spaces")
    return parts


def related(a: str, b: str) -> bool:
    """Does path ``a`` lie on, under or above path ``b``?"""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def under(a: str, b: str) -> bool:
    """Does path ``a`` lie on or under path ``b``?"""
    return a == b or a.startswith(b + ".")


GAP_INDEX = "_gaps_by_path"
"""Where a trust keeps the index :func:`gaps_related` reads (derived, as :data:`HOLDERS`)."""


def _prefixes(path: str) -> list[str]:
    """``path`` and every path above it: ``a.b.c``, ``a.b``, ``a``."""
    return [path[:i] for i, c in enumerate(path) if c == "."] + [path]


def gaps_related(trust: Trust, path: str) -> list[int]:
    """The indexes, in order, of the trust's gaps whose subject lies on, under or above
    ``path`` (:func:`related`), found in time proportional to the path's depth.

    The index is derived from the trust's gaps on first use and kept with the (immutable)
    trust: a gap's subject and each path above it (for a path read on or above the subject),
    and each subject itself (for a path read under it).
    """
    return list(_related(trust, _gap_index(trust), path))


def gaps_related_to_any(trust: Trust, paths: Iterable[str]) -> set[int]:
    """The indexes of the trust's gaps related to any of ``paths``: :func:`gaps_related` of
    each, with the index looked up once (an evaluation reads some fifty paths;
    benchmarks/library.py, a vote)."""
    index = _gap_index(trust)
    found: set[int] = set()
    for path in paths:
        found.update(_related(trust, index, path))
    return found


def _gap_index(trust: Trust) -> _GapIndex:
    index: _GapIndex | None = trust.__dict__.get(GAP_INDEX)
    if index is None or index[0] is not trust.gaps:
        above: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        for i, gap in enumerate(trust.gaps):
            if gap.subject is None:
                continue
            exact.setdefault(gap.subject, []).append(i)
            for prefix in _prefixes(gap.subject):
                above.setdefault(prefix, []).append(i)
        index = (trust.gaps, above, exact, {})
        trust.__dict__[GAP_INDEX] = index
    return index


def _related(trust: Trust, index: _GapIndex, path: str) -> tuple[int, ...]:
    _, above, exact, asked = index
    known = asked.get(path)
    if known is None:
        if EVERY in path.split("."):
            known = tuple(
                i
                for i, gap in enumerate(trust.gaps)
                if gap.subject is not None and _related_every(gap.subject, path)
            )
        else:
            found = set(above.get(path, ()))
            for prefix in _prefixes(path)[:-1]:
                found.update(exact.get(prefix, ()))
            known = tuple(sorted(found))
        if len(asked) < _MAX_ASKED:  # the paths read are the trust's own; bounded all the same
            asked[path] = known
    return known


EVERY = "*"
"""A segment of a path read standing for every item of a list: ``board.seats.*.classes`` is
read of every seat's classes, and touches a gap on ``board.seats``, on ``board.seats.vcs`` or
on ``board.seats.vcs.classes``, but not one on ``board.seats.vcs.count``."""


def _related_every(subject: str, path: str) -> bool:
    """:func:`related`, with each :data:`EVERY` segment of ``path`` matching any one segment."""
    mine, theirs = subject.split("."), path.split(".")
    return all(p in (EVERY, s) for s, p in zip(mine, theirs, strict=False))


_GapIndex = tuple[Any, dict[str, list[int]], dict[str, list[int]], dict[str, tuple[int, ...]]]
_MAX_ASKED = 10_000


def _item_key(item: Any, index: int) -> str:
    if isinstance(item, BaseModel):
        data = item.__dict__
        if isinstance(data.get("id"), str):
            return str(data["id"])
        if isinstance(data.get("seat"), str):
            return str(data["seat"])
        if "from_" in data and "to" in data:
            return f"{data['from_']}>{data['to']}"
        if isinstance(data.get("to"), str):
            return str(data["to"])
    return str(index)


_ITEM_INDEXES = "_item_indexes"


def _item_indexes(holder: tuple[BaseModel, str] | None, items: tuple[Any, ...]) -> dict[str, int]:
    """Each item's key (:func:`_item_key`) → its first index. Kept with the model holding the
    list, by field, as immutable as the list: a question naming ten seats of a board of
    thousands resolves each in constant time (benchmarks/scaling.py, a vote vs seats)."""
    if holder is None:
        return _indexes(items)
    model, name = holder
    known: dict[str, tuple[tuple[Any, ...], dict[str, int]]] = model.__dict__.setdefault(
        _ITEM_INDEXES, {}
    )
    found = known.get(name)
    if found is None or found[0] is not items:
        found = known[name] = (items, _indexes(items))
    return found[1]


def _indexes(items: tuple[Any, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, item in enumerate(items):
        out.setdefault(_item_key(item, i), i)
    return out


def _field_names(model: BaseModel) -> dict[str, str]:
    """The model's fields as written in YAML (aliases) → attribute names."""
    return _class_field_names(type(model))


@functools.cache
def _class_field_names(cls: type[BaseModel]) -> dict[str, str]:
    # Once per class of the language (a fixed, small set): every path walked asks.
    return {(info.alias or name): name for name, info in cls.model_fields.items()}


def _unknown(what: str, segment: str, known: list[str], where: str) -> PathError:
    close = closest(segment, known)
    hint = f"; did you mean `{close}`?" if close else ""
    return PathError(f"unknown {what} `{excerpt(segment)}` in {where}{hint}")


class _Missing(Exception):
    """A path names nothing, asked quietly (:func:`found_at`): no message is worded."""


def _root(trust: Trust, first: str, quiet: bool = False) -> tuple[Any, tuple[Any, ...]]:
    """The node the first segment names, and the steps that reach it from the trust."""
    for i, body in enumerate(trust.bodies):
        if body.id == first:
            return body, ("bodies", i)
    for i, proc in enumerate(trust.procedures):
        if proc.id == first:
            return proc, ("procedures", i)
    fields = _field_names(trust)
    if first in fields and first not in ("id", "name", "bodies", "procedures", "gaps"):
        return getattr(trust, fields[first]), (fields[first],)
    if quiet:
        raise _Missing
    known = [b.id for b in trust.bodies] + [p.id for p in trust.procedures]
    known += [f for f in fields if f not in ("id", "name", "bodies", "procedures", "gaps")]
    raise _unknown("body, procedure or trust field", first, known, "the trust")


def _walk(trust: Trust, path: str, quiet: bool = False) -> tuple[Any, tuple[Any, ...]]:
    """The node at ``path`` and the attribute/index steps that reach it from the trust
    (``quiet``: where it names nothing, :class:`_Missing`, with no "did you mean")."""
    parts = parse(path)
    node, steps = _root(trust, parts[0], quiet)
    holder: tuple[BaseModel, str] | None = (trust, steps[0]) if len(steps) == 1 else None
    where = parts[0]
    for segment in parts[1:]:
        if isinstance(node, tuple):
            index = _item_indexes(holder, node).get(segment)
            if index is None:
                if quiet:
                    raise _Missing
                keys = [_item_key(item, i) for i, item in enumerate(node)]
                raise _unknown("item", segment, keys, f"`{where}`")
            node, steps, holder = node[index], (*steps, index), None
        elif isinstance(node, BaseModel):
            fields = _field_names(node)
            if segment not in fields:
                if quiet:
                    raise _Missing
                raise _unknown("field", segment, list(fields), f"`{where}`")
            holder = (node, fields[segment])
            node, steps = getattr(node, fields[segment]), (*steps, fields[segment])
        else:
            if quiet:
                raise _Missing
            raise PathError(f"`{where}` is a value, so `{excerpt(segment)}` cannot lie under it")
        where = f"{where}.{segment}"
    return node, steps


def resolve(trust: Trust, path: str) -> Any:
    """The node of ``trust`` at ``path`` (a model, a tuple of items or a value).

    :raises PathError: a segment names nothing there.
    """
    return _walk(trust, path)[0]


def found_at(trust: Trust, path: str) -> tuple[bool, Any]:
    """``(True, node)`` where ``path`` names a node of ``trust``, else ``(False, None)``: as
    :func:`resolve`, without wording why not (an answer looking up each seat it reads;
    benchmarks/scaling.py, a vote vs seats)."""
    try:
        return True, _walk(trust, path, quiet=True)[0]
    except _Missing:
        return False, None


def path_of(trust: Trust, steps: tuple[str | int, ...]) -> str | None:
    """The rule path of the node at ``steps`` of the trust's YAML (keys as written, list
    indexes): ``("bodies", 0, "quorum")`` is ``board.quorum``. ``None`` where the steps name
    no rule: the trust's id or name, a gap, a value inside a value.
    """
    if len(steps) < 1 or steps[0] in ("id", "name", "gaps"):
        return None
    if steps[0] in ("bodies", "procedures"):
        if len(steps) < 2 or not isinstance(steps[1], int):
            return None
        node: Any = getattr(trust, steps[0])[steps[1]]
        parts, rest = [node.id], steps[2:]
    else:
        node, parts, rest = trust, [], steps
    for step in rest:
        if isinstance(node, tuple) and isinstance(step, int) and 0 <= step < len(node):
            parts.append(_item_key(node[step], step))
            node = node[step]
        elif isinstance(node, BaseModel) and isinstance(step, str):
            fields = _field_names(node)
            if step not in fields:
                return None
            parts.append(step)
            node = getattr(node, fields[step])
        else:
            return None
    return ".".join(parts) or None


def replace(trust: Trust, path: str, value: Any) -> Trust:
    """A copy of ``trust`` with ``value`` (as written in a file) at ``path``.

    The model holding the value is validated afresh with it, so a reading is held to the same
    types and checks as the rule it replaces; every model above is copied, bottom up.

    :raises PathError: the path names nothing, or is not a field of a model.
    :raises pydantic.ValidationError: the value does not fit the field.
    """
    holder = _holder_path(trust, path)
    chain, steps = _chain(trust, holder)
    return _rebuild(chain, steps, _validated(chain[-1], holder, [(path, value)], trust))


def _holder_path(trust: Trust, path: str) -> str:
    """The path of the model holding the field at ``path``."""
    _, steps = _walk(trust, path)
    if not steps or not isinstance(steps[-1], str):
        raise PathError(f"`{excerpt(path)}` names an item of a list, not a field with a value")
    holder = path.rsplit(".", 1)[0] if "." in path else ""
    if not isinstance(_at(trust, holder), Model):
        raise PathError(f"`{excerpt(path)}` does not name a field of a rule")
    return holder


def _at(trust: Trust, path: str) -> Any:
    """The node at ``path``; the trust itself at the empty path."""
    return resolve(trust, path) if path else trust


def _contains(outer: str, inner: str) -> bool:
    """Does the node at path ``outer`` hold (or is it) the node at path ``inner``?"""
    return not outer or (related(outer, inner) and len(outer) <= len(inner))


def _chain(trust: Trust, path: str) -> tuple[list[Any], tuple[Any, ...]]:
    """The nodes from the trust down to the one at ``path``, and the steps between them."""
    steps = _walk(trust, path)[1] if path else ()
    chain: list[Any] = [trust]
    for step in steps:
        chain.append(chain[-1][step] if isinstance(step, int) else getattr(chain[-1], step))
    return chain, steps


def _validated(holder: Model, at: str, values: list[tuple[str, Any]], trust: Trust) -> Model:
    """``holder`` (the model at path ``at`` of ``trust``) validated afresh with each value at
    its path, a path lying at or under ``at``; the shallower first.

    :raises PathError: a path runs through a field left to its default, or through another's
        value.
    """
    data = holder.model_dump(by_alias=True, exclude_unset=True)
    offset = len(_chain(trust, at)[1])
    paths = [p for p, _ in values]
    for path, value in sorted(values, key=lambda pv: len(parse(pv[0]))):
        if any(p != path and _contains(p, path) for p in paths):
            raise PathError(f"`{excerpt(path)}` lies inside another value replaced with it")
        _, steps = _walk(trust, path)
        node: Any = holder
        place: Any = data
        for step in steps[offset:-1]:
            if isinstance(step, int):
                node, place = node[step], place[step]
            else:
                key = type(node).model_fields[step].alias or step
                if not isinstance(place, dict) or key not in place:
                    raise PathError(f"`{excerpt(path)}` runs through a field not written")
                node, place = getattr(node, step), place[key]
        field = steps[-1]
        place[type(node).model_fields[field].alias or field] = value
    new: Model = type(holder).model_validate(data)
    return new


def _rebuild(chain: list[Any], steps: tuple[Any, ...], new: Any) -> Trust:
    """The trust with ``new`` in place of ``chain[-1]``, every node above copied."""
    for parent, step in zip(reversed(chain[:-1]), reversed(steps), strict=True):
        if isinstance(step, int):
            items = list(parent)
            items[step] = new
            new = tuple(items)
        else:
            new = parent.model_copy(update={step: new})
    assert isinstance(new, Trust)
    return new


HOLDERS = "_reading_holders"
"""Where a trust keeps its :func:`reading_holders`, beside its fields (as a
``functools.cached_property`` would: derived from the immutable trust, gone with it)."""

Picks = tuple[tuple[int, int], ...]
"""Readings chosen: (gap index, reading number from 1) each, in the order of the gaps."""

Holders = dict[Picks, tuple[str, Model, Model]]
"""Readings on one model (or on models one inside another) → (the path of that model, the
model in the trust as encoded, the model validated afresh with the readings' values)."""

PATCHED = "_with_readings"
"""Where a trust keeps the copies :func:`with_readings` made of it: a pure function of the
immutable trust and the readings, at most :data:`MAX_PATCHED` of them, gone with it."""

MAX_PATCHED = 64
"""Copies of a trust under readings kept with it. A copy shares every model but those on the
way to the readings' subjects; where a subject lies in a body of 10,000 seats, that body's
copy holds its own tuple of seats and, once asked, its own index of them (under 1 MB), so
the copies of one trust stay under some 64 MB at the very worst (quorum, voters and votes
on every body of Suffolk make 20 copies in all)."""

MAX_PRECOMPUTED = 256
"""Combinations of readings on one model validated ahead at most (beyond, on demand)."""


def _grouped(trust: Trust, picks: Picks) -> list[tuple[str, Picks]]:
    """``picks`` by the model validated with them: readings whose models lie one inside
    another go together, under the outermost."""
    holders = {pick: _holder_path(trust, trust.gaps[pick[0]].subject or "") for pick in picks}
    roots: list[str] = []
    for path in sorted(set(holders.values()), key=len):
        if not any(_contains(root, path) for root in roots):
            roots.append(path)
    return [
        (root, tuple(sorted(p for p in picks if _contains(root, holders[p])))) for root in roots
    ]


def _values(trust: Trust, picks: Picks) -> list[tuple[str, Any]]:
    return [(trust.gaps[i].subject or "", trust.gaps[i].readings[k - 1].value) for i, k in picks]


def reading_holders(trust: Trust) -> Holders:
    """Every reading of the trust's gaps, and every combination of readings of gaps on the same
    model (or on models one inside another), validated once, for :func:`with_readings`.

    Derived on first use and kept with the (immutable) trust; a compiled trust carries them
    already, so a question on it validates nothing. A combination that does not fit is left
    out (:func:`with_readings` validates it again, and raises), as is a model with more than
    :data:`MAX_PRECOMPUTED` combinations.
    """
    found: Holders | None = trust.__dict__.get(HOLDERS)
    if found is not None:
        return found
    from pydantic import ValidationError

    found = {}
    try:
        every = tuple((i, len(g.readings)) for i, g in enumerate(trust.gaps) if g.readings)
        groups = _grouped(trust, every)
    except PathError:
        groups = []
    for _, group in groups:
        choices = list(itertools.product(*(range(n + 1) for _, n in group)))
        if len(choices) > MAX_PRECOMPUTED:
            continue
        for choice in choices:
            picks = tuple((i, k) for (i, _), k in zip(group, choice, strict=True) if k)
            for at, part in _grouped(trust, picks):
                if part in found:
                    continue
                try:
                    holder = _at(trust, at)
                    found[part] = (at, holder, _validated(holder, at, _values(trust, part), trust))
                except (PathError, ValidationError):
                    continue
    trust.__dict__[HOLDERS] = found
    return found


def keep_reading_holders(trust: Trust, validated: dict[Picks, Model]) -> None:
    """Give ``trust`` its :func:`reading_holders` from readings validated beforehand (by
    :func:`reading_holders` on an equal trust, as a compiled trust carries them).

    :raises PathError: a reading's gap has no subject, or its subject names no model's field.
    :raises ValueError: the readings are not one group, or a model is not of its class.
    """
    found: Holders = {}
    for picks, model in validated.items():
        grouped = _grouped(trust, picks)
        if len(grouped) != 1 or grouped[0][1] != picks:
            raise ValueError("readings validated together must be on one model")
        at = grouped[0][0]
        holder = _at(trust, at)
        if type(model) is not type(holder):
            raise ValueError(f"a reading of `{excerpt(at)}` is not of its class")
        found[picks] = (at, holder, model)
    trust.__dict__[HOLDERS] = found


def with_readings(root: Trust, picks: Picks) -> Trust:
    """``root`` with the readings ``picks`` of its gaps: as :func:`replace` with each, the
    readings on one model (or on models one inside another) validated together, and nothing
    validated where :func:`reading_holders` has the model already.

    :raises PathError: a subject names nothing, or is not a field of a model.
    :raises pydantic.ValidationError: a value does not fit its field.
    """
    kept: dict[Picks, Trust] = root.__dict__.setdefault(PATCHED, {})
    found = kept.get(picks)
    if found is not None:
        return found
    table = reading_holders(root)
    patched = root
    for at, part in _grouped(root, picks):
        chain, steps = _chain(patched, at)
        ready = table.get(part)
        if ready is not None and ready[1] is chain[-1]:
            new = ready[2]
        else:
            new = _validated(chain[-1], at, _values(root, part), root)
        patched = _rebuild(chain, steps, new)
    if len(kept) < MAX_PATCHED:
        kept[picks] = patched
    return patched
