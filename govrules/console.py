"""The ``govrules`` console script: a repeated question is answered before the engine loads.

Standard library only until the answer cache (:mod:`govrules.answercache`) has been asked; on
a miss the full command line runs (:func:`govrules.cli.run`), its output is captured in order,
written out, and kept for next time when it can be.
"""

from __future__ import annotations

import io
import os
import sys

from . import answercache

TYPE_CHECKING = False
if TYPE_CHECKING:
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
            _write(((1, output),))
            leave(status)
    from .cli import run

    if kept_at is None:
        leave(run(argv))
    chunks: list[tuple[int, bytes]] = []
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Capture(real[0], 1, chunks), _Capture(real[1], 2, chunks)
    try:
        status = run(argv)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        sys.stdout, sys.stderr = real
    _write(chunks)
    # Kept only if no input changed while the engine read it: the digest must still match.
    if all(fd == 1 for fd, _ in chunks) and answercache.answer_file(argv) == kept_at:
        answercache.write_answer(kept_at, status, b"".join(data for _, data in chunks))
    leave(status)


def leave(status: int) -> NoReturn:
    """Flush the output and exit, skipping the interpreter's teardown of every module.

    Tearing the loaded modules down costs a short command a fifth of its time, and the
    output is complete by now.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away (`govrules ... | head`): nothing more to say to it
    except OSError as exc:
        sys.stderr.write(f"govrules: error: cannot write the answer: {exc.strerror or exc}\n")
        status = 2
    os._exit(status)


def _write(chunks: tuple[tuple[int, bytes], ...] | list[tuple[int, bytes]]) -> None:
    try:
        for fd, data in chunks:
            stream = sys.stdout if fd == 1 else sys.stderr
            stream.flush()
            stream.buffer.write(data)
            stream.flush()
    except BrokenPipeError:
        os._exit(0)
    except OSError as exc:
        sys.stderr.write(f"govrules: error: cannot write the answer: {exc.strerror or exc}\n")
        sys.stderr.flush()
        os._exit(2)  # not leave(): flushing the same output again would fail again


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

    def __init__(self, like: TextIO, fd: int, chunks: list[tuple[int, bytes]]) -> None:
        super().__init__(
            _Sink(fd, chunks),
            encoding=like.encoding,
            errors=like.errors,
            write_through=True,
        )
        self._tty = like.isatty()

    def isatty(self) -> bool:
        return self._tty
