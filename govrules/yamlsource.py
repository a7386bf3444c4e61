"""Read YAML safely, keeping the line and column of every node.

The result is plain Python data (dicts, lists, scalars) plus a map from each node's path
(a tuple of keys and indexes) to its 1-based position, so that later stages can point any
error at the exact node without ever seeing ruamel types.

A file is untrusted input. Every way it can go wrong — too big, not UTF-8, not text, not
YAML, too deep, an alias bomb, an unknown tag, several documents — ends in one
:class:`~govrules.errors.LoadError` naming the file (and the line and column where there is
one), never in another exception, and always within bounds set by :class:`Limits`:

- Only a regular file is read, never beyond ``max_bytes + 1`` bytes, and it is opened without
  blocking: a huge file, ``/dev/zero`` or a named pipe cannot exhaust memory or hang a reader.
- The parser's event stream is checked as it is produced, *before* the nodes are built: the
  nesting depth, the number of aliases and the number of nodes the document holds once every
  alias is expanded (computed arithmetically from the size of each anchored node, so an alias
  bomb is refused after a few hundred events, without expanding anything), the length of
  every string and key, the tags, anchors, merge keys and the number of documents.
- Building values (a date such as ``2010-02-30``, a 5,000-digit integer, ``!!int abc``) that
  fails is an error at that value's position.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
)
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError

from .errors import LoadError
from .sourcefile import Limits, Located, Path_, _one_line, _too_big, read_bytes

__all__ = ["Limits", "Located", "Path_", "parse_yaml", "read_bytes", "read_yaml"]

_CORE = "tag:yaml.org,2002:"
_STANDARD_TAGS = {
    None,
    f"{_CORE}str",
    f"{_CORE}int",
    f"{_CORE}float",
    f"{_CORE}bool",
    f"{_CORE}null",
    f"{_CORE}map",
    f"{_CORE}seq",
    f"{_CORE}timestamp",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
}
"""The tags govrules accepts: the YAML core schema's, plus timestamps for dates."""


def read_yaml(path: str | Path, limits: Limits | None = None) -> Located:
    """Read and parse a YAML file; every failure is a :class:`LoadError` naming the file.

    :raises LoadError: see :func:`read_bytes` and :func:`parse_yaml`.
    """
    return parse_yaml(read_bytes(path, limits), str(path), limits)


# --------------------------------------------------------------------------- parsing


def parse_yaml(raw: bytes | str, name: str, limits: Limits | None = None) -> Located:
    """Parse YAML text (bytes must be UTF-8; a leading BOM is allowed) into :class:`Located`.

    Exactly one document is read. Standard tags only; no merge keys; aliases, depth, size,
    strings and keys within ``limits`` (see :class:`Limits`).

    :raises LoadError: the text breaks a limit or is not YAML govrules reads; it carries the
        line and column of the offending node wherever there is one.
    """
    limits = limits or Limits()
    text = _decode(raw, name, limits)
    guard = _Guard(name, limits)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Parser = _GuardedParser
    yaml.Constructor = _CheckedConstructor
    yaml.parser.guard = guard
    try:
        document = yaml.load(text)
    except LoadError:
        raise
    except ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None
    except RecursionError:
        raise LoadError(
            "the YAML is nested too deeply", path=name, line=guard.line, column=guard.column
        ) from None
    except Exception as exc:  # a parser failure on input nobody foresaw: still one line
        kind = "YAML error" if isinstance(exc, YAMLError) else f"YAML error ({type(exc).__name__})"
        raise LoadError(
            f"{kind}: {_one_line(str(exc)) or 'invalid YAML'}",
            path=name,
            line=guard.line,
            column=guard.column,
        ) from None
    if document is None:
        raise LoadError("file is empty", path=name)
    located = Located(data=None, path=name)
    if guard.root is not None:
        located.positions[()] = guard.root
    located.data = _plain(document, (), located, limits, [0], depth=0)
    return located


def _decode(raw: bytes | str, name: str, limits: Limits) -> str:
    if isinstance(raw, str):
        size = len(raw) if len(raw) > limits.max_bytes else len(raw.encode("utf-8", "replace"))
        if size > limits.max_bytes:
            raise _too_big(size, name, limits)
        return raw.removeprefix("\ufeff")
    if len(raw) > limits.max_bytes:
        raise _too_big(len(raw), name, limits)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(
            "file is UTF-16 text; govrules reads UTF-8", path=name, hint="save it as UTF-8"
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(raw, nul)
        raise LoadError(
            "file contains NUL bytes; it is not a text file",
            path=name,
            line=line,
            column=column,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise LoadError(
            f"file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})",
            path=name,
            line=line,
            column=column,
            hint="save it as UTF-8",
        ) from None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    start = raw.rfind(b"\n", 0, offset) + 1
    if raw.startswith(b"\xef\xbb\xbf") and start == 0:
        start = 3
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _short(text: str, limit: int = 40) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        surrogate = unicodedata.category(ch) == "Cs"
        name = "(half of a UTF-16 surrogate pair)" if surrogate else "(a control character)"
    return f"U+{ord(ch):04X} {name}"


def _reader_error(exc: ReaderError, text: str, name: str) -> LoadError:
    position = exc.position if isinstance(exc.position, int) else 0
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = exc.character
    what = _char_name(chr(char)) if isinstance(char, int) else "a character"
    return LoadError(
        f"file contains {what}, which YAML does not allow",
        path=name,
        line=line,
        column=column,
        hint="remove it, or save the file as plain text",
    )


def _syntax_error(exc: MarkedYAMLError, name: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    problem = _one_line(str(exc.problem or exc.context or "invalid YAML"))
    hint = None
    if exc.problem and "found duplicate key" in exc.problem:
        message = _duplicate_key_message(exc)
    elif isinstance(exc, _ValueError):
        message = problem
    else:
        message = f"YAML syntax error: {problem}"
        if "'\\t'" in problem:
            hint = "indent with spaces; YAML does not allow tabs for indentation"
    return LoadError(
        message,
        path=name,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )


def _duplicate_key_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    # ruamel says: found duplicate key "x" with value "y" (original value: "z")
    key = problem.split('"')[1] if problem.count('"') >= 2 else "?"
    return f"duplicate key `{_short(key)}` (each key may appear once in a mapping)"


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _tag_words(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


# --------------------------------------------------------------------------- the guard


@dataclass
class _Frame:
    """An open mapping or list in the event stream."""

    mapping: bool
    anchor: str | None
    size: int = 1
    """Nodes in it so far, aliases expanded (itself included)."""
    height: int = 1
    """Levels of nesting in it so far, aliases expanded (itself included)."""
    key_next: bool = True
    """For a mapping: its next child is a key."""


class _Guard:
    """Checks each parser event once, as it is produced, against the limits.

    Work and memory are O(1) per event, and the parser produces events one at a time, so a
    file that breaks a limit is refused at the event that breaks it: the rest of the file is
    never parsed and no node is ever built for an expanded alias.
    """

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[int, int]] = {}
        """Closed anchors: expanded size and height of the node each one names."""
        self.open: set[str] = set()
        self.aliases = 0
        self.nodes = 0
        self.documents = 0
        self.root: tuple[int, int] | None = None
        self.line: int | None = None
        self.column: int | None = None
        self.last: object = None

    def see(self, event: object) -> None:
        if event is None or event is self.last:
            return
        self.last = event
        mark = getattr(event, "start_mark", None)
        if mark is not None:
            self.line, self.column = mark.line + 1, mark.column + 1
        if isinstance(event, DocumentStartEvent):
            self._document(event)
        elif isinstance(event, AliasEvent):
            self._alias(event)
        elif isinstance(event, ScalarEvent):
            self._scalar(event)
        elif isinstance(event, CollectionStartEvent):
            self._start(event)
        elif isinstance(event, CollectionEndEvent):
            self._end()

    def fail(self, message: str, hint: str | None = None) -> LoadError:
        return LoadError(message, path=self.name, line=self.line, column=self.column, hint=hint)

    def _document(self, event: DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(
                "file holds 2 YAML documents or more; govrules reads exactly one",
                hint="remove the extra `---` separators",
            )
        version = event.version
        if version is not None and tuple(version) != (1, 2):
            words = ".".join(str(v) for v in version)
            raise self.fail(
                f"`%YAML {words}` is not supported; govrules reads YAML 1.2",
                hint="remove the `%YAML` line",
            )

    def _is_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].mapping and self.stack[-1].key_next

    def _done(self, size: int, height: int) -> None:
        """A child node of ``size`` nodes and ``height`` levels is complete."""
        if not self.stack:
            return
        parent = self.stack[-1]
        parent.size += size
        parent.height = max(parent.height, height + 1)
        if parent.mapping:
            parent.key_next = not parent.key_next

    def _count(self, size: int) -> None:
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            aliased = " once its aliases are expanded" if self.aliases else ""
            raise self.fail(f"the YAML holds more than {self.limits.max_nodes} nodes{aliased}")

    def _anchor(self, anchor: Any) -> str | None:
        if anchor is None:
            return None
        label = str(anchor)
        if label in self.anchors or label in self.open:
            raise self.fail(f"the anchor `&{_short(label)}` is defined twice")
        return label

    def _tag(self, event: Any) -> None:
        tag = event.tag
        if tag not in _STANDARD_TAGS:
            raise self.fail(
                f"the YAML tag `{_short(_tag_words(str(tag)), 80)}` is not allowed",
                hint="govrules reads plain data only; remove the tag",
            )

    def _alias(self, event: AliasEvent) -> None:
        label = str(event.anchor)
        if self._is_key():
            raise self.fail("a mapping key must be written out, not an alias")
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self.fail(
                f"file uses more than {self.limits.max_aliases} YAML aliases",
                hint="write the values out; MoU files do not need aliases",
            )
        if label in self.open:
            raise self.fail(
                f"the alias `*{_short(label)}` is inside the node it names (a loop)",
            )
        if label not in self.anchors:
            raise self.fail(f"the alias `*{_short(label)}` names no anchor defined before it")
        size, height = self.anchors[label]
        if len(self.stack) + height > self.limits.max_depth:
            raise self.fail(
                f"nesting is deeper than {self.limits.max_depth} levels once the alias "
                f"`*{_short(label)}` is expanded"
            )
        self._count(size)
        self._done(size, height)

    def _scalar(self, event: ScalarEvent) -> None:
        self._tag(event)
        value = event.value
        if self._is_key():
            if len(value) > self.limits.max_key:
                raise self.fail(f"a mapping key is longer than {self.limits.max_key} characters")
            if value == "<<" and event.style is None and event.tag is None:
                raise self.fail(
                    "merge keys (`<<`) are not supported",
                    hint="write the keys out in full",
                )
        elif len(value) > self.limits.max_string:
            raise self.fail(f"text is longer than {self.limits.max_string} characters")
        if not value.isascii() and (bad := _SURROGATE.search(value)) is not None:
            raise self.fail(
                f"text contains U+{ord(bad.group()):04X}, half of a UTF-16 surrogate pair, "
                "which is not a character",
                hint="write the character itself, or a \\U escape of its code point",
            )
        anchor = self._anchor(event.anchor)
        if self.root is None and not self.stack:
            self.root = (self.line or 1, self.column or 1)
        self._count(1)
        if anchor is not None:
            self.anchors[anchor] = (1, 0)
        self._done(1, 0)

    def _start(self, event: CollectionStartEvent) -> None:
        self._tag(event)
        if self._is_key():
            raise self.fail("a mapping key must be text, not a list or a mapping")
        if len(self.stack) + 1 > self.limits.max_depth:
            raise self.fail(f"nesting is deeper than {self.limits.max_depth} levels")
        anchor = self._anchor(event.anchor)
        if self.root is None and not self.stack:
            self.root = (self.line or 1, self.column or 1)
        self._count(1)
        if anchor is not None:
            self.open.add(anchor)
        self.stack.append(_Frame(isinstance(event, MappingStartEvent), anchor))

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.size, frame.height)
        self._done(frame.size, frame.height)


class _GuardedParser(RoundTripParser):
    """ruamel's parser, showing every event to a :class:`_Guard` the moment it exists.

    The composer asks for events with ``check_event``, ``peek_event`` and ``get_event``;
    each may be the first to produce a given event, so each shows it to the guard (which
    ignores an event it has already seen).
    """

    guard: _Guard | None = None

    def _show(self, event: object) -> None:
        if self.guard is not None:
            self.guard.see(event)

    def check_event(self, *choices: Any) -> bool:
        self._show(super().peek_event())
        return bool(super().check_event(*choices))

    def peek_event(self) -> Any:
        event = super().peek_event()
        self._show(event)
        return event

    def get_event(self) -> Any:
        event = super().get_event()
        self._show(event)
        return event


class _CheckedConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor; a value that cannot be built is a located error."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (LoadError, MarkedYAMLError, RecursionError):
            raise
        except Exception as exc:
            value = node.value if isinstance(node.value, str) else ""
            tag = str(node.tag).removeprefix(_CORE)
            kind = _KINDS.get(tag, f"`{_short(_tag_words(str(node.tag)))}` value")
            message = f"cannot read `{_short(value)}`: it is not a valid {kind}"
            if "digits" in str(exc):
                message += " (it has too many digits)"
            elif tag == "timestamp" and isinstance(exc, ValueError):
                message += f" ({_one_line(str(exc))})"
            raise _ValueError(None, None, message, node.start_mark) from None


class _ValueError(ConstructorError):
    """A scalar that cannot be built as its tag says (the problem is in govrules' words)."""


_KINDS = {
    "int": "whole number",
    "float": "number",
    "bool": "true/false value",
    "null": "null value",
    "timestamp": "date",
    "str": "text",
    "map": "mapping",
    "seq": "list",
}


# --------------------------------------------------------------------------- plain data


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
    # The guard has already bounded nodes and depth; these checks are a second fence.
    counter[0] += 1
    if counter[0] > limits.max_nodes:
        raise located.error(path, f"the YAML holds more than {limits.max_nodes} nodes")
    if depth > limits.max_depth:
        raise located.error(path, f"nesting is deeper than {limits.max_depth} levels")
    tag = _node_tag(node)
    if isinstance(node, TaggedScalar) or (tag is not None and tag not in _STANDARD_TAGS):
        raise located.error(
            path,
            f"the YAML tag `{_short(_tag_words(str(tag)), 80)}` is not allowed",
            hint="govrules reads plain data only; remove the tag",
        )
    if isinstance(node, CommentedMap):
        if getattr(node, "merge", None):
            raise located.error(path, "merge keys (`<<`) are not supported")
        out: dict[str, Any] = {}
        for key in node:
            line, col = node.lc.key(key)
            here = (line + 1, col + 1)
            if not isinstance(key, str | int) or isinstance(key, bool):
                what = "empty" if key is None else f"`{_short(str(key))}`"
                raise LoadError(
                    f"a mapping key must be text, but this one is {what}",
                    path=located.path,
                    line=here[0],
                    column=here[1],
                )
            skey = str(key)
            if skey in out:
                raise LoadError(
                    f"duplicate key `{_short(skey)}` (each key may appear once in a mapping)",
                    path=located.path,
                    line=here[0],
                    column=here[1],
                )
            located.positions[(*path, skey)] = here
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
