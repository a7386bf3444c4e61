"""Ids the MoU language itself gives meaning to, which a trust uses without declaring: the
built-in classes of member, the classes derived from the right to vote, the word a question
uses for a matter of no declared kind, and the regions whose bank holidays a calendar follows.
A trust may not declare them again."""

from __future__ import annotations

from typing import Literal

__all__ = ["BUILT_IN", "DERIVED", "NO_KIND", "OPPOSITES", "REGIONS", "Region"]

BUILT_IN: tuple[str, ...] = ("officer", "non-officer", "councillor", "elected", "co-opted", "staff")
"""Classes every trust knows (their words are the phrasebook's)."""

DERIVED: tuple[str, ...] = ("voting", "non-voting")
"""Classes derived from the voting rule: a seat may not declare them."""

OPPOSITES: tuple[tuple[str, str], ...] = (("officer", "non-officer"),)
"""Built-in classes no seat can belong to both of."""

NO_KIND = "none"
"""The kind a question gives for a matter of no declared kind: the general rules apply."""

# Here rather than beside the counting of days (govrules.language.days): the models and the
# phrasebook name the regions, and a question that counts no days should not import the
# counting (benchmarks/cli.py).
Region = Literal["england-and-wales", "scotland", "northern-ireland"]
"""A region of the UK with its own bank holidays."""

REGIONS: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
"""Each region's id and its name."""
