"""Load a trust: YAML with positions → schema models → reference checks.

Every failure becomes a :class:`LoadError` pointing at the offending node. ``load_trust``
raises the first; ``trust_problems`` returns them all, for ``govrules validate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import typing
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..language.phrasebook import path_words
from ..language.references import UNKNOWN, closest
from ..language.schema import Trust
from ..reading import locations
from ..reading.errors import LoadError, excerpt
from ..reading.sourcefile import Limits, Located, Path_, read_bytes

__all__ = [
    "bundled_compiled",
    "bundled_names",
    "bundled_path",
    "confine",
    "load_trust",
    "resolve",
    "trust_problems",
]


def bundled_names() -> list[str]:
    """The names of the trusts shipped with govrules."""
    folder = Path(locations.bundled_dir())
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def bundled_path(name: str) -> Path | None:
    found = locations.bundled_file(name)
    return Path(found) if found else None


def resolve(trust: str | Path) -> Path:
    """A bundled trust name or a path → the file to read."""
    text = str(trust)
    if isinstance(trust, str) and locations.is_bundled_name(text):
        found = bundled_path(text)
        if found is None:
            names = ", ".join(bundled_names()) or "none"
            raise LoadError(
                f"no bundled trust named `{excerpt(text)}` (bundled: {names})",
                path=text,
                hint="give a bundled name or the path of a YAML file",
            )
        return found
    return Path(trust)


STDIN_HINT = "name a bundled trust or a trust file, relative to the file that names it"
"""The hint when a record or scenario file names `-` as its trust (standard input is for the
command line: a file naming it would take whatever is piped to the command)."""


def confine(trust: str | Path, root: str | Path) -> Path:
    """The trust file (or folder of versions) ``trust`` names, if it lies inside ``root``
    once every symlink is followed; a bundled trust's name is always allowed.

    For a folder, every version in it must lie inside too (a version may be a symlink).
    Nothing outside ``root`` is read, and the error says only that the file is outside:
    not where it leads.

    :raises LoadError: ``root`` is not a folder, or the trust lies outside it.
    """
    if isinstance(trust, str) and locations.is_bundled_name(trust) and bundled_path(trust):
        return resolve(trust)
    folder = Path(root)
    if not folder.is_dir():
        raise LoadError("is not a folder: it cannot hold trusts", path=str(folder))
    inside = folder.resolve()
    try:
        target = Path(trust).resolve()
        found = [target, *(target.glob("*.y*ml") if target.is_dir() else ())]
        within = all(p.resolve().is_relative_to(inside) for p in found)
    except (OSError, RuntimeError):  # a name too long, a symlink loop: nothing to read there
        within = False
    if not within:
        raise LoadError(
            "it leads outside the trusts folder",
            path=excerpt(str(trust)),
            hint="name a bundled trust or a trust file in the trusts folder",
        )
    return target


# A trust read from the same bytes under the same limits is the same (immutable) object for as
# long as anyone holds it, so loading one file twice keeps one copy. Nothing is kept after
# the last holder lets go, and nothing is kept on disk: the bytes are read and hashed on every
# load, so an edited file is always read afresh.
_loaded: weakref.WeakValueDictionary[bytes, Trust] = weakref.WeakValueDictionary()
_loaded_lock = threading.Lock()


def load_trust(trust: str | Path, limits: Limits | None = None) -> Trust:
    """Load and validate a trust file (or a bundled trust by name).

    :raises LoadError: the file is missing, unreadable, malformed or inconsistent.
    """
    path = resolve(trust)
    limits = limits or Limits()
    raw = read_bytes(path, limits)
    key = hashlib.sha256(raw + repr(limits).encode()).digest()
    with _loaded_lock:
        held = _loaded.get(key)
    if held is not None:
        return held
    compiled = bundled_compiled(path, raw, limits)
    if compiled is not None:
        with _loaded_lock:
            return _loaded.setdefault(key, compiled)
    from ..reading.gcpause import collector_paused
    from ..reading.yamlsource import parse_yaml

    with collector_paused():  # benchmarks/scaling.py: `load` vs chain depth
        located = parse_yaml(raw, str(path), limits)
        model, problems = checked_trust(located)
    if model is None:
        raise _first(problems, f"run `govrules validate {path}`")
    with _loaded_lock:
        # Of two threads loading at once, both return the one kept.
        return _loaded.setdefault(key, model)


def trust_from_data(data: Mapping[str, Any], name: str = "<trust>") -> Trust:
    """A trust from data already parsed (a service's JSON, a dict built in code), with every
    check :func:`load_trust` makes of a file: the schema, the references and the readings
    (``Trust.model_validate`` checks the schema alone). Errors name paths, not lines.

    :raises LoadError: the data is not a valid trust.
    """
    try:
        model, problems = checked_trust(Located(data=dict(data), path=name))
    except RecursionError:  # nested deeper than any file the limits let through
        raise LoadError("the data nests too deeply to be a trust", path=name) from None
    if model is None:
        raise _first(problems)
    return model


def _first(problems: list[LoadError], more: str = "") -> LoadError:
    """The first of ``problems``, saying how many more there are (and ``more``: how to see
    them)."""
    first = problems[0]
    if len(problems) > 1:
        first.hint = (first.hint + "; " if first.hint else "") + (
            f"{len(problems) - 1} more problem(s)" + (f": {more}" if more else "")
        )
    return first


def bundled_compiled(path: Path, raw: bytes, limits: Limits) -> Trust | None:
    """The trust a bundled trust file's compiled form holds, where ``raw`` (the file's bytes,
    just read) and the code that builds a trust are those it was compiled from; ``None`` for
    any other file, or under limits of one's own (the form would let a trust past them).

    It is the trust :func:`checked_trust` would make of ``raw``, which loads without a problem.
    """
    if not _as_shipped(path, limits):
        return None
    from .compiled import read

    return read(path, raw)


def bundled_located(path: Path, raw: bytes, limits: Limits) -> Located | None:
    """A bundled trust file's bytes ``raw`` as the YAML reader reads them (data and positions),
    from its located form, on the terms of :func:`bundled_compiled`; ``None`` otherwise."""
    if not _as_shipped(path, limits):
        return None
    from .compiled import read_located

    return read_located(path, raw)


def _as_shipped(path: Path, limits: Limits) -> bool:
    """Is ``path`` a trust file of the bundled folder, read under the default limits (whose
    forms, made under them, would let a file past limits of one's own)?"""
    folder = Path(locations.bundled_dir())
    return limits == Limits() and path.parent == folder and path.suffix == ".yaml"


def trust_problems(source: str | Path | bytes, name: str | None = None) -> list[LoadError]:
    """Every schema and reference error in a trust file (empty when it loads)."""
    from ..reading.yamlsource import parse_yaml, read_yaml

    try:
        if isinstance(source, bytes):
            located = parse_yaml(source, name or "<input>")
        else:
            located = read_yaml(resolve(source))
    except LoadError as exc:
        return [exc]
    return checked_trust(located)[1]


def checked_trust(located: Located) -> tuple[Trust | None, list[LoadError]]:
    """The trust that already-read YAML describes, and every schema and reference problem in
    it; the trust is ``None`` unless there are none.

    The data is validated once (a 100,000-seat trust takes a quarter of a second).
    """
    if not isinstance(located.data, dict):
        message = "a trust file must be a mapping with `id`, `name`, `bodies`, ..."
        return None, [located.error((), message)]
    try:
        model = Trust.model_validate(located.data)
    except ValidationError as exc:
        problems: list[LoadError] = []
        seen: set[Path_] = set()
        for err in exc.errors(include_url=False):
            # A value that fits no member of a union (`votes: yes` for true, false or
            # `unspecified`) gets one error per member, at one node: say the first.
            node = _data_path(located.data, tuple(err["loc"]))
            if node not in seen:
                seen.add(node)
                problems.append(pydantic_error(located, err))
        return None, problems
    found = list(_reference_problems(model, located))
    if not found:
        found = list(_reading_problems(model, located))
    return (None if found else model), found


def _reading_problems(trust: Trust, located: Located) -> Iterator[LoadError]:
    """Each reading is a value the field can hold, and the trust with it still holds together."""
    from ..language.paths import PathError, replace

    for i, gap in enumerate(trust.gaps):
        for j, reading in enumerate(gap.readings):
            where: Path_ = ("gaps", i, "readings", j, "value")
            line, column = located.position(where)
            assert gap.subject is not None  # a gap with readings has one (schema check)
            if _open_vote_in(gap.subject, reading.value):
                # `votes: unspecified` stands for two readings (schema.open_votes_as_readings);
                # inside a reading it would be read one way where the reading is applied to
                # a rule and the other where to the whole trust.
                message = (
                    f"reading of `{excerpt(gap.subject)}` leaves a seat's vote `unspecified`: "
                    "a reading is one way of reading the text, so write `votes: true` or "
                    "`votes: false`, and give the other as another reading"
                )
                yield LoadError(message, located.path, line, column, None, "GR002")
                continue
            try:
                patched = replace(trust, gap.subject, reading.value)
            except PathError as exc:
                message = f"reading of `{excerpt(gap.subject)}`: {exc}"
                yield LoadError(message, located.path, line, column, None, UNKNOWN)
                continue
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                words = str(first["msg"]).removeprefix("Value error, ")
                message = (
                    f"reading `{excerpt(reading.value)}` does not fit `{excerpt(gap.subject)}`: "
                    f"{words}"
                )
                yield LoadError(message, located.path, line, column, None, "GR002")
                continue
            for problem in _reference_problems(patched, located):
                message = f"under reading `{excerpt(reading.value)}`: {problem.message}"
                yield LoadError(message, located.path, line, column, None, problem.code)


def _open_vote_in(subject: str, value: Any) -> bool:
    """Does a reading's value leave some seat's vote ``unspecified`` (a seat exception's
    ``votes``, at any depth of the value, or the value of a ``votes`` subject itself)?"""
    if ".exceptions." in subject and subject.endswith(".votes") and value == "unspecified":
        return True
    if isinstance(value, dict):
        if "seat" in value and value.get("votes") == "unspecified":  # a seat's exception
            return True
        return any(_open_vote_in("", v) for v in value.values())
    if isinstance(value, list):
        return any(_open_vote_in("", v) for v in value)
    return False


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep the part of a pydantic location that names real nodes of the data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            out.append(part)
            if part not in node:
                break  # a missing or unknown key: its mapping has the position
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        # anything else is a pydantic-internal step (a union member, a validator): skip it
    return tuple(out)


def pydantic_error(located: Located, err: Any, root: type[BaseModel] | None = None) -> LoadError:
    """A pydantic error in plain words, at its node; ``root`` is the model of the whole file
    (default: a trust), for suggesting field names."""
    path = _data_path(located.data, tuple(err["loc"]))
    kind = err["type"]
    where = path_words(path)
    field = str(path[-1]) if path else ""
    value = err.get("input")
    hint = None
    if kind == "extra_forbidden":
        message, hint = _unknown_field(located.data, path, root or Trust)
    elif kind == "missing":
        message = f"missing required field `{field}` in {path_words(path[:-1])}"
    elif kind == "string_pattern_mismatch":
        message = f"`{excerpt(value)}` is not a valid id at {where}"
        odd = _odd_character(str(value))
        if odd:
            message += f": it contains {odd}"
        hint = "ids are lowercase ASCII kebab-case, such as `strategic-board`"
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        message = f"`{excerpt(value)}` is not allowed at {where}; expected {expected}"
    elif kind in {"value_error", "assertion_error"}:
        message = f"{where}: {str(err['msg']).removeprefix('Value error, ')}"
    elif kind == "model_type" and isinstance(value, str | int | float):
        if err.get("ctx", {}).get("class_name") == "Threshold":
            message = f"`{field}` is written as a mapping such as `{{more_than: 1/2}}`, not "
            hint = "`{more_than: 1/2}` is a simple majority; `{at_least: 2/3}` two-thirds"
            hint += "; `{unanimous: true}` all"
        else:
            message = f"`{field}` is a mapping of its own fields, not "
            hint = "`govrules schema` lists its fields"
        message += value_words(value)
    elif kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        written = located.written(path) or str(value)
        message = f"`{where}` must be text, not the number {excerpt(value)}"
        if written != str(value):
            message += f" (YAML reads `{excerpt(written)}` as {excerpt(value)})"
        hint = f'quote it: "{excerpt(written)}"'
    elif kind in _KINDS:
        message, hint = wrong_kind(_KINDS[kind], where, value)
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        message = f"{where}: {err['msg'].lower()}, got `{excerpt(value)}`"
    else:
        message = f"{where}: {err['msg']}"
    line, column = located.position(path)
    return LoadError(message, path=located.path, line=line, column=column, hint=hint, code="GR002")


def _unknown_field(data: Any, path: Path_, root: type[BaseModel]) -> tuple[str, str]:
    """Say which field is unknown, and what was probably meant: a known field spelt nearly
    so, or the rest of a value a comma cut short (``{name: Health, Community Trust}``)."""
    field = str(path[-1]) if path else ""
    where = path_words(path[:-1])
    parent = _node(data, path[:-1])
    known = _fields_at(root, path[:-1])
    close = closest(field, known)
    # A key with no value, not a field nor near one: the rest of a value cut at a comma.
    cut = not _FIELD_NAME.match(field) or close is None
    if isinstance(parent, dict) and parent.get(field) is None and cut:
        keys = list(parent)
        before = keys[keys.index(field) - 1] if field in keys and keys.index(field) > 0 else None
        if isinstance(before, str) and isinstance(parent.get(before), str):
            whole = f"{parent[before]}, {field}"
            return (
                f"`{excerpt(field)}` in {where} is not a field: a comma in `{excerpt(before)}` "
                "ended its value",
                f'quote the value: {before}: "{excerpt(whole)}"',
            )
    hint = f"did you mean `{close}`?" if close else "check the spelling;"
    return (
        f"unknown field `{excerpt(field)}` in {where}",
        f"{hint} `govrules schema` lists every field",
    )


_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def _node(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _fields_at(root: type[BaseModel], path: Path_) -> set[str]:
    """The fields a mapping at ``path`` may hold, following the models' field types."""
    models = {root}
    for part in path:
        if isinstance(part, int):
            continue  # an item of a list: the same models
        found: set[type[BaseModel]] = set()
        for model in models:
            for name, info in model.model_fields.items():
                if part in (name, info.alias):
                    found |= _models_in(info.annotation)
        models = found
    return {info.alias or name for model in models for name, info in model.model_fields.items()}


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return {m for arg in typing.get_args(annotation) for m in _models_in(arg)}


_KINDS = {"int_type": "whole number", "bool_type": "true or false", "date_type": "date"}


def wrong_kind(want: str, field: str, value: Any) -> tuple[str, str]:
    """Say in plain words that ``field`` holds something other than ``want``, and how to write
    it: YAML quotes make text of a number, and `yes`, `on` or a bare 0 are not what they seem."""
    must = "must be true or false" if want == "true or false" else f"must be a {want}"
    message = f"`{field}` {must}, not {value_words(value)}"
    text = value.strip().lower() if isinstance(value, str) else None
    if want == "whole number":
        if text is not None and text.lstrip("-").isdigit():
            return message, f"write {text} without quotes"
        if isinstance(value, bool):
            return message, "write a number such as 1"
        if isinstance(value, float) and value.is_integer():
            return message, f"write {int(value)}, without a decimal point"
        return message, "write digits only, such as 3"
    if want == "true or false":
        if text in {"true", "false"}:
            return message, f"write {text} without quotes"
        if text in {"yes", "no", "on", "off", "y", "n"}:
            return message, f"write true or false; YAML 1.2 reads `{text}` as text"
        return message, "write true or false"
    if isinstance(value, dt.datetime):
        return message, f"write the day only, {value.date().isoformat()}"
    return message, "write the date as YYYY-MM-DD, such as 2010-03-01, without quotes"


def value_words(value: Any) -> str:
    """A value's kind and, shortly, the value: `the text "3"`, `the number 0`."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'the text "{excerpt(value)}"'
    if isinstance(value, int | float):
        return f"the number {excerpt(value)}"
    if isinstance(value, dt.datetime):
        return f"the date and time {excerpt(value.isoformat(sep=' '))}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else f"`{excerpt(value)}`"


def _odd_character(text: str) -> str | None:
    """Name the first character that cannot be in an id, e.g. a look-alike letter."""
    import unicodedata

    for char in text:
        if not ("a" <= char <= "z" or "0" <= char <= "9" or char == "-"):
            if char.isascii() and char.isprintable():
                return f"`{char}`" if char != " " else "a space"
            name = unicodedata.name(char, "an unnamed character")
            return f"U+{ord(char):04X} {name}"
    return None


def _reference_problems(trust: Trust, located: Located) -> Iterator[LoadError]:
    """Every reference the models declare that does not hold, at its node of the file."""
    # Imported here: a trust read from its compiled form was checked when it was compiled
    # (benchmarks/cli.py: the start-up of a first-time question).
    from ..language.resolution import reference_problems

    for problem in reference_problems(trust):
        line, column = located.position(problem.path)
        yield LoadError(problem.message, located.path, line, column, problem.hint, problem.code)
