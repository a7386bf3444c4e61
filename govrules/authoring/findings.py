"""``govrules validate``: schema errors and semantic checks, every one located.

Each check is a small function yielding findings; the runner attaches file positions.
Codes are stable: GR0xx schema and loading, GR1xx structure, GR2xx rules, GR3xx gaps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from ..compiling.loader import bundled_compiled, bundled_located, checked_trust, resolve
from ..evaluating.answers import AnswerBase, SourceRef
from ..evaluating.finding import Finding
from ..evaluating.kinds import checks
from ..evaluating.rulekind import Severity
from ..language import paths
from ..language.paths import path_of
from ..language.phrasebook import path_words
from ..language.schema import (
    Rule,
    Source,
    Trust,
)
from ..reading.errors import LoadError, excerpt
from ..reading.gcpause import collector_paused
from ..reading.sourcefile import Limits, Located, Path_, read_bytes

__all__ = ["Finding", "ValidateAnswer", "cited_sources", "validate", "validate_text"]


CODES: dict[str, str] = {
    "GR001": "The file cannot be read or parsed as YAML.",
    "GR002": "The file does not follow the MoU schema.",
    "GR010": "A reference names something the trust does not declare: a body, seat, partner, "
    "procedure, kind of matter, member class, partner kind or rule path.",
    "GR011": "An id is used twice, or declared though a built-in class or a reserved word has it.",
    "GR101": "A chair or vice-chair is a seat the rules forbid from holding it.",
    "GR102": "Only a voting member may hold an office, but its seat does not vote.",
    "GR103": "Chair and vice-chair are the same single seat.",
    "GR104": "Bodies that must have different chairs share one.",
    "GR105": "An escalation route loops.",
    "GR106": "An escalation route can never reach the final arbiter.",
    "GR107": "A procedure names no final arbiter.",
    "GR108": "A body has no accountability or reporting line.",
    "GR109": "A statutory partner has no seat on the board the law requires it to sit on.",
    "GR110": "A step's `confirmed_by` names no later step of its procedure, or a step that puts "
    "nothing to a vote.",
    "GR111": "A `distinct-chairs` rule names fewer than two different bodies.",
    "GR112": "A step marked final is followed by steps that decide again (marked final too, "
    "or a meeting's step rather than one person's act on the decision), or by referrals to "
    "another body.",
    "GR201": "A quorum larger than the membership.",
    "GR202": "A required presence no attendance can meet.",
    "GR203": "A voting rule on a body with no voting seat.",
    "GR204": "A quorum field that has no effect on a fixed-number quorum (`rounding`, `of`, a "
    "`minimum` no larger than the number).",
    "GR205": "A vote weight that counts nowhere: on a seat that never votes, on a body with no "
    "stated voting rule, or on a partner with no seat.",
    "GR206": "A field that has no effect where it is written: a quorum `minimum` that never "
    "binds, `at_least` on an office's presence, details of substitutes a body does not allow, "
    "`may_vote` for a member who withdraws, `tie_by_lot_source` with no `tie_by_lot_on`, `tie` "
    "where the chair has a casting vote; a time field with no day count (working or clear days, a "
    "region or the event counted from), or a region on calendar days.",
    "GR211": "Who may hold an office is written only in words, so `eligible` cannot check it.",
    "GR212": "A vote a resolution must include that no vote can supply: it could never carry.",
    "GR213": "A declared member class or partner kind that nothing has, so rules naming it are "
    "never met.",
    "GR214": "An office held ex officio by a seat its own rule says may not hold it (its "
    "`from_among`, `not_from_among`, or `different_partner_from` the other office's holder).",
    "GR215": "`must_include` or `voter_classes` on a voting rule the document does not state: "
    "no vote reads them.",
    "GR216": "Working days are counted but no region is declared: an answer whose days span a "
    "bank holiday of one region only is unspecified.",
    "GR220": "A kind of matter declared that no rule treats differently.",
    "GR221": "A rule for some kinds of matter that has no effect: on a rule that is not stated, "
    "or the same as the general rule.",
    "GR222": "Votes counted by partner (`votes_by: partner`, or a reading giving it) on a body "
    "whose seats carry weighted votes: how a weighted partner casts its one vote is not defined.",
    "GR301": "A gap recorded in the document: silence, placeholder, conflict or wrong reference.",
    "GR302": "A rule cites no clause.",
    "GR303": "A drafting placeholder left in the text.",
    "GR305": "A cited clause is not among the document's clauses.",
    "GR306": "Two clauses state the same rule differently.",
    "GR307": "A clause label YAML read as a number, so it is not the label written (5.10 as 5.1).",
    "GR308": "A rule the document states that govrules cannot express (not-encoded): every "
    "answer that reads it is unspecified.",
    "GR309": "A reading the same as the value encoded or as an earlier reading: it weighs nothing.",
    "GR311": "A cited clause is not in the source document (validate --source).",
    "GR312": "A quote is not in the source document, or not under its clause.",
    "GR313": "A quote is in the source document, but under another clause than the one cited.",
    "GR314": "A clause the trust declares (document.numbering) cannot be placed in the document.",
    "GR315": "A clause marked not procedural is not in the source document.",
    "GR316": "A clause marked not procedural is cited by a rule or gap.",
    "GR317": "A source cites another document, which was not given: not checked.",
    "GR320": "A clause of the source document is not accounted for (govrules coverage): no "
    "rule or gap cites it and it is not marked not procedural.",
}
"""Every finding code with what it means; stable across versions."""


CHECKED_HERE = (
    "Body.accountable_to", "Body.reports_to", "Body.delegates_to", "Link.to",
    "Trust.statutory_board", "StatutoryBoard.body", "StatutoryBoard.exempt",
    "Partner.statutory", "Rule.conflicting", "Rule.status", "Trust.gaps", "Gap.kind",
    "Gap.subject", "Gap.readings", "Reading.value", "Source.clause", "Source.document",
    "Document.clauses",
)  # fmt: skip
"""What the checks below judge, outside the rule kinds (``evaluating.kinds``)."""

NOT_CHECKED_HERE = {
    "Trust.id": "an id, checked by the loader",
    "Trust.name": "words, read by people",
    "Trust.document": "each of its parts is judged or declared",
    "Trust.effective": "dates, checked by the loader",
    "Effective.from_": "a date, checked by the loader",
    "Effective.until": "a date, checked by the loader",
    "Trust.calendar": "a known region (the schema); its absence is GR216",
    "Calendar.region": "the schema admits only a known region",
    "Trust.partners": "ids and references, checked by the loader",
    "Partner.id": "an id, checked by the loader",
    "Partner.name": "words, read by people (placeholders: GR303)",
    "Partner.kind": "a reference, checked by the loader",
    "Trust.external_bodies": "ids, checked by the loader",
    "ExternalBody.id": "an id, checked by the loader",
    "ExternalBody.name": "words, read by people",
    "Trust.bodies": "ids and references, checked by the loader",
    "Body.id": "an id, checked by the loader",
    "Body.name": "words, read by people (placeholders: GR303)",
    "Body.instances": "the schema bounds it",
    "Body.purpose": "words, read by people (placeholders: GR303)",
    "Trust.procedures": "ids and references, checked by the loader",
    "Document.title": "words, read by people",
    "Document.date": "a date, checked by the loader",
    "Document.status": "the schema admits only a known status",
    "Document.file": "checked when read (coverage, validate --source)",
    "Document.numbering": "checked against the source document (validate --source, GR314)",
    "Document.not_procedural": "checked against the source document (validate --source, "
    "GR315, GR316)",
    "DeclaredClause.clause": "checked against the source document (GR314)",
    "DeclaredClause.at": "checked against the source document (GR314)",
    "DeclaredClause.after": "checked against the source document (GR314)",
    "DeclaredClause.within": "checked against the source document (GR314)",
    "NotProcedural.clause": "checked against the source document (GR315, GR316)",
    "NotProcedural.reason": "words, read by people",
    "Gap.encoded": "words, read by people",
}
"""Fields outside the rule kinds that need no check, with the reason."""


@dataclass(frozen=True)
class ValidateAnswer(AnswerBase):
    """What ``validate`` found in the files: ``ok`` or ``problems``, and every finding."""

    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    strict: bool = False

    trust = None
    body = None
    question = "validate"
    explanation = ()

    # The contract's `govrules.validate(...)` is a list of findings: iterate, index, len.
    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, index: int) -> Finding:
        return self.findings[index]

    @property
    def failed(self) -> bool:
        bad = {"error", "warning"} if self.strict else {"error"}
        return any(f.severity in bad for f in self.findings)

    @property
    def answer(self) -> str:
        return "problems" if self.failed else "ok"

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_sarif(self) -> dict[str, Any]:
        """The findings as a SARIF 2.1.0 log, for code-review tools."""
        from ..version import __version__

        level = {"error": "error", "warning": "warning", "info": "note"}
        used = sorted({f.code for f in self.findings})
        results = []
        for f in self.findings:
            region = {"startLine": f.line or 1}
            if f.column:
                region["startColumn"] = f.column
            text = f.message + (f" (hint: {f.hint})" if f.hint else "")
            results.append(
                {
                    "ruleId": f.code,
                    "level": level[f.severity],
                    "message": {"text": text},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": Path(f.path).as_posix()},
                                "region": region,
                            }
                        }
                    ],
                }
            )
        return {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "govrules",
                            "version": __version__,
                            "rules": [
                                {"id": c, "shortDescription": {"text": CODES.get(c, c)}}
                                for c in used
                            ],
                        }
                    },
                    "results": results,
                }
            ],
        }

    def _extra(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }


def finding_at(
    located: Located,
    trust: Trust,
    code: str,
    severity: Severity,
    path: Path_,
    message: str,
    hint: str | None = None,
    clause: str | None = None,
) -> Finding:
    """A finding at ``path`` of the file (its line and column there); a cited clause is one
    of the document the trust encodes."""
    line, column = located.position(path)
    source = SourceRef(trust.document.title, clause) if clause is not None else None
    rule = path_of(trust, path)
    return Finding(
        code, severity, message, located.path, line, column, hint, source=source, rule=rule
    )


class Emit(Protocol):
    def __call__(
        self,
        code: str,
        severity: Severity,
        path: Path_,
        message: str,
        hint: str | None = None,
        clause: str | None = None,
    ) -> None: ...


def collector(located: Located, trust: Trust, out: list[Finding]) -> Emit:
    """An :class:`Emit` that adds each finding, located in ``located``'s file, to ``out``."""

    def emit(
        code: str,
        severity: Severity,
        path: Path_,
        message: str,
        hint: str | None = None,
        clause: str | None = None,
    ) -> None:
        out.append(finding_at(located, trust, code, severity, path, message, hint, clause))

    return emit


def validate(
    *files: str | Path, strict: bool = False, limits: Limits | None = None
) -> ValidateAnswer:
    """Check trust files (paths or bundled names); never raises for a bad file.

    ``limits`` bounds what is read (default :class:`Limits`): raise them for a very large MoU.
    """
    findings: list[Finding] = []
    names: list[str] = []
    for file in files:
        try:
            path = resolve(file)
        except LoadError as exc:
            names.append(str(file))
            findings.append(_from_error(exc))
            continue
        names.append(str(path))
        with collector_paused():  # benchmarks/scaling.py: `validate` vs seats and depth
            try:
                raw = read_bytes(path, limits)
                # A bundled trust as shipped: its located form is what the YAML reader makes
                # of these bytes, and its compiled form the trust they make.
                located = bundled_located(path, raw, limits or Limits()) or _parsed(
                    raw, str(path), limits
                )
            except LoadError as exc:
                findings.append(_from_error(exc))
                continue
            findings.extend(check_located(located, bundled_compiled(path, raw, limits or Limits())))
    return ValidateAnswer(tuple(names), tuple(findings), strict)


def validate_text(
    text: bytes | str, name: str, strict: bool = False, limits: Limits | None = None
) -> ValidateAnswer:
    """Check the text of one trust file, as :func:`validate` checks a file of that ``name``
    (which only labels the findings: nothing is read from the file system)."""
    with collector_paused():  # as in validate
        try:
            located = _parsed(text, name, limits)
        except LoadError as exc:
            return ValidateAnswer((name,), (_from_error(exc),), strict)
        return ValidateAnswer((name,), tuple(check_located(located)), strict)


def _parsed(text: bytes | str, name: str, limits: Limits | None) -> Located:
    # The YAML readers are imported only for a file with no located form (benchmarks/cli.py,
    # `validate NAME`).
    from ..reading.yamlsource import parse_yaml

    return parse_yaml(text, name, limits)


def _from_error(exc: LoadError) -> Finding:
    code = exc.code or "GR001"
    return Finding(
        code, "error", exc.message, exc.path or "<input>", exc.line, exc.column, exc.hint
    )


def check_located(located: Located, trust: Trust | None = None) -> list[Finding]:
    """Every finding for one parsed file; ``trust`` is the trust it makes, where that is known
    already (a bundled trust's compiled form)."""
    if trust is None:
        trust, problems = checked_trust(located)
        if trust is None:
            return [_from_error(e) for e in problems]
    out: list[Finding] = []
    emit = collector(located, trust, out)
    for check in CHECKS:
        check(trust, emit)
    _under_readings(trust, located, out)
    nodes = _Nodes.of(trust)
    for node_check in NODE_CHECKS:
        node_check(nodes, emit)
    _numeric_clauses(located, emit)
    return out


def _under_readings(trust: Trust, located: Located, out: list[Finding]) -> None:
    """The rule checks again on the trust with each reading (one at a time: a finding is
    about one rule), reporting at the reading what the encoded trust does not show."""
    from ..language.paths import with_readings

    seen = {(f.code, f.message) for f in out}
    for i, gap in enumerate(trust.gaps):
        for j, reading in enumerate(gap.readings):
            assert gap.subject is not None  # a gap with readings has one (schema check)
            patched = with_readings(trust, ((i, j + 1),))  # checked at load
            at: Path_ = ("gaps", i, "readings", j, "value")
            value = json.dumps(reading.value, ensure_ascii=False)

            # Reported at the reading, not at the rule the check names: the rule as encoded
            # does not show the finding.
            def emit(
                code: str,
                severity: Severity,
                path: Path_,
                message: str,
                hint: str | None = None,
                clause: str | None = None,
                value: str = value,
                at: Path_ = at,
                subject: str = gap.subject,
            ) -> None:
                if (code, message) in seen:
                    return
                seen.add((code, message))
                text = f"under the reading {subject} = {value}: {message}"
                out.append(finding_at(located, trust, code, severity, at, text, hint, clause))

            for check in CHECKS:
                check(patched, emit)


def walk_models(root: BaseModel, kinds: tuple[type, ...]) -> Iterator[tuple[Path_, Any]]:
    """Every value of one of ``kinds`` in a model tree, with its path (models, tuples,
    fields), depth first and in field order.

    A loop over a stack rather than recursion through nested generators (which cost a frame
    per level for every value), and only values that are, or may hold, one of ``kinds`` are
    ever given a path. Each type met is classified once per walk (``isinstance`` against
    pydantic's ABC-based models is slow): the 100,000-seat file of ``benchmarks/scaling.py``
    pushes a million values.
    """
    # type -> (is one of kinds, 1 a model / 2 a tuple to look into / 0 neither / -1 skip,
    # a model's field names in reverse order)
    classes: dict[type, tuple[bool, int, tuple[str, ...]]] = {}

    def classify(kind: type) -> tuple[bool, int, tuple[str, ...]]:
        wanted = issubclass(kind, kinds)
        names: tuple[str, ...] = ()
        if issubclass(kind, BaseModel):
            inner, names = 1, tuple(reversed(kind.model_fields))
        else:
            inner = 2 if issubclass(kind, tuple) else 0
        found = classes[kind] = (wanted, inner if wanted or inner else -1, names)
        return found

    stack: list[tuple[Path_, Any]] = [((), root)]
    pop, push = stack.pop, stack.append
    while stack:
        path, node = pop()
        wanted, inner, names = classes.get(type(node)) or classify(type(node))
        if wanted:
            yield path, node
        if inner == 1:
            values = node.__dict__  # a pydantic model keeps its fields' values here
            for name in names:
                child = values[name]
                if (classes.get(type(child)) or classify(type(child)))[1] >= 0:
                    push(((*path, name), child))
        elif inner == 2:
            for i in range(len(node) - 1, -1, -1):
                child = node[i]
                if (classes.get(type(child)) or classify(type(child)))[1] >= 0:
                    push(((*path, i), child))


def cited_sources(trust: Trust) -> list[tuple[Path_, Source]]:
    """Every ``source`` in the trust with its path, in the order the file gives them."""
    return [(path, node) for path, node in walk_models(trust, (Source,))]


def _kind_checks(trust: Trust, emit: Emit) -> None:
    """What each rule kind's checks find (``evaluating.kinds``)."""
    for check in checks():
        for p in check.run(trust):
            emit(p.code, p.severity, p.path, p.message, p.hint, p.clause)


def _lines(trust: Trust, emit: Emit) -> None:
    # A body with no line up, and none delegating to it, stands apart from the structure;
    # the top of the structure is the one body others answer to but which answers to no body.
    up = {b.id for b in trust.bodies if b.accountable_to or b.reports_to}
    delegated = {link.to for b in trust.bodies for link in b.delegates_to}
    targets = {link.to for b in trust.bodies for link in (*b.accountable_to, *b.reports_to)}
    for b, body in enumerate(trust.bodies):
        if body.id in up or body.id in delegated or body.id in targets or len(trust.bodies) < 2:
            continue
        emit(
            "GR108",
            "info",
            ("bodies", b, "id"),
            f"`{body.id}` has no accountability or reporting line to any other body",
            "add `accountable_to` or `reports_to` where the document gives one",
        )


def _statutory_board(trust: Trust, emit: Emit) -> None:
    board = trust.statutory_board
    if board is None:
        return
    body = trust.body(board.body)
    if body is None:
        return
    seated = {s.partner for s in body.seats}
    clause = board.source.clause if board.source else None
    for p, partner in enumerate(trust.partners):
        if partner.statutory and partner.id not in board.exempt and partner.id not in seated:
            emit(
                "GR109",
                "warning",
                ("partners", p, "id"),
                f"statutory partner `{partner.id}` has no seat on `{body.id}`, on which the law "
                "requires it to be represented",
                f"add a seat for it, or list it in statutory_board.exempt ({clause or 'cite'})",
                clause,
            )


@dataclass(frozen=True)
class _Nodes:
    """Every text, citation and rule of a trust, with its path: what the last checks look at,
    found in one walk (walking a 100,000-seat trust takes about half a second)."""

    trust: Trust
    texts: list[tuple[Path_, str]]
    sources: list[tuple[Path_, Source]]
    rules: list[tuple[Path_, Rule]]

    @classmethod
    def of(cls, trust: Trust) -> _Nodes:
        nodes = cls(trust, [], [], [])
        for path, node in walk_models(trust, (str, Source, Rule)):
            if isinstance(node, str):
                nodes.texts.append((path, node))
            elif isinstance(node, Source):
                nodes.sources.append((path, node))
            else:
                nodes.rules.append((path, node))
        return nodes


_PLACEHOLDER = re.compile(
    r"\b(TBC|TBD|TODO|XXX|to be confirmed|insert [a-z ]+ here)\b|\[[^\]]*(insert|name|tbc)[^\]]*\]",
    re.IGNORECASE,
)
_PLAIN_TEXT = {"name", "title", "action", "actor", "frequency", "by", "term", "method", "purpose"}


def _placeholders(nodes: _Nodes, emit: Emit) -> None:
    for path, text in nodes.texts:
        found = _PLACEHOLDER.search(text) if path and path[-1] in _PLAIN_TEXT else None
        if found:
            emit(
                "GR303",
                "warning",
                path,
                f"drafting placeholder left in {path_words(path)}: `{excerpt(found.group())}`",
                "finish the text, or record the rule with status `placeholder` and a gap",
            )


def _clause_exists(clause: str, known: tuple[str, ...]) -> bool:
    return any(clause == k or clause.startswith((f"{k}.", f"{k} ", f"{k}(")) for k in known)


def _clause_references(nodes: _Nodes, emit: Emit) -> None:
    known = nodes.trust.document.clauses
    if not known:
        return
    for path, source in nodes.sources:
        if source.document is None and not _clause_exists(source.clause, known):
            emit(
                "GR305",
                "warning",
                path,
                f"clause `{excerpt(source.clause)}` is not in the document's list of clauses",
                "check the number against the document",
                source.clause,
            )


def _conflicts(nodes: _Nodes, emit: Emit) -> None:
    for path, rule in nodes.rules:
        for i, conflict in enumerate(rule.conflicting):
            stated = rule.source.clause if rule.source else "?"
            emit(
                "GR306",
                "warning",
                (*path, "conflicting", i),
                f"{path_words(path)} is stated in {stated} but {conflict.source.clause} says "
                f"otherwise: {conflict.note}",
                None,
                conflict.source.clause,
            )


def _gaps(nodes: _Nodes, emit: Emit) -> None:
    for path, rule in nodes.rules:
        if rule.status == "not-encoded":
            emit(
                "GR308",
                "warning",
                path,
                f"a rule govrules cannot express: {rule.note or 'no note says what it is'}",
                None,
                rule.source.clause if rule.source else None,
            )
    for g, gap in enumerate(nodes.trust.gaps):
        if gap.kind == "not-encoded":
            emit(
                "GR308",
                "warning",
                ("gaps", g),
                f"a rule govrules cannot express ({gap.source.clause}, {gap.subject}): {gap.note}",
                None,
                gap.source.clause,
            )
            continue
        emit(
            "GR301",
            "warning",
            ("gaps", g),
            f"{gap.kind.replace('-', ' ')} in the document ({gap.source.clause}): {gap.note}",
            None,
            gap.source.clause,
        )


def _readings_weighing_nothing(nodes: _Nodes, emit: Emit) -> None:
    """GR309: a reading the same as the value encoded or as an earlier reading weighs nothing,
    and the other meaning it was written for is left out unseen (an encoded value changed to
    one of its readings leaves that reading behind, say)."""
    trust = nodes.trust
    for g, gap in enumerate(trust.gaps):
        if not gap.readings or gap.subject is None:
            continue
        weighed = [paths.resolve(trust, gap.subject)]  # the loader checked every reading fits
        for r, reading in enumerate(gap.readings):
            # As replacing the value, but from the readings the trust already holds validated
            # (a compiled trust carries them): `validate` builds no validator for them
            # (benchmarks/cli.py).
            read = paths.with_readings(trust, ((g, r + 1),))
            value = paths.resolve(read, gap.subject)
            if value in weighed:
                same = "the value encoded" if value == weighed[0] else "an earlier reading"
                emit(
                    "GR309",
                    "warning",
                    ("gaps", g, "readings", r, "value"),
                    f"reading `{excerpt(json.dumps(reading.value, default=str))}` of "
                    f"`{gap.subject}` is {same}, so it "
                    "weighs nothing",
                    "give the other value the text allows, or remove the reading",
                    gap.source.clause,
                )
            weighed.append(value)


def _citations(nodes: _Nodes, emit: Emit) -> None:
    for path, rule in nodes.rules:
        if rule.source is None:
            emit(
                "GR302",
                "warning",
                path,
                f"{path_words(path)} cites no clause",
                "add `source: {clause: ...}` so readers can check the rule",
                None,
            )


def _numeric_clauses(located: Located, emit: Emit) -> None:
    """A clause label written bare that YAML reads as a number other than the label: `5.10`
    is 5.1, `1e3` is 1000.0. A label the number keeps (`source: 4.1`) is a documented short
    form and passes."""
    for path, value in _clause_numbers(located.data, ()):
        label = located.written(path)
        if label is None or label == str(value):
            continue
        emit(
            "GR307",
            "warning",
            path,
            f"clause `{excerpt(label)}` is read as the number {excerpt(value)}, so it cites "
            f"clause {excerpt(value)}",
            f'quote it: {path[-1]}: "{excerpt(label)}"'
            if isinstance(path[-1], str)
            else f'quote it: "{excerpt(label)}"',
            str(value),
        )


_CLAUSE_KEYS = {"source", "clause", "irregular_votes_saved"}


def _clause_numbers(data: Any, path: Path_) -> Iterator[tuple[Path_, int | float]]:
    """Every number in the data where a clause label goes, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                if key in _CLAUSE_KEYS or str(key).endswith("_source"):
                    yield here, value
            elif key == "clauses" and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, int | float) and not isinstance(item, bool):
                        yield (*here, i), item
            else:
                yield from _clause_numbers(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _clause_numbers(item, (*path, i))


CHECKS: tuple[Callable[[Trust, Emit], None], ...] = (
    _kind_checks,
    _lines,
    _statutory_board,
)
"""Checks of the structure and the rules, in the order their findings are reported."""

NODE_CHECKS: tuple[Callable[[_Nodes, Emit], None], ...] = (
    _placeholders,
    _clause_references,
    _conflicts,
    _gaps,
    _readings_weighing_nothing,
    _citations,
)
"""Then the checks of the texts and citations (and the gaps the document admits to)."""
