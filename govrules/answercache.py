"""Answers to repeated command lines, kept with everything they were computed from.

A shell loop or a pre-commit hook asks the same question again and again. Importing the engine
(pydantic, click) costs ten times what the question does, so the console script first looks
here, with the standard library alone.

An answer is kept under a digest of everything it is a function of:

- the command line, the working folder, and whether standard output is a terminal (colour)
  and its encoding;
- the bytes of every file the line names, and of the bundled trust a word would name (so an
  edited trust, or a file appearing where none was, changes the digest);
- govrules' own source files (path, size and modification time) and the installed
  distributions with their versions (the names of ``*.dist-info`` folders), so an upgrade or an
  edited module is never served an old answer;
- the interpreter.

Only commands whose inputs are exactly the files on their line are kept (not ``check``, whose
record names its trust inside; not ``audit``, ``fmt``, ``report``, ``graph`` or ``test``), and
only answers with exit status 0, 1 or 3 and nothing on standard error. A line naming a folder,
standard input, a special file or ``--help`` is never kept.
"""

from __future__ import annotations

import os
import stat
import sys

from . import locations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class _Hash(Protocol):
        def update(self, data: bytes, /) -> None: ...
        def hexdigest(self) -> str: ...


__all__ = ["CACHED_COMMANDS", "answer_file", "read_answer", "write_answer"]

CACHED_COMMANDS = frozenset(
    {"diff", "eligible", "escalate", "quorum", "show", "validate", "vote", "voters"}
)
_FORMAT = b"govrules-answer 1"
_KEPT_STATUSES = (0, 1, 3)
_MAX_FILE = 256 * 1024 * 1024  # a larger input is not worth hashing to save a start-up
_MAX_ENTRIES = 2000  # then the older half goes


class _Uncacheable(Exception):
    """This command line must be answered by the engine itself."""


def _hasher() -> _Hash:
    try:  # the builtin module: hashlib would load OpenSSL, a few milliseconds
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(digest_size=20)


def _add(h: _Hash, *parts: str | bytes) -> None:
    # Length-prefixed, so that no two different sequences of parts hash alike.
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)


def _add_environment(h: _Hash) -> None:
    _add(h, _FORMAT, sys.version, sys.executable)
    package = os.path.dirname(os.path.abspath(__file__))
    with os.scandir(package) as entries:
        modules = sorted((e.name, e.stat()) for e in entries if e.name.endswith(".py"))
    for name, info in modules:
        _add(h, name, b"%d %d" % (info.st_size, info.st_mtime_ns))
    for folder in sys.path:
        if os.path.basename(folder) in ("site-packages", "dist-packages"):
            try:
                names = sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))
            except OSError:
                continue
            _add(h, folder, *names)


def _as_opened(word: str) -> str:
    """The path the engine opens for ``word``: ``pathlib`` drops empty and ``.`` parts, so
    ``t/a.yaml/``, ``t/./a.yaml`` and ``t//a.yaml`` all read ``t/a.yaml``."""
    root = "//" if word.startswith("//") and not word.startswith("///") else "/"
    parts = [p for p in word.split("/") if p not in ("", ".")]
    if word.startswith("/"):
        return root + "/".join(parts)
    return "/".join(parts) or "."


def _add_file(h: _Hash, word: str) -> None:
    path = _as_opened(word)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        _add(h, "absent", path)
        return
    except OSError as exc:
        raise _Uncacheable from exc  # a name too long, a folder we may not enter: let it run
    if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE:
        raise _Uncacheable  # a folder, a pipe, a device: its content is not a fixed input
    try:
        with open(path, "rb") as file:
            data = file.read(_MAX_FILE + 1)
    except OSError as exc:
        raise _Uncacheable from exc
    _add(h, "file", os.path.abspath(path), data)


def _add_word(h: _Hash, word: str) -> None:
    if word in ("-", "--", "-h", "--help", "--version", "--debug") or "\0" in word:
        raise _Uncacheable
    _add(h, "word", word)
    if word.startswith("-"):
        if "=" not in word:
            return
        word = word.split("=", 1)[1]
    if not word:
        return
    _add_file(h, word)
    if locations.is_bundled_name(word):
        _add_file(h, locations.bundled_candidate(word))


def answer_file(argv: Sequence[str]) -> str | None:
    """The file that keeps the answer to this command line; None when it cannot be kept."""
    folder = locations.cache_dir()
    if folder is None or not argv or argv[0] not in CACHED_COMMANDS:
        return None
    h = _hasher()
    try:
        _add(h, os.getcwd())
        stdout = sys.stdout
        if stdout is None:
            return None
        _add(h, str(stdout.isatty()), str(stdout.encoding), str(stdout.errors))
        for word in argv:
            _add_word(h, word)
        _add_environment(h)
    except (_Uncacheable, OSError, ValueError):
        return None
    return os.path.join(folder, "answers", h.hexdigest())


def read_answer(path: str) -> tuple[int, bytes] | None:
    """The exit status and output kept at ``path``; None when absent, unreadable or torn."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    header, newline, output = data.partition(b"\n")
    fields = header.split(b" ")
    if not newline or len(fields) != 4 or b" ".join(fields[:2]) != _FORMAT:
        return None
    try:
        status, length = int(fields[2]), int(fields[3])
    except ValueError:
        return None
    if status not in _KEPT_STATUSES or length != len(output):
        return None
    return status, output


def write_answer(path: str, status: int, output: bytes) -> None:
    """Keep an answer (atomically: a reader sees the whole file or none); never raises."""
    if status not in _KEPT_STATUSES:
        return
    folder = os.path.dirname(path)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(b"%s %d %d\n" % (_FORMAT, status, len(output)))
            file.write(output)
        os.replace(temporary, path)
        _prune(folder)
    except OSError:
        _remove(temporary)


def _prune(folder: str) -> None:
    with os.scandir(folder) as entries:
        kept = [(e.stat().st_mtime_ns, e.path) for e in entries if e.is_file()]
    if len(kept) <= _MAX_ENTRIES:
        return
    kept.sort()
    for _, path in kept[: len(kept) - _MAX_ENTRIES // 2]:
        _remove(path)


def _remove(path: str) -> None:
    # Not contextlib.suppress: importing contextlib would cost the console script its start.
    try:
        os.unlink(path)
    except OSError:
        return  # gone already, or a concurrent writer's
