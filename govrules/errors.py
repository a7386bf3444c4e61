"""Errors raised by govrules. Every one prints as a single line a person can act on."""

from __future__ import annotations

__all__ = ["GovrulesError", "LoadError", "QueryError", "WriteError"]


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
