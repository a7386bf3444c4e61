"""Scenario files: procedural questions with expected answers, runnable by anyone.

```yaml
trust: suffolk                 # bundled name, or a path relative to this file
cases:
  - name: One fewer than half the Board is inquorate
    clause: "10.1"
    question: quorum           # quorum | voters | vote | escalate | eligible
    body: strategic-board
    count: 8
    expect: {answer: inquorate, required: 9}
```

A failing case says what was expected, what came out, and the answer's own explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compiling.loader import STDIN_HINT, confine, load_trust, value_words, wrong_kind
from ..evaluating.answers import AnswerBase, SourceRef
from ..evaluating.finding import Finding
from ..evaluating.questions import QUESTIONS, Argument, bind
from ..language.phrasebook import split_ids
from ..language.schema import Trust
from ..reading.errors import GovrulesError, LoadError, excerpt, quoted
from ..reading.sourcefile import Limits
from ..reading.yamlsource import Located, Path_, read_yaml

__all__ = ["CaseResult", "ScenarioReport", "json_schema", "run_scenarios"]

# The questions a case may ask, and each one's arguments, as the registry declares them.
_QUESTIONS = {q.name: q for q in QUESTIONS if q.scenario}
_ARGS = {name: {a.key: a for a in q.arguments} for name, q in _QUESTIONS.items()}
_SET_KEYS = {"voters", "non_voters", "undetermined"}
_SUBSET_KEYS = {"voters_include", "non_voters_include", "undetermined_include"}
_LISTS = ("ids", "partners")
_LIST_KEYS = {"step_bodies"}
_DATE_LIST_KEYS = {"step_earliest", "step_latest"}
_CASE_KEYS = {"name", "clause", "question", "body", "expect", "note"}


@dataclass(frozen=True)
class CaseResult:
    """The result of one scenario case: ``passed``, ``failed`` or ``error``, and why."""

    file: str
    line: int | None
    name: str
    clause: str | None
    status: str
    """``passed``, ``failed`` or ``error``."""
    problems: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()
    trust: str | None = None
    exercised: tuple[str, ...] = ()
    """The rules the question read, as ``BODY.quorum``, ``BODY.voting``, ``BODY.chair``,
    ``BODY.vice_chair`` or ``procedures.ID`` (see :mod:`govrules.authoring.scenariocoverage`)."""
    cited: tuple[str, ...] = ()
    """Every clause the answer cites."""
    document: str | None = None
    """The title of the document ``clause`` belongs to (the trust's)."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Each problem of a case that did not pass, as a finding at the case:
        ``test-failed`` (the answer is not the one expected) or ``test-error`` (the question
        could not be answered)."""
        source = SourceRef(self.document or "", self.clause) if self.clause else None
        return tuple(
            Finding(
                f"test-{self.status}",
                "error",
                problem,
                self.file,
                self.line,
                source=source,
                subject=self.name,
                form="test",
            )
            for problem in self.problems
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "name": self.name,
            "clause": self.clause,
            "status": self.status,
            "problems": list(self.problems),
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class ScenarioReport(AnswerBase):
    """The results of every case of the scenario files run."""

    results: tuple[CaseResult, ...] = field(default=())
    trusts: tuple[Trust, ...] = field(default=())
    """The trusts the scenario files named, in order."""

    trust = None
    body = None
    question = "test"
    explanation = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every problem of every case that did not pass, in order."""
        return tuple(f for r in self.results for f in r.findings)

    @property
    def passed(self) -> int:
        return sum(r.status == "passed" for r in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def answer(self) -> str:
        return "passed" if self.failed == 0 else "failed"

    def _extra(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "failed": self.failed,
            "cases": [r.to_dict() for r in self.results],
        }


def run_scenarios(
    files: Iterable[str | Path],
    trust_root: str | Path | None = None,
    limits: Limits | None = None,
) -> ScenarioReport:
    """Run every case of every scenario file.

    ``trust_root`` confines the trusts scenario files may name: one whose ``trust:`` leads,
    once symlinks are followed, outside this folder is refused (a bundled trust's name is
    always allowed). ``limits`` bound what is read: each scenario file and its trust.

    :raises LoadError: a scenario file is malformed (its trust failing to load is one too).
    """
    results: list[CaseResult] = []
    trusts: dict[str, Trust] = {}
    for file in files:
        located = read_yaml(file, limits)
        trust, ran = _run_file(located, Path(file), trust_root, limits)
        trusts.setdefault(trust.id, trust)
        results.extend(ran)
    return ScenarioReport(tuple(results), tuple(trusts.values()))


def _run_file(
    located: Located, path: Path, root: str | Path | None, limits: Limits | None = None
) -> tuple[Trust, list[CaseResult]]:
    data = located.data
    if not isinstance(data, dict) or "trust" not in data or "cases" not in data:
        raise located.error((), "a scenario file is a mapping with `trust` and `cases`")
    if not isinstance(data["cases"], list):
        raise located.error(("cases",), "`cases` must be a list")
    trust_ref = data["trust"]
    if not isinstance(trust_ref, str):
        raise located.error(
            ("trust",),
            f"`trust` must be text, not {value_words(trust_ref)}",
            "write a bundled trust's name or the path of a trust file",
        )
    try:
        relative = path.parent / trust_ref
        target: str | Path = relative if relative.is_file() else trust_ref
    except (OSError, ValueError):  # a name the system cannot look up: no such file
        target = trust_ref
    if target == "-":  # `-` is standard input on the command line, never in a file
        raise located.error(
            ("trust",), "a scenario file's trust cannot be `-` (standard input)", STDIN_HINT
        )
    try:
        trust = load_trust(target if root is None else confine(target, root), limits)
    except LoadError as exc:
        # Say which scenario file named the trust; the trust's own error follows.
        raise located.error(
            ("trust",),
            f"cannot use trust `{excerpt(trust_ref)}`: {quoted(exc) if exc.path else exc.message}",
            exc.hint,
        ) from None
    return trust, [_run_case(trust, located, i, case) for i, case in enumerate(data["cases"])]


def _run_case(trust: Trust, located: Located, index: int, case: Any) -> CaseResult:
    where: Path_ = ("cases", index)
    line = located.position(where)[0]
    if not isinstance(case, dict):
        raise located.error(where, "each case must be a mapping")
    name = str(case.get("name", f"case {index + 1}"))
    clause = str(case["clause"]) if "clause" in case else None
    question = case.get("question")
    if question not in _ARGS:
        raise located.error(
            (*where, "question"),
            f"unknown question `{excerpt(question)}`; expected one of {sorted(_ARGS)}",
        )
    unknown = set(case) - _CASE_KEYS - _ARGS[question].keys()
    if unknown:
        key = sorted(unknown)[0]
        raise located.error(
            (*where, key), f"`{excerpt(key)}` is not an argument of a {question} case"
        )
    for key, value in case.items():
        _check_argument(located, (*where, key), key, value)
    expect = case.get("expect")
    if not isinstance(expect, dict) or not expect:
        raise located.error((*where, "expect"), "a case needs an `expect` mapping")
    for key in sorted((_SET_KEYS | _SUBSET_KEYS) & expect.keys()):
        _check_argument(located, (*where, "expect", key), key, expect[key])
    if "readings" in expect:
        _check_readings(located, (*where, "expect", "readings"), expect["readings"])
    if not isinstance(expect.get("needs", []), list) or not all(
        isinstance(n, str) for n in expect.get("needs", [])
    ):
        raise located.error(
            (*where, "expect", "needs"),
            "`needs` is a list of option names, such as [--present] ([] for none)",
        )
    if not isinstance(expect.get("step_bodies", []), list):
        raise located.error(
            (*where, "expect", "step_bodies"),
            f"`step_bodies` must be a list of body ids, not {value_words(expect['step_bodies'])}",
        )

    def result(
        status: str, problems: list[str], explanation: list[str], answer: Any = None
    ) -> CaseResult:
        return CaseResult(
            located.path,
            line,
            name,
            clause,
            status,
            tuple(problems),
            tuple(explanation),
            trust.id,
            _exercised(question, case, answer) if answer else (),
            tuple(sorted(_cited(answer))) if answer else (),
            trust.document.title,
        )

    try:
        answer = _ask(trust, question, case)
    except GovrulesError as exc:
        if expect.get("error") and str(expect["error"]) in str(exc):
            return result("passed", [], [])
        return result("error", [f"the question could not be answered: {exc}"], [])
    if "error" in expect:
        return result(
            "failed",
            [f"expected an error containing `{expect['error']}`, got answer `{answer['answer']}`"],
            [],
            answer,
        )
    problems = []
    for key, want in expect.items():
        problem = _compare(located, (*where, "expect", key), key, want, answer)
        if problem:
            problems.append(problem)
    texts = [
        r["text"] + (f" [{r['source']['clause']}]" if r.get("source") else "")
        for r in answer.get("explanation", [])
    ]
    return result("failed" if problems else "passed", problems, texts, answer)


def _exercised(question: str, case: dict[str, Any], answer: dict[str, Any]) -> tuple[str, ...]:
    # Approximate, by the rule the registry says the question exercises: a quorum question
    # reads the body's quorum, a vote or voters question its voting rule, an eligible
    # question the office asked about, an escalate question the procedure its answer followed.
    body = answer.get("body")
    rule = _QUESTIONS[question].exercises
    if rule in ("quorum", "voting"):
        return (f"{body}.{rule}",)
    if rule == "office":
        office = "vice_chair" if case.get("office") == "vice-chair" else "chair"
        return (f"{body}.{office}",)
    procedure = answer.get("procedure")
    return (f"procedures.{procedure}",) if rule == "procedure" and procedure else ()


def _cited(data: Any) -> set[str]:
    """Every clause cited anywhere in an answer."""
    if isinstance(data, list):
        return set().union(*(_cited(item) for item in data))
    if not isinstance(data, dict):
        return set()
    found = set().union(*(_cited(value) for value in data.values()))
    source = data.get("source")
    if isinstance(source, dict) and isinstance(source.get("clause"), str):
        found.add(source["clause"])
    return found


def _check_argument(located: Located, path: Path_, key: str, value: Any) -> None:
    """Refuse a case's argument of the wrong type, as a trust file's would be: a question
    must never run on a value read some other way than it was written."""
    kind = _kind(key)
    if kind == "count":
        if not isinstance(value, int) or isinstance(value, bool):
            raise located.error(path, *wrong_kind("whole number", key, value))
        if value < 0:
            raise located.error(path, f"`{key}` must be 0 or more, not {value}")
    elif kind in ("id", "choice") and not (
        isinstance(value, str) or (value is None and key != "body")
    ):
        raise located.error(
            path, f"`{key}` must be text, not {value_words(value)}", "write an id, such as `vcs`"
        )
    elif kind == "date":
        if not isinstance(value, dt.date) and not (isinstance(value, str) and _is_iso_day(value)):
            raise located.error(
                path, f"`{key}` must be a date, not {value_words(value)}", "write it as 2026-01-14"
            )
    elif kind == "ids" and isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise located.error(
                    (*path, i), f"`{key}` lists ids: {value_words(item)} is not one", "write an id"
                )
    elif kind == "ids" and not isinstance(value, str):
        raise located.error(
            path,
            f"`{key}` must be a list of ids, or ids separated by commas, not {value_words(value)}",
            "write [vcs, schools] or vcs, schools",
        )


def _kind(key: str) -> str | None:
    """How a case's key is written: as the registry declares the argument (``body`` is an
    id; ``voters`` and the other expected lists of seats are ids)."""
    if key == "body":
        return "id"
    if key in _SET_KEYS | _SUBSET_KEYS:
        return "ids"
    kinds = {a.kind for args in _ARGS.values() for a in args.values() if a.key == key}
    # A list of partners is written as a list of seats is.
    return "ids" if kinds & set(_LISTS) else next(iter(kinds), None)


def _is_iso_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _ask(trust: Trust, question: str, case: dict[str, Any]) -> dict[str, Any]:
    """The answer to a case's question, asked with the arguments the case gives (an argument
    left out is the library's default)."""
    asked = _QUESTIONS[question]
    given = {a.name: _value(a, case) for a in asked.arguments if a.key in case or a.required}
    answer: dict[str, Any] = bind(asked, "authoring")(
        trust, str(case.get("body", "")), **given
    ).to_dict()
    return answer


def _value(argument: Argument, case: dict[str, Any]) -> Any:
    """A case's value of ``argument`` as the library takes it."""
    value = case.get(argument.key)
    if argument.kind in _LISTS:
        return split_ids(value)
    if argument.kind == "date":
        return _day(value)
    if argument.required:
        return str(case.get(argument.key, ""))
    return value


def _compare(
    located: Located, path: Path_, key: str, want: Any, answer: dict[str, Any]
) -> str | None:
    # A key read from a field of some answers only: on another answer it would compare
    # against nothing and pass (`voters: []` of a quorum).
    field_of = (
        key.removesuffix("_include")
        if key in _SET_KEYS | _SUBSET_KEYS
        else "steps"
        if key in _LIST_KEYS | _DATE_LIST_KEYS or key == "steps"
        else key
    )
    if key not in ("needs", "readings") and field_of not in answer:
        raise LoadError(
            f"`{excerpt(key)}` is not a field of a {answer['question']} answer "
            f"(fields: {', '.join(sorted(answer))})",
            located.path,
            *located.position(path),
        )
    if key in _SET_KEYS or key in _SUBSET_KEYS:
        field_name = key.removesuffix("_include")
        got = {r["seat"] for r in answer.get(field_name, [])}
        wanted = set(split_ids(want))
        if key in _SET_KEYS and got != wanted:
            return (
                f"expected {field_name} {sorted(wanted)}, got {sorted(got)} "
                f"(missing {sorted(wanted - got)}, unexpected {sorted(got - wanted)})"
            )
        if key in _SUBSET_KEYS and not wanted <= got:
            return f"expected {field_name} to include {sorted(wanted - got)}, got {sorted(got)}"
        return None
    if key == "needs":
        got_needs = list(answer.get("needs", []))
        return None if got_needs == list(want) else f"expected needs {want}, got {got_needs}"
    if key == "readings":
        return _compare_readings(want, answer.get("readings", []))
    if key == "step_bodies":
        got_bodies = [s.get("body") for s in answer.get("steps", [])]
        return (
            None
            if got_bodies == list(want)
            else (f"expected step bodies {list(want)}, got {got_bodies}")
        )
    if key in _DATE_LIST_KEYS:
        edge = key.removeprefix("step_")
        got_days = [(s.get("dates") or {}).get(edge) for s in answer.get("steps", [])]
        wanted_days = [d.isoformat() if isinstance(d, dt.date) else d for d in want]
        return (
            None
            if got_days == wanted_days
            else f"expected step {edge} days {wanted_days}, got {got_days}"
        )
    if key == "steps" and isinstance(want, int) and not isinstance(want, bool):
        got_n = len(answer.get("steps", []))
        return None if got_n == want else f"expected {want} steps, got {got_n}"
    got_value = answer[key]
    if key == "required" and isinstance(want, str) and "required_text" in answer:
        # A vote's `required` was once words ("6 of 11"); scenario files written then still
        # pass, compared with the words the answer keeps in `required_text`.
        got_value = answer["required_text"]
    if not _same(got_value, want):
        return f"expected {key} `{_show(want)}`, got `{_show(got_value)}`"
    return None


def _check_readings(located: Located, path: Path_, want: Any) -> None:
    """`readings` is a list, each an answer or {answer, values: {subject: value}}."""
    ok = isinstance(want, list) and all(
        isinstance(w, str)
        or (
            isinstance(w, dict)
            and isinstance(w.get("answer"), str)
            and set(w) <= {"answer", "values"}
            and isinstance(w.get("values", {}), dict)
        )
        for w in want
    )
    if not ok:
        raise located.error(
            path,
            "`readings` is a list with each reading's answer ([lost, carried]), or mappings "
            "{answer: carried, values: {SUBJECT: VALUE}} naming the reading",
        )


def _compare_readings(want: list[Any], got: list[dict[str, Any]]) -> str | None:
    """Each expected reading matches a reading of its own: named ones (their values; a
    subject left out is read as encoded) first, then those given by answer only."""
    left = list(got)

    def values(r: dict[str, Any]) -> dict[str, Any]:
        return {v["subject"]: v["value"] for v in r.get("values", [])}

    def words(r: dict[str, Any]) -> str:
        named = ", ".join(f"{k} = {_show(v)}" for k, v in values(r).items()) or "as encoded"
        return f"{r['answer']} ({named})"

    for w in sorted(want, key=lambda w: isinstance(w, str)):
        found = next(
            (
                r
                for r in left
                if (w if isinstance(w, str) else w["answer"]) == r["answer"]
                and (isinstance(w, str) or _same(values(r), w.get("values", {})))
            ),
            None,
        )
        if found is None:
            return (
                f"expected a reading {_show(w)}, got readings {[words(r) for r in got] or 'none'}"
            )
        left.remove(found)
    if left:
        return f"expected {len(want)} readings, got {len(got)}: {[words(r) for r in got]}"
    return None


def _same(got: Any, want: Any) -> bool:
    """Equal and of the same kind: `true` is not 1, "9" is not 9, 9.0 is not 9."""
    if isinstance(got, list | tuple) and isinstance(want, list | tuple):
        return len(got) == len(want) and all(_same(g, w) for g, w in zip(got, want, strict=True))
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(_same(got[k], want[k]) for k in got)
    return type(got) is type(want) and bool(got == want)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


# --- the JSON Schema of a scenario file (docs/scenarios.md) ----------------------------------

_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_IDS = {
    "anyOf": [{"type": "array", "items": _ID}, {"type": "string"}, {"type": "null"}],
}
_TEXT = {"type": ["string", "null"]}


def _arg_schema(argument: Argument) -> dict[str, Any]:
    """The schema of a case's argument, by its kind, with the registry's description."""
    kinds: dict[str, dict[str, Any]] = {
        "ids": _IDS,
        "partners": _IDS,
        "count": {"type": "integer", "minimum": 0},
        "id": {"type": "string"} if argument.required else _TEXT,
        "choice": {"enum": [*argument.choices, None]},
        "date": {"type": "string", "format": "date"},
    }
    return kinds[argument.kind] | {"description": argument.doc}


_EXPECT_DOCS = {
    "answer": "The expected answer (`quorate`, `carried`, `unspecified`, ...).",
    "error": "The question cannot be answered: the error's text contains this.",
    "voters": "Exactly these seats vote.",
    "non_voters": "Exactly these seats do not vote.",
    "undetermined": "Exactly these seats' right to vote is not settled.",
    "voters_include": "At least these seats vote.",
    "non_voters_include": "At least these seats do not vote.",
    "undetermined_include": "At least these seats' right to vote is not settled.",
    "step_bodies": "The body of each escalation step, in order.",
    "needs": "For an `incomplete` answer, the options that would settle it (`[]`: none).",
    "readings": "Each reading the question touched, with its answer: an answer, or "
    "`{answer, values: {SUBJECT: VALUE}}` naming the reading (subjects left out are read as "
    "encoded); every reading must be matched, one each.",
    "steps": "How many escalation steps there are.",
    "step_earliest": "The first day each step may be taken on, in order (`from` given).",
    "step_latest": "The last day each step may be taken on, in order (null: no deadline).",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, each field described (``docs/scenarios.md``)."""
    expect: dict[str, Any] = {
        "type": "object",
        "minProperties": 1,
        "description": "The expected answer: any field of the answer's JSON "
        "(`govrules ... --format json`), of the same type, or one of the keys below.",
        "properties": {
            key: {"description": text}
            | (_IDS if key in _SET_KEYS | _SUBSET_KEYS else {})
            | (
                {"type": "array", "items": {"type": ["string", "null"]}}
                if key in _LIST_KEYS | _DATE_LIST_KEYS
                else {}
            )
            | ({"type": "array", "items": {"type": "string"}} if key == "needs" else {})
            | (
                {
                    "type": "array",
                    "items": {
                        "anyOf": [
                            {"type": "string"},
                            {
                                "type": "object",
                                "required": ["answer"],
                                "properties": {
                                    "answer": {"type": "string"},
                                    "values": {"type": "object"},
                                },
                                "additionalProperties": False,
                            },
                        ]
                    },
                }
                if key == "readings"
                else {}
            )
            for key, text in _EXPECT_DOCS.items()
        },
    }
    common: dict[str, Any] = {
        "name": {"type": "string", "description": "What the case checks, in words."},
        "clause": {
            "type": ["string", "number"],
            "description": "The clause the expected answer rests on.",
        },
        "body": {"type": "string", "description": "The id of the body asked about."},
        "note": {"type": "string", "description": "Words for a reader."},
        "expect": {
            "$ref": "#/$defs/expect",
            "description": "The expected answer (or `error`); every key given must hold.",
        },
    }
    cases = {
        f"{question}-case": {
            "type": "object",
            "description": text,
            "properties": {
                **common,
                "question": {"const": question, "description": "The kind of question."},
                **{key: _arg_schema(_ARGS[question][key]) for key in sorted(_ARGS[question])},
            },
            "required": ["question", "body", "expect"],
            "additionalProperties": False,
        }
        for question, text in ((q.name, q.summary) for q in _QUESTIONS.values())
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "govrules scenario file",
        "description": "Procedural questions about one trust, each with its expected answer "
        "(`govrules test`).",
        "type": "object",
        "properties": {
            "trust": {
                "type": "string",
                "description": "A bundled trust's name, or the path of a trust file relative "
                "to this file.",
            },
            "cases": {
                "type": "array",
                "description": "The questions, each with its expected answer.",
                "items": {
                    "type": "object",
                    "required": ["question"],
                    "properties": {"question": {"enum": list(_QUESTIONS)}},
                    "oneOf": [{"$ref": f"#/$defs/{name}"} for name in cases],
                },
            },
        },
        "required": ["trust", "cases"],
        "$defs": {"expect": expect, **cases},
    }
