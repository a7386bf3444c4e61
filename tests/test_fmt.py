"""govrules fmt: canonical layout of YAML files, with comments, key order and quoting kept."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from govrules.authoring.fmt import FormatResult, format_files, format_text
from govrules.reading.errors import LoadError
from govrules.reading.yamlsource import parse_yaml

ROOT = Path(__file__).parent.parent
TRUSTS = sorted((ROOT / "trusts").glob("*.yaml"))

# A draft as people write them: a BOM, CRLF line endings, no final newline, 4- and 6-space
# indents, lists flush with their key or indented by 4, trailing blanks, runs of blank
# lines, and comments at the top, at line ends, between list items and in nested mappings.
MESSY_LINES = [
    "# yaml-language-server: $schema=../docs/govrules.schema.json   ",
    "# A messy draft: 4-space indents, unindented lists, CRLF endings and a BOM.",
    "id: messy-trust    # the id is the file's stem  ",
    'name: "Messy Children\\u2019s Trust"',
    "document:",
    "    title: Messy Trust MoU",
    "    note: >-",
    "        Folded text that the",
    "        author wrapped by hand.",
    "partners:",
    "- id: council   ",
    "  name: Messy County Council",
    "  # statutory partners first",
    "  statutory: true",
    '  source: {clause: "1.4", quote: "the Council \u2013 and others"}',
    "# non-statutory partners follow",
    "- id: vcs",
    "  name: Voluntary sector",
    "  statutory: false",
    "bodies:",
    "-   id: board",
    "    name: Trust Board",
    "    seats:",
    "    - {id: chair, title: Chair, partner: council}",
    "    # the sector has two places",
    "    - {id: vcs, title: VCS, partner: vcs, count: 2}   # end of line, after a flow item",
    "    quorum:",
    "          at_least: 50%     # of the seats",
    "          # a full-line comment inside a nested mapping",
    "          of: seats",
    "    note: |",
    "      Trailing spaces in a literal block are text, kept:   ",
    "      # and this line is text, not a comment",
    "    final_arbiter:",
    "    tie_break: ~",
    "",
    "   ",
    "",
    "# closing comment",
    "gaps: []",
]
MESSY = "\ufeff" + "\r\n".join(MESSY_LINES)

# Written out in full: 2-space mappings, `  - item` lists, comments indented like the line
# after them, end-of-line comments keeping their gap, the `\u2019` escape and the raw en
# dash spelt as the author spelt them, nulls spelt out, one blank line, one final newline.
MESSY_CANONICAL = """\
# yaml-language-server: $schema=../docs/govrules.schema.json
# A messy draft: 4-space indents, unindented lists, CRLF endings and a BOM.
id: messy-trust    # the id is the file's stem
name: "Messy Children\\u2019s Trust"
document:
  title: Messy Trust MoU
  note: >-
    Folded text that the
    author wrapped by hand.
partners:
  - id: council
    name: Messy County Council
    # statutory partners first
    statutory: true
    source: {clause: "1.4", quote: "the Council \u2013 and others"}
  # non-statutory partners follow
  - id: vcs
    name: Voluntary sector
    statutory: false
bodies:
  - id: board
    name: Trust Board
    seats:
      - {id: chair, title: Chair, partner: council}
      # the sector has two places
      - {id: vcs, title: VCS, partner: vcs, count: 2}   # end of line, after a flow item
    quorum:
      at_least: 50%     # of the seats
      # a full-line comment inside a nested mapping
      of: seats
    note: |
      Trailing spaces in a literal block are text, kept:{trailing}
      # and this line is text, not a comment
    final_arbiter: null
    tie_break: null

# closing comment
gaps: []
""".replace("{trailing}", "   ")

MESSY_COMMENTS = [
    "# yaml-language-server: $schema=../docs/govrules.schema.json",
    "# A messy draft: 4-space indents, unindented lists, CRLF endings and a BOM.",
    "# the id is the file's stem",
    "# statutory partners first",
    "# non-statutory partners follow",
    "# the sector has two places",
    "# end of line, after a flow item",
    "# of the seats",
    "# a full-line comment inside a nested mapping",
    "# closing comment",
]


def comments(text: str) -> list[str]:
    """The comments of the messy fixture, read off its lines (it has no `#` inside a string
    except the one literal-block line, which is skipped)."""
    found = []
    for line in text.splitlines():
        if "# and this line is text" in line:
            continue
        match = re.search(r"(?:^|\s)(#.*)$", line)
        if match:
            found.append(match.group(1).rstrip())
    return found


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- the bundled trusts are the canonical layout -------------------------------------------


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda p: p.stem)
def test_bundled_trust_is_already_canonical(trust: Path) -> None:
    raw = trust.read_bytes()
    assert format_text(raw.decode("utf-8"), str(trust)).encode("utf-8") == raw


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda p: p.stem)
def test_fmt_on_a_bundled_trust_is_a_no_op(trust: Path, tmp_path: Path) -> None:
    copy = write(tmp_path / trust.name, trust.read_bytes())
    before = copy.stat()
    assert format_files([copy]) == [FormatResult(copy, changed=False)]
    assert copy.read_bytes() == trust.read_bytes()
    assert copy.stat().st_ino == before.st_ino  # not even rewritten with the same bytes


def test_bundled_trusts_are_five() -> None:
    assert [p.stem for p in TRUSTS] == ["cumbria", "durham", "rutland", "suffolk", "wirral"]


# --- what fmt normalises ------------------------------------------------------------------


def test_messy_file_is_normalised_to_the_canonical_text() -> None:
    assert format_text(MESSY) == MESSY_CANONICAL


def test_messy_file_keeps_every_comment_in_order() -> None:
    assert comments(MESSY.lstrip("\ufeff")) == MESSY_COMMENTS
    assert comments(format_text(MESSY)) == MESSY_COMMENTS


def test_messy_file_keeps_its_data() -> None:
    assert parse_yaml(format_text(MESSY), "out").data == parse_yaml(MESSY, "in").data


def test_canonical_text_has_lf_no_bom_no_trailing_blanks_and_one_final_newline() -> None:
    out = format_text(MESSY)
    assert "\r" not in out
    assert not out.startswith("\ufeff")
    assert out.endswith("]\n")
    trailing = [line for line in out.split("\n") if line != line.rstrip()]
    # The only trailing blanks left are text inside the literal block scalar.
    assert trailing == ["      Trailing spaces in a literal block are text, kept:   "]


def test_a_missing_final_newline_is_added() -> None:
    assert format_text("a: 1") == "a: 1\n"


def test_a_lone_carriage_return_is_a_line_break() -> None:
    assert format_text("a: 1\rb: 2\r") == "a: 1\nb: 2\n"


def test_several_trailing_newlines_become_one() -> None:
    assert format_text("a: 1\n\n\n\n") == "a: 1\n"


def test_an_explicit_document_start_goes_and_the_comment_before_it_stays() -> None:
    text = "# yaml-language-server: $schema=x.json\n---\nid: t\n"
    assert format_text(text) == "# yaml-language-server: $schema=x.json\nid: t\n"


def test_a_top_level_list_starts_at_the_margin() -> None:
    assert format_text("-   id: a\n    name: A\n-   id: b\n") == "- id: a\n  name: A\n- id: b\n"


def test_nulls_are_spelt_out() -> None:
    assert format_text("a:\nb: ~\nc: null\n") == "a: null\nb: null\nc: null\n"


def test_quote_style_and_escapes_are_kept() -> None:
    text = 'a: \'single\'\nb: "double \\u201cquoted\\u201d"\nc: "raw \u2013 dash"\nd: plain\n'
    assert format_text(text) == text


def test_long_lines_are_not_wrapped() -> None:
    text = f"quote: {'word ' * 100}end\nlist: [{', '.join(['item'] * 60)}]\n"
    assert format_text(text) == text


def test_lines_of_a_literal_block_that_look_like_comments_are_not_moved() -> None:
    text = "a:\n    text: |\n        # heading\n          indented\n        body\n    b: 1\n"
    assert format_text(text) == "a:\n  text: |\n    # heading\n      indented\n    body\n  b: 1\n"


def test_blank_lines_kept_by_a_keep_chomping_block_are_text() -> None:
    text = "a: |+\n  kept\n\n\n"
    out = format_text(text)
    assert parse_yaml(out, "out").data == {"a": "kept\n\n\n"}


@pytest.mark.parametrize(
    "text",
    [MESSY, "a: 1", "- x\n-  - y\n   - z\n", "a: |+\n  kept\n\n\n", "# only\n---\nk: v\n"],
    ids=["messy", "no-newline", "nested-lists", "keep-block", "document-start"],
)
def test_formatting_is_idempotent(text: str) -> None:
    once = format_text(text)
    assert format_text(once) == once


# --- refusals: fmt formats only what govrules reads -----------------------------------------


def test_invalid_yaml_is_a_load_error_with_line_and_column() -> None:
    with pytest.raises(LoadError) as caught:
        format_text("id: t\nbodies:\n  - id: a\n   name: b\n", "draft.yaml")
    error = caught.value
    assert (error.path, error.line, error.column) == ("draft.yaml", 4, 4)
    assert str(error).startswith("draft.yaml:4:4: YAML syntax error")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object:os.system x\n", "the YAML tag"),
        ("a: 1\n---\nb: 2\n", "YAML documents"),
        ("a: 1\na: 2\n", "duplicate key `a`"),
        ("a: 1\x00\n", "NUL bytes"),
        ("a: &x 1\nb: [" + ", ".join(["*x"] * 101) + "]\n", "aliases"),
        ("# just a comment\n", "file is empty"),
    ],
    ids=["tag", "two-documents", "duplicate-key", "nul", "alias-bomb", "empty"],
)
def test_what_govrules_refuses_to_read_fmt_refuses_to_format(text: str, message: str) -> None:
    with pytest.raises(LoadError, match=re.escape(message)):
        format_text(text)


def test_a_file_that_is_not_utf8_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.yaml", "name:    caf\xe9\n".encode("latin-1"))
    [result] = format_files([path])
    assert result.error is not None and "not valid UTF-8" in result.error.message
    assert path.read_bytes() == "name:    caf\xe9\n".encode("latin-1")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    [result] = format_files([pipe])
    assert result.error is not None and result.error.message == "is not a regular file"


def test_a_comment_ruamel_would_drop_is_a_load_error_not_a_lost_comment() -> None:
    # ruamel.yaml drops comments inside a flow collection; fmt refuses instead.
    with pytest.raises(LoadError) as caught:
        format_text("seats: [a,   # the chair\n  b]\n", "t.yaml")
    assert (caught.value.line, caught.value.column) == (1, 14)
    assert "`# the chair`" in caught.value.message


def test_a_comment_above_a_flow_item_with_its_own_comment_is_kept() -> None:
    # ruamel.yaml alone loses `# above`; govrules.fmt carries it over.
    text = "seats:\n  - {id: a}\n  # above\n  - {id: b}  # beside\n"
    assert format_text(text) == text


# --- format_files: --check, atomic writes, modes --------------------------------------------


def test_check_reports_files_to_format_and_writes_nothing(tmp_path: Path) -> None:
    tidy = write(tmp_path / "tidy.yaml", MESSY_CANONICAL)
    messy = write(tmp_path / "messy.yaml", MESSY)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tidy, messy)}
    results = format_files([tidy, messy], check=True)
    assert results == [FormatResult(tidy, changed=False), FormatResult(messy, changed=True)]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tidy, messy)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy.yaml", "tidy.yaml"]


def test_format_rewrites_only_the_files_that_change(tmp_path: Path) -> None:
    tidy = write(tmp_path / "tidy.yaml", MESSY_CANONICAL)
    messy = write(tmp_path / "messy.yaml", MESSY)
    tidy_inode = tidy.stat().st_ino
    results = format_files([str(tidy), str(messy)])
    assert [(r.path, r.changed, r.error) for r in results] == [
        (tidy, False, None),
        (messy, True, None),
    ]
    assert messy.read_bytes() == MESSY_CANONICAL.encode("utf-8")
    assert tidy.stat().st_ino == tidy_inode
    assert format_files([messy], check=True) == [FormatResult(messy, changed=False)]


def test_an_unreadable_file_is_reported_and_the_others_are_formatted(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.yaml", "a: [1, 2\n")
    messy = write(tmp_path / "messy.yaml", MESSY)
    missing = tmp_path / "missing.yaml"
    results = format_files([broken, missing, tmp_path, messy])
    assert [r.changed for r in results] == [False, False, False, True]
    errors = [r.error for r in results]
    assert errors[0] is not None and (errors[0].line, errors[0].column) == (2, 1)
    assert errors[1] is not None and errors[1].message == "no such file"
    assert errors[2] is not None and errors[2].message == "is a directory, not a YAML file"
    assert errors[3] is None
    assert broken.read_bytes() == b"a: [1, 2\n"
    assert not missing.exists()


def test_the_file_mode_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "mou.yaml", MESSY)
    path.chmod(0o640)
    format_files([path])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == MESSY_CANONICAL.encode("utf-8")


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = write(tmp_path / "real.yaml", MESSY)
    link = tmp_path / "link.yaml"
    link.symlink_to(target.name)
    assert format_files([link]) == [FormatResult(link, changed=True)]
    assert link.is_symlink()
    assert target.read_bytes() == MESSY_CANONICAL.encode("utf-8")


def test_an_interrupted_write_leaves_the_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "mou.yaml", MESSY)

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    [result] = format_files([path])
    assert result.changed is False
    assert result.error is not None
    assert "cannot write the file: No space left on device" in result.error.message
    assert path.read_bytes() == MESSY.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["mou.yaml"]  # no temporary file left


def test_an_interrupt_during_the_write_propagates_and_leaves_the_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "mou.yaml", MESSY)

    def interrupt(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        format_files([path])
    assert path.read_bytes() == MESSY.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["mou.yaml"]


def test_a_file_edited_while_formatting_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import govrules.authoring.fmt as fmt

    path = write(tmp_path / "mou.yaml", MESSY)
    real_format = fmt._format

    def format_then_edit(raw: bytes, name: str) -> str:
        out = real_format(raw, name)
        path.write_text("id: edited meanwhile\n")
        return out

    monkeypatch.setattr(fmt, "_format", format_then_edit)
    [result] = format_files([path])
    assert result.error is not None and "changed while it was being formatted" in str(result.error)
    assert path.read_text() == "id: edited meanwhile\n"


# --- the pre-commit hooks ------------------------------------------------------------------


def test_pre_commit_hooks_run_validate_and_fmt_on_yaml_files() -> None:
    hooks_file = ROOT / ".pre-commit-hooks.yaml"
    hooks = parse_yaml(hooks_file.read_bytes(), str(hooks_file)).data
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["govrules-validate"]["entry"] == "govrules validate --only-mous"
    assert by_id["govrules-fmt"]["entry"] == "govrules fmt"  # fixes; `args: [--check]` checks
    for hook in hooks:
        assert hook["language"] == "python"
        assert re.search(hook["files"], "trusts/suffolk.yaml")
        assert re.search(hook["files"], "draft.yml")
        assert not re.search(hook["files"], "README.md")
    assert format_text(hooks_file.read_text()) == hooks_file.read_text()


# --- property: layout never changes the data ------------------------------------------------

KEYS = st.text(min_size=1, max_size=8)
SCALARS = st.one_of(st.text(max_size=20), st.integers(min_value=-(10**12), max_value=10**12))
NESTED = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)
DOCUMENTS = st.one_of(
    st.dictionaries(KEYS, NESTED, min_size=1, max_size=4),
    st.lists(NESTED, min_size=1, max_size=4),
)


@st.composite
def dumped_documents(draw: st.DrawFn) -> str:
    """A small document dumped by ruamel in a random indentation and flow style."""
    yaml = YAML(typ="rt", pure=True)
    offset = draw(st.integers(0, 4))
    yaml.indent(
        mapping=draw(st.integers(1, 6)),
        sequence=offset + draw(st.integers(2, 4)),
        offset=offset,
    )
    yaml.default_flow_style = draw(st.sampled_from([False, None, True]))
    yaml.width = draw(st.sampled_from([20, 80, 4096]))
    stream = io.StringIO()
    yaml.dump(draw(DOCUMENTS), stream)
    text = stream.getvalue()
    try:  # ruamel can write odd keys ("{:0: []}") that it cannot read back; not fmt's input
        parse_yaml(text, "generated")
    except LoadError:
        assume(False)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumped_documents())
def test_formatting_never_changes_the_data(text: str) -> None:
    formatted = format_text(text)
    assert parse_yaml(formatted, "formatted").data == parse_yaml(text, "original").data
    assert format_text(formatted) == formatted


@st.composite
def commented_documents(draw: st.DrawFn) -> str:
    """A dumped document with comments added where they keep it readable and its data."""
    text = draw(dumped_documents())
    data = parse_yaml(text, "generated").data
    lines = text.split("\n")
    for number in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            lines.insert(at, " " * draw(st.integers(0, 8)) + f"# note {number}  ")
        elif lines[at].strip():
            lines[at] += " " * draw(st.integers(1, 4)) + f"# note {number}"
    commented = "\n".join(lines)
    try:
        assume(parse_yaml(commented, "commented").data == data)
    except LoadError:
        assume(False)
    return commented


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented_documents())
def test_formatting_keeps_every_comment_or_refuses(text: str) -> None:
    # Where ruamel.yaml cannot keep a comment (inside a flow collection, say) fmt refuses;
    # otherwise the data and every comment, in order, come through.
    try:
        formatted = format_text(text)
    except LoadError as exc:
        assert exc.message.startswith("cannot be formatted"), exc
        return
    assert parse_yaml(formatted, "formatted").data == parse_yaml(text, "original").data
    notes = re.compile(r"# note \d")
    assert notes.findall(formatted) == notes.findall(text)
    assert format_text(formatted) == formatted


@pytest.mark.parametrize(
    "text",
    [
        "# a comment above a top-level flow list\n[a, b]\n",  # ruamel's emitter crashes
        "seats:\n  # c\n  - {}\n  - x\n  - a:\n      - y\n",  # ruamel writes broken YAML
    ],
    ids=["emitter-crash", "unreadable-output"],
)
def test_a_ruamel_failure_is_a_one_line_refusal(text: str) -> None:
    with pytest.raises(LoadError) as caught:
        format_text(text, "t.yaml")
    message = str(caught.value)
    assert message.startswith("t.yaml: cannot be formatted: ruamel.yaml")
    assert "\n" not in message
