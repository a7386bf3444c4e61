"""A trust beside its source document: every quote found under the clause it cites, and
every clause of the document accounted for.

:func:`check_sources` is ``govrules validate --source DOC``: its findings (GR31x) are located
at the trust file's ``quote`` or ``clause``. :func:`coverage` is ``govrules coverage TRUST
--source DOC``: each clause of the document is *encoded* (rules cite it), a *gap* (gaps cite
it), *not procedural* (the trust says so, with a reason), a *heading* (only a title over its
sub-clauses) or *unaccounted*. The document is read by :mod:`govrules.authoring.sourcedoc`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..compiling.loader import checked_trust, resolve
from ..evaluating.answers import AnswerBase, SourceRef
from ..evaluating.finding import Finding
from ..language.schema import Source, Trust
from ..reading.errors import LoadError, excerpt
from ..reading.sourcefile import Limits, Located
from ..reading.yamlsource import Path_, read_yaml
from .findings import Emit, cited_sources, collector
from .sourcedoc import (
    Clause,
    SourceDocument,
    canonical_label,
    expand_range,
    read_document,
    split_quote,
)

__all__ = [
    "ClauseCoverage",
    "DocumentCoverage",
    "SourceCheck",
    "check_sources",
    "coverage",
]

Status = Literal["encoded", "gap", "not-procedural", "heading", "unaccounted"]


@dataclass(frozen=True)
class Citation:
    """One ``source`` of the trust file: where it is, what it cites, what cites it."""

    path: Path_
    source: Source
    cited_by: str
    """The rule path of what cites it (``strategic-board.quorum``, ``gaps[2]``)."""
    gap: bool


@dataclass
class _Context:
    located: Located
    trust: Trust
    document: SourceDocument
    others: dict[str, SourceDocument]
    findings: list[Finding] = field(default_factory=list)
    emit: Emit = field(init=False)

    def __post_init__(self) -> None:
        self.emit = collector(self.located, self.trust, self.findings)


@dataclass(frozen=True)
class SourceCheck(AnswerBase):
    """What ``validate --source`` found: quotes checked against the document."""

    trust: str
    document: str
    quotes: int
    quotes_found: int
    clauses_cited: int
    findings: tuple[Finding, ...]

    body = None
    question = "sources"
    explanation = ()

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    @property
    def answer(self) -> str:
        """``ok``, or ``problems`` when any finding is an error."""
        return "problems" if self.failed else "ok"

    def _extra(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "quotes": self.quotes,
            "quotes_found": self.quotes_found,
            "clauses_cited": self.clauses_cited,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class ClauseCoverage:
    """One clause of the document and what accounts for it."""

    clause: str
    status: Status
    line: int
    heading: str
    parent: str | None
    rules: tuple[str, ...] = ()
    """Rule paths citing it (for ``encoded``)."""
    gaps: tuple[str, ...] = ()
    """Gaps citing it (``gaps[i]: subject``)."""
    reason: str | None = None
    """Why it is not procedural (its own mark or its parent's)."""
    text: str = ""
    """Its own text as the document has it, up to the next clause (its number included)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "status": self.status,
            "line": self.line,
            "heading": self.heading,
            "parent": self.parent,
            "rules": list(self.rules),
            "gaps": list(self.gaps),
            "reason": self.reason,
            "text": self.text,
        }


@dataclass(frozen=True)
class DocumentCoverage(AnswerBase):
    """Every clause of the document, accounted for or not: the answer is ``accounted`` when
    none is unaccounted (and the trust's marks are all placed), else ``unaccounted``."""

    trust: str
    """The trust file."""
    document: str
    """The document file."""
    clauses: tuple[ClauseCoverage, ...]
    findings: tuple[Finding, ...] = ()
    """Problems placing the trust's declared clauses and marks (as in ``validate``), then a
    GR320 finding at the document's line of each unaccounted clause."""
    trust_id: str = ""

    body = None
    question = "coverage"
    explanation = ()

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in ("encoded", "gap", "not-procedural", "heading", "unaccounted")}
        for c in self.clauses:
            out[c.status] += 1
        return out

    @property
    def percent(self) -> float:
        """The clauses accounted for, as a percentage of those that need it (headings do not)."""
        counts = self.counts()
        need = len(self.clauses) - counts["heading"]
        if need == 0:
            return 100.0
        return round(100.0 * (need - counts["unaccounted"]) / need, 1)

    @property
    def unaccounted(self) -> tuple[ClauseCoverage, ...]:
        return tuple(c for c in self.clauses if c.status == "unaccounted")

    @property
    def answer(self) -> str:
        if any(f.severity == "error" for f in self.findings) or self.unaccounted:
            return "unaccounted"
        return "accounted"

    def to_dict(self) -> dict[str, Any]:
        # `trust` is the trust file here (an older name): the envelope's is the trust's id.
        return {**super().to_dict(), "trust": self.trust_id}

    def _extra(self) -> dict[str, Any]:
        return {
            "file": self.trust,
            "document": self.document,
            "percent": self.percent,
            "counts": self.counts(),
            "clauses": [c.to_dict() for c in self.clauses],
            "findings": [f.to_dict() for f in self.findings],
        }


# --------------------------------------------------------------------------- loading


def _load(trust: str | Path, limits: Limits | None) -> tuple[Located, Trust]:
    path = resolve(trust)
    located = read_yaml(path, limits)
    model, problems = checked_trust(located)
    if model is None:
        raise problems[0]
    return located, model


def document_path(located: Located, trust: Trust, document: str | Path | None) -> Path:
    """The document to read: the one given, or the trust's ``document.file`` (relative to
    the trust file).

    :raises LoadError: neither is there.
    """
    if document is not None:
        return Path(document)
    if trust.document.file is None:
        raise LoadError(
            "no source document: give one with --source, or name it in `document.file`",
            path=located.path,
        )
    return Path(located.path).parent / trust.document.file


def _context(
    trust: str | Path,
    document: str | Path | None,
    others: Mapping[str, str | Path] | None,
    limits: Limits | None,
) -> _Context:
    located, model = _load(trust, limits)
    numbering = model.document.numbering
    doc = read_document(document_path(located, model, document), numbering)
    other_docs = {name: read_document(p) for name, p in (others or {}).items()}
    ctx = _Context(located, model, doc, other_docs)
    for index, message in doc.problems:
        ctx.emit(
            "GR314",
            "error",
            ("document", "numbering", index, "at"),
            f"declared clause `{excerpt(numbering[index].clause)}`: {message}",
            "quote the first words of the clause as the document writes them; `after:` "
            "narrows where they are looked for",
            numbering[index].clause,
        )
    return ctx


def citations(trust: Trust) -> list[Citation]:
    """Every ``source`` in the trust, with the rule path of what cites it."""
    out: list[Citation] = []
    for path, source in cited_sources(trust):
        out.append(Citation(path, source, _rule_path(trust, path), path[:1] == ("gaps",)))
    return out


def _rule_path(trust: Trust, path: Path_) -> str:
    # The model path as a rule path: list items by their id where they have one.
    if path[:1] == ("gaps",) and len(path) > 1:
        gap = trust.gaps[int(path[1])]
        return f"gaps[{path[1]}]" + (f": {gap.subject}" if gap.subject else "")
    words: list[str] = []
    node: Any = trust
    for step in path:
        if isinstance(step, int):
            item = node[step]
            ident = getattr(item, "id", None) or getattr(item, "seat", None)
            if isinstance(ident, str):
                if words and words[-1] in ("bodies", "procedures"):
                    words.pop()
                words.append(ident)
            else:
                words.append(str(step))
            node = item
        else:
            node = getattr(node, step)
            words.append(step)
    if words and words[-1] == "source":
        words.pop()
    return ".".join(words) or "trust"


def _clause_path(located: Located, path: Path_) -> Path_:
    # `source: "10.1"` has no `clause` node of its own: the source's position stands in.
    return (*path, "clause") if (*path, "clause") in located.positions else path


# --------------------------------------------------------------------------- checking


def check_sources(
    trust: str | Path,
    document: str | Path | None = None,
    *,
    others: Mapping[str, str | Path] | None = None,
    limits: Limits | None = None,
) -> SourceCheck:
    """Check every quote and cited clause of a trust file against its source document.

    ``document`` defaults to the trust's ``document.file``; ``others`` maps the names a
    ``source.document`` gives to their files (sources citing a document not given are
    listed as GR317, not checked).

    :raises LoadError: the trust file or a document cannot be read (or the trust is invalid).
    """
    ctx = _context(trust, document, others, limits)
    quotes = found = 0
    cited: set[str] = set()
    for cite in citations(ctx.trust):
        source = cite.source
        # A source naming the trust's own document is the trust's own (its default).
        if source.document is not None and source.document != ctx.trust.document.title:
            doc = ctx.others.get(source.document)
            if doc is None:
                ctx.emit(
                    "GR317",
                    "info",
                    cite.path,
                    f"cites `{excerpt(source.document)}`, which was not given: not checked",
                    f"give it as --source '{excerpt(source.document)}=FILE'",
                )
                continue
        else:
            doc = ctx.document
        labels = expand_range(source.clause)
        cited.update(canonical_label(label) for label in labels)
        missing = [label for label in labels if doc.clause(label) is None]
        for label in missing:
            close = difflib.get_close_matches(label, doc.labels(), n=1, cutoff=0.6)
            ctx.emit(
                "GR311",
                "error",
                _clause_path(ctx.located, cite.path),
                f"clause `{excerpt(label)}` is not in {_name(doc)}",
                f"did you mean `{close[0]}`?" if close else "declare it in `document.numbering`",
                source.clause,
            )
        if source.quote is None:
            continue
        quotes += 1
        pieces = split_quote(source.quote)
        present = [label for label in labels if label not in missing]
        if present and doc.find(pieces, present) is not None:
            found += 1
            continue
        elsewhere = doc.find(pieces)
        quote_path = (*cite.path, "quote")
        if elsewhere is not None and present:
            where = elsewhere.clause or "the text before the first clause"
            ctx.emit(
                "GR313",
                "error",
                quote_path,
                f"the quote is in {where}, not under {source.clause}, which it cites",
                f"cite {where}" if elsewhere.clause else None,
                source.clause,
            )
            continue
        if elsewhere is not None:  # the clause is missing (GR311 says so); the words are there
            continue
        near = doc.nearest(source.quote, present or None) or doc.nearest(source.quote)
        hint = f"nearest text: `{excerpt(near, 200)}`" if near else None
        scope = f"under {source.clause}" if present else f"in {_name(doc)}"
        ctx.emit("GR312", "error", quote_path, f"the quote is not {scope}", hint, source.clause)
    _check_marks(ctx, cited)
    return SourceCheck(
        ctx.located.path,
        ctx.document.name,
        quotes,
        found,
        len(cited),
        tuple(ctx.findings),
    )


def _name(doc: SourceDocument) -> str:
    return f"the document ({Path(doc.name).name})"


def _check_marks(ctx: _Context, cited: set[str]) -> None:
    for i, mark in enumerate(ctx.trust.document.not_procedural):
        if ctx.document.clause(mark.clause) is None:
            ctx.emit(
                "GR315",
                "error",
                ("document", "not_procedural", i, "clause"),
                f"clause `{excerpt(mark.clause)}` is marked not procedural but is not in "
                f"{_name(ctx.document)}",
                None,
                mark.clause,
            )
        elif canonical_label(mark.clause) in cited:
            ctx.emit(
                "GR316",
                "warning",
                ("document", "not_procedural", i, "clause"),
                f"clause `{excerpt(mark.clause)}` is marked not procedural, but a rule or gap "
                "cites it",
                "remove the mark, or the citation",
                mark.clause,
            )


# --------------------------------------------------------------------------- coverage

_HEADING_WORDS = 15
"""A clause with sub-clauses and no more than this many words of its own is a heading."""


def coverage(
    trust: str | Path,
    document: str | Path | None = None,
    *,
    limits: Limits | None = None,
) -> DocumentCoverage:
    """Every clause of the trust's source document: encoded, a gap, not procedural, a heading
    or unaccounted (see the module's docstring).

    :raises LoadError: the trust file or the document cannot be read (or the trust is
        invalid).
    """
    ctx = _context(trust, document, None, limits)
    doc = ctx.document
    rules: dict[str, list[str]] = {}
    gaps: dict[str, list[str]] = {}
    for cite in citations(ctx.trust):
        if cite.source.document is not None:
            continue
        for label in expand_range(cite.source.clause):
            clause = doc.clause(label)
            if clause is None:
                continue
            bucket = gaps if cite.gap else rules
            names = bucket.setdefault(clause.label, [])
            if cite.cited_by not in names:
                names.append(cite.cited_by)
    marks: dict[str, str] = {}
    for mark in ctx.trust.document.not_procedural:
        clause = doc.clause(mark.clause)
        if clause is not None:
            marks.setdefault(clause.label, mark.reason)
    # A clause's reason is its own mark's, else its nearest marked parent's, in whatever order
    # the marks are listed.
    reasons: dict[str, str] = {}
    for clause in doc.clauses:
        up: Clause | None = clause
        seen: set[str] = set()
        while up is not None and up.label not in marks and up.label not in seen:
            seen.add(up.label)
            up = doc.clause(up.parent) if up.parent is not None else None
        if up is not None and up.label in marks:
            reasons[clause.label] = marks[up.label]
    out: list[ClauseCoverage] = []
    for clause in doc.clauses:
        has_children = bool(doc.descendants(clause.label))
        own_words = len(doc.own_text(clause).split())
        status: Status
        if clause.label in rules:
            status = "encoded"
        elif clause.label in gaps:
            status = "gap"
        elif clause.label in reasons:
            status = "not-procedural"
        elif has_children and own_words <= _HEADING_WORDS:
            status = "heading"
        else:
            status = "unaccounted"
        out.append(
            ClauseCoverage(
                clause.label,
                status,
                clause.line,
                clause.heading,
                clause.parent,
                tuple(rules.get(clause.label, ())),
                tuple(gaps.get(clause.label, ())),
                reasons.get(clause.label) if status == "not-procedural" else None,
                doc.own_text(clause).strip(),
            )
        )
    _check_marks(ctx, set())
    for item in out:
        if item.status == "unaccounted":
            ctx.findings.append(
                Finding(
                    "GR320",
                    "error",
                    f"clause {item.clause} is not accounted for: no rule or gap cites it and it "
                    "is not marked not procedural",
                    doc.name,
                    item.line,
                    1,
                    "encode it, record a gap, or add it to `document.not_procedural` with "
                    "the reason",
                    source=SourceRef(ctx.trust.document.title, item.clause),
                )
            )
    return DocumentCoverage(
        ctx.located.path, doc.name, tuple(out), tuple(ctx.findings), ctx.trust.id
    )
