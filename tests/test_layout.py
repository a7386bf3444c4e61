"""The package's modules import one another without cycles (imports inside functions count)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "govrules"


def imports_between_modules() -> nx.DiGraph:
    graph = nx.DiGraph()
    for file in PACKAGE.glob("*.py"):
        graph.add_node(file.stem)
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module] if node.module else [a.name for a in node.names]
                for target in targets:
                    graph.add_edge(file.stem, target.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("govrules."):
                graph.add_edge(file.stem, (node.module or "").split(".")[1])
    return graph


def test_no_module_imports_itself_through_others() -> None:
    graph = imports_between_modules()
    # the walk sees imports at the top and inside functions
    assert graph.has_edge("voting", "quorate") and graph.has_edge("console", "cli")
    assert list(nx.simple_cycles(graph)) == []


def test_no_module_imports_another_modules_private_names() -> None:
    # A name with a leading underscore is its module's own: another module that needs it
    # makes it public (and so documented), rather than reaching in.
    reached = [
        f"{file.stem} imports {node.module}.{alias.name}"
        for file in sorted(PACKAGE.glob("*.py"))
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert reached == []
