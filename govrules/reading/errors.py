"""Errors raised by govrules. Every one prints as a single line a person can act on."""

from __future__ import annotations

__all__ = ["GovrulesError", "LoadError", "QueryError", "WriteError", "excerpt", "quoted"]


class GovrulesError(Exception):
    """Base class of every error govrules raises on purpose."""


class LoadError(GovrulesError):
    """A file could not be read, parsed or validated.

    ``str()`` is the one-line ``FILE:LINE:COLUMN: message`` form (line and column are
    1-based and omitted when unknown); :meth:`render` adds the hint.
    """

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        self.message = message
        self.code = code
        """A stable finding code (``GR002`` schema, ``GR010`` reference, ...), where one fits."""
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        # The public contract: exactly `FILE:LINE:COLUMN: message`, one line.
        return f"{self.location}: {self.message}"

    @property
    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """The one line with the hint, as the command line prints it."""
        text = str(self)
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class WriteError(LoadError, OSError):
    """A file could not be written; whatever was at its path is as it was.

    One line, ``PATH: message``, like a :class:`LoadError` (with its hint); also an
    :class:`OSError`, as the failures of the writer were before, with ``errno`` when the
    operating system gave one.
    """

    def __init__(
        self, message: str, path: str, hint: str | None = None, errno: int | None = None
    ) -> None:
        super().__init__(message, path=path, hint=hint)
        self.errno = errno
        self.strerror = message
        self.filename = path


class QueryError(GovrulesError):
    """A question named something the trust does not have (an unknown body, seat or procedure)."""


EXCERPT = 40
"""The most characters of a file's content an error message repeats."""


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value from a file as an error message may quote it: one printable line, at most
    ``limit`` characters (cut with an ellipsis).

    Errors repeat only the offending token, and only this much of it: ``govrules.check`` may
    run on uploaded records whose ``trust:`` names a file their author cannot read, and an
    error must not become a way to read it.
    """
    text = value if isinstance(value, str) else repr(value)
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def quoted(error: GovrulesError) -> str:
    """An error as another one quotes it ("cannot use trust `x`: ..."): its file's name came
    from the quoting file and is cut like any other value, but from the left, since a path's
    end names the file (a version in a folder of versions)."""
    if isinstance(error, LoadError) and error.path is not None:
        path = error.path if len(error.path) <= EXCERPT else "..." + error.path[3 - EXCERPT :]
        return str(LoadError(error.message, excerpt(path), error.line, error.column))
    return str(error)
