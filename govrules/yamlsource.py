"""Read YAML safely, keeping the line and column of every node.

The result is plain Python data (dicts, lists, scalars) plus a map from each node's path
(a tuple of keys and indexes) to its 1-based position, so that later stages can point any
error at the exact node without ever seeing ruamel types.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import LoadError

__all__ = ["Limits", "Located", "Path_", "parse_yaml", "read_yaml"]

Path_ = tuple[str | int, ...]

_STANDARD_TAGS = {
    None,
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
}


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or mistaken file from exhausting time or memory."""

    max_bytes: int = 5_000_000
    max_depth: int = 64
    max_aliases: int = 100
    max_nodes: int = 2_000_000
    max_string: int = 100_000


@dataclass
class Located:
    """YAML data with the position of each node, keyed by path."""

    data: Any
    path: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Path_) -> tuple[int | None, int | None]:
        """The position of ``loc``, or of its nearest ancestor that has one."""
        probe = tuple(loc)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def error(self, loc: Path_, message: str, hint: str | None = None) -> LoadError:
        line, column = self.position(loc)
        return LoadError(message, path=self.path, line=line, column=column, hint=hint)


def read_yaml(path: str | Path, limits: Limits | None = None) -> Located:
    """Read and parse a YAML file; every failure is a :class:`LoadError` naming the file."""
    limits = limits or Limits()
    name = str(path)
    p = Path(path)
    if p.is_dir():
        raise LoadError("is a directory, not a YAML file", path=name)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise LoadError("no such file", path=name) from None
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}", path=name) from None
    return parse_yaml(raw, name, limits)


def parse_yaml(raw: bytes | str, name: str, limits: Limits | None = None) -> Located:
    """Parse YAML text (bytes must be UTF-8) into :class:`Located` data."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        raise LoadError(
            f"file is {len(raw)} bytes, more than the limit of {limits.max_bytes}", path=name
        )
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise LoadError("file contains NUL bytes; it is not a text file", path=name)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise LoadError(
                "file is not valid UTF-8 text",
                path=name,
                line=line,
                hint="save it as UTF-8",
            ) from None
    else:
        text = raw.lstrip("\ufeff")
    _check_aliases(text, name, limits)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        docs = list(yaml.load_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = "YAML syntax error: " + (exc.problem or exc.context or "invalid YAML").strip()
        if "found duplicate key" in str(exc):
            problem = _duplicate_key_message(exc)
        raise LoadError(
            problem,
            path=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except YAMLError as exc:
        raise LoadError(f"YAML error: {exc}", path=name) from None
    except RecursionError:
        raise LoadError("the YAML is nested too deeply", path=name) from None
    if len(docs) > 1:
        raise LoadError(
            f"file holds {len(docs)} YAML documents; govrules reads exactly one",
            path=name,
            hint="remove the extra `---` separators",
        )
    if not docs or docs[0] is None:
        raise LoadError("file is empty", path=name)
    located = Located(data=None, path=name)
    counter = [0]
    located.data = _plain(docs[0], (), located, limits, counter, depth=0)
    return located


def _duplicate_key_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    # ruamel says: found duplicate key "x" with value "y" (original value: "z")
    if problem.startswith("found duplicate key"):
        key = problem.split('"')[1] if '"' in problem else "?"
        return f"duplicate key `{key}` (each key may appear once in a mapping)"
    return problem


def _check_aliases(text: str, name: str, limits: Limits) -> None:
    # Counting `*name` tokens before parsing refuses alias bombs without expanding them.
    import re

    aliases = len(re.findall(r"(?:^|[\s,\[{:-])\*[^\s,\]}]+", text))
    if aliases > limits.max_aliases:
        raise LoadError(
            f"file uses {aliases} YAML aliases, more than the limit of {limits.max_aliases}",
            path=name,
            hint="write the values out; MoU files do not need aliases",
        )


def _node_tag(node: object) -> str | None:
    tag = getattr(node, "tag", None)
    if tag is None:
        return None
    value = getattr(tag, "value", tag)
    return value if isinstance(value, str) else None


def _plain(
    node: Any,
    path: Path_,
    located: Located,
    limits: Limits,
    counter: list[int],
    depth: int,
) -> Any:
    counter[0] += 1
    if counter[0] > limits.max_nodes:
        raise located.error(path, f"file has more than {limits.max_nodes} YAML nodes")
    if depth > limits.max_depth:
        raise located.error(path, f"nesting is deeper than {limits.max_depth} levels")
    tag = _node_tag(node)
    if isinstance(node, TaggedScalar) or (tag is not None and tag not in _STANDARD_TAGS):
        raise located.error(
            path,
            f"the YAML tag `{tag}` is not allowed",
            hint="govrules reads plain data only; remove the tag",
        )
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key in node:
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise located.error(path, f"mapping key `{key}` must be text")
            skey = str(key)
            line, col = node.lc.key(key)
            located.positions[(*path, skey)] = (line + 1, col + 1)
            out[skey] = _plain(node[key], (*path, skey), located, limits, counter, depth + 1)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            located.positions[(*path, i)] = (line + 1, col + 1)
            items.append(_plain(item, (*path, i), located, limits, counter, depth + 1))
        return items
    if isinstance(node, str):
        if len(node) > limits.max_string:
            raise located.error(path, f"text is longer than {limits.max_string} characters")
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)  # drop ruamel's ScalarInt subclass
    if isinstance(node, float):
        return float(node)
    if isinstance(node, _dt.datetime | _dt.date):
        return node
    if isinstance(node, Mapping):
        return {str(k): v for k, v in node.items()}
    raise located.error(path, f"unsupported YAML value of type {type(node).__name__}")
