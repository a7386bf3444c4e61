"""The fast YAML reader (libyaml) gives exactly what the reference (ruamel.yaml) gives.

``govrules.reading.yamlfast.parse_fast`` either gives the reference's result — the same data, of the
same Python types, and the same position for every node, in the same order — or says it is
undecided, and ``parse_yaml`` then asks the reference. So for every file here, and for
generated text: if the fast reader decides, the reference reads the file and agrees; and
``parse_yaml`` always gives the reference's data, positions or ``LoadError`` line.

The YAML is 1.2 as ruamel.yaml reads it; libyaml parses YAML 1.1 syntax, and PyYAML's own
resolver would read ``yes`` as ``True`` (pinned below, so that the scalar tests can fail).

One difference is deliberate: where ruamel.yaml crashes inside its own comment handling on
valid YAML (``YAML error (NotImplementedError): overlap in comment ...``), the fast reader
reads the file.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from govrules import LoadError
from govrules.reading import yamlfast
from govrules.reading.sourcefile import Limits, Located
from govrules.reading.yamlfast import Undecided, parse_fast
from govrules.reading.yamlruamel import parse_ruamel
from govrules.reading.yamlsource import _decode, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("trusts", "tests/real_world", "tests/scenarios", "tests/fixtures", "examples")
FILES = sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.yaml"))
CORPUS = sorted((ROOT / "tests" / "corpus").rglob("*.yaml"))

GENERATED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Outcome = tuple[Any, ...]
"""``("read", data with its types, positions in order)`` or ``("refused", the error line)``."""


def _typed(value: Any) -> Any:
    """``value`` with the type of every part, so ``1 == True == 1.0`` cannot pass for equal."""
    if isinstance(value, dict):
        return ("dict", [(key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _outcome(read: Callable[[], Located]) -> Outcome:
    try:
        located = read()
    except LoadError as exc:
        return ("refused", exc.render())
    return ("read", _typed(located.data), list(located.positions.items()))


def _ruamel_crashed(outcome: Outcome) -> bool:
    """The reference failed inside ruamel.yaml (an internal exception, not a YAML error)."""
    return outcome[0] == "refused" and ": YAML error (" in outcome[1]


def agree(raw: bytes | str, limits: Limits | None = None) -> bool:
    """Assert the readers agree on ``raw``; whether the fast reader decided."""
    limits = limits or Limits()
    try:
        text = _decode(raw, "t.yaml", limits)
    except LoadError:
        return False  # refused before either parser sees it
    reference = _outcome(lambda: parse_ruamel(text, "t.yaml", limits))
    try:
        fast = _outcome(lambda: parse_fast(text, "t.yaml", limits))
    except Undecided:
        assert _outcome(lambda: parse_yaml(raw, "t.yaml", limits)) == reference
        return False
    assert fast[0] == "read", "the fast reader never refuses: it leaves refusals undecided"
    if _ruamel_crashed(reference):
        assert _outcome(lambda: parse_yaml(raw, "t.yaml", limits)) == fast
        return True
    assert fast == reference
    assert _outcome(lambda: parse_yaml(raw, "t.yaml", limits)) == reference
    return True


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_real_file_is_read_by_the_fast_reader_as_by_the_reference(path: Path) -> None:
    # Every file the project ships reads fast: none falls back to the slow reader.
    assert agree(path.read_bytes())


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT / "tests")))
def test_every_corpus_file_gets_the_reference_answer(path: Path) -> None:
    raw = path.read_bytes()
    decided = agree(raw)
    try:
        parse_ruamel(_decode(raw, "t.yaml", Limits()), "t.yaml", Limits())
    except LoadError:
        assert not decided  # every refusal is the reference's
    else:
        assert decided


def test_the_file_lists_are_not_empty() -> None:
    assert len(FILES) > 30 and len(CORPUS) > 70


def _synthetic() -> ModuleType:
    path = ROOT / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("govrules_benchmarks_synthetic_yaml", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("seats", "bodies", "depth"), [(3, 1, None), (40, 12, 5), (2_000, 30, None)]
)
def test_synthetic_mous_read_fast_and_the_same(seats: int, bodies: int, depth: int | None) -> None:
    synthetic = _synthetic()
    spec = synthetic.MouSpec(seats=seats, bodies=bodies, depth=depth)
    assert agree(synthetic.mou_yaml(spec), Limits(max_nodes=1_000_000))
    record = synthetic.meeting_yaml(spec, "trust.yaml", decisions=3)
    assert agree(record, Limits(max_nodes=1_000_000))


# --------------------------------------------------------------------------- YAML 1.2


INF = float("inf")
PLAIN_SCALARS: list[tuple[str, Any]] = [
    # YAML 1.1 booleans are text in 1.2
    ("yes", "yes"),
    ("No", "No"),
    ("on", "on"),
    ("OFF", "OFF"),
    ("y", "y"),
    ("true", True),
    ("False", False),
    ("TRUE", True),
    # integers: 1.2 octal is 0o; a leading zero is decimal; underscores are dropped
    ("0o17", 15),
    ("017", 17),
    ("0x1F", 31),
    ("0b101", 5),
    ("1_000", 1000),
    ("+1", 1),
    ("-0", 0),
    # YAML 1.1 sexagesimal numbers are text in 1.2
    ("1:20", "1:20"),
    ("12:30:00", "12:30:00"),
    ("190:20:30.15", "190:20:30.15"),
    # floats
    ("1e3", 1000.0),
    ("1.5", 1.5),
    (".5", 0.5),
    ("1.", 1.0),
    (".inf", INF),
    ("-.INF", -INF),
    ("+.inf", INF),
    # nulls
    ("~", None),
    ("null", None),
    ("NULL", None),
    ("", None),
    # dates, and what only looks like one
    ("2010-02-03", dt.date(2010, 2, 3)),
    ("2020-1-1", "2020-1-1"),
    # text
    ("_1", "_1"),
    ("0o", "0o"),
    ("a:b", "a:b"),
    ("-a", "-a"),
    ("seat-1", "seat-1"),
]


@pytest.mark.parametrize(
    ("text", "expected"), PLAIN_SCALARS, ids=[t or "empty" for t, _ in PLAIN_SCALARS]
)
def test_plain_scalars_read_as_yaml_1_2_in_both_readers(text: str, expected: Any) -> None:
    document = f"value: {text}\n"
    for read in (parse_fast, parse_ruamel, parse_yaml):
        value = read(document, "t.yaml", Limits()).data["value"]
        assert _typed(value) == _typed(expected), read.__name__


def test_nan_reads_as_nan_in_both_readers() -> None:
    for read in (parse_fast, parse_ruamel):
        assert math.isnan(read("value: .NaN\n", "t.yaml", Limits()).data["value"])


def test_a_timestamp_keeps_ruamel_yaml_s_type() -> None:
    document = "at: 2001-12-14t21:59:43.10-05:00\n"
    fast = parse_fast(document, "t.yaml", Limits()).data["at"]
    assert type(fast) is type(parse_ruamel(document, "t.yaml", Limits()).data["at"])
    assert fast == dt.datetime(
        2001, 12, 14, 21, 59, 43, 100000, dt.timezone(-dt.timedelta(hours=5))
    )


def test_pyyaml_s_own_resolver_would_read_yaml_1_1() -> None:
    # Why the fast reader resolves scalars with ruamel.yaml's rules, not PyYAML's.
    loaded = pyyaml.load("a: yes\nb: 0o17\nc: 1:20\nd: on\n", Loader=pyyaml.CSafeLoader)
    assert loaded == {"a": True, "b": "0o17", "c": 80, "d": True}


@pytest.mark.parametrize(
    ("document", "key"),
    [
        ("1: a\n", "1"),
        ("0x1F: a\n", "31"),
        ("1_0: a\n", "10"),
        ("yes: a\n", "yes"),
        ("~x: a\n", "~x"),
    ],
)
def test_keys_that_are_numbers_become_text_as_before(document: str, key: str) -> None:
    assert parse_fast(document, "t.yaml", Limits()).data == {key: "a"}
    assert agree(document)


ANCHORS = [
    "a: &x {b: 1, c: [2, 3]}\nd: *x\ne: [*x, *x]\n",
    "- &x\n  k: v\n- *x\n- [*x]\n",
    "a: &s text\nb: *s\nc: [*s]\n",
    "a: &n 5\nb: *n\n",
    "a: &t true\nb: *t\n",  # ruamel builds an anchored boolean as 1; both readers do
    "&k key: v\nother: *k\n",
    "a: &o [&i {x: 1}, *i]\nb: *o\n",
]


@pytest.mark.parametrize("document", ANCHORS)
def test_anchors_and_aliases_expand_as_in_the_reference(document: str) -> None:
    assert agree(document)


def test_an_alias_is_a_fresh_copy() -> None:
    data = parse_fast("a: &x {b: [1]}\nc: *x\n", "t.yaml", Limits()).data
    assert data["a"] == data["c"] and data["a"] is not data["c"]
    assert data["a"]["b"] is not data["c"]["b"]


# --------------------------------------------------------------------------- undecided


UNDECIDED: list[tuple[str, str]] = [
    # where the two parsers read the same text differently
    ("a:\tb\n", "U+0009"),
    ('a: "b\tc"\n', "U+0009"),
    ("a: b\x85c\n", "U+0085"),
    ("a: b\u2028c\n", "U+2028"),
    ("x: [a:, b]\n", "libyaml refuses it"),
    ("x: ['a':b]\n", "inside a flow collection"),
    ('x: {"a":1}\n', "inside a flow collection"),
    ("x: [a?b]\n", "inside a flow collection"),
    ("x: {at: '10:30'}\n", "inside a flow collection"),
    ("- &a:b x\n", "may read differently"),
    ("a: |-#c\n  x\n", "block scalar header"),
    ("a: |\n  \n    x\n", "starting with a blank line"),
    ("|\n#c\n", "block scalar at the root"),
    ("a: 1\n...\n...\n", "document end marker"),
    ("- a\n-\n- b\n", "empty list item"),
    ("a: " + "[" * 101 + "]" * 101 + "\n", "nested 102 deep"),
    # tags and the scalars the reference refuses
    ("a: !!int '3'\n", "a tag"),
    ("%TAG !e! tag:example.com,2000:\n---\na: 1\n", "%TAG"),
    ("a: =\n", "resolves to tag:yaml.org,2002:value"),
    ("a: <<\n", "resolves to tag:yaml.org,2002:merge"),
    ("a: 2010-02-30\n", "cannot be built"),
    ("a: 0x_\n", "cannot be built"),
    # keys the reference refuses
    ("1.5: a\n", "not text"),
    ("true: a\n", "not text"),
    ("~: a\n", "not text"),
    ("a: 1\na: 2\n", "duplicate key"),
    ("1: a\n'1': b\n", "duplicate key"),
    # refusals: libyaml's syntax errors and the guard
    ("a: [b\n", "libyaml refuses it"),
    ("a: b\n---\nc: d\n", "refused"),
    ("<<: {a: 1}\n", "merge keys"),
    ("a: &x 1\nb: &x 2\n", "defined twice"),
    ("", "empty"),
    ("# only a comment\n", "empty"),
]


@pytest.mark.parametrize(("document", "reason"), UNDECIDED, ids=[r for _, r in UNDECIDED])
def test_the_fast_reader_leaves_these_to_the_reference(document: str, reason: str) -> None:
    with pytest.raises(Undecided, match=re.escape(reason)):
        parse_fast(document, "t.yaml", Limits(max_depth=1000))
    assert not agree(document, Limits(max_depth=1000))


@pytest.mark.parametrize(
    "document",
    ["x: ['a':b]\n", "a: |-#c\n  x\n", "a: |\n  \n    x\n", "a: 1\n...\n...\n", "a: b\tc\n"],
)
def test_these_really_differ_libyaml_reads_what_the_reference_refuses(document: str) -> None:
    pyyaml.load(document, Loader=pyyaml.CSafeLoader)  # libyaml reads it
    with pytest.raises(LoadError):
        parse_yaml(document, "t.yaml")


@pytest.mark.parametrize(
    ("document", "libyaml", "reference"),
    [
        ("x: [a:, b]\n", None, ["a:", "b"]),  # libyaml refuses it
        ("|\n#c\n", "", "#c\n"),
        ("- &a:b x\n", [":b x"], ["x"]),
    ],
)
def test_these_really_differ_the_two_read_different_data(
    document: str, libyaml: Any, reference: Any
) -> None:
    try:
        read = pyyaml.load(document, Loader=pyyaml.CSafeLoader)
    except pyyaml.YAMLError:
        read = None
    if isinstance(read, dict):
        read = read["x"]
    assert read == libyaml
    data = parse_yaml(document, "t.yaml").data
    assert (data["x"] if isinstance(data, dict) else data) == reference


def test_a_ruamel_crash_on_valid_yaml_is_read_by_the_fast_reader() -> None:
    # A comment after a key whose value is on the next line, then a blank line: ruamel.yaml's
    # comment handling raises NotImplementedError on it; the reader now reads the file.
    document = "b: # note\n  a\n\n"
    with pytest.raises(LoadError, match=r"YAML error \(NotImplementedError\): overlap"):
        parse_ruamel(document, "t.yaml", Limits())
    assert parse_yaml(document, "t.yaml").data == {"b": "a"}


def test_without_libyaml_the_reference_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    document = (ROOT / "trusts" / "suffolk.yaml").read_bytes()
    expected = _outcome(lambda: parse_yaml(document, "t.yaml"))
    monkeypatch.setattr(yamlfast, "AVAILABLE", False)
    with pytest.raises(Undecided, match="libyaml is not available"):
        parse_fast("a: 1\n", "t.yaml", Limits())
    assert _outcome(lambda: parse_yaml(document, "t.yaml")) == expected


def test_a_fault_in_the_fast_reader_costs_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> Located:
        raise KeyError("a bug")

    monkeypatch.setattr("govrules.reading.yamlsource.parse_fast", broken)
    assert parse_yaml("a: yes\n", "t.yaml").data == {"a": "yes"}


def test_a_refused_alias_bomb_is_never_expanded_by_the_fast_reader() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    bomb = "\n".join(lines) + "\n"
    with pytest.raises(Undecided, match="more than 50000 nodes once its aliases are expanded"):
        parse_fast(bomb, "t.yaml", Limits())


# --------------------------------------------------------------------------- generated


KEYS = st.sampled_from(["a", "id", "name", "1", "yes", "on", "x y", "0o17", "2010-02-03", "k:v"])
SCALARS = st.one_of(
    st.sampled_from(
        [
            "text",
            "yes",
            "on",
            "1:20",
            "0o17",
            "017",
            "1_000",
            "0x1F",
            ".inf",
            "~",
            "null",
            "",
            " lead",
            "trail ",
            "a: b",
            "#x",
            "a #b",
            "- x",
            "x\ny",
            "x\n\ny\n",
            "é",
            "😀",
            "'q'",
            '"dq"',
            "\\",
            "2010-02-03",
            "2010-02-30",
            "=",
            "<<",
            "a,b",
            "[x]",
            "&a",
            "*a",
            "!t",
            "%p",
            "@a",
            "|",
            ">",
            "12:30",
            "1e3",
            "--- x",
            "...",
            "x  y",
            "w " * 30,
        ]
    ),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, width=32),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    """Data written by ruamel.yaml or PyYAML in a random style (some shared: anchors)."""
    data: Any = {"root": draw(TREES), "again": None}
    shared = draw(TREES)
    data["again"] = [shared, shared] if draw(st.booleans()) else shared
    stream = io.StringIO()
    if draw(st.booleans()):
        writer = YAML(typ="rt", pure=True)
        writer.default_flow_style = draw(st.sampled_from([None, True, False]))
        indent = draw(st.integers(2, 4))
        writer.indent(mapping=indent, sequence=indent + 2, offset=2)
        writer.width = draw(st.sampled_from([20, 80, 4096]))
        writer.dump(data, stream)
    else:
        pyyaml.dump(
            data,
            stream,
            Dumper=pyyaml.SafeDumper,
            default_flow_style=draw(st.sampled_from([None, True, False])),
            default_style=draw(st.sampled_from([None, None, "'", '"', "|", ">"])),
            width=draw(st.sampled_from([20, 80])),
            allow_unicode=draw(st.booleans()),
            indent=draw(st.integers(2, 4)),
        )
    return stream.getvalue()


@GENERATED
@given(dumped())
def test_dumped_documents_read_the_same(document: str) -> None:
    agree(document)


PIECES = [
    "a", "b c", "-", "- ", ": ", ":", "? ", "[", "]", "{", "}", ", ", "\n", "\n", "\n  ",
    "\n    ", "\n- ", "  ", "'x'", '"y"', '"a\\\n b"', "'a\n b'", "&a ", "*a", "#c", " #c",
    "|", ">", "|-", ">+", "|2", "\n---", "\n...", "~", "1", "0o17", "1:20", "yes", "\r\n",
    "\t", "<<", "=", "é", "x:y", "a#b", "|\n  x\n", ">\n  x\n\n  y\n", "a: b\n", "{a: b}",
    "[a, b]", "- &x {a: 1}\n- *x\n", "k: |\n   \n  x\n",
]  # fmt: skip


@GENERATED
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join))
def test_text_made_of_tricky_pieces_reads_the_same(document: str) -> None:
    agree(document)


LINES = [
    "a:", "b: c", "e: |", "f: >", "g: |-", "h: >+", "- ", "- x", "- |", "- k: l", "-", "text",
    "#c", "", "", "m: 'q", "z'", "o: [s,", "t]", "u: {v: w,", "x: y}", "? q", ": r", "- - a",
    "&a s: t", "v: *a", "w: &a x", "- &a", "- *a", "x: 1", "y: 2010-01-01", "z: ~", "aa: yes",
    "...", "---", "dd:  e  ", "gg: 'a''b'", 'hh: "\\u00e9"',
]  # fmt: skip


@GENERATED
@given(
    st.lists(
        st.tuples(st.sampled_from([0, 0, 1, 2, 2, 4, 6]), st.sampled_from(LINES)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_indented_lines_read_the_same(lines: list[tuple[int, str]], end: str) -> None:
    agree(end.join(" " * indent + line for indent, line in lines) + end)
