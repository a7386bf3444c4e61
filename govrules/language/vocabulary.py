"""Ids the MoU language itself gives meaning to, which a trust uses without declaring: the
built-in classes of member, the classes derived from the right to vote, and the word a
question uses for a matter of no declared kind. A trust may not declare them again."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["BUILT_IN", "DERIVED", "NO_KIND", "OPPOSITES"]

BUILT_IN: Mapping[str, str] = {
    "officer": "an officer member",
    "non-officer": "a non-officer member",
    "councillor": "a councillor",
    "elected": "an elected member",
    "co-opted": "a co-opted member",
    "staff": "a staff member",
}
"""Classes every trust knows, with how a member of each is named in words."""

DERIVED: Mapping[str, str] = {
    "voting": "a voting member",
    "non-voting": "a non-voting member",
}
"""Classes derived from the voting rule: a seat may not declare them."""

OPPOSITES: tuple[tuple[str, str], ...] = (("officer", "non-officer"),)
"""Built-in classes no seat can belong to both of."""

NO_KIND = "none"
"""The kind a question gives for a matter of no declared kind: the general rules apply."""
