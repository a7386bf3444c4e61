"""Rules as of a date: a folder holding versions of one MoU, each saying when it is in force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..language.schema import Trust
from ..reading.errors import LoadError, QueryError
from ..reading.sourcefile import Limits
from .loader import load_trust

__all__ = ["in_force", "load_as_of", "load_versions"]


def load_versions(folder: str | Path, limits: Limits | None = None) -> list[Trust]:
    """Every version in ``folder`` (its ``*.yaml`` files), oldest first.

    :raises LoadError: a version fails to load, gives no ``effective.from`` date or the same
        one as another version, or belongs to another trust than the rest.
    """
    files = sorted(Path(folder).glob("*.y*ml"))
    if not files:
        raise LoadError("the folder holds no .yaml versions of a MoU", path=str(folder))
    begun: dict[dt.date, tuple[Path, Trust]] = {}
    for file in files:
        trust = load_trust(file, limits)
        if trust.effective is None or trust.effective.from_ is None:
            raise LoadError(
                "a version in a folder of versions needs `effective: {from: DATE}`",
                path=str(file),
                hint="say from when its rules are in force",
            )
        start = trust.effective.from_
        if start in begun:
            # Which of the two is in force from that day would be a guess.
            line, column = _position(file, ("effective", "from"), limits)
            raise LoadError(
                f"{begun[start][0].name} and {file.name} are both in force from "
                f"{start.isoformat()}",
                path=str(file),
                line=line,
                column=column,
                hint="give each version its own `effective.from`",
            )
        begun[start] = (file, trust)
    ids = {t.id for _, t in begun.values()}
    if len(ids) > 1:
        raise LoadError(
            f"the versions are of different trusts: {', '.join(sorted(ids))}", path=str(folder)
        )
    return [begun[start][1] for start in sorted(begun)]


def _position(
    file: Path, where: tuple[str, ...], limits: Limits | None
) -> tuple[int | None, int | None]:
    """Where ``where`` is written in ``file``, for an error about a version that loaded: read
    again for its positions only on that path (the trust keeps none)."""
    from ..reading.yamlsource import parse_yaml

    return parse_yaml(file.read_bytes(), str(file), limits).position(where)


def in_force(versions: list[Trust], on: dt.date) -> Trust:
    """The version in force on ``on``: the latest that has begun, unless it has ended.

    :raises QueryError: no version is in force on that date.
    """
    chosen: Trust | None = None
    for trust in versions:
        effective = trust.effective
        if effective is not None and effective.from_ is not None and effective.from_ <= on:
            chosen = trust
    if chosen is None or (
        chosen.effective is not None
        and chosen.effective.until is not None
        and on >= chosen.effective.until
    ):
        first = versions[0].effective
        start = first.from_.isoformat() if first and first.from_ else "?"
        raise QueryError(
            f"no version of the MoU is in force on {on.isoformat()} "
            f"(the earliest is in force from {start})"
        )
    return chosen


def load_as_of(
    trust: str | Path, as_of: dt.date | None = None, limits: Limits | None = None
) -> Trust:
    """Load a trust (a bundled name, a file, or a folder of versions) as in force on a date.

    A folder needs ``as_of`` (default: today). A single file with ``effective`` dates is
    checked against ``as_of`` when one is given.
    """
    if not str(trust).strip():
        raise LoadError("no trust given: name a bundled trust or a file", path="''")
    try:
        folder = Path(trust).is_dir()
    except (OSError, ValueError):  # a name the system cannot look up (too long): reading it
        folder = False  # says so, located
    if folder:
        return in_force(load_versions(trust, limits), as_of or dt.date.today())
    loaded = load_trust(trust, limits)
    if as_of is not None and loaded.effective is not None:
        in_force([loaded], as_of)
    return loaded
