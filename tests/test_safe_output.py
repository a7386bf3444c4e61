"""What govrules prints: what an input holds is shown, never obeyed.

Control characters, bidi controls and line breaks from YAML escapes reach every text output
escaped (``\\x1b``, ``\\u202e``, ``\\n``), never raw; errors are one line; JSON reads back the
exact strings; any output encoding works; charts neutralise Mermaid directives, keep their own
node ids apart from the trust's and cut over-long labels.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from clirun import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govrules
from govrules.language.schema import Trust
from govrules.presenting.charts import LABEL_LIMIT, chart, graphviz_available, render_svg
from govrules.reading.errors import GovrulesError
from govrules.reading.safetext import json_text, one_line, printable, scrub

# Characters a terminal acts on, or that start a line: what a hostile value is made of.
HOSTILE = (
    "\x00\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x85\x9b\xad"
    "\u061c\u200b\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\U000e0001"
)
SCREEN_CLEAR_FORGERY = "\x1b[2J\x1b[H\x1b[32mmeeting record VALID\x1b[0m\r\n"


def unsafe_characters(text: str) -> list[str]:
    """What a terminal would act on, apart from the line feeds that end lines."""
    return [
        ch
        for ch in text
        if ch != "\n" and unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
    ]


def yaml_text(data: Any) -> str:
    """``data`` as YAML (JSON is YAML 1.2), every character that is not printable escaped."""

    def escape(ch: str) -> str:
        if ch.isprintable() or ch in "\n ":
            return ch
        n = ord(ch)
        return f"\\x{n:02x}" if n <= 0xFF else f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}"

    return "".join(escape(ch) for ch in json.dumps(data, ensure_ascii=False, indent=1))


def hostile_trust(text: str) -> dict[str, Any]:
    """A small trust with ``text`` in every name, title, note and quote that is shown."""
    cited = {"clause": "1.1", "quote": text}
    return {
        "id": "hostile",
        "name": f"Trust {text}",
        "document": {"title": f"MoU {text}", "note": text},
        "bodies": [
            {
                "id": "board",
                "name": f"Board {text}",
                "chair": {"seat": "chair-seat", "source": cited},
                "seats": [
                    {"id": "chair-seat", "title": f"Chair {text}", "note": text},
                    {"id": "member", "title": f"Member {text}", "count": 4},
                ],
                "membership": {"note": text},
                "quorum": {"at_least": "1/2", "source": cited, "note": text},
                "voting": {
                    "threshold": {"more_than": "1/2"},
                    "base": "votes-cast",
                    "source": cited,
                },
                "accountable_to": [{"to": "outside", "source": {"clause": text[:200]}}],
            },
            {"id": "outside", "name": f"Outside {text}"},
        ],
        "external_bodies": [{"id": "no-arbiter", "name": f"External {text}"}],
        "procedures": [
            {
                "id": "disputes",
                "name": f"Disputes {text}",
                "applies_to": ["board"],
                "steps": [{"action": f"Talk {text}", "body": "board", "source": cited}],
            }
        ],
        "gaps": [{"kind": "unspecified", "note": f"Gap {text}", "source": cited}],
    }


def write_inputs(folder: Path, text: str) -> dict[str, str]:
    """A hostile trust, a second version of it, a meeting record and a scenario file."""
    folder.mkdir(parents=True, exist_ok=True)
    trust = hostile_trust(text)
    (folder / "hostile.yaml").write_text(yaml_text(trust), encoding="utf-8")
    trust["bodies"][0]["quorum"]["at_least"] = "2/3"
    trust["bodies"][0]["name"] = f"Board renamed {text}"
    (folder / "new.yaml").write_text(yaml_text(trust), encoding="utf-8")
    record = {
        "trust": "hostile.yaml",
        "body": "board",
        "date": "2010-01-01",
        "attendees": ["chair-seat", "member"],
        "decisions": [{"motion": f"{text}{SCREEN_CLEAR_FORGERY}", "for": ["member"]}],
    }
    (folder / "meeting.yaml").write_text(yaml_text(record), encoding="utf-8")
    # audit takes a record naming its trust by id (it reads no path from a record)
    (folder / "records").mkdir(exist_ok=True)
    record["trust"] = "hostile"
    (folder / "records" / "meeting.yaml").write_text(yaml_text(record), encoding="utf-8")
    scenario = {
        "trust": "hostile.yaml",
        "cases": [
            {
                "name": f"Case {text}",
                "clause": text,
                "question": "quorum",
                "body": "board",
                "count": 1,
                "expect": {"answer": "quorate"},
            }
        ],
    }
    (folder / "cases.yaml").write_text(yaml_text(scenario), encoding="utf-8")
    return {
        "trust": str(folder / "hostile.yaml"),
        "new": str(folder / "new.yaml"),
        "cases": str(folder / "cases.yaml"),
        "record": str(folder / "meeting.yaml"),
        "records": str(folder / "records"),
    }


def commands(files: dict[str, str], text: str) -> list[tuple[str, ...]]:
    trust = files["trust"]
    return [
        ("show", trust),
        ("validate", trust),
        ("check", files["record"]),
        ("test", "-v", files["cases"]),
        ("quorum", trust, "board", "--count", "1"),
        ("vote", trust, "board", "--for", "member", "--against", "chair-seat"),
        ("voters", trust, "board"),
        ("escalate", trust, "board"),
        ("eligible", trust, "board", "member"),
        ("audit", trust, files["records"]),
        ("diff", trust, files["new"]),
        ("graph", trust),
        ("graph", trust, "--view", "escalation", "--format", "dot"),
        # errors: an unknown seat named on the command line, a usage error
        ("quorum", trust, "board", "--present", text),
        ("quorum", trust, "board", "--count", text),
        ("vote", trust, text),
    ]


def run(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


def assert_safe(args: tuple[str, ...], code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err and "internal error" not in err, (args, err)
    assert unsafe_characters(out) == [], (args, out)
    assert unsafe_characters(err) == [], (args, err)
    if err:  # an error is exactly one line
        assert err.endswith("\n") and len(err.splitlines()) == 1, (args, err)
        assert code == 2, (args, code, err)


def tamed(text: str) -> str:
    """``text`` with each hostile character replaced by a full stop: the same words, harmless."""
    return "".join("." if unsafe_characters(ch) or ch == "\n" else ch for ch in text)


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- every command


HOSTILE_TEXT = st.text(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from("ab %{}[]:#\"'\\<>&|`—"),
        st.characters(exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=12,
).map(lambda s: "T" + s)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=HOSTILE_TEXT)
def test_no_command_prints_a_character_a_terminal_would_act_on(
    text: str, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every command's text output, and its errors, for a trust, a record and a scenario file
    # holding `text` in every name, title, note, quote, motion and clause: no control, bidi
    # or separator character reaches stdout or stderr, an error is one line, and the output
    # has the same lines as for the same text made harmless (nothing adds a line).
    folder = tmp_path_factory.mktemp("hostile")
    hostile = write_inputs(folder / "hostile", text)
    harmless = write_inputs(folder / "harmless", tamed(text))
    for args, same in zip(commands(hostile, text), commands(harmless, tamed(text)), strict=True):
        code, out, err = run(args, capsys)
        assert_safe(args, code, out, err)
        assert code != 2 or args[-1] == text or args[-2] == text, (args, err)  # only the errors
        plain_code, plain_out, plain_err = run(same, capsys)
        assert (code, len(out.splitlines()), len(err.splitlines())) == (
            plain_code,
            len(plain_out.splitlines()),
            len(plain_err.splitlines()),
        ), (args, out, plain_out, err, plain_err)


def test_every_hostile_character_is_escaped_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same, for one text holding every hostile character at once: each command shows it.
    files = write_inputs(tmp_path, HOSTILE)
    shown = 0
    for args in commands(files, HOSTILE):
        code, out, err = run(args, capsys)
        assert_safe(args, code, out, err)
        shown += "\\x1b" in out + err and "\\u202e" in out + err
    assert shown >= 12  # the text is shown, escaped, not dropped


def test_a_motion_that_clears_the_screen_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = write_inputs(tmp_path, "Adopt")
    code, out, err = run(("check", files["record"]), capsys)
    # The meeting is inquorate and the MoU does not say what its decisions are worth, so the
    # record's own verdict is UNSPECIFIED (exit 3): a forged "VALID" must not look like it.
    assert (code, err) == (3, "") and "\x1b" not in out and "\r" not in out
    lines = out.splitlines()
    assert lines[0] == "hostile / board: meeting record UNSPECIFIED"  # the record's own verdict
    forged = "Adopt\\x1b[2J\\x1b[H\\x1b[32mmeeting record VALID\\x1b[0m\\r\\n"
    assert [line for line in lines[1:] if "meeting record VALID" in line] == [
        f"  - {forged}: carried (unspecified)",
        f"  unspecified: {forged}: decided while inquorate, and the MoU does not say what "
        "decisions of an inquorate meeting are worth. [1.1]",
    ], lines


def test_a_gap_note_with_a_newline_adds_no_line_to_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = "x\n1 file(s): 0 error(s), 0 warning(s), 0 note(s) — ok"
    files = write_inputs(tmp_path, fake)
    code, out, _ = run(("validate", files["trust"]), capsys)
    assert code == 0  # warnings only
    summaries = [line for line in out.splitlines() if line.startswith("1 file(s)")]
    assert len(summaries) == 1, out
    assert "x\\n1 file(s): 0 error(s)" in out


def test_json_keeps_the_exact_strings_and_is_safe_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = write_inputs(tmp_path, HOSTILE)
    trust = govrules.load(files["trust"])
    for args, answer in (
        (("show", files["trust"]), govrules.show(trust)),
        (
            ("quorum", files["trust"], "board", "--count", "1"),
            govrules.quorum(trust, "board", count=1),
        ),
        (("check", files["record"]), govrules.check(files["record"])),
    ):
        code, out, err = run((*args, "--format", "json"), capsys)
        assert err == "" and unsafe_characters(out) == [], out
        assert json.loads(out) == answer.to_dict()
    code, out, err = run(("validate", files["trust"], "--format", "json"), capsys)
    assert (
        (code, err) == (0, "")
        and unsafe_characters(out) == []
        and any(HOSTILE in f["message"] for f in json.loads(out)["findings"])
    )


def test_error_lines_are_one_line_with_no_control_character(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (
        ("quorum", "suffolk", "strategic-board", "--present", "a\nb\x1b[2J\u202e"),
        ("quorum", "suffolk", "strategic-board", "--count", "x\ny\x9b"),
        ("quorum", "suffolk", "strategic-board", "--count", "1", "--bogus\nline"),
        ("show", "not\na\x1b]0;title\x07trust"),
        ("show", "./no/such\r\nfile.yaml"),
        ("validat\x1be",),
    ):
        code, out, err = run(args, capsys)
        assert code == 2 and out == "", (args, out)
        assert err.startswith("govrules: error: ") and len(err.splitlines()) == 1, (args, err)
        assert unsafe_characters(err) == [], (args, err)


# --------------------------------------------------------------------------- the sanitiser


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain — text «ok» 子ども", "plain — text «ok» 子ども"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("\x9b31m", "\\x9b31m"),
        ("\x7f\x00", "\\x7f\\x00"),
        ("one\ntwo\r\tthree", "one\\ntwo\\r\\tthree"),
        ("abc\u202edef\u2066\u200e", "abc\\u202edef\\u2066\\u200e"),
        ("a\u2028b\u2029c\x85", "a\\u2028b\\u2029c\\x85"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("no\u00a0break\u2003space", "no\u00a0break\u2003space"),  # spaces are shown as spaces
    ],
)
def test_one_line_escapes_what_a_terminal_acts_on(text: str, shown: str) -> None:
    assert one_line(text) == shown
    assert len(one_line(text).splitlines()) == 1


def test_printable_keeps_lines_and_only_colour_codes() -> None:
    assert printable("a\nb\x1bc") == "a\nb\\x1bc"
    styled = "\x1b[1mbold\x1b[0m \x1b[2J"
    assert printable(styled, colours=True) == "\x1b[1mbold\x1b[0m \\x1b[2J"
    assert printable(styled) == "\\x1b[1mbold\\x1b[0m \\x1b[2J"


def test_scrub_makes_every_text_one_line_and_keeps_the_rest() -> None:
    data = {"a": ["x\ny", {"b": "\x1b"}], "n": 3, "none": None, "t": ("\u202e",)}
    assert scrub(data) == {"a": ["x\\ny", {"b": "\\x1b"}], "n": 3, "none": None, "t": ["\\u202e"]}


@pytest.mark.parametrize("encoding", [None, "utf-8", "latin-1", "ascii", "cp1252"])
def test_json_text_reads_back_exactly_in_any_encoding(encoding: str | None) -> None:
    data = {"text": HOSTILE + " é — 子 \U0001f600 \x00", "list": [1, None, True]}
    text = json_text(data, encoding)
    assert json.loads(text) == data
    assert unsafe_characters(text) == []
    if encoding is not None:
        text.encode(encoding)


# --------------------------------------------------------------------------- encodings


def console(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    full = dict(os.environ) | env | {"GOVRULES_CACHE_DIR": str(cwd / "cache")}
    full["PYTHONPATH"] = os.pathsep.join(
        [str(Path(govrules.__file__).parent.parent), full.get("PYTHONPATH", "")]
    )
    command = [sys.executable, "-c", "from govrules.interfaces.console import main; main()", *args]
    return subprocess.run(command, cwd=cwd, env=full, capture_output=True, timeout=60)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252", "utf-8"])
def test_any_output_encoding_works(encoding: str, tmp_path: Path) -> None:
    env = {"PYTHONIOENCODING": encoding}
    done = console("show", "suffolk", env=env, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    out = done.stdout.decode(encoding)
    assert out.startswith("Suffolk Children's Trust")
    if encoding in ("latin-1", "ascii"):
        assert "Suffolk Children's Trust \\u2014 Suffolk" in out  # the dash, as an escape
    done = console("show", "suffolk", "--format", "json", env=env, cwd=tmp_path)
    assert done.returncode == 0
    assert (
        json.loads(done.stdout.decode(encoding))
        == govrules.show(govrules.load("suffolk")).to_dict()
    )
    done = console("quorum", "suffolk", "nowhere\u2014board", "--count", "1", env=env, cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.decode(encoding).splitlines()) == 1


def test_an_over_long_trust_name_is_a_clear_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("a" * 300, "a" * 300 + ".yaml", "d/" * 2100 + "t.yaml"):
        code, out, err = run(("show", name), capsys)
        assert code == 2 and out == "" and len(err.splitlines()) == 1, err
        assert "cannot write the answer" not in err, err
        assert err.startswith(f"govrules: error: {name[:40]}"), err
    _, _, err = run(("show", "a" * 300 + ".yaml"), capsys)
    assert err.endswith(".yaml: cannot read the file: File name too long\n"), err


# --------------------------------------------------------------------------- charts


def trust_of(text: str) -> Trust:
    return Trust.model_validate(hostile_trust(text))


def test_mermaid_directives_and_comments_in_names_are_neutralised() -> None:
    directive = "%%{init: {'theme':'dark', 'securityLevel':'loose'}}%%"
    for view in ("structure", "escalation"):
        text = chart(trust_of(f"{directive} %% comment"), "mermaid", view)
        assert "%" not in text.replace("#37;", "")
        assert "#37;#37;{init: {'theme':'dark', 'securityLevel':'loose'}}#37;#37;" in text


def test_chart_labels_hold_no_control_character() -> None:
    for fmt in ("mermaid", "dot"):
        for view in ("structure", "escalation"):
            text = chart(trust_of(HOSTILE), fmt, view)
            assert unsafe_characters(text) == [], (fmt, view)
            assert len(text.splitlines()) == len(chart(trust_of("T"), fmt, view).splitlines())


def test_a_body_called_like_a_generated_node_is_still_drawn() -> None:
    # A body `outside` (the external group's id once) and an external body `no-arbiter` (the
    # escalation chart's "no final arbiter named" mark once): each keeps its own node.
    trust = trust_of("x")
    structure = chart(trust, "mermaid", "structure")
    assert 'n_outside["Outside x<br/>chair not stated"]:::body' in structure
    assert 'subgraph n_OUTSIDE["Outside the trust"]' in structure
    assert 'n_no_arbiter["External x"]:::external' in structure
    dot = chart(trust, "dot", "structure")
    assert '\n  "outside" [label="Outside x\\nchair not stated"' in dot
    assert 'subgraph "cluster_OUTSIDE"' in dot
    data = hostile_trust("x")
    data["bodies"].append({"id": "no-arbiter", "name": "Arbiter Board"})
    data["external_bodies"] = []
    data["procedures"][0]["applies_to"] = ["board", "no-arbiter"]
    escalation = chart(Trust.model_validate(data), "mermaid", "escalation")
    assert 'n_p1_no_arbiter["Arbiter Board"]:::body' in escalation
    assert 'n_p1_NO_ARBITER["No final arbiter named"]:::gap' in escalation
    assert "n_p1_no_arbiter -.->|" in escalation


def test_over_long_labels_are_cut_with_an_ellipsis_in_charts_only() -> None:
    long = "word " * 3000 + "end"
    trust = trust_of(long)
    for fmt in ("mermaid", "dot"):
        text = chart(trust, fmt, "structure")
        assert "end" not in text.replace("<br/>", " ").split("Board word")[1][: LABEL_LIMIT + 50]
        assert "…" in text
    assert govrules.show(trust).to_dict()["bodies"][0]["name"] == f"Board {long}"


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz is not installed")
@pytest.mark.parametrize(
    "name", ["x" * 16_384, "a\x00b", 'quote " back\\slash \\', "\u202e" * 9000, HOSTILE]
)
def test_graphviz_draws_any_name_that_loads(name: str) -> None:
    trust = trust_of(name)
    for view in ("structure", "escalation"):
        svg = render_svg(chart(trust, "dot", view))
        assert svg.lstrip().startswith("<?xml") and unsafe_characters(svg.replace("\r", "")) == []


def test_a_graphviz_failure_names_the_trust_file(monkeypatch: pytest.MonkeyPatch) -> None:
    if not graphviz_available():
        with pytest.raises(GovrulesError, match=r"^t\.yaml: Graphviz is not installed"):
            render_svg("digraph {", source="t.yaml")
        return
    with pytest.raises(GovrulesError) as info:
        render_svg("digraph { a -> }", source="trusts/t.yaml")
    assert str(info.value).startswith("trusts/t.yaml: Graphviz could not draw the chart: ")
    assert len(str(info.value).splitlines()) == 1


def test_graph_svg_of_a_huge_name_works_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not graphviz_available():
        pytest.skip("Graphviz is not installed")
    path = tmp_path / "huge.yaml"
    path.write_text(yaml_text(hostile_trust("n" * 16_384 + "\x00")), encoding="utf-8")
    code, out, err = run(("graph", str(path), "--format", "svg"), capsys)
    assert (code, err) == (0, ""), err
    assert "<svg" in out


def test_graph_and_report_name_the_trust_when_graphviz_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], suffolk: Trust
) -> None:
    from govrules.presenting import charts
    from govrules.presenting.report import report_html

    def fail(dot_text: str, timeout: float) -> str:
        raise GovrulesError("Graphviz could not draw the chart: Error: <stdin>: syntax\nerror")

    monkeypatch.setattr(charts, "_graphviz", fail)
    code, out, err = run(("graph", "suffolk", "--format", "svg"), capsys)
    assert (code, out) == (2, "")
    assert err == (
        "govrules: error: suffolk: Graphviz could not draw the chart:"
        " Error: <stdin>: syntax\\nerror\n"
    )
    with pytest.raises(GovrulesError, match=r"^suffolk: Graphviz could not draw the chart"):
        report_html([("suffolk", suffolk)], svg=True)


def test_validate_on_a_terminal_keeps_its_colours_and_escapes_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_inputs(tmp_path, "\x1b[8mhidden\x1b[0m")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(("validate", files["trust"]), capsys)
    assert (code, err) == (0, "")
    assert "\x1b[1m" in out and "\x1b[33mwarning[GR301]\x1b[0m" in out  # govrules' own colours
    assert "Gap \\x1b[8mhidden\\x1b[0m" in out  # the file's, shown
    assert "\x1b[8m" not in out


def test_the_report_names_the_file_it_wrote_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no Graphviz: the report draws its own chart
    target = tmp_path / "re\nview\x1b[2J.html"
    code, out, err = run(("report", "rutland", "-o", str(target)), capsys)
    assert (code, out) == (0, "") and target.exists()
    assert err == f"wrote {tmp_path}/re\\nview\\x1b[2J.html\n"
