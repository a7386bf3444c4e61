"""The JSON Schema of every command's ``--format json`` answer (``govrules schema --answers``).

One envelope (``trust``, ``body``, ``question``, ``answer``, ``explanation``), one citation
shape (``source``), one finding shape (``severity``, ``code``, ``text``, ``source``,
``location``), and an error document for exit 2. Each answer may carry more fields than are
listed here (new fields are added, never renamed or removed), so objects stay open.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["QUESTIONS", "answer_schema"]

_ID = "https://govrules.invalid/schema/answers.json"
# `.invalid` is reserved never to resolve: the schema is published by `govrules schema
# --answers`, not fetched from a server.


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(
    description: str, required: dict[str, Any], optional: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": list(required),
        "properties": {**required, **(optional or {})},
    }


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _int(description: str, minimum: int | None = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "integer", "description": description}
    if minimum is not None:
        out["minimum"] = minimum
    return out


def _list(items: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "array", "items": items, "description": description}


def _answer(question: str, values: list[str], fields: dict[str, Any]) -> dict[str, Any]:
    """The schema of one command's answer: the envelope, its answer values, its own fields."""
    return {
        "type": "object",
        "description": f"The answer of `govrules {question}`.",
        "allOf": [_ref("envelope")],
        "required": list(fields),
        "properties": {
            "question": {"const": question},
            "answer": {"enum": values, "description": "The answer (it decides the exit status)."},
            **fields,
        },
    }


_DEFS: dict[str, Any] = {
    "source": _obj(
        "The clause an answer, step or finding rests on.",
        {
            "document": _text("The document's title (the trust's own unless another is named)."),
            "clause": _text("The clause label as the document numbers it, e.g. `10.1`."),
        },
        {"quote": _text("The clause's own words, verbatim.")},
    ),
    "reason": _obj(
        "One step of an explanation, with the clause it rests on (null where none does).",
        {"text": _text("The reason in plain words."), "source": _nullable(_ref("source"))},
    ),
    "envelope": _obj(
        "The fields every answer has.",
        {
            "trust": _nullable(_text("The trust's id (null where the answer spans files).")),
            "body": _nullable(_text("The body's id (null where the question is not about one).")),
            "question": _nullable(_text("The command that answered: quorum, vote, ...")),
            "answer": _text("The answer; its value decides the exit status."),
            "explanation": _list(_ref("reason"), "Why, step by step, each with its clause."),
        },
        {
            "needs": _list(
                _text(
                    "An option name, e.g. `--present`; for `check` and `audit`, a field of "
                    "the meeting record, e.g. `vacancies`."
                ),
                "For an `incomplete` answer: the options (for `check` and `audit`, the "
                "records' fields) that would settle it.",
            ),
            "readings": _list(
                _obj(
                    "One reading of text that allows several, and the answer under it.",
                    {
                        "reading": _text("The reading."),
                        "answer": _text("The answer under this reading."),
                        "source": _nullable(_ref("source")),
                    },
                    {
                        "values": _list(
                            _obj(
                                "One rule path and the value this reading gives it.",
                                {"subject": _text("The rule path."), "value": {}},
                            ),
                            "The readings other than the encoded one in this combination "
                            "(empty: the trust as encoded).",
                        ),
                        "base": _nullable(_int("A vote's base under this reading.")),
                        "required": _nullable(_int("The number needed under this reading.")),
                        "membership": _nullable(_int("A quorum's membership under it.")),
                    },
                ),
                "Each combination of the readings the question touched, with its answer and "
                "the answer's own numbers under it (a vote's `for`, `against`, `base`, "
                "`required`, `effect`; a quorum's `required`, `membership`). A number the "
                "readings differ on is null in the answer itself.",
            ),
        },
    ),
    "location": _obj(
        "Where in a file a finding is.",
        {
            "file": _text("The file as named on the command line (`-` is standard input)."),
            "line": _nullable(_int("1-based line.", 1)),
            "column": _nullable(_int("1-based column.", 1)),
        },
    ),
    "finding": _obj(
        "One finding: the shape validate, check and audit share.",
        {
            "severity": {
                "enum": ["error", "unspecified", "warning", "info"],
                "description": "How much it matters: `unspecified` where the MoU is silent.",
            },
            "code": _text(
                "A stable code: GRnnn (validate), check-meeting, check-decision, audit-TOPIC."
            ),
            "text": _text("The finding in plain words."),
            "source": _nullable(_ref("source")),
        },
        {"location": _ref("location")},
    ),
    "seat_right": _obj(
        "A seat and why it does, or does not, vote.",
        {
            "seat": _text("The seat's id."),
            "reason": _text("Why, in plain words."),
            "source": _nullable(_ref("source")),
        },
    ),
    "error": _obj(
        "The document printed on stdout under `--format json` when a command could not be "
        "answered (exit 2): a bad option, an unknown trust, body or seat, a malformed file.",
        {
            "answer": {"const": "error"},
            "error": _obj(
                "What went wrong, and where.",
                {
                    "message": _text("One line, without the location."),
                    "file": _nullable(_text("The file at fault, where there is one.")),
                    "line": _nullable(_int("1-based line.", 1)),
                    "column": _nullable(_int("1-based column.", 1)),
                },
                {"hint": _text("What to do about it.")},
            ),
        },
    ),
}


def _trust(model: str) -> dict[str, Any]:
    """A rule as the trust file writes it: the trust-file schema's own definition."""
    return _ref(f"{_TRUST_PREFIX}{model}")


def _trust_rule(model: str, what: str) -> dict[str, Any]:
    return {
        "anyOf": [_trust(model), {"type": "null"}],
        "description": f"{what}, structured as the trust file writes it (docs/schema.md); "
        "null where the MoU has no such rule.",
    }


# The trust-file schema's definitions, carried under this prefix so their names cannot meet
# the answers' own.
_TRUST_PREFIX = "trust-"


def _trust_defs() -> dict[str, Any]:
    from ..language.schema import json_schema

    defs: dict[str, Any] = json_schema()["$defs"]
    text = json.dumps(defs).replace('"#/$defs/', f'"#/$defs/{_TRUST_PREFIX}')
    return {f"{_TRUST_PREFIX}{k}": v for k, v in json.loads(text).items()}


_REQUIRED = _nullable(
    _int(
        "The least number needed (null where the MoU does not settle it, or the readings give "
        "different numbers: each reading's is in `readings`)."
    )
)

QUESTIONS: dict[str, dict[str, Any]] = {
    "quorum": _answer(
        "quorum",
        ["quorate", "inquorate", "unspecified", "incomplete"],
        {
            "required": _REQUIRED,
            "present": _int("Members present (counted as the quorum counts them)."),
            "membership": _nullable(_int("The membership the quorum is a share of.")),
            "inquorate_decisions": _nullable(
                _text("What decisions of an inquorate meeting are worth.")
            ),
        },
    ),
    "voters": _answer(
        "voters",
        ["determined", "unspecified", "incomplete"],
        {
            "voters": _list(_ref("seat_right"), "Seats that vote."),
            "non_voters": _list(_ref("seat_right"), "Seats that do not."),
            "undetermined": _list(_ref("seat_right"), "Seats the MoU leaves open."),
            "procedure": _nullable(_text("The procedure asked about.")),
        },
    ),
    "vote": _answer(
        "vote",
        ["carried", "lost", "tied", "unspecified", "incomplete"],
        {
            "for": _int("Votes for."),
            "against": _int("Votes against."),
            "abstain": _int("Abstentions."),
            "present": _int("Members present."),
            "base": _nullable(
                _int(
                    "What the threshold is a share of, in votes (null where the readings give "
                    "different bases: each reading's is in `readings`)."
                )
            ),
            "required": _REQUIRED,
            "required_text": _nullable(_text("`required` in words: `6 of 10`, `all 5`.")),
            "binding": _nullable({"type": "boolean", "description": "Whether it binds."}),
            "effect": {"enum": ["binding", "in-principle", "void", "pending", "unspecified"]},
            "concurrence": _list(
                _obj(
                    "A vote the resolution must include to carry, and whether it does.",
                    {
                        "requirement": _text("The requirement in words."),
                        "met": _nullable({"type": "boolean", "description": "Null: unsettled."}),
                        "by": _list({"type": "string"}, "The seats whose votes for meet it."),
                        "missing": _list({"type": "string"}, "The seat or partners lacking."),
                        "source": _nullable(_ref("source")),
                    },
                ),
                "The votes the voting rule says a resolution must include (`must_include`).",
            ),
        },
    ),
    "escalate": _answer(
        "escalate",
        ["determined", "unspecified", "incomplete"],
        {
            "procedure": _nullable(_text("The procedure followed.")),
            "from": _nullable(_text("The first step's date, where given.")),
            "steps": _list(
                _obj(
                    "One step of the route, in order.",
                    {
                        "step": _int("1-based.", 1),
                        "body": _nullable(_text("The body that acts.")),
                        "action": _text("What happens."),
                        "min_days_after_previous": _nullable(_int("Days to wait first.")),
                        "max_days": _nullable(_int("The deadline, in days.")),
                        "working_days": {"type": "boolean", "description": "Working days."},
                        "clear_days": {"type": "boolean", "description": "Clear days."},
                        "region": _nullable(_text("Whose bank holidays a working day skips.")),
                        "counted_from": _nullable(_text("The event the days count from.")),
                        "timing": _nullable(_text("The wait and deadline in words.")),
                        "dates": _nullable(
                            _obj(
                                "The days the step may be taken on (given `--from`).",
                                {
                                    "from": _text("The previous step's day."),
                                    "earliest": _nullable(_text("The first day allowed.")),
                                    "latest": _nullable(_text("The last day allowed.")),
                                    "text": _text("In words."),
                                },
                            )
                        ),
                        "source": _nullable(_ref("source")),
                    },
                ),
                "The route to the final arbiter.",
            ),
            "final_arbiter": _nullable(_text("The body whose decision is final.")),
        },
    ),
    "eligible": _answer("eligible", ["eligible", "ineligible", "unspecified", "incomplete"], {}),
    "show": _answer(
        "show",
        ["shown"],
        {
            "bodies": _list(
                _obj(
                    "One body and its rules.",
                    {
                        "id": _text("The body's id."),
                        "name": _text("The body's name."),
                        "seats": _list(
                            _obj(
                                "A place on the body.",
                                {
                                    "id": _text("The seat's id."),
                                    "title": _text("As the document words it."),
                                    "count": _int("Places in the constituency."),
                                    "voting": _nullable({"type": "boolean"}),
                                },
                            ),
                            "The seats.",
                        ),
                        "members_total": _nullable(_int("The sum of the seats' counts.")),
                        "chair": _ref("reason"),
                        "quorum": _ref("reason"),
                        "voting": _ref("reason"),
                    },
                    {
                        "quorum_rule": _trust_rule("Quorum", "The quorum"),
                        "voting_rule": _trust_rule("Voting", "The voting rule"),
                        "chair_rule": _trust_rule("Office", "Who chairs"),
                        "vice_chair_rule": _trust_rule("Office", "Who deputises for the chair"),
                        "meets_rule": _trust_rule("Meetings", "How often the body meets"),
                        "substitutes_rule": _trust_rule("Substitutes", "Who may substitute"),
                        "membership_rule": _trust_rule("Rule", "The membership list's status"),
                        "interests_rule": _trust_rule("Interests", "Declaring interests"),
                        "absences_rule": _list(
                            _trust("AbsenceRule"), "What follows absences, structured."
                        ),
                        "links_rule": {
                            "type": "object",
                            "description": "accountable_to, reports_to, delegates_to: "
                            "each a list of links as the trust file writes them.",
                            "additionalProperties": _list(_trust("Link"), "Links."),
                        },
                    },
                ),
                "The bodies shown.",
            ),
            "procedures": _list(
                _obj(
                    "One procedure: its steps in words, and the whole in structured form.",
                    {
                        "id": _text("The procedure's id."),
                        "steps": _list(
                            {"allOf": [_ref("reason")], "required": ["step"]},
                            "Each step in words.",
                        ),
                        "rule": _trust("Procedure"),
                    },
                ),
                "The procedures shown.",
            ),
        },
    ),
    "check": _answer(
        "check",
        ["valid", "invalid", "unspecified", "incomplete"],
        {
            "date": _text("The meeting's date."),
            "quorate": _text("Whether the meeting was quorate."),
            "findings": _list(_ref("finding"), "What the record shows, each with its clause."),
            "decisions": _list(
                {
                    "type": "object",
                    "required": ["motion", "answer"],
                    "properties": {
                        "quorate": _text(
                            "Whether the item was quorate, judged on who was in the room for it."
                        ),
                        "present": _nullable(_int("The members in the room for the item.")),
                    },
                },
                "Each decision's outcome.",
            ),
        },
    ),
    "audit": _answer(
        "audit",
        ["clean", "findings", "unspecified", "incomplete"],
        {
            "period": _obj(
                "The period audited.", {"from": _text("First day."), "to": _text("Last day.")}
            ),
            "records": _int("Meeting records read."),
            "findings": _list(
                {
                    "allOf": [_ref("finding")],
                    "required": ["topic", "body"],
                    "properties": {
                        "topic": _text("frequency, attendance, election, minutes, ..."),
                        "body": _text("The body the finding is about."),
                    },
                },
                "What the series of records shows.",
            ),
            "meetings": _list(
                _obj(
                    "One record read, as `govrules check` judges it.",
                    {
                        "date": _text("The meeting's date."),
                        "body": _text("The body that met."),
                        "file": _text("The record's file."),
                        "answer": _text("`check`'s answer for it."),
                    },
                    {"needs": _list(_text("A field of the record."), "What it lacks.")},
                ),
                "Each record, in date order; `clean` vouches for every one.",
            ),
        },
    ),
    "diff": _answer(
        "diff",
        ["unchanged", "changed"],
        {
            "changes": _list(
                _obj(
                    "One change in practice.",
                    {
                        "kind": _text("A stable kebab-case name, e.g. `quorum-changed`."),
                        "text": _text("The change in plain words."),
                        "source": _nullable(_ref("source")),
                    },
                ),
                "The changes, in document order.",
            ),
        },
    ),
    "validate": _answer(
        "validate",
        ["ok", "problems"],
        {
            "files": _list(_text("A file checked."), "The files checked."),
            "counts": _obj(
                "Findings by severity.",
                {
                    "error": _int("Errors."),
                    "warning": _int("Warnings."),
                    "info": _int("Notes."),
                },
            ),
            "findings": _list(
                {"allOf": [_ref("finding")], "required": ["location"]},
                "Every finding, located.",
            ),
        },
    ),
    "coverage": _answer(
        "coverage",
        ["accounted", "unaccounted"],
        {
            "file": _text("The trust file."),
            "document": _text("The source document read."),
            "percent": {
                "type": "number",
                "minimum": 0,
                "maximum": 100,
                "description": "The clauses accounted for, as a percentage of those that need "
                "it (headings do not).",
            },
            "counts": _obj(
                "Clauses by status.",
                {
                    s: _int(f"Clauses {s}.")
                    for s in ("encoded", "gap", "not-procedural", "heading", "unaccounted")
                },
            ),
            "clauses": _list(
                _obj(
                    "One clause of the document and what accounts for it.",
                    {
                        "clause": _text("Its label, as rules cite it (`10.3.1`, `9.5 (e)`)."),
                        "status": {
                            "enum": ["encoded", "gap", "not-procedural", "heading", "unaccounted"]
                        },
                        "line": _int("The document's line it starts on.", 1),
                        "heading": _text("Its first line."),
                        "parent": _nullable(_text("The clause it lies under.")),
                        "rules": _list(_text("A rule path."), "The rules citing it."),
                        "gaps": _list(_text("A gap: `gaps[i]: subject`."), "Gaps citing it."),
                        "reason": _nullable(_text("Why it is not procedural.")),
                        "text": _text("Its own text, up to the next clause."),
                    },
                ),
                "Every clause, in document order.",
            ),
            "findings": _list(
                {"allOf": [_ref("finding")], "required": ["location"]},
                "Declared clauses that could not be placed, and each unaccounted clause "
                "(GR320, at the document's line).",
            ),
        },
    ),
    "fmt": _answer(
        "fmt",
        ["unchanged", "reformatted", "would-reformat", "error"],
        {
            "files": _list(
                _obj(
                    "One file and what laying it out did (or would do).",
                    {
                        "file": _text("The file as named on the command line."),
                        "changed": {
                            "type": "boolean",
                            "description": "Not in canonical layout (rewritten unless "
                            "--check or --diff).",
                        },
                        "error": _nullable(
                            _obj(
                                "Why the file could not be laid out (exit 2).",
                                {
                                    "message": _text("One line, without the location."),
                                    "file": _nullable(_text("The file at fault.")),
                                    "line": _nullable(_int("1-based line.", 1)),
                                    "column": _nullable(_int("1-based column.", 1)),
                                },
                                {"hint": _text("What to do about it.")},
                            )
                        ),
                    },
                    {
                        "diff": _text("With --diff: the unified diff (empty if unchanged)."),
                        "text": _text("For `-` without --check: the file laid out."),
                    },
                ),
                "Every file named, in order.",
            ),
        },
    ),
    "test": _answer(
        "test",
        ["passed", "failed"],
        {
            "passed": _int("Cases that passed."),
            "failed": _int("Cases that failed or could not be asked."),
            "cases": _list(
                _obj(
                    "One case.",
                    {
                        "name": _text("The case's name."),
                        "status": {"enum": ["passed", "failed", "error"]},
                    },
                ),
                "Every case run.",
            ),
        },
    ),
}
"""The schema of each command's answer, by the command (its ``question``)."""


def answer_schema() -> dict[str, Any]:
    """A JSON Schema (Draft 2020-12) every ``--format json`` answer validates against."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _ID,
        "title": "govrules answer",
        "description": "What `govrules COMMAND --format json` prints: one answer, or an "
        "error document (exit 2).",
        "if": {
            "type": "object",
            "required": ["answer"],
            "properties": {"answer": {"const": "error"}},
        },
        "then": _ref("error"),
        "else": {"oneOf": [_ref(f"answer-{q}") for q in QUESTIONS]},
        "$defs": {
            **_DEFS,
            **{f"answer-{q}": s for q, s in QUESTIONS.items()},
            **_trust_defs(),
        },
    }


def file_schema(kind: str = "trust") -> dict[str, Any]:
    """The JSON Schema of a trust file (``trust``), a meeting record (``record``) or a scenario
    file (``scenarios``).

    :raises ValueError: an unknown kind.
    """
    if kind == "trust":
        from ..language.schema import json_schema

        return json_schema()
    if kind == "record":
        from ..evaluating.meetings import json_schema as record_schema

        return record_schema()
    if kind == "scenarios":
        from ..authoring.scenarios import json_schema as scenarios_schema

        return scenarios_schema()
    raise ValueError(f"unknown schema `{kind}` (kinds: trust, record, scenarios)")
