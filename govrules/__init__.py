"""govrules: a rules engine for the governance procedures of partnership bodies.

Load a Memorandum of Understanding written as YAML and ask it procedural questions::

    import govrules

    trust = govrules.load("suffolk")
    answer = govrules.quorum(trust, "strategic-board", count=9)
    answer.answer        # "quorate"
    answer.to_dict()     # the same JSON the CLI prints

Every function is pure over an immutable :class:`Trust`, and answers every question afresh:
nothing is remembered between questions. Every command of the ``govrules`` CLI is a function
here (``docs/api.md`` lists them all).
"""

from __future__ import annotations

import sys

from .version import __version__ as __version__

# Importing the package costs next to nothing (no typing, no pathlib, not even the errors):
# each command imports only what it uses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping
    from pathlib import Path
    from typing import Any, Literal

    from .authoring.diff import Change, DiffAnswer
    from .authoring.findings import ValidateAnswer
    from .authoring.fmt import FormatResult, format_files
    from .authoring.scenarios import CaseResult, ScenarioReport
    from .authoring.sourcecheck import (
        ClauseCoverage,
        DocumentCoverage,
        SourceCheck,
        check_sources,
        coverage,
    )
    from .compiling.loader import bundled_names
    from .evaluating.answers import (
        Answer,
        AnswerBase,
        Concurred,
        QuorumAnswer,
        Reason,
        SeatRight,
        SourceRef,
        VoteAnswer,
        VotersAnswer,
    )
    from .evaluating.audit import AuditAnswer, AuditFinding
    from .evaluating.escalation import EscalateAnswer, EscalationStep, escalate
    from .evaluating.finding import Finding
    from .evaluating.finding import Finding as CheckFinding
    from .evaluating.meetings import CheckAnswer, DecisionResult, MeetingRecord, check
    from .evaluating.offices import eligible
    from .evaluating.quorate import quorum
    from .evaluating.voting import vote, voters
    from .language.schema import Trust
    from .presenting.describe import ShowAnswer, show
    from .reading.errors import GovrulesError, LoadError, QueryError
    from .reading.sourcefile import Limits

# Names are imported on first use, so that a command pulls in only what it needs (the
# escalation graph needs networkx; a quorum question does not). name: (module, its name there)
# Each question's function is here as the registry of questions declares it
# (govrules/evaluating/questions.py), or wrapped below; tests/test_questions.py holds both.
_LAZY = {
    "Answer": ("evaluating.answers", "Answer"),
    "AnswerBase": ("evaluating.answers", "AnswerBase"),
    "Concurred": ("evaluating.answers", "Concurred"),
    "QuorumAnswer": ("evaluating.answers", "QuorumAnswer"),
    "Reason": ("evaluating.answers", "Reason"),
    "SeatRight": ("evaluating.answers", "SeatRight"),
    "SourceRef": ("evaluating.answers", "SourceRef"),
    "VoteAnswer": ("evaluating.answers", "VoteAnswer"),
    "VotersAnswer": ("evaluating.answers", "VotersAnswer"),
    "AuditAnswer": ("evaluating.audit", "AuditAnswer"),
    "AuditFinding": ("evaluating.audit", "AuditFinding"),
    "ShowAnswer": ("presenting.describe", "ShowAnswer"),
    "show": ("presenting.describe", "show"),
    "Change": ("authoring.diff", "Change"),
    "DiffAnswer": ("authoring.diff", "DiffAnswer"),
    "GovrulesError": ("reading.errors", "GovrulesError"),
    "LoadError": ("reading.errors", "LoadError"),
    "QueryError": ("reading.errors", "QueryError"),
    "EscalateAnswer": ("evaluating.escalation", "EscalateAnswer"),
    "EscalationStep": ("evaluating.escalation", "EscalationStep"),
    "escalate": ("evaluating.escalation", "escalate"),
    "Finding": ("evaluating.finding", "Finding"),
    "ValidateAnswer": ("authoring.findings", "ValidateAnswer"),
    "FormatResult": ("authoring.fmt", "FormatResult"),
    "format_files": ("authoring.fmt", "format_files"),
    "bundled_names": ("compiling.loader", "bundled_names"),
    "CheckAnswer": ("evaluating.meetings", "CheckAnswer"),
    # A meeting's finding is a Finding: the name is kept for code written against it.
    "CheckFinding": ("evaluating.finding", "Finding"),
    "DecisionResult": ("evaluating.meetings", "DecisionResult"),
    "MeetingRecord": ("evaluating.meetings", "MeetingRecord"),
    "check": ("evaluating.meetings", "check"),
    "eligible": ("evaluating.offices", "eligible"),
    "quorum": ("evaluating.quorate", "quorum"),
    "CaseResult": ("authoring.scenarios", "CaseResult"),
    "ScenarioReport": ("authoring.scenarios", "ScenarioReport"),
    "Trust": ("language.schema", "Trust"),
    "ClauseCoverage": ("authoring.sourcecheck", "ClauseCoverage"),
    "DocumentCoverage": ("authoring.sourcecheck", "DocumentCoverage"),
    "SourceCheck": ("authoring.sourcecheck", "SourceCheck"),
    "check_sources": ("authoring.sourcecheck", "check_sources"),
    "coverage": ("authoring.sourcecheck", "coverage"),
    "Limits": ("reading.sourcefile", "Limits"),
    "vote": ("evaluating.voting", "vote"),
    "voters": ("evaluating.voting", "voters"),
}


def __getattr__(name: str) -> Any:
    found = _LAZY.get(name)
    if found is None:
        raise AttributeError(f"module 'govrules' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{found[0]}", __name__), found[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Answer",
    "AnswerBase",
    "AuditAnswer",
    "AuditFinding",
    "CaseResult",
    "Change",
    "CheckAnswer",
    "CheckFinding",
    "ClauseCoverage",
    "Concurred",
    "DecisionResult",
    "DiffAnswer",
    "DocumentCoverage",
    "EscalateAnswer",
    "EscalationStep",
    "Finding",
    "FormatResult",
    "GovrulesError",
    "Limits",
    "LoadError",
    "MeetingRecord",
    "QueryError",
    "QuorumAnswer",
    "Reason",
    "ScenarioReport",
    "SeatRight",
    "ShowAnswer",
    "SourceCheck",
    "SourceRef",
    "Trust",
    "ValidateAnswer",
    "VoteAnswer",
    "VotersAnswer",
    "audit",
    "bundled_names",
    "check",
    "check_sources",
    "coverage",
    "diff",
    "eligible",
    "escalate",
    "format_files",
    "graph",
    "load",
    "quorum",
    "report",
    "run_tests",
    "schema",
    "serve",
    "show",
    "skeleton",
    "validate",
    "vote",
    "voters",
]


def load(
    trust: str | Path | Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    limits: Limits | None = None,
) -> Trust:
    """Load a trust: a bundled name (``"suffolk"``), the path of a YAML file, a folder of
    versions of one MoU (the version in force ``as_of``, default today), or data already
    parsed (a mapping, as a service receives it), checked as a file is: build a trust from
    data this way, not with ``Trust.model_validate``, which checks its shape alone.

    ``as_of`` also checks a single file's ``effective`` dates; ``limits``
    (:class:`Limits`) bounds what is read, as for :func:`validate`.

    :raises LoadError: the file is missing, malformed or inconsistent; ``str()`` of the error
        is one line, ``FILE:LINE:COLUMN: message``.
    :raises QueryError: no version is in force on ``as_of``.
    """
    from collections import abc

    from .compiling.versions import load_as_of
    from .reading.errors import QueryError

    if isinstance(trust, abc.Mapping):
        from .compiling.loader import trust_from_data
        from .compiling.versions import in_force

        if limits is not None:
            # They bound text as it is read; data given already parsed was read elsewhere.
            raise QueryError("limits bound a file's text: check the size of data before loading it")
        loaded = trust_from_data(trust)
        if as_of is not None and loaded.effective is not None:
            in_force([loaded], as_of)
        return loaded
    return load_as_of(trust, as_of, limits=limits)


def validate(
    *files: str | Path, strict: bool = False, limits: Limits | None = None
) -> ValidateAnswer:
    """Check trust files: schema, references and semantic checks, every finding located.

    ``limits`` (:class:`Limits`) bounds what is read; the defaults refuse files over 1 MB or
    50,000 YAML nodes, far beyond any real MoU. Never raises for a bad file: an unreadable
    one is a ``GR001`` finding.
    """
    from .authoring.findings import validate as _validate

    return _validate(*files, strict=strict, limits=limits)


def audit(
    trust: Trust,
    records: Iterable[str | Path | Mapping[str, Any]],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    trust_root: str | Path | None = None,
    limits: Limits | None = None,
) -> AuditAnswer:
    """Audit a series of meeting records (files, folders of ``.yaml`` files, or parsed
    mappings) over a period: meeting frequency, pre-meetings, absences, elections, minutes.

    The period runs from ``start`` (default 1 January of the first record's year) to ``end``
    (default the last record); ``trust_root`` confines the trust a record may name, as for
    :func:`check`; ``limits`` (:class:`Limits`) bound what is read, as for :func:`validate`.

    :raises LoadError: a record is malformed or inconsistent (``FILE:LINE:COLUMN``).
    :raises QueryError: a record is of another trust, or no records were given.
    """
    from pathlib import Path

    from .evaluating.audit import audit as _audit
    from .evaluating.audit import record_files

    items: list[str | Path | Mapping[str, Any]] = []
    for item in records:
        # A folder stands for its records, as on the command line.
        items.extend(record_files([item]) if isinstance(item, str | Path) else [item])
    return _audit(trust, items, start=start, end=end, trust_root=trust_root, limits=limits)


def diff(
    old: Trust | str | Path, new: Trust | str | Path, *, limits: Limits | None = None
) -> DiffAnswer:
    """What changes in practice from ``old`` to ``new``, two versions of one MoU (each a
    loaded :class:`Trust`, a bundled name or a path): seats, votes, quorum, chairs, steps.
    ``limits`` (:class:`Limits`) bound what is read, as for :func:`validate`.

    :raises LoadError: a version given by name or path does not load.
    """
    from .authoring.diff import diff as _diff
    from .language.schema import Trust

    def loaded(trust: Trust | str | Path) -> Trust:
        return trust if isinstance(trust, Trust) else load(trust, limits=limits)

    return _diff(loaded(old), loaded(new))


def graph(
    trust: Trust,
    *,
    view: Literal["structure", "escalation"] = "structure",
    format: Literal["mermaid", "dot", "svg"] = "mermaid",
) -> str:
    """The structure chart (bodies, chairs, lines) or the escalation routes of ``trust``, as
    Mermaid or DOT text, or an SVG document (which needs Graphviz installed).

    :raises GovrulesError: an unknown view or format, or Graphviz missing for ``svg``.
    """
    from .presenting.charts import chart, render_svg

    if format == "svg":
        return render_svg(chart(trust, "dot", view))
    return chart(trust, format, view)


def report(
    *trusts: str | Path,
    as_of: dt.date | None = None,
    svg: bool | None = None,
    sources: Mapping[str, str | Path] | None = None,
    limits: Limits | None = None,
) -> str:
    """One self-contained HTML review page for the trusts given by bundled name or path:
    charts, each body's rules with their clauses, procedures, findings and gaps.

    ``svg``: ``None`` draws the charts with Graphviz when it is installed, ``True`` requires
    it, ``False`` never uses it. ``sources`` maps a trust (as given) to its source document:
    the page then shows the document clause by clause beside the rules and gaps citing each,
    the unaccounted clauses marked (as does a trust's own ``document.file``). ``limits``
    (:class:`Limits`) bound what is read, as for :func:`validate`.

    :raises LoadError: a trust or a source document does not load.
    :raises GovrulesError: ``svg=True`` and Graphviz is missing or fails.
    """
    from .presenting.report import report_html

    given = {str(name): path for name, path in (sources or {}).items()}
    loaded = [(str(name), load(name, as_of=as_of, limits=limits)) for name in trusts]
    return report_html(loaded, svg=svg, sources=given)


def run_tests(
    *files: str | Path, trust_root: str | Path | None = None, limits: Limits | None = None
) -> ScenarioReport:
    """Run scenario files (questions with expected answers; ``docs/scenarios.md``): every
    case's result, with what was expected and what came out. ``trust_root`` confines the
    trust a file may name, as for :func:`check`; ``limits`` (:class:`Limits`) bound what is
    read, as for :func:`validate`.

    :raises LoadError: a scenario file is malformed, or its trust does not load.
    """
    from .authoring.scenarios import run_scenarios

    return run_scenarios(files, trust_root=trust_root, limits=limits)


def schema(kind: Literal["trust", "record", "scenarios"] = "trust") -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a trust file (an MoU), a meeting record or a
    scenario file, with a description of every field: for editors and other tools.

    :raises ValueError: an unknown kind.
    """
    from .presenting.answerschema import file_schema

    return file_schema(kind)


def skeleton() -> str:
    """The commented skeleton of a new trust file (what ``govrules init`` writes): it
    validates as it stands, and each comment says what to put in its place."""
    from .authoring.skeleton import SKELETON

    return SKELETON


def serve(
    *trusts: str | Path,
    trusts_dir: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    max_request_bytes: int = 1_000_000,
    timeout: float = 10.0,
) -> None:
    """Answer over HTTP until interrupted (``docs/serve.md``): each command an endpoint that
    returns its ``--format json`` answer, for the trusts given (bundled names or paths) and
    the ``*.yaml`` files of ``trusts_dir`` (with neither, the bundled trusts); SIGHUP reloads
    them. Needs the ``serve`` extra (``pip install 'govrules[serve]'``).

    :raises GovrulesError: a trust does not load, or two have the same id.
    """
    from .interfaces.serve import run

    run(
        [str(t) for t in trusts],
        None if trusts_dir is None else str(trusts_dir),
        host,
        port,
        max_bytes=max_request_bytes,
        timeout=timeout,
    )


# The functions above share their names with the modules that hold their engines
# (``govrules.evaluating.audit``, ``govrules.language.schema``, ...). Importing such a module would
# set the
# package's attribute to the module; the package keeps the function instead, and the module
# stays importable by its full name (``from govrules.evaluating.audit import record_files``).
_FUNCTIONS = frozenset({"audit", "diff", "graph", "report", "schema", "serve", "skeleton"})


class _Package(type(sys)):  # type: ignore[misc]
    def __setattr__(self, name: str, value: object) -> None:
        if name in _FUNCTIONS and isinstance(value, type(sys)):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
