"""Read YAML safely, keeping the line and column of every node.

The result is plain Python data (dicts, lists, scalars) plus a map from each node's path
(a tuple of keys and indexes) to its 1-based position, so that later stages can point any
error at the exact node without ever seeing ruamel types.

A file is untrusted input. Every way it can go wrong — too big, not UTF-8, not text, not
YAML, too deep, an alias bomb, an unknown tag, several documents — ends in one
:class:`~govrules.reading.errors.LoadError` naming the file (and the line and column where there is
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

Two readers share these checks (:mod:`govrules.reading.yamlguard`). ruamel.yaml's pure-Python parser
(:mod:`govrules.reading.yamlruamel`) is the reference: it defines what govrules reads, YAML 1.2 as
ruamel.yaml reads it, and every refusal message. libyaml, PyYAML's C parser
(:mod:`govrules.reading.yamlfast`), reads a file first, fifteen to twenty times faster, and gives
its
result only when it is sure it is the reference's; any refusal, and any text where the two
could differ, is handed to the reference. The one difference: a valid file on which
ruamel.yaml's own comment handling fails (``YAML error (NotImplementedError): overlap in
comment``, an internal error rather than a refusal) is now read.
"""

from __future__ import annotations

from pathlib import Path

from .errors import LoadError
from .sourcefile import Limits, Located, Path_, read_bytes, too_big
from .yamlfast import parse_fast
from .yamlruamel import parse_ruamel

__all__ = ["Limits", "Located", "Path_", "parse_yaml", "read_bytes", "read_yaml"]


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
    try:
        located = parse_fast(text, name, limits)
    except Exception:  # Undecided; or a fault in the fast reader, which must cost no answer
        located = parse_ruamel(text, name, limits)
    located.text = text
    return located


def _decode(raw: bytes | str, name: str, limits: Limits) -> str:
    if isinstance(raw, str):
        size = len(raw) if len(raw) > limits.max_bytes else len(raw.encode("utf-8", "replace"))
        if size > limits.max_bytes:
            raise too_big(size, name, limits)
        return raw.removeprefix("\ufeff")
    if len(raw) > limits.max_bytes:
        raise too_big(len(raw), name, limits)
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
