"""Small trusts built in code, shared by several test files."""

from __future__ import annotations

from typing import Any

from govrules.schema import Trust


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
