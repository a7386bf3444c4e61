"""The codes and words of a reference check: an id a rule names that the trust does not
declare, or an id declared twice. The loader and the member-class checks both use them, so
one problem reads and is coded alike wherever it is found."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..reading.errors import excerpt

__all__ = ["MISPLACED", "TWICE", "UNKNOWN", "closest", "unknown"]

UNKNOWN = "GR010"
"""The code of a reference that names nothing the trust declares."""
TWICE = "GR011"
"""The code of an id declared twice, or declared though taken (a built-in class, a word a
question reserves)."""
MISPLACED = "GR002"
"""The code of an id the schema does not allow where it is written (a class derived from the
voting rule, declared on a seat)."""


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known id nearest ``value``, where one is near enough to be a slip of the keys."""
    matches = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown(
    kind: str,
    value: str,
    known: Iterable[str],
    body: str | None = None,
    otherwise: str | None = None,
) -> str:
    """An unknown id in words: "unknown seat `membr` in `board`; did you mean `member`?", or,
    with no known id near it, ``otherwise`` ("declare it in `member_classes`") after it."""
    where = f" in `{body}`" if body else ""
    close = closest(value, known)
    after = f"; did you mean `{close}`?" if close else (f"; {otherwise}" if otherwise else "")
    return f"unknown {kind} `{excerpt(value)}`{where}{after}"
