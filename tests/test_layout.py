"""The package's layout shows the pipeline: each stage is a folder, a stage imports only the
stages below it, and no module imports itself through others (imports inside functions count)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from govrules.evaluating import questions as stages

PACKAGE = Path(__file__).resolve().parent.parent / "govrules"

# Lowest first. The package's own version is importable from every stage; the package's
# ``__init__`` (the library) and ``__main__`` sit above them all.
STAGES = ("version", *stages.STAGES)


def module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(file: Path) -> list[tuple[str, str]]:
    """(module imported, name imported) for every import of a govrules module in ``file``."""
    here = module_name(file)
    package = here if file.name == "__init__.py" else here.rpartition(".")[0]
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                found.append((target, alias.name))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names)
    return [(t, n) for t, n in found if t == "govrules" or t.startswith("govrules.")]


def as_module(target: str, name: str) -> str:
    """``from govrules.reading import errors`` imports the module ``govrules.reading.errors``."""
    if not name:
        return target
    candidate = f"{target}.{name}"
    path = PACKAGE.parent / Path(*candidate.split("."))
    return candidate if path.with_suffix(".py").exists() or path.is_dir() else target


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_between_modules() -> nx.DiGraph:
    graph = nx.DiGraph()
    for file in modules():
        graph.add_node(module_name(file))
        for target, name in imported(file):
            graph.add_edge(module_name(file), as_module(target, name))
    return graph


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_every_module_sits_in_a_stage() -> None:
    loose = [
        module_name(f)
        for f in modules()
        if stage_of(module_name(f)) is None and f.parent != PACKAGE
    ]
    top = sorted(f.name for f in PACKAGE.glob("*.py"))
    assert loose == []
    assert top == ["__init__.py", "__main__.py", "version.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == [
        s for s in sorted(STAGES) if s != "version"
    ]


def test_no_module_imports_itself_through_others() -> None:
    graph = imports_between_modules()
    # the walk sees imports at the top and inside functions
    assert graph.has_edge("govrules.evaluating.voting", "govrules.evaluating.quorate")
    assert graph.has_edge("govrules.interfaces.console", "govrules.interfaces.cli")
    assert list(nx.simple_cycles(graph)) == []


def upward_imports() -> set[str]:
    rank = {stage: i for i, stage in enumerate(STAGES)}
    upward = set()
    for file in modules():
        here = module_name(file)
        own = stage_of(here)
        if own is None:
            continue  # the library's front door and ``python -m govrules`` use every stage
        for target, name in imported(file):
            other = stage_of(as_module(target, name))
            if other is None or rank[other] > rank[own]:
                upward.add(f"{here} imports {target}.{name}")
    return upward


def test_a_stage_imports_only_the_stages_below_it() -> None:
    assert upward_imports() == set()


def test_the_layering_check_sees_an_upward_import(tmp_path: Path) -> None:
    # The check above must be able to fail: an evaluating module importing the CLI is caught.
    file = PACKAGE / "evaluating" / "quorate.py"
    here = module_name(file)
    assert here == "govrules.evaluating.quorate"
    fake = ast.parse("from ..interfaces.cli import run")
    node = fake.body[0]
    assert isinstance(node, ast.ImportFrom)
    target = ".".join(["govrules", *([node.module] if node.module else [])])
    assert stage_of(as_module(target, "run")) == "interfaces"


def test_no_module_imports_another_modules_private_names() -> None:
    # A name with a leading underscore is its module's own: another module that needs it
    # makes it public (and so documented), rather than reaching in.
    reached = [
        f"{module_name(file)} imports {target}.{name}"
        for file in modules()
        for target, name in imported(file)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert reached == []
