"""scripts/mutation: its operators, its seeded sample and its critical list (nothing is run)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "mutation"


def _load() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("mutation_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader("mutation_script", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation_script"] = module  # dataclasses look their module up by name
    loader.exec_module(module)
    return module


mutation = _load()

SNIPPET = '''"""A docstring is never mutated."""
from __future__ import annotations

def f(a: int, b: list[int]) -> int | None:
    """Nor is this one."""
    if a > b[0] and not a:
        return a + 1
    for x in b:
        if x in b:
            continue
    total = a
    total -= 2
    print(x)
    return True
'''


def mutated_lines() -> set[tuple[str, str]]:
    """(operator, the changed line) for every mutant of the snippet."""
    out = set()
    for m in mutation.mutants_of("snippet.py", SNIPPET):
        line = m.apply(SNIPPET).splitlines()[m.line - 1].strip()
        out.add((m.operator, line))
    return out


@pytest.mark.parametrize(
    ("operator", "line"),
    [
        ("comparison", "if a >= b[0] and not a:"),
        ("boolean", "if a > b[0] or not a:"),
        ("not removed", "if a > b[0] and a:"),
        ("condition negated", "if not (a > b[0] and not a):"),
        ("arithmetic", "return a - 1"),
        ("number", "return a + 2"),
        ("number", "if a > b[1] and not a:"),
        ("comparison", "if x not in b:"),
        ("loop", "break"),
        ("arithmetic", "total += 2"),
        ("number", "total -= 3"),
        ("value None", "total = None"),
        ("call removed", "pass"),
        ("boolean constant", "return False"),
        ("return None", "return None"),
    ],
)
def test_each_operator_makes_the_expected_change(operator: str, line: str) -> None:
    assert (operator, line) in mutated_lines()


def test_docstrings_annotations_and_the_for_loops_in_are_left_alone() -> None:
    lines = {line for _, line in mutated_lines()}
    assert not any("XX" in line for line in lines)  # the only strings are docstrings
    assert not any(line.startswith("for x not in") for line in lines)
    mutants = mutation.mutants_of("snippet.py", SNIPPET)
    assert not any(m.line in (1, 4, 5) for m in mutants)  # docstrings and the annotated def


def test_strings_are_marked_and_every_mutant_compiles() -> None:
    source = 'def g() -> str:\n    return "chair"\n'
    (string,) = [m for m in mutation.mutants_of("g.py", source) if m.operator == "string"]
    assert string.apply(source) == "def g() -> str:\n    return 'XXchairXX'\n"
    for m in mutation.mutants_of("snippet.py", SNIPPET):
        compile(m.apply(SNIPPET), "snippet.py", "exec")


def test_the_sample_is_seeded_and_even_across_files() -> None:
    per_file = {
        "one.py": mutation.mutants_of("one.py", SNIPPET),
        "two.py": mutation.mutants_of("two.py", SNIPPET)[:3],
    }
    total = len(per_file["one.py"]) + 3
    chosen = mutation.sample(per_file, 8, seed=1)
    assert chosen == mutation.sample(per_file, 8, seed=1)
    assert [m.file for m in chosen].count("one.py") == 5  # two.py gives what it cannot use
    assert len(mutation.sample(per_file, total + 10, seed=1)) == total


def _listed(original: str) -> object:
    return mutation.Listed("snippet.py", original, "a < b[0]", "why")


def test_a_critical_mutant_is_found_by_its_text(tmp_path: Path) -> None:
    (tmp_path / "snippet.py").write_text(SNIPPET)
    (m,) = mutation.critical_mutants([_listed("a > b[0]")], tmp_path)
    assert m.line == 6
    assert "if a < b[0] and not a:" in m.apply(SNIPPET)


@pytest.mark.parametrize(
    ("original", "message"), [("a >= b[0]", "no longer found"), ("b", "found 4 times")]
)
def test_a_critical_mutant_whose_text_is_gone_or_ambiguous_is_an_error(
    tmp_path: Path, original: str, message: str
) -> None:
    (tmp_path / "snippet.py").write_text(SNIPPET)
    with pytest.raises(mutation.SetupError, match=message):
        mutation.critical_mutants([_listed(original)], tmp_path)


def test_the_critical_list_applies_to_todays_source() -> None:
    listed = mutation.read_list(mutation.CRITICAL_FILE, "why")
    assert len(listed) >= 15
    mutants = mutation.critical_mutants(listed, mutation.ROOT)
    assert {Path(m.file).name for m in mutants} >= {
        "quorate.py",
        "voting.py",
        "rights.py",
        "conditions.py",
        "offices.py",
        "escalation.py",
        "meetings.py",
    }


def test_an_equivalent_mutant_is_matched_by_its_line_and_change(tmp_path: Path) -> None:
    listed = tmp_path / "equivalent.toml"
    listed.write_text(
        '[[mutant]]\nfile = "govrules/snippet.py"\nline = "return a + 1"\n'
        'original = "1"\nreplacement = "2"\nreason = "the same answer"\n'
    )
    (equivalent,) = mutation.read_equivalents(listed)
    reasons = {
        (m.operator, m.replacement): mutation.equivalent_reason(m, SNIPPET, [equivalent])
        for m in mutation.mutants_of("govrules/snippet.py", SNIPPET)
        if m.line == 7
    }
    assert reasons[("number", "2")] == "the same answer"
    assert reasons[("arithmetic", "-")] is None
    listed.write_text('[[mutant]]\nfile = "x.py"\n')
    with pytest.raises(mutation.SetupError, match="needs exactly"):
        mutation.read_equivalents(listed)
