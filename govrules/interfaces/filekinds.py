"""What a YAML file is, told from its content: a trust file (MoU), a meeting record or a
scenario file. Used where a folder holds all three (a pre-commit hook over ``*.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

__all__ = ["Kind", "file_kind", "kind_of"]

Kind = Literal["mou", "record", "scenarios"]


def kind_of(data: Any) -> Kind:
    """``scenarios`` for a mapping with ``cases``; ``record`` for one with ``attendees`` or
    with ``trust``, ``body`` and ``date`` but no ``bodies``; else ``mou`` (so a malformed
    file is still checked, and reported, as a trust file)."""
    if not isinstance(data, dict):
        return "mou"
    if "cases" in data and "bodies" not in data:
        return "scenarios"
    if "bodies" not in data and ("attendees" in data or {"trust", "body", "date"} <= data.keys()):
        return "record"
    return "mou"


def file_kind(path: str | Path) -> Kind:
    """The kind of a file; one that cannot be read or parsed counts as a trust file."""
    from ..compiling.loader import resolve
    from ..reading.errors import LoadError
    from ..reading.yamlsource import read_yaml

    try:
        return kind_of(read_yaml(resolve(str(path))).data)
    except LoadError:
        return "mou"
