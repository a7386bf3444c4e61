"""Hostile and broken input: never crash, never hang, never lose a file.

Every file of ``tests/corpus/refused`` (and two generated here, too big to commit) goes through
the library (``govrules.load``, ``trust_problems``, ``govrules.validate``) and through the
command line in a separate process (``govrules quorum FILE board --count 1`` and
``govrules validate FILE``). Each must be refused with one ``LoadError`` — one line on stderr,
exit status 2, naming the file and, where there is one, the line and column — and never with
a traceback. Time is bounded by the harness: every process is killed after ``TIMEOUT``
seconds, and a killed process fails its test; nothing here asserts on measured seconds.

``tests/corpus/accepted`` holds files that must load (a BOM, CRLF line endings, ...), and
``tests/corpus/records`` broken meeting records for ``govrules check``, and
``tests/corpus/printed`` files that load but hold what a terminal or a chart would obey
(control and bidi characters, a Mermaid directive, ids like a chart's own): every command shows
them, escaped. The corpus is made by ``tests/corpus/generate.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tracemalloc
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import govrules
from govrules import LoadError
from govrules.compiling.loader import trust_problems
from govrules.reading.files import write_file as write_atomic
from govrules.reading.yamlsource import Limits, parse_yaml, read_bytes, read_yaml

CORPUS = Path(__file__).parent / "corpus"
TIMEOUT = 10.0
"""Seconds a command may take before the harness kills it (and the test fails)."""


@dataclass(frozen=True)
class Refusal:
    """What the error must say, and where (``None``: the error has no position)."""

    fragment: str
    line: int | None = None
    column: int | None = None


MAPPING = "must be a mapping"
NESTING = "nesting is deeper than 64 levels"
EXPANDED = "more than 50000 nodes once its aliases are expanded"


def tag(name: str) -> Refusal:
    return Refusal(f"the YAML tag `{name}` is not allowed", 2, 7)


COUNT = "`bodies[0].seats[1].count`"

REFUSED: dict[str, Refusal] = {
    # not a YAML mapping at all
    "empty.yaml": Refusal("file is empty"),
    "comments-only.yaml": Refusal("file is empty"),
    "document-markers-only.yaml": Refusal("file is empty"),
    "list-not-mapping.yaml": Refusal(MAPPING, 1, 1),
    "bare-scalar.yaml": Refusal(MAPPING, 1, 1),
    "bodies-not-a-list.yaml": Refusal("bodies: input should be a valid tuple", 5, 1),
    # not text
    "not-utf8.yaml": Refusal("file is not valid UTF-8 text (byte 0xe9)", 2, 23),
    "utf16.yaml": Refusal("file is UTF-16 text; govrules reads UTF-8"),
    "nul-byte.yaml": Refusal("file contains NUL bytes", 2, 13),
    "binary-junk.yaml": Refusal("file contains NUL bytes", 3, 1),
    "binary-junk-no-nul.yaml": Refusal("file is not valid UTF-8 text (byte 0x80)", 1, 1),
    "control-character.yaml": Refusal("file contains U+001B (a control character)", 2, 7),
    "surrogate-escape.yaml": Refusal("text contains U+D800, half of a UTF-16 surrogate", 2, 7),
    # not YAML
    "tab-indentation.yaml": Refusal("found character '\\t' that cannot start any token", 7, 1),
    "truncated.yaml": Refusal("YAML syntax error: expected the node content", 12, 26),
    "unclosed-quote.yaml": Refusal("YAML syntax error", 11, 10),
    "bad-escape.yaml": Refusal("found unknown escape character 'q'", 2, 16),
    "multi-document.yaml": Refusal("file holds 2 YAML documents or more", 20, 1),
    "yaml-1-1.yaml": Refusal("`%YAML 1.1` is not supported", 2, 1),
    # aliases, anchors, depth and size
    "alias-bomb.yaml": Refusal(EXPANDED, 11, 39),
    "alias-quadratic.yaml": Refusal(EXPANDED, 6, 143),
    "alias-many.yaml": Refusal("file uses more than 100 YAML aliases", 21, 405),
    "alias-loop.yaml": Refusal("the alias `*loop` is inside the node it names", 20, 14),
    "alias-undefined.yaml": Refusal(
        "the alias `*clause` names no anchor defined before it", 19, 15
    ),
    "alias-as-key.yaml": Refusal("a mapping key must be written out, not an alias", 21, 5),
    "anchor-twice.yaml": Refusal("the anchor `&a` is defined twice", 19, 15),
    "alias-too-deep.yaml": Refusal(f"{NESTING} once the alias `*deep` is expanded", 21, 34),
    "deep-nesting-flow.yaml": Refusal(NESTING, 4, 72),
    "deep-nesting-block.yaml": Refusal(NESTING, 5, 127),
    "deep-nesting-mapping.yaml": Refusal(NESTING, 68, 129),
    "huge-key-implicit.yaml": Refusal("YAML syntax error: could not find expected ':'", 20, 5001),
    "huge-key-explicit.yaml": Refusal("a mapping key is longer than 1000 characters", 20, 3),
    # tags: refused before anything is built, so nothing can run
    "python-tag-apply.yaml": tag("!!python/object/apply:os.system"),
    "python-tag-new.yaml": tag("!!python/object/new:subprocess.Popen"),
    "python-tag-name.yaml": tag("!!python/name:os.system"),
    "tag-directive.yaml": Refusal("tag `!!python/object/apply:os.system` is not allowed", 4, 7),
    "custom-tag.yaml": tag("!include"),
    "verbatim-tag.yaml": tag("tag:example.com,2024:app"),
    "binary-tag.yaml": tag("!!binary"),
    "set-tag.yaml": tag("!!set"),
    "int-tag-on-words.yaml": Refusal("cannot read `four`: it is not a valid whole number", 16, 16),
    # keys
    "merge-key.yaml": Refusal("merge keys (`<<`) are not supported", 18, 7),
    "duplicate-key.yaml": Refusal("duplicate key `title`", 16, 9),
    "bom-crlf-duplicate-key.yaml": Refusal("duplicate key `title`", 16, 9),
    "duplicate-key-number-and-text.yaml": Refusal("duplicate key `1`", 21, 1),
    "complex-key.yaml": Refusal("a mapping key must be text, not a list or a mapping", 20, 3),
    "null-key.yaml": Refusal("a mapping key must be text, but this one is empty", 20, 1),
    "bool-key.yaml": Refusal("a mapping key must be text, but this one is `True`", 20, 1),
    # values
    "wrong-type-deep.yaml": Refusal(
        '`bodies[0].seats[1].count` must be a whole number, not the text "four"', 16, 9
    ),
    "float-count.yaml": Refusal("bodies[0].seats[1].count", 16, 9),
    "negative-count.yaml": Refusal("greater than or equal to 1", 16, 9),
    "infinite-count.yaml": Refusal("bodies[0].seats[1].count", 16, 9),
    "huge-integer.yaml": Refusal("not a valid whole number (it has too many digits)", 16, 16),
    "impossible-date.yaml": Refusal(
        "cannot read `2010-02-30`: it is not a valid date (day is out of range for month)", 5, 9
    ),
    "unknown-field.yaml": Refusal("unknown field `quorom` in bodies[0]", 17, 5),
    "missing-bodies.yaml": Refusal("missing required field `bodies`", 1, 1),
    "fraction-decimal.yaml": Refusal("`0.2` is a decimal; write an exact fraction", 18, 7),
    "fraction-over-one.yaml": Refusal("`3/2` must be more than 0 and at most 1", 18, 7),
    "fraction-zero-denominator.yaml": Refusal("`1/0` is not a fraction", 18, 7),
    "fraction-zero.yaml": Refusal("`0%` must be more than 0", 18, 7),
    "fraction-words.yaml": Refusal("`a majority` is not a fraction", 18, 7),
    "fraction-two-measures.yaml": Refusal("needs exactly one of `at_least`, `more_than`", 17, 5),
    # ids: look-alike letters and invisible characters are not kebab-case ASCII
    "id-cyrillic.yaml": Refusal("is not a valid id at bodies[0].id", 6, 5),
    "id-zero-width-space.yaml": Refusal("is not a valid id at bodies[0].id", 6, 5),
    "id-uppercase.yaml": Refusal("`Board` is not a valid id at bodies[0].id", 6, 5),
    "id-unknown-seat.yaml": Refusal("unknown seat `chair-sat` in `board`", 9, 7),
    # lax values: refused, never converted (pydantic's lax mode read each one)
    "lax-count-text.yaml": Refusal(f'{COUNT} must be a whole number, not the text "4"', 16, 9),
    "lax-count-true.yaml": Refusal(f"{COUNT} must be a whole number, not `true`", 16, 9),
    "lax-count-decimal-point.yaml": Refusal(
        f"{COUNT} must be a whole number, not the number 4.0", 16, 9
    ),
    "lax-flag-yes.yaml": Refusal(
        '`bodies[0].seats[1].up_to` must be true or false, not the text "yes"', 17, 9
    ),
    "lax-date-number.yaml": Refusal("`effective.from` must be a date, not the number 0", 21, 3),
    "lax-date-with-time.yaml": Refusal(
        "`effective.from` must be a date, not the date and time 2010-03-01 10:30:00", 21, 3
    ),
    # long values: quoted to 40 characters at most
    "long-fraction-text.yaml": Refusal(f"`{'x' * 37}...` is not a fraction", 18, 7),
    "long-unknown-key.yaml": Refusal(f"unknown field `{'k' * 37}...` in the file", 20, 1),
}

RECORDS: dict[str, Refusal] = {
    "record-impossible-date.yaml": Refusal("cannot read `2010-02-30`", 3, 7),
    "record-list.yaml": Refusal("a meeting record is a mapping", 1, 1),
    "record-python-tag.yaml": Refusal("tag `!!python/object/apply:os.system` is not allowed", 3, 7),
    "record-unknown-seat.yaml": Refusal("`board` has no seat `treasurer`", 4, 25),
    "record-vote-not-present.yaml": Refusal("`member` votes but is not present", 7, 11),
    "record-date-number.yaml": Refusal("`date` must be a date, not the number 0", 3, 1),
    "record-date-words.yaml": Refusal('`date` must be a date, not the text "1 March 2010"', 3, 1),
    "record-trust-is-a-config-file.yaml": Refusal(
        "`sk_live_0123456789abcdefghijklmnopqrs...` is not a valid id", 1, 1
    ),
}

BASE = (CORPUS / "accepted" / "plain.yaml").read_text(encoding="utf-8")
SIX_MB = 6 * 1024 * 1024

GENERATED: dict[str, tuple[bytes, Refusal]] = {
    # Too big to commit: a 6 MB file (made of a valid trust and comments) and a long string.
    "six-megabytes.yaml": (
        (BASE + "# padding\n" * (SIX_MB // 10)).encode(),
        Refusal(f"file is {len(BASE) + SIX_MB // 10 * 10} bytes, more than the limit of 1000000"),
    ),
    "huge-string.yaml": (
        BASE.replace("name: Corpus Trust", "name: " + "x" * 100_001).encode(),
        Refusal("text is longer than 100000 characters", 2, 7),
    ),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    for name, (data, _) in GENERATED.items():
        (folder / name).write_bytes(data)
    return folder


def refused_files(generated: Path) -> dict[Path, Refusal]:
    files = {CORPUS / "refused" / name: want for name, want in REFUSED.items()}
    files.update({generated / name: want for name, (_, want) in GENERATED.items()})
    return files


PRINTED_TRUSTS = (
    "escapes.yaml",
    "mermaid-directive.yaml",
    "id-collisions.yaml",
    "long-name.yaml",
    "nul-escape.yaml",
)
PRINTED_RECORDS = ("record-forged-motion.yaml",)


def test_every_corpus_file_has_an_expectation() -> None:
    on_disk = {p.name for p in (CORPUS / "refused").iterdir()}
    assert on_disk == set(REFUSED)
    assert {p.name for p in (CORPUS / "records").iterdir()} == set(RECORDS)
    printed = {p.name for p in (CORPUS / "printed").iterdir()}
    assert printed == {*PRINTED_TRUSTS, *PRINTED_RECORDS}


def one_line(text: str) -> bool:
    """One line, with no control character (a terminal would act on one)."""
    return len(text.splitlines()) == 1 and not any(unicodedata.category(c) == "Cc" for c in text)


def location(path: Path | str, want: Refusal) -> str:
    if want.line is None:
        return f"{path}: "
    return f"{path}:{want.line}:{want.column}: "


# --------------------------------------------------------------------------- the library


@pytest.mark.parametrize("name", [*REFUSED, *GENERATED])
def test_library_refuses_with_one_located_error(name: str, generated: Path) -> None:
    folder = generated if name in GENERATED else CORPUS / "refused"
    path, want = folder / name, refused_files(generated)[folder / name]
    with pytest.raises(LoadError) as info:
        govrules.load(path)
    err = info.value
    assert want.fragment in err.message
    assert (err.path, err.line, err.column) == (str(path), want.line, want.column)
    assert one_line(str(err)) and str(err).startswith(location(path, want))

    problems = trust_problems(path)
    assert problems and all(isinstance(p, LoadError) and one_line(str(p)) for p in problems)
    assert problems[0].message == err.message

    findings = govrules.validate(path).findings  # never raises
    assert findings[0].severity == "error"
    assert (findings[0].line, findings[0].column) == (want.line, want.column)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_library_refuses_broken_meeting_records(name: str) -> None:
    path, want = CORPUS / "records" / name, RECORDS[name]
    with pytest.raises(LoadError) as info:
        govrules.check(path)
    assert want.fragment in info.value.message
    assert (info.value.line, info.value.column) == (want.line, want.column)
    assert str(info.value).startswith(location(path, want)) and one_line(str(info.value))


def test_accepted_files_load_to_the_same_trust() -> None:
    # A UTF-8 BOM, CRLF line endings, no final newline, comments and an alias change nothing.
    plain = govrules.load(CORPUS / "accepted" / "plain.yaml").model_dump()
    for path in sorted((CORPUS / "accepted").iterdir()):
        trust = govrules.load(path)
        assert govrules.quorum(trust, "board", count=1).answer == "quorate"
        data = trust.model_dump()
        if path.name == "unicode-text.yaml":
            assert data["name"] == "Trust für Kinder — «Ωmega» 子ども"
            data["name"] = plain["name"]
        if path.name == "comments-and-anchors.yaml":  # the quorum cites *clause, "1.1"
            assert data["bodies"][0]["quorum"]["source"]["clause"] == "1.1"
            data["bodies"][0]["quorum"]["source"]["clause"] = "2.1"
        assert data == plain, path.name


def test_crlf_and_bom_keep_positions() -> None:
    plain = read_yaml(CORPUS / "accepted" / "plain.yaml")
    for name in ("bom.yaml", "crlf.yaml", "bom-crlf.yaml"):
        assert read_yaml(CORPUS / "accepted" / name).positions == plain.positions


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    # Expanded, the file would hold 10**8 ten-character strings (about 1 GB). The guard
    # counts what each alias stands for from the size of its anchor, so the file is refused
    # at the alias that passes the limit, with a small, bounded amount of memory.
    raw = (CORPUS / "refused" / "alias-bomb.yaml").read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match="once its aliases are expanded") as info:
            parse_yaml(raw, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.value.line, info.value.column) == (11, 39)  # in `lol5`, long before `lol8`
    assert peak < 8 * 1024 * 1024  # expanding even the first 50,000 nodes would take more


def test_python_tags_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("python-tag-apply.yaml", "python-tag-new.yaml", "tag-directive.yaml"):
        text = (CORPUS / "refused" / name).read_text(encoding="utf-8")
        assert "pwned" in text
        with pytest.raises(LoadError, match="is not allowed"):
            parse_yaml(text, name)
    assert not (tmp_path / "pwned").exists()


# --------------------------------------------------------------------------- limits


def nested(depth: int) -> str:
    return "x: " + "[" * (depth - 1) + "1" + "]" * (depth - 1)


@pytest.mark.parametrize(
    ("text", "limits", "message"),
    [
        (nested(64), Limits(), None),
        (nested(65), Limits(), "nesting is deeper than 64 levels"),
        (nested(3), Limits(max_depth=3), None),
        (nested(4), Limits(max_depth=3), "nesting is deeper than 3 levels"),
        ("a: &a [1]\nb: [*a, *a]\n", Limits(max_aliases=2), None),
        ("a: &a [1]\nb: [*a, *a, *a]\n", Limits(max_aliases=2), "more than 2 YAML aliases"),
        # the root, a, [1, 2], 1, 2, b, [*a, *a] and twice the three of [1, 2]: 13 nodes
        ("a: &a [1, 2]\nb: [*a, *a]\n", Limits(max_nodes=13), None),
        ("a: &a [1, 2]\nb: [*a, *a]\n", Limits(max_nodes=12), "more than 12 nodes once its"),
        ("a: [1, 2]\n", Limits(max_nodes=3), "more than 3 nodes"),
        ("a: &a [[1]]\nb: *a\n", Limits(max_depth=3), None),
        ("a: &a [[1]]\nb: [*a]\n", Limits(max_depth=3), "once the alias `*a` is expanded"),
        ("x: " + "y" * 100_000, Limits(), None),
        ("x: " + "y" * 100_001, Limits(), "text is longer than 100000 characters"),
        ("x: abcd", Limits(max_string=4), None),
        ("x: abcde", Limits(max_string=4), "text is longer than 4 characters"),
        ("abcd: x", Limits(max_key=4, max_string=1), None),
        ("abcde: x", Limits(max_key=4), "a mapping key is longer than 4 characters"),
        ("x: 1234", Limits(max_bytes=7), None),
        ("x: 12345", Limits(max_bytes=7), "file is 8 bytes, more than the limit of 7"),
    ],
)
def test_each_limit_holds_exactly(text: str, limits: Limits, message: str | None) -> None:
    for raw in (text, text.encode()):
        if message is None:
            parse_yaml(raw, "limits.yaml", limits)
        else:
            with pytest.raises(LoadError, match=re.escape(message)):
                parse_yaml(raw, "limits.yaml", limits)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_depth must be a positive integer"):
        Limits(max_depth=0)
    with pytest.raises(ValueError, match="max_bytes"):
        Limits(max_bytes=True)


def test_limits_apply_to_load(tmp_path: Path) -> None:
    path = tmp_path / "trust.yaml"
    path.write_text(BASE, encoding="utf-8")
    from govrules.compiling.loader import load_trust

    assert load_trust(path, Limits()).id == "corpus"
    with pytest.raises(LoadError, match="nesting is deeper than 2 levels"):
        load_trust(path, Limits(max_depth=2))


def test_oversized_file_is_never_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # 64 MB (sparse: nothing is written)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match="file is 67108864 bytes, more than the limit"):
            read_yaml(path)
        with pytest.raises(LoadError, match="more than the limit of 1000"):
            read_bytes(path, Limits(max_bytes=1000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024  # reading it whole would take 64 MB


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a directory"):
        read_yaml(tmp_path)
    with pytest.raises(LoadError, match="no such file"):
        read_yaml(tmp_path / "absent.yaml")
    with pytest.raises(LoadError, match="no such file"):
        read_yaml(tmp_path / "absent" / "trust.yaml")
    if Path("/dev/zero").exists():
        with pytest.raises(LoadError, match="is not a regular file"):
            read_yaml("/dev/zero")


# --------------------------------------------------------------------------- writing files


def test_write_atomic_replaces_a_file_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "schema.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions

    with pytest.raises(UnicodeEncodeError):  # fails half-way through writing
        write_atomic(target, "half " + "\ud800" + " written")
    with monkeypatch.context() as patch:  # fails at the very end, as a full disk might

        def refuse(*_: object) -> None:
            raise OSError(28, "No space left on device")

        patch.setattr(os, "replace", refuse)
        with pytest.raises(OSError, match="No space left"):
            write_atomic(target, "newer\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]  # no temporary file left


def test_concurrent_writers_never_mix_their_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    texts = [f"{i}\n" * 50_000 for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda text: write_atomic(target, text), texts))
    assert target.read_text(encoding="utf-8") in texts
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# --------------------------------------------------------------------------- special files as -o


SPECIAL_TARGETS = {
    # what -o names: (exit status, what the one error line says)
    "./a-pipe": (2, "cannot write to the named pipe: nothing is reading it"),
    "./a-link-to-the-pipe": (2, "cannot write to the named pipe: nothing is reading it"),
    "./a-socket": (2, "it is a socket, not a file"),
    "./a-directory": (2, "is a directory"),
    "./read-only.html": (2, "it is read-only (mode 0444)"),
    "missing-dir/x.html": (2, "the folder `missing-dir` does not exist"),
    "-": (0, None),
}


def test_cli_never_replaces_a_special_file_given_to_o(tmp_path: Path) -> None:
    import socket
    import stat

    os.mkfifo(tmp_path / "a-pipe")
    (tmp_path / "a-link-to-the-pipe").symlink_to("a-pipe")
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "read-only.html").write_text("kept\n")
    (tmp_path / "read-only.html").chmod(0o444)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "a-socket"))
        before = sorted(p.name for p in tmp_path.iterdir())
        commands = [
            (*command, "-o", target)
            for command in (("schema",), ("graph", "suffolk"), ("report", "suffolk"))
            for target in SPECIAL_TARGETS
        ]
        runs = forked_processes(commands, tmp_path)
    for result in runs:
        code, message = SPECIAL_TARGETS[result.args[-1]]
        assert result.code == code, result
        if message is None:
            assert result.out.strip() and "Traceback" not in result.err
            continue
        [line] = result.err.splitlines()
        assert line.startswith("govrules: error: ") and message in line, line
        assert result.args[-1].removeprefix("./") in line  # names the path
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == before
    assert stat.S_ISFIFO((tmp_path / "a-pipe").lstat().st_mode)
    assert (tmp_path / "a-link-to-the-pipe").is_symlink()
    assert stat.S_ISSOCK((tmp_path / "a-socket").lstat().st_mode)
    assert (tmp_path / "read-only.html").read_text() == "kept\n"


# --------------------------------------------------------------------------- the command line


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int | None
    """``None``: killed after ``TIMEOUT`` seconds."""
    out: str
    err: str


# Starting a Python interpreter and importing govrules costs about a third of a second, too
# much to pay some 150 times. So one fresh interpreter imports govrules once and forks a
# child process per command: each child has its own stdout, stderr and exit status, exactly
# as if started for that command, and is killed if it runs longer than TIMEOUT seconds.
# test_forked_runs_match_fresh_processes checks that this changes nothing.
DRIVER = """
import importlib, json, os, pkgutil, signal, sys, tempfile, time, traceback
import govrules
from govrules.interfaces.console import main

for module in pkgutil.iter_modules(govrules.__path__):  # what each command imports lazily
    try:
        importlib.import_module("govrules." + module.name)
    except ImportError:
        pass

def child(args):
    code = 1
    try:
        sys.argv = ["govrules", *args]
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

def run(args, timeout):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            child(args)
        deadline, code = time.monotonic() + timeout, None
        while code is None:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            else:
                time.sleep(0.002)
        out.seek(0)
        err.seek(0)
        return {"args": args, "code": code, "out": out.read().decode("utf-8", "replace"),
                "err": err.read().decode("utf-8", "replace")}

request = json.load(sys.stdin)
json.dump([run(args, request["timeout"]) for args in request["commands"]], sys.stdout)
"""


def environment(cwd: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(govrules.__file__).parent.parent), env.get("PYTHONPATH", "")]
    )
    return env


def fresh_process(args: tuple[str, ...], cwd: Path) -> Run:
    """Run the command's entry point in a fresh interpreter, as a user would."""
    command = [sys.executable, "-c", "from govrules.interfaces.console import main; main()", *args]
    try:
        done = subprocess.run(
            command, cwd=cwd, env=environment(cwd), capture_output=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return Run(args, None, "", "")
    out, err = (x.decode("utf-8", "replace") for x in (done.stdout, done.stderr))
    return Run(args, done.returncode, out, err)


def forked_processes(commands: list[tuple[str, ...]], cwd: Path) -> list[Run]:
    """Run each command in its own process, forked from one interpreter (see ``DRIVER``)."""
    if not hasattr(os, "fork"):
        return [fresh_process(args, cwd) for args in commands]
    request = json.dumps({"timeout": TIMEOUT, "commands": commands})
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=request.encode(),
        cwd=cwd,
        env=environment(cwd),
        capture_output=True,
        timeout=TIMEOUT * (len(commands) + 1),
        check=True,
    )
    return [Run(tuple(r["args"]), r["code"], r["out"], r["err"]) for r in json.loads(done.stdout)]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cwd")
    (folder / "a-directory").mkdir()
    os.mkfifo(folder / "a-pipe")
    return folder


def all_commands(generated: Path) -> list[tuple[str, ...]]:
    commands: list[tuple[str, ...]] = []
    for path in refused_files(generated):
        commands.append(("quorum", str(path), "board", "--count", "1"))
        commands.append(("validate", str(path), "--format", "json"))
    for name in RECORDS:
        commands.append(("check", str(CORPUS / "records" / name)))
    for path in sorted((CORPUS / "accepted").iterdir()):
        commands.append(("quorum", str(path), "board", "--count", "1"))
        commands.append(("validate", str(path)))
    commands.append(("check", "--trusts-dir", str(CORPUS / "records"), str(CONFIG_RECORD)))
    for odd in ("absent.yaml", "./a-directory", "atlantis"):
        commands.append(("quorum", odd, "board", "--count", "1"))
    commands.append(("validate", "./a-pipe", "--format", "json"))
    commands.extend(printed_commands())
    return commands


def printed_commands() -> list[tuple[str, ...]]:
    commands: list[tuple[str, ...]] = []
    for name in PRINTED_TRUSTS:
        path = str(CORPUS / "printed" / name)
        commands.append(("show", path))
        commands.append(("validate", path))
        commands.append(("quorum", path, "board", "--count", "1"))
        commands.append(("graph", path))
        commands.append(("graph", path, "--view", "escalation"))
        commands.append(("graph", path, "--format", "dot"))
        commands.append(("graph", path, "--format", "svg"))
    commands.extend(("check", str(CORPUS / "printed" / name)) for name in PRINTED_RECORDS)
    return commands


@pytest.fixture(scope="module")
def runs(generated: Path, workdir: Path) -> dict[tuple[str, ...], Run]:
    """Every command of this module, each run in a process of its own."""
    return {run.args: run for run in forked_processes(all_commands(generated), workdir)}


def test_forked_runs_match_fresh_processes(
    generated: Path, workdir: Path, runs: dict[tuple[str, ...], Run]
) -> None:
    sample = [
        ("quorum", str(CORPUS / "refused" / "alias-bomb.yaml"), "board", "--count", "1"),
        ("validate", str(CORPUS / "refused" / "tab-indentation.yaml"), "--format", "json"),
        ("check", str(CORPUS / "records" / "record-python-tag.yaml")),
        ("quorum", str(CORPUS / "accepted" / "bom-crlf.yaml"), "board", "--count", "1"),
        ("quorum", "atlantis", "board", "--count", "1"),
    ]
    with ThreadPoolExecutor(max_workers=len(sample)) as pool:
        fresh = list(pool.map(lambda args: fresh_process(args, workdir), sample))
    assert fresh == [runs[args] for args in sample]


def assert_one_error_line(run: Run, path: str, want: Refusal) -> None:
    assert run.code is not None, f"{run.args} did not finish within {TIMEOUT} s"
    assert "Traceback" not in run.out + run.err
    assert run.code == 2, run
    assert run.out == ""
    assert one_line(run.err.rstrip("\n")), run.err
    assert run.err.startswith("govrules: error: " + location(path, want)), run.err
    assert want.fragment in run.err


@pytest.mark.parametrize("name", [*REFUSED, *GENERATED])
def test_cli_quorum_refuses_with_one_line(
    name: str, generated: Path, runs: dict[tuple[str, ...], Run]
) -> None:
    path = str((generated if name in GENERATED else CORPUS / "refused") / name)
    want = refused_files(generated)[Path(path)]
    assert_one_error_line(runs[("quorum", path, "board", "--count", "1")], path, want)


@pytest.mark.parametrize("name", [*REFUSED, *GENERATED])
def test_cli_validate_reports_the_located_error(
    name: str, generated: Path, runs: dict[tuple[str, ...], Run]
) -> None:
    # `validate` reports every finding on stdout; a file it could not read or parse at all
    # (GR001) makes the exit status 2, as for every command, and a schema or reference
    # problem in a readable file is its "no" (exit 1).
    path = str((generated if name in GENERATED else CORPUS / "refused") / name)
    want = refused_files(generated)[Path(path)]
    run = runs[("validate", path, "--format", "json")]
    assert run.code is not None, f"{run.args} did not finish within {TIMEOUT} s"
    assert "Traceback" not in run.out + run.err
    data = json.loads(run.out)
    first = data["findings"][0]
    assert (run.code, run.err) == (2 if first["code"] == "GR001" else 1, ""), run
    assert data["answer"] == "problems" and first["severity"] == "error"
    assert (first["file"], first["line"], first["column"]) == (path, want.line, want.column)
    assert want.fragment in first["message"]


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_cli_check_refuses_broken_records(name: str, runs: dict[tuple[str, ...], Run]) -> None:
    path = str(CORPUS / "records" / name)
    assert_one_error_line(runs[("check", path)], path, RECORDS[name])


def test_cli_accepts_bom_crlf_and_unicode(runs: dict[tuple[str, ...], Run]) -> None:
    for path in sorted((CORPUS / "accepted").iterdir()):
        quorum = runs[("quorum", str(path), "board", "--count", "1")]
        assert (quorum.code, quorum.err) == (0, ""), quorum
        assert "QUORATE" in quorum.out
        validate = runs[("validate", str(path))]
        assert (validate.code, validate.err) == (0, ""), validate


@pytest.mark.parametrize(
    ("trust", "fragment"),
    [
        ("absent.yaml", "absent.yaml: no such file"),
        ("./a-directory", "a-directory: "),  # a folder of versions, but it holds none
        ("atlantis", "atlantis: no bundled trust named `atlantis`"),
    ],
)
def test_cli_refuses_what_is_not_a_trust_file(
    trust: str, fragment: str, runs: dict[tuple[str, ...], Run]
) -> None:
    run = runs[("quorum", trust, "board", "--count", "1")]
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err, run
    assert one_line(run.err.rstrip("\n")) and run.err.startswith("govrules: error: "), run
    assert fragment in run.err


def test_cli_validate_does_not_wait_on_a_named_pipe(runs: dict[tuple[str, ...], Run]) -> None:
    run = runs[("validate", "./a-pipe", "--format", "json")]
    assert run.code == 2, f"{run.args} did not finish within {TIMEOUT} s: {run}"
    (finding,) = json.loads(run.out)["findings"]
    assert (finding["file"], finding["message"]) == ("a-pipe", "is not a regular file")


def test_no_command_ran_the_code_in_a_tag(runs: dict[tuple[str, ...], Run], workdir: Path) -> None:
    assert runs  # every command has run, in `workdir`
    assert not (workdir / "pwned").exists()


CONFIG_RECORD = CORPUS / "records" / "record-trust-is-a-config-file.yaml"
SECRET_TAIL = "TAIL-THAT-NO-ERROR-MAY-SHOW"
"""The end of the token in ``corpus/secrets/config.yaml``, which that record names."""


def test_an_error_quotes_at_most_40_characters_of_a_file_a_record_names(
    runs: dict[tuple[str, ...], Run],
) -> None:
    with pytest.raises(LoadError) as info:
        govrules.check(CONFIG_RECORD)
    run = runs[("check", str(CONFIG_RECORD))]
    for text in (info.value.render(), run.err):
        assert "`sk_live_0123456789abcdefghijklmnopqrs...`" in text
        assert SECRET_TAIL not in text and "uvwxyz" not in text


def test_a_trusts_folder_refuses_the_file_before_reading_it(
    runs: dict[tuple[str, ...], Run],
) -> None:
    with pytest.raises(LoadError) as info:
        govrules.check(CONFIG_RECORD, trust_root=CORPUS / "records")
    run = runs[("check", "--trusts-dir", str(CORPUS / "records"), str(CONFIG_RECORD))]
    for err, text in ((info.value, info.value.render()), (None, run.err)):
        assert "cannot use trust `../secrets/config.yaml`: it leads outside the trusts folder" in (
            text
        )
        assert "sk_live" not in text
        if err is not None:
            assert (err.path, err.line, err.column) == (str(CONFIG_RECORD), 1, 1)
    assert run.code == 2 and run.out == "" and one_line(run.err.rstrip("\n"))


# The gaps once listed in docs/reliability.md, each now closed.


def test_named_pipe_as_trust_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    cmd = [
        sys.executable,
        "-c",
        "from govrules.interfaces.console import main; main()",
        "quorum",
        str(fifo),
        "board",
        "--count",
        "1",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and str(fifo) in out.stderr


def test_id_with_a_newline_or_look_alike_is_one_line_naming_the_character(tmp_path: Path) -> None:
    from govrules.compiling.loader import trust_problems

    text = 'id: "cor\\npus"\nname: X\ndocument: {title: T}\nbodies: []\n'
    (problem,) = trust_problems(text.encode(), "nl.yaml")
    assert "\n" not in str(problem) and "\\n" in str(problem)
    text = 'id: "str\u0430tegic"\nname: X\ndocument: {title: T}\nbodies: []\n'
    (problem,) = trust_problems(text.encode(), "cyr.yaml")
    assert "U+0430 CYRILLIC SMALL LETTER A" in problem.message


def test_record_naming_an_unknown_trust_points_at_its_trust_line(tmp_path: Path) -> None:
    import govrules

    record = tmp_path / "meeting.yaml"
    record.write_text("body: board\ntrust: atlantis\ndate: 2010-01-01\nattendees: []\n", "utf-8")
    with pytest.raises(govrules.LoadError) as info:
        govrules.check(record)
    assert (info.value.path, info.value.line) == (str(record), 2)
    assert "no bundled trust named `atlantis`" in info.value.message


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from govrules.interfaces.cli import cli

    with pytest.raises(SystemExit) as info:
        cli.main(["quorum", "suffolk"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err == "govrules: error: Missing argument 'BODY'. (see `govrules quorum --help`)\n"


def test_new_files_get_the_usual_mode(tmp_path: Path) -> None:
    import os

    from govrules.reading.files import write_file as write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.json", "{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


def test_an_unwritable_output_is_one_line_exit_2() -> None:
    import subprocess
    import sys

    cmd = [
        sys.executable,
        "-c",
        "from govrules.interfaces.console import main; main()",
        "show",
        "suffolk",
    ]
    with open("/dev/full", "w") as full:
        out = subprocess.run(
            cmd, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False
        )
    assert out.returncode == 2
    assert out.stderr == "govrules: error: cannot write the answer: No space left on device\n"


# What a file holds is shown, never obeyed: tests/corpus/printed.


def obeyed(text: str) -> list[str]:
    """The characters of ``text`` a terminal would act on, apart from the line feeds."""
    return [
        c for c in text if c != "\n" and unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
    ]


@pytest.mark.parametrize(
    "args", printed_commands(), ids=lambda args: " ".join(args).replace(f"{CORPUS}/", "")
)
def test_cli_shows_control_characters_escaped(
    args: tuple[str, ...], runs: dict[tuple[str, ...], Run]
) -> None:
    run = runs[args]
    assert run.code is not None, f"{run.args} did not finish within {TIMEOUT} s"
    if args[-1] == "svg" and run.code == 2 and "Graphviz is not installed" in run.err:
        return  # nothing to draw with; the other formats are checked all the same
    assert (run.code, run.err) in ((0, ""), (3, "")), run
    assert obeyed(run.out) == [], run


def test_cli_escapes_what_a_trust_holds_and_adds_no_line(
    runs: dict[tuple[str, ...], Run],
) -> None:
    path = str(CORPUS / "printed" / "escapes.yaml")
    show = runs[("show", path)].out
    assert show.startswith("Corpus\\x1b[2J\\x1b[HTrust \\x9b31m \\u202eevil\\u202c — ")
    assert "— Corpus\\x00MoU\\x7f\n" in show
    assert "Member\\nfake line\\u2028and \\u2066another" in show
    # the gap note's newline would have added a second summary to validate
    validate = runs[("validate", path)].out.splitlines()
    assert [line for line in validate if line.startswith("1 file(s)")] == [
        "1 file(s): 0 error(s), 1 warning(s), 0 note(s) — ok"
    ]
    assert "x\\n1 file(s): 0 error(s), 0 warning(s), 0 note(s) — ok\\r\\x1b[K" in validate[-2]


def test_cli_shows_a_forged_motion_as_text(runs: dict[tuple[str, ...], Run]) -> None:
    run = runs[("check", str(CORPUS / "printed" / "record-forged-motion.yaml"))]
    lines = run.out.splitlines()
    assert lines[0] == "corpus / board: meeting record UNSPECIFIED"
    assert lines[1] == (
        "  - Adopt\\x1b[2J\\x1b[H\\x1b[32mmeeting record VALID\\x1b[0m\\r\\n: unspecified"
    )


def test_cli_charts_neutralise_a_mermaid_directive(runs: dict[tuple[str, ...], Run]) -> None:
    path = str(CORPUS / "printed" / "mermaid-directive.yaml")
    for view in ((), ("--view", "escalation")):
        out = runs[("graph", path, *view)].out
        assert "%" not in out and "#37;#37;{init:" in out
    assert "The Board #37;#37; a comment" in runs[("graph", path)].out


def test_cli_charts_keep_bodies_named_like_generated_nodes(
    runs: dict[tuple[str, ...], Run],
) -> None:
    path = str(CORPUS / "printed" / "id-collisions.yaml")
    structure = runs[("graph", path)].out
    for node, label in (
        ("n_outside", "A Body Called Outside"),
        ("n_no_arbiter", "A Body Called No Arbiter"),
        ("n_none", "A Body Called None"),
    ):
        assert f'  {node}["{label}<br/>chair not stated"]:::body' in structure
    assert '    n_cluster_outside["An External Body"]:::external' in structure
    assert '  subgraph n_OUTSIDE["Outside the trust"]' in structure
    assert "  n_board ---|" in structure and "| n_outside" in structure
    escalation = runs[("graph", path, "--view", "escalation")].out
    assert '    n_p1_no_arbiter["A Body Called No Arbiter"]:::body' in escalation
    assert "  n_p1_no_arbiter -.->|" in escalation and "| n_p1_NO_ARBITER" in escalation
    dot = runs[("graph", path, "--format", "dot")].out
    assert '\n  "outside" [label=' in dot and 'subgraph "cluster_OUTSIDE"' in dot


def test_cli_charts_cut_a_long_name_and_draw_a_nul(runs: dict[tuple[str, ...], Run]) -> None:
    long = runs[("graph", str(CORPUS / "printed" / "long-name.yaml"))].out
    assert "  accTitle: " + "n" * 119 + "…" in long
    nul = runs[("graph", str(CORPUS / "printed" / "nul-escape.yaml"))].out
    assert "Corpus#92;x00Trust" in nul
