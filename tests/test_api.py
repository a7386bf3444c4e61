"""The library's public API: every command is a function of the package, importable from it,
typed for the caller's mypy, and listed in docs/api.md."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

import govrules
from govrules.interfaces.cli import run

ROOT = Path(__file__).resolve().parent.parent


def _api_doc() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_doc", ROOT / "scripts" / "api_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_exported_name_is_importable() -> None:
    names = sorted(set(govrules.__all__))
    assert names == sorted(govrules.__all__), "a name is exported twice"
    for name in names:
        assert getattr(govrules, name) is not None
    namespace: dict[str, object] = {}
    exec("from govrules import *", namespace)
    assert set(names) <= set(namespace)
    assert set(names) <= set(dir(govrules))


def test_every_command_has_a_function() -> None:
    from govrules.interfaces.cli import cli

    functions = {"test": "run_tests", "fmt": "format_files", "init": "skeleton"}
    for command in cli.commands:
        name = functions.get(command, command)
        assert name in govrules.__all__ and callable(getattr(govrules, name)), command


def test_api_reference_lists_exactly_the_exported_names() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = re.findall(r"^### `(\w+)`$", page, re.M)
    assert sorted(documented) == sorted(govrules.__all__)


def test_api_reference_is_current() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert page == _api_doc().render(), "run: python scripts/api_doc.py > docs/api.md"


def test_an_undocumented_export_cannot_be_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    def undocumented() -> None:
        pass

    monkeypatch.setattr(govrules, "undocumented", undocumented, raising=False)
    monkeypatch.setattr(govrules, "__all__", [*govrules.__all__, "undocumented"])
    with pytest.raises(SystemExit, match=r"govrules\.undocumented has no docstring"):
        _api_doc().render()


def test_importing_the_package_imports_nothing_else() -> None:
    code = "import sys, govrules; print(sorted(m for m in sys.modules if 'govrules' in m))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert ast.literal_eval(out) == ["govrules", "govrules.version"]


def test_functions_named_like_their_modules_stay_functions() -> None:
    import govrules.authoring.diff
    import govrules.evaluating.audit
    import govrules.evaluating.graph
    import govrules.language.schema
    import govrules.presenting.report
    from govrules.evaluating.audit import record_files

    for name in ("audit", "diff", "graph", "report", "schema"):
        assert callable(getattr(govrules, name)) and not isinstance(
            getattr(govrules, name), ModuleType
        ), name
    assert record_files([ROOT / "examples" / "suffolk-2010"])


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    run([*args, "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_audit_takes_folders_as_the_command_does(capsys: pytest.CaptureFixture[str]) -> None:
    folder = ROOT / "examples" / "suffolk-2010"
    answer = govrules.audit(govrules.load("suffolk"), [folder])
    assert answer.records == 19 and answer.answer == "findings"
    assert answer.to_dict() == _cli_json(capsys, "audit", "suffolk", str(folder))


def test_diff_takes_trusts_or_names(capsys: pytest.CaptureFixture[str]) -> None:
    old = ROOT / "tests" / "fixtures" / "versions" / "2009.yaml"
    new = ROOT / "tests" / "fixtures" / "versions" / "2010.yaml"
    by_path = govrules.diff(old, new)
    assert by_path.answer == "changed" and by_path.changes
    assert govrules.diff(govrules.load(old), govrules.load(new)) == by_path
    assert by_path.to_dict() == _cli_json(capsys, "diff", str(old), str(new))
    assert govrules.diff("suffolk", govrules.load("suffolk")).answer == "unchanged"


def test_graph_is_the_commands_chart(capsys: pytest.CaptureFixture[str]) -> None:
    trust = govrules.load("rutland")
    assert run(["graph", "rutland", "--view", "escalation", "--format", "dot"]) == 0
    assert govrules.graph(trust, view="escalation", format="dot") + "\n" == (
        capsys.readouterr().out
    )
    assert govrules.graph(trust).startswith("flowchart")
    with pytest.raises(govrules.GovrulesError, match="unknown chart view"):
        govrules.graph(trust, view="sideways")  # type: ignore[arg-type]


def test_report_is_one_page_for_the_trusts_named() -> None:
    page = govrules.report("suffolk", "rutland", svg=False)
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "Suffolk" in page and "Rutland" in page


def test_run_tests_runs_scenario_files(capsys: pytest.CaptureFixture[str]) -> None:
    file = ROOT / "tests" / "scenarios" / "suffolk.yaml"
    report = govrules.run_tests(file)
    assert report.answer == "passed" and report.passed == 21 and report.failed == 0
    assert report.to_dict() == _cli_json(capsys, "test", str(file))


def test_schema_kinds() -> None:
    assert govrules.schema()["title"] == "govrules MoU (trust file)"
    assert "attendees" in govrules.schema("record")["required"]
    assert govrules.schema("scenarios")["required"] == ["trust", "cases"]
    with pytest.raises(ValueError, match="unknown schema `minutes`"):
        govrules.schema("minutes")  # type: ignore[arg-type]


def test_the_package_is_typed_for_callers(tmp_path: Path) -> None:
    """A caller's mypy --strict reads govrules' types (py.typed): no import-untyped, and a
    wrong use of an answer is caught."""
    assert (Path(govrules.__file__).parent / "py.typed").is_file()
    caller = tmp_path / "caller.py"
    caller.write_text(
        textwrap.dedent(
            """\
            import govrules
            from govrules import Limits, QuorumAnswer, audit

            trust = govrules.load("suffolk", limits=Limits(max_bytes=2_000_000))
            answer: QuorumAnswer = govrules.quorum(trust, "strategic-board", count=9)
            needed: int | None = answer.required
            found = audit(trust, ["examples/suffolk-2010"]).findings
            schema: dict[str, object] = govrules.schema("record")
            wrong: str = answer.required
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            caller.name,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert "import-untyped" not in done.stdout and "import-not-found" not in done.stdout
    assert len(errors) == 1 and errors[0].startswith("caller.py:9:"), done.stdout
    assert "[assignment]" in errors[0]
