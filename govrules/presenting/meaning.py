"""What an answer means to a script: the exit status of each answer word, and the JSON
document of a question that could not be answered. The command line and the HTTP service
(its ``X-Govrules-Exit`` header) read the same table."""

from __future__ import annotations

from typing import Any

from ..evaluating.questions import QUESTIONS, AnswerWord, ErrorWord, question


def _table() -> dict[str, int]:
    """Every answer word's exit status, from the words the questions declare: 0 yes, 1 no,
    2 could not answer, 3 not settled by the text (readings differ), 4 the question leaves
    out a fact the answer turns on."""
    table: dict[str, int] = {}
    words: list[AnswerWord] = [*ErrorWord]
    for q in QUESTIONS:
        words.extend(q.words)
    for word in words:
        # One word means one thing whichever question answers it (tests/test_questions.py).
        table.setdefault(word.value, int(word.meaning))
    return table


EXIT = _table()


def answer_status(data: dict[str, Any]) -> int | None:
    """The exit status an answer means, by its question's declared words (a vote carried is
    0 only when it binds); None for a word its question does not have, or a word no question
    has, so that an unknown word never passes for a yes."""
    asked = question(str(data.get("question")))
    if asked is not None:
        meant = asked.meaning(data)
        return None if meant is None else int(meant)
    word = data.get("answer")
    return EXIT.get(word) if isinstance(word, str) else None


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
