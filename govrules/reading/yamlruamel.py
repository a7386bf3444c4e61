"""Reading YAML with ruamel.yaml's pure-Python round-trip parser: the reference reader.

:func:`parse_ruamel` is what govrules has always read YAML with, and it decides every file the
fast reader (:mod:`govrules.reading.yamlfast`) leaves undecided: all refusals, with their exact
messages and positions, and YAML the two parsers might read differently. The YAML is 1.2, as
ruamel.yaml reads it (``yes`` and ``on`` are text, ``0o17`` is octal).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
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
from .sourcefile import Limits, Located, Path_, squeeze
from .yamlguard import CORE, STANDARD_TAGS, Guard, char_name, short, tag_words
from .yamlscan import Scanner

__all__ = ["new_yaml", "parse_ruamel", "plain_scalar"]


def new_yaml() -> YAML:
    """A ruamel.yaml reader as govrules configures it (a new one for every parse)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Scanner = Scanner  # linear on long runs of comments
    yaml.Parser = _GuardedParser
    yaml.Constructor = _CheckedConstructor
    return yaml


def parse_ruamel(text: str, name: str, limits: Limits) -> Located:
    """Parse decoded YAML text into :class:`Located` (see
    :func:`govrules.reading.yamlsource.parse_yaml`).

    :raises LoadError: the text breaks a limit or is not YAML govrules reads.
    """
    guard = Guard(name, limits)
    yaml = new_yaml()
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
            f"{kind}: {short(str(exc), 100) or 'invalid YAML'}",
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


# --------------------------------------------------------------------------- errors


def _reader_error(exc: ReaderError, text: str, name: str) -> LoadError:
    position = exc.position if isinstance(exc.position, int) else 0
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = exc.character
    what = char_name(chr(char)) if isinstance(char, int) else "a character"
    return LoadError(
        f"file contains {what}, which YAML does not allow",
        path=name,
        line=line,
        column=column,
        hint="remove it, or save the file as plain text",
    )


_MISALIGNED = (
    "mapping values are not allowed here",
    "expected <block end>, but found '<block",
    "expected <block end>, but found '?'",
    "expected <block end>, but found '-'",
    "did not find expected key",
    "did not find expected '-' indicator",
)
"""The parser's words for a line indented out of step with its neighbours."""


def _misaligned(problem: str) -> tuple[str, str]:
    if problem.startswith("mapping values"):
        return (
            "YAML syntax error: a `key: value` where none can start: this line is indented "
            "further than the keys it belongs with, or a value holds `: `",
            "line the key up with the keys above it, or quote the value",
        )
    return (
        "YAML syntax error: this line's indentation does not line up with the lines above it",
        "indent every key of one mapping, and every `- ` of one list, by the same number of spaces",
    )


def _syntax_error(exc: MarkedYAMLError, name: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    problem = squeeze(str(exc.problem or exc.context or "invalid YAML"))
    hint = None
    if exc.problem and "found duplicate key" in exc.problem:
        message = _duplicate_key_message(exc)
    elif isinstance(exc, _ValueError):
        message = problem
    elif problem.startswith(_MISALIGNED) and "'\\t'" not in problem:
        message, hint = _misaligned(problem)
    else:
        message = f"YAML syntax error: {short(problem, 80)}"  # the parser quotes some tokens
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
    return f"duplicate key `{short(key)}` (each key may appear once in a mapping)"


# --------------------------------------------------------------------------- the guard


class _GuardedParser(RoundTripParser):
    """ruamel's parser, showing every event to a :class:`Guard` the moment it exists.

    The composer asks for events with ``check_event``, ``peek_event`` and ``get_event``;
    each may be the first to produce a given event, so each shows it to the guard (which
    must see an event once only).
    """

    guard: Guard | None = None
    _last: object = None

    def _show(self, event: object) -> None:
        guard = self.guard
        if guard is None or event is None or event is self._last:
            return
        self._last = event
        mark = getattr(event, "start_mark", None)
        if mark is not None:
            guard.at(mark.line, mark.column)
        if isinstance(event, DocumentStartEvent):
            guard.document(event.version)
        elif isinstance(event, AliasEvent):
            guard.alias(event.anchor)
        elif isinstance(event, ScalarEvent):
            guard.scalar(event.value, event.tag, event.anchor, plain=event.style is None)
        elif isinstance(event, CollectionStartEvent):
            guard.start(isinstance(event, MappingStartEvent), event.tag, event.anchor)
        elif isinstance(event, CollectionEndEvent):
            guard.end()

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
            tag = str(node.tag).removeprefix(CORE)
            kind = _KINDS.get(tag, f"`{short(tag_words(str(node.tag)))}` value")
            message = f"cannot read `{short(value)}`: it is not a valid {kind}"
            if "digits" in str(exc):
                message += " (it has too many digits)"
            elif tag == "timestamp" and isinstance(exc, ValueError):
                message += f" ({squeeze(str(exc))})"
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
    if isinstance(node, TaggedScalar) or (tag is not None and tag not in STANDARD_TAGS):
        raise located.error(
            path,
            f"the YAML tag `{short(tag_words(str(tag)), 80)}` is not allowed",
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
                what = "empty" if key is None else f"`{short(str(key))}`"
                raise LoadError(
                    f"a mapping key must be text, but this one is {what}",
                    path=located.path,
                    line=here[0],
                    column=here[1],
                )
            skey = str(key)
            if skey in out:
                raise LoadError(
                    f"duplicate key `{short(skey)}` (each key may appear once in a mapping)",
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
    if isinstance(node, Mapping):
        return {str(k): v for k, v in node.items()}
    return plain_scalar(node, path, located, limits)


def plain_scalar(node: object, path: Path_, located: Located, limits: Limits) -> Any:
    """A scalar ruamel built, as plain Python: ``str``, ``bool``, ``None``, ``int``,
    ``float`` or a date (ruamel's subclasses that remember formatting are dropped).

    :raises LoadError: at ``path``, for text over ``max_string`` or any other type.
    """
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
    raise located.error(path, f"unsupported YAML value of type {type(node).__name__}")
