"""The governance graph: bodies and external bodies, joined by typed, cited edges.

Edge kinds: ``accountable-to``, ``reports-to``, ``delegates-to`` (from a body's lines) and
``escalates-to`` (a procedure's routes, and a referral to its final arbiter).
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass

from ..language.schema import Source, Trust

# networkx is imported only by the functions that return or build its graphs, and to list the
# loops of routes that have some: its import (some 60 ms, with `importlib.metadata` for its
# backends) was half of `govrules validate`'s start-up (benchmarks/cli.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EscalationIssue",
    "answers_to",
    "build_graph",
    "escalation_issues",
    "escalation_path",
    "escalation_route",
]


def build_graph(trust: Trust) -> nx.MultiDiGraph[str]:
    """Every body and external body as a node; every line and route as an edge."""
    import networkx as nx

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for body in trust.bodies:
        graph.add_node(body.id, kind="body", name=body.name)
    for ext in trust.external_bodies:
        graph.add_node(ext.id, kind="external", name=ext.name)
    for body in trust.bodies:
        for kind, links in (
            ("accountable-to", body.accountable_to),
            ("reports-to", body.reports_to),
            ("delegates-to", body.delegates_to),
        ):
            for link in links:
                graph.add_edge(body.id, link.to, key=kind, kind=kind, source=link.source)
    for proc in trust.procedures:
        for route in proc.routes:
            graph.add_edge(
                route.from_,
                route.to,
                key=f"escalates-to:{proc.id}",
                kind="escalates-to",
                procedure=proc.id,
                source=route.source,
            )
    return graph


Routes = dict[str, dict[str, Source | None]]
"""A procedure's routes: each body (in the order the routes first name it) and where its
routes lead, each with the clause of the route (the last route given between two bodies)."""


def escalation_graph(trust: Trust, procedure_id: str) -> Routes:
    """The routes of one procedure as a simple directed graph."""
    graph: Routes = {}
    proc = trust.procedure(procedure_id)
    if proc is None:
        return graph
    for route in proc.routes:
        graph.setdefault(route.from_, {})[route.to] = route.source
        graph.setdefault(route.to, {})
    return graph


def escalation_path(trust: Trust, procedure_id: str, start: str) -> list[tuple[str, Source | None]]:
    """The bodies a matter passes through from ``start`` by the procedure's routes.

    Each entry is (body, the source of the route into it); the first has no source. Stops at
    the final arbiter, at a body with no onward route, or before revisiting a body.
    """
    proc = trust.procedure(procedure_id)
    graph = escalation_graph(trust, procedure_id)
    path: list[tuple[str, Source | None]] = [(start, None)]
    seen = {start}
    node = start
    while proc is not None and node != proc.final_arbiter and node in graph:
        nxt = [n for n in graph[node] if n not in seen]
        if not nxt:
            break
        node = sorted(nxt)[0]
        path.append((node, graph[path[-1][0]][node]))
        seen.add(node)
    return path


def escalation_route(
    trust: Trust, procedure_id: str, start: str
) -> list[tuple[str, Source | None]]:
    """The way a matter goes from ``start`` to the end, as charts and the report draw it.

    :func:`escalation_path`, and where no route leads on from ``start`` but the procedure's
    last step is held in the final arbiter, that step (with its clause): ``escalate`` reads
    the steps so, and a chart of the routes alone would show a way there as missing.
    """
    path = escalation_path(trust, procedure_id, start)
    proc = trust.procedure(procedure_id)
    if proc is None or len(path) > 1 or not proc.steps:
        return path
    last = proc.steps[-1]
    if proc.final_arbiter not in (None, start) and last.body == proc.final_arbiter:
        path.append((proc.final_arbiter, last.source))
    return path


def answers_to(trust: Trust, body_id: str) -> list[str]:
    """Every body ``body_id`` answers to, directly or through others (by its lines)."""
    import networkx as nx

    graph = build_graph(trust)
    lines: nx.DiGraph[str] = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if data["kind"] in ("accountable-to", "reports-to"):
            lines.add_edge(u, v)
    if body_id not in lines:
        return []
    return sorted(nx.descendants(lines, body_id))


@dataclass(frozen=True)
class EscalationIssue:
    procedure: str
    kind: str
    """``cycle`` (routes loop) or ``no-arbiter`` (a route ends short of the final arbiter)."""
    bodies: tuple[str, ...]


def escalation_issues(trust: Trust) -> list[EscalationIssue]:
    """Routes that loop, and route ends that never reach the named final arbiter."""
    issues: list[EscalationIssue] = []
    for proc in trust.procedures:
        graph = escalation_graph(trust, proc.id)
        # Each loop from its first body in the file, loops in that order: the same file
        # gives the same findings in every process, whichever body a loop was found from.
        order = {node: i for i, node in enumerate(graph)}
        loops = []
        for cycle in _cycles(graph):
            start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            loops.append(tuple(cycle[start:] + cycle[:start]))
        for loop in sorted(loops, key=lambda c: [order[n] for n in c]):
            issues.append(EscalationIssue(proc.id, "cycle", loop))
        if proc.final_arbiter is None:
            continue
        graph.setdefault(proc.final_arbiter, {})
        # One backward search instead of a path search per body keeps this linear.
        reach = _reaching(graph, proc.final_arbiter)
        for node in sorted(graph, key=str):
            if node not in reach:
                issues.append(EscalationIssue(proc.id, "no-arbiter", (node,)))
    return issues


def _reaching(graph: Routes, target: str) -> set[str]:
    """The bodies from which some route leads to ``target``, and ``target`` itself."""
    into: dict[str, list[str]] = {}
    for node, onward in graph.items():
        for to in onward:
            into.setdefault(to, []).append(node)
    reach = {target}
    todo = [target]
    while todo:
        for node in into.get(todo.pop(), ()):
            if node not in reach:
                reach.add(node)
                todo.append(node)
    return reach


def _cycles(graph: Routes) -> list[list[str]]:
    """Every elementary cycle of ``graph``. Most procedures' routes have none, and the
    standard library's topological sort says so without importing networkx (its import was
    half of `validate`'s start-up; benchmarks/cli.py); networkx lists the loops where there
    are some."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError:
        import networkx as nx

        routes: nx.DiGraph[str] = nx.DiGraph()
        routes.add_nodes_from(graph)
        routes.add_edges_from((node, to) for node, tos in graph.items() for to in tos)
        return [list(cycle) for cycle in nx.simple_cycles(routes)]
    return []
