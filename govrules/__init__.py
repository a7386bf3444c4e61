"""govrules: a rules engine for the governance procedures of partnership bodies.

Load a Memorandum of Understanding written as YAML and ask it procedural questions::

    import govrules

    trust = govrules.load("suffolk")
    answer = govrules.quorum(trust, "strategic-board", count=9)
    answer.answer        # "quorate"
    answer.to_dict()     # the same JSON the CLI prints

Every function is pure over an immutable :class:`Trust`, and answers every question afresh:
nothing is remembered between questions.
"""

from __future__ import annotations

# Importing the package costs next to nothing (no typing, no pathlib, not even the errors):
# each command imports only what it uses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path
    from typing import Any

    from .answers import (
        Answer,
        QuorumAnswer,
        Reason,
        SeatRight,
        SourceRef,
        VoteAnswer,
        VotersAnswer,
    )
    from .describe import ShowAnswer, show
    from .errors import GovrulesError, LoadError, QueryError
    from .escalation import EscalateAnswer, EscalationStep, escalate
    from .findings import Finding, ValidateAnswer
    from .loader import bundled_names
    from .meetings import CheckAnswer, check
    from .offices import eligible
    from .quorate import quorum
    from .schema import Trust
    from .sourcefile import Limits
    from .voting import vote, voters

# Names are imported on first use, so that a command pulls in only what it needs (the
# escalation graph needs networkx; a quorum question does not).
_LAZY = {
    "Answer": "answers",
    "QuorumAnswer": "answers",
    "Reason": "answers",
    "SeatRight": "answers",
    "SourceRef": "answers",
    "VoteAnswer": "answers",
    "VotersAnswer": "answers",
    "ShowAnswer": "describe",
    "GovrulesError": "errors",
    "LoadError": "errors",
    "QueryError": "errors",
    "show": "describe",
    "EscalateAnswer": "escalation",
    "EscalationStep": "escalation",
    "escalate": "escalation",
    "Finding": "findings",
    "ValidateAnswer": "findings",
    "Limits": "sourcefile",
    "bundled_names": "loader",
    "CheckAnswer": "meetings",
    "check": "meetings",
    "eligible": "offices",
    "quorum": "quorate",
    "Trust": "schema",
    "vote": "voting",
    "voters": "voting",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govrules' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Answer",
    "CheckAnswer",
    "EscalateAnswer",
    "EscalationStep",
    "Finding",
    "GovrulesError",
    "Limits",
    "LoadError",
    "QueryError",
    "QuorumAnswer",
    "Reason",
    "SeatRight",
    "ShowAnswer",
    "SourceRef",
    "Trust",
    "ValidateAnswer",
    "VoteAnswer",
    "VotersAnswer",
    "bundled_names",
    "check",
    "eligible",
    "escalate",
    "load",
    "quorum",
    "show",
    "validate",
    "vote",
    "voters",
]

__version__ = "0.1.0"


def load(trust: str | Path, *, as_of: date | None = None, limits: Limits | None = None) -> Trust:
    """Load a trust: a bundled name (``"suffolk"``), the path of a YAML file, or a folder of
    versions of one MoU (the version in force ``as_of``, default today).

    ``as_of`` also checks a single file's ``effective`` dates; ``limits``
    (:class:`govrules.sourcefile.Limits`) bounds what is read, as for :func:`validate`.

    :raises LoadError: the file is missing, malformed or inconsistent; ``str()`` of the error
        is one line, ``FILE:LINE:COLUMN: message``.
    :raises QueryError: no version is in force on ``as_of``.
    """
    from .versions import load_as_of

    return load_as_of(trust, as_of, limits=limits)


def validate(
    *files: str | Path, strict: bool = False, limits: Limits | None = None
) -> ValidateAnswer:
    """Check trust files: schema, references and semantic checks, every finding located.

    ``limits`` (:class:`govrules.sourcefile.Limits`) bounds what is read; the defaults refuse
    files over 1 MB or 50,000 YAML nodes, far beyond any real MoU.
    """
    from .findings import validate as _validate

    return _validate(*files, strict=strict, limits=limits)
