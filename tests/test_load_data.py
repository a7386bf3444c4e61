"""A trust built from data already parsed is checked as a file is: `govrules.load(mapping)`.

`Trust.model_validate` checks the shape alone; a service that receives a trust as JSON must not
be answered from one the loader would refuse (a presence of a seat that does not exist)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import govrules
from govrules import LoadError, Trust

TRUSTS = Path(__file__).parent.parent / "trusts"


def _board(must: list[str]) -> dict[str, Any]:
    body = {
        "id": "b",
        "name": "B",
        "seats": [{"id": "a", "title": "A"}],
        "quorum": {"number": 1, "must_include": [{"seats": must, "at_least": 1}], "source": "1"},
        "voting": {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "2"},
    }
    return {"id": "t", "name": "T", "document": {"title": "T"}, "bodies": [body]}


def test_an_unknown_reference_in_data_is_refused_as_in_a_file() -> None:
    data = _board(["zzz"])
    # The shape alone passes: the reference is what the loader checks.
    assert Trust.model_validate(data).id == "t"
    with pytest.raises(LoadError, match="unknown seat `zzz` in `b`"):
        govrules.load(data)
    good = govrules.load(_board(["a"]))
    assert govrules.quorum(good, "b", present=["a"]).answer == "quorate"


def test_a_reading_that_leaves_a_vote_open_is_refused_in_data_too() -> None:
    data = _board(["a"])
    data["gaps"] = [
        {
            "kind": "ambiguous",
            "subject": "b.voting.exceptions",
            "note": "n",
            "source": "2",
            "readings": [{"value": [{"seat": "a", "votes": "unspecified"}]}],
        }
    ]
    with pytest.raises(LoadError, match="leaves a seat's vote `unspecified`"):
        govrules.load(data)


@pytest.mark.parametrize("name", ["rutland", "suffolk"])
def test_a_bundled_trust_as_data_is_the_trust_its_file_is(name: str) -> None:
    data = yaml.safe_load((TRUSTS / f"{name}.yaml").read_text(encoding="utf-8"))
    kept = copy.deepcopy(data)
    assert govrules.load(data) == govrules.load(name)
    assert data == kept  # the caller's data is not changed


def test_data_too_deep_or_with_limits_is_refused_in_one_line() -> None:
    data = _board(["a"])
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(5000):
        node["x"] = {}
        node = node["x"]
    data["bodies"][0]["note"] = deep
    with pytest.raises(LoadError) as raised:
        govrules.load(data)
    assert "\n" not in str(raised.value)
    with pytest.raises(govrules.QueryError, match="limits bound a file's text"):
        govrules.load(_board(["a"]), limits=govrules.Limits())
