"""The README's console transcripts are the commands' real output.

Each ```console block is a series of ``$ govrules ...`` commands, each followed by what it
prints (standard output, then standard error). A ``# exit N`` comment on a command states its
exit status (0 when there is none). In the output, a line that is just ``...`` stands for any
number of lines, ``(...)`` inside a line for any text, and a line ending in ``...`` for the
rest of the line: the README may shorten a long answer, but what it shows must be what the
command prints.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clirun import run_cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Transcript:
    line: int
    """The README line of the command, for the failure message."""
    argv: tuple[tuple[str, ...], ...]
    """One or more commands joined by ``&&``, each without the leading ``govrules``."""
    status: int
    output: tuple[str, ...]


def transcripts(text: str) -> list[Transcript]:
    found: list[Transcript] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            start = i
            command = lines[i].removeprefix("$ ")
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + lines[i].strip()
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ ") and lines[i].strip() != "```":
                output.append(lines[i])
                i += 1
            while output and not output[-1].strip():
                output.pop()
            command, _, comment = command.partition("  #")
            status = re.match(r"\s*exit (\d)", comment)
            steps = tuple(
                tuple(shlex.split(part)[1:]) for part in command.split("&&") if part.strip()
            )
            assert all(shlex.split(p)[0] == "govrules" for p in command.split("&&")), command
            found.append(
                Transcript(start + 1, steps, int(status[1]) if status else 0, tuple(output))
            )
    return found


def _pattern(expected: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            line = line.rstrip()
            rest = line.endswith("...")
            pieces = [re.escape(p) for p in line.removesuffix("...").split("(...)")]
            parts.append("[^\n]*?".join(pieces) + (r"[^\n]*\n" if rest else r"[ \t]*\n"))
    return re.compile("".join(parts) + r"\Z")


def test_the_pattern_reads_elisions() -> None:
    pattern = _pattern(("a", "...", "  b (...) c"))
    assert pattern.match("a\nx\ny\n  b 1 2 c\n")
    assert pattern.match("a\n  b  c\n")
    assert not pattern.match("a\n  b 1 2 d\n")
    assert not pattern.match("a\n  b c\nmore\n")
    assert _pattern(("x: 1, 2, ...",)).match("x: 1, 2, 3, 4\n")


def test_the_readme_has_transcripts() -> None:
    found = transcripts(README)
    assert len(found) >= 12
    assert {t.status for t in found} >= {0, 1, 2, 3}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder like the repository's (its trusts, examples and tests, linked), with the
    files the README's examples assume a user has: a redraft of Suffolk and an uploaded
    record that names a trust outside the trusts folder."""
    from ruamel.yaml import YAML

    for name in ("trusts", "examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    yaml = YAML()
    suffolk = yaml.load((ROOT / "trusts" / "suffolk.yaml").read_text("utf-8"))
    board = next(b for b in suffolk["bodies"] if b["id"] == "strategic-board")
    board["quorum"]["at_least"] = "1/3"
    exceptions = board["voting"]["exceptions"]
    board["voting"]["exceptions"] = [e for e in exceptions if e["seat"] != "lscb-independent-chair"]
    with (tmp_path / "suffolk-redraft.yaml").open("w", encoding="utf-8") as out:
        yaml.dump(suffolk, out)
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "meeting.yaml").write_text(
        "trust: ../secret/config.yaml\nbody: board\ndate: 2024-01-01\nattendees: [chair]\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("transcript", transcripts(README), ids=lambda t: f"README.md:{t.line}")
def test_transcript(
    transcript: Transcript, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = ""
    status = 0
    for argv in transcript.argv:
        status, out, err = run_cli(capsys, *argv)
        shown += out + err
        if status:
            break
    assert status == transcript.status, shown
    expected = _pattern(transcript.output)
    assert expected.match(shown), (
        f"README.md:{transcript.line} shows:\n"
        + "\n".join(transcript.output)
        + f"\n\nbut the command prints:\n{shown}"
    )
