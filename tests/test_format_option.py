"""Which commands take `--format json` is what the README says; `fmt --format json` lists each
file with whether it changed or failed; the others refuse `--format json` with a usage error
that says why."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from govrules.interfaces.cli import cli
from govrules.presenting.answerschema import answer_schema

ROOT = Path(__file__).resolve().parent.parent
MESSY = "a:   1\nb:\n- x\n"
TIDY = "a: 1\n"
BROKEN = "a: [1\n"


def _run(*args: str, stdin: str | None = None) -> tuple[int, Any, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, json.loads(result.stdout), result.stderr


def _with_json() -> set[str]:
    return {
        name
        for name, command in cli.commands.items()
        for p in command.params
        if p.name == "fmt" and "json" in getattr(p.type, "choices", ())
    }


def test_the_readme_names_exactly_the_commands_that_take_format_json() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"These commands take `--format text\|json`: (.*?)\. The", readme, re.S)
    assert sentence is not None
    named = set(re.findall(r"`([a-z]+)`", sentence.group(1))) - {"sarif"}
    assert named == _with_json()
    refused = re.search(
        r"refuse `--format json` with a usage error \(exit 2\):(.*?)Exit", readme, re.S
    )
    assert refused is not None
    others = set(re.findall(r"^`([a-z]+)`|[,)] `([a-z]+)`|and `([a-z]+)`", refused.group(1), re.M))
    assert {n for group in others for n in group if n} == set(cli.commands) - _with_json()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["report", "suffolk", "-o", "-"], "writes an HTML page"),
        (["schema"], "always prints JSON"),
        (["init"], "writes a YAML skeleton"),
        (["graph", "suffolk"], "'json' is not one of 'mermaid', 'dot', 'svg'"),
    ],
)
def test_commands_without_json_refuse_it_saying_why(args: list[str], why: str) -> None:
    status, data, stderr = _run(*args, "--format", "json")
    assert status == 2
    assert data["answer"] == "error"
    assert why in data["error"].get("hint", "") + data["error"]["message"]
    assert why in stderr


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    messy, tidy, broken = (tmp_path / n for n in ("messy.yaml", "tidy.yaml", "broken.yaml"))
    messy.write_text(MESSY, encoding="utf-8")
    tidy.write_text(TIDY, encoding="utf-8")
    broken.write_text(BROKEN, encoding="utf-8")
    return messy, tidy, broken


def test_fmt_check_json_lists_each_file(tmp_path: Path) -> None:
    messy, tidy, _ = _files(tmp_path)
    status, data, _ = _run("fmt", "--check", str(messy), str(tidy), "--format", "json")
    assert (status, data["question"], data["answer"]) == (1, "fmt", "would-reformat")
    assert data["files"] == [
        {"file": str(messy), "changed": True, "error": None},
        {"file": str(tidy), "changed": False, "error": None},
    ]
    assert messy.read_text(encoding="utf-8") == MESSY  # --check writes nothing
    assert Draft202012Validator(answer_schema()).is_valid(data)


def test_fmt_json_rewrites_and_says_so(tmp_path: Path) -> None:
    messy, tidy, _ = _files(tmp_path)
    status, data, _ = _run("fmt", str(messy), str(tidy), "--format", "json")
    assert (status, data["answer"]) == (0, "reformatted")
    assert [f["changed"] for f in data["files"]] == [True, False]
    assert messy.read_text(encoding="utf-8") != MESSY
    status, data, _ = _run("fmt", str(messy), "--format", "json")
    assert (status, data["answer"], data["files"][0]["changed"]) == (0, "unchanged", False)


def test_fmt_json_error_is_located_and_the_error_document_too(tmp_path: Path) -> None:
    messy, _, broken = _files(tmp_path)
    status, data, stderr = _run("fmt", "--check", str(messy), str(broken), "--format", "json")
    assert (status, data["answer"]) == (2, "error")
    ok, bad = data["files"]
    assert (ok["changed"], ok["error"]) == (True, None)
    assert bad["changed"] is False
    assert (bad["error"]["file"], bad["error"]["line"]) == (str(broken), 2)
    assert data["error"] == bad["error"]
    assert f"{broken}:2:" in stderr
    assert Draft202012Validator(answer_schema()).is_valid(data)


def test_fmt_json_diff_and_stdin_carry_what_text_would_print(tmp_path: Path) -> None:
    messy, tidy, _ = _files(tmp_path)
    status, data, _ = _run("fmt", "--diff", str(messy), str(tidy), "--format", "json")
    assert (status, data["answer"]) == (1, "would-reformat")
    assert "+a: 1" in data["files"][0]["diff"]
    assert data["files"][1]["diff"] == ""
    status, data, _ = _run("fmt", "-", "--format", "json", stdin=MESSY)
    assert (status, data["answer"]) == (0, "reformatted")
    assert data["files"][0]["text"].startswith("a: 1\n")
