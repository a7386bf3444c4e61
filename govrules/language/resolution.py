"""References resolved: one walk of a trust that checks every id its rules name against the
ids it declares, reading what each field names from the models' own types (the markers of
:mod:`govrules.language.references`).

A problem is coded by its kind, found by the walk: a reference that names nothing (or the very
model it is written in) is UNKNOWN, an id declared twice or declared though the language
already gives it a meaning is TWICE, an id the language knows but the field may not hold is
MISPLACED. No code is read from a message's words.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Union

from pydantic import BaseModel

from ..reading.errors import excerpt
from .paths import PathError, resolve
from .references import (
    KINDS,
    MISPLACED,
    RULE_PATH,
    TWICE,
    UNKNOWN,
    Declares,
    Once,
    Ref,
    ResolvedIn,
    unknown,
)
from .schema import Trust

__all__ = ["Problem", "declared_references", "named", "reference_problems"]

Path_ = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Problem:
    """A reference that does not hold, at the node of the file that writes it."""

    path: Path_
    message: str
    code: str
    hint: str | None = None


# --- what each model's fields name, read once per model from its types -----------------------


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    key: str
    """The field as the file writes it (its alias), for the path."""
    ref: Ref | None
    """What a text value of the field names."""
    item_ref: Ref | None
    """What each text item of a list value names."""
    declares: Declares | None
    resolved_in: ResolvedIn | None
    once: Once | None
    models: bool
    """The value may hold models with references of their own."""


def _markers(annotation: Any, in_list: bool = False) -> Iterator[tuple[object, bool]]:
    """Every marker in a type, and whether it stands on the items of a list."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        yield from ((m, in_list) for m in annotation.__metadata__)
        yield from _markers(args[0], in_list)
    elif origin is tuple:
        for arg in args:
            if arg is not Ellipsis:
                yield from _markers(arg, True)
    elif origin is Union or origin is types.UnionType:
        for arg in args:
            yield from _markers(arg, in_list)


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models(arg)


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[_Field, ...]:
    """The fields of ``model`` that name, declare or hold references, in the file's order."""
    _planning.add(model)
    out: list[_Field] = []
    for name, info in model.model_fields.items():
        found = [(m, False) for m in info.metadata] + list(_markers(info.annotation))

        def first(cls: type[Any], found: list[tuple[object, bool]] = found) -> Any:
            return next((m for m, _ in found if isinstance(m, cls)), None)

        ref = next((m for m, listed in found if isinstance(m, Ref) and not listed), None)
        item_ref = next((m for m, listed in found if isinstance(m, Ref) and listed), None)
        # A model being planned (a condition holds conditions) counts as holding references.
        models = any(m in _planning or _plan(m) for m in _models(info.annotation))
        field = _Field(
            name,
            info.alias or name,
            ref,
            item_ref,
            first(Declares),
            first(ResolvedIn),
            first(Once),
            models,
        )
        if ref or item_ref or field.declares or field.resolved_in or field.once or models:
            out.append(field)
    _planning.discard(model)
    return tuple(out)


_planning: set[type[BaseModel]] = set()


@functools.cache
def _declaring(model: type[BaseModel]) -> tuple[_Field, ...]:
    """The fields of ``model`` whose items' ids it declares (a body's seats)."""
    return tuple(f for f in _plan(model) if f.declares is not None)


@functools.cache
def _plans(model: type[BaseModel]) -> tuple[tuple[_Field, ...], tuple[_Field, ...]]:
    return _plan(model), _declaring(model)


def declared_references(model: type[BaseModel]) -> dict[str, Ref]:
    """Each field of ``model`` that names an id, with what it names (for tests and tools)."""
    return {f.name: r for f in _plan(model) for r in (f.ref, f.item_ref) if r is not None}


# --- the walk ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Scope:
    """The ids of one kind a reference may name here, and the model they are of."""

    ids: frozenset[str]
    owner: str | None
    """The id of the model that declares them (a seat's body), or none for the trust."""


_Frame = tuple[BaseModel, str | None]
"""A model the walk is within, and the kind of id its ``id`` declares (a body, a seat), if
it declares one."""


class _Walk:
    """One walk of a trust, gathering its problems in the order of the models' fields."""

    def __init__(self, trust: Trust) -> None:
        self.trust = trust
        self.found: list[Problem] = []
        # The models the trust declares, by kind, for scopes named by id (a step's body).
        self.declared: dict[str, list[tuple[str, BaseModel]]] = {
            field.declares.kind: [(i.id, i) for i in getattr(trust, field.name)]
            for field in _declaring(Trust)
            if field.declares is not None
        }
        self.once: dict[tuple[Path_, str], set[str]] = {}

    def model(
        self,
        node: BaseModel,
        path: Path_,
        frames: tuple[_Frame, ...],
        scopes: Mapping[str, _Scope],
        onces: Mapping[str, Path_],
        declared: str | None = None,
    ) -> None:
        frames = (*frames, (node, declared))
        plan, declaring = _plans(type(node))
        if declaring:
            owner = str(getattr(node, "id", "")) if path else None
            scopes = {**scopes}
            for f in declaring:
                assert f.declares is not None
                ids = frozenset(i.id for i in getattr(node, f.name))
                scopes[f.declares.kind] = _Scope(ids, owner)
        for field in plan:
            value = getattr(node, field.name)
            if value is None:
                continue
            at: Path_ = (*path, field.key)
            here, onces_here = scopes, onces
            if field.resolved_in is not None:
                kind = field.resolved_in.kind
                here = {**scopes, kind: self.resolved(field.resolved_in, frames)}
            if field.once is not None:
                onces_here = {**onces, field.once.kind: path}
            if field.declares is not None:
                self.declarations(field.declares, value, at, scopes)
            if isinstance(value, str):
                if field.ref is not None:
                    self.reference(field.ref, value, at, frames, here, onces_here)
            elif isinstance(value, BaseModel):
                self.model(value, at, frames, here, onces_here)
            elif isinstance(value, tuple):
                ref = field.item_ref
                item_kind = field.declares.kind if field.declares else None
                for i, item in enumerate(value):
                    if field.models and isinstance(item, BaseModel):
                        self.model(item, (*at, i), frames, here, onces_here, item_kind)
                    elif ref is not None and isinstance(item, str):
                        self.reference(ref, item, (*at, i), frames, here, onces_here)
                if ref is not None and ref.opposites:
                    self.opposites(ref, value, at, frames[-1])

    def declarations(
        self, declares: Declares, items: tuple[Any, ...], at: Path_, scopes: Mapping[str, _Scope]
    ) -> None:
        """Each id in a declaring list is declared once, is not one the language gives a
        meaning to, and is not also an id of the kind it must differ from."""
        kind = declares.kind
        words = KINDS[kind]
        owner = scopes[kind].owner
        other = scopes.get(declares.apart_from) if declares.apart_from else None
        seen: set[str] = set()
        for i, item in enumerate(items):
            item_id = item.id
            where = (*at, i, "id")
            if item_id in words.reserved:
                self.found.append(Problem(where, f"`{item_id}` {words.taken}", TWICE))
            elif item_id in seen:
                message = words.twice.format(
                    id=item_id, short=excerpt(item_id), kind=kind, key=at[-1], owner=owner
                )
                self.found.append(Problem(where, message, TWICE))
            seen.add(item_id)
            if other is not None and item_id in other.ids:
                message = f"`{item_id}` is both {_a(str(declares.apart_from))} and {_a(kind)}"
                self.found.append(Problem(where, message, TWICE, words.apart))

    def resolved(self, resolved_in: ResolvedIn, frames: tuple[_Frame, ...]) -> _Scope:
        """The ids of ``resolved_in.kind`` in the models the nearest of its fields names."""
        named: frozenset[str] | None = None
        kinds: tuple[str, ...] = ()
        owner: str | None = None
        for frame in reversed(frames):
            plan = {f.name: f for f in _plan(type(frame[0]))}
            found: list[str] = []
            single: str | None = None
            for name in resolved_in.fields:
                # `routes.from_`: the `from_` of each of the model's routes.
                key, _, each = name.partition(".")
                if key not in plan:
                    continue
                ref = plan[key].ref or plan[key].item_ref
                if not kinds and ref is not None:
                    kinds = ref.kinds
                value = getattr(frame[0], key)
                if each:
                    found += [getattr(item, each) for item in value]
                elif isinstance(value, str):
                    found.append(value)
                    single = value
                elif value:
                    found += list(value)
            if found:
                # Every field of the nearest model that names some: they name them together.
                # A set: a chain of thousands of bodies each names one (membership below).
                named = frozenset(found)
                owner = single if named == {single} else None
                break
        ids: set[str] = set()
        for kind in kinds:
            for model_id, model in self.declared.get(kind, ()):
                if named is None or model_id in named:
                    for field in _declaring(type(model)):
                        if field.declares is not None and field.declares.kind == resolved_in.kind:
                            ids.update(i.id for i in getattr(model, field.name))
        return _Scope(frozenset(ids), owner)

    def reference(
        self,
        ref: Ref,
        value: str,
        at: Path_,
        frames: tuple[_Frame, ...],
        scopes: Mapping[str, _Scope],
        onces: Mapping[str, Path_],
    ) -> None:
        kind = ref.kind
        if not ref.also and ref.not_itself is None and kind not in onces:
            # The common case, first: an id of one kind, declared where it is named.
            scope = scopes.get(kind)
            if scope is not None and value in scope.ids and value not in ref.refused:
                return
        words = KINDS[kind]
        if kind == RULE_PATH:
            try:
                resolve(self.trust, value)
            except PathError as exc:
                message = f"{ref.called or kind} `{excerpt(value)}`: {exc}"
                self.found.append(Problem(at, message, UNKNOWN, words.hint))
            return
        found = [scopes[k] for k in ref.kinds if k in scopes]
        if value in ref.refused:
            self.found.append(Problem(at, f"`{value}` {ref.because}", MISPLACED))
        elif value not in words.built_in and not any(value in s.ids for s in found):
            # Only now the ids it might have meant, for a "did you mean".
            declared = frozenset().union(*(s.ids for s in found))
            known = (declared | words.built_in) - ref.refused
            owner = next((s.owner for s in found if s.owner), None)
            message = unknown(kind, value, known, owner, words.otherwise)
            hint = words.none_declared if not declared else None
            self.found.append(Problem(at, message, UNKNOWN, hint))
        elif ref.not_itself is not None:
            itself = next((m for m, declared in reversed(frames) if declared == kind), None)
            if itself is not None and value == getattr(itself, "id", None):
                self.found.append(Problem(at, f"`{value}` {ref.not_itself}", UNKNOWN))
        rule = onces.get(kind)
        if rule is not None:
            seen = self.once.setdefault((rule, kind), set())
            if value in seen:
                message = f"{kind} `{value}` is given two different rules in one rule"
                self.found.append(Problem(at, message, TWICE))
            seen.add(value)

    def opposites(self, ref: Ref, values: tuple[Any, ...], at: Path_, holder: _Frame) -> None:
        """A list holds no two ids that exclude each other (a seat both officer and not)."""
        for one, other in ref.opposites:
            if one in values and other in values:
                name = f"{holder[1]} `{getattr(holder[0], 'id', '')}`"
                self.found.append(Problem(at, f"{name} is both `{one}` and `{other}`", MISPLACED))


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def reference_problems(trust: Trust) -> Iterator[Problem]:
    """Every reference in ``trust`` that does not hold, in the order of the models' fields."""
    walk = _Walk(trust)
    walk.model(trust, (), (), {}, {})
    return iter(walk.found)


def named(trust: Trust, kind: str) -> Iterator[tuple[Path_, str]]:
    """Every id of ``kind`` the trust's rules name, with its path, in the file's order."""

    def walk(node: BaseModel, path: Path_) -> Iterator[tuple[Path_, str]]:
        for field in _plan(type(node)):
            value = getattr(node, field.name)
            at: Path_ = (*path, field.key)
            if isinstance(value, str):
                if field.ref is not None and kind in field.ref.kinds:
                    yield at, value
            elif isinstance(value, BaseModel):
                yield from walk(value, at)
            elif isinstance(value, tuple):
                item_ref = field.item_ref
                for i, item in enumerate(value):
                    if isinstance(item, str) and item_ref is not None and kind in item_ref.kinds:
                        yield (*at, i), item
                    elif isinstance(item, BaseModel) and field.models:
                        yield from walk(item, (*at, i))

    yield from walk(trust, ())


_plan(Trust)  # every model's plan, read once at import (and so never by two threads at once)
