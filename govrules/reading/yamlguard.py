"""The limits of :class:`~govrules.reading.sourcefile.Limits`, checked on a YAML parser's event
stream.

Parser-neutral: :class:`Guard` is told of each event by a small adapter (one for ruamel.yaml in
:mod:`govrules.reading.yamlruamel`, one for libyaml in :mod:`govrules.reading.yamlfast`), so both
readers refuse
exactly the same files, with the same message at the same event.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import LoadError
from .sourcefile import Limits, squeeze

__all__ = ["CORE", "STANDARD_TAGS", "Guard", "short", "tag_words"]

CORE = "tag:yaml.org,2002:"
STANDARD_TAGS = {
    None,
    f"{CORE}str",
    f"{CORE}int",
    f"{CORE}float",
    f"{CORE}bool",
    f"{CORE}null",
    f"{CORE}map",
    f"{CORE}seq",
    f"{CORE}timestamp",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
}
"""The tags govrules accepts: the YAML core schema's, plus timestamps for dates."""

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def short(text: str, limit: int = 40) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = squeeze(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def tag_words(tag: str) -> str:
    """A tag as its author wrote it: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    return "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else tag


def char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        surrogate = unicodedata.category(ch) == "Cs"
        name = "(half of a UTF-16 surrogate pair)" if surrogate else "(a control character)"
    return f"U+{ord(ch):04X} {name}"


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


class Guard:
    """Checks each parser event once, as it is produced, against the limits.

    Work and memory are O(1) per event, and a parser produces events one at a time, so a
    file that breaks a limit is refused at the event that breaks it: the rest of the file is
    never parsed and no node is ever built for an expanded alias.

    The adapter calls :meth:`at` with the event's 0-based start position, then the method for
    the event's kind; each may raise :class:`LoadError` at that position.
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

    def at(self, line: int, column: int) -> None:
        """The next event starts here (0-based, as parsers count)."""
        self.line, self.column = line + 1, column + 1

    def fail(self, message: str, hint: str | None = None) -> LoadError:
        return LoadError(message, path=self.name, line=self.line, column=self.column, hint=hint)

    @property
    def depth(self) -> int:
        """Mappings and lists open at this event."""
        return len(self.stack)

    def document(self, version: Sequence[int] | None) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(
                "file holds 2 YAML documents or more; govrules reads exactly one",
                hint="remove the extra `---` separators",
            )
        if version is not None and tuple(version) != (1, 2):
            words = ".".join(str(v) for v in version)
            raise self.fail(
                f"`%YAML {words}` is not supported; govrules reads YAML 1.2",
                hint="remove the `%YAML` line",
            )

    def is_key(self) -> bool:
        """The next node is a mapping key."""
        return bool(self.stack) and self.stack[-1].mapping and self.stack[-1].key_next

    def alias(self, anchor: object) -> None:
        label = str(anchor)
        if self.is_key():
            raise self.fail("a mapping key must be written out, not an alias")
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self.fail(
                f"file uses more than {self.limits.max_aliases} YAML aliases",
                hint="write the values out; MoU files do not need aliases",
            )
        if label in self.open:
            raise self.fail(
                f"the alias `*{short(label)}` is inside the node it names (a loop)",
            )
        if label not in self.anchors:
            raise self.fail(f"the alias `*{short(label)}` names no anchor defined before it")
        size, height = self.anchors[label]
        if len(self.stack) + height > self.limits.max_depth:
            raise self.fail(
                f"nesting is deeper than {self.limits.max_depth} levels once the alias "
                f"`*{short(label)}` is expanded"
            )
        self._count(size)
        self._done(size, height)

    def scalar(self, value: str, tag: object, anchor: object, plain: bool) -> None:
        """A scalar; ``plain`` when it is written without quotes or ``|``/``>``."""
        self._tag(tag)
        if self.is_key():
            if len(value) > self.limits.max_key:
                raise self.fail(f"a mapping key is longer than {self.limits.max_key} characters")
            if value == "<<" and plain and tag is None:
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
        label = self._anchor(anchor)
        if self.root is None and not self.stack:
            self.root = (self.line or 1, self.column or 1)
        self._count(1)
        if label is not None:
            self.anchors[label] = (1, 0)
        self._done(1, 0)

    def start(self, mapping: bool, tag: object, anchor: object) -> None:
        """A mapping (``mapping``) or a list opens."""
        self._tag(tag)
        if self.is_key():
            raise self.fail("a mapping key must be text, not a list or a mapping")
        if len(self.stack) + 1 > self.limits.max_depth:
            raise self.fail(f"nesting is deeper than {self.limits.max_depth} levels")
        label = self._anchor(anchor)
        if self.root is None and not self.stack:
            self.root = (self.line or 1, self.column or 1)
        self._count(1)
        if label is not None:
            self.open.add(label)
        self.stack.append(_Frame(mapping, label))

    def end(self) -> None:
        """The innermost open mapping or list closes."""
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.size, frame.height)
        self._done(frame.size, frame.height)

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
            raise self.fail(
                f"the YAML holds more than {self.limits.max_nodes} nodes{aliased}",
                hint="a real MoU holds a few thousand; `--max-nodes N` on the command (or "
                "`Limits(max_nodes=N)` in the library) reads a larger one",
            )

    def _anchor(self, anchor: object) -> str | None:
        if anchor is None:
            return None
        label = str(anchor)
        if label in self.anchors or label in self.open:
            raise self.fail(f"the anchor `&{short(label)}` is defined twice")
        return label

    def _tag(self, tag: object) -> None:
        if tag not in STANDARD_TAGS:
            raise self.fail(
                f"the YAML tag `{short(tag_words(str(tag)), 80)}` is not allowed",
                hint="govrules reads plain data only; remove the tag",
            )
