"""Ids the MoU language itself gives meaning to, which a trust uses without declaring: the
built-in classes of member, the classes derived from the right to vote, and the word a
question uses for a matter of no declared kind. A trust may not declare them again."""

from __future__ import annotations

__all__ = ["BUILT_IN", "DERIVED", "NO_KIND", "OPPOSITES"]

BUILT_IN: tuple[str, ...] = ("officer", "non-officer", "councillor", "elected", "co-opted", "staff")
"""Classes every trust knows (their words are the phrasebook's)."""

DERIVED: tuple[str, ...] = ("voting", "non-voting")
"""Classes derived from the voting rule: a seat may not declare them."""

OPPOSITES: tuple[tuple[str, str], ...] = (("officer", "non-officer"),)
"""Built-in classes no seat can belong to both of."""

NO_KIND = "none"
"""The kind a question gives for a matter of no declared kind: the general rules apply."""
