"""Canonical layout of YAML files (trusts, meeting records, scenarios) with comments kept.

``format_text`` re-emits a document through ruamel.yaml's round-trip mode, so comments, key
order, flow/block style, quote style (and the escapes inside double quotes) and folded
scalars survive; only layout changes:

- mappings indent by 2, a sequence's ``- `` sits 2 in from its key (``  - item``), and a
  top-level list starts at the margin;
- long lines are never re-wrapped (a string or flow list wrapped by hand is joined up);
- a null is written ``null`` (an empty value and ``~`` become ``null``);
- a full-line comment is indented like the line of content after it; an end-of-line
  comment keeps the gap its author left before it;
- no trailing whitespace (outside block scalars, where it is text), no BOM, LF line endings,
  no ``---`` before a single document, at most one blank line in a row, exactly one final
  newline.

The bundled trusts are written in this layout, so formatting them changes nothing.

Formatting is only as safe as reading: the input first goes through
:func:`govrules.reading.yamlsource.parse_yaml` (so whatever govrules refuses to read, fmt refuses to
format), and the result is read back and compared with the input — same data, same comments
in the same order — before it is returned. A ruamel.yaml round-trip limitation (it drops
comments inside flow collections, for one) therefore becomes a :class:`LoadError`, naming the
line where it can, never a silently damaged file.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import Node, ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import ScalarToken

from ..reading.errors import LoadError
from ..reading.files import write_file
from ..reading.yamlscan import Scanner
from ..reading.yamlsource import Located, Path_, parse_yaml, read_bytes

__all__ = ["FormatResult", "format_files", "format_text"]

# The layout of the bundled trusts: `key:` then `  - item` (the dash 2 in, the item 4 in).
MAPPING_INDENT = 2
SEQUENCE_INDENT = 4
SEQUENCE_DASH_OFFSET = 2
# Hand-written quotes run to hundreds of characters on one line; re-wrapping them would make
# every diff noisy and fold text the author chose to keep on one line.
WIDTH = sys.maxsize


@dataclass(frozen=True)
class FormatResult:
    """What :func:`format_files` did with one file.

    ``changed`` is true when the file is not in canonical layout (with ``check`` it was left
    alone; without, it has been rewritten). ``error`` is set, and ``changed`` false, when the
    file could not be read, formatted or written; the file is then untouched.
    """

    path: Path
    changed: bool
    error: LoadError | None = None


def format_text(text: str, name: str = "<input>") -> str:
    """The canonical layout of one YAML document.

    :raises LoadError: the text is not YAML govrules would read (syntax, tags, aliases, size,
        NUL, several documents), or it cannot be laid out without changing its data or losing
        a comment; the error names the line and column where known.
    """
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text[: exc.start].count("\n") + 1
        raise LoadError("text is not valid Unicode", path=name, line=line) from None
    return _format(raw, name)


def format_files(paths: Iterable[str | Path], check: bool = False) -> list[FormatResult]:
    """Format each file in place (or, with ``check``, only report which would change).

    A file is rewritten only when its layout changes, by :func:`govrules.reading.files.write_file`:
    atomically (a temporary file in the same folder, then a rename) with its mode, owner and
    group kept, through a symbolic link, in place when it has other hard links; a read-only
    file is refused. A failure part-way leaves the original as it was. A file that cannot be
    read, formatted or written is reported in its result, not raised, so one bad file does not
    stop the others.
    """
    results: list[FormatResult] = []
    for given in paths:
        path = Path(given)
        try:
            changed = _format_file(path, check)
        except LoadError as exc:
            results.append(FormatResult(path, changed=False, error=exc))
        else:
            results.append(FormatResult(path, changed=changed))
    return results


def _format_file(path: Path, check: bool) -> bool:
    name = str(path)
    # read_bytes is govrules' own reader: a regular file only, bounded, never blocking.
    raw = read_bytes(path)
    formatted = _format(raw, name).encode("utf-8")
    if formatted == raw:
        return False
    if check:
        return True
    # Re-read just before replacing, so an edit saved meanwhile (an editor, another hook) is
    # not overwritten with a layout of the older text.
    if read_bytes(path) != raw:
        raise LoadError(
            "the file changed while it was being formatted; it was left as it is",
            path=name,
            hint="run fmt again",
        )
    # Through a symbolic link, keeping owner, group, mode and hard links; a read-only file
    # is refused (a WriteError, which is a LoadError).
    write_file(path, formatted)
    return True


def _format(raw: bytes, name: str) -> str:
    # Validate exactly as govrules reads (size, NUL, UTF-8, tags, aliases, duplicate keys, one
    # document), so fmt never lays out, let alone writes, a file govrules would not read. The
    # positions of this parse are those of the file as the user sees it.
    original = parse_yaml(raw, name)
    source, dropped = _prepare(raw.decode("utf-8-sig"))
    yaml = _round_trip_yaml()
    try:
        document = yaml.load(source)
        stream = io.StringIO()
        yaml.dump(document, stream)
    except Exception as exc:
        # parse_yaml has read it, so this is ruamel.yaml failing on a rare shape (its emitter
        # raises IndexError on a commented top-level flow list): refuse, don't crash.
        raise LoadError(
            f"cannot be formatted: ruamel.yaml fails on it ({_one_line(exc)}); "
            "it was left as it is",
            path=name,
        ) from None
    scanned = _scan(source, name)
    dumped = stream.getvalue()
    if isinstance(original.data, list):
        dumped = _dedent_root_sequence(dumped)
    layout = _scan(dumped, name)
    spelt = _keep_escapes(scanned, source, dumped, layout)
    if spelt != dumped:
        layout = _scan(spelt, name)
    result = _tidy(spelt, layout, scanned)
    if result.encode("utf-8") != raw:  # the input itself needs no checking against itself
        _verify(original, scanned, result, name, dropped)
    return result


_DOCUMENT_START = re.compile(r"^---[ \t]*(#.*)?$")


def _prepare(text: str) -> tuple[str, int | None]:
    """LF line endings, and no bare ``---`` after the leading comments.

    YAML folds every line break inside a scalar to LF, so converting CRLF (and a lone CR)
    changes no data. ruamel.yaml drops comments written before an explicit ``---``, which is
    where a ``# yaml-language-server:`` line usually sits; the marker is optional in a
    one-document file, so it goes and the comments stay. Also returned: the 0-based number
    of the line removed with it, if any, to keep the line numbers in errors true.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        match = _DOCUMENT_START.match(line)
        if match and match.group(1):
            lines[index] = match.group(1)  # `--- # note` keeps its note
        elif match:
            del lines[index]
            return "\n".join(lines), index
        break  # only the first line of content can be the marker (a directive blocks it)
    return "\n".join(lines), None


class _Composer(Composer):
    """ruamel.yaml's composer, keeping a comment written just above a flow collection.

    ruamel stores a comment on the line before ``- {id: b}`` on the flow mapping's start, and
    then replaces it with the end-of-line comment when the item also has one (``- {id: b}  #
    note``), so the comment above is lost. Carrying it over keeps both.
    """

    def compose_mapping_node(self, anchor: Any) -> Any:
        before = self.parser.peek_event().comment
        node = super().compose_mapping_node(anchor)
        _keep_comment_above(node, before)
        return node

    def compose_sequence_node(self, anchor: Any) -> Any:
        before = self.parser.peek_event().comment
        node = super().compose_sequence_node(anchor)
        _keep_comment_above(node, before)
        return node


def _keep_comment_above(node: Node, before: Any) -> None:
    after = node.comment
    if not before or not after or after is before or len(before) < 2 or not before[1]:
        return
    if len(after) < 2:
        after.extend([None] * (2 - len(after)))
    if not after[1]:
        after[1] = before[1]


class _Representer(RoundTripRepresenter):
    """Writes a null as ``null``: the bundled trusts spell it out (``final_arbiter: null``),
    and ruamel would otherwise leave the value empty."""

    def represent_none(self, data: Any) -> ScalarNode:
        return self.represent_scalar("tag:yaml.org,2002:null", "null")


_Representer.add_representer(type(None), _Representer.represent_none)


def _round_trip_yaml() -> YAML:
    # pure=True: the same (pure Python) parser as govrules.yamlruamel, the reference reader.
    yaml = YAML(typ="rt", pure=True)
    yaml.Scanner = Scanner  # linear on long runs of comments
    yaml.Composer = _Composer
    yaml.Representer = _Representer
    yaml.indent(mapping=MAPPING_INDENT, sequence=SEQUENCE_INDENT, offset=SEQUENCE_DASH_OFFSET)
    yaml.width = WIDTH
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    return yaml


@dataclass(frozen=True)
class _Comment:
    line: int  # 0-based
    column: int  # 0-based, of the `#`
    text: str  # without trailing blanks
    gap: str | None  # the blanks between the content and an end-of-line comment


@dataclass(frozen=True)
class _Scan:
    """What layout needs to know of a YAML text, from ruamel's scanner (no parsing)."""

    double_quoted: list[tuple[str, int, int]]  # value, start and end offset (quotes included)
    data_lines: set[int]  # 0-based lines that belong to a scalar running over several lines
    flow_ends: set[int]  # of those, the last lines of quoted or plain ones: what follows is layout
    comments: list[_Comment]


def _scan(text: str, name: str) -> _Scan:
    try:
        tokens = [t for t in YAML(typ="safe", pure=True).scan(text) if isinstance(t, ScalarToken)]
    except YAMLError as exc:  # ruamel wrote YAML it cannot read back: never pass that on
        raise LoadError(
            "cannot be formatted: ruamel.yaml lays it out as YAML it cannot read back "
            f"({_one_line(exc)}); it was left as it is",
            path=name,
        ) from None
    double_quoted: list[tuple[str, int, int]] = []
    spans: list[tuple[int, int]] = []  # where a `#` is text, not a comment
    data_lines: set[int] = set()
    flow_ends: set[int] = set()
    for token in tokens:
        start, end = token.start_mark.index, token.end_mark.index
        if token.style == '"':
            double_quoted.append((str(token.value), start, end))
        if token.style in ("|", ">"):
            # The body starts on the line after the `|`/`>` header, which is layout and may
            # hold a comment. Trailing blank lines are layout too, unless the header keeps
            # them (`|+`).
            header = re.match(r"[|>][-+0-9]*", text[start:])
            start = text.find("\n", start) + 1
            if not header or "+" not in header.group():
                end = start + len(text[start:end].rstrip(" \t\n"))
            if end <= start:
                continue
        spans.append((start, end))
        if "\n" in text[start:end] or token.style in ("|", ">"):
            first = text.count("\n", 0, start)
            last = first + text.count("\n", start, end)
            data_lines.update(range(first, last + 1))
            if token.style not in ("|", ">"):
                flow_ends.add(last)
    return _Scan(double_quoted, data_lines, flow_ends, _find_comments(text, sorted(spans)))


def _find_comments(text: str, spans: list[tuple[int, int]]) -> list[_Comment]:
    found: list[_Comment] = []
    span = 0
    line = 0
    line_start = 0
    comment_end = -1
    # A comment starts at a `#` at the start of a line or after a blank, outside every
    # scalar, and runs to the end of the line (a later `#` on it is part of it).
    for match in re.finditer(r"(?:^|(?<=[ \t]))#", text, re.MULTILINE):
        at = match.start()
        if at < comment_end:
            continue
        while span < len(spans) and spans[span][1] <= at:
            span += 1
        if span < len(spans) and spans[span][0] <= at:
            continue
        line += text.count("\n", line_start, at)
        line_start = text.rfind("\n", 0, at) + 1
        comment_end = text.find("\n", at)
        if comment_end < 0:
            comment_end = len(text)
        before = text[line_start:at]
        content = before.rstrip(" \t")
        found.append(
            _Comment(
                line=line,
                column=at - line_start,
                text=text[at:comment_end].rstrip(" \t"),
                gap=before[len(content) :] if content else None,
            )
        )
    return found


def _keep_escapes(source: _Scan, source_text: str, dumped: str, layout: _Scan) -> str:
    """Put back each double-quoted string as its author spelled it.

    ruamel keeps that a string was double-quoted but not how: it writes the escape
    ``\\u201c`` as the character itself (or, told not to, escapes every en dash as
    ``\\u2013``), and the bundled trusts use both spellings. The double-quoted strings of
    the input and of the output come in the same order, so each output string with the same
    value as its input twin takes the input's spelling. A string the input wrote over
    several lines keeps ruamel's one-line form: its line breaks and indentation belong to
    the old layout.
    """
    after = layout.double_quoted
    if len(source.double_quoted) != len(after):
        return dumped  # cannot pair them up; ruamel's spelling is still the same data
    pieces: list[str] = []
    done = 0
    for (value, start, end), (twin, out_start, out_end) in zip(
        source.double_quoted, after, strict=True
    ):
        spelling = source_text[start:end]
        if value == twin and "\n" not in spelling and "\n" not in dumped[out_start:out_end]:
            pieces += [dumped[done:out_start], spelling]
            done = out_end
    return "".join(pieces) + dumped[done:]


def _dedent_root_sequence(text: str) -> str:
    """Start a top-level list at the margin (``- item``), as one is usually written.

    ruamel indents every sequence by the dash offset, the top-level one included. Moving
    every line left by the same amount changes no data: YAML indentation is relative, block
    scalars' included.
    """
    margin = " " * SEQUENCE_DASH_OFFSET
    return "\n".join(
        line[len(margin) :] if line.startswith(margin) else line for line in text.split("\n")
    )


def _tidy(text: str, scan: _Scan, source: _Scan) -> str:
    """Layout ruamel leaves alone: comment placement, whitespace, blank lines.

    Lines inside a scalar (a block scalar's body, a quoted string running over lines) are
    data, where trailing spaces and ``#`` are content, so they are never touched.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline is added back below
    inside = scan.data_lines

    # An end-of-line comment keeps the gap its author left before it. ruamel keeps its old
    # column instead, which after re-indentation is a wide gap or none at all. The comments
    # of input and output pair up in order (_verify insists on it).
    if [c.text for c in scan.comments] == [c.text for c in source.comments]:
        for mine, theirs in zip(scan.comments, source.comments, strict=True):
            if mine.gap is not None and theirs.gap is not None:
                line = lines[mine.line]
                content = line[: mine.column - len(mine.gap)]
                lines[mine.line] = content + theirs.gap + line[mine.column :]

    tidy = [
        line if i in inside and i not in scan.flow_ends else line.rstrip(" \t")
        for i, line in enumerate(lines)
    ]

    # A full-line comment is indented like the next line of content: ruamel keeps a comment
    # at its old column, which after re-indentation no longer lines up with anything.
    indent = 0
    for i in range(len(tidy) - 1, -1, -1):
        line = tidy[i]
        stripped = line.lstrip(" ")
        if i in inside or (stripped and not stripped.startswith("#")):
            indent = len(line) - len(stripped)
        elif stripped:
            tidy[i] = " " * indent + stripped

    out: list[str] = []
    for i, line in enumerate(tidy):
        if i not in inside and not line and (not out or not out[-1]):
            continue  # no blank line at the start, nor two in a row
        out.append(line)
    while out and not out[-1] and len(out) - 1 not in inside:
        out.pop()
    return "\n".join(out) + "\n"


def _verify(original: Located, source: _Scan, result: str, name: str, dropped: int | None) -> None:
    """Refuse a layout that would change the data or lose, alter or reorder a comment.

    ``dropped`` is the line _prepare removed, after which source lines are one short.
    """
    try:
        after = parse_yaml(result, name)
    except LoadError as exc:  # the input was read; so it is the layout that cannot be
        raise LoadError(
            "cannot be formatted: ruamel.yaml lays it out as YAML it cannot read back "
            f"({exc.message}); it was left as it is",
            path=name,
        ) from None
    where = _first_difference(original.data, after.data, ())
    if where is not None:
        line, column = original.position(where)
        raise LoadError(
            "cannot be formatted without changing its data (a ruamel.yaml round-trip "
            "limitation); it was left as it is",
            path=name,
            line=line,
            column=column,
        )
    kept = [c.text for c in _scan(result, name).comments]
    for index, comment in enumerate(source.comments):
        if index >= len(kept) or kept[index] != comment.text:
            raise LoadError(
                f"cannot be formatted without losing the comment `{comment.text}` (a "
                "ruamel.yaml round-trip limitation); it was left as it is",
                path=name,
                line=comment.line + (2 if dropped is not None and comment.line >= dropped else 1),
                column=comment.column + 1,
                hint="put the comment on a line of its own, outside any `[...]` or `{...}`",
            )
    if len(kept) != len(source.comments):
        raise LoadError("formatting would add a comment; it was left as it is", path=name)


def _one_line(exc: BaseException) -> str:
    # ruamel's messages run over several lines (with a caret under the input); an error here
    # is one line, and the position it names is in ruamel's output, not the user's file.
    problem = getattr(exc, "problem", None) or str(exc) or type(exc).__name__
    return " ".join(str(problem).split())


def _first_difference(a: Any, b: Any, path: Path_) -> Path_ | None:
    """The path of the first node where two documents differ, or None when they agree.

    ``repr`` tells apart what ``==`` does not: ``1``, ``1.0`` and ``True``, and key order.
    """
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return path
        for key in a:
            found = _first_difference(a[key], b[key], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return path
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, (*path, index))
            if found is not None:
                return found
        return None
    return None if type(a) is type(b) and repr(a) == repr(b) else path
