"""The ``govrules`` console script: a repeated question is answered before the engine loads.

Standard library only until the answer cache (:mod:`govrules.answercache`) has been asked.
Otherwise the full command line runs (:func:`govrules.cli.run`) with its output captured in
order; the output is then written out, and kept for next time when it can be. Capturing every
command, not only those kept, makes the exit status always the command's own: a reader that
stops early (``govrules ... | head -1``) does not turn a "yes" into an error.
"""

from __future__ import annotations

import io
import os
import sys

from . import answercache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NoReturn, TextIO

__all__ = ["leave", "main"]


def main() -> NoReturn:
    """Answer the command line in ``sys.argv``, from the cache when it may."""
    argv = sys.argv[1:]
    kept_at = answercache.answer_file(argv)
    if kept_at is not None:
        kept = answercache.read_answer(kept_at)
        if kept is not None:
            status, output = kept
            _write(((1, output),), status)
            leave(status)
    from .cli import run

    chunks: list[tuple[int, bytes]] = []
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Capture(real[0], 1, chunks), _Capture(real[1], 2, chunks)
    try:
        status = run(argv)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        sys.stdout, sys.stderr = real
    _write(chunks, status)
    # Kept only if no input changed while the engine read it: the digest must still match.
    if (
        kept_at is not None
        and all(fd == 1 for fd, _ in chunks)
        and answercache.answer_file(argv) == kept_at
    ):
        answercache.write_answer(kept_at, status, b"".join(data for _, data in chunks))
    leave(status)


def leave(status: int) -> NoReturn:
    """Flush the output and exit, skipping the interpreter's teardown of every module.

    Tearing the loaded modules down costs a short command a fifth of its time, and the
    output is complete by now.
    """
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: closed when govrules started (`>&-`)
                stream.flush()
    except BrokenPipeError:
        pass  # the reader went away (`govrules ... | head`): nothing more to say to it
    except OSError as exc:
        _cannot_write(exc.strerror or str(exc))
    os._exit(status)


def _write(chunks: Iterable[tuple[int, bytes]], status: int) -> None:
    for fd, data in chunks:
        stream = sys.stdout if fd == 1 else sys.stderr
        if stream is None:
            if fd == 1:
                _cannot_write("standard output is closed")
            continue  # stderr closed: nowhere to say it; the exit status still tells
        try:
            stream.flush()
            stream.buffer.write(data)
            stream.flush()
        except BrokenPipeError:
            os._exit(status)  # the reader has read all it wanted: the answer's status stands
        except OSError as exc:
            _cannot_write(exc.strerror or str(exc))


def _cannot_write(reason: str) -> NoReturn:
    # Not leave(): flushing the same output again would fail again.
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"govrules: error: cannot write the answer: {reason}\n")
            sys.stderr.flush()
        except OSError:
            pass
    os._exit(2)


class _Sink(io.BufferedIOBase):
    """Bytes written to a captured stream, kept in order with those of the other stream."""

    def __init__(self, fd: int, chunks: list[tuple[int, bytes]]) -> None:
        self._fd = fd
        self._chunks = chunks

    name = "<captured>"

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]  # bytes-like in
        self._chunks.append((self._fd, bytes(data)))
        return len(data)


class _Capture(io.TextIOWrapper):
    """Stands in for ``sys.stdout`` or ``sys.stderr``: same encoding, same answer to isatty()
    (click colours only for a terminal), output kept in memory."""

    def __init__(self, like: TextIO | None, fd: int, chunks: list[tuple[int, bytes]]) -> None:
        super().__init__(
            _Sink(fd, chunks),
            encoding=like.encoding if like is not None else "utf-8",
            errors=like.errors if like is not None else "strict",
            write_through=True,
        )
        self._tty = like is not None and like.isatty()

    def isatty(self) -> bool:
        return self._tty
