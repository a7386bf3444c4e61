"""`walk_models` finds every value of the kinds asked for, with its path, in file order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

import govrules
from govrules.authoring.findings import walk_models
from govrules.language.schema import Rule, Source
from govrules.reading.sourcefile import Path_


def _plainly(node: Any, kinds: tuple[type, ...], path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """The definition, written as plainly as it can be: depth first, fields in order."""
    if isinstance(node, kinds):
        yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _plainly(getattr(node, name), kinds, (*path, name))
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _plainly(item, kinds, (*path, i))


@pytest.mark.parametrize("name", govrules.bundled_names())
@pytest.mark.parametrize("kinds", [(Source,), (str, Source, Rule), (int,)])
def test_the_walk_is_the_plain_definition(name: str, kinds: tuple[type, ...]) -> None:
    trust = govrules.load(name)
    found = list(walk_models(trust, kinds))
    assert found == list(_plainly(trust, kinds))
    assert found  # every trust has sources, texts and numbers
