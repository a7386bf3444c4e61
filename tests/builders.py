"""Small trusts built in code, shared by several test files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govrules.language.schema import Trust


def one_body_trust(quorum: dict[str, Any], voting: dict[str, Any] | None, seats: int) -> Trust:
    """A trust of one body, ``board``, whose one seat ``member`` has ``seats`` places."""
    board: dict[str, Any] = {
        "id": "board",
        "name": "The Board",
        "seats": [{"id": "member", "title": "Member", "count": seats}],
        "quorum": quorum,
    }
    if voting is not None:
        board["voting"] = voting
    return Trust.model_validate(
        {"id": "edges", "name": "Edges", "document": {"title": "Edges"}, "bodies": [board]}
    )


def trust_of(
    *bodies: dict[str, Any],
    partners: tuple[dict[str, Any], ...] = (),
    procedures: tuple[dict[str, Any], ...] = (),
    **more: Any,
) -> Trust:
    """A small trust, ``rules``, of these bodies, partners, procedures and ``more`` top-level
    fields (``gaps``, ``external_bodies``), each written as in a trust file."""
    return Trust.model_validate(
        {
            "id": "rules",
            "name": "Rules",
            "document": {"title": "Rules"},
            "partners": list(partners),
            "bodies": list(bodies),
            "procedures": list(procedures),
            **more,
        }
    )


def reading_gap(subject: str, value: Any, note: str = "the other way") -> dict[str, Any]:
    """An ambiguous gap at clause 9 on ``subject``, read as encoded or as ``value``."""
    return {
        "subject": subject,
        "kind": "ambiguous",
        "note": "Read either way.",
        "source": {"clause": "9"},
        "readings": [{"value": value, "note": note}],
    }


def absences_trust() -> Trust:
    """A :func:`trust_of` one body, ``board``, of three single seats ``a``, ``b`` and ``c``,
    quorum two, whose rule on absences is set off by two consecutive absences of a seat."""
    return trust_of(
        {
            "id": "board",
            "name": "Board",
            "seats": [
                {"id": "a", "title": "A"},
                {"id": "b", "title": "B"},
                {"id": "c", "title": "C"},
            ],
            "quorum": {"number": 2, "source": "2"},
            "absences": [{"absences": 2, "window": "consecutive", "by": "seat", "source": "9"}],
        }
    )


# A quorum that must include a partner's member: a number present cannot settle it.
MUST_INCLUDE_HEALTH: dict[str, Any] = {"at_least": "1/2", "must_include": [{"partner": "health"}]}


def health_board(
    quorum: dict[str, Any] = MUST_INCLUDE_HEALTH, *, name: str = "T", title: str = "T"
) -> dict[str, Any]:
    """A trust, ``t``, as written in a file: one body, ``board``, of six ``council`` places
    and two ``nhs`` places of the partner ``health``, with ``quorum`` (clause 1)."""
    return {
        "id": "t",
        "name": name,
        "document": {"title": title},
        "partners": [{"id": "health", "name": "Health"}],
        "bodies": [
            {
                "id": "board",
                "name": "Board",
                "seats": [
                    {"id": "council", "title": "Council", "count": 6},
                    {"id": "nhs", "title": "NHS", "partner": "health", "count": 2},
                ],
                "quorum": {**quorum, "source": "1"},
            }
        ],
    }


def health_board_file(folder: Path, quorum: dict[str, Any] = MUST_INCLUDE_HEALTH) -> Path:
    """:func:`health_board` written to ``folder/t.yaml``."""
    path = folder / "t.yaml"
    path.write_text(json.dumps(health_board(quorum)), encoding="utf-8")
    return path
