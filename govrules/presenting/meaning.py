"""What an answer means to a script: the exit status of each answer word, and the JSON
document of a question that could not be answered. The command line and the HTTP service
(its ``X-Govrules-Exit`` header) read the same table."""

from __future__ import annotations

from typing import Any

# Every answer word: 0 yes, 1 no, 2 could not answer, 3 not settled by the text (readings
# differ), 4 the question leaves out a fact the answer turns on.
EXIT = {
    "quorate": 0,
    "inquorate": 1,
    "carried": 0,
    "lost": 1,
    "tied": 1,
    "determined": 0,
    "shown": 0,
    "valid": 0,
    "invalid": 1,
    "ok": 0,
    "problems": 1,
    "passed": 0,
    "failed": 1,
    "eligible": 0,
    "ineligible": 1,
    "clean": 0,
    "findings": 1,
    "unchanged": 0,
    "changed": 1,
    "accounted": 0,
    "unaccounted": 1,
    "unspecified": 3,
    "incomplete": 4,
    "error": 2,
}


def answer_status(data: dict[str, Any]) -> int | None:
    """The exit status an answer means: by its word, and for a vote by its effect (0 only
    when carried and binding); None for a word the table does not know."""
    word = data.get("answer")
    if word not in EXIT:
        return None
    if data.get("question") == "vote" and word == "carried":
        return {"binding": 0, "in-principle": 1, "void": 1}.get(data.get("effect", ""), 3)
    return EXIT[word]


def error_document(
    command: str | None, message: str, error: Any = None, hint: str | None = None
) -> dict[str, Any]:
    """The JSON answer of a command that could not be answered (exit 2)."""
    from ..reading.errors import LoadError

    where = error if isinstance(error, LoadError) else None
    detail: dict[str, Any] = {
        "message": message,
        "file": where.path if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
    }
    hint = where.hint if where else hint
    if hint:
        detail["hint"] = hint
    return {
        "trust": None,
        "body": None,
        "question": command,
        "answer": "error",
        "explanation": [],
        "error": detail,
    }
