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

import difflib
from typing import Any

from pydantic import BaseModel

from ..reading.errors import excerpt
from .schema import Model, Procedure, Trust

__all__ = [
    "PathError",
    "parse",
    "path_of",
    "procedure_vote_path",
    "related",
    "replace",
    "resolve",
    "under",
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


def _field_names(model: BaseModel) -> dict[str, str]:
    """The model's fields as written in YAML (aliases) → attribute names."""
    return {(info.alias or name): name for name, info in type(model).model_fields.items()}


def _unknown(what: str, segment: str, known: list[str], where: str) -> PathError:
    close = difflib.get_close_matches(segment, known, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return PathError(f"unknown {what} `{excerpt(segment)}` in {where}{hint}")


def _root(trust: Trust, first: str) -> tuple[Any, tuple[Any, ...]]:
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
    known = [b.id for b in trust.bodies] + [p.id for p in trust.procedures]
    known += [f for f in fields if f not in ("id", "name", "bodies", "procedures", "gaps")]
    raise _unknown("body, procedure or trust field", first, known, "the trust")


def _walk(trust: Trust, path: str) -> tuple[Any, tuple[Any, ...]]:
    """The node at ``path`` and the attribute/index steps that reach it from the trust."""
    parts = parse(path)
    node, steps = _root(trust, parts[0])
    where = parts[0]
    for segment in parts[1:]:
        if isinstance(node, tuple):
            keys = [_item_key(item, i) for i, item in enumerate(node)]
            if segment not in keys:
                raise _unknown("item", segment, keys, f"`{where}`")
            index = keys.index(segment)
            node, steps = node[index], (*steps, index)
        elif isinstance(node, BaseModel):
            fields = _field_names(node)
            if segment not in fields:
                raise _unknown("field", segment, list(fields), f"`{where}`")
            node, steps = getattr(node, fields[segment]), (*steps, fields[segment])
        else:
            raise PathError(f"`{where}` is a value, so `{excerpt(segment)}` cannot lie under it")
        where = f"{where}.{segment}"
    return node, steps


def resolve(trust: Trust, path: str) -> Any:
    """The node of ``trust`` at ``path`` (a model, a tuple of items or a value).

    :raises PathError: a segment names nothing there.
    """
    return _walk(trust, path)[0]


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
    _, steps = _walk(trust, path)
    if not steps or not isinstance(steps[-1], str):
        raise PathError(f"`{excerpt(path)}` names an item of a list, not a field with a value")
    # The chain of nodes from the trust down to the model holding the field.
    chain: list[Any] = [trust]
    for step in steps[:-1]:
        chain.append(chain[-1][step] if isinstance(step, int) else getattr(chain[-1], step))
    holder = chain[-1]
    if not isinstance(holder, Model):
        raise PathError(f"`{excerpt(path)}` does not name a field of a rule")
    data = holder.model_dump(by_alias=True, exclude_unset=True)
    alias = type(holder).model_fields[steps[-1]].alias or steps[-1]
    data[alias] = value
    new: Any = type(holder).model_validate(data)
    for parent, step in zip(reversed(chain[:-1]), reversed(steps[:-1]), strict=True):
        if isinstance(step, int):
            items = list(parent)
            items[step] = new
            new = tuple(items)
        else:
            new = parent.model_copy(update={step: new})
    assert isinstance(new, Trust)
    return new


def procedure_vote_path(proc: Procedure) -> str | None:
    """The path of a procedure's voting step (``<procedure>.steps.<n>.vote``)."""
    for i, step in enumerate(proc.steps):
        if step.vote is not None:
            return f"{proc.id}.steps.{i}.vote"
    return None
