"""The README's promises: its test command is what CI runs, and it covers every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_two_setup_commands() -> None:
    install_and_run, install_and_test = _setup_commands()
    assert "govrules quorum suffolk strategic-board --count 9" in install_and_run
    assert install_and_test.endswith("python -m pytest")


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def test_every_command_is_in_the_readme() -> None:
    from govrules.interfaces.cli import cli

    missing = [name for name in cli.commands if f"govrules {name}" not in README]
    assert missing == []


def _library_block() -> str:
    library = README.split("\n## Library\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.+?)\n```", library, re.S)
    return str(block)


def _comments(source: str) -> dict[int, str]:
    """Line number -> the comment on it (tokenised, so a # inside a string is no comment)."""
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0]: t.string[1:].strip() for t in tokens if t.type == tokenize.COMMENT}


def _result(comment: str) -> tuple[bool, object]:
    """A comment that starts with a Python value (``# ('quorate', 9, 9)``, ``# False: ...``)
    states the expression's result; any other comment is prose."""
    import ast

    for end in range(len(comment), 0, -1):
        if end < len(comment) and comment[end] not in ":":
            continue
        try:
            return True, ast.literal_eval(comment[:end])
        except (ValueError, SyntaxError):
            continue
    return False, None


def test_library_example_runs_and_its_results_hold(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ast

    source = _library_block()
    comments = _comments(source)
    monkeypatch.chdir(ROOT)  # the README runs it from the repository's folder
    namespace: dict[str, object] = {}
    checked = []
    for node in ast.parse(source).body:
        code = ast.get_source_segment(source, node)
        assert code is not None
        stated, expected = _result(comments.get(node.end_lineno or 0, ""))
        if isinstance(node, ast.Expr) and stated:
            got = eval(compile(ast.Expression(node.value), "README.md", "eval"), namespace)
            assert got == expected, code
            checked.append(code)
        else:
            exec(compile(ast.Module([node], []), "README.md", "exec"), namespace)
    assert len(checked) >= 12
    # The error example prints one line naming the unknown body.
    assert "`no-such-board`" in capsys.readouterr().out.splitlines()[-1]


def test_library_example_result_comments_are_read() -> None:
    assert _result("('quorate', 9, 9)") == (True, ("quorate", 9, 9))
    assert _result("False: to_dict() is the CLI's JSON") == (True, False)
    assert _result("bundled name or path; immutable") == (False, None)
    assert _result("0") == (True, 0)
