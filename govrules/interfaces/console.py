"""The ``govrules`` console script: the command line runs with its output captured in order.

The whole command (:func:`govrules.interfaces.cli.run`) runs first and its output is written out
after,
so the exit status is always the answer's own: a reader that stops early
(``govrules ... | head -1``), a closed standard error or an output encoding that cannot show
every character never turns a "yes" into an error.
"""

from __future__ import annotations

import io
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NoReturn, TextIO

__all__ = ["leave", "main"]


def main() -> NoReturn:
    """Answer the command line in ``sys.argv``."""
    from .cli import run

    chunks: list[tuple[int, bytes]] = []
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Capture(real[0], 1, chunks), _Capture(real[1], 2, chunks)
    try:
        status = run(sys.argv[1:])
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        sys.stdout, sys.stderr = real
    _write(chunks, status)
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
            # A character the output's encoding cannot show (PYTHONIOENCODING=ascii) is written
            # as a visible escape rather than failing the whole answer.
            errors="backslashreplace",
            write_through=True,
        )
        self._tty = like is not None and like.isatty()

    def isatty(self) -> bool:
        return self._tty
