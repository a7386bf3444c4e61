"""Reading YAML with libyaml (PyYAML's C parser): the fast reader, for files it can decide.

ruamel.yaml's pure-Python parser (:mod:`govrules.reading.yamlruamel`) is the reference; libyaml
reads
the same files fifteen to twenty times faster, but it reads YAML 1.1, and the two differ at
the edges. So :func:`parse_fast` gives a result only when it is sure the reference would give
the same one, and otherwise raises :class:`Undecided` (the caller then asks the reference):

- Events come from libyaml one at a time and go through the same :class:`Guard` as the
  reference's, so every limit holds here too and is checked before anything is built. Any
  refusal at all — a limit, a libyaml syntax error — is left undecided: the reference then
  refuses the file in its own words, at its own position (refusals are rare; their speed
  does not matter, and the reference's time is bounded by the same limits).
- Scalars are resolved with the reference's own YAML 1.2 rules: the implicit-resolver table of
  ruamel.yaml's ``VersionedResolver``, and ruamel.yaml's round-trip constructor for every
  plain scalar that is not text (numbers, booleans, nulls, dates). So ``yes`` and ``on`` stay
  text and ``0o17`` is 15, exactly as before.
- Where YAML 1.1 and 1.2, or the two parsers, could read the same text differently, the file
  is left undecided (most of these cases were found by comparing the two parsers on generated
  text; the others are precautions):

  - a tab anywhere (ruamel.yaml refuses ``a:<TAB>b``, libyaml reads it), the line breaks of
    YAML 1.1 only (U+0085, U+2028, U+2029), a byte-order mark inside the text;
  - ``:`` not followed by a space, or ``?``, inside a flow collection (ruamel.yaml reads
    ``[a:, b]``, refuses ``['a':b]``; libyaml the reverse);
  - an anchor or alias name followed by a character YAML 1.2 lets into names (``&a:b``);
  - a block scalar whose header is followed by anything but a space or a line break
    (``|#c``), whose first line is blank, or that is the whole document;
  - a document end marker (``...``: ruamel.yaml reads a second one as a second document);
  - any tag or ``%TAG`` directive, a plain scalar that resolves to anything but text, a
    number, a boolean, a null or a date (``=``, ``<<``), or that cannot be built
    (``2010-02-30``);
  - an empty list item (the parsers place empty scalars differently, and a list item's
    position is recorded), a key that is not text or is repeated;
  - nesting deep enough for the reference's recursion to be the limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.nodes import ScalarNode

from .errors import LoadError
from .sourcefile import Limits, Located, Path_
from .yamlguard import CORE, Guard
from .yamlruamel import new_yaml, plain_scalar

try:  # PyYAML's C extension; without it there is no fast reader and the reference reads all
    from yaml import YAMLError as LibyamlError
    from yaml._yaml import CParser
    from yaml.events import (
        AliasEvent,
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )
except ImportError:  # pragma: no cover - the wheels on PyPI bundle libyaml
    AVAILABLE = False
else:
    AVAILABLE = True
"""libyaml can be used (PyYAML is installed with its C extension)."""

__all__ = ["AVAILABLE", "Undecided", "parse_fast"]


class Undecided(Exception):
    """The fast reader cannot be sure of the reference's answer; ask the reference."""


_RISKY_CHARACTERS = re.compile("[\t\x85\u2028\u2029\ufeff]")
"""Characters the parsers treat differently: a tab (YAML 1.2 allows it in more places than
libyaml, ruamel.yaml in fewer), the line breaks of YAML 1.1 only, and a byte-order mark
inside the text."""

_FLOW_RISK = re.compile(r":[^ \r\n]|\?")
"""Inside a flow collection, ``:`` not followed by a space or line break, and ``?``: YAML 1.2
(ruamel.yaml) reads ``[a:b]``, ``[a:, b]`` or ``{"a":1}`` differently from libyaml. A match in
a quoted string (``{at: '10:30'}``) is harmless, but telling it apart would need the scanner;
such a file is simply read by the reference."""

_NAME_ENDS = frozenset(" \r\n,]}")
"""What may follow an anchor or alias name for both parsers to end the name there: libyaml
names are ASCII letters, digits, ``-`` and ``_``, while YAML 1.2 names run on through ``:``,
``?``, ``%``, ``@`` and backquotes."""

_BLOCK_STYLES = frozenset("|>")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""Half of a UTF-16 surrogate pair, which the guard refuses in text (as its own pattern)."""
_HEADER_INDICATORS = frozenset("+-0123456789")
_HEADER_ENDS = frozenset({" ", "\r", "\n", ""})
_LINE_END = re.compile(r"\r\n?|\n")
_BLANK_LINE = re.compile(r" *(?:\r|\n|\Z)")

_DEEPEST = 100
"""Nesting (aliases expanded) beyond which the reference's own recursion may give up with
"nested too deeply" before a raised ``max_depth`` does; left to it (the default limit is 64)."""

_VALUE_TAGS = frozenset(f"{CORE}{kind}" for kind in ("null", "bool", "int", "float", "timestamp"))
"""Implicit tags of plain scalars that ruamel.yaml builds to plain values; any other (``=`` is
``!!value``, ``<<`` is ``!!merge``) is left to the reference, which refuses it."""

_STR = f"{CORE}str"


def parse_fast(text: str, name: str, limits: Limits) -> Located:
    """Parse decoded YAML text as :func:`govrules.reading.yamlruamel.parse_ruamel` would.

    :raises Undecided: libyaml is missing, the text is refused (by a limit or as YAML), or the
        two parsers might read it differently. The message says which.
    """
    if not AVAILABLE:
        raise Undecided("libyaml is not available")
    risky = _RISKY_CHARACTERS.search(text)
    if risky is not None:
        raise Undecided(f"the text contains U+{ord(risky.group()):04X}")
    try:
        located = _read_common(text, name, limits)
        if located is not None:
            return located
        return _Reader(text, name, limits).read()
    except LoadError as exc:
        raise Undecided(f"refused: {exc}") from None
    except LibyamlError as exc:
        raise Undecided(f"libyaml refuses it: {' '.join(str(exc).split())}") from None


# --------------------------------------------------------------------------- scalars


class _Scalars:
    """Plain scalars, resolved and built by ruamel.yaml's own YAML 1.2 rules."""

    def __init__(self) -> None:
        yaml = new_yaml()
        self.resolver: Any = yaml.resolver
        self.constructor: Any = yaml.constructor
        if self.resolver.processing_version != (1, 2):  # pragma: no cover - ruamel's default
            raise Undecided("ruamel.yaml does not default to YAML 1.2")
        self.table: dict[Any, list[tuple[str, Any]]] = self.resolver.versioned_resolver
        # ruamel's resolve() looks up the first character, then the `None` entry, then path
        # resolvers; with neither of the last two, a scalar whose first character has no entry
        # is text, and the loop in `tag` below is the whole of resolve().
        self.simple = None not in self.table and not self.resolver.yaml_path_resolvers

    def tag(self, value: str) -> str:
        """The tag ruamel.yaml resolves a plain scalar to."""
        if not self.simple:  # pragma: no cover - only if someone registers resolvers
            resolved = self.resolver.resolve(ScalarNode, value, (True, False))
            return str(resolved.suffix)
        for tag, regexp in self.table.get(value[:1], ()):
            if regexp.match(value):
                return tag
        return _STR

    def build(self, value: str, anchor: str | None) -> Any:
        """A plain scalar as ruamel.yaml's round-trip constructor builds it."""
        if value and value[0] not in self.table and self.simple:
            return value
        tag = self.tag(value)
        if tag == _STR:
            return value
        if tag not in _VALUE_TAGS:
            raise Undecided(f"`{value}` resolves to {tag}")
        node = ScalarNode(tag, value, None, None, style=None, anchor=anchor)
        try:
            return self.constructor.construct_non_recursive_object(node)
        except Exception as exc:  # the reference says what is wrong with it, and where
            raise Undecided(f"`{value}` cannot be built: {exc}") from None


# --------------------------------------------------------------------------- the common case

# One open mapping or list in :func:`_read_common`: a list rather than a class, for speed.
_CONTAINER, _PATH, _IS_MAP, _KEY, _FLOW = range(5)


def _read_common(text: str, name: str, limits: Limits) -> Located | None:
    """The file read in one tight loop, if it holds only what real MoUs hold; else ``None``.

    A file with no tag, anchor, alias, directive or document end marker, within every limit,
    is read here with the checks of :class:`Guard` done inline (a count, a depth, lengths):
    the same data and positions as :meth:`_Reader.read`, at about a third of its cost per
    event (``benchmarks/scaling.py``: the 100,000-seat file's 800,000 events). At the first
    event out of the ordinary, or anything refused, it gives up and :class:`_Reader` reads the
    file from the start, with the guard's own checks and words.
    """
    reader = _Reader(text, name, limits)
    try:
        return _common_events(reader)
    except (Undecided, LoadError, LibyamlError):
        return None


def _common_events(reader: _Reader) -> Located | None:
    limits = reader.limits
    max_nodes, max_depth, max_string, max_key = (
        limits.max_nodes,
        limits.max_depth,
        limits.max_string,
        limits.max_key,
    )
    scalars = reader.scalars
    table, build = scalars.table, scalars.build
    quick = scalars.simple  # a plain scalar whose first character has no entry is text
    positions = reader.positions
    flow_spans = reader.flow_spans
    stack: list[list[Any]] = []
    root: list[Any] = reader.root
    nodes = documents = deepest = flow_depth = flow_start = 0
    get_event = CParser(reader.text).get_event
    while True:
        event: Any = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None or event.anchor is not None:
                return None
            value: str = event.value
            style = event.style
            nodes += 1
            if nodes > max_nodes or (not value.isascii() and _SURROGATE.search(value)):
                return None
            mark = event.start_mark
            if style in _BLOCK_STYLES:
                if not stack:
                    return None
                reader._check_block_header(mark.index, None)
            here = (mark.line + 1, mark.column + 1)
            if style:
                built: Any = value
            elif value and quick and value[0] not in table:
                built = value
            else:
                built = build(value, None)
            if not stack:
                if len(value) > max_string:
                    return None
                root.append(built if type(built) is str else reader._plain(built))
                positions[()] = here
                continue
            top = stack[-1]
            container = top[_CONTAINER]
            if top[_IS_MAP]:
                key = top[_KEY]
                if key is None:
                    if len(value) > max_key or (not style and value == "<<"):
                        return None
                    if type(built) is not str:
                        if not isinstance(built, int) or isinstance(built, bool):
                            return None
                        built = str(built)
                    if built in container:
                        return None
                    positions[(*top[_PATH], built)] = here
                    top[_KEY] = built
                    continue
                if len(value) > max_string:
                    return None
                container[key] = built if type(built) is str else reader._plain(built)
                top[_KEY] = None
            else:
                if len(value) > max_string or (not style and not value):
                    return None
                positions[(*top[_PATH], len(container))] = here
                container.append(built if type(built) is str else reader._plain(built))
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None or event.anchor is not None:
                return None
            nodes += 1
            if nodes > max_nodes or len(stack) >= max_depth:
                return None
            mark = event.start_mark
            here = (mark.line + 1, mark.column + 1)
            mapping = kind is MappingStartEvent
            opened: dict[str, Any] | list[Any] = {} if mapping else []
            path: Path_
            if not stack:
                root.append(opened)
                positions[()] = here
                path = ()
            else:
                top = stack[-1]
                container = top[_CONTAINER]
                if top[_IS_MAP]:
                    key = top[_KEY]
                    if key is None:  # a mapping or list as a key
                        return None
                    container[key] = opened
                    top[_KEY] = None
                    path = (*top[_PATH], key)
                else:
                    path = (*top[_PATH], len(container))
                    positions[path] = here
                    container.append(opened)
            flow = bool(event.flow_style)
            if flow:
                if flow_depth == 0:
                    flow_start = mark.index
                flow_depth += 1
            stack.append([opened, path, mapping, None, flow])
            if len(stack) > deepest:
                deepest = len(stack)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            if stack.pop()[_FLOW]:
                flow_depth -= 1
                if flow_depth == 0:
                    flow_spans.append((flow_start, event.end_mark.index))
        elif kind is DocumentStartEvent:
            documents += 1
            if event.tags or documents > 1:
                return None
            if event.version is not None and tuple(event.version) != (1, 2):
                return None
        elif kind is DocumentEndEvent:
            if event.explicit:
                return None
        elif kind is StreamEndEvent:
            break
        elif kind is AliasEvent:
            return None
    reader.deepest = deepest
    return reader._finish()


# --------------------------------------------------------------------------- building


Position = tuple[int, int]


@dataclass
class _Open:
    """A mapping or list being built."""

    container: dict[str, Any] | list[Any]
    path: Path_
    position: Position
    """Where it starts."""
    anchor: str | None = None
    flow: bool = False
    key: str | None = None
    """For a mapping: the key whose value comes next (``None``: a key comes next)."""


@dataclass(frozen=True)
class _Anchored:
    """What an anchor names: its plain value, and for a mapping or list, where it is."""

    data: Any
    path: Path_
    position: Position
    """Where it starts: where the reference places an alias of it in a list (its composer
    hands the named node itself to the list)."""


@dataclass(frozen=True)
class _Alias:
    """An alias of a mapping or list, expanded only once the whole file has been guarded.

    Expanding as the events come would build up to ``max_nodes`` nodes of a file the guard
    refuses a few events later (an alias bomb); the reference builds nothing before the end
    either.
    """

    target: _Anchored


@dataclass
class _Reader:
    """One pass over libyaml's events: guard each, then build plain data and positions."""

    text: str
    name: str
    limits: Limits
    guard: Guard = field(init=False)
    scalars: _Scalars = field(init=False)
    positions: dict[Path_, Position] = field(default_factory=dict)
    stack: list[_Open] = field(default_factory=list)
    anchors: dict[str, _Anchored] = field(default_factory=dict)
    aliased: bool = False
    """An alias of a mapping or list is waiting to be expanded."""
    deepest: int = 0
    flow_depth: int = 0
    flow_start: int = 0
    flow_spans: list[tuple[int, int]] = field(default_factory=list)
    """Where each outermost flow collection starts and ends (character offsets)."""
    root: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.guard = Guard(self.name, self.limits)
        self.scalars = _Scalars()

    def read(self) -> Located:
        parser = CParser(self.text)
        guard = self.guard
        while True:
            event: Any = parser.get_event()
            mark = event.start_mark
            guard.at(mark.line, mark.column)
            kind = type(event)
            if kind is ScalarEvent:
                self._scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._start(event, kind is MappingStartEvent)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                guard.end()
                self._end(event)
            elif kind is AliasEvent:
                self._alias(event)
            elif kind is DocumentStartEvent:
                if event.tags:
                    raise Undecided("a %TAG directive")
                guard.document(event.version)
            elif kind is DocumentEndEvent:
                if event.explicit:  # ruamel.yaml reads `...` twice as a second document
                    raise Undecided("a document end marker (`...`)")
            elif kind is StreamEndEvent:
                break
        return self._finish()

    def _finish(self) -> Located:
        if not self.root or self.root[0] is None:
            raise Undecided("no data (the reference says the file is empty)")
        if self.deepest > _DEEPEST:
            raise Undecided(f"nested {self.deepest} deep")
        self._check_flow_risks()
        located = Located(data=self.root[0], path=self.name, positions=self.positions)
        if self.aliased:
            # The root's position first, then every other in the reference's order.
            located.positions = {(): self.positions[()]} if () in self.positions else {}
            located.data = _Expansion(self.positions, located.positions).walk(self.root[0], (), ())
        return located

    def _check_flow_risks(self) -> None:
        spans = self.flow_spans
        if not spans:
            return
        i = 0
        for match in _FLOW_RISK.finditer(self.text):
            at = match.start()
            while i < len(spans) and spans[i][1] <= at:
                i += 1
            if i == len(spans):
                return
            if spans[i][0] <= at:
                raise Undecided(f"`{match.group()}` inside a flow collection")

    # ------------------------------------------------------------------- events

    def _scalar(self, event: Any) -> None:
        if event.tag is not None:
            raise Undecided("a tag")
        value: str = event.value
        plain = not event.style
        anchor: str | None = event.anchor
        self.guard.scalar(value, None, anchor, plain)
        mark = event.start_mark
        if anchor is not None:
            self._check_name_end(mark.index, anchor)
        if event.style in _BLOCK_STYLES:
            if not self.stack:  # at the root, ruamel.yaml reads `#` at column 1 as text
                raise Undecided("a block scalar at the root")
            self._check_block_header(mark.index, anchor)
        here = (mark.line + 1, mark.column + 1)
        built = self.scalars.build(value, anchor) if plain else value
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.key is None and isinstance(parent.container, dict):
            data = self._key(parent, built, here)
        else:
            if plain and not value and parent is not None and isinstance(parent.container, list):
                raise Undecided("an empty list item")
            data = built if type(built) is str else self._plain(built)
            self._attach(parent, data, here)
        if anchor is not None:
            self.anchors[anchor] = _Anchored(data, (), here)

    def _key(self, parent: _Open, built: Any, here: Position) -> Any:
        """Record a mapping key; its plain value (what an alias of it would be)."""
        if not isinstance(built, str | int) or isinstance(built, bool):
            raise Undecided("a key that is not text")
        key = str(built)
        if key in parent.container:
            raise Undecided(f"the duplicate key `{key}`")
        self.positions[(*parent.path, key)] = here
        parent.key = key
        return built if type(built) is str else self._plain(built)

    def _start(self, event: Any, mapping: bool) -> None:
        if event.tag is not None:
            raise Undecided("a tag")
        anchor: str | None = event.anchor
        self.guard.start(mapping, None, anchor)
        mark = event.start_mark
        if anchor is not None:
            self._check_name_end(mark.index, anchor)
        here = (mark.line + 1, mark.column + 1)
        container: dict[str, Any] | list[Any] = {} if mapping else []
        path = self._attach(self.stack[-1] if self.stack else None, container, here)
        opened = _Open(container, path, here, anchor)
        if event.flow_style:
            opened.flow = True
            if self.flow_depth == 0:
                self.flow_start = mark.index
            self.flow_depth += 1
        self.stack.append(opened)
        self.deepest = max(self.deepest, len(self.stack))

    def _end(self, event: Any) -> None:
        closed = self.stack.pop()
        if closed.flow:
            self.flow_depth -= 1
            if self.flow_depth == 0:
                self.flow_spans.append((self.flow_start, event.end_mark.index))
        if closed.anchor is not None:
            self.anchors[closed.anchor] = _Anchored(closed.container, closed.path, closed.position)

    def _alias(self, event: Any) -> None:
        anchor = str(event.anchor)
        self.guard.alias(anchor)
        self._check_name_end(event.start_mark.index, anchor)
        target = self.anchors[anchor]
        height = self.guard.anchors[anchor][1]
        self.deepest = max(self.deepest, len(self.stack) + height)
        parent = self.stack[-1] if self.stack else None
        if isinstance(target.data, dict | list):
            self.aliased = True
            self._attach(parent, _Alias(target), target.position)
        else:
            self._attach(parent, target.data, target.position)

    # ------------------------------------------------------------------- helpers

    def _attach(self, parent: _Open | None, data: Any, here: Position) -> Path_:
        """Put a value (not a key) in its parent, and return its path.

        ``here`` is where the node starts, which is a list item's position; a mapping value
        has none of its own (its key has).
        """
        if parent is None:
            self.root.append(data)
            if self.guard.root is not None:
                self.positions[()] = self.guard.root
            return ()
        container = parent.container
        if isinstance(container, list):
            path: Path_ = (*parent.path, len(container))
            container.append(data)
            self.positions[path] = here
            return path
        key = parent.key
        assert key is not None
        container[key] = data
        parent.key = None
        return (*parent.path, key)

    def _plain(self, built: Any) -> Any:
        return plain_scalar(built, (), Located(None, self.name), self.limits)

    def _check_block_header(self, index: int, anchor: str | None) -> None:
        """A block scalar's header (``|``, ``>-``, ``|2``...) must end in a space or a line
        break: ruamel.yaml refuses ``|#comment``, which libyaml reads."""
        text = self.text
        if anchor is not None:
            index += 1 + len(anchor)
            while text[index : index + 1] == " ":
                index += 1
        if text[index : index + 1] not in ("|", ">"):
            raise Undecided("a block scalar not where libyaml puts it")
        index += 1
        while text[index : index + 1] in _HEADER_INDICATORS:
            index += 1
        if text[index : index + 1] not in _HEADER_ENDS:
            raise Undecided("a block scalar header followed by something other than a space")
        line_end = _LINE_END.search(text, index)
        if line_end is not None and _BLANK_LINE.match(text, line_end.end()):
            # ruamel.yaml takes a leading blank line's spaces for the indentation of the text
            raise Undecided("a block scalar starting with a blank line")

    def _check_name_end(self, index: int, name: str) -> None:
        end = index + 1 + len(name)
        if self.text[index] not in "&*" or self.text[end : end + 1] not in _NAME_ENDS | {""}:
            raise Undecided(f"the anchor or alias name `{name}` may read differently")


@dataclass
class _Expansion:
    """The data again with every alias expanded, and the positions in the reference's order.

    The reference builds each alias as a new copy of what it names, with the positions of
    the named node's contents, recorded depth-first as it goes; so does :meth:`walk`.
    """

    before: dict[Path_, Position]
    after: dict[Path_, Position]

    def walk(self, data: Any, source: Path_, path: Path_) -> Any:
        """``data`` found at ``source``, placed at ``path``."""
        if isinstance(data, _Alias):
            return self.walk(data.target.data, data.target.path, path)
        if type(data) is dict:
            out: dict[str, Any] = {}
            for key, value in data.items():
                self.after[(*path, key)] = self.before[(*source, key)]
                out[key] = self.walk(value, (*source, key), (*path, key))
            return out
        if type(data) is list:
            items = []
            for i, item in enumerate(data):
                self.after[(*path, i)] = self.before[(*source, i)]
                items.append(self.walk(item, (*source, i), (*path, i)))
            return items
        return data
