"""Reading a source file within bounds, and data with positions: no YAML parser needed.

Kept apart from :mod:`govrules.reading.yamlsource` so that code which needs only the limits or the
located data does not import a YAML parser.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import LoadError

__all__ = ["Limits", "Located", "Path_", "read_bytes"]

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or mistaken file from exhausting time or memory.

    The defaults are far above what a real MoU needs (the largest bundled trust is 40 kB,
    about 1,600 nodes, nested 10 deep, with no aliases) and low enough that the slowest
    input the pure-Python parser can be given is refused, or read, within a few seconds: the
    fast libyaml reader reads most files, but that parser still words every refusal.
    Pass your own to :func:`read_yaml`, :func:`parse_yaml` or
    :func:`govrules.compiling.loader.load_trust`; every field must be a positive integer.
    """

    max_bytes: int = 1_000_000
    """Size of the file in bytes (a 1 MB MoU would be some 25 times the largest real one)."""
    max_depth: int = 64
    """Levels of nested mappings and lists, counting those an alias brings in."""
    max_aliases: int = 100
    """Alias references (``*name``) in the file."""
    max_nodes: int = 50_000
    """Nodes (scalars, mappings and lists) once every alias is expanded. This bounds what
    aliases may expand to — a "billion laughs" file is refused without being expanded — and
    the time the pure-Python parser may spend on a file (it reads some 20,000 nodes a second;
    libyaml some 400,000)."""
    max_string: int = 100_000
    """Characters in one string value."""
    max_key: int = 1_000
    """Characters in one mapping key (a field name is a few dozen at most)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{f.name} must be a positive integer, not {value!r}")


@dataclass
class Located:
    """YAML data with the position of each node, keyed by path (``()`` is the root node)."""

    data: Any
    path: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    text: str | None = None
    """The text read, where there was one: a lint can see a scalar as it was written."""

    def position(self, loc: Path_) -> tuple[int | None, int | None]:
        """The position of ``loc``, or of its nearest ancestor that has one."""
        probe = tuple(loc)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def written(self, loc: Path_) -> str | None:
        """A plain scalar at ``loc`` as the text writes it (``5.10``, which YAML reads as 5.1),
        where the text and the node's own position are known."""
        if self.text is None or tuple(loc) not in self.positions:
            return None
        line, column = self.positions[tuple(loc)]
        lines = self.text.splitlines()
        if line > len(lines):
            return None
        text = lines[line - 1][column - 1 :]
        if loc and isinstance(loc[-1], str):  # a key's position: its value follows the colon
            text = text.partition(":")[2]
        found = re.match(r"\s*([^\s,\]}#'\"]+)", text)
        return found.group(1) if found else None

    def error(self, loc: Path_, message: str, hint: str | None = None) -> LoadError:
        line, column = self.position(loc)
        return LoadError(message, path=self.path, line=line, column=column, hint=hint)


def read_bytes(path: str | Path, limits: Limits | None = None) -> bytes:
    """The bytes of a file, refusing anything but a regular file of at most ``max_bytes``.

    ``-`` is standard input (read once: naming it twice in one command reads the same text).

    The file is opened without blocking (a named pipe cannot hang the reader) and never read
    beyond ``max_bytes + 1`` bytes (``/dev/zero`` cannot exhaust memory).

    :raises LoadError: missing, a directory, not a regular file, unreadable or too big.
    """
    limits = limits or Limits()
    name = str(path)
    if name == "-":
        return _stdin_bytes(limits)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise LoadError("no such file", path=name) from None
    except IsADirectoryError:  # Windows; elsewhere a directory opens and fstat says so
        raise LoadError("is a directory, not a YAML file", path=name) from None
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}", path=name) from None
    except ValueError:  # a NUL character in the name
        raise LoadError("the file name is not valid", path=squeeze(name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoadError("is a directory, not a YAML file", path=name)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("is not a regular file", path=name, hint="give the path of a file")
        if info.st_size > limits.max_bytes:
            raise too_big(info.st_size, name, limits)
        chunks: list[bytes] = []
        wanted = limits.max_bytes + 1
        while wanted > 0 and (chunk := os.read(fd, min(wanted, 1 << 20))):
            chunks.append(chunk)
            wanted -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}", path=name) from None
    finally:
        os.close(fd)
    if len(raw) > limits.max_bytes:  # the file grew while it was being read
        raise too_big(len(raw), name, limits)
    return raw


_stdin: tuple[object, bytes] | None = None
"""Standard input as read, with the stream it was read from."""


def _stdin_bytes(limits: Limits) -> bytes:
    global _stdin
    import sys

    stream = sys.stdin
    if stream is None:
        raise LoadError("standard input is closed", path="-")
    if _stdin is None or _stdin[0] is not stream:
        source = getattr(stream, "buffer", stream)
        try:
            raw = source.read(limits.max_bytes + 1)
        except OSError as exc:
            reason = exc.strerror or exc
            raise LoadError(f"cannot read standard input: {reason}", path="-") from None
        _stdin = (stream, raw.encode("utf-8") if isinstance(raw, str) else raw)
    raw = _stdin[1]
    if len(raw) > limits.max_bytes:
        raise too_big(len(raw), "-", limits)
    return raw


def too_big(size: int, name: str, limits: Limits) -> LoadError:
    return LoadError(
        f"file is {size} bytes, more than the limit of {limits.max_bytes}",
        path=name,
        hint="a real MoU is far smaller; `--max-bytes N` on the command (or "
        "`Limits(max_bytes=N)` in the library) reads a larger one",
    )


def squeeze(text: str) -> str:
    """Whitespace runs (newlines included) to one space; other invisible characters escaped."""
    words = " ".join(text.split())
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in words)
