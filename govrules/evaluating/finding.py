"""One finding type for every command that reports findings: ``validate`` (and ``coverage``,
``validate --source``), ``check``, ``audit``, ``diff`` (its changes) and ``test`` (its failed
cases).

A finding is data: what is wrong or what changed (``text``), a stable ``code``, how much it
matters (``severity``), where it is (a file's ``line`` and ``column``; the ``body``,
``subject``, ``decision`` or ``rule`` it is about), the clause behind it (``source``) and what
to do about it (``hint``). Each command publishes its findings' JSON in the shape it always
has (``form``); the shapes are declared once, below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Any, Literal

from .answers import SourceRef

__all__ = ["FORMS", "Finding", "Form", "Severity"]

Severity = Literal["error", "unspecified", "warning", "info"]
"""``unspecified`` where the MoU does not settle it; a ``diff`` change is ``info``."""

Form = Literal["validate", "check", "audit", "diff", "test"]
"""The command whose published JSON shape a finding takes (``validate`` also for
``coverage`` and ``validate --source``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: what is wrong or changed, its code, severity, place, clause and hint.

    ``govrules.CheckFinding``, ``govrules.AuditFinding`` and ``govrules.Change`` are this
    type. The older names each command's findings had are read-only properties:
    ``message`` and ``path`` (``text`` and ``file``), ``clause`` and ``document`` (of
    ``source``), ``kind`` (a change's ``code``) and ``topic`` (an audit finding's ``code``
    without ``audit-``).
    """

    code: str
    """Stable: ``GRnnn`` (validate), ``check-meeting``/``check-decision``, ``audit-TOPIC``,
    a change's kind (``quorum-changed``), ``test-failed``/``test-error``."""
    severity: Severity
    text: str
    """What is wrong, or what changed, in plain words."""
    file: str | None = None
    """The file it is in, as named (``validate``, a scenario case)."""
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    """What to do about it."""
    _: KW_ONLY
    source: SourceRef | None = None
    """The clause it rests on (for a change, the new version's; the old one's if removed)."""
    rule: str | None = None
    """The rule path it is about, where it is about one rule (``strategic-board.quorum``)."""
    body: str | None = None
    """The body it is about."""
    subject: str | None = None
    """The seat, procedure, partner, line target or gap subject a change is about; the name
    of a scenario case."""
    decision: int | None = None
    """The index of the meeting record's decision it is about (``check``)."""
    before: str | None = None
    """A change's value in the old version (short)."""
    after: str | None = None
    """A change's value in the new version (short)."""
    form: Form = "validate"
    """The shape of its JSON: that of the command that found it."""

    @property
    def message(self) -> str:
        """``text``, as ``validate`` findings called it."""
        return self.text

    @property
    def path(self) -> str:
        """``file``, as ``validate`` findings called it."""
        return self.file or ""

    @property
    def clause(self) -> str | None:
        """The clause label of ``source``."""
        return self.source.clause if self.source else None

    @property
    def document(self) -> str | None:
        """The title of the document ``clause`` belongs to."""
        return self.source.document if self.source else None

    @property
    def kind(self) -> str:
        """``code``, as ``diff`` changes call it (``quorum-changed``, ``vote-gained``, ...)."""
        return self.code

    @property
    def topic(self) -> str:
        """An audit finding's topic: ``frequency``, ``attendance``, ``election``, ..."""
        return self.code.removeprefix("audit-")

    def render(self) -> str:
        """One line: ``FILE:LINE:COLUMN: severity[CODE]: text (hint: ...)``."""
        loc = ":".join(str(x) for x in (self.file, self.line, self.column) if x is not None)
        text = f"{loc}: " if loc else ""
        text += f"{self.severity}[{self.code}]: {self.text}"
        return text + (f" (hint: {self.hint})" if self.hint else "")

    def to_dict(self) -> dict[str, Any]:
        """The finding's JSON, in the shape of the command that found it (:data:`FORMS`)."""
        return {key: _FIELDS[key](self) for key in FORMS[self.form]}


def _source(f: Finding) -> dict[str, Any] | None:
    return f.source.to_dict() if f.source else None


_FIELDS: dict[str, Callable[[Finding], Any]] = {
    "severity": lambda f: f.severity,
    "code": lambda f: f.code,
    "kind": lambda f: f.code,
    "topic": lambda f: f.topic,
    "text": lambda f: f.text,
    "source": _source,
    "location": lambda f: {"file": f.file, "line": f.line, "column": f.column},
    "hint": lambda f: f.hint,
    "body": lambda f: f.body,
    "subject": lambda f: f.subject,
    "decision": lambda f: f.decision,
    "before": lambda f: f.before,
    "after": lambda f: f.after,
    # `validate`'s older names, kept so that scripts written against them go on working
    # (deprecated: see the README).
    "message": lambda f: f.text,
    "file": lambda f: f.file,
    "line": lambda f: f.line,
    "column": lambda f: f.column,
    "clause": lambda f: f.clause,
}

FORMS: dict[Form, tuple[str, ...]] = {
    "validate": (
        *("severity", "code", "text", "source", "location", "hint"),
        *("message", "file", "line", "column", "clause"),
    ),
    "check": ("severity", "code", "text", "decision", "source"),
    "audit": ("severity", "code", "topic", "body", "text", "source"),
    "diff": ("kind", "body", "subject", "text", "before", "after", "source"),
    "test": ("severity", "code", "text", "source", "location"),
}
"""Each command's published finding shape: its keys, in order (``docs/*.schema.json``)."""
