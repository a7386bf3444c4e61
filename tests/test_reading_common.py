"""The fast reader's common-case loop reads what its full loop reads, and gives up otherwise.

`_read_common` handles files of plain mappings, lists and scalars with the guard's checks
inline; anything else (an anchor, a tag, a limit broken) must leave it to the full loop, which
refuses in the guard's own words.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from govrules.reading.sourcefile import Limits
from govrules.reading.yamlfast import Undecided, _read_common, _Reader, parse_fast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import MouSpec, mou_yaml

TRUSTS = sorted((Path(__file__).resolve().parent.parent / "trusts").glob("*.yaml"))


def _texts() -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text("utf-8")) for p in TRUSTS]
    texts.append(("synthetic", mou_yaml(MouSpec(seats=40, bodies=5, depth=3))))
    texts.append(
        ("flow and block", "a: [1, {b: 'x', c: null}]\nd: |\n  text\ne:\n  - 2024-01-02\n")
    )
    texts.append(("scalar root", "just text\n"))
    return texts


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[n for n, _ in _texts()])
def test_the_common_loop_reads_as_the_full_loop(name: str, text: str) -> None:
    full = _Reader(text, name, Limits()).read()
    common = _read_common(text, name, Limits())
    assert common is not None
    assert (common.data, common.positions) == (full.data, full.positions)
    assert list(common.positions) == list(full.positions)  # the same order too


@pytest.mark.parametrize(
    ("text", "limits", "message"),
    [
        ("a: &x 1\nb: *x\n", Limits(), None),
        ("a: !!str 1\n", Limits(), "a tag"),
        ("- a\n- b\n- c\n", Limits(max_nodes=3), "more than 3 nodes"),
        ("a: [[[1]]]\n", Limits(max_depth=3), "deeper than 3 levels"),
        ("a: xxxxx\n", Limits(max_string=4), "longer than 4 characters"),
        ("xxxxx: a\n", Limits(max_key=4), "longer than 4 characters"),
        ("<<: a\n", Limits(), "merge keys"),
        ("[a]: b\n", Limits(), "must be text"),
        ("a: 1\n---\nb: 2\n", Limits(), "2 YAML documents"),
        ("%YAML 1.1\n---\na: 1\n", Limits(), "%YAML 1.1"),
    ],
)
def test_anything_out_of_the_ordinary_goes_to_the_full_loop(
    text: str, limits: Limits, message: str | None
) -> None:
    assert _read_common(text, "t.yaml", limits) is None
    if message is None:
        assert parse_fast(text, "t.yaml", limits).data is not None
    else:
        with pytest.raises(Undecided, match=message):
            parse_fast(text, "t.yaml", limits)
