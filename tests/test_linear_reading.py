"""Reading stays linear in the size of the input, comment-heavy files included.

Work is counted, not timed: ruamel.yaml used to join a run of comment lines by copying the text
gathered so far once per line (a 1 MB file of ``#`` lines took 33 s to read). The benchmark of
the worst inputs, with times, is ``benchmarks/worst_inputs.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import tokens

from govrules.authoring.fmt import format_text
from govrules.reading.yamlruamel import new_yaml
from govrules.reading.yamlsource import parse_yaml

HEAD = "id: x\nname: X\nitems:\n  - a\n"


def comment_runs(lines: int) -> list[str]:
    """Texts whose value is followed by ``lines`` comment lines, in the shapes ruamel joins."""
    return [
        HEAD + "#\n" * lines,  # full-line comments after a value
        HEAD.replace("  - a\n", "  - a  # e\n") + "  # c\n" * lines,  # after an end-of-line one
        "a: b\n" + "#\n" * lines + "c: d\n",  # between two keys
    ]


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of characters given to comment tokens, as they are given."""
    sizes: list[int] = []
    real = tokens.CommentToken.value

    def setter(self: Any, value: Any) -> None:
        sizes.append(len(value))
        assert real.fset is not None
        real.fset(self, value)

    monkeypatch.setattr(tokens.CommentToken, "value", property(real.fget, setter))
    return sizes


@pytest.mark.parametrize("index", range(3), ids=["after-value", "after-comment", "between"])
def test_a_run_of_comments_is_joined_in_linear_work(copied: list[int], index: int) -> None:
    text = comment_runs(5_000)[index]
    new_yaml().load(text)
    # Quadratic joining copies about lines**2 characters (25 million here); linear, about the
    # text's own size.
    assert sum(copied) <= 2 * len(text)


def test_the_joined_comments_are_ruamel_s_own() -> None:
    from ruamel.yaml import YAML

    for text in comment_runs(20):
        plain = YAML(typ="rt", pure=True)
        expected = plain.load(text)
        got = new_yaml().load(text)
        assert repr(got.ca.items) == repr(expected.ca.items)
        assert format_text(text).count("#") == text.count("#")  # fmt keeps every line


def test_the_reference_reader_reads_a_long_comment_run(copied: list[int]) -> None:
    # A tab sends the file to the reference reader, which used to copy 10**10 characters here.
    text = HEAD + "#\n" * 50_000 + 'x: "\t"\n'
    located = parse_yaml(text, "long.yaml")
    assert located.data["x"] == "\t"
    assert sum(copied) <= 2 * len(text)
